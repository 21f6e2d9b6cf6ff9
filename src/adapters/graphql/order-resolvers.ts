import type { IResolvers, MercuriusContext } from 'mercurius';
import mercurius from 'mercurius';
import type { OrderAction, OrderSnapshot } from '../../domain/order.js';
import type { OrderUseCases } from '../../ports/inbound/order-use-cases.js';
import { DateTimeScalar } from './date-time-scalar.js';
import { graphQLErrorFrom } from './graphql-error-from-domain.js';

export const ORDER_UPDATED = 'ORDER_UPDATED';

interface PlaceOrderArgs {
  input: {
    customerId: string;
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

/** Resolvers over the same use cases as REST; every refusal goes through `graphQLErrorFrom`. */
export function orderResolvers(useCases: OrderUseCases): IResolvers {
  const change = (action: OrderAction) => async (_root: unknown, args: ChangeArgs) => {
    const changed = await useCases.changeOrder.execute({
      orderId: args.id,
      action,
      ...(action === 'cancel' && { reason: args.reason ?? null }),
      ...(present(args.expectedVersion) && { expectedVersion: args.expectedVersion }),
    });
    if (!changed.ok) throw graphQLErrorFrom(changed.error);
    return changed.value;
  };

  return {
    DateTime: DateTimeScalar,
    Order: {
      status: (order: OrderSnapshot) => order.status.toUpperCase(),
    },
    Query: {
      order: async (_root: unknown, args: { id: string }) => {
        const found = await useCases.getOrder.execute(args.id);
        if (found.ok) return found.value;
        if (found.error.code === 'ORDER_NOT_FOUND') return null;
        throw graphQLErrorFrom(found.error);
      },
      orders: async (_root: unknown, args: OrdersArgs) => {
        const listed = await useCases.listOrders.execute({
          ...(present(args.customerId) && { customerId: args.customerId }),
          ...(present(args.status) && { status: args.status.toLowerCase() }),
          ...(present(args.first) && { limit: args.first }),
          ...(present(args.after) && { cursor: args.after }),
        });
        if (!listed.ok) throw graphQLErrorFrom(listed.error, { '/limit': '/first', '/cursor': '/after' });
        return listed.value;
      },
    },
    Mutation: {
      placeOrder: async (_root: unknown, args: PlaceOrderArgs) => {
        const placed = await useCases.placeOrder.execute(
          args.input,
          present(args.idempotencyKey) ? { idempotencyKey: args.idempotencyKey } : {},
        );
        if (!placed.ok) throw graphQLErrorFrom(placed.error, { '/idempotencyKey': '/idempotencyKey', '': '/input' });
        return placed.value.order;
      },
      confirmOrder: change('confirm'),
      shipOrder: change('ship'),
      deliverOrder: change('deliver'),
      cancelOrder: change('cancel'),
    },
    Subscription: {
      orderUpdated: {
        subscribe: mercurius.withFilter<{ orderUpdated: OrderSnapshot }, unknown, MercuriusContext, OrderUpdatedArgs>(
          async (_root, _args, context: MercuriusContext) => context.pubsub.subscribe(ORDER_UPDATED),
          (payload, args) =>
            (!present(args.id) || payload.orderUpdated.id === args.id.toLowerCase()) &&
            (!present(args.customerId) || payload.orderUpdated.customerId === args.customerId),
        ),
      },
    },
  } as IResolvers;
}
