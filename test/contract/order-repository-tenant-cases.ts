import { beforeEach, describe, expect, it } from 'vitest';
import type { OrderRepository } from '../../src/ports/outbound/order-repository.js';
import { customerIdOf, orderIdOf, tenantIdOf } from '../support/values.js';
import { advanced, eventOf, OTHER_TENANT, placed, T0, TENANT } from './order-repository-fixtures.js';

/**
 * The OrderRepository contract's cases about tenants: one tenant's orders do not exist for another. `current` is the
 * repository the contract made fresh for the case.
 */
export function tenantCases(current: () => OrderRepository): void {
  describe('tenants', () => {
    let repository: OrderRepository;

    beforeEach(() => {
      repository = current();
    });

    it("does not find another tenant's order", async () => {
      const order = await placed(repository);
      expect(await repository.findById(OTHER_TENANT, orderIdOf(order.id))).toBeNull();
      expect(await repository.findById(TENANT, orderIdOf(order.id))).toEqual(order);
    });

    it("lists only the tenant's orders, with or without filters", async () => {
      const mine = await placed(repository, { customerId: 'ann' });
      const theirs = await placed(repository, { tenantId: OTHER_TENANT, customerId: 'ann' });

      const ids = async (query: Parameters<OrderRepository['list']>[0]) =>
        (await repository.list(query)).map((order) => order.id);
      expect(await ids({ tenantId: TENANT, limit: 10 })).toEqual([mine.id]);
      expect(await ids({ tenantId: OTHER_TENANT, limit: 10 })).toEqual([theirs.id]);
      expect(await ids({ tenantId: OTHER_TENANT, limit: 10, customerId: customerIdOf('ann') })).toEqual([theirs.id]);
      expect(await ids({ tenantId: OTHER_TENANT, limit: 10, status: 'pending' })).toEqual([theirs.id]);
      expect(await ids({ tenantId: tenantIdOf('tenant-c'), limit: 10 })).toEqual([]);
    });

    it('stores each order in its own tenant, field for field', async () => {
      const theirs = await placed(repository, { tenantId: OTHER_TENANT });
      expect(await repository.findById(OTHER_TENANT, orderIdOf(theirs.id))).toEqual(theirs);
    });

    it("refuses a change to another tenant's order as stale, and writes nothing", async () => {
      const order = await placed(repository);
      const hijacked = advanced({ ...order, tenantId: OTHER_TENANT }, 'cancelled', new Date(T0.getTime() + 1), 'mine');
      expect(
        await repository.save({ order: hijacked, expectedVersion: 1, events: [eventOf(hijacked, 'OrderCancelled')] }),
      ).toBe('stale');
      expect(await repository.save({ order: { ...hijacked, version: 1 }, expectedVersion: 0, events: [] })).toBe(
        'stale',
      );
      expect(await repository.findById(TENANT, orderIdOf(order.id))).toEqual(order);
      expect(await repository.findById(OTHER_TENANT, orderIdOf(order.id))).toBeNull();
    });
  });
}
