import { ContainerModule } from 'inversify';
import { NOTIFIER_CIRCUITS } from '../adapters/resilience/resilience-module.js';
import { ChangeOrder } from '../domain/use-cases/change-order.js';
import { CheckReadiness } from '../domain/use-cases/check-readiness.js';
import { GetOrder } from '../domain/use-cases/get-order.js';
import { ListOrders } from '../domain/use-cases/list-orders.js';
import { PlaceOrder } from '../domain/use-cases/place-order.js';
import { ORDER_USE_CASES } from '../ports/inbound/order-use-cases.js';
import { CLOCK, type Clock } from '../ports/outbound/clock.js';
import { DEPENDENCY_CHECK, type DependencyCheck } from '../ports/outbound/dependency-check.js';
import { ID_GENERATOR, type IdGenerator } from '../ports/outbound/id-generator.js';
import { IDEMPOTENCY_STORE, type IdempotencyStore } from '../ports/outbound/idempotency-store.js';
import { ORDER_EVENT_PUBLISHER, type OrderEventPublisher } from '../ports/outbound/order-event-publisher.js';
import { ORDER_REPOSITORY, type OrderRepository } from '../ports/outbound/order-repository.js';

/**
 * The core's use cases over whichever adapters are loaded. The core's classes carry no decorators (ADR 0001), so
 * each is built here by a factory; the key list beside it is checked against the factory's parameters by `tsc`.
 */
export function useCasesModule(): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(ORDER_USE_CASES).toResolvedValue(
      (
        orders: OrderRepository,
        publisher: OrderEventPublisher,
        clock: Clock,
        ids: IdGenerator,
        idempotency: IdempotencyStore,
        dependencies: DependencyCheck[],
        notifiers: readonly DependencyCheck[],
      ) => ({
        placeOrder: new PlaceOrder(orders, publisher, clock, ids, idempotency),
        getOrder: new GetOrder(orders),
        listOrders: new ListOrders(orders),
        changeOrder: new ChangeOrder(orders, publisher, clock, ids),
        // Each notifier's circuit counts too: readiness reports an open one (as not required).
        checkReadiness: new CheckReadiness([...dependencies, ...notifiers]),
      }),
      [
        ORDER_REPOSITORY,
        ORDER_EVENT_PUBLISHER,
        CLOCK,
        ID_GENERATOR,
        IDEMPOTENCY_STORE,
        { serviceIdentifier: DEPENDENCY_CHECK, isMultiple: true },
        NOTIFIER_CIRCUITS,
      ],
    );
  });
}
