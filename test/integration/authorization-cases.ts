import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { UnsecuredJWT } from 'jose';
import { expect } from 'vitest';
import { bearerFor, CUSTOMER, STAFF, TEST_TENANT, type TokenClaims } from '../support/tokens.js';
import { json, validOrder, type NewOrderBody, type OrderJson, type OrderPageJson } from './api-helpers.js';

/*
 * The authorization matrix of SPEC §9, shared by its REST and GraphQL suites: who asks (eight credentials), what
 * each of them may do with an order of customer c-1 in the test tenant, and the orders every case starts from.
 */

export const OTHER_TENANT = 'tenant-b';

/** c-1 of the test tenant: the customer whose order every case acts on. */
export const OWNER: TokenClaims = CUSTOMER;
export const OTHER_CUSTOMER: TokenClaims = { sub: 'c-2', tenant: TEST_TENANT, roles: ['customer'] };
/** The same subject as STAFF in another tenant: only the tenant tells them apart. */
export const OTHER_TENANT_STAFF: TokenClaims = { ...STAFF, tenant: OTHER_TENANT };

/** 32+ bytes the service has never seen: a token signed with it is wrong by its signature alone. */
const FOREIGN_SECRET = 'a-secret-this-service-has-never-seen-anywhere';

/** Tokens the service refuses; each carries staff's claims, so that only the token itself can be why. */
export const BAD_TOKENS = ['no token', 'an expired token', 'a wrongly signed token', 'an alg: none token'] as const;
export const ACTORS = ['the owner', 'another customer', 'staff of the tenant', 'staff of another tenant'] as const;
export type BadToken = (typeof BAD_TOKENS)[number];
export type ActorName = (typeof ACTORS)[number];
export type Credential = BadToken | ActorName;
const CREDENTIALS: readonly Credential[] = [...BAD_TOKENS, ...ACTORS];

export const CLAIMS: Record<ActorName, TokenClaims> = {
  'the owner': OWNER,
  'another customer': OTHER_CUSTOMER,
  'staff of the tenant': STAFF,
  'staff of another tenant': OTHER_TENANT_STAFF,
};

/** `alg: none`: a JWT with no signature at all, `header.payload.` */
function unsignedToken(claims: TokenClaims): string {
  return new UnsecuredJWT({ tenant: claims.tenant ?? TEST_TENANT, roles: [...(claims.roles ?? [])] })
    .setSubject(claims.sub)
    .setIssuedAt()
    .setExpirationTime('1h')
    .encode();
}

export type Headers = Readonly<Record<string, string>>;

/** The request headers each credential sends: none, or its Authorization header. */
export async function credentialHeaders(): Promise<Record<Credential, Headers>> {
  const as = (authorization: string): Headers => ({ authorization });
  return {
    'no token': {},
    'an expired token': as(await bearerFor(STAFF, { ttlSeconds: -120 })),
    'a wrongly signed token': as(await bearerFor(STAFF, { secret: FOREIGN_SECRET })),
    'an alg: none token': as(`Bearer ${unsignedToken(STAFF)}`),
    'the owner': as(await bearerFor(OWNER)),
    'another customer': as(await bearerFor(OTHER_CUSTOMER)),
    'staff of the tenant': as(await bearerFor(STAFF)),
    'staff of another tenant': as(await bearerFor(OTHER_TENANT_STAFF)),
  };
}

/** What the service answers: not authenticated, refused for what was asked, as if the order did not exist, or done. */
export type Verdict = 'unauthenticated' | 'forbidden' | 'not found' | 'invalid' | 'allowed';

export const VERDICTS: Record<Verdict, string> = {
  unauthenticated: 'refused as unauthenticated',
  forbidden: 'refused as forbidden',
  'not found': 'told the order does not exist',
  invalid: 'refused as invalid',
  allowed: 'allowed',
};

/** What an actor may do with c-1's order of the test tenant (SPEC §9). */
export type OrderOperation = 'read' | 'confirm' | 'ship' | 'deliver' | 'cancel';

const STAFF_ONLY: Record<ActorName, Verdict> = {
  'the owner': 'forbidden',
  'another customer': 'forbidden',
  'staff of the tenant': 'allowed',
  'staff of another tenant': 'not found',
};
const OWNER_OR_STAFF: Record<ActorName, Verdict> = {
  'the owner': 'allowed',
  'another customer': 'not found',
  'staff of the tenant': 'allowed',
  'staff of another tenant': 'not found',
};

const RULES: Record<OrderOperation, Record<ActorName, Verdict>> = {
  read: OWNER_OR_STAFF,
  confirm: STAFF_ONLY,
  ship: STAFF_ONLY,
  deliver: STAFF_ONLY,
  cancel: OWNER_OR_STAFF,
};

/** Placing an order: whom the body names decides, and whose order it becomes when allowed. */
export interface Placement {
  readonly name: string;
  readonly body: NewOrderBody;
  readonly rules: Record<ActorName, { readonly verdict: Verdict; readonly customerId?: string }>;
}

const { customerId: _named, ...anonymous } = validOrder();

export const PLACEMENTS: readonly Placement[] = [
  {
    name: 'naming customer c-1',
    body: validOrder({ customerId: 'c-1' }),
    rules: {
      'the owner': { verdict: 'allowed', customerId: 'c-1' },
      'another customer': { verdict: 'forbidden' },
      'staff of the tenant': { verdict: 'allowed', customerId: 'c-1' },
      // for c-1 of their own tenant, who is not the test tenant's c-1
      'staff of another tenant': { verdict: 'allowed', customerId: 'c-1' },
    },
  },
  {
    name: 'naming no customer',
    body: anonymous,
    rules: {
      'the owner': { verdict: 'allowed', customerId: 'c-1' },
      'another customer': { verdict: 'allowed', customerId: 'c-2' },
      'staff of the tenant': { verdict: 'invalid' },
      'staff of another tenant': { verdict: 'invalid' },
    },
  },
];

export interface Case<Rule> {
  readonly credential: Credential;
  readonly verdict: Verdict;
  readonly answer: string;
  readonly rule: Rule;
}

/** One row per credential: the bad tokens are unauthenticated, the actors as `rules` say. */
export function casesOf<Rule extends { readonly verdict: Verdict }>(
  rules: Record<ActorName, Rule>,
  refused: Rule,
): Case<Rule>[] {
  return CREDENTIALS.map((credential) => {
    const rule = isActor(credential) ? rules[credential] : refused;
    return { credential, verdict: rule.verdict, answer: VERDICTS[rule.verdict], rule };
  });
}

/** The cases of an operation on c-1's order. */
export function orderCases(operation: OrderOperation): Case<{ readonly verdict: Verdict }>[] {
  const rules = Object.fromEntries(ACTORS.map((actor) => [actor, { verdict: RULES[operation][actor] }]));
  return casesOf(rules as Record<ActorName, { verdict: Verdict }>, { verdict: 'unauthenticated' });
}

export function isActor(credential: Credential): credential is ActorName {
  return (ACTORS as readonly string[]).includes(credential);
}

/** RFC 6750's challenge: a request with no token is told the scheme, one with a bad token also why. */
export function expectChallenge(challenge: unknown, credential: Credential): void {
  expect(challenge).toMatch(/^Bearer /);
  if (credential === 'no token') expect(challenge).not.toContain('error=');
  else expect(challenge).toContain('error="invalid_token"');
}

/** The orders every case starts from: c-1's and c-2's in the test tenant, and a c-1 of the other tenant. */
export interface Seeded {
  readonly owned: OrderJson;
  readonly others: OrderJson;
  readonly elsewhere: OrderJson;
}
export type SeedName = keyof Seeded;

async function placeAs(app: FastifyInstance, headers: Headers, body: NewOrderBody): Promise<OrderJson> {
  const response = await app.inject({ method: 'POST', url: '/orders', headers, payload: body });
  expect(response.statusCode, response.body).toBe(201);
  return json<OrderJson>(response);
}

export async function seed(app: FastifyInstance, headers: Record<Credential, Headers>): Promise<Seeded> {
  return {
    owned: await placeAs(app, headers['staff of the tenant'], validOrder({ customerId: 'c-1' })),
    others: await placeAs(app, headers['staff of the tenant'], validOrder({ customerId: 'c-2' })),
    elsewhere: await placeAs(app, headers['staff of another tenant'], validOrder({ customerId: 'c-1' })),
  };
}

/** Brings an order to `status` as staff of its tenant would, and answers it as they read it. */
export async function advance(
  app: FastifyInstance,
  staff: Headers,
  id: string,
  status: 'pending' | 'confirmed' | 'shipped',
): Promise<OrderJson> {
  const steps = { pending: [], confirmed: ['confirm'], shipped: ['confirm', 'ship'] }[status];
  for (const step of steps) {
    const response = await app.inject({ method: 'POST', url: `/orders/${id}/${step}`, headers: staff });
    expect(response.statusCode, response.body).toBe(200);
  }
  return readAs(app, staff, id);
}

export async function readAs(app: FastifyInstance, headers: Headers, id: string): Promise<OrderJson> {
  const response = await app.inject({ method: 'GET', url: `/orders/${id}`, headers });
  expect(response.statusCode, response.body).toBe(200);
  return json<OrderJson>(response);
}

/** The ids of every order these staff see, in order of id (the list's own order is another suite's). */
export async function idsSeenBy(app: FastifyInstance, staff: Headers): Promise<string[]> {
  const response: LightMyRequestResponse = await app.inject({
    method: 'GET',
    url: '/orders?limit=100',
    headers: staff,
  });
  expect(response.statusCode, response.body).toBe(200);
  return json<OrderPageJson>(response)
    .items.map((order) => order.id)
    .sort();
}

/** Counts the cases of a suite by operation, for the one line that says how large the matrix that ran was. */
export class MatrixTally {
  private readonly counts = new Map<string, number>();

  count(operation: string): void {
    this.counts.set(operation, (this.counts.get(operation) ?? 0) + 1);
  }

  report(label: string): void {
    const total = [...this.counts.values()].reduce((sum, count) => sum + count, 0);
    console.info(
      `[authorization matrix ${label}] ${total} cases: ${this.counts.size} operations × ${CREDENTIALS.length} credentials`,
    );
  }
}
