import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { parseListOrders } from '../../domain/use-cases/list-orders/parse-list-orders.js';
import { sendProblem } from '../http/problem.js';
import { actorOf } from '../http/request-actor.js';
import { EXAMPLE_CURSOR, ORDER_EXAMPLES, PROBLEM_EXAMPLES } from './order-examples.js';
import { orderJson } from './order-json.js';
import type { OrderRoutesOptions } from './order-routes-options.js';
import { ListOrdersQuerySchema } from './order-schemas.js';
import { authenticated, everyRoute, problemResponse, BEARER, usesRepository } from './openapi-responses.js';
import { problemFromDomain } from './problem-from-domain.js';

/** GET /orders: one page of orders, newest first, with the cursor of the next. */
export const listOrdersRoute: FastifyPluginAsyncTypebox<OrderRoutesOptions> = async (app, { useCases }) => {
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
        security: BEARER,
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
                    value: { items: [ORDER_EXAMPLES.confirmed], nextCursor: EXAMPLE_CURSOR },
                  },
                },
              },
            },
          },
          400: problemResponse('VALIDATION_FAILED: a filter, the limit or the cursor is not valid', [
            PROBLEM_EXAMPLES.invalidQuery,
          ]),
          ...authenticated,
          ...everyRoute,
          ...usesRepository,
        },
      },
    },
    async (request, reply) => {
      const query = parseListOrders(request.query);
      if (!query.ok) return sendProblem(reply, problemFromDomain(query.error));
      const page = await useCases.listOrders.execute(actorOf(request), query.value);
      if (!page.ok) return sendProblem(reply, problemFromDomain(page.error));
      return reply.send({ items: page.value.items.map(orderJson), nextCursor: page.value.nextCursor });
    },
  );
};
