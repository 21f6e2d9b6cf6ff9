import type { OrderSnapshot } from '../../domain/model/order-snapshot.js';
import { fail, ok, type Result } from '../../domain/model/result.js';
import type { OrderJson } from './order-schemas.js';

export function orderJson(order: OrderSnapshot): OrderJson {
  // The response schema's serializer writes only a line's own three fields, and changes none: the lines are lent.
  const items = order.items as OrderJson['items'];
  return {
    id: order.id,
    customerId: order.customerId,
    customerEmail: order.customerEmail,
    items,
    currency: order.currency,
    total: order.total,
    status: order.status,
    cancellationReason: order.cancellationReason,
    version: order.version,
    createdAt: order.createdAt.toISOString(),
    updatedAt: order.updatedAt.toISOString(),
  };
}

/** The strong validator of a representation: its version. */
export function etagOf(order: OrderSnapshot): string {
  return `"${order.version}"`;
}

/**
 * Reads `If-Match` as the version a change expects: `"3"` pins version 3, `*` or no header pins nothing.
 * Weak tags never match (RFC 9110 uses strong comparison here), so they pin an impossible version.
 */
export function versionFromIfMatch(header: string | undefined): Result<number | undefined, string> {
  if (header === undefined || header.trim() === '*') return ok(undefined);
  const match = /^\s*(W\/)?"(\d{1,9})"\s*$/.exec(header);
  if (!match?.[2]) return fail('must be an ETag of this API, e.g. "3", or *');
  return ok(match[1] ? 0 : Number(match[2]));
}
