import { InvalidTransitionError } from './errors/invalid-transition-error.js';
import { ORDER_LIFECYCLE, type OrderAction } from './order-lifecycle.js';
import type { RecordedEvent } from './order-events.js';
import type { OrderSnapshot } from './order-snapshot.js';
import { fail, ok, type Result } from './result.js';
import type { CancellationReason } from './values/cancellation-reason.js';
import type { Currency } from './values/currency.js';
import type { CustomerId } from './values/customer-id.js';
import type { EmailAddress } from './values/email-address.js';
import type { OrderId } from './values/order-id.js';
import { totalOf, type OrderLines } from './values/order-lines.js';
import type { OrderStatus } from './values/order-status.js';
import type { TenantId } from './values/tenant-id.js';

/** What it takes to place an order: each part already a valid value, so placing cannot fail. */
export interface NewOrder {
  readonly id: OrderId;
  readonly tenantId: TenantId;
  readonly customerId: CustomerId;
  readonly customerEmail: EmailAddress;
  readonly items: OrderLines;
  readonly currency: Currency;
}

/**
 * The order aggregate. Immutable: each accepted change returns a new Order one version up,
 * carrying the events recorded since it was placed or restored.
 */
export class Order {
  private constructor(
    private readonly state: OrderSnapshot,
    /** Events recorded since the order was placed or restored, oldest first. */
    readonly recordedEvents: readonly RecordedEvent[],
  ) {}

  /** Places a new order, pending at version 1, recording OrderPlaced. */
  static place(order: NewOrder, now: Date): Order {
    const state = freeze({
      id: order.id,
      tenantId: order.tenantId,
      customerId: order.customerId,
      customerEmail: order.customerEmail,
      items: order.items,
      currency: order.currency,
      total: totalOf(order.items),
      status: ORDER_LIFECYCLE.place.to,
      cancellationReason: null,
      version: 1,
      createdAt: now,
      updatedAt: now,
    });
    return new Order(state, [{ type: ORDER_LIFECYCLE.place.event, occurredAt: new Date(now), order: freeze(state) }]);
  }

  /** Rebuilds an order from stored data, which was valid when stored; it records no event. */
  static restore(snapshot: OrderSnapshot): Order {
    return new Order(freeze(snapshot), []);
  }

  get id(): OrderId {
    return this.state.id as OrderId;
  }

  get version(): number {
    return this.state.version;
  }

  get status(): OrderStatus {
    return this.state.status;
  }

  confirm(now: Date): Result<Order, InvalidTransitionError> {
    return this.transition('confirm', now, {});
  }

  ship(now: Date): Result<Order, InvalidTransitionError> {
    return this.transition('ship', now, {});
  }

  deliver(now: Date): Result<Order, InvalidTransitionError> {
    return this.transition('deliver', now, {});
  }

  /** Cancels with a reason, or with none (null). */
  cancel(now: Date, reason: CancellationReason | null): Result<Order, InvalidTransitionError> {
    return this.transition('cancel', now, { cancellationReason: reason });
  }

  /** Whether `action` is allowed from the current status. */
  can(action: OrderAction): boolean {
    const from: readonly OrderStatus[] = ORDER_LIFECYCLE[action].from;
    return from.includes(this.state.status);
  }

  /** A copy of the order's data, safe to hand out. */
  toSnapshot(): OrderSnapshot {
    return freeze(this.state);
  }

  private transition(
    action: OrderAction,
    now: Date,
    changes: Partial<Pick<OrderSnapshot, 'cancellationReason'>>,
  ): Result<Order, InvalidTransitionError> {
    if (!this.can(action)) return fail(new InvalidTransitionError(this.state.id, this.state.status, action));
    const step = ORDER_LIFECYCLE[action];
    const state = freeze({
      ...this.state,
      ...changes,
      status: step.to,
      version: this.state.version + 1,
      // A clock that steps back must not make the order's history run backwards.
      updatedAt: new Date(Math.max(now.getTime(), this.state.updatedAt.getTime())),
    });
    return ok(
      new Order(state, [...this.recordedEvents, { type: step.event, occurredAt: new Date(now), order: freeze(state) }]),
    );
  }
}

/** Deep-copies and freezes, so no holder of a snapshot can change another's. */
function freeze(snapshot: OrderSnapshot): OrderSnapshot {
  return Object.freeze({
    ...snapshot,
    items: Object.freeze(
      snapshot.items.map((line) =>
        Object.freeze({ sku: line.sku, quantity: line.quantity, unitPrice: line.unitPrice }),
      ),
    ),
    createdAt: new Date(snapshot.createdAt),
    updatedAt: new Date(snapshot.updatedAt),
  });
}
