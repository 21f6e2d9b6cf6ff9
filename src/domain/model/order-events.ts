import type { OrderEventType } from './order-lifecycle.js';
import type { OrderSnapshot } from './order-snapshot.js';

export type { OrderEventType } from './order-lifecycle.js';

/**
 * What an accepted change records: its type, when it happened, and the order as the change left it
 * (so `order.version` is the event's orderVersion). Notifiers choose what of the order they may share.
 */
export interface RecordedEvent<T extends OrderEventType = OrderEventType> {
  readonly type: T;
  readonly occurredAt: Date;
  readonly order: OrderSnapshot;
}

/** A recorded event once committed: its id lets every receiver drop a repeated delivery. */
export interface OrderEvent<T extends OrderEventType = OrderEventType> extends RecordedEvent<T> {
  readonly eventId: string;
}
