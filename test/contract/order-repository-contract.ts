import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { OrderSnapshot } from '../../src/domain/model/order-snapshot.js';
import type { OrderRepository } from '../../src/ports/outbound/order-repository.js';
import { customerIdOf, orderIdOf } from '../support/values.js';
import { advanced, anOrder, eventOf, placed, T0, TENANT } from './order-repository-fixtures.js';
import { tenantCases } from './order-repository-tenant-cases.js';

export interface RepositoryUnderTest {
  /** A repository over empty storage. */
  readonly fresh: () => Promise<OrderRepository>;
  readonly teardown?: () => Promise<void>;
}

/** The one contract of the OrderRepository port, run against every adapter of it. */
export function orderRepositoryContract(name: string, subject: RepositoryUnderTest, enabled = true): void {
  describe.skipIf(!enabled)(`OrderRepository contract: ${name}`, () => {
    let repository: OrderRepository;

    beforeEach(async () => {
      repository = await subject.fresh();
    });

    afterAll(async () => {
      await subject.teardown?.();
    });

    it('returns what it stored, field for field', async () => {
      const order = await placed(repository, { currency: 'JPY', customerId: 'ünïcødé-😀' });
      expect(await repository.findById(TENANT, orderIdOf(order.id))).toEqual(order);
    });

    it('answers null for an id it never stored', async () => {
      expect(await repository.findById(TENANT, orderIdOf('00000000-0000-4000-8000-ffffffffffff'))).toBeNull();
    });

    it('keeps a change: status, reason, version and updatedAt', async () => {
      const order = await placed(repository);
      const cancelled = advanced(order, 'cancelled', new Date(T0.getTime() + 5), 'changed my mind');
      expect(
        await repository.save({ order: cancelled, expectedVersion: 1, events: [eventOf(cancelled, 'OrderCancelled')] }),
      ).toBe('saved');
      expect(await repository.findById(TENANT, orderIdOf(order.id))).toEqual(cancelled);
    });

    it('keeps its state apart from what callers hold', async () => {
      const order = anOrder();
      const mutable = structuredClone(order) as { -readonly [K in keyof OrderSnapshot]: OrderSnapshot[K] } & {
        items: { sku: string; quantity: number; unitPrice: number }[];
      };
      await repository.save({ order: mutable, expectedVersion: 0, events: [] });
      mutable.status = 'shipped';
      mutable.items[0]!.quantity = 999;
      mutable.createdAt.setTime(0);

      const read = (await repository.findById(TENANT, orderIdOf(order.id))) as OrderSnapshot & {
        items: { quantity: number }[];
      };
      expect(read).toEqual(order);
      read.items[0]!.quantity = 7;
      read.updatedAt.setTime(0);
      expect(await repository.findById(TENANT, orderIdOf(order.id))).toEqual(order);
      const [listed] = await repository.list({ tenantId: TENANT, limit: 10 });
      expect(listed).toEqual(order);
    });

    it('refuses a save based on a stale version, and writes nothing', async () => {
      const order = await placed(repository);
      const confirmed = advanced(order, 'confirmed', new Date(T0.getTime() + 1));
      expect(await repository.save({ order: confirmed, expectedVersion: 1, events: [] })).toBe('saved');

      const staleCancel = advanced(order, 'cancelled', new Date(T0.getTime() + 2), 'late');
      expect(
        await repository.save({
          order: staleCancel,
          expectedVersion: 1,
          events: [eventOf(staleCancel, 'OrderCancelled')],
        }),
      ).toBe('stale');
      expect(await repository.findById(TENANT, orderIdOf(order.id))).toEqual(confirmed);
    });

    it('refuses to place an order whose id is already stored', async () => {
      const order = await placed(repository);
      const twin = { ...anOrder(), id: order.id, customerId: 'someone-else' };
      expect(await repository.save({ order: twin, expectedVersion: 0, events: [] })).toBe('stale');
      expect(await repository.findById(TENANT, orderIdOf(order.id))).toEqual(order);
    });

    it('lets exactly one of 20 concurrent saves of the same version win', async () => {
      const order = await placed(repository);
      const attempts = Array.from({ length: 20 }, (_, index) =>
        advanced(
          order,
          index % 2 ? 'confirmed' : 'cancelled',
          new Date(T0.getTime() + index + 1),
          index % 2 ? null : `r${index}`,
        ),
      );
      const outcomes = await Promise.all(
        attempts.map((attempt) =>
          repository.save({ order: attempt, expectedVersion: 1, events: [eventOf(attempt, 'OrderConfirmed')] }),
        ),
      );
      expect(outcomes.filter((outcome) => outcome === 'saved')).toHaveLength(1);
      expect(outcomes.filter((outcome) => outcome === 'stale')).toHaveLength(19);
      const winner = attempts[outcomes.indexOf('saved')];
      expect(await repository.findById(TENANT, orderIdOf(order.id))).toEqual(winner);
    });

    it('lets exactly one of 20 concurrent placements of one id win', async () => {
      const first = anOrder();
      const outcomes = await Promise.all(
        Array.from({ length: 20 }, (_, index) =>
          repository.save({ order: { ...first, customerId: `c-${index}` }, expectedVersion: 0, events: [] }),
        ),
      );
      expect(outcomes.filter((outcome) => outcome === 'saved')).toHaveLength(1);
      const stored = await repository.findById(TENANT, orderIdOf(first.id));
      expect(stored?.customerId).toBe(`c-${outcomes.indexOf('saved')}`);
    });

    it('lists newest first, ties broken by id descending', async () => {
      const older = await placed(repository, { createdAt: new Date(T0.getTime() - 1000) });
      const a = await placed(repository);
      const b = await placed(repository);
      const newer = await placed(repository, { createdAt: new Date(T0.getTime() + 1000) });
      const ids = (await repository.list({ tenantId: TENANT, limit: 10 })).map((order) => order.id);
      expect(ids).toEqual([newer.id, ...[a.id, b.id].sort().reverse(), older.id]);
    });

    it('pages across equal timestamps with no duplicate and no gap', async () => {
      const stored: OrderSnapshot[] = [];
      for (let index = 0; index < 37; index++)
        stored.push(await placed(repository, { createdAt: index < 30 ? T0 : new Date(T0.getTime() + 1) }));
      const seen: string[] = [];
      let after: OrderSnapshot | undefined;
      for (let pages = 0; pages < 20; pages++) {
        const page = await repository.list({
          tenantId: TENANT,
          limit: 5,
          ...(after && { after: { createdAt: after.createdAt, id: after.id } }),
        });
        seen.push(...page.map((order) => order.id));
        if (page.length < 5) break;
        after = page[page.length - 1];
      }
      expect(seen).toHaveLength(37);
      expect(new Set(seen).size).toBe(37);
      expect(new Set(seen)).toEqual(new Set(stored.map((order) => order.id)));
    });

    it('continues a page strictly after its position', async () => {
      const orders = [];
      for (let index = 0; index < 4; index++)
        orders.push(await placed(repository, { createdAt: new Date(T0.getTime() + index) }));
      const [newest, second] = await repository.list({ tenantId: TENANT, limit: 2 });
      const rest = await repository.list({
        tenantId: TENANT,
        limit: 10,
        after: { createdAt: second!.createdAt, id: second!.id },
      });
      expect([newest, second, ...rest].map((order) => order!.id)).toEqual(orders.map((order) => order.id).reverse());
    });

    it('filters by customer, by status, and by both', async () => {
      const annPending = await placed(repository, { customerId: 'ann' });
      const annConfirmedBase = await placed(repository, { customerId: 'ann', createdAt: new Date(T0.getTime() + 1) });
      const annConfirmed = advanced(annConfirmedBase, 'confirmed', new Date(T0.getTime() + 2));
      await repository.save({ order: annConfirmed, expectedVersion: 1, events: [] });
      const bobPending = await placed(repository, { customerId: 'bob', createdAt: new Date(T0.getTime() + 3) });

      const ids = async (query: Parameters<OrderRepository['list']>[0]) =>
        (await repository.list(query)).map((order) => order.id);
      expect(await ids({ tenantId: TENANT, limit: 10, customerId: customerIdOf('ann') })).toEqual([
        annConfirmed.id,
        annPending.id,
      ]);
      expect(await ids({ tenantId: TENANT, limit: 10, status: 'pending' })).toEqual([bobPending.id, annPending.id]);
      expect(await ids({ tenantId: TENANT, limit: 10, customerId: customerIdOf('ann'), status: 'confirmed' })).toEqual([
        annConfirmed.id,
      ]);
      expect(await ids({ tenantId: TENANT, limit: 10, customerId: customerIdOf('carol') })).toEqual([]);
      expect(await ids({ tenantId: TENANT, limit: 10, status: 'delivered' })).toEqual([]);
    });

    it('pages within a filter', async () => {
      const mine: string[] = [];
      for (let index = 0; index < 12; index++) {
        const order = await placed(repository, { customerId: index % 3 === 0 ? 'me' : 'other' });
        if (index % 3 === 0) mine.push(order.id);
      }
      const first = await repository.list({ tenantId: TENANT, limit: 3, customerId: customerIdOf('me') });
      const last = first[first.length - 1]!;
      const second = await repository.list({
        tenantId: TENANT,
        limit: 3,
        customerId: customerIdOf('me'),
        after: { createdAt: last.createdAt, id: last.id },
      });
      expect([...first, ...second].map((order) => order.id).sort()).toEqual([...mine].sort());
    });

    tenantCases(() => repository);

    it('returns at most limit orders, and none from empty storage', async () => {
      expect(await repository.list({ tenantId: TENANT, limit: 5 })).toEqual([]);
      for (let index = 0; index < 3; index++) await placed(repository);
      expect(await repository.list({ tenantId: TENANT, limit: 2 })).toHaveLength(2);
    });
  });
}
