import { fail, ok, type Result } from '../result.js';

/** A UUID assigned by the service, in lower case. */
export type OrderId = string & { readonly brand: 'OrderId' };

// Ids are UUIDs assigned by the service; anything else cannot name an order.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A UUID in any case names the order it spells in lower case. */
export function parseOrderId(raw: string): Result<OrderId, string> {
  return UUID.test(raw) ? ok(raw.toLowerCase() as OrderId) : fail('must be a UUID');
}
