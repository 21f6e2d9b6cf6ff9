import { describe, expect, it } from 'vitest';
import { MemoryIdempotencyStore } from '../../src/adapters/memory/memory-idempotency-store.js';
import { ForgetExpiredIdempotencyKeys } from '../../src/domain/use-cases/forget-expired-idempotency-keys/forget-expired-idempotency-keys.js';
import { IDEMPOTENCY_RETENTION_MS } from '../../src/domain/use-cases/place-order/idempotency-policy.js';
import type { IdempotencyRequest } from '../../src/ports/outbound/idempotency-store.js';
import { STAFF_ACTOR } from '../support/actors.js';
import { FixedClock } from '../support/fixed-clock.js';
import { idempotencyKeyOf } from '../support/values.js';

function claimAt(key: string, at: Date): IdempotencyRequest {
  return {
    scope: { tenantId: STAFF_ACTOR.tenant, subject: STAFF_ACTOR.subject },
    key: idempotencyKeyOf(key),
    fingerprint: 'body',
    orderId: '00000000-0000-4000-8000-000000000001',
    at,
    expiredBefore: new Date(at.getTime() - IDEMPOTENCY_RETENTION_MS),
    abandonedBefore: new Date(at.getTime() - 30_000),
  };
}

describe('ForgetExpiredIdempotencyKeys', () => {
  it('forgets the keys first used more than the retention before now, by the clock, and keeps the others', async () => {
    const clock = new FixedClock();
    const store = new MemoryIdempotencyStore();
    await store.claim(claimAt('old', clock.now()));
    clock.advance(IDEMPOTENCY_RETENTION_MS / 2);
    await store.claim(claimAt('recent', clock.now()));
    clock.advance(IDEMPOTENCY_RETENTION_MS / 2 + 1);

    expect(await new ForgetExpiredIdempotencyKeys(store, clock).execute()).toBe(1);

    // The recent key is still held: a different body under it is another request.
    const again = await store.claim({ ...claimAt('recent', clock.now()), fingerprint: 'other body' });
    expect(again.state).toBe('mismatch');
  });
});
