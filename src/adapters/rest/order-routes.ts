import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorCodes, type FastifyError, type FastifyReply } from 'fastify';
import { Type, type TSchema } from 'typebox';
import { IdempotencyKeyInUseError } from '../../domain/model/errors/idempotency-key-in-use-error.js';
import { IdempotencyKeyReusedError } from '../../domain/model/errors/idempotency-key-reused-error.js';
import { InvalidTransitionError } from '../../domain/model/errors/invalid-transition-error.js';
import { OrderNotFoundError } from '../../domain/model/errors/order-not-found-error.js';
import { ValidationError } from '../../domain/model/errors/validation-error.js';
import { VersionMismatchError } from '../../domain/model/errors/version-mismatch-error.js';
import { encodeOrderCursor } from '../../domain/model/values/order-cursor.js';
import type { OrderError } from '../../domain/model/errors/order-error.js';
import type { OrderAction } from '../../domain/model/order-lifecycle.js';
import type { OrderSnapshot } from '../../domain/model/order-snapshot.js';
import type { Result } from '../../domain/model/result.js';
import { parseCancelOrder } from '../../domain/use-cases/cancel-order/parse-cancel-order.js';
import { parseConfirmOrder } from '../../domain/use-cases/confirm-order/parse-confirm-order.js';
import { parseDeliverOrder } from '../../domain/use-cases/deliver-order/parse-deliver-order.js';
import { parseGetOrder } from '../../domain/use-cases/get-order/parse-get-order.js';
import { parseListOrders } from '../../domain/use-cases/list-orders/parse-list-orders.js';
import { parsePlaceOrder } from '../../domain/use-cases/place-order/parse-place-order.js';
import { parseShipOrder } from '../../domain/use-cases/ship-order/parse-ship-order.js';
import type { ConfirmOrderUseCase } from '../../ports/inbound/confirm-order-use-case.js';
import type { DeliverOrderUseCase } from '../../ports/inbound/deliver-order-use-case.js';
import type { OrderUseCases } from '../../ports/inbound/order-use-cases.js';
import type { ShipOrderUseCase } from '../../ports/inbound/ship-order-use-case.js';
import { DependencyUnavailableError } from '../../ports/outbound/dependency-unavailable-error.js';
import { etagOf, orderJson, versionFromIfMatch } from './order-json.js';
import {
  CancelOrderBodySchema,
  IdempotencyHeadersSchema,
  IfMatchHeadersSchema,
  IfNoneMatchHeadersSchema,
  ListOrdersQuerySchema,
  ORDER_EXAMPLES,
  OrderIdParamsSchema,
  PlaceOrderBodySchema,
  type OrderJson,
} from './order-schemas.js';
import { PROBLEM_CONTENT_TYPE, problemFromDomain, problemFromFramework, type Problem } from './problem-details.js';

// ---- The OpenAPI side of the route schemas: responses, their headers and examples. -------------------------------
// Response schemas also pick fastify's serializer; every problem+json response uses the one Problem schema, the same
// shape problem-details.ts answers with, so documenting a status never changes what is sent.

const etagHeader = Type.String({
  description: 'The version of the order, quoted: send it back as If-Match',
  examples: ['"1"'],
});
const retryAfterHeader = Type.Integer({ description: 'Seconds to wait before retrying', examples: [60] });

interface Example<T> {
  readonly summary: string;
  readonly value: T;
}

const orderResponse = (
  description: string,
  examples: Readonly<Record<string, Example<OrderJson>>>,
  headers: Record<string, TSchema> = {},
) => ({
  description,
  headers: { ETag: etagHeader, ...headers },
  content: { 'application/json': { schema: Type.Ref('Order'), examples } },
});

/** The cursor after the last order of a page, as the API makes it. */
const exampleCursor = encodeOrderCursor({
  createdAt: new Date(ORDER_EXAMPLES.confirmed.createdAt),
  id: ORDER_EXAMPLES.id,
});

const example = (summary: string, value: OrderJson): Example<OrderJson> => ({ summary, value });

/** A failure the framework reports (no route handler involved), as problem-details.ts maps it. */
const failure = (statusCode: number): FastifyError =>
  Object.assign(new Error('example'), { code: 'EXAMPLE', statusCode });

/**
 * Examples of every problem, produced by the mappers that answer real requests (problem-details.ts), so the
 * document cannot promise a `type`, `title` or `detail` the API does not send.
 */
export const PROBLEM_EXAMPLES = {
  invalidOrder: problemFromDomain(
    new ValidationError([
      { path: ['customerEmail'], message: 'must be a valid e-mail address of up to 254 characters' },
      { path: ['items', 0, 'quantity'], message: 'must be >= 1' },
    ]),
  ),
  invalidId: problemFromDomain(new ValidationError([{ path: ['orderId'], message: 'must be a UUID' }])),
  invalidIfMatch: problemFromDomain(
    new ValidationError([{ path: ['expectedVersion'], message: 'must be an ETag of this API, e.g. "3", or *' }]),
  ),
  invalidQuery: problemFromDomain(new ValidationError([{ path: ['limit'], message: 'must be <= 100' }])),
  notFound: problemFromDomain(new OrderNotFoundError(ORDER_EXAMPLES.id)),
  invalidTransition: problemFromDomain(new InvalidTransitionError(ORDER_EXAMPLES.id, 'delivered', 'cancel')),
  versionMismatch: problemFromDomain(new VersionMismatchError(ORDER_EXAMPLES.id, 1, 2)),
  keyInUse: problemFromDomain(new IdempotencyKeyInUseError('7c1e4b2a-order-c-1')),
  keyReused: problemFromDomain(new IdempotencyKeyReusedError('7c1e4b2a-order-c-1')),
  tooLarge: problemFromFramework(new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE()),
  notJson: problemFromFramework(new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE('text/plain')),
  rateLimited: problemFromFramework(failure(429)),
  internal: problemFromFramework(failure(500)),
  unavailable: problemFromFramework(Object.assign(new DependencyUnavailableError('database'), { code: 'EXAMPLE' })),
} satisfies Record<string, Problem>;

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

/** What any route behind the rate limit can answer, whatever it does. */
const everyRoute = {
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
  500: problemResponse('INTERNAL: an unexpected failure; X-Request-Id identifies it in the logs', [
    PROBLEM_EXAMPLES.internal,
  ]),
};
/** What a route that reads or writes orders can answer when the store is unreachable. */
const usesRepository = {
  503: problemResponse(
    'SERVICE_UNAVAILABLE: the order store cannot be reached; retry later',
    [PROBLEM_EXAMPLES.unavailable],
    {
      'Retry-After': retryAfterHeader,
    },
  ),
};
/** What a route that accepts a request body (POST, DELETE) can answer before it runs. */
const readsBody = {
  413: problemResponse('PAYLOAD_TOO_LARGE: the body exceeds 1 MiB', [PROBLEM_EXAMPLES.tooLarge]),
  415: problemResponse('UNSUPPORTED_MEDIA_TYPE: a body that is not application/json', [PROBLEM_EXAMPLES.notJson]),
};
const changeErrors = {
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
  ...everyRoute,
  ...usesRepository,
};

/** No authentication: every operation is public (stated per operation, as the document has no root `security`). */
export const PUBLIC: readonly Record<string, string[]>[] = [];

export interface OrderRoutesOptions {
  readonly useCases: OrderUseCases;
}

/** The order resource of SPEC §4; each handler calls one use case and translates its result. */
export const orderRoutes: FastifyPluginAsyncTypebox<OrderRoutesOptions> = async (app, { useCases }) => {
  app.post(
    '/orders',
    {
      schema: {
        operationId: 'placeOrder',
        summary: 'Place an order',
        description:
          'Checks every rule of the order, stores it as `pending` at version 1 and answers it with its `Location` and ' +
          '`ETag`. With an `Idempotency-Key`, a repeat of the same request within 24 hours replays the first answer ' +
          '(with `Idempotent-Replayed: true`) instead of placing a second order.',
        tags: ['orders'],
        security: PUBLIC,
        body: PlaceOrderBodySchema,
        headers: IdempotencyHeadersSchema,
        response: {
          201: orderResponse(
            'The order, placed',
            { placed: example('A new order', ORDER_EXAMPLES.pending) },
            {
              Location: Type.String({
                description: 'Where the order lives',
                examples: [`/orders/${ORDER_EXAMPLES.id}`],
              }),
              'Idempotent-Replayed': Type.String({
                enum: ['true'],
                description:
                  'Present when this is the stored answer to an earlier request with the same Idempotency-Key',
              }),
            },
          ),
          400: problemResponse('VALIDATION_FAILED: the order breaks a rule (every refused field is listed)', [
            PROBLEM_EXAMPLES.invalidOrder,
          ]),
          409: problemResponse('IDEMPOTENCY_KEY_IN_USE: a request with this Idempotency-Key is still in progress', [
            PROBLEM_EXAMPLES.keyInUse,
          ]),
          422: problemResponse('IDEMPOTENCY_KEY_REUSED: the Idempotency-Key was used for a different request', [
            PROBLEM_EXAMPLES.keyReused,
          ]),
          ...readsBody,
          ...everyRoute,
          ...usesRepository,
        },
      },
    },
    async (request, reply) => {
      const command = parsePlaceOrder({ ...request.body, idempotencyKey: request.headers['idempotency-key'] });
      if (!command.ok) return sendProblem(reply, problemFromDomain(command.error));
      const placed = await useCases.placeOrder.execute(command.value);
      if (!placed.ok) return sendProblem(reply, problemFromDomain(placed.error));
      const { order: result, replayed } = placed.value;
      if (replayed) void reply.header('idempotent-replayed', 'true');
      return reply
        .code(201)
        .header('location', `/orders/${result.id}`)
        .header('etag', etagOf(result))
        .send(orderJson(result));
    },
  );

  app.get(
    '/orders/:id',
    {
      schema: {
        operationId: 'getOrder',
        summary: 'Read one order',
        description:
          'Answers the order with its `ETag`; with `If-None-Match` naming its current version, 304 without a body.',
        tags: ['orders'],
        security: PUBLIC,
        params: OrderIdParamsSchema,
        headers: IfNoneMatchHeadersSchema,
        response: {
          200: orderResponse('The order', {
            pending: example('A pending order', ORDER_EXAMPLES.pending),
            cancelled: example('A cancelled order', ORDER_EXAMPLES.cancelled),
          }),
          304: {
            description: 'The order is still at the version in If-None-Match',
            type: 'null',
            headers: { ETag: etagHeader },
          },
          400: problemResponse('VALIDATION_FAILED: the id is not a UUID', [PROBLEM_EXAMPLES.invalidId]),
          404: problemResponse('ORDER_NOT_FOUND: no order has this id', [PROBLEM_EXAMPLES.notFound]),
          ...everyRoute,
          ...usesRepository,
        },
      },
    },
    async (request, reply) => {
      const query = parseGetOrder({ orderId: request.params.id });
      if (!query.ok) return sendProblem(reply, problemFromDomain(query.error));
      const found = await useCases.getOrder.execute(query.value);
      if (!found.ok) return sendProblem(reply, problemFromDomain(found.error));
      const etag = etagOf(found.value);
      if (request.headers['if-none-match'] === etag) return reply.code(304).header('etag', etag).send();
      return reply.header('etag', etag).send(orderJson(found.value));
    },
  );

  app.get(
    '/orders',
    {
      schema: {
        operationId: 'listOrders',
        summary: 'List orders, newest first',
        description:
          'One page of orders, newest first, optionally of one customer or in one status. Pass the `nextCursor` of a ' +
          'page as `cursor` for the next one; it is `null` on the last page. Pages never repeat or skip an order.',
        tags: ['orders'],
        security: PUBLIC,
        querystring: ListOrdersQuerySchema,
        response: {
          200: {
            description: 'A page of orders, newest first',
            content: {
              'application/json': {
                schema: Type.Object({
                  items: Type.Array(Type.Ref('Order')),
                  nextCursor: Type.Union([Type.String(), Type.Null()], {
                    description: 'The cursor of the next page, or null on the last page',
                  }),
                }),
                examples: {
                  lastPage: {
                    summary: 'The last page',
                    value: { items: [ORDER_EXAMPLES.delivered, ORDER_EXAMPLES.pending], nextCursor: null },
                  },
                  morePages: {
                    summary: 'A page with more after it',
                    value: { items: [ORDER_EXAMPLES.confirmed], nextCursor: exampleCursor },
                  },
                },
              },
            },
          },
          400: problemResponse('VALIDATION_FAILED: a filter, the limit or the cursor is not valid', [
            PROBLEM_EXAMPLES.invalidQuery,
          ]),
          ...everyRoute,
          ...usesRepository,
        },
      },
    },
    async (request, reply) => {
      const query = parseListOrders(request.query);
      if (!query.ok) return sendProblem(reply, problemFromDomain(query.error));
      const page = await useCases.listOrders.execute(query.value);
      return reply.send({ items: page.items.map(orderJson), nextCursor: page.nextCursor });
    },
  );

  const transitions: readonly {
    action: Exclude<OrderAction, 'cancel'>;
    summary: string;
    from: string;
    result: Example<OrderJson>;
    parse: typeof parseConfirmOrder;
    useCase: ConfirmOrderUseCase | ShipOrderUseCase | DeliverOrderUseCase;
  }[] = [
    {
      action: 'confirm',
      summary: 'Confirm a pending order',
      from: 'pending',
      result: example('Confirmed', ORDER_EXAMPLES.confirmed),
      parse: parseConfirmOrder,
      useCase: useCases.confirmOrder,
    },
    {
      action: 'ship',
      summary: 'Ship a confirmed order',
      from: 'confirmed',
      result: example('Shipped', ORDER_EXAMPLES.shipped),
      parse: parseShipOrder,
      useCase: useCases.shipOrder,
    },
    {
      action: 'deliver',
      summary: 'Mark a shipped order delivered',
      from: 'shipped',
      result: example('Delivered', ORDER_EXAMPLES.delivered),
      parse: parseDeliverOrder,
      useCase: useCases.deliverOrder,
    },
  ];
  for (const { action, summary, from, result, parse, useCase } of transitions) {
    app.post(
      `/orders/:id/${action}`,
      {
        schema: {
          operationId: `${action}Order`,
          summary,
          description:
            `Allowed from \`${from}\` only; any other status is 409 INVALID_TRANSITION. With \`If-Match\`, the change ` +
            'is refused with 412 unless the order is still at that version. No body is needed.',
          tags: ['orders'],
          security: PUBLIC,
          params: OrderIdParamsSchema,
          headers: IfMatchHeadersSchema,
          response: { 200: orderResponse('The order, changed', { [result.value.status]: result }), ...changeErrors },
        },
      },
      async (request, reply) => {
        const expectedVersion = versionFromIfMatch(request.headers['if-match']);
        if (!expectedVersion.ok) return sendProblem(reply, problemFromDomain(expectedVersion.error));
        const command = parse({ orderId: request.params.id, expectedVersion: expectedVersion.value });
        if (!command.ok) return sendProblem(reply, problemFromDomain(command.error));
        return sendChanged(reply, await useCase.execute(command.value));
      },
    );
  }

  app.post(
    '/orders/:id/cancel',
    {
      schema: {
        operationId: 'cancelOrder',
        summary: 'Cancel a pending or confirmed order',
        description:
          'Allowed from `pending` or `confirmed`; any other status is 409 INVALID_TRANSITION. The body is optional: ' +
          'none, or `{}`, cancels without a reason.',
        tags: ['orders'],
        security: PUBLIC,
        params: OrderIdParamsSchema,
        headers: IfMatchHeadersSchema,
        body: CancelOrderBodySchema,
        response: {
          200: orderResponse('The order, cancelled', {
            cancelled: example('Cancelled with a reason', ORDER_EXAMPLES.cancelled),
          }),
          ...changeErrors,
          400: problemResponse('VALIDATION_FAILED: the id, the body or If-Match is not valid', [
            PROBLEM_EXAMPLES.invalidIfMatch,
            PROBLEM_EXAMPLES.invalidId,
          ]),
        },
      },
      // A cancel without a body is a cancel without a reason.
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request, reply) => {
      const expectedVersion = versionFromIfMatch(request.headers['if-match']);
      if (!expectedVersion.ok) return sendProblem(reply, problemFromDomain(expectedVersion.error));
      const command = parseCancelOrder({
        orderId: request.params.id,
        reason: request.body.reason,
        expectedVersion: expectedVersion.value,
      });
      if (!command.ok) return sendProblem(reply, problemFromDomain(command.error));
      return sendChanged(reply, await useCases.cancelOrder.execute(command.value));
    },
  );

  app.delete(
    '/orders/:id',
    {
      schema: {
        operationId: 'deleteOrder',
        summary: 'Cancel an order without a reason',
        description: 'The same as POST /orders/{id}/cancel without a body: the order is kept, with status `cancelled`.',
        tags: ['orders'],
        security: PUBLIC,
        params: OrderIdParamsSchema,
        headers: IfMatchHeadersSchema,
        response: {
          200: orderResponse('The order, cancelled', {
            cancelled: example('Cancelled without a reason', { ...ORDER_EXAMPLES.cancelled, cancellationReason: null }),
          }),
          ...changeErrors,
        },
      },
    },
    async (request, reply) => {
      const expectedVersion = versionFromIfMatch(request.headers['if-match']);
      if (!expectedVersion.ok) return sendProblem(reply, problemFromDomain(expectedVersion.error));
      const command = parseCancelOrder({ orderId: request.params.id, expectedVersion: expectedVersion.value });
      if (!command.ok) return sendProblem(reply, problemFromDomain(command.error));
      return sendChanged(reply, await useCases.cancelOrder.execute(command.value));
    },
  );
};

/** Answers a change: the order with its new ETag, or the problem the core refused it with. */
function sendChanged(reply: FastifyReply, changed: Result<OrderSnapshot, OrderError>): FastifyReply {
  if (!changed.ok) return sendProblem(reply, problemFromDomain(changed.error));
  return reply.header('etag', etagOf(changed.value)).send(orderJson(changed.value));
}

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply.code(problem.status).type(PROBLEM_CONTENT_TYPE).send(problem);
}
