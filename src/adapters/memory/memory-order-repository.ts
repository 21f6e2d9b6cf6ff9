import type { OrderSnapshot } from '../../domain/model/order-snapshot.js';
import type { OrderPosition } from '../../domain/model/values/order-cursor.js';
import type { OrderId } from '../../domain/model/values/order-id.js';
import type { TenantId } from '../../domain/model/values/tenant-id.js';
import { activeTraceParent } from './active-trace-parent.js';
import { copyOrder } from './copy-order.js';
import { MemoryProcessedMessages } from './memory-processed-messages.js';
import { OutboxQueues } from './outbox-queues.js';
import { StorageFullError } from '../../ports/outbound/storage-full-error.js';
import type { DependencyCheck, DependencyStatus } from '../../ports/outbound/dependency-check.js';
import type { OrderChange, OrderQuery, OrderRepository, SaveOutcome } from '../../ports/outbound/order-repository.js';

/**
 * Orders in process memory: the embedded default and the unit-test double.
 * Everything crosses the boundary as a copy, and each save is one synchronous step,
 * so it behaves like a database: conditional on the version, atomic with its events.
 */
export class MemoryOrderRepository implements OrderRepository, DependencyCheck {
  readonly name = 'repository';
  readonly required = true;

  private readonly byId = new Map<string, OrderSnapshot>();
  /** Every order in ascending sort order (oldest first), so pages read from the end. */
  private readonly sorted: OrderSnapshot[] = [];

  /**
   * `outbox`: where each save appends its events, in the same synchronous step; by default, owed to nobody.
   * `maxOrders`: how many orders it holds at most; a new one beyond them is refused with StorageFullError.
   * `processedMessages`: where a change's message is recorded, in the same synchronous step as the change.
   */
  constructor(
    private readonly outbox: OutboxQueues = new OutboxQueues([]),
    private readonly maxOrders = Number.POSITIVE_INFINITY,
    readonly processedMessages = new MemoryProcessedMessages(),
  ) {}

  async findById(tenantId: TenantId, id: OrderId): Promise<OrderSnapshot | null> {
    const order = this.byId.get(id);
    return order?.tenantId === tenantId ? copyOrder(order) : null;
  }

  async list(query: OrderQuery): Promise<OrderSnapshot[]> {
    const page: OrderSnapshot[] = [];
    let index = query.after ? lowerBound(this.sorted, query.after) - 1 : this.sorted.length - 1;
    for (; index >= 0 && page.length < query.limit; index--) {
      const order = this.sorted[index];
      if (!order || order.tenantId !== query.tenantId) continue;
      if (query.customerId !== undefined && order.customerId !== query.customerId) continue;
      if (query.status !== undefined && order.status !== query.status) continue;
      page.push(copyOrder(order));
    }
    return page;
  }

  async save(change: OrderChange): Promise<SaveOutcome> {
    const stored = this.byId.get(change.order.id);
    // Another tenant's order does not exist for this one: as PostgreSQL's row-level security sees it.
    if (stored && stored.tenantId !== change.order.tenantId) return 'stale';
    if ((stored?.version ?? 0) !== change.expectedVersion) return 'stale';
    const { messageId } = change;
    if (messageId !== undefined && this.processedMessages.has(change.order.tenantId, messageId)) return 'stale';
    if (!stored && this.byId.size >= this.maxOrders) throw new StorageFullError(this.maxOrders);
    const order = copyOrder(change.order);
    this.byId.set(order.id, order);
    const newest = this.sorted.at(-1);
    if (stored) {
      this.sorted[lowerBound(this.sorted, stored)] = order;
    } else if (newest === undefined || compare(newest, order) < 0) {
      // The usual case: a new order is the newest, and splicing a large array costs more than pushing onto it.
      this.sorted.push(order);
    } else {
      this.sorted.splice(placeNearTheEnd(this.sorted, order), 0, order);
    }
    this.outbox.append(change.events, order, activeTraceParent());
    if (messageId !== undefined) this.processedMessages.record(order.tenantId, messageId);
    return 'saved';
  }

  async check(): Promise<DependencyStatus> {
    return { status: 'ok', detail: 'memory' };
  }
}

/** Ascending by createdAt, then id: the reverse of the newest-first page order. */
function compare(a: OrderPosition, b: OrderPosition): number {
  const byTime = a.createdAt.getTime() - b.createdAt.getTime();
  if (byTime !== 0) return byTime;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** How far back from the newest order a new one is looked for before searching the whole list. */
const NEAR_THE_END = 8;

/**
 * Where a new order goes that is not the newest: one placed in the same millisecond as the newest sorts by id, so it
 * lands a place or two from the end, found by walking back rather than by a binary search over every order.
 */
function placeNearTheEnd(orders: readonly OrderSnapshot[], order: OrderSnapshot): number {
  const end = orders.length;
  for (let index = end; index > Math.max(0, end - NEAR_THE_END); index--) {
    const before = orders[index - 1];
    if (before && compare(before, order) < 0) return index;
  }
  return lowerBound(orders, order);
}

/** The index of the first order not before `position`. */
function lowerBound(orders: readonly OrderSnapshot[], position: OrderPosition): number {
  let low = 0;
  let high = orders.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const order = orders[middle];
    if (order && compare(order, position) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}
