import type { OrderSnapshot } from '../../domain/model/order-snapshot.js';
import type { OrderEvent } from '../../domain/model/order-events.js';

/**
 * Deep copies by hand, so that nothing a caller holds shares state with what memory keeps:
 * several times faster than structuredClone for these known shapes, which the read path feels.
 */
export function copyOrder(order: OrderSnapshot): OrderSnapshot {
  return {
    id: order.id,
    tenantId: order.tenantId,
    customerId: order.customerId,
    customerEmail: order.customerEmail,
    items: order.items.map((item) => ({ sku: item.sku, quantity: item.quantity, unitPrice: item.unitPrice })),
    currency: order.currency,
    total: order.total,
    status: order.status,
    cancellationReason: order.cancellationReason,
    version: order.version,
    createdAt: new Date(order.createdAt.getTime()),
    updatedAt: new Date(order.updatedAt.getTime()),
  };
}

/** A copy of `event`; its order is `stored` when that is a copy of the same order at the same version. */
export function copyEvent(event: OrderEvent, stored?: OrderSnapshot): OrderEvent {
  const same = stored !== undefined && stored.id === event.order.id && stored.version === event.order.version;
  return {
    eventId: event.eventId,
    type: event.type,
    occurredAt: new Date(event.occurredAt.getTime()),
    order: same ? stored : copyOrder(event.order),
  };
}
