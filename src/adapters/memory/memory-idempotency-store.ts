import type { OrderSnapshot } from '../../domain/model/order-snapshot.js';
import type { IdempotencyKey } from '../../domain/model/values/idempotency-key.js';
import { copyOrder } from './copy-order.js';
import type {
  IdempotencyClaim,
  IdempotencyRequest,
  IdempotencyScope,
  IdempotencyStore,
} from '../../ports/outbound/idempotency-store.js';

interface Entry {
  readonly fingerprint: string;
  readonly orderId: string;
  readonly createdAt: number;
  claimedAt: number;
  order: OrderSnapshot | undefined;
}

/** One entry per (tenant, subject, key); JSON keeps the three apart whatever characters they hold. */
function entryKey(scope: IdempotencyScope, key: IdempotencyKey): string {
  return JSON.stringify([scope.tenantId, scope.subject, key]);
}

/** Idempotency keys in process memory; each claim is one synchronous step, so concurrent claims cannot both win. */
export class MemoryIdempotencyStore implements IdempotencyStore {
  private readonly entries = new Map<string, Entry>();

  async claim(request: IdempotencyRequest): Promise<IdempotencyClaim> {
    const at = request.at.getTime();
    const key = entryKey(request.scope, request.key);
    const entry = this.entries.get(key);
    if (!entry || entry.createdAt < request.expiredBefore.getTime()) {
      this.entries.set(key, {
        fingerprint: request.fingerprint,
        orderId: request.orderId,
        createdAt: at,
        claimedAt: at,
        order: undefined,
      });
      return { state: 'claimed', orderId: request.orderId };
    }
    if (entry.fingerprint !== request.fingerprint) return { state: 'mismatch' };
    if (entry.order) return { state: 'completed', order: copyOrder(entry.order) };
    if (entry.claimedAt < request.abandonedBefore.getTime()) {
      entry.claimedAt = at;
      return { state: 'claimed', orderId: entry.orderId };
    }
    return { state: 'in-flight' };
  }

  async complete(scope: IdempotencyScope, key: IdempotencyKey, order: OrderSnapshot): Promise<void> {
    const entry = this.entries.get(entryKey(scope, key));
    if (entry) entry.order = copyOrder(order);
  }

  async release(scope: IdempotencyScope, key: IdempotencyKey, orderId: string): Promise<void> {
    const entry = this.entries.get(entryKey(scope, key));
    if (entry && !entry.order && entry.orderId === orderId) entry.claimedAt = Number.NEGATIVE_INFINITY;
  }

  async purgeExpired(before: Date): Promise<number> {
    let purged = 0;
    for (const [key, entry] of this.entries) {
      if (entry.createdAt < before.getTime()) {
        this.entries.delete(key);
        purged++;
      }
    }
    return purged;
  }
}
