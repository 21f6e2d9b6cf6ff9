import { ValidationError, type FieldIssue } from '../model/errors/validation-error.js';
import { fail, ok, type Result } from '../model/result.js';

/** A field's parse: its value, or why it was refused (a message, or issues at paths inside the field). */
type FieldResult = Result<unknown, string | readonly FieldIssue[]>;

type ValueOf<R> = R extends { readonly ok: true; readonly value: infer V } ? V : never;

/**
 * Parses a command's fields together and reports every refused one, each issue keyed by the field's name
 * (and, inside a field, by the path the field's own parser gave).
 */
export function parseFields<F extends Record<string, FieldResult>>(
  fields: F,
): Result<{ [K in keyof F]: ValueOf<F[K]> }, ValidationError> {
  // One pass, no intermediate arrays: every command of every request is parsed here.
  const issues: FieldIssue[] = [];
  const values: Record<string, unknown> = {};
  for (const [name, result] of Object.entries(fields)) {
    if (result.ok) values[name] = result.value;
    else if (typeof result.error === 'string') issues.push({ path: [name], message: result.error });
    else for (const issue of result.error) issues.push({ path: [name, ...issue.path], message: issue.message });
  }
  if (issues.length > 0) return fail(new ValidationError(issues));
  return ok(values as { [K in keyof F]: ValueOf<F[K]> });
}

/** An optional field: absent (undefined or null) parses as undefined. */
export function optional<R, T, E>(
  raw: R | null | undefined,
  parse: (raw: R) => Result<T, E>,
): Result<T | undefined, E> {
  return raw === undefined || raw === null ? ok(undefined) : parse(raw);
}
