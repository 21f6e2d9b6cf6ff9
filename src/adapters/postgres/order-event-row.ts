import type { OrderEvent, OrderEventType } from '../../domain/model/order-events.js';
import type { OrderSnapshot } from '../../domain/model/order-snapshot.js';

/** An event as `order_events` holds it, read by the outbox's claim and by the listener of committed changes. */
export interface OrderEventRow {
  event_id: string;
  type: OrderEventType;
  occurred_at: Date;
  payload: Omit<OrderSnapshot, 'createdAt' | 'updatedAt'> & { createdAt: string; updatedAt: string };
}

/** The event a row holds, its order's instants as dates again. */
export function orderEventOf(row: OrderEventRow): OrderEvent {
  const { payload } = row;
  return {
    eventId: row.event_id,
    type: row.type,
    occurredAt: row.occurred_at,
    // Spread and overwritten rather than taken apart with a rest pattern, which V8 runs about ten times slower: per
    // claimed event, that was the largest cost of the claim in this process.
    order: { ...payload, createdAt: new Date(payload.createdAt), updatedAt: new Date(payload.updatedAt) },
  };
}
