import { ContainerModule } from 'inversify';
import { NOTIFIER_CIRCUITS } from '../adapters/resilience/resilience-module.js';
import { CancelOrder } from '../domain/use-cases/cancel-order/cancel-order.js';
import { CheckReadiness } from '../domain/use-cases/check-readiness/check-readiness.js';
import { ConfirmOrder } from '../domain/use-cases/confirm-order/confirm-order.js';
import { DeliverOrder } from '../domain/use-cases/deliver-order/deliver-order.js';
import { GetOrder } from '../domain/use-cases/get-order/get-order.js';
import { ListOrders } from '../domain/use-cases/list-orders/list-orders.js';
import { PlaceOrder } from '../domain/use-cases/place-order/place-order.js';
import { ShipOrder } from '../domain/use-cases/ship-order/ship-order.js';
import { ORDER_USE_CASES } from '../ports/inbound/order-use-cases.js';
import { CLOCK, type Clock } from '../ports/outbound/clock.js';
import { DEPENDENCY_CHECK, type DependencyCheck } from '../ports/outbound/dependency-check.js';
import { ID_GENERATOR, type IdGenerator } from '../ports/outbound/id-generator.js';
import { IDEMPOTENCY_STORE, type IdempotencyStore } from '../ports/outbound/idempotency-store.js';
import { COMMITTED_EVENTS, type CommittedEvents } from '../ports/outbound/committed-events.js';
import { ORDER_REPOSITORY, type OrderRepository } from '../ports/outbound/order-repository.js';
import { PROCESSED_MESSAGES, type ProcessedMessages } from '../ports/outbound/processed-messages.js';
import { tracedUseCases } from './traced-use-cases.js';

/**
 * The core's use cases over whichever adapters are loaded. The core's classes carry no decorators (ADR 0001), so
 * each is built here by a factory; the key list beside it is checked against the factory's parameters by `tsc`.
 * `traced`: each call is a span (SPEC §10).
 */
export function useCasesModule(traced: boolean): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(ORDER_USE_CASES).toResolvedValue(
      (
        orders: OrderRepository,
        committedEvents: CommittedEvents,
        clock: Clock,
        ids: IdGenerator,
        idempotency: IdempotencyStore,
        dependencies: DependencyCheck[],
        notifiers: readonly DependencyCheck[],
        processedMessages: ProcessedMessages,
      ) => {
        const changes = { orders, committedEvents, clock, ids, processedMessages };
        const useCases = {
          placeOrder: new PlaceOrder(orders, committedEvents, clock, ids, idempotency),
          getOrder: new GetOrder(orders),
          listOrders: new ListOrders(orders),
          confirmOrder: new ConfirmOrder(changes),
          shipOrder: new ShipOrder(changes),
          deliverOrder: new DeliverOrder(changes),
          cancelOrder: new CancelOrder(changes),
          // Each notifier's circuit counts too: readiness reports an open one (as not required).
          checkReadiness: new CheckReadiness([...dependencies, ...notifiers]),
        };
        return traced ? tracedUseCases(useCases) : useCases;
      },
      [
        ORDER_REPOSITORY,
        COMMITTED_EVENTS,
        CLOCK,
        ID_GENERATOR,
        IDEMPOTENCY_STORE,
        { serviceIdentifier: DEPENDENCY_CHECK, isMultiple: true },
        NOTIFIER_CIRCUITS,
        PROCESSED_MESSAGES,
      ],
    );
  });
}
