import { fail, ok, type Result } from '../result.js';

export const ORDER_STATUSES = ['pending', 'confirmed', 'shipped', 'delivered', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** One of the statuses of SPEC §3, spelled as they are (lower case). */
export function parseOrderStatus(raw: string): Result<OrderStatus, string> {
  const status = ORDER_STATUSES.find((candidate) => candidate === raw);
  return status ? ok(status) : fail(`must be one of ${ORDER_STATUSES.join(', ')}`);
}
