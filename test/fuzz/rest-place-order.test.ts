import fc from 'fast-check';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Container } from 'inversify';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { BODY_LIMIT } from '../../src/adapters/http/body-limit.js';
import { buildTestApp } from '../support/test-app.js';
import {
  anyJson,
  contentTypeHeader,
  deepJson,
  extraHeaders,
  forgedAuthorization,
  idempotencyKeyHeader,
  mutatedOrderBody,
  mutation,
  mutate,
  requestIdHeader,
  validOrderBody,
  type OrderBody,
} from './support/arbitraries.js';
import {
  FuzzStats,
  PropertyViolation,
  checkRest,
  describeDiff,
  diff,
  fuzzParams,
  fuzzTimeout,
  isRecord,
  isUnchanged,
  jsonBody,
  orderIssues,
  send,
  snapshot,
  storeText,
  type Sent,
} from './support/checks.js';
import { RawJson, toJsonText } from './support/json-text.js';

/**
 * POST /orders (SPEC §3, §4, §7) with arbitrary bodies and headers: never a 5xx, every refusal a problem of SPEC §4,
 * an order stored only on a 201 (and none on a replayed 201), and every 201 an order SPEC §3 allows that says what
 * was sent.
 */

const MiB = 1024 * 1024;
const stats = new FuzzStats('rest-place-order');
let app: FastifyInstance;
let container: Container;

beforeAll(async () => {
  ({ app, container } = await buildTestApp({ env: { RATE_LIMIT_MAX: '0' } }));
});

afterAll(async () => {
  await app?.close();
  console.info(stats.summary());
});

function post(
  payload: string | undefined,
  headers: Record<string, string> = { 'content-type': 'application/json' },
): Sent {
  return { method: 'POST', url: '/orders', headers, ...(payload !== undefined && { payload }) };
}

/** What the answer to one POST /orders must be, given how the store changed. */
async function placeAndCheck(request: Sent): Promise<LightMyRequestResponse> {
  stats.cases += 1;
  const before = await snapshot(container);
  const response = await send(app, stats, request);
  checkRest(request, response, { echoable: () => storeText(before) });
  const change = diff(before, await snapshot(container));
  if (response.statusCode !== 201) {
    if (!isUnchanged(change))
      throw new PropertyViolation(`a refused request changed the store: ${describeDiff(change)}`, request, response);
    return response;
  }
  const order = jsonBody(response);
  const issues = orderIssues(order);
  if (!isRecord(order)) throw new PropertyViolation('a 201 without an order', request, response);
  if (response.headers.location !== `/orders/${String(order.id)}`)
    issues.push(`Location ${String(response.headers.location)}`);
  if (response.headers.etag !== `"${String(order.version)}"`) issues.push(`ETag ${String(response.headers.etag)}`);
  issues.push(...echoIssues(request, order));
  const replayed = response.headers['idempotent-replayed'] === 'true';
  if (replayed && !isUnchanged(change)) issues.push(`a replayed 201 changed the store: ${describeDiff(change)}`);
  if (!replayed) {
    if (order.version !== 1 || order.status !== 'pending') issues.push('a new order is not pending at version 1');
    if (
      change.added.length !== 1 ||
      change.added[0] !== order.id ||
      change.changed.length + change.removed.length > 0
    ) {
      issues.push(`a 201 did not store exactly its one new order: ${describeDiff(change)}`);
    }
  }
  if (issues.length > 0) throw new PropertyViolation(issues.join('; '), request, response);
  return response;
}

/** A placed order holds what was sent: customerId trimmed, the rest as given, currency USD by default. */
function echoIssues(request: Sent, order: Record<string, unknown>): string[] {
  const sent: unknown = request.payload === undefined ? undefined : JSON.parse(request.payload);
  if (!isRecord(sent)) return ['a 201 for a body that is not an object'];
  const issues: string[] = [];
  if (typeof sent.customerId !== 'string' || order.customerId !== sent.customerId.trim())
    issues.push('customerId is not the one sent, trimmed');
  if (order.customerEmail !== sent.customerEmail) issues.push('customerEmail is not the one sent');
  if ((sent.currency ?? 'USD') !== order.currency) issues.push('currency is not the one sent (or USD)');
  const lines = (items: unknown) =>
    JSON.stringify(
      Array.isArray(items)
        ? items.map((item: Record<string, unknown>) => [item.sku, item.quantity, item.unitPrice])
        : items,
    );
  if (lines(sent.items) !== lines(order.items)) issues.push('items are not the ones sent');
  return issues;
}

describe('POST /orders, fuzzed', () => {
  it(
    'arbitrary JSON bodies (fc.jsonValue, fc.anything) are refused as problems and store nothing',
    async () => {
      await fc.assert(
        fc.asyncProperty(anyJson, async (value) => {
          await placeAndCheck(post(toJsonText(value)));
        }),
        fuzzParams(250),
      );
    },
    fuzzTimeout(60_000),
  );

  it(
    'a valid order with fields replaced by nasty values, removed, wrapped or added',
    async () => {
      await fc.assert(
        fc.asyncProperty(mutatedOrderBody, async ({ body }) => {
          await placeAndCheck(post(toJsonText(body)));
        }),
        fuzzParams(500),
      );
    },
    fuzzTimeout(60_000),
  );

  it(
    'valid orders are placed, exactly once each, and hold what was sent',
    async () => {
      const plain = fc.record(
        {
          customerId: fc.oneof(
            fc.stringMatching(/^[a-z0-9-]{1,20}$/),
            fc.stringMatching(/^ {0,3}[A-Za-z0-9]{1,20} {0,3}$/),
          ),
          customerEmail: fc.constantFrom(
            'ada@example.com',
            'grace.hopper+orders@navy.mil.example',
            "o'brien@example.co.uk",
            'x@y.io',
          ),
          items: fc.uniqueArray(
            fc.record({
              sku: fc.stringMatching(/^[A-Za-z0-9._-]{1,64}$/),
              quantity: fc.integer({ min: 1, max: 10_000 }),
              unitPrice: fc.integer({ min: 0, max: 100_000 }),
            }),
            { selector: (item) => item.sku, minLength: 1, maxLength: 100 },
          ),
          currency: fc.constantFrom('USD', 'EUR', 'JPY', 'GBP', 'CHF'),
        },
        { requiredKeys: ['customerId', 'customerEmail', 'items'] },
      );
      await fc.assert(
        fc.asyncProperty(plain, async (body) => {
          const request = post(toJsonText(body));
          const response = await placeAndCheck(request);
          const total = body.items.reduce((sum, item) => sum + item.quantity * item.unitPrice, 0);
          const allowed = total >= 1 && total <= 1_000_000_000;
          if (allowed !== (response.statusCode === 201)) {
            throw new PropertyViolation(
              `an order with total ${total} answered ${response.statusCode}`,
              request,
              response,
            );
          }
        }),
        fuzzParams(150),
      );
    },
    fuzzTimeout(60_000),
  );

  it(
    'JSON text no serializer writes: deep nesting, huge or negative-zero numbers, malformed and truncated JSON',
    async () => {
      const broken = fc.oneof(
        fc.constantFrom(
          '',
          ' ',
          '{',
          '}',
          '[',
          '{"customerId":',
          '{"customerId":"c-1",}',
          "{'customerId':'c-1'}",
          '{"customerId":"c-1"}{"a":1}',
          '\uFEFF{}',
          'null',
          'true',
          '0',
          '"string"',
          'NaN',
          '{"__proto__":{"isAdmin":true}}',
          '{"constructor":{"prototype":{"isAdmin":true}}}',
          '{"a":"\\ud800"}',
          '{"a":"\\u0000"}',
          '{"a":"\\x41"}',
          '{"a":01}',
          '{"a":1e}',
          '{"a":-}',
          '[1,2,3,]',
          '\u0000',
        ),
        fc.string({ unit: 'binary', maxLength: 200 }),
        fc.tuple(validOrderBody, fc.nat()).map(([body, cut]) => {
          const text = toJsonText(body);
          return text.slice(0, cut % (text.length + 1));
        }),
      );
      const raw = fc.oneof(
        broken.map((text) => ({ text })),
        fc
          .tuple(validOrderBody, fc.array(mutation, { minLength: 1, maxLength: 2 }), deepJson)
          .map(([valid, mutations, deep]) => ({
            text: toJsonText(mutate(valid, [...mutations, { kind: 'replace', path: 'items', value: deep }])),
          })),
        deepJson.map((deep) => ({ text: deep.text })),
      );
      await fc.assert(
        fc.asyncProperty(raw, async ({ text }) => {
          await placeAndCheck(post(text));
        }),
        fuzzParams(250),
      );
    },
    fuzzTimeout(60_000),
  );

  it(
    'bodies just under and over 1 MiB: 413 PAYLOAD_TOO_LARGE exactly when over',
    async () => {
      const sized = fc.record({
        bytes: fc.oneof(
          fc.constantFrom(MiB - 1, MiB, MiB + 1, MiB + 2),
          fc.integer({ min: MiB - 2000, max: MiB + 2000 }),
          fc.integer({ min: MiB - 200_000, max: MiB + 500_000 }),
        ),
        field: fc.constantFrom('customerId', 'customerEmail', 'padding', 'sku', 'currency'),
        unit: fc.constantFrom('x', 'é', '😀'),
      });
      await fc.assert(
        fc.asyncProperty(sized, async ({ bytes, field, unit }) => {
          const base: OrderBody = {
            customerId: 'c-big',
            customerEmail: 'big@example.com',
            items: [{ sku: 'S', quantity: 1, unitPrice: 1 }],
          };
          const marker = '\u0001MARK\u0001';
          const shape: OrderBody =
            field === 'sku'
              ? { ...base, items: [{ sku: marker, quantity: 1, unitPrice: 1 }] }
              : { ...base, [field]: marker };
          const template = toJsonText(shape);
          const markerBytes = Buffer.byteLength(JSON.stringify(marker)) - 2;
          const room = bytes - (Buffer.byteLength(template) - markerBytes);
          const unitBytes = Buffer.byteLength(unit);
          const filler =
            unit.repeat(Math.max(0, Math.floor(room / unitBytes))) + 'x'.repeat(Math.max(0, room % unitBytes));
          const text = template.replace(JSON.stringify(marker).slice(1, -1), filler);
          const size = Buffer.byteLength(text);
          const request = post(text);
          const response = await placeAndCheck(request);
          if (size > MiB !== (response.statusCode === 413)) {
            throw new PropertyViolation(`a body of ${size} bytes answered ${response.statusCode}`, request, response);
          }
        }),
        fuzzParams(40),
      );
    },
    fuzzTimeout(60_000),
  );

  it(
    'arbitrary headers: Content-Type variants and garbage, Idempotency-Key, X-Request-Id, others',
    async () => {
      const JSON_TYPE = /^application\/json\s*(;.*)?$/i;
      const request = fc.record({
        body: fc.oneof(
          validOrderBody,
          mutatedOrderBody.map(({ body }) => body),
          anyJson,
        ),
        contentType: fc.option(contentTypeHeader, { nil: undefined }),
        key: fc.option(idempotencyKeyHeader, { nil: undefined }),
        requestId: fc.option(requestIdHeader, { nil: undefined }),
        others: extraHeaders,
        bodiless: fc.boolean(),
      });
      await fc.assert(
        fc.asyncProperty(request, async ({ body, contentType, key, requestId, others, bodiless }) => {
          const headers: Record<string, string> = { ...others };
          if (contentType !== undefined) headers['content-type'] = contentType;
          if (key !== undefined) headers['idempotency-key'] = key;
          if (requestId !== undefined) headers['x-request-id'] = requestId;
          const sent = post(bodiless ? undefined : toJsonText(body), headers);
          const response = await placeAndCheck(sent);
          // SPEC §4: a body that is not application/json where one is expected is 415.
          const type = (contentType ?? '').trim();
          if (!bodiless && type !== '' && !JSON_TYPE.test(type) && !/json/i.test(type) && response.statusCode !== 415) {
            throw new PropertyViolation(`a ${type} body answered ${response.statusCode}, not 415`, sent, response);
          }
          if (response.statusCode === 201 && contentType !== undefined && !JSON_TYPE.test(type)) {
            throw new PropertyViolation(`a ${type} body was placed`, sent, response);
          }
        }),
        fuzzParams(300),
      );
    },
    fuzzTimeout(60_000),
  );

  it(
    'a forged Authorization header: 401 UNAUTHENTICATED with a Bearer challenge, and nothing stored',
    async () => {
      await fc.assert(
        fc.asyncProperty(validOrderBody, forgedAuthorization, async (body, authorization) => {
          const sent = post(toJsonText(body), { 'content-type': 'application/json', authorization });
          const response = await placeAndCheck(sent);
          if (response.statusCode !== 401) {
            throw new PropertyViolation(`a forged token answered ${response.statusCode}, not 401`, sent, response);
          }
          if (!String(response.headers['www-authenticate']).startsWith('Bearer')) {
            throw new PropertyViolation('a 401 without a Bearer challenge', sent, response);
          }
        }),
        fuzzParams(200),
      );
    },
    fuzzTimeout(60_000),
  );

  it(
    'Idempotency-Key: a repeat replays, another body is refused, concurrent repeats store at most one order',
    async () => {
      const scenario = fc.record({
        key: fc.oneof(fc.uuid(), fc.stringMatching(/^[\x20-\x7e]{1,255}$/)),
        first: fc.oneof(
          validOrderBody,
          mutatedOrderBody.map(({ body }) => body),
        ),
        other: mutatedOrderBody.map(({ body }) => body),
        concurrency: fc.integer({ min: 2, max: 6 }),
      });
      await fc.assert(
        fc.asyncProperty(scenario, async ({ key, first, other, concurrency }) => {
          const headers = { 'content-type': 'application/json', 'idempotency-key': `${key}-${stats.cases}` };
          const one = post(toJsonText(first), headers);
          const firstAnswer = await placeAndCheck(one);
          const repeat = await placeAndCheck(one);
          if (repeat.statusCode !== firstAnswer.statusCode || repeat.body !== firstAnswer.body) {
            throw new PropertyViolation(
              `a repeat answered ${repeat.statusCode} where the first answered ${firstAnswer.statusCode}: ${firstAnswer.body.slice(0, 300)}`,
              one,
              repeat,
            );
          }
          if (firstAnswer.statusCode === 201 && repeat.headers['idempotent-replayed'] !== 'true') {
            throw new PropertyViolation('a repeat of a 201 is not marked Idempotent-Replayed', one, repeat);
          }
          const otherText = toJsonText(other);
          const otherAnswer = await placeAndCheck(post(otherText, headers));
          // A body over the limit is refused before its key is looked at.
          const allowedForOther = Buffer.byteLength(otherText) > BODY_LIMIT ? [413] : [201, 400, 422];
          if (firstAnswer.statusCode === 201 && !allowedForOther.includes(otherAnswer.statusCode)) {
            throw new PropertyViolation(
              `another body under a used key answered ${otherAnswer.statusCode}`,
              post(otherText, headers),
              otherAnswer,
            );
          }

          // Concurrent first requests under a fresh key: one order at most, the others replayed or IN_USE.
          const freshHeaders = { 'content-type': 'application/json', 'idempotency-key': `${key}-c${stats.cases}` };
          const parallel = post(toJsonText(first), freshHeaders);
          const before = await snapshot(container);
          const answers = await Promise.all(Array.from({ length: concurrency }, () => send(app, stats, parallel)));
          stats.cases += concurrency;
          for (const answer of answers) checkRest(parallel, answer);
          const change = diff(before, await snapshot(container));
          const fresh = answers.filter(
            (answer) => answer.statusCode === 201 && answer.headers['idempotent-replayed'] !== 'true',
          );
          if (change.added.length > 1 || fresh.length > 1 || change.changed.length > 0 || change.removed.length > 0) {
            throw new PropertyViolation(
              `${concurrency} concurrent repeats: ${fresh.length} fresh 201s, ${describeDiff(change)}; statuses ${answers.map((a) => a.statusCode).join(',')}`,
              parallel,
              answers[0] as LightMyRequestResponse,
            );
          }
          // A body over the limit (NUL escapes grow six-fold in JSON) is refused before its key is looked at.
          const allowed = Buffer.byteLength(parallel.payload ?? '') > BODY_LIMIT ? [413] : [201, 400, 409];
          const odd = answers.find((answer) => !allowed.includes(answer.statusCode));
          if (odd) throw new PropertyViolation(`a concurrent repeat answered ${odd.statusCode}`, parallel, odd);
        }),
        fuzzParams(60),
      );
    },
    fuzzTimeout(60_000),
  );

  it(
    'raw number literals in quantity and unitPrice are taken as the numbers they are, never stored out of bounds',
    async () => {
      const literal = fc.record({
        field: fc.constantFrom('quantity', 'unitPrice'),
        text: fc.constantFrom(
          '1e400',
          '-1e400',
          '-0',
          '1.0',
          '2.00000000000000001',
          '1E2',
          '1e-400',
          '0.1e1',
          '10000.0000000000001',
          '9007199254740993',
          '1e3',
          '1000000000.0000001',
        ),
      });
      await fc.assert(
        fc.asyncProperty(validOrderBody, literal, async (valid, { field, text }) => {
          const body = mutate(valid, [
            { kind: 'replace', path: `items/0/${field}` as 'items/0/quantity', value: new RawJson(text) },
          ]);
          await placeAndCheck(post(toJsonText(body)));
        }),
        fuzzParams(100),
      );
    },
    fuzzTimeout(60_000),
  );
});
