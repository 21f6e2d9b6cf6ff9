import { isOrderId } from './order-id.js';

/** The position after which a page continues: orders sort newest first, ties broken by id, descending. */
export interface OrderPosition {
  readonly createdAt: Date;
  readonly id: string;
}

/** Turns a position into the opaque cursor clients hand back. */
export function encodeCursor(position: OrderPosition): string {
  const json = JSON.stringify([position.createdAt.toISOString(), position.id]);
  return btoa(json).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Reads a cursor made by `encodeCursor`; undefined when it was not. */
export function decodeCursor(cursor: string): OrderPosition | undefined {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) return undefined;
  try {
    const parsed: unknown = JSON.parse(atob(cursor.replace(/-/g, '+').replace(/_/g, '/')));
    if (!Array.isArray(parsed) || parsed.length !== 2) return undefined;
    const [at, id] = parsed as unknown[];
    if (typeof at !== 'string' || typeof id !== 'string' || !isOrderId(id)) return undefined;
    const createdAt = new Date(at);
    if (Number.isNaN(createdAt.getTime()) || createdAt.toISOString() !== at) return undefined;
    return { createdAt, id: id.toLowerCase() };
  } catch {
    return undefined;
  }
}
