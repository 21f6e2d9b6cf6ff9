import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildTestApp } from '../support/test-app.js';
import { bearerFor, STAFF, TEST_TENANT } from '../support/tokens.js';
import { expectProblem } from './api-helpers.js';

/** jose refetches a key set for an unknown `kid` at most once in this long (its default cooldown). */
const COOLDOWN_MS = 30_000;

type Algorithm = 'RS256' | 'ES256';

interface SigningKey {
  readonly kid: string;
  readonly alg: Algorithm;
  readonly privateKey: CryptoKey;
  readonly jwk: JWK;
}

async function signingKey(kid: string, alg: Algorithm): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg);
  return { kid, alg, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

/** A token for staff of the test tenant, signed by `key` and naming `kid` (the key's own unless said). */
async function tokenSignedBy(key: SigningKey, kid = key.kid): Promise<string> {
  const token = await new SignJWT({ tenant: TEST_TENANT, roles: ['staff'] })
    .setProtectedHeader({ alg: key.alg, kid, typ: 'JWT' })
    .setSubject(STAFF.sub)
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(key.privateKey);
  return `Bearer ${token}`;
}

/** An identity provider's key set on a loopback port: what it serves can change, and it counts the fetches. */
class KeyServer {
  keys: JWK[] = [];
  fetches = 0;
  private readonly server: Server = createServer((_request, response) => {
    this.fetches += 1;
    response.writeHead(200, { 'content-type': 'application/jwk-set+json' }).end(JSON.stringify({ keys: this.keys }));
  });

  async start(): Promise<string> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/.well-known/jwks.json`;
  }

  async stop(): Promise<void> {
    if (!this.server.listening) return;
    const closed = once(this.server, 'close');
    this.server.close();
    this.server.closeAllConnections();
    await closed;
  }
}

describe('bearer tokens verified with the keys at AUTH_JWKS_URL', () => {
  let rsa: SigningKey;
  let ec: SigningKey;
  let stranger: SigningKey;
  let rotated: SigningKey;
  let keyServer: KeyServer;
  let app: FastifyInstance;

  beforeAll(async () => {
    [rsa, ec, stranger, rotated] = await Promise.all([
      signingKey('rs-1', 'RS256'),
      signingKey('es-1', 'ES256'),
      signingKey('stranger', 'RS256'),
      signingKey('rs-2', 'RS256'),
    ]);
  });

  beforeEach(async () => {
    keyServer = new KeyServer();
    keyServer.keys = [rsa.jwk, ec.jwk];
    const url = await keyServer.start();
    ({ app } = await buildTestApp({ env: { ORDERS_REPOSITORY: 'memory', AUTH_JWKS_URL: url }, actor: null }));
  });

  afterEach(async () => {
    vi.useRealTimers();
    await app.close();
    await keyServer.stop();
  });

  function listOrders(authorization: string) {
    return app.inject({ method: 'GET', url: '/orders', headers: { authorization } });
  }

  function expectRefused(response: Awaited<ReturnType<typeof listOrders>>): void {
    expectProblem(response, 401, 'UNAUTHENTICATED');
    expect(response.headers['www-authenticate']).toContain('error="invalid_token"');
  }

  /** Moves the clocks of the service and of jose past the cooldown (Date only: no timer fires). */
  function afterTheCooldown(): void {
    vi.setSystemTime(Date.now() + COOLDOWN_MS + 1_000);
  }

  for (const alg of ['RS256', 'ES256'] as const) {
    it(`accepts an ${alg} token signed by a key of the set`, async () => {
      const key = alg === 'RS256' ? rsa : ec;
      const response = await listOrders(await tokenSignedBy(key));
      expect(response.statusCode, response.body).toBe(200);
    });
  }

  it('refuses a token signed by a key that is not in the set', async () => {
    expectRefused(await listOrders(await tokenSignedBy(stranger)));
  });

  it('refuses a token that names a key of the set but is signed by another', async () => {
    expectRefused(await listOrders(await tokenSignedBy(stranger, rsa.kid)));
  });

  it('refuses an HS256 token signed with the development secret: only RS256 and ES256 are accepted', async () => {
    expectRefused(await listOrders(await bearerFor(STAFF)));
  });

  it('asks the key server at most once per cooldown however many tokens with unknown keys arrive', async () => {
    for (let i = 0; i < 5; i += 1) expectRefused(await listOrders(await tokenSignedBy(stranger, `unknown-${i}`)));
    expect(keyServer.fetches).toBe(1);
  });

  it('accepts a token of a key added to the set (rotation), fetching the set again for its unknown kid', async () => {
    expect((await listOrders(await tokenSignedBy(rsa))).statusCode).toBe(200);
    expect(keyServer.fetches).toBe(1);

    keyServer.keys = [rsa.jwk, ec.jwk, rotated.jwk];
    afterTheCooldown();
    const response = await listOrders(await tokenSignedBy(rotated));

    expect(response.statusCode, response.body).toBe(200);
    expect(keyServer.fetches).toBe(2);
    // the old key still verifies, from the set just fetched
    expect((await listOrders(await tokenSignedBy(rsa))).statusCode).toBe(200);
  });

  it('answers 503 SERVICE_UNAVAILABLE, not 401, while the key server is down and the key is not cached', async () => {
    await keyServer.stop();

    const response = await listOrders(await tokenSignedBy(rsa));

    expectProblem(response, 503, 'SERVICE_UNAVAILABLE');
    expect(response.headers['retry-after']).toBeTruthy();
    expect(response.headers['www-authenticate']).toBeUndefined();
  });

  it('keeps accepting tokens of cached keys while the key server is down, and answers 503 for a new kid', async () => {
    expect((await listOrders(await tokenSignedBy(rsa))).statusCode).toBe(200);
    await keyServer.stop();

    expect((await listOrders(await tokenSignedBy(ec))).statusCode).toBe(200);
    afterTheCooldown();
    expectProblem(await listOrders(await tokenSignedBy(rotated)), 503, 'SERVICE_UNAVAILABLE');
    expect((await listOrders(await tokenSignedBy(rsa))).statusCode).toBe(200);
  });
});
