import type { NewOrder } from './order.js';
import { OrderLimits } from './order-rules.js';

/** How long a placed order is remembered under its Idempotency-Key (SPEC §7). */
export const IDEMPOTENCY_RETENTION_MS = 24 * 60 * 60 * 1000;
/** How long a claim may stay in flight before another request may take it over, keeping its order id. */
export const IDEMPOTENCY_LEASE_MS = 30_000;

const KEY = /^[\x20-\x7E]{1,255}$/;

/** 1..255 printable ASCII characters. */
export function isIdempotencyKey(key: string): boolean {
  return KEY.test(key);
}

/** The request as a canonical string: the same order in any key order or spacing fingerprints the same. */
export function fingerprintOf(order: NewOrder): string {
  return canonical({
    customerId: order.customerId,
    customerEmail: order.customerEmail,
    items: order.items,
    // An omitted currency is the default one, however the input adapter spelled it.
    currency: order.currency ?? OrderLimits.defaultCurrency,
  });
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, entry]) => entry !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([name, entry]) => `${JSON.stringify(name)}:${canonical(entry)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
