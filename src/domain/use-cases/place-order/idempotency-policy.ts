import type { NewOrder } from '../../model/order.js';

/** How long a placed order is remembered under its Idempotency-Key (SPEC §7). */
export const IDEMPOTENCY_RETENTION_MS = 24 * 60 * 60 * 1000;
/** How long a claim may stay in flight before another request may take it over, keeping its order id. */
export const IDEMPOTENCY_LEASE_MS = 30_000;

/**
 * The order a request asks for (its customer resolved), as a canonical string: JSON with every key in code-unit order, so the same
 * order fingerprints the same however it was sent. Stored fingerprints outlive a release: keep the format.
 */
export function fingerprintOf(command: Omit<NewOrder, 'id' | 'tenantId'>): string {
  return JSON.stringify({
    currency: command.currency,
    customerEmail: command.customerEmail,
    customerId: command.customerId,
    items: command.items.map((line) => ({ quantity: line.quantity, sku: line.sku, unitPrice: line.unitPrice })),
  });
}
