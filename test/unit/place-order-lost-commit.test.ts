import { describe, expect, it } from 'vitest';
import { MemoryIdempotencyStore } from '../../src/adapters/memory/memory-idempotency-store.js';
import { MemoryOrderRepository } from '../../src/adapters/memory/memory-order-repository.js';
import { IdempotencyKeyInUseError } from '../../src/domain/model/errors/idempotency-key-in-use-error.js';
import { IDEMPOTENCY_LEASE_MS } from '../../src/domain/use-cases/place-order/idempotency-policy.js';
import { PlaceOrder } from '../../src/domain/use-cases/place-order/place-order.js';
import { DependencyUnavailableError } from '../../src/ports/outbound/dependency-unavailable-error.js';
import type { IdempotencyRequest, IdempotencyClaim } from '../../src/ports/outbound/idempotency-store.js';
import type { OrderChange, SaveOutcome } from '../../src/ports/outbound/order-repository.js';
import { STAFF_ACTOR } from '../support/actors.js';
import { FixedClock } from '../support/fixed-clock.js';
import { placeCommand, unwrap, unwrapError } from '../support/order-commands.js';
import { SequentialIds } from '../support/sequential-ids.js';

const KEY = 'order-2026-01-01-0001';
const lostCommit = () => new DependencyUnavailableError('database', { outcome: 'unknown' });

/** A repository whose next save loses its COMMIT's answer, after storing the order or not. */
class LosingRepository extends MemoryOrderRepository {
  nextSave: 'lost-uncommitted' | 'lost-committed' | 'answered' = 'answered';

  override async save(change: OrderChange): Promise<SaveOutcome> {
    const how = this.nextSave;
    this.nextSave = 'answered';
    if (how === 'lost-uncommitted') throw lostCommit();
    const outcome = await super.save(change);
    if (how === 'lost-committed') throw lostCommit();
    return outcome;
  }
}

/** An idempotency store whose next claim is taken but its answer lost; `reachable: false` fails every release. */
class LosingIdempotencyStore extends MemoryIdempotencyStore {
  loseNextClaim = false;
  reachable = true;

  override async claim(request: IdempotencyRequest): Promise<IdempotencyClaim> {
    const claim = await super.claim(request);
    if (!this.loseNextClaim) return claim;
    this.loseNextClaim = false;
    throw lostCommit();
  }

  override async release(...args: Parameters<MemoryIdempotencyStore['release']>): Promise<void> {
    if (!this.reachable) throw new DependencyUnavailableError('database');
    return super.release(...args);
  }
}

function setup() {
  const clock = new FixedClock(new Date('2026-01-01T00:00:00.000Z'));
  const orders = new LosingRepository();
  const idempotency = new LosingIdempotencyStore();
  const placeOrder = new PlaceOrder(
    orders,
    { announce: async () => undefined },
    clock,
    new SequentialIds(),
    idempotency,
  );
  const place = () => placeOrder.execute(STAFF_ACTOR, placeCommand({ idempotencyKey: KEY }));
  const stored = () => orders.list({ tenantId: STAFF_ACTOR.tenant, limit: 100 });
  return { clock, orders, idempotency, place, stored };
}

describe('PlaceOrder retried with its Idempotency-Key after a lost commit', () => {
  it('places the order at once, under the id of the first attempt, when that attempt did not commit', async () => {
    const world = setup();
    world.orders.nextSave = 'lost-uncommitted';
    await expect(world.place()).rejects.toBeInstanceOf(DependencyUnavailableError);

    const retried = unwrap(await world.place());

    expect(retried.replayed).toBe(false);
    expect(retried.order.id).toBe(SequentialIds.uuid(1));
    expect((await world.stored()).map((order) => order.id)).toEqual([retried.order.id]);
  });

  it('replays the order at once when the first attempt did commit', async () => {
    const world = setup();
    world.orders.nextSave = 'lost-committed';
    await expect(world.place()).rejects.toBeInstanceOf(DependencyUnavailableError);
    const [committed] = await world.stored();

    expect(unwrap(await world.place())).toEqual({ order: committed, replayed: true });
    expect(await world.stored()).toHaveLength(1);
  });

  it('takes over at once a claim whose own commit was lost after it was taken', async () => {
    const world = setup();
    world.idempotency.loseNextClaim = true;
    await expect(world.place()).rejects.toBeInstanceOf(DependencyUnavailableError);

    const retried = unwrap(await world.place());

    expect(retried.order.id).toBe(SequentialIds.uuid(1));
    expect(await world.stored()).toHaveLength(1);
  });

  it('answers with the first failure when the claim cannot be released either, and the lease frees the key', async () => {
    const world = setup();
    world.orders.nextSave = 'lost-uncommitted';
    world.idempotency.reachable = false;
    await expect(world.place()).rejects.toMatchObject({ outcome: 'unknown' });
    world.idempotency.reachable = true;

    expect(unwrapError(await world.place())).toBeInstanceOf(IdempotencyKeyInUseError);
    world.clock.advance(IDEMPOTENCY_LEASE_MS + 1);
    expect(unwrap(await world.place()).order.id).toBe(SequentialIds.uuid(1));
  });
});
