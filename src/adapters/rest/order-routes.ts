import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { ValidationError } from '../../domain/errors.js';
import type { OrderAction, OrderSnapshot } from '../../domain/order.js';
import type { Result } from '../../domain/result.js';
import type { OrderUseCases } from '../../ports/inbound/order-use-cases.js';
import { etagOf, orderJson, versionFromIfMatch } from './order-json.js';
import {
  CancelOrderBodySchema,
  IdempotencyHeadersSchema,
  IfMatchHeadersSchema,
  ListOrdersQuerySchema,
  OrderIdParamsSchema,
  PlaceOrderBodySchema,
} from './order-schemas.js';
import { PROBLEM_CONTENT_TYPE, problemFromDomain, type Problem } from './problem-details.js';

const order = { description: 'The order', content: { 'application/json': { schema: Type.Ref('Order') } } };
const page = {
  description: 'A page of orders, newest first',
  content: {
    'application/json': {
      schema: Type.Object({ items: Type.Array(Type.Ref('Order')), nextCursor: Type.Union([Type.String(), Type.Null()]) }),
    },
  },
};
const problemResponse = (description: string) => ({
  description,
  content: { [PROBLEM_CONTENT_TYPE]: { schema: Type.Ref('Problem') } },
});
const changeErrors = {
  400: problemResponse('The id, the body or If-Match is not valid'),
  404: problemResponse('No order has this id'),
  409: problemResponse('The order cannot make this change in its current status'),
  412: problemResponse('If-Match names a version the order is no longer at'),
};

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
        tags: ['orders'],
        body: PlaceOrderBodySchema,
        headers: IdempotencyHeadersSchema,
        response: {
          201: order,
          400: problemResponse('The order breaks a rule'),
          409: problemResponse('A request with this Idempotency-Key is still in progress'),
          422: problemResponse('The Idempotency-Key was used for a different request'),
          413: problemResponse('The body exceeds 1 MiB'),
          415: problemResponse('The body is not application/json'),
        },
      },
    },
    async (request, reply) => {
      const key = request.headers['idempotency-key'];
      const placed = await useCases.placeOrder.execute(request.body, key === undefined ? {} : { idempotencyKey: key });
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
        tags: ['orders'],
        params: OrderIdParamsSchema,
        response: {
          200: order,
          304: { description: 'The order is still at the version in If-None-Match', type: 'null' },
          400: problemResponse('The id is not a UUID'),
          404: problemResponse('No order has this id'),
        },
      },
    },
    async (request, reply) => {
      const found = await useCases.getOrder.execute(request.params.id);
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
        tags: ['orders'],
        querystring: ListOrdersQuerySchema,
        response: { 200: page, 400: problemResponse('A filter, the limit or the cursor is not valid') },
      },
    },
    async (request, reply) => {
      const listed = await useCases.listOrders.execute(request.query);
      if (!listed.ok) return sendProblem(reply, problemFromDomain(listed.error));
      return reply.send({ items: listed.value.items.map(orderJson), nextCursor: listed.value.nextCursor });
    },
  );

  const transitions: readonly { action: Exclude<OrderAction, 'cancel'>; summary: string }[] = [
    { action: 'confirm', summary: 'Confirm a pending order' },
    { action: 'ship', summary: 'Ship a confirmed order' },
    { action: 'deliver', summary: 'Mark a shipped order delivered' },
  ];
  for (const { action, summary } of transitions) {
    app.post(
      `/orders/:id/${action}`,
      {
        schema: {
          operationId: `${action}Order`,
          summary,
          tags: ['orders'],
          params: OrderIdParamsSchema,
          headers: IfMatchHeadersSchema,
          response: { 200: order, ...changeErrors },
        },
      },
      async (request, reply) =>
        change(reply, request.params.id, action, request.headers['if-match'], undefined, useCases),
    );
  }

  app.post(
    '/orders/:id/cancel',
    {
      schema: {
        operationId: 'cancelOrder',
        summary: 'Cancel a pending or confirmed order',
        tags: ['orders'],
        params: OrderIdParamsSchema,
        headers: IfMatchHeadersSchema,
        body: CancelOrderBodySchema,
        response: { 200: order, ...changeErrors, 415: problemResponse('The body is not application/json') },
      },
      // A cancel without a body is a cancel without a reason.
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request, reply) =>
      change(reply, request.params.id, 'cancel', request.headers['if-match'], request.body.reason ?? null, useCases),
  );

  app.delete(
    '/orders/:id',
    {
      schema: {
        operationId: 'deleteOrder',
        summary: 'Cancel an order without a reason',
        tags: ['orders'],
        params: OrderIdParamsSchema,
        headers: IfMatchHeadersSchema,
        response: { 200: order, ...changeErrors },
      },
    },
    async (request, reply) => change(reply, request.params.id, 'cancel', request.headers['if-match'], null, useCases),
  );
};

async function change(
  reply: FastifyReply,
  orderId: string,
  action: OrderAction,
  ifMatch: string | undefined,
  reason: string | null | undefined,
  useCases: OrderUseCases,
): Promise<FastifyReply> {
  const pinned = versionFromIfMatch(ifMatch);
  if ('issue' in pinned) return sendProblem(reply, problemFromDomain(new ValidationError([pinned.issue])));
  const changed: Result<OrderSnapshot, Parameters<typeof problemFromDomain>[0]> = await useCases.changeOrder.execute({
    orderId,
    action,
    reason,
    ...(pinned.version !== undefined && { expectedVersion: pinned.version }),
  });
  if (!changed.ok) return sendProblem(reply, problemFromDomain(changed.error));
  return reply.header('etag', etagOf(changed.value)).send(orderJson(changed.value));
}

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply.code(problem.status).type(PROBLEM_CONTENT_TYPE).send(problem);
}
