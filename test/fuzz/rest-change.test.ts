import fc from 'fast-check';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Container } from 'inversify';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { buildTestApp } from '../support/test-app.js';
import {
  anyJson,
  contentTypeHeader,
  encodeSegment,
  extraHeaders,
  idLike,
  ifMatchHeader,
  nastyString,
  nastyValue,
  requestIdHeader,
  wellFormed,
} from './support/arbitraries.js';
import {
  FuzzStats,
  PropertyViolation,
  UUID,
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
import { toJsonText } from './support/json-text.js';

/**
 * The change routes of SPEC §4 (POST /orders/{id}/confirm|ship|deliver|cancel, DELETE /orders/{id}) on existing
 * orders, with arbitrary ids, If-Match, bodies and headers: never a 5xx, every refusal a problem; a 200 moves the
 * one order along SPEC §3's transitions by exactly one version; anything else leaves every order as it was.
 */

type Status = 'pending' | 'confirmed' | 'shipped' | 'delivered' | 'cancelled';
type Route = 'confirm' | 'ship' | 'deliver' | 'cancel' | 'delete';

const PATH_TO: Record<Status, readonly Route[]> = {
  pending: [],
  confirmed: ['confirm'],
  shipped: ['confirm', 'ship'],
  delivered: ['confirm', 'ship', 'deliver'],
  cancelled: ['cancel'],
};
/** SPEC §3: where each change leads from each status; a missing entry is an invalid transition. */
const NEXT: Record<Route, Partial<Record<Status, Status>>> = {
  confirm: { pending: 'confirmed' },
  ship: { confirmed: 'shipped' },
  deliver: { shipped: 'delivered' },
  cancel: { pending: 'cancelled', confirmed: 'cancelled' },
  delete: { pending: 'cancelled', confirmed: 'cancelled' },
};
const ROUTES: readonly Route[] = ['confirm', 'ship', 'deliver', 'cancel', 'delete'];
const STATUSES: readonly Status[] = ['pending', 'confirmed', 'shipped', 'delivered', 'cancelled'];

const stats = new FuzzStats('rest-change');
let app: FastifyInstance;
let container: Container;

beforeAll(async () => {
  ({ app, container } = await buildTestApp({ env: { RATE_LIMIT_MAX: '0' } }));
});

afterAll(async () => {
  await app?.close();
  console.info(stats.summary());
});

interface Placed {
  readonly id: string;
  readonly version: number;
  readonly status: Status;
}

/** A new order brought to `status` through the API (set-up requests, not counted as fuzz cases). */
async function orderIn(status: Status): Promise<Placed> {
  const placed = await app.inject({
    method: 'POST',
    url: '/orders',
    payload: {
      customerId: 'fuzz',
      customerEmail: 'fuzz@example.com',
      items: [{ sku: 'F-1', quantity: 1, unitPrice: 100 }],
    },
  });
  const { id } = placed.json<{ id: string }>();
  let version = 1;
  for (const route of PATH_TO[status]) {
    const moved = await app.inject({ method: 'POST', url: `/orders/${id}/${route}` });
    if (moved.statusCode !== 200) throw new Error(`set-up: ${route} answered ${moved.statusCode}`);
    version += 1;
  }
  return { id, version, status };
}

function requestFor(route: Route, idText: string, headers: Record<string, string>, payload?: string): Sent {
  return route === 'delete'
    ? { method: 'DELETE', url: `/orders/${idText}`, headers, ...(payload !== undefined && { payload }) }
    : { method: 'POST', url: `/orders/${idText}/${route}`, headers, ...(payload !== undefined && { payload }) };
}

type IdVariant = 'exact' | 'upper' | 'percent-encoded' | 'trailing-slash' | 'other-order' | 'unknown' | 'junk';

/** A change request and the answer SPEC §4 requires of it, when the request is clean enough to tell. */
interface ChangeCase {
  readonly status: Status;
  readonly route: Route;
  readonly idVariant: IdVariant;
  readonly junkId: string;
  readonly unknownId: string;
  readonly ifMatch: string | undefined;
  readonly body:
    | { readonly kind: 'none' }
    | { readonly kind: 'json'; readonly value: unknown }
    | { readonly kind: 'text'; readonly text: string };
  readonly contentType: string | undefined;
  readonly requestId: string | undefined;
  readonly others: Record<string, string>;
}

const reasonBody = fc.oneof(
  fc.record({ reason: nastyString }),
  fc.record({ reason: nastyValue }),
  fc.constantFrom(
    {},
    { reason: null },
    { reason: '' },
    { reason: 'x'.repeat(500) },
    { reason: 'x'.repeat(501) },
    { reason: ` ${'y'.repeat(500)} ` },
  ),
  fc.record({ reason: nastyString, extra: nastyValue }),
);

const changeCase: fc.Arbitrary<ChangeCase> = fc.record({
  status: fc.constantFrom(...STATUSES),
  route: fc.constantFrom(...ROUTES),
  idVariant: fc.constantFrom<IdVariant>(
    'exact',
    'exact',
    'exact',
    'upper',
    'percent-encoded',
    'trailing-slash',
    'other-order',
    'unknown',
    'junk',
  ),
  junkId: idLike.filter((id) => !['', '.', '..'].includes(id) && encodeSegment(id).length <= 100),
  unknownId: fc.uuid(),
  ifMatch: fc.option(
    fc.integer({ min: 1, max: 4 }).chain((version) => ifMatchHeader(version)),
    { nil: undefined, freq: 2 },
  ),
  body: fc.oneof(
    { weight: 3, arbitrary: fc.constant({ kind: 'none' as const }) },
    { weight: 4, arbitrary: reasonBody.map((value) => ({ kind: 'json' as const, value })) },
    { weight: 2, arbitrary: anyJson.map((value) => ({ kind: 'json' as const, value })) },
    {
      weight: 1,
      arbitrary: fc
        .oneof(
          fc.constantFrom('', '{', 'reason=x', '{"reason":"a"', '\uFEFF{}', 'null'),
          fc.string({ unit: 'binary', maxLength: 100 }),
        )
        .map((text) => ({ kind: 'text' as const, text })),
    },
  ),
  contentType: fc.oneof(
    { weight: 4, arbitrary: fc.constant('application/json') },
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 2, arbitrary: contentTypeHeader },
  ),
  requestId: fc.option(requestIdHeader, { nil: undefined }),
  others: extraHeaders,
});

/** The status SPEC §4 requires, or undefined when the request is odd enough that several answers are fair. */
function expectedStatus(
  c: ChangeCase,
  target: Placed | undefined,
  idSeen: string,
  bodyBytes: number,
): number | undefined {
  if (c.body.kind !== 'none') {
    if (c.contentType !== 'application/json') return undefined;
    if (bodyBytes > 1024 * 1024) return 413;
    if (c.body.kind === 'text') return undefined;
    // The JSON parser refuses prototype-poisoning keys (a 400 either way, but for confirm and friends too).
    if (/"(?:__proto__|constructor)"/.test(toJsonText(c.body.value))) return undefined;
    if (c.route === 'cancel' && c.body.value !== null) {
      // A JSON null reads as no body (a cancel without a reason), like an empty one.
      const value = c.body.value;
      if (!isRecord(value) || Object.keys(value).some((key) => key !== 'reason')) return 400;
      const reason = value.reason;
      if (reason !== undefined && reason !== null && (typeof reason !== 'string' || [...reason].length > 500))
        return 400;
      // A NUL is no text any store can keep: refused, before the order is looked up.
      if (typeof reason === 'string' && reason.includes('\u0000')) return 400;
      if (typeof reason === 'string' && wellFormed(reason) !== reason) return undefined;
    } else if (c.route !== 'cancel') return 400; // the other changes declare no body and refuse one
  }
  if (c.ifMatch !== undefined && c.ifMatch.trim() !== '*' && !/^\s*(W\/)?"\d{1,9}"\s*$/.test(c.ifMatch)) return 400;
  if (!UUID.test(idSeen)) return 400;
  if (!target) return 404;
  if (c.ifMatch !== undefined && c.ifMatch.trim() !== '*') {
    const strong = /^\s*"(\d{1,9})"\s*$/.exec(c.ifMatch);
    if (!strong || Number(strong[1]) !== target.version) return 412;
  }
  return NEXT[c.route][target.status] ? 200 : 409;
}

describe('change routes, fuzzed on existing orders', () => {
  it(
    'a 200 moves exactly the named order one step along SPEC §3; every other answer changes nothing',
    async () => {
      await fc.assert(
        fc.asyncProperty(changeCase, async (c) => {
          const order = await orderIn(c.status);
          const other = c.idVariant === 'other-order' ? await orderIn('pending') : undefined;
          const idSeen =
            c.idVariant === 'unknown'
              ? c.unknownId
              : c.idVariant === 'junk'
                ? wellFormed(c.junkId)
                : other
                  ? other.id
                  : c.idVariant === 'upper'
                    ? order.id.toUpperCase()
                    : order.id;
          const idText =
            c.idVariant === 'percent-encoded'
              ? [...order.id].map((char) => `%${char.charCodeAt(0).toString(16).padStart(2, '0')}`).join('')
              : encodeSegment(c.idVariant === 'junk' ? c.junkId : idSeen);
          const headers: Record<string, string> = { ...c.others };
          if (c.ifMatch !== undefined) headers['if-match'] = c.ifMatch;
          if (c.requestId !== undefined) headers['x-request-id'] = c.requestId;
          if (c.body.kind !== 'none' && c.contentType !== undefined) headers['content-type'] = c.contentType;
          const payload =
            c.body.kind === 'json' ? toJsonText(c.body.value) : c.body.kind === 'text' ? c.body.text : undefined;
          const plain = requestFor(c.route, idText, headers, payload);
          const request = c.idVariant === 'trailing-slash' ? { ...plain, url: `${plain.url}/` } : plain;
          const target = other ?? (UUID.test(idSeen) && idSeen.toLowerCase() === order.id ? order : undefined);

          stats.cases += 1;
          const before = await snapshot(container);
          const response = await send(app, stats, request);
          checkRest(request, response, { echoable: () => storeText(before) });
          const change = diff(before, await snapshot(container));

          const expected = expectedStatus(c, target, idSeen, payload === undefined ? 0 : Buffer.byteLength(payload));
          if (expected !== undefined && response.statusCode !== expected)
            throw new PropertyViolation(`expected ${expected}`, request, response);
          if (response.statusCode !== 200) {
            if (!isUnchanged(change))
              throw new PropertyViolation(
                `a refused change changed the store: ${describeDiff(change)}`,
                request,
                response,
              );
            return;
          }
          const body = jsonBody(response);
          const issues = orderIssues(body);
          if (!target || !isRecord(body))
            throw new PropertyViolation('a 200 for no order this test placed', request, response);
          if (body.id !== target.id) issues.push(`the answer is order ${String(body.id)}, not ${target.id}`);
          if (body.version !== target.version + 1)
            issues.push(`version ${String(body.version)} after ${target.version}`);
          const next = NEXT[c.route][target.status];
          if (body.status !== next)
            issues.push(`${c.route} took ${target.status} to ${String(body.status)}, not ${String(next)}`);
          if (response.headers.etag !== `"${String(body.version)}"`)
            issues.push(`ETag ${String(response.headers.etag)}`);
          const strong = c.ifMatch === undefined ? null : /^\s*"(\d{1,9})"\s*$/.exec(c.ifMatch);
          if (strong && Number(strong[1]) !== target.version)
            issues.push(`If-Match ${c.ifMatch} on version ${target.version} was accepted`);
          if (
            c.route === 'cancel' &&
            c.body.kind === 'json' &&
            isRecord(c.body.value) &&
            typeof c.body.value.reason === 'string'
          ) {
            // Kept as sent, trimmed (a lone surrogate in JSON text stays one), or null when blank.
            const reason = c.body.value.reason.trim();
            const expectedReason = reason === '' ? null : reason;
            if (body.cancellationReason !== expectedReason)
              issues.push(`cancellationReason ${JSON.stringify(body.cancellationReason)}`);
          }
          if (c.route === 'delete' && body.cancellationReason !== null)
            issues.push('DELETE left a cancellation reason');
          if (
            change.changed.length !== 1 ||
            change.changed[0] !== target.id ||
            change.added.length + change.removed.length > 0
          ) {
            issues.push(`a 200 did not change exactly its order: ${describeDiff(change)}`);
          }
          if (issues.length > 0) throw new PropertyViolation(issues.join('; '), request, response);
        }),
        fuzzParams(400),
      );
    },
    fuzzTimeout(90_000),
  );

  it(
    'concurrent changes to one order: 200, 409 or 412 only; each 200 raises the version by one; none is lost (SPEC §7)',
    async () => {
      const concurrent = fc.array(
        fc.record({
          route: fc.constantFrom(...ROUTES),
          ifMatch: fc.option(fc.constantFrom('"1"', '"2"', '"3"', '"4"', '*'), { nil: undefined }),
        }),
        { minLength: 2, maxLength: 8 },
      );
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom<Status>('pending', 'confirmed', 'shipped'),
          concurrent,
          async (start, changes) => {
            const order = await orderIn(start);
            const requests = changes.map(({ route, ifMatch }) =>
              requestFor(route, order.id, ifMatch === undefined ? {} : { 'if-match': ifMatch }),
            );
            stats.cases += requests.length;
            const answers = await Promise.all(requests.map((request) => send(app, stats, request)));
            answers.forEach((answer, index) => checkRest(requests[index] as Sent, answer));
            const odd = answers.findIndex((answer) => ![200, 409, 412].includes(answer.statusCode));
            if (odd >= 0)
              throw new PropertyViolation(
                'a concurrent change answered neither 200, 409 nor 412',
                requests[odd] as Sent,
                answers[odd] as LightMyRequestResponse,
              );

            const accepted = answers
              .map((answer, index) => ({
                answer,
                route: changes[index]?.route as Route,
                body: jsonBody(answer) as { version: number; status: Status },
              }))
              .filter(({ answer }) => answer.statusCode === 200)
              .sort((a, b) => a.body.version - b.body.version);
            let status = start;
            let version = order.version;
            for (const { route, body } of accepted) {
              const next = NEXT[route][status];
              if (body.version !== version + 1 || next === undefined || body.status !== next) {
                throw new Error(
                  `accepted changes do not chain from ${start}@${order.version}: ${accepted.map((a) => `${a.route}→${a.body.status}@${a.body.version}`).join(', ')}`,
                );
              }
              status = next;
              version += 1;
            }
            const stored = (await app.inject({ method: 'GET', url: `/orders/${order.id}` })).json<{
              version: number;
              status: Status;
            }>();
            if (stored.version !== version || stored.status !== status) {
              throw new Error(
                `after ${accepted.length} accepted changes the order is ${stored.status}@${stored.version}, expected ${status}@${version}`,
              );
            }
          },
        ),
        fuzzParams(100),
      );
    },
    fuzzTimeout(60_000),
  );
});
