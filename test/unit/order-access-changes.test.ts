import { describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/model/actor.js';
import { ForbiddenError } from '../../src/domain/model/errors/forbidden-error.js';
import { OrderNotFoundError } from '../../src/domain/model/errors/order-not-found-error.js';
import type { OrderAction } from '../../src/domain/model/order-lifecycle.js';
import type { OrderSnapshot } from '../../src/domain/model/order-snapshot.js';
import type { OrderId } from '../../src/domain/model/values/order-id.js';
import type { TenantId } from '../../src/domain/model/values/tenant-id.js';
import type { OrderQuery } from '../../src/ports/outbound/order-repository.js';
import { actorOf, STAFF_ACTOR } from '../support/actors.js';
import { FixedClock } from '../support/fixed-clock.js';
import { MemoryStore } from '../support/memory-store.js';
import { orderCore, unwrap, unwrapError } from '../support/order-commands.js';
import { SequentialIds } from '../support/sequential-ids.js';

// SPEC §9: confirm, ship and deliver are staff's; a customer cancels their own orders; staff change any order of
// their tenant. An order the caller may not see does not exist for them, and stays as it was.

const OTHER_TENANT = 'tenant-b';
const ANN = actorOf('ann', ['customer']);
const BOB = actorOf('bob', ['customer']);
const STAFF_ELSEWHERE = actorOf('staff-9', ['staff'], OTHER_TENANT);
const STAFF_ONLY: readonly OrderAction[] = ['confirm', 'ship', 'deliver'];

/** The memory store, counting the reads that reach it: a refusal about the ask itself looks nothing up. */
class CountingStore extends MemoryStore {
  reads = 0;

  override async findById(tenantId: TenantId, id: OrderId): Promise<OrderSnapshot | null> {
    this.reads++;
    return super.findById(tenantId, id);
  }

  override async list(query: OrderQuery): Promise<OrderSnapshot[]> {
    this.reads++;
    return super.list(query);
  }
}

function setup() {
  const store = new CountingStore();
  const core = orderCore({
    orders: store,
    committedEvents: { announce: async () => undefined },
    clock: new FixedClock(),
    ids: new SequentialIds(),
  });
  /** The order as its own tenant's staff see it. */
  const asStored = async (order: OrderSnapshot) =>
    unwrap(await core.get(order.id, actorOf('staff-of-tenant', ['staff'], order.tenantId)));
  return { store, asStored, ...core };
}

type World = ReturnType<typeof setup>;

/** What `actor` hears when asking for `action` on `orderId` where no order exists at all. */
async function refusalOfAnUnknownOrder(actor: Actor, action: OrderAction, orderId: string) {
  return unwrapError(await setup().change(action, { orderId }, actor));
}

describe('what a customer may change', () => {
  it.each(STAFF_ONLY)(
    'refuses to let a customer %s their own order with FORBIDDEN, changing nothing',
    async (action) => {
      const world = setup();
      const ready = await readyFor(world, action, await world.place({ customerId: null }, ANN));

      const error = unwrapError(await world.change(action, { orderId: ready.id }, ANN));

      expect(error).toBeInstanceOf(ForbiddenError);
      expect(error.code).toBe('FORBIDDEN');
      expect(error.message).toBe(`Only staff may ${action} an order`);
      expect(await world.asStored(ready)).toEqual(ready);
    },
  );

  it.each(STAFF_ONLY)(
    'refuses to let a customer %s an unknown order or another tenant\u2019s with FORBIDDEN, looking nothing up',
    async (action) => {
      const world = setup();
      const elsewhere = await world.place({ customerId: 'ann' }, STAFF_ELSEWHERE);
      const reads = world.store.reads;

      for (const orderId of [SequentialIds.uuid(999), elsewhere.id]) {
        const error = unwrapError(await world.change(action, { orderId }, ANN));
        expect(error).toBeInstanceOf(ForbiddenError);
        expect(error.code).toBe('FORBIDDEN');
      }
      expect(world.store.reads).toBe(reads);
    },
  );

  it('lets a customer cancel their own order, with their reason', async () => {
    const world = setup();
    const order = await world.place({ customerId: null }, ANN);

    const cancelled = unwrap(await world.change('cancel', { orderId: order.id, reason: 'changed my mind' }, ANN));

    expect(cancelled).toMatchObject({ status: 'cancelled', cancellationReason: 'changed my mind', version: 2 });
    expect(await world.asStored(order)).toEqual(cancelled);
    expect((await world.store.committedEvents()).map((event) => event.type)).toEqual(['OrderPlaced', 'OrderCancelled']);
  });

  it('lets a customer cancel an order staff placed for them', async () => {
    const world = setup();
    const order = await world.place({ customerId: 'ann' }, STAFF_ACTOR);
    expect(unwrap(await world.change('cancel', { orderId: order.id }, ANN)).status).toBe('cancelled');
  });

  it('answers ORDER_NOT_FOUND to a customer cancelling another customer\u2019s order, as for an unknown id, and leaves it be', async () => {
    const world = setup();
    const bobs = await world.place({ customerId: null }, BOB);

    const refusal = unwrapError(await world.change('cancel', { orderId: bobs.id, reason: 'mine now' }, ANN));

    expect(refusal).toBeInstanceOf(OrderNotFoundError);
    expect(refusal.code).toBe('ORDER_NOT_FOUND');
    expect(refusal).toStrictEqual(await refusalOfAnUnknownOrder(ANN, 'cancel', bobs.id));
    expect(await world.asStored(bobs)).toEqual(bobs);
    expect((await world.store.committedEvents()).map((event) => event.type)).toEqual(['OrderPlaced']);
  });

  it('answers ORDER_NOT_FOUND to a customer for another customer\u2019s order whatever its version or status', async () => {
    const world = setup();
    const bobs = await world.place({ customerId: null }, BOB);
    const shipped = await readyFor(world, 'deliver', bobs);
    const unknown = await refusalOfAnUnknownOrder(ANN, 'cancel', bobs.id);

    // Neither a VERSION_MISMATCH nor an INVALID_TRANSITION: each would tell that the order exists.
    expect(unwrapError(await world.change('cancel', { orderId: bobs.id, expectedVersion: 1 }, ANN))).toStrictEqual(
      unknown,
    );
    expect(unwrapError(await world.change('cancel', { orderId: bobs.id }, ANN))).toStrictEqual(unknown);
    expect(await world.asStored(bobs)).toEqual(shipped);
  });

  it('answers ORDER_NOT_FOUND to a customer cancelling their order of another tenant, as for an unknown id', async () => {
    const world = setup();
    const elsewhere = await world.place({ customerId: 'ann' }, STAFF_ELSEWHERE);

    const refusal = unwrapError(await world.change('cancel', { orderId: elsewhere.id }, ANN));

    expect(refusal).toStrictEqual(await refusalOfAnUnknownOrder(ANN, 'cancel', elsewhere.id));
    expect(await world.asStored(elsewhere)).toEqual(elsewhere);
  });
});

describe('what staff may change', () => {
  it('lets staff confirm, ship and deliver an order a customer of their tenant placed', async () => {
    const world = setup();
    const order = await world.place({ customerId: null }, ANN);
    for (const action of STAFF_ONLY) unwrap(await world.change(action, { orderId: order.id }, STAFF_ACTOR));
    expect(await world.asStored(order)).toMatchObject({ status: 'delivered', version: 4 });
  });

  it('lets staff cancel any customer\u2019s order of their tenant', async () => {
    const world = setup();
    const order = await world.place({ customerId: null }, BOB);
    const cancelled = unwrap(await world.change('cancel', { orderId: order.id, reason: 'out of stock' }, STAFF_ACTOR));
    expect(cancelled).toMatchObject({ status: 'cancelled', cancellationReason: 'out of stock' });
  });

  it.each<OrderAction>(['confirm', 'ship', 'deliver', 'cancel'])(
    'answers ORDER_NOT_FOUND to staff asking to %s another tenant\u2019s order, as for an unknown id, and leaves it be',
    async (action) => {
      const world = setup();
      const elsewhere = await world.place({ customerId: 'ann' }, STAFF_ELSEWHERE);
      const ready = await readyFor(world, action, elsewhere);

      const refusal = unwrapError(await world.change(action, { orderId: elsewhere.id }, STAFF_ACTOR));

      expect(refusal).toBeInstanceOf(OrderNotFoundError);
      expect(refusal).toStrictEqual(await refusalOfAnUnknownOrder(STAFF_ACTOR, action, elsewhere.id));
      expect(await world.asStored(elsewhere)).toEqual(ready);
    },
  );

  it('keeps a version pinned by staff of another tenant from telling whether the order exists', async () => {
    const world = setup();
    const elsewhere = await world.place({ customerId: 'ann' }, STAFF_ELSEWHERE);
    const refusal = unwrapError(await world.change('confirm', { orderId: elsewhere.id, expectedVersion: 7 }));
    expect(refusal).toStrictEqual(await refusalOfAnUnknownOrder(STAFF_ACTOR, 'confirm', elsewhere.id));
    expect(await world.asStored(elsewhere)).toEqual(elsewhere);
  });
});

/**
 * Moves a pending order, as its own tenant's staff, to where `action` is allowed: confirmed to ship, shipped to
 * deliver; a pending order may be confirmed or cancelled as it is.
 */
async function readyFor(world: World, action: OrderAction, order: OrderSnapshot): Promise<OrderSnapshot> {
  const ownStaff = actorOf('staff-of-tenant', ['staff'], order.tenantId);
  const steps: readonly OrderAction[] =
    action === 'ship' ? ['confirm'] : action === 'deliver' ? ['confirm', 'ship'] : [];
  let current = order;
  for (const step of steps) current = unwrap(await world.change(step, { orderId: order.id }, ownStaff));
  return current;
}
