import { actorOf } from '../http/request-actor.js';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { parseCancelOrder } from '../../domain/use-cases/cancel-order/parse-cancel-order.js';
import { answerChange, changeWith } from './answer-change.js';
import { ORDER_EXAMPLES, PROBLEM_EXAMPLES } from './order-examples.js';
import type { OrderRoutesOptions } from './order-routes-options.js';
import { CancelOrderBodySchema, IfMatchHeadersSchema, OrderIdParamsSchema } from './order-schemas.js';
import { refuseBody } from './no-body.js';
import { OPTIONAL_BODY } from './optional-body.js';
import {
  bodilessChangeErrors,
  changeErrors,
  example,
  orderResponse,
  problemResponse,
  BEARER,
} from './openapi-responses.js';

/** POST /orders/{id}/cancel with an optional reason, and DELETE /orders/{id}, the same without one. */
export const cancelOrderRoutes: FastifyPluginAsyncTypebox<OrderRoutesOptions> = async (app, { useCases }) => {
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
        security: BEARER,
        params: OrderIdParamsSchema,
        headers: IfMatchHeadersSchema,
        body: CancelOrderBodySchema,
        ...OPTIONAL_BODY,
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
    async (request, reply) =>
      answerChange(
        actorOf(request),
        reply,
        request.params.id,
        request.headers['if-match'],
        changeWith(
          (input) => parseCancelOrder({ ...input, reason: request.body.reason }),
          (actor, command) => useCases.cancelOrder.execute(actor, command),
        ),
      ),
  );

  app.delete(
    '/orders/:id',
    {
      schema: {
        operationId: 'deleteOrder',
        summary: 'Cancel an order without a reason',
        description:
          'The same as POST /orders/{id}/cancel without a body: the order is kept, with status `cancelled`. It takes ' +
          'no body: to give a reason, POST /orders/{id}/cancel.',
        tags: ['orders'],
        security: BEARER,
        params: OrderIdParamsSchema,
        headers: IfMatchHeadersSchema,
        response: {
          200: orderResponse('The order, cancelled', {
            cancelled: example('Cancelled without a reason', { ...ORDER_EXAMPLES.cancelled, cancellationReason: null }),
          }),
          ...bodilessChangeErrors,
        },
      },
      preValidation: refuseBody,
    },
    async (request, reply) =>
      answerChange(
        actorOf(request),
        reply,
        request.params.id,
        request.headers['if-match'],
        changeWith(parseCancelOrder, (actor, command) => useCases.cancelOrder.execute(actor, command)),
      ),
  );
};
