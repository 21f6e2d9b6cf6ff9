import { parseCustomerId, type CustomerId } from '../../src/domain/model/values/customer-id.js';
import { parseIdempotencyKey, type IdempotencyKey } from '../../src/domain/model/values/idempotency-key.js';
import { parseOrderId, type OrderId } from '../../src/domain/model/values/order-id.js';
import { parseTenantId, type TenantId } from '../../src/domain/model/values/tenant-id.js';
import { unwrap } from './order-commands.js';

// Values a test hands straight to an outbound port, made by their parsers as the core makes them: each throws on
// a raw value the core would refuse, so a port is never tested with one it cannot receive.

export function orderIdOf(raw: string): OrderId {
  return unwrap(parseOrderId(raw));
}

export function customerIdOf(raw: string): CustomerId {
  return unwrap(parseCustomerId(raw));
}

export function idempotencyKeyOf(raw: string): IdempotencyKey {
  return unwrap(parseIdempotencyKey(raw));
}

export function tenantIdOf(raw: string): TenantId {
  return unwrap(parseTenantId(raw));
}
