import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { repositoryTargets } from '../support/repository-targets.js';
import { buildTestApp } from '../support/test-app.js';
import { expectProblem, json, type OrderJson, type OrderPageJson } from './api-helpers.js';
import {
  advance,
  casesOf,
  CLAIMS,
  credentialHeaders,
  expectChallenge,
  idsSeenBy,
  isActor,
  MatrixTally,
  OTHER_TENANT,
  orderCases,
  PLACEMENTS,
  readAs,
  seed,
  type ActorName,
  type Credential,
  type Headers,
  type OrderOperation,
  type SeedName,
  type Seeded,
  type Verdict,
  VERDICTS,
} from './authorization-cases.js';

/** A change of c-1's order, from the status it needs, to the status it leaves. */
interface Change {
  readonly name: string;
  readonly operation: OrderOperation;
  readonly from: 'pending' | 'confirmed' | 'shipped';
  readonly to: OrderJson['status'];
  request(id: string): InjectOptions;
}

const CHANGES: readonly Change[] = [
  {
    name: 'POST /orders/{id}/confirm',
    operation: 'confirm',
    from: 'pending',
    to: 'confirmed',
    request: post('confirm'),
  },
  { name: 'POST /orders/{id}/ship', operation: 'ship', from: 'confirmed', to: 'shipped', request: post('ship') },
  {
    name: 'POST /orders/{id}/deliver',
    operation: 'deliver',
    from: 'shipped',
    to: 'delivered',
    request: post('deliver'),
  },
  {
    name: 'POST /orders/{id}/cancel',
    operation: 'cancel',
    from: 'pending',
    to: 'cancelled',
    request: (id) => ({ method: 'POST', url: `/orders/${id}/cancel`, payload: { reason: 'changed my mind' } }),
  },
  {
    name: 'DELETE /orders/{id}',
    operation: 'cancel',
    from: 'pending',
    to: 'cancelled',
    request: (id) => ({ method: 'DELETE', url: `/orders/${id}` }),
  },
];

function post(action: string): (id: string) => InjectOptions {
  return (id) => ({ method: 'POST', url: `/orders/${id}/${action}` });
}

/** Which of the seeded orders each actor's list shows: all of them, and filtered by customer c-1. */
const LISTED: Record<ActorName, { readonly all: readonly SeedName[]; readonly ofC1: readonly SeedName[] }> = {
  'the owner': { all: ['owned'], ofC1: ['owned'] },
  // a customer filtering by another customer's id sees an empty list, not an error
  'another customer': { all: ['others'], ofC1: [] },
  'staff of the tenant': { all: ['owned', 'others'], ofC1: ['owned'] },
  // the other tenant's c-1 is another person, whose order only their tenant sees
  'staff of another tenant': { all: ['elsewhere'], ofC1: ['elsewhere'] },
};

const LISTS = [
  { name: 'GET /orders', url: '/orders', shows: 'all' },
  { name: 'GET /orders?customerId=c-1', url: '/orders?customerId=c-1', shows: 'ofC1' },
] as const;

describe.each(repositoryTargets())('who may do what over REST, on the $name repository', (target) => {
  target.use();
  const tally = new MatrixTally();

  let app: FastifyInstance;
  let as: Record<Credential, Headers>;
  let orders: Seeded;

  beforeAll(async () => {
    as = await credentialHeaders();
  });

  beforeEach(async () => {
    ({ app } = await buildTestApp({ env: target.env(), actor: null }));
    orders = await seed(app, as);
  });

  afterEach(async () => {
    await app.close();
  });

  afterAll(() => {
    tally.report(`REST, ${target.name}`);
  });

  /** Asserts a refusal: the problem of SPEC §4 for the verdict, with the challenge for a 401. */
  function expectRefused(response: LightMyRequestResponse, credential: Credential, verdict: Verdict): void {
    const expected: Partial<Record<Verdict, readonly [number, string]>> = {
      unauthenticated: [401, 'UNAUTHENTICATED'],
      forbidden: [403, 'FORBIDDEN'],
      'not found': [404, 'ORDER_NOT_FOUND'],
      invalid: [400, 'VALIDATION_FAILED'],
    };
    const [status, code] = expected[verdict] ?? [0, `a refusal, not ${verdict}`];
    expectProblem(response, status, code);
    if (verdict === 'unauthenticated') expectChallenge(response.headers['www-authenticate'], credential);
    else expect(response.headers['www-authenticate']).toBeUndefined();
  }

  /** Neither tenant's staff see an order they did not see before. */
  async function expectNoNewOrder(): Promise<void> {
    expect(await idsSeenBy(app, as['staff of the tenant'])).toEqual([orders.owned.id, orders.others.id].sort());
    expect(await idsSeenBy(app, as['staff of another tenant'])).toEqual([orders.elsewhere.id]);
  }

  for (const placement of PLACEMENTS) {
    describe(`POST /orders ${placement.name}`, () => {
      for (const { credential, verdict, answer, rule } of casesOf(placement.rules, { verdict: 'unauthenticated' })) {
        it(`with ${credential}: ${answer}`, async () => {
          tally.count(`POST /orders ${placement.name}`);
          const response = await app.inject({
            method: 'POST',
            url: '/orders',
            headers: as[credential],
            payload: placement.body,
          });

          if (verdict !== 'allowed' || !isActor(credential)) {
            expectRefused(response, credential, verdict);
            await expectNoNewOrder();
            return;
          }
          expect(response.statusCode, response.body).toBe(201);
          const placed = json<OrderJson>(response);
          expect(placed).toMatchObject({ customerId: rule.customerId, status: 'pending', version: 1 });
          // the order is in the placer's tenant: they and its staff see it, the other tenant's staff do not
          const [home, away] =
            CLAIMS[credential].tenant === OTHER_TENANT
              ? [as['staff of another tenant'], as['staff of the tenant']]
              : [as['staff of the tenant'], as['staff of another tenant']];
          expect(await readAs(app, as[credential], placed.id)).toEqual(placed);
          expect(await readAs(app, home, placed.id)).toEqual(placed);
          const fromAway = await app.inject({ method: 'GET', url: `/orders/${placed.id}`, headers: away });
          expectRefused(fromAway, credential, 'not found');
        });
      }
    });
  }

  describe('GET /orders/{id}', () => {
    for (const { credential, verdict, answer } of orderCases('read')) {
      it(`with ${credential}: ${answer}`, async () => {
        tally.count('GET /orders/{id}');
        const response = await app.inject({
          method: 'GET',
          url: `/orders/${orders.owned.id}`,
          headers: as[credential],
        });

        if (verdict === 'allowed') {
          expect(response.statusCode, response.body).toBe(200);
          expect(json<OrderJson>(response)).toEqual(orders.owned);
        } else {
          expectRefused(response, credential, verdict);
        }
      });
    }
  });

  for (const list of LISTS) {
    describe(list.name, () => {
      for (const { credential, verdict } of orderCases('read')) {
        it(`with ${credential}: ${isActor(credential) ? 'only the orders they may see' : VERDICTS[verdict]}`, async () => {
          tally.count(list.name);
          const response = await app.inject({ method: 'GET', url: list.url, headers: as[credential] });

          if (!isActor(credential)) {
            expectRefused(response, credential, verdict);
            return;
          }
          expect(response.statusCode, response.body).toBe(200);
          const shown = json<OrderPageJson>(response).items.map((order) => order.id);
          expect(shown.sort()).toEqual(LISTED[credential][list.shows].map((name) => orders[name].id).sort());
        });
      }
    });
  }

  for (const change of CHANGES) {
    describe(change.name, () => {
      for (const { credential, verdict, answer } of orderCases(change.operation)) {
        it(`with ${credential}: ${answer}${verdict === 'allowed' ? '' : ', the order unchanged'}`, async () => {
          tally.count(change.name);
          const staff = as['staff of the tenant'];
          const before = await advance(app, staff, orders.owned.id, change.from);

          const response = await app.inject({ ...change.request(before.id), headers: as[credential] });

          if (verdict === 'allowed') {
            expect(response.statusCode, response.body).toBe(200);
            const changed = json<OrderJson>(response);
            expect(changed).toMatchObject({ id: before.id, status: change.to, version: before.version + 1 });
            expect(await readAs(app, staff, before.id)).toEqual(changed);
          } else {
            expectRefused(response, credential, verdict);
            expect(await readAs(app, staff, before.id)).toEqual(before);
          }
          // nobody else's order moved
          expect(await readAs(app, staff, orders.others.id)).toEqual(orders.others);
          expect(await readAs(app, as['staff of another tenant'], orders.elsewhere.id)).toEqual(orders.elsewhere);
        });
      }
    });
  }
});
