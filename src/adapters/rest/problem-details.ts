import type { FastifyError } from 'fastify';
import type { OrderError } from '../../domain/model/errors/order-error.js';
import { DependencyUnavailableError } from '../../ports/outbound/dependency-unavailable-error.js';
import { pointerTo } from './field-pointer.js';

/** One refused part of a request: `path` is a JSON Pointer into it, e.g. `/items/0/sku`. */
export interface ProblemIssue {
  readonly path: string;
  readonly message: string;
}

/** An RFC 9457 problem, as every error of this API is answered. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: ProblemCode;
  readonly errors?: readonly ProblemIssue[];
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const CATALOGUE = {
  VALIDATION_FAILED: { status: 400, title: 'The request is not valid' },
  ORDER_NOT_FOUND: { status: 404, title: 'No such order' },
  ROUTE_NOT_FOUND: { status: 404, title: 'No such route' },
  INVALID_TRANSITION: { status: 409, title: 'The order cannot make this change' },
  IDEMPOTENCY_KEY_IN_USE: { status: 409, title: 'A request with this idempotency key is in progress' },
  VERSION_MISMATCH: { status: 412, title: 'The order has changed since that version' },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'The request body is too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'The request body must be application/json' },
  IDEMPOTENCY_KEY_REUSED: { status: 422, title: 'The idempotency key was used for another request' },
  RATE_LIMITED: { status: 429, title: 'Too many requests' },
  INTERNAL: { status: 500, title: 'Internal error' },
  SERVICE_UNAVAILABLE: { status: 503, title: 'The service is unavailable' },
} as const;

export type ProblemCode = keyof typeof CATALOGUE;

export function problem(code: ProblemCode, detail: string, errors?: readonly ProblemIssue[]): Problem {
  const { status, title } = CATALOGUE[code];
  return {
    type: `urn:hexagonal-orders:problem:${code.toLowerCase().replace(/_/g, '-')}`,
    title,
    status,
    detail,
    code,
    ...(errors && { errors }),
  };
}

/** The one translation of the core's refusals into HTTP. */
export function problemFromDomain(error: OrderError): Problem {
  switch (error.code) {
    case 'VALIDATION_FAILED': {
      const issues = error.issues.map((issue) => ({ path: pointerTo(issue.path), message: issue.message }));
      return problem(
        'VALIDATION_FAILED',
        issues.map((issue) => `${issue.path || '/'}: ${issue.message}`).join('; '),
        issues,
      );
    }
    case 'ORDER_NOT_FOUND':
    case 'INVALID_TRANSITION':
    case 'VERSION_MISMATCH':
    case 'IDEMPOTENCY_KEY_IN_USE':
    case 'IDEMPOTENCY_KEY_REUSED':
      return problem(error.code, error.message);
  }
}

/**
 * The framework's own failures (schema validation, body parsing, limits) in the same shape.
 * Anything unrecognised becomes INTERNAL with a fixed detail: no stack, SQL or path leaks out.
 */
export function problemFromFramework(error: FastifyError): Problem {
  if (error instanceof DependencyUnavailableError) {
    return problem('SERVICE_UNAVAILABLE', 'A dependency of the service is unavailable; retry shortly');
  }
  if (error.validation) {
    const issues = error.validation.map((issue) => ({
      path: pathOf(error.validationContext, issue.instancePath, issue.params),
      message: issue.message ?? 'is not valid',
    }));
    return problem('VALIDATION_FAILED', issues.map((issue) => `${issue.path}: ${issue.message}`).join('; '), issues);
  }
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return problem('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return problem('PAYLOAD_TOO_LARGE', 'The body must not exceed 1 MiB');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return problem('VALIDATION_FAILED', 'The body is not valid JSON', [{ path: '', message: 'is not valid JSON' }]);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return problem('VALIDATION_FAILED', 'The body is empty', [{ path: '', message: 'must not be empty' }]);
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return problem('VALIDATION_FAILED', 'Content-Length does not match the body');
    case 'FST_ERR_BAD_URL':
      return problem('VALIDATION_FAILED', 'The URL is not validly encoded', [
        { path: '', message: 'is not a valid URL' },
      ]);
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return problem('VALIDATION_FAILED', 'A path segment is too long', [{ path: '/id', message: 'is too long' }]);
  }
  if (error instanceof SyntaxError) {
    return problem('VALIDATION_FAILED', 'The body is not valid JSON', [{ path: '', message: 'is not valid JSON' }]);
  }
  const status = error.statusCode ?? 500;
  if (status === 429) return problem('RATE_LIMITED', 'Slow down and retry after the time in Retry-After');
  if (status === 413) return problem('PAYLOAD_TOO_LARGE', 'The body must not exceed 1 MiB');
  if (status === 415) return problem('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json');
  if (status === 503) return problem('SERVICE_UNAVAILABLE', 'Try again shortly');
  if (status >= 400 && status < 500) return problem('VALIDATION_FAILED', 'The request is not valid');
  return problem('INTERNAL', 'Something went wrong on our side; the request id in X-Request-Id helps us find it');
}

function pathOf(part: string | undefined, instancePath: string, params: Record<string, unknown>): string {
  const prefix = part === 'body' || part === undefined ? '' : part === 'headers' ? '/headers' : '';
  const missing = typeof params.missingProperty === 'string' ? `/${params.missingProperty}` : '';
  const extra = typeof params.additionalProperty === 'string' ? `/${params.additionalProperty}` : '';
  return `${prefix}${instancePath}${missing}${extra}`;
}
