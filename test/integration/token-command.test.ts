import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { jwtVerify, type JWTPayload } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEVELOPMENT_SECRET } from '../../src/adapters/http/authentication-config.js';
import { buildTestApp } from '../support/test-app.js';

// `npm run token` is `npm run build` then `node dist/app/token.js`: the global setup builds, these tests run it.
const root = new URL('../../', import.meta.url).pathname;
const COMMAND = 'dist/app/token.js';
const SECRET = 'the-secret-of-this-deployment-0123456789';
const AUTH_VARIABLES = ['AUTH_JWT_SECRET', 'AUTH_JWKS_URL', 'AUTH_ISSUER', 'AUTH_AUDIENCE', 'HOST'];

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the command as `npm run token -- …` does, with no AUTH_* or HOST but those given. */
function token(args: readonly string[], env: Record<string, string> = {}): Run {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !AUTH_VARIABLES.includes(name)));
  const { status, stdout, stderr } = spawnSync(process.execPath, [COMMAND, ...args], {
    cwd: root,
    env: { ...inherited, ...env },
    encoding: 'utf8',
    timeout: 15_000,
  });
  return { status, stdout, stderr };
}

/** The one line a successful run prints, verified as the service verifies it (HS256 with `secret`). */
async function verified(run: Run, secret = DEVELOPMENT_SECRET): Promise<JWTPayload> {
  expect(run.status, run.stderr).toBe(0);
  const lines = run.stdout.split('\n').filter((line) => line !== '');
  expect(lines).toHaveLength(1);
  const { payload, protectedHeader } = await jwtVerify(lines[0] ?? '', new TextEncoder().encode(secret), {
    algorithms: ['HS256'],
  });
  expect(protectedHeader.alg).toBe('HS256');
  return payload;
}

function expectRefusal(run: Run, ...mentions: readonly string[]): void {
  expect(run.status).toBe(1);
  expect(run.stdout).toBe('');
  for (const mention of mentions) expect(run.stderr).toContain(mention);
}

const CUSTOMER_ARGS = ['--sub', 'c-1', '--tenant', 'demo', '--role', 'customer'];

describe('npm run token', () => {
  beforeAll(() => {
    if (!existsSync(`${root}${COMMAND}`)) throw new Error(`${COMMAND} is missing: npm run build first`);
  });

  it('prints a token for the customer c-1 of tenant demo, signed with the development secret, valid for an hour', async () => {
    const now = Math.floor(Date.now() / 1000);

    const payload = await verified(token(CUSTOMER_ARGS));

    expect(payload).toMatchObject({ sub: 'c-1', tenant: 'demo', roles: ['customer'] });
    expect(payload.exp).toBeGreaterThanOrEqual(now + 3600);
    expect(payload.exp).toBeLessThanOrEqual(now + 3600 + 15);
  });

  it('lasts --ttl seconds', async () => {
    const now = Math.floor(Date.now() / 1000);

    const payload = await verified(token([...CUSTOMER_ARGS, '--ttl', '60']));

    expect(payload.exp).toBeGreaterThanOrEqual(now + 60);
    expect(payload.exp).toBeLessThanOrEqual(now + 60 + 15);
  });

  it('grants every --role given', async () => {
    const payload = await verified(token([...CUSTOMER_ARGS, '--role', 'staff']));
    expect(payload.roles).toEqual(['customer', 'staff']);
  });

  it('signs with AUTH_JWT_SECRET when it is set, with AUTH_ISSUER and AUTH_AUDIENCE', async () => {
    const run = token(CUSTOMER_ARGS, {
      AUTH_JWT_SECRET: SECRET,
      AUTH_ISSUER: 'https://id.test/',
      AUTH_AUDIENCE: 'orders',
    });

    const payload = await verified(run, SECRET);

    expect(payload).toMatchObject({ sub: 'c-1', iss: 'https://id.test/', aud: 'orders' });
    await expect(verified(run, DEVELOPMENT_SECRET)).rejects.toThrow();
  });

  it('prints a token the service on a loopback HOST accepts', async () => {
    const authorization = `Bearer ${token(['--sub', 'staff-9', '--tenant', 'demo', '--role', 'staff']).stdout.trim()}`;
    const { app } = await buildTestApp({ actor: null });
    try {
      const response = await app.inject({ method: 'GET', url: '/orders', headers: { authorization } });
      expect(response.statusCode, response.body).toBe(200);
    } finally {
      await app.close();
    }
  });

  const REFUSED: readonly { readonly name: string; readonly args: readonly string[]; readonly mention: string }[] = [
    {
      name: 'a tenant outside [a-z0-9-]',
      args: ['--sub', 'c-1', '--tenant', 'Demo Corp', '--role', 'customer'],
      mention: 'tenant',
    },
    { name: 'no --sub', args: ['--tenant', 'demo', '--role', 'customer'], mention: 'subject' },
    { name: 'no --role', args: ['--sub', 'c-1', '--tenant', 'demo'], mention: '--role' },
    { name: 'an unknown role only', args: ['--sub', 'c-1', '--tenant', 'demo', '--role', 'admin'], mention: '--role' },
    { name: 'a --ttl of 0', args: [...CUSTOMER_ARGS, '--ttl', '0'], mention: '--ttl' },
    { name: 'a --ttl that is not a number', args: [...CUSTOMER_ARGS, '--ttl', 'soon'], mention: '--ttl' },
    { name: 'an unknown option', args: [...CUSTOMER_ARGS, '--admin'], mention: 'usage' },
  ];

  for (const { name, args, mention } of REFUSED) {
    it(`exits 1 with a message on stderr for ${name}`, () => {
      expectRefusal(token(args), mention);
    });
  }

  it('refuses when AUTH_JWKS_URL is set: tokens then come from the identity provider', () => {
    expectRefusal(token(CUSTOMER_ARGS, { AUTH_JWKS_URL: 'http://127.0.0.1:9/jwks.json' }), 'AUTH_JWKS_URL');
  });

  it('refuses on a HOST that is not loopback with no AUTH_*, naming the variables to set', () => {
    expectRefusal(token(CUSTOMER_ARGS, { HOST: '0.0.0.0' }), 'AUTH_JWT_SECRET', 'AUTH_JWKS_URL', '0.0.0.0');
  });

  it('signs on a HOST that is not loopback when AUTH_JWT_SECRET is set', async () => {
    const payload = await verified(token(CUSTOMER_ARGS, { HOST: '0.0.0.0', AUTH_JWT_SECRET: SECRET }), SECRET);
    expect(payload.sub).toBe('c-1');
  });
});
