import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { OrderSnapshot } from '../../src/domain/model/order-snapshot.js';
import type {
  IdempotencyRequest,
  IdempotencyScope,
  IdempotencyStore,
} from '../../src/ports/outbound/idempotency-store.js';
import { idempotencyKeyOf, tenantIdOf } from '../support/values.js';

export interface IdempotencyStoreUnderTest {
  readonly fresh: () => Promise<IdempotencyStore>;
  readonly teardown?: () => Promise<void>;
}

const T0 = new Date('2026-01-01T00:00:00.000Z');
const HOUR = 3_600_000;
let sequence = 0;

/** Whose keys a request uses unless a case says otherwise. */
const SCOPE: IdempotencyScope = { tenantId: tenantIdOf('tenant-a'), subject: 'subject-1' };

function request(key: string, overrides: Partial<IdempotencyRequest> = {}): IdempotencyRequest {
  sequence++;
  const at = overrides.at ?? T0;
  return {
    scope: SCOPE,
    key: idempotencyKeyOf(key),
    fingerprint: 'body-1',
    orderId: `40000000-0000-4000-8000-${String(sequence).padStart(12, '0')}`,
    at,
    expiredBefore: new Date(at.getTime() - 24 * HOUR),
    abandonedBefore: new Date(at.getTime() - 30_000),
    ...overrides,
  };
}

function anOrder(id: string, tenantId: string = SCOPE.tenantId): OrderSnapshot {
  return {
    id,
    tenantId,
    customerId: 'c-1',
    customerEmail: 'ada@example.com',
    items: [{ sku: 'BOOK-42', quantity: 2, unitPrice: 1250 }],
    currency: 'USD',
    total: 2500,
    status: 'pending',
    cancellationReason: null,
    version: 1,
    createdAt: T0,
    updatedAt: T0,
  };
}

/** The one contract of the IdempotencyStore port, run against every adapter of it. */
export function idempotencyStoreContract(name: string, subject: IdempotencyStoreUnderTest, enabled = true): void {
  describe.skipIf(!enabled)(`IdempotencyStore contract: ${name}`, () => {
    let store: IdempotencyStore;

    beforeEach(async () => {
      store = await subject.fresh();
    });

    afterAll(async () => {
      await subject.teardown?.();
    });

    it('lets the first request with a key claim it, with the order id it proposed', async () => {
      const first = request('k-1');
      expect(await store.claim(first)).toEqual({ state: 'claimed', orderId: first.orderId });
    });

    it('answers a repeat while the first is in flight with in-flight', async () => {
      await store.claim(request('k-1'));
      expect(await store.claim(request('k-1', { at: new Date(T0.getTime() + 1000) }))).toEqual({ state: 'in-flight' });
    });

    it('replays the completed order to a repeat with the same fingerprint, field for field', async () => {
      const first = request('k-1');
      await store.claim(first);
      const order = anOrder(first.orderId);
      await store.complete(first.scope, first.key, order);
      expect(await store.claim(request('k-1', { at: new Date(T0.getTime() + HOUR) }))).toEqual({
        state: 'completed',
        order,
      });
    });

    it('refuses the same key with another fingerprint, in flight or completed', async () => {
      const first = request('k-1');
      await store.claim(first);
      expect(await store.claim(request('k-1', { fingerprint: 'body-2' }))).toEqual({ state: 'mismatch' });
      await store.complete(first.scope, first.key, anOrder(first.orderId));
      expect(await store.claim(request('k-1', { fingerprint: 'body-2' }))).toEqual({ state: 'mismatch' });
    });

    it('lets exactly one of 20 concurrent claims of one key win', async () => {
      const claims = await Promise.all(Array.from({ length: 20 }, () => store.claim(request('k-race'))));
      expect(claims.filter((claim) => claim.state === 'claimed')).toHaveLength(1);
      expect(claims.filter((claim) => claim.state === 'in-flight')).toHaveLength(19);
    });

    it("hands an abandoned claim over with the first claimant's order id", async () => {
      const first = request('k-1');
      await store.claim(first);
      const later = request('k-1', { at: new Date(T0.getTime() + 60_000) });
      expect(await store.claim(later)).toEqual({ state: 'claimed', orderId: first.orderId });
      // The new holder has a fresh lease.
      expect((await store.claim(request('k-1', { at: new Date(T0.getTime() + 61_000) }))).state).toBe('in-flight');
    });

    it("hands a released claim over at once, with the first claimant's order id", async () => {
      const first = request('k-1');
      await store.claim(first);
      await store.release(first.scope, first.key, first.orderId);
      const next = request('k-1', { at: new Date(T0.getTime() + 1000) });
      expect(await store.claim(next)).toEqual({ state: 'claimed', orderId: first.orderId });
      expect((await store.claim(request('k-1', { at: new Date(T0.getTime() + 2000) }))).state).toBe('in-flight');
    });

    it('releases only the claim taken for that order id, and never a completed key', async () => {
      const first = request('k-1');
      await store.claim(first);
      await store.release(first.scope, first.key, request('k-1').orderId);
      expect(await store.claim(request('k-1', { at: new Date(T0.getTime() + 1000) }))).toEqual({ state: 'in-flight' });
      const order = anOrder(first.orderId);
      await store.complete(first.scope, first.key, order);
      await store.release(first.scope, first.key, first.orderId);
      expect(await store.claim(request('k-1', { at: new Date(T0.getTime() + 2000) }))).toEqual({
        state: 'completed',
        order,
      });
    });

    it('treats a key older than its retention as unused, whatever its fingerprint', async () => {
      const first = request('k-1');
      await store.claim(first);
      await store.complete(first.scope, first.key, anOrder(first.orderId));
      const dayLater = request('k-1', { at: new Date(T0.getTime() + 25 * HOUR), fingerprint: 'body-2' });
      expect(await store.claim(dayLater)).toEqual({ state: 'claimed', orderId: dayLater.orderId });
    });

    it('purges keys first used before a given instant, and only those', async () => {
      const old = request('k-old');
      await store.claim(old);
      await store.complete(old.scope, old.key, anOrder(old.orderId));
      await store.claim(request('k-new', { at: new Date(T0.getTime() + 2 * HOUR) }));
      expect(await store.purgeExpired(new Date(T0.getTime() + HOUR))).toBe(1);
      const reused = request('k-old', { fingerprint: 'body-2', at: new Date(T0.getTime() + 2 * HOUR) });
      expect((await store.claim(reused)).state).toBe('claimed');
      expect((await store.claim(request('k-new', { at: new Date(T0.getTime() + 2 * HOUR + 1) }))).state).toBe(
        'in-flight',
      );
    });

    describe('scopes', () => {
      const otherTenant: IdempotencyScope = { ...SCOPE, tenantId: tenantIdOf('tenant-b') };
      const otherSubject: IdempotencyScope = { ...SCOPE, subject: 'subject-2' };

      for (const [what, other] of [
        ['the same key in another tenant', otherTenant],
        ['the same key for another subject of the same tenant', otherSubject],
      ] as const) {
        it(`keeps ${what} independent: claimed, completed and replayed on its own`, async () => {
          const mine = request('k-1');
          await store.claim(mine);
          const order = anOrder(mine.orderId);
          await store.complete(mine.scope, mine.key, order);

          const theirs = request('k-1', { scope: other, fingerprint: 'body-2' });
          expect(await store.claim(theirs)).toEqual({ state: 'claimed', orderId: theirs.orderId });
          expect(await store.claim(request('k-1', { scope: other, fingerprint: 'body-2' }))).toEqual({
            state: 'in-flight',
          });
          const their = anOrder(theirs.orderId, other.tenantId);
          await store.complete(other, theirs.key, their);

          expect(await store.claim(request('k-1'))).toEqual({ state: 'completed', order });
          expect(await store.claim(request('k-1', { scope: other, fingerprint: 'body-2' }))).toEqual({
            state: 'completed',
            order: their,
          });
        });
      }

      it('completes a key only in its own scope', async () => {
        const mine = request('k-1');
        await store.claim(mine);
        await store.complete(otherTenant, mine.key, anOrder(mine.orderId, otherTenant.tenantId));
        await store.complete(otherSubject, mine.key, anOrder(mine.orderId));
        expect(await store.claim(request('k-1'))).toEqual({ state: 'in-flight' });
      });

      it('purges expired keys of every scope', async () => {
        for (const scope of [SCOPE, otherTenant, otherSubject]) await store.claim(request('k-old', { scope }));
        await store.claim(request('k-new', { scope: otherTenant, at: new Date(T0.getTime() + 2 * HOUR) }));
        expect(await store.purgeExpired(new Date(T0.getTime() + HOUR))).toBe(3);
      });
    });

    it('keeps keys apart, including long and unusual ones', async () => {
      const long = 'k'.repeat(255);
      const odd = ' !"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';
      expect((await store.claim(request(long))).state).toBe('claimed');
      expect((await store.claim(request(odd))).state).toBe('claimed');
      expect((await store.claim(request(long.slice(1)))).state).toBe('claimed');
    });
  });
}
