import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { parseGetOrder } from '../../domain/use-cases/get-order/parse-get-order.js';
import { sendProblem } from '../http/problem.js';
import { actorOf } from '../http/request-actor.js';
import { ORDER_EXAMPLES, PROBLEM_EXAMPLES } from './order-examples.js';
import { etagOf, orderJson } from './order-json.js';
import type { OrderRoutesOptions } from './order-routes-options.js';
import { IfNoneMatchHeadersSchema, OrderIdParamsSchema } from './order-schemas.js';
import {
  etagHeader,
  authenticated,
  everyRoute,
  example,
  orderResponse,
  problemResponse,
  BEARER,
  usesRepository,
} from './openapi-responses.js';
import { problemFromDomain } from './problem-from-domain.js';

/** GET /orders/{id}: one order with its ETag, or 304 while the caller's copy is current. */
export const getOrderRoute: FastifyPluginAsyncTypebox<OrderRoutesOptions> = async (app, { useCases }) => {
  app.get(
    '/orders/:id',
    {
      schema: {
        operationId: 'getOrder',
        summary: 'Read one order',
        description:
          'Answers the order with its `ETag`; with `If-None-Match` naming its current version, 304 without a body.',
        tags: ['orders'],
        security: BEARER,
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
          ...authenticated,
          ...everyRoute,
          ...usesRepository,
        },
      },
    },
    async (request, reply) => {
      const query = parseGetOrder({ orderId: request.params.id });
      if (!query.ok) return sendProblem(reply, problemFromDomain(query.error));
      const found = await useCases.getOrder.execute(actorOf(request), query.value);
      if (!found.ok) return sendProblem(reply, problemFromDomain(found.error));
      const etag = etagOf(found.value);
      if (matchesNoneOf(request.headers['if-none-match'], etag)) return reply.code(304).header('etag', etag).send();
      return reply.header('etag', etag).send(orderJson(found.value));
    },
  );
};

/**
 * RFC 9110 If-None-Match: `*`, or a list of entity tags compared weakly (`W/"2"` matches `"2"`). True when the
 * client already holds the current version, so 304 is the answer.
 */
function matchesNoneOf(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === '*' || trimmed.replace(/^W\//, '') === etag;
  });
}
