import type { FastifyError } from 'fastify';
import { DependencyUnavailableError } from '../../ports/outbound/dependency-unavailable-error.js';
import { StorageFullError } from '../../ports/outbound/storage-full-error.js';
import { UnauthenticatedError } from './authentication.js';
import { BODY_LIMIT_TEXT } from './body-limit.js';
import { MAX_HEADER_TEXT } from './header-limit.js';
import { problem, type Problem, type ProblemIssue } from './problem.js';

/**
 * The answers the platform gives whatever route was asked, exported so that API documents show exactly these
 * (their `detail` included) rather than a paraphrase.
 */
export const PLATFORM_PROBLEMS = {
  tooLarge: problem('PAYLOAD_TOO_LARGE', `The body must not exceed ${BODY_LIMIT_TEXT}`),
  notJson: problem('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json'),
  rateLimited: problem('RATE_LIMITED', 'Slow down and retry after the time in Retry-After'),
  dependencyUnavailable: problem('SERVICE_UNAVAILABLE', 'A dependency of the service is unavailable; retry shortly'),
  outcomeUnknown: problem(
    'SERVICE_UNAVAILABLE',
    'The connection to the order store was lost while the change was being committed, so it may or may not have ' +
      'been applied. Retrying with the same Idempotency-Key (GraphQL: idempotencyKey) is safe: the order is placed ' +
      'once, or replayed if it was. A confirm, ship, deliver or cancel retried with If-Match (GraphQL: ' +
      'expectedVersion) set to the version it was based on answers VERSION_MISMATCH if it had been applied.',
  ),
  storageFull: problem('STORAGE_FULL', 'The order store holds all the orders it may; existing orders can still change'),
  internal: problem('INTERNAL', 'Something went wrong on our side; the request id in X-Request-Id helps us find it'),
  timedOut: problem('REQUEST_TIMEOUT', 'The request did not arrive in time; send it whole, without pauses'),
  malformed: problem('VALIDATION_FAILED', 'The request line, a header or the body framing is malformed', [
    { path: '', message: 'is not a well-formed HTTP/1.1 request' },
  ]),
  // SPEC §4 answers headers too large with 431 and lists no code of its own for it; of the codes it lists, only
  // VALIDATION_FAILED describes a request refused for its form, so it is that code with the status the SPEC names.
  headersTooLarge: {
    ...problem('VALIDATION_FAILED', `The request line and headers must not exceed ${MAX_HEADER_TEXT}`, [
      { path: '/headers', message: 'are too large' },
    ]),
    status: 431,
  },
} as const satisfies Record<string, Problem>;

/** A dependency out of reach; when a change was lost in the middle of its commit, what the caller can still do. */
export function unavailableProblem(error: DependencyUnavailableError): Problem {
  return error.outcome === 'unknown' ? PLATFORM_PROBLEMS.outcomeUnknown : PLATFORM_PROBLEMS.dependencyUnavailable;
}

const notValidJson = (): Problem =>
  problem('VALIDATION_FAILED', 'The body is not valid JSON', [{ path: '', message: 'is not valid JSON' }]);

/**
 * The framework's own failures (schema validation, body parsing, limits) in the one problem shape.
 * Anything unrecognised becomes INTERNAL with a fixed detail: no stack, SQL or path leaks out.
 */
export function problemFromFramework(error: FastifyError): Problem {
  if (error instanceof DependencyUnavailableError) return unavailableProblem(error);
  if (error instanceof StorageFullError) return PLATFORM_PROBLEMS.storageFull;
  if (error instanceof UnauthenticatedError) return problem('UNAUTHENTICATED', error.message);
  if (error.validation) {
    const issues: ProblemIssue[] = error.validation.map((issue) => ({
      path: pathOf(error.validationContext, issue.instancePath, issue.params),
      message: issue.message ?? 'is not valid',
    }));
    return problem('VALIDATION_FAILED', issues.map((issue) => `${issue.path}: ${issue.message}`).join('; '), issues);
  }
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return PLATFORM_PROBLEMS.notJson;
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return PLATFORM_PROBLEMS.tooLarge;
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return notValidJson();
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return problem('VALIDATION_FAILED', 'The body is empty', [{ path: '', message: 'must not be empty' }]);
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return problem('VALIDATION_FAILED', 'Content-Length does not match the body');
    case 'FST_ERR_BAD_URL':
      return problem('VALIDATION_FAILED', 'The URL is not validly encoded', [
        { path: '', message: 'is not a valid URL' },
      ]);
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return problem('VALIDATION_FAILED', 'A path segment is too long', [{ path: '', message: 'is too long' }]);
  }
  if (error instanceof SyntaxError) return notValidJson();
  const status = error.statusCode ?? 500;
  if (status === 429) return PLATFORM_PROBLEMS.rateLimited;
  if (status === 413) return PLATFORM_PROBLEMS.tooLarge;
  if (status === 415) return PLATFORM_PROBLEMS.notJson;
  if (status === 503) return PLATFORM_PROBLEMS.dependencyUnavailable;
  if (status >= 400 && status < 500) return problem('VALIDATION_FAILED', 'The request is not valid');
  return PLATFORM_PROBLEMS.internal;
}

function pathOf(part: string | undefined, instancePath: string, params: Record<string, unknown>): string {
  const prefix = part === 'headers' ? '/headers' : '';
  const missing = typeof params.missingProperty === 'string' ? `/${params.missingProperty}` : '';
  const extra = typeof params.additionalProperty === 'string' ? `/${params.additionalProperty}` : '';
  return `${prefix}${instancePath}${missing}${extra}`;
}
