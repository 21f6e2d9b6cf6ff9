import type { OrderSnapshot } from '../../domain/model/order-snapshot.js';
import type { CustomerId } from '../../domain/model/values/customer-id.js';
import type { OrderId } from '../../domain/model/values/order-id.js';
import type { TenantId } from '../../domain/model/values/tenant-id.js';
import type { OrderStatus } from '../../domain/model/values/order-status.js';
import type { OrderPosition } from '../../domain/model/values/order-cursor.js';
import type { OrderEvent } from '../../domain/model/order-events.js';
import type { MessageId } from '../../domain/model/values/message-id.js';
import { portKey } from '../port-key.js';

/** Filters and a page window over the orders, which sort newest first, ties broken by id descending. */
export interface OrderQuery {
  /** Only this tenant's orders: every query of the repository is scoped to one tenant. */
  readonly tenantId: TenantId;
  readonly customerId?: CustomerId;
  readonly status?: OrderStatus;
  /** Only orders strictly after this position in the sort order. */
  readonly after?: OrderPosition;
  readonly limit: number;
}

/** One accepted change: the order as it now is, the version it was read at (0 for a new order), its events. */
export interface OrderChange {
  readonly order: OrderSnapshot;
  readonly expectedVersion: number;
  readonly events: readonly OrderEvent[];
  /** The message this change applies, stored with it: a change of the same message later saves as `stale`. */
  readonly messageId?: MessageId;
}

/** `stale`: the stored version was not the expected one, or the change's message was applied already; nothing was written. */
export type SaveOutcome = 'saved' | 'stale';

/** Where orders live. Implementations keep copies: nothing a caller holds can change what is stored. */
export interface OrderRepository {
  /** The tenant's order with this id, or null when the tenant has none (another tenant's order included). */
  findById(tenantId: TenantId, id: OrderId): Promise<OrderSnapshot | null>;
  /** Up to `limit` orders that match every filter, in the sort order, after `query.after`. */
  list(query: OrderQuery): Promise<OrderSnapshot[]>;
  /** Stores the order (in its own tenant) and appends its events to the OrderOutbox in one atomic step, if still at `expectedVersion`. */
  save(change: OrderChange): Promise<SaveOutcome>;
}

export const ORDER_REPOSITORY = portKey<OrderRepository>('OrderRepository');
