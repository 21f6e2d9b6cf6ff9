import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { OrderAction } from '../../domain/order.js';
import { answerChange } from './answer-change.js';
import { ORDER_EXAMPLES } from './order-examples.js';
import type { OrderRoutesOptions } from './order-routes-options.js';
import { IfMatchHeadersSchema, OrderIdParamsSchema, type OrderJson } from './order-schemas.js';
import { changeErrors, example, orderResponse, PUBLIC, type Example } from './openapi-responses.js';

const transitions: readonly {
  action: Exclude<OrderAction, 'cancel'>;
  summary: string;
  from: string;
  result: Example<OrderJson>;
}[] = [
  {
    action: 'confirm',
    summary: 'Confirm a pending order',
    from: 'pending',
    result: example('Confirmed', ORDER_EXAMPLES.confirmed),
  },
  {
    action: 'ship',
    summary: 'Ship a confirmed order',
    from: 'confirmed',
    result: example('Shipped', ORDER_EXAMPLES.shipped),
  },
  {
    action: 'deliver',
    summary: 'Mark a shipped order delivered',
    from: 'shipped',
    result: example('Delivered', ORDER_EXAMPLES.delivered),
  },
];

/** POST /orders/{id}/confirm, /ship and /deliver: the bodiless forward steps of the lifecycle. */
export const changeOrderRoutes: FastifyPluginAsyncTypebox<OrderRoutesOptions> = async (app, { useCases }) => {
  for (const { action, summary, from, result } of transitions) {
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
      async (request, reply) =>
        answerChange(reply, request.params.id, action, request.headers['if-match'], undefined, useCases),
    );
  }
};
