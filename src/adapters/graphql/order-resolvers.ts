import type { IResolvers, MercuriusContext } from 'mercurius';
import mercurius from 'mercurius';
import { canSee } from '../../domain/model/order-access.js';
import type { OrderSnapshot } from '../../domain/model/order-snapshot.js';
import type { Result } from '../../domain/model/result.js';
import { parseCustomerId } from '../../domain/model/values/customer-id.js';
import { parseOrderId } from '../../domain/model/values/order-id.js';
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
import { DateTimeScalar } from './date-time-scalar.js';
import { actorIn } from './graphql-actor.js';
import { graphQLErrorFrom } from './graphql-error-from-domain.js';

export const ORDER_UPDATED = 'ORDER_UPDATED';

interface PlaceOrderArgs {
  input: {
    customerId?: string | null;
    customerEmail: string;
    items: { sku: string; quantity: number; unitPrice: number }[];
    currency?: string | null;
  };
  idempotencyKey?: string | null;
}
interface ChangeArgs {
  id: string;
  expectedVersion?: number | null;
  reason?: string | null;
}
interface OrdersArgs {
  customerId?: string | null;
  status?: string | null;
  first?: number | null;
  after?: string | null;
}
interface OrderUpdatedArgs {
  id?: string | null;
  customerId?: string | null;
}

const present = <T>(value: T | null | undefined): value is T => value !== null && value !== undefined;
const matches = (parsed: Result<string, string>, value: string): boolean => parsed.ok && parsed.value === value;

/** Resolvers over the same parsers and use cases as REST; every refusal goes through `graphQLErrorFrom`. */
export function orderResolvers(useCases: OrderUseCases): IResolvers {
  const change =
    (parse: typeof parseConfirmOrder, useCase: ConfirmOrderUseCase | ShipOrderUseCase | DeliverOrderUseCase) =>
    async (_root: unknown, args: ChangeArgs, context: MercuriusContext) => {
      const command = parse({ orderId: args.id, expectedVersion: args.expectedVersion });
      if (!command.ok) throw graphQLErrorFrom(command.error);
      const changed = await useCase.execute(actorIn(context), command.value);
      if (!changed.ok) throw graphQLErrorFrom(changed.error);
      return changed.value;
    };

  return {
    DateTime: DateTimeScalar,
    Order: {
      status: (order: OrderSnapshot) => order.status.toUpperCase(),
    },
    Query: {
      order: async (_root: unknown, args: { id: string }, context: MercuriusContext) => {
        const query = parseGetOrder({ orderId: args.id });
        if (!query.ok) throw graphQLErrorFrom(query.error);
        const found = await useCases.getOrder.execute(actorIn(context), query.value);
        if (found.ok) return found.value;
        // An order that does not exist for the caller is null; FORBIDDEN stays an error.
        if (found.error.code === 'ORDER_NOT_FOUND') return null;
        throw graphQLErrorFrom(found.error);
      },
      orders: async (_root: unknown, args: OrdersArgs, context: MercuriusContext) => {
        const query = parseListOrders({
          customerId: args.customerId,
          status: args.status?.toLowerCase(),
          limit: args.first,
          cursor: args.after,
        });
        if (!query.ok) throw graphQLErrorFrom(query.error);
        const page = await useCases.listOrders.execute(actorIn(context), query.value);
        if (!page.ok) throw graphQLErrorFrom(page.error);
        return page.value;
      },
    },
    Mutation: {
      placeOrder: async (_root: unknown, args: PlaceOrderArgs, context: MercuriusContext) => {
        const command = parsePlaceOrder({ ...args.input, idempotencyKey: args.idempotencyKey });
        if (!command.ok) throw graphQLErrorFrom(command.error, 'input');
        const placed = await useCases.placeOrder.execute(actorIn(context), command.value);
        if (!placed.ok) throw graphQLErrorFrom(placed.error, 'input');
        return placed.value.order;
      },
      confirmOrder: change(parseConfirmOrder, useCases.confirmOrder),
      shipOrder: change(parseShipOrder, useCases.shipOrder),
      deliverOrder: change(parseDeliverOrder, useCases.deliverOrder),
      cancelOrder: async (_root: unknown, args: ChangeArgs, context: MercuriusContext) => {
        const command = parseCancelOrder({
          orderId: args.id,
          reason: args.reason,
          expectedVersion: args.expectedVersion,
        });
        if (!command.ok) throw graphQLErrorFrom(command.error);
        const cancelled = await useCases.cancelOrder.execute(actorIn(context), command.value);
        if (!cancelled.ok) throw graphQLErrorFrom(cancelled.error);
        return cancelled.value;
      },
    },
    Subscription: {
      orderUpdated: {
        subscribe: mercurius.withFilter<{ orderUpdated: OrderSnapshot }, unknown, MercuriusContext, OrderUpdatedArgs>(
          // A subscription completed while mercurius was still setting it up is closed before its listener exists;
          // one added now would never be removed, so a closed one gets its ended queue instead.
          async (_root, _args, context: MercuriusContext) =>
            context.pubsub.closed ? context.pubsub.queue : context.pubsub.subscribe(ORDER_UPDATED),
          // Only what the subscriber may see (the core's rule, as for reads); then the arguments, read as the
          // parsers read them (an id in any case, a customer id trimmed): one they refuse names no order.
          (payload, args, context: MercuriusContext) =>
            canSee(actorIn(context), payload.orderUpdated) &&
            (!present(args.id) || matches(parseOrderId(args.id), payload.orderUpdated.id)) &&
            (!present(args.customerId) || matches(parseCustomerId(args.customerId), payload.orderUpdated.customerId)),
        ),
      },
    },
  } as IResolvers;
}
