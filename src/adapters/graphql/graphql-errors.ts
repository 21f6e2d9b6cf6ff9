import {
  GraphQLError,
  type ExecutionResult,
  type FormattedExecutionResult,
  type GraphQLFormattedError,
} from 'graphql';
import mercurius, { type MercuriusContext } from 'mercurius';
import type { FieldIssue, OrderError } from '../../domain/errors.js';
import { DependencyUnavailableError } from '../../ports/outbound/dependency-unavailable-error.js';

/** The codes of SPEC §4, carried in `extensions.code`. */
const DOMAIN_CODES = new Set(['VALIDATION_FAILED', 'ORDER_NOT_FOUND', 'INVALID_TRANSITION', 'VERSION_MISMATCH']);
const KNOWN_CODES = new Set([
  ...DOMAIN_CODES,
  'IDEMPOTENCY_KEY_IN_USE',
  'IDEMPOTENCY_KEY_REUSED',
  'QUERY_TOO_COMPLEX',
  'RATE_LIMITED',
  'SERVICE_UNAVAILABLE',
  'INTERNAL',
]);

/** How GraphQL names the inputs the core checks under REST-style paths. */
export type PathRenames = Readonly<Record<string, string>>;

/** The one translation of the core's refusals into GraphQL errors. */
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

/**
 * Gives every error an `extensions.code`: the core's codes pass through; a malformed document or
 * variable is VALIDATION_FAILED; anything else is INTERNAL, logged, with its message withheld.
 */
export function formatErrors<TContext extends MercuriusContext = MercuriusContext>(
  execution: ExecutionResult & Required<Pick<ExecutionResult, 'errors'>>,
  context: TContext,
): { statusCode: number; response: FormattedExecutionResult } {
  // Subscriptions have no reply, whatever the type says.
  const log = (context.reply as MercuriusContext['reply'] | undefined)?.log ?? context.app.log;
  const flattened = execution.errors.flatMap((error) => {
    const inner: unknown = (error.originalError as { errors?: unknown } | undefined)?.errors;
    return Array.isArray(inner) ? inner.map(toGraphQLError) : [error];
  });
  const errors = flattened.map((error): GraphQLFormattedError => {
    const code = error.extensions?.code;
    if (typeof code === 'string' && KNOWN_CODES.has(code)) return error.toJSON();
    if (error.originalError instanceof DependencyUnavailableError) {
      log.warn({ err: error.originalError }, 'dependency unavailable');
      return {
        message: 'A dependency of the service is unavailable; retry shortly',
        path: error.path,
        ...(error.locations && { locations: error.locations }),
        extensions: { code: 'SERVICE_UNAVAILABLE' },
      };
    }
    if (error.path === undefined) {
      return { ...error.toJSON(), extensions: { ...error.extensions, code: 'VALIDATION_FAILED' } };
    }
    log.error({ err: error.originalError ?? error }, 'GraphQL resolver failed');
    return {
      message: 'Internal error',
      path: error.path,
      ...(error.locations && { locations: error.locations }),
      extensions: { code: 'INTERNAL' },
    };
  });
  const statusCode = execution.data ? 200 : ((execution as { statusCode?: number }).statusCode ?? 200);
  return { statusCode, response: { data: execution.data ?? null, errors } };
}

function toGraphQLError(error: unknown): GraphQLError {
  if (error instanceof GraphQLError) return error;
  return new GraphQLError(error instanceof Error ? error.message : String(error));
}
