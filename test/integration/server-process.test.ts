import { execFileSync, spawn } from 'node:child_process';
import { startServer } from '../support/server-process.js';
import { bearerFor, STAFF } from '../support/tokens.js';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;

// `npm start` is `npm run build` then `node dist/app/main.js`: the global setup builds, these tests run it.

describe('the server process, as npm start runs it', () => {
  let server: Awaited<ReturnType<typeof startServer>>;

  beforeAll(async () => {
    server = await startServer();
  }, 30_000);

  afterAll(() => {
    if (server.child.exitCode === null) server.child.kill('SIGKILL');
  });

  it('warns at start that tokens are verified with the development secret (loopback HOST, no AUTH_*)', () => {
    const warning = server.logs.find((line) => line.includes('development secret'));
    expect(warning).toBeDefined();
    expect(JSON.parse(warning ?? '{}')).toMatchObject({ level: 40 });
  });

  it('serves REST and GraphQL over a real socket and logs the port it chose', async () => {
    const authorization = await bearerFor(STAFF);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const placed = await fetch(`${server.url}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'socket-test-1', authorization },
      body: JSON.stringify({
        customerId: 'c-1',
        customerEmail: 'ada@example.com',
        items: [{ sku: 'BOOK-42', quantity: 2, unitPrice: 1250 }],
      }),
    });
    expect(placed.status).toBe(201);
    expect(placed.headers.get('x-request-id')).toBe('socket-test-1');
    const order = (await placed.json()) as { id: string; total: number };
    expect(order.total).toBe(2500);

    const confirmed = await fetch(`${server.url}/orders/${order.id}/confirm`, {
      method: 'POST',
      headers: { 'if-match': '"1"', authorization },
    });
    expect(confirmed.status).toBe(200);
    expect(confirmed.headers.get('etag')).toBe('"2"');

    const viaGraphQL = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization },
      body: JSON.stringify({
        query: 'query ($id: ID!) { order(id: $id) { status version total } }',
        variables: { id: order.id },
      }),
    });
    expect(await viaGraphQL.json()).toEqual({ data: { order: { status: 'CONFIRMED', version: 2, total: 2500 } } });

    // With SMTP_URL unset the e-mail notifier writes each rendered message to the log.
    await expect
      .poll(() => server.logs.some((line) => line.includes(`"subject":"Order ${order.id} confirmed"`)))
      .toBe(true);
    expect(
      server.logs.some(
        (line) => line.includes('"requestId":"socket-test-1"') || line.includes('"reqId":"socket-test-1"'),
      ),
    ).toBe(true);
  });

  it('answers the README examples as the README says', () => {
    const readme = readFileSync(`${root}README.md`, 'utf8');
    const section = readme.slice(readme.indexOf('## Try it'), readme.indexOf('## The API in brief'));
    const blocks = [...section.matchAll(/```bash\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    const script = `set -euo pipefail\n${blocks.join('\n')}`.replaceAll('http://127.0.0.1:3000', server.url);
    const output = execFileSync('bash', ['-c', script], { encoding: 'utf8' });
    expect(output).toContain('HTTP/1.1 201 Created');
    expect(output).toContain('"customerId":"c-1"');
    expect(output).toContain('"code":"ORDER_NOT_FOUND"');
    expect(output).toContain('"code":"FORBIDDEN"');
    expect(output).toContain('HTTP/1.1 401 Unauthorized');
    expect(output).toMatch(/www-authenticate: Bearer/i);
    expect(output).toContain('"status":"delivered"');
    expect(output).toContain('"code":"INVALID_TRANSITION"');
    expect(output).toContain('"placeOrder":{"id"');
    expect(output).toMatch(/"extensions":\{"code":"INVALID_TRANSITION"\}/);
    expect(output).not.toContain('INTERNAL');
    expect(output).not.toContain('VALIDATION_FAILED');
  });

  it('exits 0 within 10 seconds of SIGTERM', async () => {
    const started = Date.now();
    server.child.kill('SIGTERM');
    const [code] = (await once(server.child, 'exit')) as [number | null];
    expect(code).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe('a bad configuration', () => {
  it.each([
    ['PORT', 'abc', /PORT="abc".*0\.\.65535/],
    ['ORDERS_REPOSITORY', 'mongo', /ORDERS_REPOSITORY="mongo".*memory/],
    ['ORDERS_NOTIFIERS', 'email,pigeon', /ORDERS_NOTIFIERS="email,pigeon".*email/],
    ['SMTP_URL', 'not a url', /SMTP_URL="not a url".*smtp:\/\//],
    ['HOST', '0.0.0.0', /AUTH_JWT_SECRET or AUTH_JWKS_URL must be set when HOST=0\.0\.0\.0/],
    ['AUTH_JWT_SECRET', 'too-short', /AUTH_JWT_SECRET=\(hidden\).*at least 32 bytes/],
  ])(
    'stops the process at start when %s=%s, naming the variable, the value and what is allowed',
    async (name, value, message) => {
      const child = spawn(process.execPath, ['dist/app/main.js'], {
        cwd: root,
        env: { ...process.env, PORT: '0', [name]: value },
      });
      let stderr = '';
      let stdout = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      const [code] = (await once(child, 'exit')) as [number | null];
      expect(code).not.toBe(0);
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).toMatch(message);
      expect(stdout).not.toContain('Server listening');
    },
  );
});
