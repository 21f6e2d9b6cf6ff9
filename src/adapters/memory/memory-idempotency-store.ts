import type { OrderSnapshot } from '../../domain/model/order-snapshot.js';
import type { IdempotencyKey } from '../../domain/model/values/idempotency-key.js';
import { copyOrder } from './copy-order.js';
import type { IdempotencyClaim, IdempotencyRequest, IdempotencyStore } from '../../ports/outbound/idempotency-store.js';

interface Entry {
  readonly fingerprint: string;
  readonly orderId: string;
  readonly createdAt: number;
  claimedAt: number;
  order: OrderSnapshot | undefined;
}

/** Idempotency keys in process memory; each claim is one synchronous step, so concurrent claims cannot both win. */
export class MemoryIdempotencyStore implements IdempotencyStore {
  private readonly entries = new Map<IdempotencyKey, Entry>();

  async claim(request: IdempotencyRequest): Promise<IdempotencyClaim> {
    const at = request.at.getTime();
    const entry = this.entries.get(request.key);
    if (!entry || entry.createdAt < request.expiredBefore.getTime()) {
      this.entries.set(request.key, {
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

  async complete(key: IdempotencyKey, order: OrderSnapshot): Promise<void> {
    const entry = this.entries.get(key);
    if (entry) entry.order = copyOrder(order);
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
