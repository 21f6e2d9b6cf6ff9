import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { repositoryTargets } from '../support/repository-targets.js';
import { buildTestApp } from '../support/test-app.js';
import { json, type OrderJson } from './api-helpers.js';
import {
  advance,
  casesOf,
  CLAIMS,
  credentialHeaders,
  expectChallenge,
  idsSeenBy,
  isActor,
  MatrixTally,
  orderCases,
  OTHER_TENANT,
  PLACEMENTS,
  readAs,
  seed,
  VERDICTS,
  type Credential,
  type Headers,
  type OrderOperation,
  type Seeded,
  type Verdict,
} from './authorization-cases.js';

interface GqlOrder {
  readonly id: string;
  readonly customerId: string;
  readonly status: string;
  readonly version: number;
}

interface GqlResult {
  readonly data?: Record<string, unknown> | null;
  readonly errors?: readonly { readonly message: string; readonly extensions?: { readonly code?: string } }[];
}

const FIELDS = 'id customerId status version';

/** The mutations that change c-1's order, from the status each needs. */
const CHANGES: readonly {
  readonly field: string;
  readonly operation: OrderOperation;
  readonly from: 'pending' | 'confirmed' | 'shipped';
  readonly to: string;
}[] = [
  { field: 'confirmOrder', operation: 'confirm', from: 'pending', to: 'CONFIRMED' },
  { field: 'shipOrder', operation: 'ship', from: 'confirmed', to: 'SHIPPED' },
  { field: 'deliverOrder', operation: 'deliver', from: 'shipped', to: 'DELIVERED' },
  { field: 'cancelOrder', operation: 'cancel', from: 'pending', to: 'CANCELLED' },
];

/** Which seeded orders `orders` shows each actor: all, and with `customerId: "c-1"` (as over REST). */
const LISTED = {
  'the owner': { all: ['owned'], ofC1: ['owned'] },
  'another customer': { all: ['others'], ofC1: [] },
  'staff of the tenant': { all: ['owned', 'others'], ofC1: ['owned'] },
  'staff of another tenant': { all: ['elsewhere'], ofC1: ['elsewhere'] },
} as const;

const LISTS = [
  { name: 'query orders', query: `{ orders(first: 100) { items { ${FIELDS} } } }`, shows: 'all' },
  {
    name: 'query orders(customerId: "c-1")',
    query: `{ orders(customerId: "c-1", first: 100) { items { ${FIELDS} } } }`,
    shows: 'ofC1',
  },
] as const;

const CODES: Partial<Record<Verdict, string>> = {
  forbidden: 'FORBIDDEN',
  'not found': 'ORDER_NOT_FOUND',
  invalid: 'VALIDATION_FAILED',
};

describe.each(repositoryTargets())('who may do what over GraphQL, on the $name repository', (target) => {
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
    tally.report(`GraphQL, ${target.name}`);
  });

  function graphql(credential: Credential, query: string, variables: Record<string, unknown> = {}) {
    return app.inject({ method: 'POST', url: '/graphql', headers: as[credential], payload: { query, variables } });
  }

  /** The data of a result without errors. */
  function dataOf(response: LightMyRequestResponse): Record<string, unknown> {
    const result = json<GqlResult>(response);
    expect(result.errors, response.body).toBeUndefined();
    expect(response.statusCode).toBe(200);
    return result.data ?? {};
  }

  /** A refusal: 401 with the challenge for a bad token, else an error whose code SPEC §4 names, and no data. */
  function expectRefused(response: LightMyRequestResponse, credential: Credential, verdict: Verdict): void {
    const result = json<GqlResult>(response);
    if (verdict === 'unauthenticated') {
      expect(response.statusCode, response.body).toBe(401);
      expectChallenge(response.headers['www-authenticate'], credential);
      expect(response.headers['content-type']).toMatch(/^application\/(graphql-response\+)?json/);
      expect(result).not.toHaveProperty('data');
      expect(result.errors?.map((error) => [typeof error.message, error.extensions?.code])).toEqual([
        ['string', 'UNAUTHENTICATED'],
      ]);
      return;
    }
    expect(result.errors?.[0]?.extensions?.code, response.body).toBe(CODES[verdict] ?? `a refusal, not ${verdict}`);
    expect(result.data ?? null).toBeNull();
  }

  async function expectNoNewOrder(): Promise<void> {
    expect(await idsSeenBy(app, as['staff of the tenant'])).toEqual([orders.owned.id, orders.others.id].sort());
    expect(await idsSeenBy(app, as['staff of another tenant'])).toEqual([orders.elsewhere.id]);
  }

  for (const placement of PLACEMENTS) {
    describe(`mutation placeOrder ${placement.name}`, () => {
      for (const { credential, verdict, answer, rule } of casesOf(placement.rules, { verdict: 'unauthenticated' })) {
        it(`with ${credential}: ${answer}`, async () => {
          tally.count(`placeOrder ${placement.name}`);
          const response = await graphql(
            credential,
            `mutation ($input: PlaceOrderInput!) { placeOrder(input: $input) { ${FIELDS} } }`,
            { input: placement.body },
          );

          if (verdict !== 'allowed' || !isActor(credential)) {
            expectRefused(response, credential, verdict);
            await expectNoNewOrder();
            return;
          }
          const placed = dataOf(response).placeOrder as GqlOrder;
          expect(placed).toMatchObject({ customerId: rule.customerId, status: 'PENDING', version: 1 });
          const [home, away] =
            CLAIMS[credential].tenant === OTHER_TENANT
              ? [as['staff of another tenant'], as['staff of the tenant']]
              : [as['staff of the tenant'], as['staff of another tenant']];
          expect(await readAs(app, home, placed.id)).toMatchObject({ id: placed.id, customerId: rule.customerId });
          const fromAway = await app.inject({ method: 'GET', url: `/orders/${placed.id}`, headers: away });
          expect(fromAway.statusCode).toBe(404);
        });
      }
    });
  }

  describe('query order(id)', () => {
    for (const { credential, verdict, answer } of orderCases('read')) {
      const outcome = verdict === 'not found' ? 'null, as for an order that does not exist' : answer;
      it(`with ${credential}: ${outcome}`, async () => {
        tally.count('order');
        const response = await graphql(credential, `query ($id: ID!) { order(id: $id) { ${FIELDS} } }`, {
          id: orders.owned.id,
        });

        if (verdict === 'unauthenticated') return expectRefused(response, credential, verdict);
        const { id, customerId, version } = orders.owned;
        const expected = verdict === 'allowed' ? { id, customerId, version, status: 'PENDING' } : null;
        expect(dataOf(response)).toEqual({ order: expected });
      });
    }
  });

  for (const list of LISTS) {
    describe(list.name, () => {
      for (const { credential, verdict } of orderCases('read')) {
        it(`with ${credential}: ${isActor(credential) ? 'only the orders they may see' : VERDICTS[verdict]}`, async () => {
          tally.count(list.name);
          const response = await graphql(credential, list.query);

          if (!isActor(credential)) return expectRefused(response, credential, verdict);
          const { items } = dataOf(response).orders as { items: readonly GqlOrder[] };
          const expected: readonly ('owned' | 'others' | 'elsewhere')[] = LISTED[credential][list.shows];
          expect(items.map((order) => order.id).sort()).toEqual(expected.map((name) => orders[name].id).sort());
        });
      }
    });
  }

  for (const change of CHANGES) {
    describe(`mutation ${change.field}`, () => {
      for (const { credential, verdict, answer } of orderCases(change.operation)) {
        it(`with ${credential}: ${answer}${verdict === 'allowed' ? '' : ', the order unchanged'}`, async () => {
          tally.count(change.field);
          const staff = as['staff of the tenant'];
          const before: OrderJson = await advance(app, staff, orders.owned.id, change.from);

          const response = await graphql(credential, `mutation ($id: ID!) { ${change.field}(id: $id) { ${FIELDS} } }`, {
            id: before.id,
          });

          if (verdict === 'allowed') {
            const changed = dataOf(response)[change.field] as GqlOrder;
            expect(changed).toEqual({
              id: before.id,
              customerId: 'c-1',
              status: change.to,
              version: before.version + 1,
            });
            expect(await readAs(app, staff, before.id)).toMatchObject({ version: before.version + 1 });
          } else {
            expectRefused(response, credential, verdict);
            expect(await readAs(app, staff, before.id)).toEqual(before);
          }
          expect(await readAs(app, staff, orders.others.id)).toEqual(orders.others);
          expect(await readAs(app, as['staff of another tenant'], orders.elsewhere.id)).toEqual(orders.elsewhere);
        });
      }
    });
  }
});
