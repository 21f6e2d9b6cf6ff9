import type { OrderError } from '../../domain/model/errors/order-error.js';

/**
 * THE list of error codes this service answers with, REST and GraphQL alike (SPEC §4 and §5): each code's HTTP
 * status and the title every problem of that code carries. REST sends them as problem+json; GraphQL puts the same
 * code in `extensions.code`. A code that is not here cannot be sent: `problem()` takes only these keys.
 */
const CATALOGUE = {
  VALIDATION_FAILED: { status: 400, title: 'The request is not valid' },
  UNAUTHENTICATED: { status: 401, title: 'Authentication is required' },
  FORBIDDEN: { status: 403, title: 'The caller may not do this' },
  ORDER_NOT_FOUND: { status: 404, title: 'No such order' },
  ROUTE_NOT_FOUND: { status: 404, title: 'No such route' },
  METHOD_NOT_ALLOWED: { status: 405, title: 'The route does not serve this method' },
  REQUEST_TIMEOUT: { status: 408, title: 'The request did not arrive in time' },
  INVALID_TRANSITION: { status: 409, title: 'The order cannot make this change' },
  IDEMPOTENCY_KEY_IN_USE: { status: 409, title: 'A request with this idempotency key is in progress' },
  VERSION_MISMATCH: { status: 412, title: 'The order has changed since that version' },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'The request body is too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'The request body must be application/json' },
  IDEMPOTENCY_KEY_REUSED: { status: 422, title: 'The idempotency key was used for another request' },
  RATE_LIMITED: { status: 429, title: 'Too many requests' },
  INTERNAL: { status: 500, title: 'Internal error' },
  SERVICE_UNAVAILABLE: { status: 503, title: 'The service is unavailable' },
  STORAGE_FULL: { status: 507, title: 'The order store is full' },
  // GraphQL's abuse limits (SPEC §5) refuse a document before it runs; never a REST answer.
  QUERY_TOO_COMPLEX: { status: 400, title: 'The query is too complex', graphqlOnly: true },
} as const;

export type ProblemCode = keyof typeof CATALOGUE;

export interface CatalogueEntry {
  readonly status: number;
  readonly title: string;
  /** The stable URN of RFC 9457's `type`, e.g. urn:hexagonal-orders:problem:order-not-found. */
  readonly type: string;
}

export function catalogued(code: ProblemCode): CatalogueEntry {
  const { status, title } = CATALOGUE[code];
  return { status, title, type: `urn:hexagonal-orders:problem:${code.toLowerCase().replace(/_/g, '-')}` };
}

export function isProblemCode(code: unknown): code is ProblemCode {
  return typeof code === 'string' && Object.hasOwn(CATALOGUE, code);
}

/** The codes a problem+json answer can carry: the catalogue, but GraphQL's own. */
export const PROBLEM_CODES = (Object.keys(CATALOGUE) as ProblemCode[]).filter(
  (code) => !('graphqlOnly' in CATALOGUE[code]),
);

// Every refusal of the core has its entry: a new domain error whose code is missing here does not compile.
const _everyDomainCodeCatalogued: [Exclude<OrderError['code'], ProblemCode>] extends [never] ? true : never = true;
