import type { OutboxEvent } from '../../ports/outbound/outbox-event.js';

/**
 * The Kafka record of one event (SPEC §6): ids, status and money only — no e-mail address or other personal data —
 * and, when the event was saved in a trace, its W3C `traceparent` header (SPEC §10).
 */
export function orderEventMessage(event: OutboxEvent): {
  key: string;
  value: string;
  headers: Record<string, string>;
} {
  const { order } = event;
  const value = {
    eventId: event.eventId,
    type: event.type,
    schemaVersion: 1,
    occurredAt: event.occurredAt.toISOString(),
    orderId: order.id,
    tenantId: order.tenantId,
    customerId: order.customerId,
    orderVersion: order.version,
    data: {
      status: order.status,
      total: order.total,
      currency: order.currency,
      ...(event.type === 'OrderCancelled' && { reason: order.cancellationReason }),
    },
  };
  const headers: Record<string, string> = {
    'event-type': event.type,
    'event-id': event.eventId,
    'content-type': 'application/json',
  };
  if (event.traceParent !== undefined) headers.traceparent = event.traceParent;
  return { key: order.id, value: JSON.stringify(value), headers };
}
