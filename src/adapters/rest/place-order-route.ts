import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { parsePlaceOrder } from '../../domain/use-cases/place-order/parse-place-order.js';
import { sendProblem } from '../http/problem.js';
import { actorOf } from '../http/request-actor.js';
import { PROBLEM_EXAMPLES, ORDER_EXAMPLES } from './order-examples.js';
import { etagOf, orderJson } from './order-json.js';
import type { OrderRoutesOptions } from './order-routes-options.js';
import { IdempotencyHeadersSchema, PlaceOrderBodySchema } from './order-schemas.js';
import {
  authenticated,
  everyRoute,
  example,
  orderResponse,
  problemResponse,
  BEARER,
  readsBody,
  usesRepository,
} from './openapi-responses.js';
import { problemFromDomain } from './problem-from-domain.js';

/** POST /orders: places an order, replaying the first answer for a repeated Idempotency-Key. */
export const placeOrderRoute: FastifyPluginAsyncTypebox<OrderRoutesOptions> = async (app, { useCases }) => {
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
        security: BEARER,
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
          507: problemResponse('STORAGE_FULL: the in-memory store holds MEMORY_MAX_ORDERS orders already', [
            PROBLEM_EXAMPLES.storageFull,
          ]),
          ...readsBody,
          ...authenticated,
          ...everyRoute,
          ...usesRepository,
        },
      },
    },
    async (request, reply) => {
      const command = parsePlaceOrder({ ...request.body, idempotencyKey: request.headers['idempotency-key'] });
      if (!command.ok) return sendProblem(reply, problemFromDomain(command.error));
      const placed = await useCases.placeOrder.execute(actorOf(request), command.value);
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
};
