import { MemoryIdempotencyStore } from '../../src/adapters/memory/memory-idempotency-store.js';
import { MemoryOrderRepository } from '../../src/adapters/memory/memory-order-repository.js';
import { MemoryProcessedMessages } from '../../src/adapters/memory/memory-processed-messages.js';
import type { Actor } from '../../src/domain/model/actor.js';
import type { OrderAction } from '../../src/domain/model/order-lifecycle.js';
import type { OrderSnapshot } from '../../src/domain/model/order-snapshot.js';
import type { Result } from '../../src/domain/model/result.js';
import { CancelOrder } from '../../src/domain/use-cases/cancel-order/cancel-order.js';
import { parseCancelOrder, type CancelOrderInput } from '../../src/domain/use-cases/cancel-order/parse-cancel-order.js';
import type { OrderChangeError } from '../../src/domain/use-cases/change-order/change-order.js';
import { ConfirmOrder } from '../../src/domain/use-cases/confirm-order/confirm-order.js';
import { DeliverOrder } from '../../src/domain/use-cases/deliver-order/deliver-order.js';
import { GetOrder } from '../../src/domain/use-cases/get-order/get-order.js';
import { parseGetOrder } from '../../src/domain/use-cases/get-order/parse-get-order.js';
import { ListOrders } from '../../src/domain/use-cases/list-orders/list-orders.js';
import { parseListOrders, type ListOrdersInput } from '../../src/domain/use-cases/list-orders/parse-list-orders.js';
import { parsePlaceOrder, type PlaceOrderInput } from '../../src/domain/use-cases/place-order/parse-place-order.js';
import { PlaceOrder } from '../../src/domain/use-cases/place-order/place-order.js';
import { ShipOrder } from '../../src/domain/use-cases/ship-order/ship-order.js';
import type { OrderPage } from '../../src/ports/inbound/list-orders-use-case.js';
import type { PlaceOrderCommand } from '../../src/ports/inbound/place-order-use-case.js';
import type { Clock } from '../../src/ports/outbound/clock.js';
import type { CommittedEvents } from '../../src/ports/outbound/committed-events.js';
import type { IdempotencyStore } from '../../src/ports/outbound/idempotency-store.js';
import type { IdGenerator } from '../../src/ports/outbound/id-generator.js';
import type { OrderRepository } from '../../src/ports/outbound/order-repository.js';
import type { ProcessedMessages } from '../../src/ports/outbound/processed-messages.js';
import { STAFF_ACTOR } from './actors.js';

export function unwrap<T, E>(result: Result<T, E>): T {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.error)}`);
  return result.value;
}

export function unwrapError<T, E>(result: Result<T, E>): E {
  if (result.ok) throw new Error(`expected a refusal, got ${JSON.stringify(result.value)}`);
  return result.error;
}

/** A valid new order as an input adapter receives it: two lines, 3000 minor units, USD by default. */
function placeInput(overrides: Partial<PlaceOrderInput> = {}): PlaceOrderInput {
  return {
    customerId: 'c-1',
    customerEmail: 'ann@example.com',
    items: [
      { sku: 'A-1', quantity: 2, unitPrice: 1250 },
      { sku: 'B-2', quantity: 1, unitPrice: 500 },
    ],
    ...overrides,
  };
}

/** The command `placeInput(overrides)` parses to; throws if it is refused. */
export function placeCommand(overrides: Partial<PlaceOrderInput> = {}): PlaceOrderCommand {
  return unwrap(parsePlaceOrder(placeInput(overrides)));
}

export interface CoreDependencies {
  readonly orders: OrderRepository;
  readonly committedEvents: CommittedEvents;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** A fresh memory store unless given. */
  readonly idempotency?: IdempotencyStore;
  /** The memory repository's own record unless given. */
  readonly processedMessages?: ProcessedMessages;
  /** Whom the shortcuts act for: staff of the test tenant unless given. */
  readonly actor?: Actor;
}

/** Every order use case over the same dependencies, with shortcuts that parse raw input first. */
export function orderCore(dependencies: CoreDependencies) {
  const { orders, committedEvents, clock, ids, idempotency = new MemoryIdempotencyStore() } = dependencies;
  const actor = dependencies.actor ?? STAFF_ACTOR;
  const processedMessages = dependencies.processedMessages ?? recordOf(orders);
  const changes = { orders, committedEvents, clock, ids, processedMessages };
  const useCases = {
    placeOrder: new PlaceOrder(orders, committedEvents, clock, ids, idempotency),
    getOrder: new GetOrder(orders),
    listOrders: new ListOrders(orders),
    confirmOrder: new ConfirmOrder(changes),
    shipOrder: new ShipOrder(changes),
    deliverOrder: new DeliverOrder(changes),
    cancelOrder: new CancelOrder(changes),
  };
  return {
    ...useCases,
    /** Places `placeInput(overrides)` and answers the stored order. */
    place: async (overrides: Partial<PlaceOrderInput> = {}, as: Actor = actor): Promise<OrderSnapshot> =>
      unwrap(await useCases.placeOrder.execute(as, placeCommand(overrides))).order,
    get: async (orderId: string, as: Actor = actor) =>
      useCases.getOrder.execute(as, unwrap(parseGetOrder({ orderId }))),
    list: async (input: ListOrdersInput = {}, as: Actor = actor): Promise<OrderPage> =>
      unwrap(await useCases.listOrders.execute(as, unwrap(parseListOrders(input)))),
    /** Applies one action, as the input adapters do: parse, then the action's use case. */
    change: async (
      action: OrderAction,
      input: CancelOrderInput,
      as: Actor = actor,
    ): Promise<Result<OrderSnapshot, OrderChangeError>> => {
      const command = unwrap(parseCancelOrder(input));
      switch (action) {
        case 'confirm':
          return useCases.confirmOrder.execute(as, command);
        case 'ship':
          return useCases.shipOrder.execute(as, command);
        case 'deliver':
          return useCases.deliverOrder.execute(as, command);
        case 'cancel':
          return useCases.cancelOrder.execute(as, command);
      }
    },
  };
}

// A wrapped or other repository records no message this one would see: tests that send messages pass its record.
function recordOf(orders: OrderRepository): ProcessedMessages {
  return orders instanceof MemoryOrderRepository ? orders.processedMessages : new MemoryProcessedMessages();
}
