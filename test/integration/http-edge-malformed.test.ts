import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exchange, type RawAnswer } from '../support/raw-http.js';
import { buildTestApp } from '../support/test-app.js';

// SPEC §4: what the HTTP layer refuses before routing is problem+json too (malformed request line or headers: 400;
// headers too large: 431), with an X-Request-Id, and the connection is closed. Each request below is sent as bytes,
// as an attacker or a broken client sends it; Node's parser refuses it before fastify sees a request.
describe('requests Node refuses before routing, sent over a raw socket', () => {
  let app: FastifyInstance;
  let port: number;

  beforeAll(async () => {
    ({ app } = await buildTestApp());
    await app.listen({ port: 0, host: '127.0.0.1' });
    ({ port } = app.server.address() as AddressInfo);
  });

  afterAll(async () => {
    await app.close();
  });

  /** The single answer on a connection the server then closed, checked as a problem of SPEC §4. */
  function onlyProblem(answers: RawAnswer[], status: number, code: string): Record<string, unknown> {
    expect(answers.map((answer) => answer.status)).toEqual([status]);
    const [answer] = answers as [RawAnswer];
    expect(answer.headers['content-type']).toBe('application/problem+json');
    expect(answer.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(answer.headers.connection).toBe('close');
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    expect(answer.headers['content-security-policy']).toMatch(/^default-src 'none'/);
    const body = JSON.parse(answer.body) as Record<string, unknown>;
    expect(body).toMatchObject({ status, code });
    expect([typeof body.type, typeof body.title, typeof body.detail]).toEqual(['string', 'string', 'string']);
    return body;
  }

  const malformed: readonly (readonly [string, string])[] = [
    ['a request line that is not one', 'G@T /orders HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['a request line with a space in the target', 'GET /health /live HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['a bare CR inside a header value', 'GET /health/live HTTP/1.1\r\nHost: x\r\nX-Note: a\rInjected: 1\r\n\r\n'],
    ['a space inside a header name', 'GET /health/live HTTP/1.1\r\nHost: x\r\nX Note: a\r\n\r\n'],
    ['a NUL in a header value', 'GET /health/live HTTP/1.1\r\nHost: x\r\nX-Note: a\u0000b\r\n\r\n'],
    [
      'both Content-Length and Transfer-Encoding (request smuggling)',
      'POST /orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5\r\n' +
        'Transfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /health/live HTTP/1.1\r\nHost: x\r\n\r\n',
    ],
    [
      'two different Content-Length headers (request smuggling)',
      'POST /orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n' +
        'Content-Length: 40\r\n\r\n{}GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n',
    ],
    ['a Content-Length that is not a number', 'POST /orders HTTP/1.1\r\nHost: x\r\nContent-Length: 1x\r\n\r\n{}'],
    [
      'an obfuscated Transfer-Encoding',
      'POST /orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked, x\r\n\r\n0\r\n\r\n',
    ],
    [
      'a chunk size that is not hexadecimal',
      'POST /orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n',
    ],
  ];

  it.each(malformed)('answers %s with a 400 VALIDATION_FAILED problem and closes the connection', async (_, bytes) => {
    const body = onlyProblem(await exchange(port, bytes), 400, 'VALIDATION_FAILED');

    expect((body.errors as { path: string }[]).map((error) => error.path)).toEqual(['']);
  });

  it('answers headers over 16 KiB with a 431 problem (code VALIDATION_FAILED) and closes the connection', async () => {
    const bytes = `GET /health/live HTTP/1.1\r\nHost: x\r\nX-Padding: ${'a'.repeat(17 * 1024)}\r\n\r\n`;

    const body = onlyProblem(await exchange(port, bytes), 431, 'VALIDATION_FAILED');

    expect(body.detail).toContain('16 KiB');
    expect((body.errors as { path: string }[]).map((error) => error.path)).toEqual(['/headers']);
  });

  it('answers headers just under 16 KiB as usual', async () => {
    const bytes = `GET /health/live HTTP/1.1\r\nHost: x\r\nX-Padding: ${'a'.repeat(15 * 1024)}\r\nConnection: close\r\n\r\n`;

    const answers = await exchange(port, bytes);

    expect(answers.map((answer) => answer.status)).toEqual([200]);
  });

  it('never runs the request smuggled behind a refused one', async () => {
    const smuggled =
      'POST /orders HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n' +
      'DELETE /orders/00000000-0000-4000-8000-000000000000 HTTP/1.1\r\nHost: x\r\n\r\n';

    const answers = await exchange(port, smuggled);

    expect(answers.map((answer) => answer.status)).toEqual([400]);
  });

  it('keeps serving other connections after refusing one', async () => {
    await exchange(port, 'G@T / HTTP/1.1\r\n\r\n');

    const answers = await exchange(port, 'GET /health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');

    expect(answers.map((answer) => answer.status)).toEqual([200]);
    expect(JSON.parse(answers[0]?.body ?? '')).toEqual({ status: 'ok' });
  });
});
