import { describe, expect, it } from 'vitest';
import { MemoryIdempotencyStore } from '../../src/adapters/memory/memory-idempotency-store.js';
import { MemoryOrderRepository } from '../../src/adapters/memory/memory-order-repository.js';
import { IdempotencyKeyInUseError, IdempotencyKeyReusedError, ValidationError } from '../../src/domain/errors.js';
import {
  fingerprintOf,
  IDEMPOTENCY_LEASE_MS,
  IDEMPOTENCY_RETENTION_MS,
  isIdempotencyKey,
} from '../../src/domain/idempotency.js';
import type { OrderEvent } from '../../src/domain/order-events.js';
import { Order, type NewOrder, type OrderSnapshot } from '../../src/domain/order.js';
import type { Result } from '../../src/domain/result.js';
import { PlaceOrder } from '../../src/domain/use-cases/place-order.js';
import type { PlacedOrder } from '../../src/ports/inbound/place-order-use-case.js';
import type { CommittedEvents } from '../../src/ports/outbound/committed-events.js';
import type { IdempotencyStore } from '../../src/ports/outbound/idempotency-store.js';
import type { OrderChange, OrderRepository, SaveOutcome } from '../../src/ports/outbound/order-repository.js';
import { FixedClock } from '../support/fixed-clock.js';
import { SequentialIds } from '../support/sequential-ids.js';

const START = new Date('2026-01-01T00:00:00.000Z');
const KEY = 'order-2026-01-01-0001';

class RecordingAnnouncements implements CommittedEvents {
  readonly events: OrderEvent[] = [];

  async announce(events: readonly OrderEvent[]): Promise<void> {
    this.events.push(...events);
  }
}

function newOrder(overrides: Partial<NewOrder> = {}): NewOrder {
  return {
    customerId: 'c-1',
    customerEmail: 'ann@example.com',
    items: [{ sku: 'A-1', quantity: 2, unitPrice: 1250 }],
    ...overrides,
  };
}

function setup(options: { idempotency?: IdempotencyStore | null; repository?: OrderRepository } = {}) {
  const clock = new FixedClock(START);
  const ids = new SequentialIds();
  const store = new MemoryOrderRepository();
  const idempotency = options.idempotency === null ? undefined : (options.idempotency ?? new MemoryIdempotencyStore());
  const publisher = new RecordingAnnouncements();
  const placeOrder = new PlaceOrder(options.repository ?? store, publisher, clock, ids, idempotency);
  return { clock, ids, store, idempotency, publisher, placeOrder };
}

function unwrap<T, E>(result: Result<T, E>): T {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.error)}`);
  return result.value;
}

function unwrapError<T, E>(result: Result<T, E>): E {
  if (result.ok) throw new Error(`expected a refusal, got ${JSON.stringify(result.value)}`);
  return result.error;
}

async function storedOrders(store: MemoryOrderRepository): Promise<OrderSnapshot[]> {
  return store.list({ limit: 100 });
}

describe('PlaceOrder with an Idempotency-Key', () => {
  it('places the order once and replays it for a repeat of the same request', async () => {
    const world = setup();
    const first = unwrap(await world.placeOrder.execute(newOrder(), { idempotencyKey: KEY }));
    world.clock.advance(60_000);
    const again = unwrap(await world.placeOrder.execute(newOrder(), { idempotencyKey: KEY }));

    expect(first.replayed).toBe(false);
    expect(again).toEqual<PlacedOrder>({ order: first.order, replayed: true });
    expect(await storedOrders(world.store)).toHaveLength(1);
    expect(world.publisher.events.map((event) => event.type)).toEqual(['OrderPlaced']);
  });

  it('takes the same body in another key order, and an omitted currency as the default one, as a repeat', async () => {
    const world = setup();
    const first = unwrap(await world.placeOrder.execute(newOrder(), { idempotencyKey: KEY }));
    const reordered: NewOrder = {
      items: [{ unitPrice: 1250, quantity: 2, sku: 'A-1' }],
      customerEmail: 'ann@example.com',
      currency: 'USD',
      customerId: 'c-1',
    };

    expect(unwrap(await world.placeOrder.execute(reordered, { idempotencyKey: KEY }))).toEqual({
      order: first.order,
      replayed: true,
    });
  });

  it('refuses the same key with another body with IDEMPOTENCY_KEY_REUSED, placing nothing', async () => {
    const world = setup();
    unwrap(await world.placeOrder.execute(newOrder(), { idempotencyKey: KEY }));
    const error = unwrapError(await world.placeOrder.execute(newOrder({ customerId: 'c-2' }), { idempotencyKey: KEY }));

    expect(error).toBeInstanceOf(IdempotencyKeyReusedError);
    expect(error).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', key: KEY });
    expect(error.message).toBe('This Idempotency-Key was used for a different request');
    expect(await storedOrders(world.store)).toHaveLength(1);
  });

  it('refuses the key while the first request holds it with IDEMPOTENCY_KEY_IN_USE', async () => {
    const world = setup();
    await world.idempotency!.claim({
      key: KEY,
      fingerprint: fingerprintOf(newOrder()),
      orderId: SequentialIds.uuid(999),
      at: START,
      expiredBefore: new Date(START.getTime() - IDEMPOTENCY_RETENTION_MS),
      abandonedBefore: new Date(START.getTime() - IDEMPOTENCY_LEASE_MS),
    });
    world.clock.advance(IDEMPOTENCY_LEASE_MS - 1);

    const error = unwrapError(await world.placeOrder.execute(newOrder(), { idempotencyKey: KEY }));

    expect(error).toBeInstanceOf(IdempotencyKeyInUseError);
    expect(error).toMatchObject({ code: 'IDEMPOTENCY_KEY_IN_USE', key: KEY });
    expect(error.message).toMatch(/still in progress/);
    expect(await storedOrders(world.store)).toEqual([]);
  });

  it('takes over a claim abandoned before its lease ran out, with the first claimant\u2019s order id', async () => {
    const world = setup();
    const abandonedId = SequentialIds.uuid(999);
    await world.idempotency!.claim({
      key: KEY,
      fingerprint: fingerprintOf(newOrder()),
      orderId: abandonedId,
      at: START,
      expiredBefore: new Date(START.getTime() - IDEMPOTENCY_RETENTION_MS),
      abandonedBefore: new Date(START.getTime() - IDEMPOTENCY_LEASE_MS),
    });
    world.clock.advance(IDEMPOTENCY_LEASE_MS + 1);

    const placed = unwrap(await world.placeOrder.execute(newOrder(), { idempotencyKey: KEY }));

    expect(placed.replayed).toBe(false);
    expect(placed.order.id).toBe(abandonedId);
    expect((await storedOrders(world.store)).map((order) => order.id)).toEqual([abandonedId]);
  });

  it('finds the order a crashed first attempt did commit, instead of placing a second one', async () => {
    const world = setup();
    const committedId = SequentialIds.uuid(999);
    await world.idempotency!.claim({
      key: KEY,
      fingerprint: fingerprintOf(newOrder()),
      orderId: committedId,
      at: START,
      expiredBefore: new Date(START.getTime() - IDEMPOTENCY_RETENTION_MS),
      abandonedBefore: new Date(START.getTime() - IDEMPOTENCY_LEASE_MS),
    });
    // the first attempt committed its order, then died before completing the claim
    const committed = unwrap(Order.place(newOrder(), committedId, START));
    await world.store.save({ order: committed.toSnapshot(), expectedVersion: 0, events: [] });
    world.clock.advance(IDEMPOTENCY_LEASE_MS + 1);

    const placed = unwrap(await world.placeOrder.execute(newOrder(), { idempotencyKey: KEY }));

    expect(placed).toEqual({ order: committed.toSnapshot(), replayed: true });
    expect(await storedOrders(world.store)).toHaveLength(1);
    expect(world.publisher.events).toEqual([]);
  });

  it('throws when a new order id is already taken by an order that cannot be found', async () => {
    const vanishing: OrderRepository = {
      findById: async () => null,
      list: async () => [],
      save: async (_change: OrderChange): Promise<SaveOutcome> => 'stale',
    };
    const world = setup({ repository: vanishing });

    await expect(world.placeOrder.execute(newOrder(), { idempotencyKey: KEY })).rejects.toThrow(
      `Order id ${SequentialIds.uuid(1)} was already taken`,
    );
  });

  it('releases the key when the order is refused, so it may be used again for another body', async () => {
    const world = setup();
    const refused = unwrapError(
      await world.placeOrder.execute(newOrder({ customerEmail: 'nope' }), { idempotencyKey: KEY }),
    );
    expect(refused).toBeInstanceOf(ValidationError);

    const placed = unwrap(await world.placeOrder.execute(newOrder(), { idempotencyKey: KEY }));
    expect(placed.replayed).toBe(false);
    expect(await storedOrders(world.store)).toHaveLength(1);
  });

  it.each([
    ['empty', ''],
    ['256 characters long', 'k'.repeat(256)],
    ['not printable ASCII', 'clé'],
    ['a control character', 'key\n'],
  ])('refuses a key that is %s with VALIDATION_FAILED at /idempotencyKey, placing nothing', async (_what, key) => {
    const world = setup();
    const error = unwrapError(await world.placeOrder.execute(newOrder(), { idempotencyKey: key }));

    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([
      { path: '/idempotencyKey', message: 'must be 1..255 printable ASCII characters' },
    ]);
    expect(await storedOrders(world.store)).toEqual([]);
  });

  it('places every request when no idempotency store is configured, key or not', async () => {
    const world = setup({ idempotency: null });
    const first = unwrap(await world.placeOrder.execute(newOrder(), { idempotencyKey: KEY }));
    const second = unwrap(await world.placeOrder.execute(newOrder(), { idempotencyKey: KEY }));

    expect(first.replayed).toBe(false);
    expect(second.replayed).toBe(false);
    expect(second.order.id).not.toBe(first.order.id);
  });
});

describe('isIdempotencyKey', () => {
  it('accepts 1..255 printable ASCII characters', () => {
    expect(isIdempotencyKey('a')).toBe(true);
    expect(isIdempotencyKey(' ~')).toBe(true);
    expect(isIdempotencyKey('x'.repeat(255))).toBe(true);
  });

  it('refuses an empty key, a longer one, and anything outside printable ASCII', () => {
    expect(isIdempotencyKey('')).toBe(false);
    expect(isIdempotencyKey('x'.repeat(256))).toBe(false);
    expect(isIdempotencyKey('\u007f')).toBe(false);
    expect(isIdempotencyKey('\u00e9')).toBe(false);
  });
});

describe('fingerprintOf', () => {
  it('is the same for the same order whatever the key order, and with an omitted or default currency', () => {
    const a = fingerprintOf(newOrder());
    expect(fingerprintOf({ ...newOrder(), currency: 'USD' })).toBe(a);
    expect(fingerprintOf({ ...newOrder(), currency: null })).toBe(a);
    expect(
      fingerprintOf({
        items: [{ unitPrice: 1250, sku: 'A-1', quantity: 2 }],
        customerId: 'c-1',
        customerEmail: 'ann@example.com',
      }),
    ).toBe(a);
  });

  it('differs for another customer, item, quantity, price or currency', () => {
    const a = fingerprintOf(newOrder());
    const others = [
      newOrder({ customerId: 'c-2' }),
      newOrder({ customerEmail: 'bob@example.com' }),
      newOrder({ items: [{ sku: 'A-2', quantity: 2, unitPrice: 1250 }] }),
      newOrder({ items: [{ sku: 'A-1', quantity: 3, unitPrice: 1250 }] }),
      newOrder({ items: [{ sku: 'A-1', quantity: 2, unitPrice: 1251 }] }),
      newOrder({ currency: 'EUR' }),
    ];
    const fingerprints = new Set(others.map(fingerprintOf));
    expect(fingerprints.size).toBe(others.length);
    expect(fingerprints.has(a)).toBe(false);
  });

  it('leaves out undefined fields and writes a missing array entry as null, as JSON does', () => {
    const withUndefined = { ...newOrder(), items: [{ sku: 'A-1', quantity: 2, unitPrice: 1250, note: undefined }] };
    expect(fingerprintOf(withUndefined)).toBe(fingerprintOf(newOrder()));

    const holey = { ...newOrder(), items: [undefined] } as unknown as NewOrder;
    expect(fingerprintOf(holey)).toContain('"items":[null]');
  });

  it('sorts keys in code-unit order, so equal keys never depend on insertion order', () => {
    const one = { ...newOrder(), items: [{ b: 1, a: 2, B: 3 }] } as unknown as NewOrder;
    const two = { ...newOrder(), items: [{ B: 3, a: 2, b: 1 }] } as unknown as NewOrder;
    expect(fingerprintOf(one)).toBe(fingerprintOf(two));
    expect(fingerprintOf(one)).toContain('{"B":3,"a":2,"b":1}');
  });
});
