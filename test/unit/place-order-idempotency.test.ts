import { describe, expect, it } from 'vitest';
import { MemoryIdempotencyStore } from '../../src/adapters/memory/memory-idempotency-store.js';
import { MemoryOrderRepository } from '../../src/adapters/memory/memory-order-repository.js';
import { IdempotencyKeyInUseError } from '../../src/domain/model/errors/idempotency-key-in-use-error.js';
import { IdempotencyKeyReusedError } from '../../src/domain/model/errors/idempotency-key-reused-error.js';
import type { OrderEvent } from '../../src/domain/model/order-events.js';
import type { OrderSnapshot } from '../../src/domain/model/order-snapshot.js';
import { Order, type NewOrder } from '../../src/domain/model/order.js';
import { parseOrderId } from '../../src/domain/model/values/order-id.js';
import {
  fingerprintOf,
  IDEMPOTENCY_LEASE_MS,
  IDEMPOTENCY_RETENTION_MS,
} from '../../src/domain/use-cases/place-order/idempotency-policy.js';
import type { PlaceOrderInput } from '../../src/domain/use-cases/place-order/parse-place-order.js';
import { PlaceOrder } from '../../src/domain/use-cases/place-order/place-order.js';
import type { PlacedOrder, PlaceOrderCommand } from '../../src/ports/inbound/place-order-use-case.js';
import type { CommittedEvents } from '../../src/ports/outbound/committed-events.js';
import type { IdempotencyRequest } from '../../src/ports/outbound/idempotency-store.js';
import type { OrderChange, OrderRepository, SaveOutcome } from '../../src/ports/outbound/order-repository.js';
import { STAFF_ACTOR } from '../support/actors.js';
import { FixedClock } from '../support/fixed-clock.js';
import { placeCommand, unwrap, unwrapError } from '../support/order-commands.js';
import { SequentialIds } from '../support/sequential-ids.js';
import { idempotencyKeyOf } from '../support/values.js';

const START = new Date('2026-01-01T00:00:00.000Z');
const KEY = idempotencyKeyOf('order-2026-01-01-0001');
/** Staff, who name the customer of each order. */
const ACTOR = STAFF_ACTOR;

class RecordingAnnouncements implements CommittedEvents {
  readonly events: OrderEvent[] = [];

  async announce(events: readonly OrderEvent[]): Promise<void> {
    this.events.push(...events);
  }
}

/** The command of a one-line order, under `key` unless the key is null. */
function newOrder(overrides: Partial<PlaceOrderInput> = {}, key: string | null = KEY): PlaceOrderCommand {
  return placeCommand({
    items: [{ sku: 'A-1', quantity: 2, unitPrice: 1250 }],
    ...(key !== null && { idempotencyKey: key }),
    ...overrides,
  });
}

/** The order a command asks for, its customer resolved, as PlaceOrder fingerprints it. */
function resolved(command: PlaceOrderCommand): Omit<NewOrder, 'id' | 'tenantId'> {
  const { idempotencyKey: _key, customerId, ...order } = command;
  if (customerId === undefined) throw new Error('the command names no customer');
  return { ...order, customerId };
}

/** A claim of KEY for `newOrder()` by the actor, taken at START and never completed. */
function firstClaim(orderId: string): IdempotencyRequest {
  return {
    scope: { tenantId: ACTOR.tenant, subject: ACTOR.subject },
    key: KEY,
    fingerprint: fingerprintOf(resolved(newOrder())),
    orderId,
    at: START,
    expiredBefore: new Date(START.getTime() - IDEMPOTENCY_RETENTION_MS),
    abandonedBefore: new Date(START.getTime() - IDEMPOTENCY_LEASE_MS),
  };
}

function setup(options: { repository?: OrderRepository } = {}) {
  const clock = new FixedClock(START);
  const ids = new SequentialIds();
  const store = new MemoryOrderRepository();
  const idempotency = new MemoryIdempotencyStore();
  const announced = new RecordingAnnouncements();
  const placeOrder = new PlaceOrder(options.repository ?? store, announced, clock, ids, idempotency);
  return { clock, ids, store, idempotency, announced, placeOrder };
}

async function storedOrders(store: MemoryOrderRepository): Promise<OrderSnapshot[]> {
  return store.list({ tenantId: ACTOR.tenant, limit: 100 });
}

describe('PlaceOrder with an Idempotency-Key', () => {
  it('places the order once and replays it for a repeat of the same request', async () => {
    const world = setup();
    const first = unwrap(await world.placeOrder.execute(ACTOR, newOrder()));
    world.clock.advance(60_000);
    const again = unwrap(await world.placeOrder.execute(ACTOR, newOrder()));

    expect(first.replayed).toBe(false);
    expect(again).toEqual<PlacedOrder>({ order: first.order, replayed: true });
    expect(await storedOrders(world.store)).toHaveLength(1);
    expect(world.announced.events.map((event) => event.type)).toEqual(['OrderPlaced']);
  });

  it('takes the same body in another key order, and an omitted currency as the default one, as a repeat', async () => {
    const world = setup();
    const first = unwrap(await world.placeOrder.execute(ACTOR, newOrder()));
    const reordered = placeCommand({
      idempotencyKey: KEY,
      items: [{ unitPrice: 1250, quantity: 2, sku: 'A-1' }],
      customerEmail: 'ann@example.com',
      currency: 'USD',
      customerId: 'c-1',
    });

    expect(unwrap(await world.placeOrder.execute(ACTOR, reordered))).toEqual({
      order: first.order,
      replayed: true,
    });
  });

  it('fingerprints a request in the format stored keys were written in: sorted keys, trimmed customer id', () => {
    expect(fingerprintOf(resolved(newOrder({ customerId: '  c-1 ', customerEmail: 'ann@example.com' })))).toBe(
      '{"currency":"USD","customerEmail":"ann@example.com","customerId":"c-1",' +
        '"items":[{"quantity":2,"sku":"A-1","unitPrice":1250}]}',
    );
  });

  it('refuses the same key with another body with IDEMPOTENCY_KEY_REUSED, placing nothing', async () => {
    const world = setup();
    unwrap(await world.placeOrder.execute(ACTOR, newOrder()));
    const error = unwrapError(await world.placeOrder.execute(ACTOR, newOrder({ customerId: 'c-2' })));

    expect(error).toBeInstanceOf(IdempotencyKeyReusedError);
    expect(error).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', key: KEY });
    expect(error.message).toBe('This Idempotency-Key was used for a different request');
    expect(await storedOrders(world.store)).toHaveLength(1);
  });

  it('refuses the key while the first request holds it with IDEMPOTENCY_KEY_IN_USE', async () => {
    const world = setup();
    await world.idempotency.claim(firstClaim(SequentialIds.uuid(999)));
    world.clock.advance(IDEMPOTENCY_LEASE_MS - 1);

    const error = unwrapError(await world.placeOrder.execute(ACTOR, newOrder()));

    expect(error).toBeInstanceOf(IdempotencyKeyInUseError);
    expect(error).toMatchObject({ code: 'IDEMPOTENCY_KEY_IN_USE', key: KEY });
    expect(error.message).toMatch(/still in progress/);
    expect(await storedOrders(world.store)).toEqual([]);
  });

  it('takes over a claim abandoned before its lease ran out, with the first claimant\u2019s order id', async () => {
    const world = setup();
    const abandonedId = SequentialIds.uuid(999);
    await world.idempotency.claim(firstClaim(abandonedId));
    world.clock.advance(IDEMPOTENCY_LEASE_MS + 1);

    const placed = unwrap(await world.placeOrder.execute(ACTOR, newOrder()));

    expect(placed.replayed).toBe(false);
    expect(placed.order.id).toBe(abandonedId);
    expect((await storedOrders(world.store)).map((order) => order.id)).toEqual([abandonedId]);
  });

  it('finds the order a crashed first attempt did commit, instead of placing a second one', async () => {
    const world = setup();
    const committedId = SequentialIds.uuid(999);
    await world.idempotency.claim(firstClaim(committedId));
    // the first attempt committed its order, then died before completing the claim
    const committed = Order.place(
      { ...resolved(newOrder()), tenantId: ACTOR.tenant, id: unwrap(parseOrderId(committedId)) },
      START,
    );
    await world.store.save({ order: committed.toSnapshot(), expectedVersion: 0, events: [] });
    world.clock.advance(IDEMPOTENCY_LEASE_MS + 1);

    const placed = unwrap(await world.placeOrder.execute(ACTOR, newOrder()));

    expect(placed).toEqual({ order: committed.toSnapshot(), replayed: true });
    expect(await storedOrders(world.store)).toHaveLength(1);
    expect(world.announced.events).toEqual([]);
  });

  it('throws when a new order id is already taken by an order that cannot be found', async () => {
    const vanishing: OrderRepository = {
      findById: async () => null,
      list: async () => [],
      save: async (_change: OrderChange): Promise<SaveOutcome> => 'stale',
    };
    const world = setup({ repository: vanishing });

    await expect(world.placeOrder.execute(ACTOR, newOrder())).rejects.toThrow(
      `Order id ${SequentialIds.uuid(1)} was already taken`,
    );
  });

  it('places every request that carries no key, each as a new order', async () => {
    const world = setup();
    const first = unwrap(await world.placeOrder.execute(ACTOR, newOrder({}, null)));
    const second = unwrap(await world.placeOrder.execute(ACTOR, newOrder({}, null)));

    expect(second.order.id).not.toBe(first.order.id);
    expect(await storedOrders(world.store)).toHaveLength(2);
  });
});

describe('fingerprintOf', () => {
  it('is the same for the same order whatever the key order of the request, an omitted or the default currency', () => {
    const a = fingerprintOf(resolved(newOrder()));
    expect(fingerprintOf(resolved(newOrder({ currency: 'USD' })))).toBe(a);
    expect(fingerprintOf(resolved(newOrder({ currency: null })))).toBe(a);
    expect(fingerprintOf(resolved(newOrder({}, 'another key')))).toBe(a);
    expect(
      fingerprintOf(
        resolved(
          placeCommand({
            items: [{ unitPrice: 1250, sku: 'A-1', quantity: 2 }],
            customerId: 'c-1',
            customerEmail: 'ann@example.com',
          }),
        ),
      ),
    ).toBe(a);
  });

  it('differs for another customer, item, quantity, price or currency', () => {
    const a = fingerprintOf(resolved(newOrder()));
    const others = [
      newOrder({ customerId: 'c-2' }),
      newOrder({ customerEmail: 'bob@example.com' }),
      newOrder({ items: [{ sku: 'A-2', quantity: 2, unitPrice: 1250 }] }),
      newOrder({ items: [{ sku: 'A-1', quantity: 3, unitPrice: 1250 }] }),
      newOrder({ items: [{ sku: 'A-1', quantity: 2, unitPrice: 1251 }] }),
      newOrder({ currency: 'EUR' }),
    ];
    const fingerprints = new Set(others.map((command) => fingerprintOf(resolved(command))));
    expect(fingerprints.size).toBe(others.length);
    expect(fingerprints.has(a)).toBe(false);
  });

  it('is canonical JSON, every key in code-unit order, as fingerprints already stored were made', () => {
    expect(fingerprintOf(resolved(newOrder()))).toBe(
      '{"currency":"USD","customerEmail":"ann@example.com","customerId":"c-1",' +
        '"items":[{"quantity":2,"sku":"A-1","unitPrice":1250}]}',
    );
  });
});
