import { describe, expect, it } from 'vitest';
import type { OrderEvent } from '../../src/domain/model/order-events.js';
import { parseCancelOrder } from '../../src/domain/use-cases/cancel-order/parse-cancel-order.js';
import { parseConfirmOrder } from '../../src/domain/use-cases/confirm-order/parse-confirm-order.js';
import { parseDeliverOrder } from '../../src/domain/use-cases/deliver-order/parse-deliver-order.js';
import { parseShipOrder } from '../../src/domain/use-cases/ship-order/parse-ship-order.js';
import type { CommittedEvents } from '../../src/ports/outbound/committed-events.js';
import { actorOf } from '../support/actors.js';
import { FixedClock } from '../support/fixed-clock.js';
import { MemoryStore } from '../support/memory-store.js';
import { orderCore, unwrap, unwrapError } from '../support/order-commands.js';
import { SequentialIds } from '../support/sequential-ids.js';

// A change from a message delivered more than once (SPEC §11) changes the order once: every delivery after the first
// answers the order as it is, whatever the state machine or the version would say of the change on its own.

const MESSAGE = '30000000-0000-4000-8000-000000000001';
const OTHER_MESSAGE = '30000000-0000-4000-8000-000000000002';

/** Every event announced to it, in order. */
class AnnouncedEvents implements CommittedEvents {
  readonly events: OrderEvent[] = [];

  async announce(events: readonly OrderEvent[]): Promise<void> {
    this.events.push(...events);
  }
}

/** The use cases over a memory store, whose own record of messages they consult. */
function setup() {
  const store = new MemoryStore();
  const clock = new FixedClock();
  const announced = new AnnouncedEvents();
  const core = orderCore({ orders: store, committedEvents: announced, clock, ids: new SequentialIds() });
  return { store, clock, announced, ...core };
}

type World = ReturnType<typeof setup>;

async function typesStored(world: World): Promise<string[]> {
  return (await world.store.committedEvents()).map((event) => event.type);
}

describe('a change carrying a message', () => {
  it('confirms an order once for a message applied twice, and answers the order as it is the second time', async () => {
    const world = setup();
    const order = await world.place();

    const first = unwrap(await world.change('confirm', { orderId: order.id, messageId: MESSAGE }));
    world.clock.advance(60_000);
    const second = unwrap(await world.change('confirm', { orderId: order.id, messageId: MESSAGE }));

    expect(first).toMatchObject({ status: 'confirmed', version: 2 });
    expect(second).toEqual(first);
    expect(unwrap(await world.get(order.id))).toEqual(first);
    expect(await typesStored(world)).toEqual(['OrderPlaced', 'OrderConfirmed']);
    expect(world.announced.events.map((event) => event.type)).toEqual(['OrderPlaced', 'OrderConfirmed']);
  });

  it('answers a redelivered message with its original expectedVersion with the order, not a version mismatch', async () => {
    const world = setup();
    const order = await world.place();
    const command = { orderId: order.id, expectedVersion: 1, messageId: MESSAGE };

    const applied = unwrap(await world.change('confirm', command));
    const redelivered = await world.change('confirm', command);

    expect(unwrap(redelivered)).toEqual(applied);
    expect(applied.version).toBe(2);
    expect(await typesStored(world)).toEqual(['OrderPlaced', 'OrderConfirmed']);
  });

  it('answers a message redelivered after the order moved on with the order as it is now', async () => {
    const world = setup();
    const order = await world.place();
    unwrap(await world.change('confirm', { orderId: order.id, messageId: MESSAGE }));
    const shipped = unwrap(await world.change('ship', { orderId: order.id, messageId: OTHER_MESSAGE }));

    expect(unwrap(await world.change('confirm', { orderId: order.id, messageId: MESSAGE }))).toEqual(shipped);
    expect(await typesStored(world)).toEqual(['OrderPlaced', 'OrderConfirmed', 'OrderShipped']);
  });

  it('refuses a different message for the same change as the state machine does', async () => {
    const world = setup();
    const order = await world.place();
    const confirmed = unwrap(await world.change('confirm', { orderId: order.id, messageId: MESSAGE }));

    const error = unwrapError(await world.change('confirm', { orderId: order.id, messageId: OTHER_MESSAGE }));

    expect(error.code).toBe('INVALID_TRANSITION');
    expect(unwrap(await world.get(order.id))).toEqual(confirmed);
    expect(await typesStored(world)).toEqual(['OrderPlaced', 'OrderConfirmed']);
  });

  it('does not count a message whose change was refused as applied: a later delivery of it may apply', async () => {
    const world = setup();
    const order = await world.place();

    const refused = unwrapError(await world.change('ship', { orderId: order.id, messageId: MESSAGE }));
    expect(refused.code).toBe('INVALID_TRANSITION');
    const stale = unwrapError(
      await world.change('confirm', { orderId: order.id, expectedVersion: 7, messageId: MESSAGE }),
    );
    expect(stale.code).toBe('VERSION_MISMATCH');

    expect(unwrap(await world.change('confirm', { orderId: order.id, messageId: MESSAGE }))).toMatchObject({
      status: 'confirmed',
      version: 2,
    });
  });

  it("applies the same message id in another tenant as another tenant's message", async () => {
    const world = setup();
    const otherStaff = actorOf('staff-2', ['staff'], 'tenant-other');
    const mine = await world.place();
    const theirs = await world.place({}, otherStaff);

    unwrap(await world.change('confirm', { orderId: mine.id, messageId: MESSAGE }));
    const confirmed = unwrap(await world.change('confirm', { orderId: theirs.id, messageId: MESSAGE }, otherStaff));

    expect(confirmed).toMatchObject({ tenantId: 'tenant-other', status: 'confirmed', version: 2 });
    expect(await typesStored(world)).toEqual(['OrderPlaced', 'OrderPlaced', 'OrderConfirmed', 'OrderConfirmed']);
  });

  it('takes a message id in upper case as the message it spells in lower case', async () => {
    const world = setup();
    const order = await world.place();
    const applied = unwrap(await world.change('cancel', { orderId: order.id, messageId: MESSAGE.toUpperCase() }));

    expect(unwrap(await world.change('cancel', { orderId: order.id, messageId: MESSAGE }))).toEqual(applied);
    expect(await typesStored(world)).toEqual(['OrderPlaced', 'OrderCancelled']);
  });

  it.each([
    ['confirm', parseConfirmOrder],
    ['ship', parseShipOrder],
    ['deliver', parseDeliverOrder],
    ['cancel', parseCancelOrder],
  ])('refuses a %s whose messageId is not a UUID as VALIDATION_FAILED at messageId', (_action, parse) => {
    for (const messageId of ['', 'message-1', `${MESSAGE}0`, `{${MESSAGE}}`]) {
      const error = unwrapError(parse({ orderId: '00000000-0000-4000-8000-000000000001', messageId }));
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.issues.map((issue) => issue.path)).toEqual([['messageId']]);
    }
  });

  it('reads an absent or null messageId as a change from no message', () => {
    const orderId = '00000000-0000-4000-8000-000000000001';
    expect(unwrap(parseConfirmOrder({ orderId }))).toEqual({ orderId });
    expect(unwrap(parseConfirmOrder({ orderId, messageId: null }))).toEqual({ orderId });
    expect(unwrap(parseConfirmOrder({ orderId, messageId: MESSAGE }))).toEqual({ orderId, messageId: MESSAGE });
  });
});
