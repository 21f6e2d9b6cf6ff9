import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ORDER_LIFECYCLE } from '../../domain/model/order-lifecycle.js';
import { parseConfirmOrder } from '../../domain/use-cases/confirm-order/parse-confirm-order.js';
import { parseDeliverOrder } from '../../domain/use-cases/deliver-order/parse-deliver-order.js';
import { parseShipOrder } from '../../domain/use-cases/ship-order/parse-ship-order.js';
import type { OrderUseCases } from '../../ports/inbound/order-use-cases.js';
import { actorOf } from '../http/request-actor.js';
import { answerChange, changeWith, type ChangeRun } from './answer-change.js';
import { ORDER_EXAMPLES } from './order-examples.js';
import type { OrderRoutesOptions } from './order-routes-options.js';
import { IfMatchHeadersSchema, OrderIdParamsSchema, type OrderJson } from './order-schemas.js';
import { refuseBody } from './no-body.js';
import { bodilessChangeErrors, example, orderResponse, BEARER, type Example } from './openapi-responses.js';

type ForwardAction = 'confirm' | 'ship' | 'deliver';

const transitions: readonly {
  action: ForwardAction;
  summary: string;
  result: Example<OrderJson>;
  change: (useCases: OrderUseCases) => ChangeRun;
}[] = [
  {
    action: 'confirm',
    summary: 'Confirm a pending order',
    result: example('Confirmed', ORDER_EXAMPLES.confirmed),
    change: ({ confirmOrder }) =>
      changeWith(parseConfirmOrder, (actor, command) => confirmOrder.execute(actor, command)),
  },
  {
    action: 'ship',
    summary: 'Ship a confirmed order',
    result: example('Shipped', ORDER_EXAMPLES.shipped),
    change: ({ shipOrder }) => changeWith(parseShipOrder, (actor, command) => shipOrder.execute(actor, command)),
  },
  {
    action: 'deliver',
    summary: 'Mark a shipped order delivered',
    result: example('Delivered', ORDER_EXAMPLES.delivered),
    change: ({ deliverOrder }) =>
      changeWith(parseDeliverOrder, (actor, command) => deliverOrder.execute(actor, command)),
  },
];

/** POST /orders/{id}/confirm, /ship and /deliver: the bodiless forward steps of the lifecycle. */
export const changeOrderRoutes: FastifyPluginAsyncTypebox<OrderRoutesOptions> = async (app, { useCases }) => {
  for (const { action, summary, result, change } of transitions) {
    const from = ORDER_LIFECYCLE[action].from.join(' or ');
    const run = change(useCases);
    app.post(
      `/orders/:id/${action}`,
      {
        schema: {
          operationId: `${action}Order`,
          summary,
          description:
            `Allowed from \`${from}\` only; any other status is 409 INVALID_TRANSITION. With \`If-Match\`, the change ` +
            'is refused with 412 unless the order is still at that version. It takes no body.',
          tags: ['orders'],
          security: BEARER,
          params: OrderIdParamsSchema,
          headers: IfMatchHeadersSchema,
          response: {
            200: orderResponse('The order, changed', { [result.value.status]: result }),
            ...bodilessChangeErrors,
          },
        },
        preValidation: refuseBody,
      },
      async (request, reply) =>
        answerChange(actorOf(request), reply, request.params.id, request.headers['if-match'], run),
    );
  }
};
