import { describe, expect, it } from 'vitest';
import { ForbiddenError } from '../../src/domain/model/errors/forbidden-error.js';
import { ValidationError } from '../../src/domain/model/errors/validation-error.js';
import type { PlaceOrderInput } from '../../src/domain/use-cases/place-order/parse-place-order.js';
import type { PlaceOrderCommand } from '../../src/ports/inbound/place-order-use-case.js';
import { actorOf, STAFF_ACTOR } from '../support/actors.js';
import { FixedClock } from '../support/fixed-clock.js';
import { MemoryStore } from '../support/memory-store.js';
import { orderCore, placeCommand, unwrap, unwrapError } from '../support/order-commands.js';
import { SequentialIds } from '../support/sequential-ids.js';
import { TEST_TENANT } from '../support/tokens.js';

// SPEC §9: who may place an order for whom, in which tenant, and whose idempotency keys are whose.

const OTHER_TENANT = 'tenant-b';
const ANN = actorOf('ann', ['customer']);
const BOB = actorOf('bob', ['customer']);
const OTHER_STAFF = actorOf('staff-2', ['staff']);
const STAFF_ELSEWHERE = actorOf(STAFF_ACTOR.subject, ['staff'], OTHER_TENANT);
const ANN_ELSEWHERE = actorOf('ann', ['customer'], OTHER_TENANT);

function setup() {
  const store = new MemoryStore();
  const core = orderCore({
    orders: store,
    committedEvents: { announce: async () => undefined },
    clock: new FixedClock(),
    ids: new SequentialIds(),
  });
  /** Every order of the tenant, as its staff list them. */
  const ordersOf = async (tenant: string) =>
    (await core.list({ limit: 100 }, actorOf('staff-of-tenant', ['staff'], tenant))).items;
  return { store, ordersOf, ...core };
}

/** The command of `placeCommand(overrides)` with no customer named, as a customer placing for themselves sends it. */
function forThemselves(overrides: Partial<PlaceOrderInput> = {}): PlaceOrderCommand {
  const { customerId: _named, ...command } = placeCommand(overrides);
  return command;
}

describe('who may place an order for whom', () => {
  it('places a customer\u2019s order for themselves when they name no customer', async () => {
    const world = setup();
    const placed = unwrap(await world.placeOrder.execute(ANN, forThemselves()));
    expect(placed.order.customerId).toBe('ann');
    expect((await world.ordersOf(TEST_TENANT)).map((order) => order.customerId)).toEqual(['ann']);
  });

  it('lets a customer name themselves, spaces around their id trimmed as for any customerId', async () => {
    const world = setup();
    expect((await world.place({ customerId: 'ann' }, ANN)).customerId).toBe('ann');
    expect((await world.place({ customerId: '  ann ' }, ANN)).customerId).toBe('ann');
  });

  it('refuses to let a customer place an order for another customer, storing nothing', async () => {
    const world = setup();
    const error = unwrapError(await world.placeOrder.execute(ANN, placeCommand({ customerId: 'bob' })));

    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toBe('A customer places orders for themselves only');
    expect(await world.ordersOf(TEST_TENANT)).toEqual([]);
    expect(await world.store.committedEvents()).toEqual([]);
  });

  it('lets staff place an order for any customer of their tenant', async () => {
    const world = setup();
    expect((await world.place({ customerId: 'bob' }, STAFF_ACTOR)).customerId).toBe('bob');
    expect((await world.place({ customerId: 'carol' }, STAFF_ACTOR)).customerId).toBe('carol');
  });

  it('refuses an order from staff that names no customer with VALIDATION_FAILED at customerId', async () => {
    const world = setup();
    const error = unwrapError(await world.placeOrder.execute(STAFF_ACTOR, forThemselves()));

    expect(error).toBeInstanceOf(ValidationError);
    expect(error.code).toBe('VALIDATION_FAILED');
    if (!(error instanceof ValidationError)) return;
    expect(error.issues).toEqual([{ path: ['customerId'], message: 'is required when staff place an order' }]);
    expect(await world.ordersOf(TEST_TENANT)).toEqual([]);
  });

  it('lets a customer whose subject is the longest customerId, 64 characters, place for themselves', async () => {
    const world = setup();
    const subject = 'c'.repeat(64);
    expect(
      unwrap(await world.placeOrder.execute(actorOf(subject, ['customer']), forThemselves())).order.customerId,
    ).toBe(subject);
  });

  it('refuses a customer whose subject cannot be a customerId (65 characters) with VALIDATION_FAILED', async () => {
    const world = setup();
    const longSubject = actorOf('c'.repeat(65), ['customer']);
    const error = unwrapError(await world.placeOrder.execute(longSubject, forThemselves()));

    expect(error).toBeInstanceOf(ValidationError);
    expect(error.code).toBe('VALIDATION_FAILED');
    if (!(error instanceof ValidationError)) return;
    expect(error.issues.map((issue) => issue.path)).toEqual([['customerId']]);
    expect(error.issues[0]?.message).toMatch(/^cannot be the token's subject, which must be 1\.\.64 characters/);
    expect(await world.ordersOf(TEST_TENANT)).toEqual([]);
    expect(await world.store.committedEvents()).toEqual([]);
  });
});

describe('the tenant of a placed order', () => {
  it('is the tenant of whoever placed it, and its OrderPlaced event carries it too', async () => {
    const world = setup();
    const ours = await world.place({ customerId: 'bob' }, STAFF_ACTOR);
    const theirs = await world.place({ customerId: 'bob' }, STAFF_ELSEWHERE);
    const annsThere = unwrap(await world.placeOrder.execute(ANN_ELSEWHERE, forThemselves())).order;

    expect(ours.tenantId).toBe(TEST_TENANT);
    expect(theirs.tenantId).toBe(OTHER_TENANT);
    expect(annsThere.tenantId).toBe(OTHER_TENANT);
    const placedEvents = await world.store.committedEvents();
    expect(placedEvents.map((event) => [event.type, event.order.id, event.order.tenantId])).toEqual([
      ['OrderPlaced', ours.id, TEST_TENANT],
      ['OrderPlaced', theirs.id, OTHER_TENANT],
      ['OrderPlaced', annsThere.id, OTHER_TENANT],
    ]);
  });

  it('belongs to that tenant only: each tenant\u2019s staff list their own', async () => {
    const world = setup();
    const ours = await world.place({ customerId: 'bob' }, STAFF_ACTOR);
    const theirs = await world.place({ customerId: 'bob' }, STAFF_ELSEWHERE);

    expect((await world.ordersOf(TEST_TENANT)).map((order) => order.id)).toEqual([ours.id]);
    expect((await world.ordersOf(OTHER_TENANT)).map((order) => order.id)).toEqual([theirs.id]);
  });
});

describe('idempotency keys, scoped to the tenant and the subject', () => {
  const KEY = 'order-2026-01-01-0001';

  it('replays the first order for the same key by the same subject in the same tenant', async () => {
    const world = setup();
    const first = unwrap(await world.placeOrder.execute(STAFF_ACTOR, placeCommand({ idempotencyKey: KEY })));
    const again = unwrap(await world.placeOrder.execute(STAFF_ACTOR, placeCommand({ idempotencyKey: KEY })));

    expect(first.replayed).toBe(false);
    expect(again).toEqual({ order: first.order, replayed: true });
    expect(await world.ordersOf(TEST_TENANT)).toHaveLength(1);
  });

  it('places two orders for the same key and the same order by two subjects of one tenant', async () => {
    const world = setup();
    const first = unwrap(await world.placeOrder.execute(STAFF_ACTOR, placeCommand({ idempotencyKey: KEY })));
    const second = unwrap(await world.placeOrder.execute(OTHER_STAFF, placeCommand({ idempotencyKey: KEY })));

    expect(second.replayed).toBe(false);
    expect(second.order.id).not.toBe(first.order.id);
    expect(await world.ordersOf(TEST_TENANT)).toHaveLength(2);
  });

  it('places each customer\u2019s order under the key they both chose, refusing neither', async () => {
    const world = setup();
    const anns = unwrap(await world.placeOrder.execute(ANN, forThemselves({ idempotencyKey: KEY })));
    const bobs = unwrap(await world.placeOrder.execute(BOB, forThemselves({ idempotencyKey: KEY })));

    expect([anns.replayed, bobs.replayed]).toEqual([false, false]);
    expect([anns.order.customerId, bobs.order.customerId]).toEqual(['ann', 'bob']);
  });

  it('places two orders for the same key and the same order by the same subject in two tenants', async () => {
    const world = setup();
    const here = unwrap(await world.placeOrder.execute(STAFF_ACTOR, placeCommand({ idempotencyKey: KEY })));
    const there = unwrap(await world.placeOrder.execute(STAFF_ELSEWHERE, placeCommand({ idempotencyKey: KEY })));
    const thereAgain = unwrap(await world.placeOrder.execute(STAFF_ELSEWHERE, placeCommand({ idempotencyKey: KEY })));

    expect(there.replayed).toBe(false);
    expect(there.order.id).not.toBe(here.order.id);
    expect(there.order.tenantId).toBe(OTHER_TENANT);
    expect(thereAgain).toEqual({ order: there.order, replayed: true });
    expect(await world.ordersOf(TEST_TENANT)).toHaveLength(1);
    expect(await world.ordersOf(OTHER_TENANT)).toHaveLength(1);
  });

  it('keeps a key free when the request was refused: it placed nothing', async () => {
    const world = setup();
    const forBob = placeCommand({ customerId: 'bob', idempotencyKey: KEY });
    expect(unwrapError(await world.placeOrder.execute(ANN, forBob)).code).toBe('FORBIDDEN');
    expect(unwrapError(await world.placeOrder.execute(STAFF_ACTOR, forThemselves({ idempotencyKey: KEY }))).code).toBe(
      'VALIDATION_FAILED',
    );

    expect(unwrap(await world.placeOrder.execute(ANN, forThemselves({ idempotencyKey: KEY }))).replayed).toBe(false);
    expect(unwrap(await world.placeOrder.execute(STAFF_ACTOR, forBob)).replayed).toBe(false);
  });

  it('takes a customer\u2019s order naming no customer and the same order naming themselves as one request', async () => {
    const world = setup();
    const first = unwrap(await world.placeOrder.execute(ANN, forThemselves({ idempotencyKey: KEY })));
    const named = unwrap(await world.placeOrder.execute(ANN, placeCommand({ customerId: 'ann', idempotencyKey: KEY })));

    expect(named).toEqual({ order: first.order, replayed: true });
  });
});
