import { encodeOrderCursor } from '../../domain/model/values/order-cursor.js';
import { problem, type Problem, type ProblemIssue } from '../http/problem.js';
import { PLATFORM_PROBLEMS } from '../http/problem-from-framework.js';
import { NO_TOKEN } from '../http/bearer-authentication.js';
import { EXAMPLE_ORDER_ID, type OrderJson } from './order-schemas.js';

/** One order through its lifecycle, for the response examples of the OpenAPI document. */
export const ORDER_EXAMPLES = (() => {
  const pending: OrderJson = {
    id: EXAMPLE_ORDER_ID,
    customerId: 'c-1',
    customerEmail: 'ada@example.com',
    items: [{ sku: 'BOOK-42', quantity: 2, unitPrice: 1250 }],
    currency: 'USD',
    total: 2500,
    status: 'pending',
    cancellationReason: null,
    version: 1,
    createdAt: '2026-01-15T09:30:00.000Z',
    updatedAt: '2026-01-15T09:30:00.000Z',
  };
  const at = (status: OrderJson['status'], version: number, updatedAt: string, reason: string | null = null) => ({
    ...pending,
    status,
    version,
    updatedAt,
    cancellationReason: reason,
  });
  return {
    id: EXAMPLE_ORDER_ID,
    pending,
    confirmed: at('confirmed', 2, '2026-01-15T09:35:00.000Z'),
    shipped: at('shipped', 3, '2026-01-16T14:00:00.000Z'),
    delivered: at('delivered', 4, '2026-01-18T11:20:00.000Z'),
    cancelled: at('cancelled', 2, '2026-01-15T10:00:00.000Z', 'changed my mind'),
  } as const;
})();

/** The cursor after the last order of a page, as the API makes it. */
export const EXAMPLE_CURSOR = encodeOrderCursor({
  createdAt: new Date(ORDER_EXAMPLES.confirmed.createdAt),
  id: ORDER_EXAMPLES.id,
});

/** A VALIDATION_FAILED problem listing these issues, its detail written as the API writes it. */
const invalid = (...issues: ProblemIssue[]): Problem =>
  problem('VALIDATION_FAILED', issues.map((issue) => `${issue.path}: ${issue.message}`).join('; '), issues);

/**
 * Examples of every problem, built from the one catalogue (status, title, type) with the detail each case
 * carries, so the document cannot promise a `type` or `title` the API does not send. The platform's own refusals
 * are the very answers it gives.
 */
export const PROBLEM_EXAMPLES = {
  invalidOrder: invalid(
    { path: '/customerEmail', message: 'must be a valid e-mail address of up to 254 characters' },
    { path: '/items/0/quantity', message: 'must be >= 1' },
  ),
  invalidId: invalid({ path: '/id', message: 'must be a UUID' }),
  invalidIfMatch: invalid({ path: '/headers/if-match', message: 'must be an ETag of this API, e.g. "3", or *' }),
  invalidQuery: invalid({ path: '/limit', message: 'must be <= 100' }),
  unauthenticated: problem('UNAUTHENTICATED', NO_TOKEN),
  forbidden: problem('FORBIDDEN', 'Only staff may ship an order'),
  notFound: problem('ORDER_NOT_FOUND', `Order ${EXAMPLE_ORDER_ID} does not exist`),
  invalidTransition: problem('INVALID_TRANSITION', `Order ${EXAMPLE_ORDER_ID} is delivered and cannot be cancelled`),
  versionMismatch: problem('VERSION_MISMATCH', `Order ${EXAMPLE_ORDER_ID} is at version 2, not 1`),
  keyInUse: problem(
    'IDEMPOTENCY_KEY_IN_USE',
    'A request with this Idempotency-Key is still in progress; retry shortly',
  ),
  keyReused: problem('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for a different request'),
  tooLarge: PLATFORM_PROBLEMS.tooLarge,
  notJson: PLATFORM_PROBLEMS.notJson,
  rateLimited: PLATFORM_PROBLEMS.rateLimited,
  internal: PLATFORM_PROBLEMS.internal,
  unavailable: PLATFORM_PROBLEMS.dependencyUnavailable,
  storageFull: PLATFORM_PROBLEMS.storageFull,
} satisfies Record<string, Problem>;
