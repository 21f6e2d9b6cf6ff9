import type { FastifyInstance } from 'fastify';
import { SignJWT, type JWTPayload } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEVELOPMENT_SECRET } from '../../src/adapters/http/authentication-config.js';
import { repositoryTargets } from '../support/repository-targets.js';
import { buildTestApp } from '../support/test-app.js';
import { bearerFor, STAFF, TEST_TENANT, type TokenClaims } from '../support/tokens.js';
import { expectProblem, json, validOrder, type OrderJson } from './api-helpers.js';
import { OTHER_CUSTOMER, OTHER_TENANT_STAFF, OWNER } from './authorization-cases.js';

const SECRET = 'the-secret-of-this-deployment-0123456789';
const ISSUER = 'https://id.example.test/';
const AUDIENCE = 'hexagonal-orders';

/** An HS256 token with exactly these claims (and `exp` an hour ahead unless `withExp` is false). */
async function signed(payload: JWTPayload, { withExp = true } = {}): Promise<string> {
  let jwt = new SignJWT(payload).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuedAt();
  if (withExp) jwt = jwt.setExpirationTime('1h');
  return `Bearer ${await jwt.sign(new TextEncoder().encode(DEVELOPMENT_SECRET))}`;
}

const STAFF_CLAIMS = { sub: 'staff-1', tenant: TEST_TENANT, roles: ['staff'] };

/** Tokens that are validly signed and current, yet name no actor the service can act for. */
const MALFORMED: readonly { readonly name: string; readonly authorization: () => Promise<string> }[] = [
  { name: 'a tenant with capitals and a space', authorization: () => signed({ ...STAFF_CLAIMS, tenant: 'Tenant A' }) },
  { name: 'a tenant of 65 characters', authorization: () => signed({ ...STAFF_CLAIMS, tenant: 'a'.repeat(65) }) },
  { name: 'a tenant that is a number', authorization: () => signed({ ...STAFF_CLAIMS, tenant: 42 }) },
  { name: 'no tenant', authorization: () => signed({ sub: 'staff-1', roles: ['staff'] }) },
  { name: 'no exp', authorization: () => signed(STAFF_CLAIMS, { withExp: false }) },
  { name: 'no sub', authorization: () => signed({ tenant: TEST_TENANT, roles: ['staff'] }) },
  { name: 'an empty sub', authorization: () => signed({ ...STAFF_CLAIMS, sub: '' }) },
  { name: 'a Basic scheme', authorization: async () => `Basic ${Buffer.from('staff-1:secret').toString('base64')}` },
];

describe.each(repositoryTargets())('tokens and idempotency keys, on the $name repository', (target) => {
  target.use();

  let app: FastifyInstance;

  beforeEach(async () => {
    ({ app } = await buildTestApp({ env: target.env(), actor: null }));
  });

  afterEach(async () => {
    await app.close();
  });

  function list(authorization: string) {
    return app.inject({ method: 'GET', url: '/orders', headers: { authorization } });
  }

  function place(claims: TokenClaims, key: string, body = validOrder({ customerId: undefined })) {
    return bearerFor(claims).then((authorization) =>
      app.inject({
        method: 'POST',
        url: '/orders',
        headers: { authorization, 'idempotency-key': key },
        payload: body,
      }),
    );
  }

  describe('time', () => {
    it('accepts a token that expired 10 s ago: clocks may differ by up to 30 s', async () => {
      const response = await list(await bearerFor(STAFF, { ttlSeconds: -10 }));
      expect(response.statusCode, response.body).toBe(200);
    });

    it('refuses a token that expired 45 s ago, beyond the 30 s of skew', async () => {
      const response = await list(await bearerFor(STAFF, { ttlSeconds: -45 }));
      expectProblem(response, 401, 'UNAUTHENTICATED');
      expect(response.headers['www-authenticate']).toContain('error="invalid_token"');
    });
  });

  describe('claims', () => {
    for (const { name, authorization } of MALFORMED) {
      it(`refuses a token with ${name}: 401 UNAUTHENTICATED`, async () => {
        const response = await list(await authorization());
        expectProblem(response, 401, 'UNAUTHENTICATED');
        expect(response.headers['www-authenticate']).toContain('error="invalid_token"');
      });
    }

    it('ignores iss and aud when neither AUTH_ISSUER nor AUTH_AUDIENCE is set', async () => {
      const response = await list(await bearerFor(STAFF, { issuer: 'https://anyone.test/', audience: 'anything' }));
      expect(response.statusCode, response.body).toBe(200);
    });
  });

  describe('with AUTH_JWT_SECRET, AUTH_ISSUER and AUTH_AUDIENCE set', () => {
    let configured: FastifyInstance;

    beforeEach(async () => {
      const env = { ...target.env(), AUTH_JWT_SECRET: SECRET, AUTH_ISSUER: ISSUER, AUTH_AUDIENCE: AUDIENCE };
      ({ app: configured } = await buildTestApp({ env, actor: null }));
    });

    afterEach(async () => {
      await configured.close();
    });

    const right = { secret: SECRET, issuer: ISSUER, audience: AUDIENCE };
    const TOKENS = [
      { name: 'the configured secret, issuer and audience', options: right, accepted: true },
      { name: 'another issuer', options: { ...right, issuer: 'https://impostor.test/' }, accepted: false },
      { name: 'no issuer', options: { secret: SECRET, audience: AUDIENCE }, accepted: false },
      { name: 'another audience', options: { ...right, audience: 'another-service' }, accepted: false },
      { name: 'no audience', options: { secret: SECRET, issuer: ISSUER }, accepted: false },
      { name: 'the development secret', options: { issuer: ISSUER, audience: AUDIENCE }, accepted: false },
    ];

    for (const { name, options, accepted } of TOKENS) {
      it(`${accepted ? 'accepts' : 'refuses'} a token with ${name}`, async () => {
        const authorization = await bearerFor(STAFF, options);
        const response = await configured.inject({ method: 'GET', url: '/orders', headers: { authorization } });
        if (accepted) expect(response.statusCode, response.body).toBe(200);
        else expectProblem(response, 401, 'UNAUTHENTICATED');
      });
    }
  });

  describe('idempotency keys, scoped to (tenant, subject)', () => {
    it('places two orders when two customers send the same Idempotency-Key, each for its own customer', async () => {
      const first = await place(OWNER, 'same-key');
      const second = await place(OTHER_CUSTOMER, 'same-key');

      expect([first.statusCode, second.statusCode]).toEqual([201, 201]);
      expect([first.headers['idempotent-replayed'], second.headers['idempotent-replayed']]).toEqual([
        undefined,
        undefined,
      ]);
      expect(json<OrderJson>(first).customerId).toBe('c-1');
      expect(json<OrderJson>(second).customerId).toBe('c-2');
      expect(json<OrderJson>(second).id).not.toBe(json<OrderJson>(first).id);
    });

    it('replays to each customer their own order, never the other’s', async () => {
      const placed = [
        json<OrderJson>(await place(OWNER, 'shared')),
        json<OrderJson>(await place(OTHER_CUSTOMER, 'shared')),
      ];

      for (const [index, customer] of [OWNER, OTHER_CUSTOMER].entries()) {
        const replay = await place(customer, 'shared');
        expect(replay.statusCode, replay.body).toBe(201);
        expect(replay.headers['idempotent-replayed']).toBe('true');
        expect(json<OrderJson>(replay)).toEqual(placed[index]);
      }
    });

    it('refuses a customer who repeats another customer’s key and body with 403, rather than answering that order', async () => {
      const body = validOrder({ customerId: 'c-1' });
      const theirs = json<OrderJson>(await place(OWNER, 'k-1', body));

      const response = await place(OTHER_CUSTOMER, 'k-1', body);

      expectProblem(response, 403, 'FORBIDDEN');
      expect(response.body).not.toContain(theirs.id);
    });

    it('places one order in each tenant when the same subject sends the same key in two tenants', async () => {
      const body = validOrder({ customerId: 'c-1' });
      const here = await place(STAFF, 'tenant-key', body);
      const there = await place(OTHER_TENANT_STAFF, 'tenant-key', body);
      expect([here.statusCode, there.statusCode]).toEqual([201, 201]);
      expect(there.headers['idempotent-replayed']).toBeUndefined();
      const [ours, theirs] = [json<OrderJson>(here), json<OrderJson>(there)];
      expect(theirs.id).not.toBe(ours.id);

      // each tenant's replay is its own order, and neither tenant can read the other's
      const replay = await place(OTHER_TENANT_STAFF, 'tenant-key', body);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(json<OrderJson>(replay)).toEqual(theirs);
      const across = await app.inject({
        method: 'GET',
        url: `/orders/${ours.id}`,
        headers: { authorization: await bearerFor(OTHER_TENANT_STAFF) },
      });
      expectProblem(across, 404, 'ORDER_NOT_FOUND');
    });
  });
});
