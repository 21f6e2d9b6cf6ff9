import { describe, expect, it } from 'vitest';
import { MemoryOrderRepository } from '../../src/adapters/memory/memory-order-repository.js';
import { InvalidTransitionError } from '../../src/domain/model/errors/invalid-transition-error.js';
import { OrderNotFoundError } from '../../src/domain/model/errors/order-not-found-error.js';
import { VersionMismatchError } from '../../src/domain/model/errors/version-mismatch-error.js';
import type { OrderAction } from '../../src/domain/model/order-lifecycle.js';
import type { OrderEvent } from '../../src/domain/model/order-events.js';
import type { OrderSnapshot } from '../../src/domain/model/order-snapshot.js';
import type { Result } from '../../src/domain/model/result.js';
import type { OrderId } from '../../src/domain/model/values/order-id.js';
import type { OrderStatus } from '../../src/domain/model/values/order-status.js';
import type { TenantId } from '../../src/domain/model/values/tenant-id.js';
import { CheckReadiness } from '../../src/domain/use-cases/check-readiness/check-readiness.js';
import type { ListOrdersInput } from '../../src/domain/use-cases/list-orders/parse-list-orders.js';
import type { PlaceOrderInput } from '../../src/domain/use-cases/place-order/parse-place-order.js';
import type { DependencyCheck, DependencyStatus } from '../../src/ports/outbound/dependency-check.js';
import type { CommittedEvents } from '../../src/ports/outbound/committed-events.js';
import type {
  OrderChange,
  OrderQuery,
  OrderRepository,
  SaveOutcome,
} from '../../src/ports/outbound/order-repository.js';
import { FixedClock } from '../support/fixed-clock.js';
import { MemoryStore } from '../support/memory-store.js';
import { orderCore, unwrap, unwrapError } from '../support/order-commands.js';
import { SequentialIds } from '../support/sequential-ids.js';

const START = new Date('2026-01-01T00:00:00.000Z');

/** Captures every batch of events announced to it. */
class RecordingAnnouncements implements CommittedEvents {
  readonly batches: Array<readonly OrderEvent[]> = [];

  get events(): OrderEvent[] {
    return this.batches.flat();
  }

  async announce(events: readonly OrderEvent[]): Promise<void> {
    this.batches.push([...events]);
  }
}

/** Lets one other change run, and win, between a change's read and its save. */
class InterleavingRepository implements OrderRepository {
  /** The outcomes of the saves that reached the store through this wrapper since `beforeNextSave`. */
  readonly saveOutcomes: SaveOutcome[] = [];
  private interloper: (() => Promise<unknown>) | undefined;

  constructor(private readonly inner: OrderRepository) {}

  /** Runs `change` to completion right before the next save reaches the store. */
  beforeNextSave(change: () => Promise<unknown>): void {
    this.interloper = change;
    this.saveOutcomes.length = 0;
  }

  findById(tenantId: TenantId, id: OrderId): Promise<OrderSnapshot | null> {
    return this.inner.findById(tenantId, id);
  }

  list(query: OrderQuery): Promise<OrderSnapshot[]> {
    return this.inner.list(query);
  }

  async save(change: OrderChange): Promise<SaveOutcome> {
    const interloper = this.interloper;
    this.interloper = undefined;
    if (interloper) await interloper();
    const outcome = await this.inner.save(change);
    this.saveOutcomes.push(outcome);
    return outcome;
  }
}

/** Holds the first `parties` reads until all of them have read, so every one of them reads the same version. */
class ReadBarrierRepository implements OrderRepository {
  readonly saveOutcomes: SaveOutcome[] = [];
  private readonly waiting: Array<() => void> = [];
  private open = false;

  constructor(
    private readonly inner: OrderRepository,
    private readonly parties: number,
  ) {}

  async findById(tenantId: TenantId, id: OrderId): Promise<OrderSnapshot | null> {
    const order = await this.inner.findById(tenantId, id);
    if (!this.open) {
      await new Promise<void>((resolve) => {
        this.waiting.push(resolve);
        if (this.waiting.length >= this.parties) {
          this.open = true;
          for (const release of this.waiting) release();
        }
      });
    }
    return order;
  }

  list(query: OrderQuery): Promise<OrderSnapshot[]> {
    return this.inner.list(query);
  }

  async save(change: OrderChange): Promise<SaveOutcome> {
    const outcome = await this.inner.save(change);
    this.saveOutcomes.push(outcome);
    return outcome;
  }
}

class StubCheck implements DependencyCheck {
  constructor(
    readonly name: string,
    readonly required: boolean,
    private readonly status: DependencyStatus,
  ) {}

  async check(): Promise<DependencyStatus> {
    return this.status;
  }
}

/** The use cases over `repository`, which defaults to `store` itself; `store` is what tests inspect. */
function setup(store: MemoryStore = new MemoryStore(), repository: OrderRepository = store) {
  const clock = new FixedClock(START);
  const ids = new SequentialIds();
  const announced = new RecordingAnnouncements();
  return { store, clock, ids, announced, ...orderCore({ orders: repository, committedEvents: announced, clock, ids }) };
}

type World = ReturnType<typeof setup>;

/** The same use cases as `world`, over another view of its store. */
function alongside(world: World, repository: OrderRepository) {
  return orderCore({ orders: repository, committedEvents: world.announced, clock: world.clock, ids: world.ids });
}

async function placed(world: World, overrides: Partial<PlaceOrderInput> = {}): Promise<OrderSnapshot> {
  return world.place(overrides);
}

async function reachStatus(world: World, status: OrderStatus): Promise<OrderSnapshot> {
  const order = await placed(world);
  const path: Record<OrderStatus, OrderAction[]> = {
    pending: [],
    confirmed: ['confirm'],
    shipped: ['confirm', 'ship'],
    delivered: ['confirm', 'ship', 'deliver'],
    cancelled: ['cancel'],
  };
  let current = order;
  for (const action of path[status]) current = unwrap(await world.change(action, { orderId: order.id }));
  return current;
}

/** Follows nextCursor from the first page to the last; fails on a loop rather than hanging. */
async function pageThrough(world: World, query: Omit<ListOrdersInput, 'cursor'>): Promise<OrderSnapshot[][]> {
  const pages: OrderSnapshot[][] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 1000; guard++) {
    const page = await world.list({ ...query, cursor });
    pages.push([...page.items]);
    if (page.nextCursor === null) return pages;
    cursor = page.nextCursor;
  }
  throw new Error('paging did not end');
}

/** The newest-first order of SPEC §4: createdAt descending, ties broken by id descending. */
function newestFirst(orders: readonly OrderSnapshot[]): string[] {
  return [...orders]
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
    .map((order) => order.id);
}

describe('PlaceOrder', () => {
  it('stores the order with the generated id, version 1 and the clock time', async () => {
    const world = setup();
    world.clock.set(new Date('2026-03-04T05:06:07.089Z'));

    const order = await placed(world);

    expect(order.id).toBe(SequentialIds.uuid(1));
    expect(order.version).toBe(1);
    expect(order.status).toBe('pending');
    expect(order.createdAt).toEqual(new Date('2026-03-04T05:06:07.089Z'));
    expect(order.updatedAt).toEqual(order.createdAt);
    expect(order.total).toBe(3000);
    expect(order.currency).toBe('USD');
    expect(order.cancellationReason).toBeNull();
    expect(unwrap(await world.get(order.id))).toEqual(order);
  });

  it('announces exactly one OrderPlaced event, its eventId from the id generator', async () => {
    const world = setup();
    const order = await placed(world);

    expect(world.announced.batches).toHaveLength(1);
    expect(world.announced.events).toHaveLength(1);
    const [event] = world.announced.events;
    expect(event?.type).toBe('OrderPlaced');
    expect(event?.eventId).toBe(SequentialIds.uuid(2));
    expect(event?.occurredAt).toEqual(START);
    expect(event?.order).toEqual(order);
  });

  it('commits the OrderPlaced event with the order', async () => {
    const world = setup();
    await placed(world);
    expect(await world.store.committedEvents()).toEqual(world.announced.events);
  });

  it('gives every order its own id', async () => {
    const world = setup();
    const ids = new Set<string>();
    for (let n = 0; n < 10; n++) ids.add((await placed(world)).id);
    expect(ids.size).toBe(10);
  });

  it('stores the normalized order: customerId trimmed, currency defaulted', async () => {
    const world = setup();
    const order = await placed(world, { customerId: '  c-9  ', currency: null });
    expect(order.customerId).toBe('c-9');
    expect(order.currency).toBe('USD');
    expect(unwrap(await world.get(order.id)).customerId).toBe('c-9');
  });
});

describe('GetOrder', () => {
  it('returns the stored order', async () => {
    const world = setup();
    const order = await placed(world);
    expect(unwrap(await world.get(order.id))).toEqual(order);
  });

  it('finds an order by its id in upper case', async () => {
    const world = setup();
    const order = await placed(world);
    expect(unwrap(await world.get(order.id.toUpperCase())).id).toBe(order.id);
  });

  it('answers ORDER_NOT_FOUND for an unknown id', async () => {
    const world = setup();
    await placed(world);
    const unknown = SequentialIds.uuid(999);
    const error = unwrapError(await world.get(unknown));
    expect(error).toBeInstanceOf(OrderNotFoundError);
    expect(error.code).toBe('ORDER_NOT_FOUND');
    if (error instanceof OrderNotFoundError) expect(error.orderId).toBe(unknown);
  });
});

describe('ConfirmOrder, ShipOrder, DeliverOrder and CancelOrder', () => {
  it('confirms, ships and delivers at versions 2, 3 and 4, each at the clock time', async () => {
    const world = setup();
    const order = await placed(world);
    const results: OrderSnapshot[] = [];
    for (const action of ['confirm', 'ship', 'deliver'] as const) {
      world.clock.advance(60_000);
      results.push(unwrap(await world.change(action, { orderId: order.id })));
    }

    expect(results.map((result) => [result.status, result.version])).toEqual([
      ['confirmed', 2],
      ['shipped', 3],
      ['delivered', 4],
    ]);
    expect(results.map((result) => result.updatedAt.toISOString())).toEqual([
      '2026-01-01T00:01:00.000Z',
      '2026-01-01T00:02:00.000Z',
      '2026-01-01T00:03:00.000Z',
    ]);
    expect(results.every((result) => result.createdAt.getTime() === START.getTime())).toBe(true);
    expect(unwrap(await world.get(order.id))).toEqual(results[2]);
  });

  it('announces one event per change, in orderVersion order, each with a fresh eventId', async () => {
    const world = setup();
    const order = await placed(world);
    for (const action of ['confirm', 'ship', 'deliver'] as const) {
      unwrap(await world.change(action, { orderId: order.id }));
    }

    expect(world.announced.batches.map((batch) => batch.length)).toEqual([1, 1, 1, 1]);
    const events = world.announced.events;
    expect(events.map((event) => event.type)).toEqual([
      'OrderPlaced',
      'OrderConfirmed',
      'OrderShipped',
      'OrderDelivered',
    ]);
    expect(events.map((event) => event.order.version)).toEqual([1, 2, 3, 4]);
    expect(events.map((event) => event.order.id)).toEqual([order.id, order.id, order.id, order.id]);
    expect(new Set(events.map((event) => event.eventId)).size).toBe(4);
    expect(events.map((event) => event.eventId)).toEqual([
      SequentialIds.uuid(2),
      SequentialIds.uuid(3),
      SequentialIds.uuid(4),
      SequentialIds.uuid(5),
    ]);
    expect(await world.store.committedEvents()).toEqual(events);
  });

  it('cancels a pending order with a trimmed reason and announces OrderCancelled with it', async () => {
    const world = setup();
    const order = await placed(world);
    world.clock.advance(1_000);

    const cancelled = unwrap(await world.change('cancel', { orderId: order.id, reason: '  found it cheaper ' }));

    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.version).toBe(2);
    expect(cancelled.cancellationReason).toBe('found it cheaper');
    expect(cancelled.updatedAt).toEqual(new Date(START.getTime() + 1_000));
    expect(unwrap(await world.get(order.id))).toEqual(cancelled);
    const last = world.announced.events.at(-1);
    expect(last?.type).toBe('OrderCancelled');
    expect(last?.order.cancellationReason).toBe('found it cheaper');
  });

  it('cancels a confirmed order without a reason', async () => {
    const world = setup();
    const confirmed = await reachStatus(world, 'confirmed');
    const cancelled = unwrap(await world.change('cancel', { orderId: confirmed.id }));
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.version).toBe(3);
    expect(cancelled.cancellationReason).toBeNull();
  });

  it('answers ORDER_NOT_FOUND for an unknown order, announcing nothing', async () => {
    const world = setup();
    const error = unwrapError(await world.change('confirm', { orderId: SequentialIds.uuid(77) }));
    expect(error).toBeInstanceOf(OrderNotFoundError);
    expect(error.code).toBe('ORDER_NOT_FOUND');
    expect(world.announced.batches).toEqual([]);
  });

  it('changes an order named by its id in upper case', async () => {
    const world = setup();
    const order = await placed(world);
    const confirmed = unwrap(await world.change('confirm', { orderId: order.id.toUpperCase() }));
    expect(confirmed.id).toBe(order.id);
    expect(confirmed.version).toBe(2);
  });

  it.each<{ action: OrderAction; status: OrderStatus }>([
    { action: 'ship', status: 'pending' },
    { action: 'deliver', status: 'pending' },
    { action: 'confirm', status: 'confirmed' },
    { action: 'deliver', status: 'confirmed' },
    { action: 'cancel', status: 'shipped' },
    { action: 'confirm', status: 'delivered' },
    { action: 'cancel', status: 'delivered' },
    { action: 'confirm', status: 'cancelled' },
    { action: 'cancel', status: 'cancelled' },
  ])(
    'refuses to $action a $status order with INVALID_TRANSITION, storing and announcing nothing',
    async ({ action, status }) => {
      const world = setup();
      const order = await reachStatus(world, status);
      const eventsBefore = await world.store.committedEvents();
      const announcedBefore = world.announced.batches.length;
      world.clock.advance(5_000);

      const error = unwrapError(await world.change(action, { orderId: order.id }));

      expect(error).toBeInstanceOf(InvalidTransitionError);
      expect(error.code).toBe('INVALID_TRANSITION');
      expect(unwrap(await world.get(order.id))).toEqual(order);
      expect(await world.store.committedEvents()).toEqual(eventsBefore);
      expect(world.announced.batches).toHaveLength(announcedBefore);
    },
  );

  describe('with expectedVersion', () => {
    it('applies the change when the order is still at that version', async () => {
      const world = setup();
      const order = await placed(world);
      const confirmed = unwrap(await world.change('confirm', { orderId: order.id, expectedVersion: 1 }));
      expect(confirmed.version).toBe(2);
      const shipped = unwrap(await world.change('ship', { orderId: order.id, expectedVersion: 2 }));
      expect(shipped.version).toBe(3);
    });

    it('refuses a stale version with VERSION_MISMATCH, storing and announcing nothing', async () => {
      const world = setup();
      const confirmed = await reachStatus(world, 'confirmed');
      const announcedBefore = world.announced.batches.length;

      const error = unwrapError(await world.change('ship', { orderId: confirmed.id, expectedVersion: 1 }));

      expect(error).toBeInstanceOf(VersionMismatchError);
      expect(error.code).toBe('VERSION_MISMATCH');
      if (error instanceof VersionMismatchError) {
        expect(error.expectedVersion).toBe(1);
        expect(error.actualVersion).toBe(2);
      }
      expect(unwrap(await world.get(confirmed.id))).toEqual(confirmed);
      expect(world.announced.batches).toHaveLength(announcedBefore);
    });

    it('refuses a version from the future with VERSION_MISMATCH', async () => {
      const world = setup();
      const order = await placed(world);
      const error = unwrapError(await world.change('confirm', { orderId: order.id, expectedVersion: 5 }));
      expect(error.code).toBe('VERSION_MISMATCH');
      expect(unwrap(await world.get(order.id)).version).toBe(1);
    });

    it('reports a stale version before an invalid transition', async () => {
      const world = setup();
      const shipped = await reachStatus(world, 'shipped');
      const error = unwrapError(await world.change('cancel', { orderId: shipped.id, expectedVersion: 1 }));
      expect(error.code).toBe('VERSION_MISMATCH');
    });
  });

  describe('when another change wins between read and save', () => {
    function racing() {
      const store = new MemoryStore();
      const interleaving = new InterleavingRepository(store);
      const world = setup(store, interleaving);
      // The rival works on the store directly, so it is not itself interrupted.
      const rival = alongside(world, store);
      return { world, interleaving, rival, store };
    }

    it('re-evaluates a cancel against the current state: two concurrent cancels, one wins, one is INVALID_TRANSITION', async () => {
      const { world, interleaving, rival, store } = racing();
      const order = await placed(world);
      let rivalResult: Result<OrderSnapshot, unknown> | undefined;
      interleaving.beforeNextSave(async () => {
        rivalResult = await rival.change('cancel', { orderId: order.id, reason: 'first' });
      });

      const result = await world.change('cancel', { orderId: order.id, reason: 'second' });

      expect(rivalResult?.ok).toBe(true);
      expect(unwrapError(result).code).toBe('INVALID_TRANSITION');
      expect(interleaving.saveOutcomes).toEqual(['stale']);
      const stored = unwrap(await world.get(order.id));
      expect(stored.version).toBe(2);
      expect(stored.cancellationReason).toBe('first');
      expect((await store.committedEvents()).map((event) => event.type)).toEqual(['OrderPlaced', 'OrderCancelled']);
      expect(world.announced.events.map((event) => event.type)).toEqual(['OrderPlaced', 'OrderCancelled']);
    });

    it('refuses a confirm with INVALID_TRANSITION when a cancel won the race', async () => {
      const { world, interleaving, rival } = racing();
      const order = await placed(world);
      interleaving.beforeNextSave(() => rival.change('cancel', { orderId: order.id }));

      const error = unwrapError(await world.change('confirm', { orderId: order.id }));

      expect(error.code).toBe('INVALID_TRANSITION');
      const stored = unwrap(await world.get(order.id));
      expect(stored.status).toBe('cancelled');
      expect(stored.version).toBe(2);
    });

    it('still applies a cancel that remains allowed after a confirm won the race, one version further', async () => {
      const { world, interleaving, rival, store } = racing();
      const order = await placed(world);
      interleaving.beforeNextSave(() => rival.change('confirm', { orderId: order.id }));

      const cancelled = unwrap(await world.change('cancel', { orderId: order.id, reason: 'late' }));

      expect(interleaving.saveOutcomes).toEqual(['stale', 'saved']);
      expect(cancelled.status).toBe('cancelled');
      expect(cancelled.version).toBe(3);
      expect(cancelled.cancellationReason).toBe('late');
      expect((await store.committedEvents()).map((event) => [event.type, event.order.version])).toEqual([
        ['OrderPlaced', 1],
        ['OrderConfirmed', 2],
        ['OrderCancelled', 3],
      ]);
    });

    it('refuses with VERSION_MISMATCH, storing nothing, when the caller named the version the rival changed', async () => {
      const { world, interleaving, rival, store } = racing();
      const order = await placed(world);
      interleaving.beforeNextSave(() => rival.change('confirm', { orderId: order.id }));

      const error = unwrapError(await world.change('cancel', { orderId: order.id, expectedVersion: 1 }));

      expect(error).toBeInstanceOf(VersionMismatchError);
      expect(error.code).toBe('VERSION_MISMATCH');
      if (error instanceof VersionMismatchError) expect(error.actualVersion).toBe(2);
      const stored = unwrap(await world.get(order.id));
      expect(stored.status).toBe('confirmed');
      expect(stored.version).toBe(2);
      expect((await store.committedEvents()).map((event) => event.type)).toEqual(['OrderPlaced', 'OrderConfirmed']);
    });
  });

  describe('20 concurrent confirms of one pending order', () => {
    it('accept exactly one; the others are re-evaluated and refused as INVALID_TRANSITION', async () => {
      const store = new MemoryStore();
      const world = setup(store);
      const order = await placed(world);
      const barrier = new ReadBarrierRepository(store, 20);
      const changeOrder = alongside(world, barrier);

      const results = await Promise.all(
        Array.from({ length: 20 }, () => changeOrder.change('confirm', { orderId: order.id })),
      );

      expect(results.filter((result) => result.ok)).toHaveLength(1);
      expect(results.filter((result) => !result.ok).map((result) => unwrapError(result).code)).toEqual(
        Array.from({ length: 19 }, () => 'INVALID_TRANSITION'),
      );
      expect(barrier.saveOutcomes.filter((outcome) => outcome === 'saved')).toHaveLength(1);
      expect(barrier.saveOutcomes.filter((outcome) => outcome === 'stale')).toHaveLength(19);
      const stored = unwrap(await world.get(order.id));
      expect(stored.status).toBe('confirmed');
      expect(stored.version).toBe(2);
      expect((await store.committedEvents()).map((event) => event.type)).toEqual(['OrderPlaced', 'OrderConfirmed']);
      expect(world.announced.events.map((event) => event.type)).toEqual(['OrderPlaced', 'OrderConfirmed']);
    });

    it('accept exactly one when each names version 1; the others get VERSION_MISMATCH', async () => {
      const store = new MemoryStore();
      const world = setup(store);
      const order = await placed(world);
      const barrier = new ReadBarrierRepository(store, 20);
      const changeOrder = alongside(world, barrier);

      const results = await Promise.all(
        Array.from({ length: 20 }, () => changeOrder.change('confirm', { orderId: order.id, expectedVersion: 1 })),
      );

      expect(results.filter((result) => result.ok)).toHaveLength(1);
      expect(results.filter((result) => !result.ok).map((result) => unwrapError(result).code)).toEqual(
        Array.from({ length: 19 }, () => 'VERSION_MISMATCH'),
      );
      expect(unwrap(await world.get(order.id)).version).toBe(2);
      expect(await store.committedEvents()).toHaveLength(2);
    });

    it('accept exactly one without any help to interleave them', async () => {
      const world = setup();
      const order = await placed(world);

      const results = await Promise.all(
        Array.from({ length: 20 }, () => world.change('confirm', { orderId: order.id })),
      );

      expect(results.filter((result) => result.ok)).toHaveLength(1);
      expect(
        results.filter((result) => !result.ok).every((result) => unwrapError(result).code === 'INVALID_TRANSITION'),
      ).toBe(true);
      expect(unwrap(await world.get(order.id)).version).toBe(2);
    });
  });

  it('never loses an update among concurrent different changes: every accepted change is one version', async () => {
    const store = new MemoryStore();
    const world = setup(store);
    const order = await placed(world);
    const barrier = new ReadBarrierRepository(store, 4);
    const changeOrder = alongside(world, barrier);
    const actions: OrderAction[] = ['confirm', 'ship', 'cancel', 'confirm'];

    const results = await Promise.all(actions.map((action) => changeOrder.change(action, { orderId: order.id })));

    const accepted = results.filter((result) => result.ok).length;
    const stored = unwrap(await world.get(order.id));
    expect(accepted).toBeGreaterThanOrEqual(1);
    expect(stored.version).toBe(1 + accepted);
    expect(await store.committedEvents()).toHaveLength(1 + accepted);
    expect((await store.committedEvents()).map((event) => event.order.version)).toEqual(
      Array.from({ length: 1 + accepted }, (_, index) => index + 1),
    );
    for (const result of results) if (!result.ok) expect(result.error.code).toBe('INVALID_TRANSITION');
  });
});

describe('ListOrders', () => {
  it('lists orders newest first', async () => {
    const world = setup();
    const first = await placed(world);
    world.clock.advance(1_000);
    const second = await placed(world);
    world.clock.advance(1_000);
    const third = await placed(world);

    const page = await world.list({});

    expect(page.items.map((order) => order.id)).toEqual([third.id, second.id, first.id]);
    expect(page.items[0]).toEqual(third);
    expect(page.nextCursor).toBeNull();
  });

  it('returns an empty page with no cursor when there are no orders', async () => {
    const world = setup();
    expect(await world.list({})).toEqual({ items: [], nextCursor: null });
  });

  it('shows orders as they are now, not as they were placed', async () => {
    const world = setup();
    const shipped = await reachStatus(world, 'shipped');
    const [listed] = (await world.list({})).items;
    expect(listed).toEqual(shipped);
  });

  it('filters by customerId', async () => {
    const world = setup();
    const ann = [await placed(world, { customerId: 'ann' })];
    world.clock.advance(10);
    const bob = await placed(world, { customerId: 'bob' });
    world.clock.advance(10);
    ann.push(await placed(world, { customerId: 'ann' }));

    expect((await world.list({ customerId: 'ann' })).items.map((order) => order.id)).toEqual([ann[1]?.id, ann[0]?.id]);
    expect((await world.list({ customerId: 'bob' })).items.map((order) => order.id)).toEqual([bob.id]);
    expect((await world.list({ customerId: 'carol' })).items).toEqual([]);
  });

  it('trims the customerId filter as placement trims the stored id', async () => {
    const world = setup();
    const ann = await placed(world, { customerId: 'ann' });
    expect((await world.list({ customerId: '  ann ' })).items.map((order) => order.id)).toEqual([ann.id]);
  });

  it('filters by status', async () => {
    const world = setup();
    const pending = await reachStatus(world, 'pending');
    world.clock.advance(10);
    const confirmed = await reachStatus(world, 'confirmed');
    world.clock.advance(10);
    const cancelled = await reachStatus(world, 'cancelled');

    const ids = async (status: OrderStatus): Promise<string[]> =>
      (await world.list({ status })).items.map((order) => order.id);
    expect(await ids('pending')).toEqual([pending.id]);
    expect(await ids('confirmed')).toEqual([confirmed.id]);
    expect(await ids('cancelled')).toEqual([cancelled.id]);
    expect(await ids('delivered')).toEqual([]);
  });

  it('combines the customerId and status filters', async () => {
    const world = setup();
    const annPending = await placed(world, { customerId: 'ann' });
    const annConfirmed = await placed(world, { customerId: 'ann' });
    unwrap(await world.change('confirm', { orderId: annConfirmed.id }));
    const bobConfirmed = await placed(world, { customerId: 'bob' });
    unwrap(await world.change('confirm', { orderId: bobConfirmed.id }));

    const page = await world.list({ customerId: 'ann', status: 'confirmed' });
    expect(page.items.map((order) => order.id)).toEqual([annConfirmed.id]);
    expect(page.items.map((order) => order.id)).not.toContain(annPending.id);
  });

  it('returns 20 orders by default', async () => {
    const world = setup();
    for (let n = 0; n < 25; n++) await placed(world);
    const page = await world.list({});
    expect(page.items).toHaveLength(20);
    expect(page.nextCursor).not.toBeNull();
  });

  it.each([1, 100])('accepts a limit of %d', async (limit) => {
    const world = setup();
    for (let n = 0; n < 3; n++) await placed(world);
    expect((await world.list({ limit })).items).toHaveLength(Math.min(limit, 3));
  });

  describe('paging', () => {
    it('returns each of 45 orders placed at the same instant exactly once, 10 per page', async () => {
      const world = setup();
      const all: OrderSnapshot[] = [];
      for (let n = 0; n < 45; n++) all.push(await placed(world));
      expect(new Set(all.map((order) => order.createdAt.getTime())).size).toBe(1);

      const pages = await pageThrough(world, { limit: 10 });

      expect(pages.map((page) => page.length)).toEqual([10, 10, 10, 10, 5]);
      const ids = pages.flat().map((order) => order.id);
      expect(new Set(ids).size).toBe(45);
      expect(ids).toEqual(newestFirst(all));
    });

    it('ends with a null cursor on a full last page instead of an empty extra page', async () => {
      const world = setup();
      for (let n = 0; n < 40; n++) await placed(world);
      const pages = await pageThrough(world, { limit: 10 });
      expect(pages.map((page) => page.length)).toEqual([10, 10, 10, 10]);
    });

    it('returns every order exactly once across mixed timestamps, ties straddling page boundaries', async () => {
      const world = setup();
      const steps = [0, 0, 0, 1, 0, 250, 0, 0, 0, 0, 1_000, 3, 0, 0, 0, 0, 0, 0, 0, 60_000, 1, 1, 0, 0, 7, 0, 0, 0, 0];
      const all: OrderSnapshot[] = [];
      for (const step of steps) {
        world.clock.advance(step);
        all.push(await placed(world));
      }
      for (const limit of [1, 3, 7, 10, 100]) {
        const pages = await pageThrough(world, { limit });
        expect(pages.flat().map((order) => order.id)).toEqual(newestFirst(all));
        expect(pages.slice(0, -1).every((page) => page.length === limit)).toBe(true);
      }
    });

    it('pages through a filtered listing without duplicates or gaps', async () => {
      const world = setup();
      const ann: OrderSnapshot[] = [];
      for (let n = 0; n < 30; n++) {
        world.clock.advance(n % 4 === 0 ? 1_000 : 0);
        const order = await placed(world, { customerId: n % 3 === 0 ? 'bob' : 'ann' });
        if (order.customerId === 'ann') ann.push(order);
      }
      const pages = await pageThrough(world, { customerId: 'ann', limit: 4 });
      expect(pages.flat().map((order) => order.id)).toEqual(newestFirst(ann));
    });

    it('is not disturbed by an order placed at a newer time between page fetches', async () => {
      const world = setup();
      const all: OrderSnapshot[] = [];
      for (let n = 0; n < 45; n++) {
        if (n % 5 === 0) world.clock.advance(1_000);
        all.push(await placed(world));
      }
      const first = await world.list({ limit: 10 });
      const seen = first.items.map((order) => order.id);
      let cursor = first.nextCursor;

      world.clock.advance(60_000);
      const newcomer = await placed(world);

      while (cursor !== null) {
        const page = await world.list({ limit: 10, cursor });
        seen.push(...page.items.map((order) => order.id));
        cursor = page.nextCursor;
      }

      expect(seen).toEqual(newestFirst(all));
      expect(seen).not.toContain(newcomer.id);
      expect((await world.list({ limit: 1 })).items[0]?.id).toBe(newcomer.id);
    });

    it('is not disturbed by orders changing status between page fetches', async () => {
      const world = setup();
      const all: OrderSnapshot[] = [];
      for (let n = 0; n < 25; n++) all.push(await placed(world));
      const first = await world.list({ limit: 10 });
      const expected = newestFirst(all);
      // Change an order on the page already read and one on a page still to come.
      unwrap(await world.change('confirm', { orderId: expected[0] ?? '' }));
      unwrap(await world.change('cancel', { orderId: expected[20] ?? '' }));

      const rest: OrderSnapshot[] = [];
      let cursor = first.nextCursor;
      while (cursor !== null) {
        const page = await world.list({ limit: 10, cursor });
        rest.push(...page.items);
        cursor = page.nextCursor;
      }

      expect([...first.items, ...rest].map((order) => order.id)).toEqual(expected);
      expect(rest.find((order) => order.id === expected[20])?.status).toBe('cancelled');
    });
  });
});

describe('CheckReadiness', () => {
  it('is ready when every check is ok, reporting each by name', async () => {
    const report = await new CheckReadiness([
      new StubCheck('repository', true, { status: 'ok', detail: 'memory' }),
      new StubCheck('email', false, { status: 'ok', detail: 'log' }),
    ]).execute();
    expect(report).toEqual({
      ready: true,
      checks: { repository: { status: 'ok', detail: 'memory' }, email: { status: 'ok', detail: 'log' } },
    });
  });

  it('is not ready when a required check is unavailable', async () => {
    const report = await new CheckReadiness([
      new StubCheck('repository', true, { status: 'unavailable', detail: 'postgres' }),
      new StubCheck('email', false, { status: 'ok' }),
    ]).execute();
    expect(report.ready).toBe(false);
    expect(report.checks['repository']).toEqual({ status: 'unavailable', detail: 'postgres' });
    expect(report.checks['email']).toEqual({ status: 'ok' });
  });

  it('stays ready when only an optional check is unavailable, but reports it', async () => {
    const report = await new CheckReadiness([
      new StubCheck('repository', true, { status: 'ok' }),
      new StubCheck('email', false, { status: 'unavailable', detail: 'smtp' }),
    ]).execute();
    expect(report.ready).toBe(true);
    expect(report.checks['email']).toEqual({ status: 'unavailable', detail: 'smtp' });
  });

  it('is not ready when one of several required checks is unavailable', async () => {
    const report = await new CheckReadiness([
      new StubCheck('repository', true, { status: 'ok' }),
      new StubCheck('kafka', true, { status: 'unavailable' }),
      new StubCheck('email', false, { status: 'ok' }),
    ]).execute();
    expect(report.ready).toBe(false);
    expect(Object.keys(report.checks).sort()).toEqual(['email', 'kafka', 'repository']);
  });

  it('is ready with no dependencies at all', async () => {
    expect(await new CheckReadiness([]).execute()).toEqual({ ready: true, checks: {} });
  });

  it('accepts the memory repository as a required dependency that is always ok', async () => {
    const report = await new CheckReadiness([new MemoryOrderRepository()]).execute();
    expect(report).toEqual({ ready: true, checks: { repository: { status: 'ok', detail: 'memory' } } });
  });
});
