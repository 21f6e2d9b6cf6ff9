import { Type, type TSchema } from 'typebox';
import { BODY_LIMIT_TEXT } from '../http/body-limit.js';
import { PROBLEM_CONTENT_TYPE, type Problem } from '../http/problem.js';
import { PROBLEM_EXAMPLES } from './order-examples.js';
import type { OrderJson } from './order-schemas.js';

// The OpenAPI side of the route schemas: responses, their headers and examples. Response schemas also pick
// fastify's serializer; every problem+json response uses the one Problem schema, the same shape the platform
// answers with, so documenting a status never changes what is sent.

export const etagHeader = Type.String({
  description: 'The version of the order, quoted: send it back as If-Match',
  examples: ['"1"'],
});
const retryAfterHeader = Type.Integer({ description: 'Seconds to wait before retrying', examples: [60] });

export interface Example<T> {
  readonly summary: string;
  readonly value: T;
}

export const example = (summary: string, value: OrderJson): Example<OrderJson> => ({ summary, value });

export const orderResponse = (
  description: string,
  examples: Readonly<Record<string, Example<OrderJson>>>,
  headers: Record<string, TSchema> = {},
) => ({
  description,
  headers: { ETag: etagHeader, ...headers },
  content: { 'application/json': { schema: Type.Ref('Order'), examples } },
});

/** A problem+json answer, with one named example per code it can carry. */
export function problemResponse(
  description: string,
  examples: readonly Problem[],
  headers: Record<string, TSchema> = {},
) {
  return {
    description,
    ...(Object.keys(headers).length > 0 && { headers }),
    content: {
      [PROBLEM_CONTENT_TYPE]: {
        schema: Type.Ref('Problem'),
        examples: Object.fromEntries(
          examples.map((problem) => [problem.code, { summary: problem.title, value: problem }]),
        ),
      },
    },
  };
}

export const internalResponse = problemResponse(
  'INTERNAL: an unexpected failure; X-Request-Id identifies it in the logs',
  [PROBLEM_EXAMPLES.internal],
);

/** What any route behind the rate limit can answer, whatever it does. */
export const everyRoute = {
  429: problemResponse(
    'RATE_LIMITED: over the requests per minute allowed to this client',
    [PROBLEM_EXAMPLES.rateLimited],
    {
      'Retry-After': retryAfterHeader,
      'X-RateLimit-Limit': Type.Integer({ description: 'Requests allowed per window' }),
      'X-RateLimit-Remaining': Type.Integer({ description: 'Requests left in the current window' }),
      'X-RateLimit-Reset': Type.Integer({ description: 'Seconds until the window resets' }),
    },
  ),
  500: internalResponse,
};

/** What a route that reads or writes orders can answer when the store is unreachable. */
export const usesRepository = {
  503: problemResponse(
    'SERVICE_UNAVAILABLE: the order store cannot be reached; retry later',
    [PROBLEM_EXAMPLES.unavailable],
    {
      'Retry-After': retryAfterHeader,
    },
  ),
};

/** What a route that accepts a request body (POST, DELETE) can answer before it runs. */
export const readsBody = {
  413: problemResponse(`PAYLOAD_TOO_LARGE: the body exceeds ${BODY_LIMIT_TEXT}`, [PROBLEM_EXAMPLES.tooLarge]),
  415: problemResponse('UNSUPPORTED_MEDIA_TYPE: a body that is not application/json', [PROBLEM_EXAMPLES.notJson]),
};

/** The name of the bearer scheme in `components.securitySchemes`. */
export const BEARER_SCHEME = 'bearer';

/** A bearer token of SPEC §9: every operation on orders. */
export const BEARER: readonly Record<string, string[]>[] = [{ [BEARER_SCHEME]: [] }];

/** What any operation behind the bearer token can answer before and besides what it does. */
export const authenticated = {
  401: problemResponse(
    'UNAUTHENTICATED: no bearer token, or one that is expired, wrongly signed or wrongly issued',
    [PROBLEM_EXAMPLES.unauthenticated],
    { 'WWW-Authenticate': Type.String({ description: 'The Bearer challenge of RFC 6750', examples: ['Bearer'] }) },
  ),
  403: problemResponse(
    'FORBIDDEN: the token does not allow this (a customer confirming, shipping or delivering, or placing for someone else)',
    [PROBLEM_EXAMPLES.forbidden],
  ),
};

/** What a lifecycle change (confirm, ship, deliver, cancel) can answer besides the order. */
export const changeErrors = {
  400: problemResponse('VALIDATION_FAILED: the id or If-Match is not valid', [
    PROBLEM_EXAMPLES.invalidIfMatch,
    PROBLEM_EXAMPLES.invalidId,
  ]),
  404: problemResponse('ORDER_NOT_FOUND: no order has this id', [PROBLEM_EXAMPLES.notFound]),
  409: problemResponse('INVALID_TRANSITION: the order cannot make this change in its current status', [
    PROBLEM_EXAMPLES.invalidTransition,
  ]),
  412: problemResponse('VERSION_MISMATCH: If-Match names a version the order is no longer at', [
    PROBLEM_EXAMPLES.versionMismatch,
  ]),
  ...readsBody,
  ...authenticated,
  ...everyRoute,
  ...usesRepository,
};

/** What a lifecycle change that declares no body can answer: changeErrors, and 400 for a body sent anyway. */
export const bodilessChangeErrors = {
  ...changeErrors,
  400: problemResponse('VALIDATION_FAILED: the id or If-Match is not valid, or a body was sent', [
    PROBLEM_EXAMPLES.invalidIfMatch,
    PROBLEM_EXAMPLES.invalidId,
  ]),
};

/** No authentication: the probes (stated per operation, as the document has no root `security`). */
export const PUBLIC: readonly Record<string, string[]>[] = [];
