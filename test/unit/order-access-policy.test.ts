import { describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/model/actor.js';
import { ForbiddenError } from '../../src/domain/model/errors/forbidden-error.js';
import { ValidationError } from '../../src/domain/model/errors/validation-error.js';
import {
  canSee,
  customerOrderedBy,
  listedCustomer,
  mayAsk,
  mayRead,
  type OrderOwnership,
} from '../../src/domain/model/order-access.js';
import type { OrderAction } from '../../src/domain/model/order-lifecycle.js';
import type { Result } from '../../src/domain/model/result.js';
import { parseListOrders } from '../../src/domain/use-cases/list-orders/parse-list-orders.js';
import type { OrderRepository } from '../../src/ports/outbound/order-repository.js';
import type { IdempotencyStore } from '../../src/ports/outbound/idempotency-store.js';
import { actorOf, STAFF_ACTOR } from '../support/actors.js';
import { FixedClock } from '../support/fixed-clock.js';
import { MemoryStore } from '../support/memory-store.js';
import { orderCore, placeCommand, unwrap, unwrapError } from '../support/order-commands.js';
import { SequentialIds } from '../support/sequential-ids.js';
import { TEST_TENANT } from '../support/tokens.js';
import { customerIdOf } from '../support/values.js';

// SPEC §9's policy as functions of the core, and the edges of who counts as what.

const OTHER_TENANT = 'tenant-b';
const ANN = actorOf('ann', ['customer']);
const STAFF_ELSEWHERE = actorOf('staff-9', ['staff'], OTHER_TENANT);
/** A token whose roles this service does not know: parsing keeps none of them. */
const AUDITOR = actorOf('ann', ['auditor', 'admin']);
/** Both roles: staff may do everything a customer may, so the actor acts as staff. */
const ANN_ON_STAFF = actorOf('ann', ['customer', 'staff']);
const ACTIONS: readonly OrderAction[] = ['confirm', 'ship', 'deliver', 'cancel'];

const anns: OrderOwnership = { tenantId: TEST_TENANT, customerId: 'ann' };
const bobs: OrderOwnership = { tenantId: TEST_TENANT, customerId: 'bob' };
const annsElsewhere: OrderOwnership = { tenantId: OTHER_TENANT, customerId: 'ann' };

const untouched = () => {
  throw new Error('a port was used by a request that should have been refused first');
};
/** Ports that fail the test when used: a refusal of the actor itself reads and writes nothing. */
const UNTOUCHABLE: OrderRepository & IdempotencyStore = {
  findById: untouched,
  list: untouched,
  save: untouched,
  claim: untouched,
  complete: untouched,
  release: untouched,
  purgeExpired: untouched,
};

function setup(orders: OrderRepository = new MemoryStore()) {
  return orderCore({
    orders,
    idempotency: UNTOUCHABLE,
    committedEvents: { announce: untouched },
    clock: new FixedClock(),
    ids: new SequentialIds(),
  });
}

type World = ReturnType<typeof setup>;
type Ask = (world: World, actor: Actor) => Promise<Result<unknown, { readonly code: string }>>;

const SOME_ORDER = SequentialIds.uuid(1);
const EVERY_USE_CASE: ReadonlyArray<readonly [string, Ask]> = [
  ['place an order', (world, actor) => world.placeOrder.execute(actor, placeCommand({ customerId: 'ann' }))],
  ['read an order', (world, actor) => world.get(SOME_ORDER, actor)],
  ['list orders', (world, actor) => world.listOrders.execute(actor, unwrap(parseListOrders({})))],
  [
    'list orders of their subject',
    (world, actor) => world.listOrders.execute(actor, unwrap(parseListOrders({ customerId: 'ann' }))),
  ],
  ...ACTIONS.map((action): readonly [string, Ask] => [
    `${action} an order`,
    (world, actor) => world.change(action, { orderId: SOME_ORDER }, actor),
  ]),
];

describe('an actor with no role this service knows', () => {
  it('keeps none of the unknown roles', () => {
    expect(AUDITOR.roles).toEqual([]);
  });

  it.each(EVERY_USE_CASE)('may not %s: FORBIDDEN, before any port is used', async (_name, ask) => {
    const error = unwrapError(await ask(setup(UNTOUCHABLE), AUDITOR));
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error.code).toBe('FORBIDDEN');
  });

  it('sees no order, not even one placed for their subject', () => {
    expect(canSee(AUDITOR, anns)).toBe(false);
    expect(unwrapError(mayRead(AUDITOR)).code).toBe('FORBIDDEN');
  });
});

describe('an actor with both roles acts as staff', () => {
  it('sees every order of their tenant and none of another', () => {
    expect([canSee(ANN_ON_STAFF, anns), canSee(ANN_ON_STAFF, bobs)]).toEqual([true, true]);
    expect(canSee(ANN_ON_STAFF, annsElsewhere)).toBe(false);
  });

  it('may ask for every change', () => {
    for (const action of ACTIONS) expect(mayAsk(ANN_ON_STAFF, action).ok).toBe(true);
  });

  it('must name the customer of an order, and may name any', () => {
    const unnamed = unwrapError(customerOrderedBy(ANN_ON_STAFF, undefined));
    expect(unnamed).toBeInstanceOf(ValidationError);
    expect(unnamed.code).toBe('VALIDATION_FAILED');
    expect(unwrap(customerOrderedBy(ANN_ON_STAFF, customerIdOf('bob')))).toBe('bob');
  });

  it('lists every customer\u2019s orders, or the one they filter by', () => {
    expect(unwrap(listedCustomer(ANN_ON_STAFF, undefined))).toEqual({});
    expect(unwrap(listedCustomer(ANN_ON_STAFF, customerIdOf('bob')))).toEqual({ customerId: 'bob' });
  });

  it('reads, lists and ships another customer\u2019s order through the use cases', async () => {
    const world = orderCore({
      orders: new MemoryStore(),
      committedEvents: { announce: async () => undefined },
      clock: new FixedClock(),
      ids: new SequentialIds(),
    });
    const order = await world.place({ customerId: 'bob' }, STAFF_ACTOR);

    expect(unwrap(await world.get(order.id, ANN_ON_STAFF))).toEqual(order);
    expect((await world.list({}, ANN_ON_STAFF)).items.map((listed) => listed.id)).toEqual([order.id]);
    unwrap(await world.change('confirm', { orderId: order.id }, ANN_ON_STAFF));
    expect(unwrap(await world.change('ship', { orderId: order.id }, ANN_ON_STAFF)).status).toBe('shipped');
  });
});

describe('the access policy', () => {
  it.each<[string, Actor, OrderOwnership, boolean]>([
    ['a customer sees their own order', ANN, anns, true],
    ['a customer does not see another customer\u2019s order', ANN, bobs, false],
    ['a customer does not see an order for their subject in another tenant', ANN, annsElsewhere, false],
    ['staff see a customer\u2019s order of their tenant', STAFF_ACTOR, anns, true],
    ['staff see any other customer\u2019s order of their tenant', STAFF_ACTOR, bobs, true],
    ['staff do not see an order of another tenant', STAFF_ACTOR, annsElsewhere, false],
    ['staff of another tenant do not see this tenant\u2019s orders', STAFF_ELSEWHERE, anns, false],
    ['staff of another tenant see their own tenant\u2019s orders', STAFF_ELSEWHERE, annsElsewhere, true],
  ])('%s', (_rule, actor, order, visible) => {
    expect(canSee(actor, order)).toBe(visible);
  });

  it('lets a customer ask to cancel and nothing else', () => {
    expect(mayAsk(ANN, 'cancel').ok).toBe(true);
    for (const action of ['confirm', 'ship', 'deliver'] as const) {
      expect(unwrapError(mayAsk(ANN, action))).toEqual(new ForbiddenError(`Only staff may ${action} an order`));
    }
  });

  it('lets staff ask for every change, and an actor with no role for none', () => {
    for (const action of ACTIONS) {
      expect(mayAsk(STAFF_ACTOR, action).ok).toBe(true);
      expect(unwrapError(mayAsk(AUDITOR, action)).code).toBe('FORBIDDEN');
    }
  });

  it('orders for the customer themselves, named or not, and refuses another customer', () => {
    expect(unwrap(customerOrderedBy(ANN, undefined))).toBe('ann');
    expect(unwrap(customerOrderedBy(ANN, customerIdOf('ann')))).toBe('ann');
    expect(unwrapError(customerOrderedBy(ANN, customerIdOf('bob'))).code).toBe('FORBIDDEN');
    expect(unwrapError(customerOrderedBy(AUDITOR, customerIdOf('ann'))).code).toBe('FORBIDDEN');
  });

  it('lists a customer their own orders, and nothing when they filter by another customer', () => {
    expect(unwrap(listedCustomer(ANN, undefined))).toEqual({ customerId: 'ann' });
    expect(unwrap(listedCustomer(ANN, customerIdOf('ann')))).toEqual({ customerId: 'ann' });
    expect(unwrap(listedCustomer(ANN, customerIdOf('bob')))).toBeNull();
    expect(unwrapError(listedCustomer(AUDITOR, undefined)).code).toBe('FORBIDDEN');
  });
});
