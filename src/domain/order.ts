import { InvalidTransitionError, ValidationError } from './errors.js';
import type { RecordedEvent, OrderEventType } from './order-events.js';
import { checkCancellationReason, checkNewOrder } from './order-rules.js';
import { fail, ok, type Result } from './result.js';

export const ORDER_STATUSES = ['pending', 'confirmed', 'shipped', 'delivered', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export type OrderAction = 'confirm' | 'ship' | 'deliver' | 'cancel';

export interface OrderLine {
  readonly sku: string;
  readonly quantity: number;
  readonly unitPrice: number;
}

/** The order as data: what repositories store and what use cases hand to input adapters. */
export interface OrderSnapshot {
  readonly id: string;
  readonly customerId: string;
  readonly customerEmail: string;
  readonly items: readonly OrderLine[];
  readonly currency: string;
  readonly total: number;
  readonly status: OrderStatus;
  readonly cancellationReason: string | null;
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** What a customer asks for; every field is checked by `Order.place`. */
export interface NewOrder {
  readonly customerId: string;
  readonly customerEmail: string;
  readonly items: readonly OrderLine[];
  readonly currency?: string | null;
}

/** Which status each action leaves from, and where it leads. */
const TRANSITIONS: Record<OrderAction, { from: readonly OrderStatus[]; to: OrderStatus; event: OrderEventType }> = {
  confirm: { from: ['pending'], to: 'confirmed', event: 'OrderConfirmed' },
  ship: { from: ['confirmed'], to: 'shipped', event: 'OrderShipped' },
  deliver: { from: ['shipped'], to: 'delivered', event: 'OrderDelivered' },
  cancel: { from: ['pending', 'confirmed'], to: 'cancelled', event: 'OrderCancelled' },
};

/**
 * The order aggregate. Immutable: each accepted change returns a new Order one version up,
 * carrying the events recorded since it was loaded.
 */
export class Order {
  private constructor(
    private readonly state: OrderSnapshot,
    /** Events recorded since the order was placed or restored, oldest first. */
    readonly recordedEvents: readonly RecordedEvent[],
  ) {}

  /** Places a new order at version 1, or refuses it with every broken rule. */
  static place(input: NewOrder, id: string, now: Date): Result<Order, ValidationError> {
    const checked = checkNewOrder(input);
    if ('issues' in checked) return fail(new ValidationError(checked.issues));
    const state = freeze({
      id,
      ...checked.order,
      status: 'pending',
      cancellationReason: null,
      version: 1,
      createdAt: new Date(now),
      updatedAt: new Date(now),
    });
    return ok(new Order(state, [{ type: 'OrderPlaced', occurredAt: new Date(now), order: freeze(state) }]));
  }

  /** Rebuilds an order from stored data; it records no event. */
  static restore(snapshot: OrderSnapshot): Order {
    return new Order(freeze(snapshot), []);
  }

  get id(): string {
    return this.state.id;
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

  cancel(now: Date, reason?: string | null): Result<Order, InvalidTransitionError | ValidationError> {
    const checked = checkCancellationReason(reason);
    if ('issues' in checked) return fail(new ValidationError(checked.issues));
    return this.transition('cancel', now, { cancellationReason: checked.reason });
  }

  /** Whether `action` is allowed from the current status. */
  can(action: OrderAction): boolean {
    return TRANSITIONS[action].from.includes(this.state.status);
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
    const rule = TRANSITIONS[action];
    if (!rule.from.includes(this.state.status)) {
      return fail(new InvalidTransitionError(this.state.id, this.state.status, action));
    }
    const state = freeze({
      ...this.state,
      ...changes,
      status: rule.to,
      version: this.state.version + 1,
      // A clock that steps back must not make the order's history run backwards.
      updatedAt: new Date(Math.max(now.getTime(), this.state.updatedAt.getTime())),
    });
    return ok(
      new Order(state, [...this.recordedEvents, { type: rule.event, occurredAt: new Date(now), order: freeze(state) }]),
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
