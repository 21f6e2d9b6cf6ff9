import mercurius from 'mercurius';
import type { FieldIssue, OrderError } from '../../domain/errors.js';

/** How GraphQL names the inputs the core checks under REST-style paths. */
export type PathRenames = Readonly<Record<string, string>>;

/** The one translation of the core's refusals into GraphQL errors, `extensions.code` the catalogue's code. */
export function graphQLErrorFrom(error: OrderError, renames: PathRenames = {}): Error {
  if (error.code === 'VALIDATION_FAILED') {
    const issues: FieldIssue[] = error.issues.map((issue) => ({ ...issue, path: rename(issue.path, renames) }));
    const message = issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
    return new mercurius.ErrorWithProps(message, { code: error.code, errors: issues });
  }
  return new mercurius.ErrorWithProps(error.message, { code: error.code });
}

function rename(path: string, renames: PathRenames): string {
  for (const [from, to] of Object.entries(renames)) {
    if (path === from || path.startsWith(`${from}/`)) return to + path.slice(from.length);
  }
  return path;
}
