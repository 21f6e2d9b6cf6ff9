import { fail, ok, type Result } from '../result.js';
import { parseOrderId } from './order-id.js';

/** The position after which a page continues: orders sort newest first, ties broken by id, descending. */
export interface OrderPosition {
  readonly createdAt: Date;
  readonly id: string;
}

/** Turns a position into the opaque cursor clients hand back. */
export function encodeOrderCursor(position: OrderPosition): string {
  const json = JSON.stringify([position.createdAt.toISOString(), position.id]);
  return btoa(json).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Reads a cursor made by `encodeOrderCursor`; any other text is refused. */
export function parseOrderCursor(raw: string): Result<OrderPosition, string> {
  const position = decode(raw);
  return position ? ok(position) : fail('is not a cursor this service handed out');
}

/**
 * An instant as `toISOString` writes it for the years 0000..9999. Wider years decode in JavaScript but lie outside
 * what a store may hold (PostgreSQL's timestamps end at 4713 BC), and no order was placed then: such a cursor was
 * forged, and is refused like any other.
 */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function decode(cursor: string): OrderPosition | undefined {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) return undefined;
  try {
    const parsed: unknown = JSON.parse(atob(cursor.replace(/-/g, '+').replace(/_/g, '/')));
    if (!Array.isArray(parsed) || parsed.length !== 2) return undefined;
    const [at, rawId] = parsed as unknown[];
    if (typeof at !== 'string' || typeof rawId !== 'string' || !ISO_INSTANT.test(at)) return undefined;
    const id = parseOrderId(rawId);
    const createdAt = new Date(at);
    if (!id.ok || Number.isNaN(createdAt.getTime()) || createdAt.toISOString() !== at) return undefined;
    return { createdAt, id: id.value };
  } catch {
    return undefined;
  }
}
