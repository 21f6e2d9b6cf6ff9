import { describe, expect, it } from 'vitest';
import { MemoryOrderRepository } from '../../src/adapters/memory/memory-order-repository.js';
import { OutboxQueues } from '../../src/adapters/memory/outbox-queues.js';
import type { OrderEvent } from '../../src/domain/model/order-events.js';
import type { OrderLine, OrderSnapshot } from '../../src/domain/model/order-snapshot.js';
import type { OrderQuery } from '../../src/ports/outbound/order-repository.js';
import { parseTenantId } from '../../src/domain/model/values/tenant-id.js';
import { MemoryStore } from '../support/memory-store.js';
import { unwrap } from '../support/order-commands.js';
import { SequentialIds } from '../support/sequential-ids.js';
import { TEST_TENANT } from '../support/tokens.js';
import { customerIdOf, orderIdOf } from '../support/values.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type MutableSnapshot = Omit<Mutable<OrderSnapshot>, 'items'> & { items: Array<Mutable<OrderLine>> };

const TENANT = unwrap(parseTenantId(TEST_TENANT));
const START = Date.parse('2026-01-01T00:00:00.000Z');

/** A plain, unfrozen order snapshot, so tests can change it the way a careless caller might. */
function snapshot(n: number, overrides: Partial<MutableSnapshot> = {}): MutableSnapshot {
  return {
    id: SequentialIds.uuid(n),
    tenantId: TEST_TENANT,
    customerId: 'c-1',
    customerEmail: 'ann@example.com',
    items: [{ sku: 'A-1', quantity: 2, unitPrice: 1250 }],
    currency: 'USD',
    total: 2500,
    status: 'pending',
    cancellationReason: null,
    version: 1,
    createdAt: new Date(START),
    updatedAt: new Date(START),
    ...overrides,
  };
}

function eventFor(order: OrderSnapshot, n: number): OrderEvent {
  const type = order.version === 1 ? 'OrderPlaced' : 'OrderConfirmed';
  return { type, eventId: SequentialIds.uuid(1000 + n), occurredAt: new Date(order.updatedAt), order };
}

async function insert(repository: MemoryOrderRepository, order: OrderSnapshot): Promise<void> {
  expect(await repository.save({ order, expectedVersion: 0, events: [eventFor(order, order.version)] })).toBe('saved');
}

describe('MemoryOrderRepository', () => {
  it('finds a saved order by id, as an equal copy', async () => {
    const repository = new MemoryOrderRepository();
    const order = snapshot(1);
    await insert(repository, order);
    const found = await repository.findById(TENANT, orderIdOf(order.id));
    expect(found).toEqual(order);
    expect(found).not.toBe(order);
  });

  it('finds nothing for an unknown id', async () => {
    const repository = new MemoryOrderRepository();
    await insert(repository, snapshot(1));
    expect(await repository.findById(TENANT, orderIdOf(SequentialIds.uuid(2)))).toBeNull();
  });

  it('replaces an order when saved at its stored version', async () => {
    const repository = new MemoryOrderRepository();
    const order = snapshot(1);
    await insert(repository, order);
    const confirmed = snapshot(1, { status: 'confirmed', version: 2, updatedAt: new Date(START + 1) });

    expect(await repository.save({ order: confirmed, expectedVersion: 1, events: [eventFor(confirmed, 2)] })).toBe(
      'saved',
    );

    expect(await repository.findById(TENANT, orderIdOf(order.id))).toEqual(confirmed);
    expect(await repository.list({ tenantId: TENANT, limit: 10 })).toEqual([confirmed]);
  });

  describe('keeps its own copies', () => {
    it('is not changed when the caller mutates the order it saved', async () => {
      const repository = new MemoryOrderRepository();
      const order = snapshot(1);
      const original = structuredClone(order);
      await insert(repository, order);

      order.status = 'delivered';
      order.customerId = 'mallory';
      order.items[0]!.quantity = 999;
      order.items.push({ sku: 'EXTRA', quantity: 1, unitPrice: 1 });
      order.createdAt.setTime(0);
      order.updatedAt.setTime(0);

      expect(await repository.findById(TENANT, orderIdOf(original.id))).toEqual(original);
      expect(await repository.list({ tenantId: TENANT, limit: 10 })).toEqual([original]);
    });

    it('is not changed when the caller mutates an order it found', async () => {
      const repository = new MemoryOrderRepository();
      const order = snapshot(1);
      await insert(repository, order);

      const found = (await repository.findById(TENANT, orderIdOf(order.id))) as MutableSnapshot;
      found.status = 'cancelled';
      found.items[0]!.sku = 'CHANGED';
      found.items.pop();
      found.createdAt.setTime(0);

      expect(await repository.findById(TENANT, orderIdOf(order.id))).toEqual(snapshot(1));
    });

    it('is not changed when the caller mutates a listed order', async () => {
      const repository = new MemoryOrderRepository();
      await insert(repository, snapshot(1));

      const [listed] = (await repository.list({ tenantId: TENANT, limit: 10 })) as MutableSnapshot[];
      if (!listed) throw new Error('expected one listed order');
      listed.version = 42;
      listed.items[0]!.unitPrice = 1;
      listed.updatedAt.setTime(0);

      expect(await repository.findById(TENANT, orderIdOf(listed.id))).toEqual(snapshot(1));
      expect(await repository.list({ tenantId: TENANT, limit: 10 })).toEqual([snapshot(1)]);
    });

    it('hands out a different copy on every read', async () => {
      const repository = new MemoryOrderRepository();
      await insert(repository, snapshot(1));
      const first = await repository.findById(TENANT, orderIdOf(SequentialIds.uuid(1)));
      const second = await repository.findById(TENANT, orderIdOf(SequentialIds.uuid(1)));
      expect(first).toEqual(second);
      expect(first).not.toBe(second);
      expect(first?.items).not.toBe(second?.items);
      expect(first?.createdAt).not.toBe(second?.createdAt);
    });

    it('keeps in the outbox what was saved, whatever the caller does to its events afterwards', async () => {
      const repository = new MemoryStore();
      const order = snapshot(1);
      const events: Array<Mutable<OrderEvent>> = [eventFor(order, 1)];
      await repository.save({ order, expectedVersion: 0, events });
      const expected = structuredClone(events);

      events[0]!.type = 'OrderCancelled';
      (events[0]!.order.items[0] as Mutable<OrderLine>).quantity = 9999;
      events.push(eventFor(order, 2));

      expect(await repository.committedEvents()).toEqual(expected);
    });
  });

  describe('saves only at the expected version', () => {
    it('refuses a change based on a stale version and writes nothing', async () => {
      const repository = new MemoryStore();
      const order = snapshot(1);
      await insert(repository, order);
      const confirmed = snapshot(1, { status: 'confirmed', version: 2 });
      await repository.save({ order: confirmed, expectedVersion: 1, events: [eventFor(confirmed, 2)] });
      const eventsBefore = await repository.committedEvents();

      const cancelled = snapshot(1, { status: 'cancelled', version: 2, cancellationReason: 'late' });
      const outcome = await repository.save({ order: cancelled, expectedVersion: 1, events: [eventFor(cancelled, 3)] });

      expect(outcome).toBe('stale');
      expect(await repository.findById(TENANT, orderIdOf(order.id))).toEqual(confirmed);
      expect(await repository.committedEvents()).toEqual(eventsBefore);
    });

    it('refuses a second insert of the same id', async () => {
      const repository = new MemoryStore();
      await insert(repository, snapshot(1));
      const duplicate = snapshot(1, { customerId: 'someone-else' });

      expect(await repository.save({ order: duplicate, expectedVersion: 0, events: [eventFor(duplicate, 9)] })).toBe(
        'stale',
      );
      expect((await repository.findById(TENANT, orderIdOf(duplicate.id)))?.customerId).toBe('c-1');
      expect(await repository.list({ tenantId: TENANT, limit: 10 })).toHaveLength(1);
      expect(await repository.committedEvents()).toHaveLength(1);
    });

    it('refuses an update of an order that does not exist', async () => {
      const repository = new MemoryStore();
      const ghost = snapshot(5, { version: 2, status: 'confirmed' });
      expect(await repository.save({ order: ghost, expectedVersion: 1, events: [eventFor(ghost, 1)] })).toBe('stale');
      expect(await repository.findById(TENANT, orderIdOf(ghost.id))).toBeNull();
      expect(await repository.list({ tenantId: TENANT, limit: 10 })).toEqual([]);
      expect(await repository.committedEvents()).toEqual([]);
    });

    it('refuses a version ahead of the stored one', async () => {
      const repository = new MemoryStore();
      await insert(repository, snapshot(1));
      const ahead = snapshot(1, { version: 4, status: 'delivered' });
      expect(await repository.save({ order: ahead, expectedVersion: 3, events: [] })).toBe('stale');
      expect((await repository.findById(TENANT, orderIdOf(ahead.id)))?.version).toBe(1);
    });
  });

  describe('appending to the outbox', () => {
    it('appends every committed event, oldest first', async () => {
      const repository = new MemoryStore();
      const first = snapshot(1);
      const second = snapshot(2);
      await insert(repository, first);
      await insert(repository, second);
      const confirmed = snapshot(1, { status: 'confirmed', version: 2 });
      await repository.save({ order: confirmed, expectedVersion: 1, events: [eventFor(confirmed, 2)] });

      expect(await repository.committedEvents()).toEqual([
        eventFor(first, 1),
        eventFor(second, 1),
        eventFor(confirmed, 2),
      ]);
    });

    it('keeps all events of one change, in the order given', async () => {
      const repository = new MemoryStore();
      const order = snapshot(1);
      const events = [eventFor(order, 1), eventFor(snapshot(1, { version: 2, status: 'confirmed' }), 2)];
      await repository.save({ order: snapshot(1, { version: 2, status: 'confirmed' }), expectedVersion: 0, events });
      expect(await repository.committedEvents()).toEqual(events);
    });

    it('holds nothing before anything is saved', async () => {
      expect(await new MemoryStore().committedEvents()).toEqual([]);
    });

    it('keeps no event that no notifier is owed, so memory does not grow with the history', async () => {
      const queues = new OutboxQueues([]);
      const repository = new MemoryOrderRepository(queues);
      await insert(repository, snapshot(1));
      expect(queues.pending.size).toBe(0);
    });
  });

  describe('list', () => {
    it('pages newest first however the orders of one millisecond arrive, and one placed long before', async () => {
      const repository = new MemoryOrderRepository();
      // Ids descending, then interleaved: each lands before the newest, some near the end and some far from it.
      const sameInstant = [...Array.from({ length: 20 }, (_, i) => 40 - i), ...[41, 3, 45, 2, 44, 1, 43, 42]];
      for (const n of sameInstant) await insert(repository, snapshot(n));
      await insert(repository, snapshot(99, { createdAt: new Date(START - 60_000) }));

      const ids = (await repository.list({ tenantId: TENANT, limit: 100 })).map((order) => order.id);

      const expected = [...sameInstant].sort((a, b) => b - a).map((n) => SequentialIds.uuid(n));
      expect(ids).toEqual([...expected, SequentialIds.uuid(99)]);
    });

    async function seeded(): Promise<{ repository: MemoryOrderRepository; orders: MutableSnapshot[] }> {
      const repository = new MemoryOrderRepository();
      // Saved out of order on purpose; two pairs share a timestamp.
      const orders = [
        snapshot(3, { createdAt: new Date(START + 2_000), customerId: 'ann' }),
        snapshot(1, { createdAt: new Date(START), customerId: 'bob' }),
        snapshot(5, { createdAt: new Date(START + 2_000), customerId: 'bob', status: 'confirmed' }),
        snapshot(2, { createdAt: new Date(START + 1_000), customerId: 'ann', status: 'confirmed' }),
        snapshot(4, { createdAt: new Date(START), customerId: 'ann' }),
      ];
      for (const order of orders) await insert(repository, order);
      return { repository, orders };
    }

    it('sorts newest first, ties broken by id descending', async () => {
      const { repository } = await seeded();
      expect((await repository.list({ tenantId: TENANT, limit: 10 })).map((order) => order.id)).toEqual(
        [5, 3, 2, 4, 1].map((n) => SequentialIds.uuid(n)),
      );
    });

    it('returns at most limit orders', async () => {
      const { repository } = await seeded();
      expect((await repository.list({ tenantId: TENANT, limit: 2 })).map((order) => order.id)).toEqual(
        [5, 3].map((n) => SequentialIds.uuid(n)),
      );
    });

    it('continues strictly after a position', async () => {
      const { repository } = await seeded();
      const after = { createdAt: new Date(START + 2_000), id: SequentialIds.uuid(3) };
      expect((await repository.list({ tenantId: TENANT, limit: 10, after })).map((order) => order.id)).toEqual(
        [2, 4, 1].map((n) => SequentialIds.uuid(n)),
      );
    });

    it('filters by customerId and status', async () => {
      const { repository } = await seeded();
      const ids = async (query: Parameters<MemoryOrderRepository['list']>[0]): Promise<string[]> =>
        (await repository.list(query)).map((order) => order.id);
      expect(await ids({ tenantId: TENANT, limit: 10, customerId: customerIdOf('ann') })).toEqual(
        [3, 2, 4].map((n) => SequentialIds.uuid(n)),
      );
      expect(await ids({ tenantId: TENANT, limit: 10, status: 'confirmed' })).toEqual(
        [5, 2].map((n) => SequentialIds.uuid(n)),
      );
      expect(await ids({ tenantId: TENANT, limit: 10, customerId: customerIdOf('ann'), status: 'pending' })).toEqual(
        [3, 4].map((n) => SequentialIds.uuid(n)),
      );
      expect(
        await ids({
          tenantId: TENANT,
          limit: 1,
          customerId: customerIdOf('bob'),
          after: { createdAt: new Date(START + 2_000), id: SequentialIds.uuid(5) },
        }),
      ).toEqual([SequentialIds.uuid(1)]);
    });

    it('keeps an updated order in its place', async () => {
      const { repository } = await seeded();
      const updated = snapshot(2, {
        createdAt: new Date(START + 1_000),
        customerId: 'ann',
        status: 'shipped',
        version: 2,
        updatedAt: new Date(START + 99_000),
      });
      await repository.save({ order: updated, expectedVersion: 1, events: [] });
      const listed = await repository.list({ tenantId: TENANT, limit: 10 });
      expect(listed.map((order) => order.id)).toEqual([5, 3, 2, 4, 1].map((n) => SequentialIds.uuid(n)));
      expect(listed[2]).toEqual(updated);
    });
  });

  describe('tenants', () => {
    const OTHER = unwrap(parseTenantId('tenant-b'));

    it('finds nothing for another tenant\u2019s order, which its own tenant still finds', async () => {
      const repository = new MemoryOrderRepository();
      const theirs = snapshot(1, { tenantId: OTHER });
      await insert(repository, theirs);

      expect(await repository.findById(TENANT, orderIdOf(theirs.id))).toBeNull();
      expect(await repository.findById(OTHER, orderIdOf(theirs.id))).toEqual(theirs);
    });

    it('refuses a save in another tenant of an order id this tenant holds, and writes nothing', async () => {
      const repository = new MemoryStore();
      const ours = snapshot(1);
      await insert(repository, ours);
      const moved = snapshot(1, { tenantId: OTHER, status: 'confirmed', version: 2 });

      expect(await repository.save({ order: moved, expectedVersion: 1, events: [eventFor(moved, 2)] })).toBe('stale');
      expect(await repository.findById(TENANT, orderIdOf(ours.id))).toEqual(ours);
      expect(await repository.findById(OTHER, orderIdOf(ours.id))).toBeNull();
      expect(await repository.committedEvents()).toEqual([eventFor(ours, 1)]);
    });

    it('lists only the tenant\u2019s orders, filled up to the limit past newer orders of another tenant', async () => {
      const repository = new MemoryOrderRepository();
      const ours = [snapshot(1), snapshot(2, { customerId: 'ann' }), snapshot(3)];
      const theirs = [4, 5, 6].map((n) => snapshot(n, { tenantId: OTHER, customerId: 'ann' }));
      for (const order of [...ours, ...theirs]) await insert(repository, order);

      const ids = async (query: Omit<OrderQuery, 'limit'>, limit = 10) =>
        (await repository.list({ ...query, limit })).map((order) => order.id);
      expect(await ids({ tenantId: TENANT })).toEqual([3, 2, 1].map((n) => SequentialIds.uuid(n)));
      expect(await ids({ tenantId: TENANT }, 2)).toEqual([3, 2].map((n) => SequentialIds.uuid(n)));
      expect(await ids({ tenantId: TENANT, customerId: customerIdOf('ann') })).toEqual([SequentialIds.uuid(2)]);
      expect(await ids({ tenantId: OTHER })).toEqual([6, 5, 4].map((n) => SequentialIds.uuid(n)));
      const after = { createdAt: new Date(START), id: SequentialIds.uuid(6) };
      expect(await ids({ tenantId: TENANT, after })).toEqual([3, 2, 1].map((n) => SequentialIds.uuid(n)));
    });
  });

  it('reports itself as a required, always available dependency named repository', async () => {
    const repository = new MemoryOrderRepository();
    expect(repository.name).toBe('repository');
    expect(repository.required).toBe(true);
    expect(await repository.check()).toEqual({ status: 'ok', detail: 'memory' });
  });
});
