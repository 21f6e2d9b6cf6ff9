import { describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/model/actor.js';
import { OrderNotFoundError } from '../../src/domain/model/errors/order-not-found-error.js';
import type { OrderSnapshot } from '../../src/domain/model/order-snapshot.js';
import type { ListOrdersInput } from '../../src/domain/use-cases/list-orders/parse-list-orders.js';
import { actorOf, STAFF_ACTOR } from '../support/actors.js';
import { FixedClock } from '../support/fixed-clock.js';
import { MemoryStore } from '../support/memory-store.js';
import { orderCore, unwrap, unwrapError } from '../support/order-commands.js';
import { SequentialIds } from '../support/sequential-ids.js';

// SPEC §9: a customer reads and lists only their own orders, staff every order of their tenant; an order the caller
// may not see does not exist for them.

const OTHER_TENANT = 'tenant-b';
const ANN = actorOf('ann', ['customer']);
const BOB = actorOf('bob', ['customer']);
const STAFF_ELSEWHERE = actorOf('staff-9', ['staff'], OTHER_TENANT);
/** The same subject as ANN, a customer of another tenant. */
const ANN_ELSEWHERE = actorOf('ann', ['customer'], OTHER_TENANT);

function setup() {
  return orderCore({
    orders: new MemoryStore(),
    committedEvents: { announce: async () => undefined },
    clock: new FixedClock(),
    ids: new SequentialIds(),
  });
}

type World = ReturnType<typeof setup>;

/** What `actor` hears when asking for `orderId` where no order exists at all. */
async function refusalOfAnUnknownOrder(actor: Actor, orderId: string) {
  return unwrapError(await setup().get(orderId, actor));
}

async function idsListed(world: World, actor: Actor, input: ListOrdersInput = {}): Promise<string[]> {
  return (await world.list(input, actor)).items.map((order) => order.id);
}

/** Orders of Ann and Bob in the test tenant (one of Ann's placed for her by staff), and one of another tenant. */
async function seeded() {
  const world = setup();
  const anns: OrderSnapshot[] = [await world.place({ customerId: null }, ANN)];
  const bobs = [await world.place({ customerId: null }, BOB)];
  anns.push(await world.place({ customerId: 'ann' }, STAFF_ACTOR));
  const elsewhere = await world.place({ customerId: 'ann' }, STAFF_ELSEWHERE);
  return { world, anns, bobs, elsewhere };
}

describe('reading one order', () => {
  it('shows a customer their own order, whoever placed it', async () => {
    const { world, anns } = await seeded();
    for (const order of anns) expect(unwrap(await world.get(order.id, ANN))).toEqual(order);
  });

  it('answers ORDER_NOT_FOUND to a customer for another customer\u2019s order, exactly as for an unknown id', async () => {
    const { world, bobs } = await seeded();
    const [bobs1] = bobs;
    if (!bobs1) throw new Error('expected an order of Bob');

    const refusal = unwrapError(await world.get(bobs1.id, ANN));

    expect(refusal).toBeInstanceOf(OrderNotFoundError);
    expect(refusal.code).toBe('ORDER_NOT_FOUND');
    expect(refusal).toStrictEqual(await refusalOfAnUnknownOrder(ANN, bobs1.id));
    expect(refusal.message).toBe(`Order ${bobs1.id} does not exist`);
  });

  it('shows staff every order of their tenant', async () => {
    const { world, anns, bobs } = await seeded();
    for (const order of [...anns, ...bobs]) expect(unwrap(await world.get(order.id, STAFF_ACTOR))).toEqual(order);
  });

  it('answers ORDER_NOT_FOUND for another tenant\u2019s order to staff and customers alike, as for an unknown id', async () => {
    const { world, anns, elsewhere } = await seeded();
    const cases: Array<[Actor, OrderSnapshot]> = [
      [STAFF_ACTOR, elsewhere],
      [ANN, elsewhere],
      [STAFF_ELSEWHERE, anns[0]!],
      [ANN_ELSEWHERE, anns[0]!],
    ];
    for (const [actor, order] of cases) {
      const refusal = unwrapError(await world.get(order.id, actor));
      expect(refusal).toBeInstanceOf(OrderNotFoundError);
      expect(refusal).toStrictEqual(await refusalOfAnUnknownOrder(actor, order.id));
    }
  });

  it('shows a customer of another tenant, who has the same subject, only the order placed for them there', async () => {
    const { world, elsewhere } = await seeded();
    expect(unwrap(await world.get(elsewhere.id, ANN_ELSEWHERE))).toEqual(elsewhere);
    expect(unwrapError(await world.get(elsewhere.id, ANN)).code).toBe('ORDER_NOT_FOUND');
  });
});

describe('listing orders', () => {
  it('lists a customer only their own orders, newest first', async () => {
    const { world, anns, bobs } = await seeded();
    expect(await idsListed(world, ANN)).toEqual([anns[1]?.id, anns[0]?.id]);
    expect(await idsListed(world, BOB)).toEqual(bobs.map((order) => order.id));
  });

  it('lists a customer their own orders when they filter by themselves', async () => {
    const { world, anns } = await seeded();
    expect(await idsListed(world, ANN, { customerId: 'ann' })).toEqual([anns[1]?.id, anns[0]?.id]);
  });

  it('lists nothing to a customer who filters by another customer', async () => {
    const { world } = await seeded();
    expect(await world.list({ customerId: 'bob' }, ANN)).toEqual({ items: [], nextCursor: null });
    expect(await world.list({ customerId: 'bob', status: 'pending' }, ANN)).toEqual({ items: [], nextCursor: null });
  });

  it('pages a customer through their own orders only, none missed and none repeated', async () => {
    const world = setup();
    const anns: string[] = [];
    for (let n = 0; n < 7; n++) {
      anns.unshift((await world.place({ customerId: null }, ANN)).id);
      await world.place({ customerId: null }, BOB);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<World['list']>> = await world.list({ limit: 3, ...(cursor && { cursor }) }, ANN);
      seen.push(...page.items.map((order) => order.id));
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(seen).toEqual(anns);
  });

  it('lists staff every order of their tenant, and one customer\u2019s when they filter by it', async () => {
    const { world, anns, bobs } = await seeded();
    expect(await idsListed(world, STAFF_ACTOR)).toEqual([anns[1]?.id, bobs[0]?.id, anns[0]?.id]);
    expect(await idsListed(world, STAFF_ACTOR, { customerId: 'bob' })).toEqual([bobs[0]?.id]);
  });

  it('never lists another tenant\u2019s orders, to staff or customers, whatever the filter', async () => {
    const { world, anns, elsewhere } = await seeded();
    expect(await idsListed(world, STAFF_ELSEWHERE)).toEqual([elsewhere.id]);
    expect(await idsListed(world, STAFF_ELSEWHERE, { customerId: 'bob' })).toEqual([]);
    expect(await idsListed(world, ANN_ELSEWHERE)).toEqual([elsewhere.id]);
    expect(await idsListed(world, STAFF_ACTOR, { customerId: 'ann' })).toEqual([anns[1]?.id, anns[0]?.id]);
    expect(await idsListed(world, ANN)).not.toContain(elsewhere.id);
  });
});
