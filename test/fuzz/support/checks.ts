import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type fc from 'fast-check';
import type { Container } from 'inversify';
import { ORDER_REPOSITORY } from '../../../src/ports/outbound/order-repository.js';
import { tenantIdOf } from '../../support/values.js';
import { TEST_TENANT } from '../../support/tokens.js';
import { stringsInJson } from './json-text.js';

// ---------------------------------------------------------------------------------------------------------------
// Running properties
// ---------------------------------------------------------------------------------------------------------------

/**
 * fast-check parameters: `FUZZ_SEED` replays a run (fast-check prints the seed and path of a failure),
 * `FUZZ_SCALE` multiplies every numRuns (e.g. 10 for a long local session).
 */
export function fuzzParams<T>(numRuns: number, extra: Partial<fc.Parameters<T>> = {}): fc.Parameters<T> {
  const seed = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
  const scale = Number(process.env.FUZZ_SCALE ?? '1');
  return {
    numRuns: Math.max(1, Math.round(numRuns * (Number.isFinite(scale) && scale > 0 ? scale : 1))),
    ...(seed !== undefined && Number.isFinite(seed) && { seed }),
    ...extra,
  };
}

/** A vitest timeout that grows with FUZZ_SCALE, as the number of runs does. */
export function fuzzTimeout(ms: number): number {
  const scale = Number(process.env.FUZZ_SCALE ?? '1');
  return Math.round(ms * (Number.isFinite(scale) && scale > 1 ? scale : 1));
}

/** What one fuzz file ran, for its summary line. */
export class FuzzStats {
  cases = 0;
  requests = 0;
  serverErrors = 0;
  private readonly statuses = new Map<number, number>();

  constructor(private readonly file: string) {}

  record(status: number): void {
    this.requests += 1;
    if (status >= 500) this.serverErrors += 1;
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
  }

  summary(): string {
    const statuses = [...this.statuses.entries()]
      .sort(([a], [b]) => a - b)
      .map(([status, count]) => `${status}×${count}`)
      .join(' ');
    return `[fuzz] ${this.file}: ${this.cases} cases, ${this.requests} fuzzed requests, ${this.serverErrors} 5xx (${statuses})`;
  }
}

/** A request as the fuzzer sends it: the body is always text, so its bytes are exactly what was generated. */
export interface Sent {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS' | 'HEAD' | 'TRACE';
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly payload?: string;
}

export async function send(app: FastifyInstance, stats: FuzzStats, request: Sent): Promise<LightMyRequestResponse> {
  const response = await app.inject({
    method: request.method,
    url: request.url,
    headers: { ...request.headers },
    ...(request.payload !== undefined && { payload: request.payload }),
  });
  stats.record(response.statusCode);
  return response;
}

/** A short, readable account of a request and its answer for failure messages. */
function describeExchange(request: Sent, response: LightMyRequestResponse): string {
  const cut = (text: string, max: number) =>
    text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
  return [
    `${request.method} ${cut(request.url, 300)}`,
    `headers ${cut(JSON.stringify(request.headers ?? {}), 400)}`,
    request.payload === undefined ? 'no body' : `body ${cut(JSON.stringify(request.payload), 400)}`,
    `→ ${response.statusCode} ${String(response.headers['content-type'])} x-request-id=${String(response.headers['x-request-id'])}`,
    cut(response.body, 600),
  ].join('\n  ');
}

export class PropertyViolation extends Error {
  constructor(what: string, request: Sent, response: LightMyRequestResponse) {
    super(`${what}\n  ${describeExchange(request, response)}`);
    this.name = 'PropertyViolation';
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Codes
// ---------------------------------------------------------------------------------------------------------------

/** SPEC §4's 4xx codes with their statuses. */
const REST_4XX_CODES: Readonly<Record<string, number>> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  ORDER_NOT_FOUND: 404,
  ROUTE_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  INVALID_TRANSITION: 409,
  IDEMPOTENCY_KEY_IN_USE: 409,
  VERSION_MISMATCH: 412,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  IDEMPOTENCY_KEY_REUSED: 422,
  RATE_LIMITED: 429,
};

/** The `extensions.code` values a GraphQL error may carry (SPEC §5); INTERNAL is not among them. */
const GRAPHQL_CODES: ReadonlySet<string> = new Set([
  'VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'ORDER_NOT_FOUND',
  'INVALID_TRANSITION',
  'VERSION_MISMATCH',
  'IDEMPOTENCY_KEY_IN_USE',
  'IDEMPOTENCY_KEY_REUSED',
  'QUERY_TOO_COMPLEX',
  'RATE_LIMITED',
  'SERVICE_UNAVAILABLE',
  // What /graphql refuses as GraphQL over HTTP: a mutation over GET, a body over the limit or of another type.
  'METHOD_NOT_ALLOWED',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
]);

// ---------------------------------------------------------------------------------------------------------------
// Leaks
// ---------------------------------------------------------------------------------------------------------------

/** Text a body may echo without leaking, or a function that makes it (called only when a leak pattern matches). */
export type Echoable = string | (() => string);

interface LeakPattern {
  readonly name: string;
  readonly test: (text: string) => boolean;
}

const LEAKS: readonly LeakPattern[] = [
  { name: 'a stack frame', test: (text) => /(?:^|\n|\\n) {2,}at \S/.test(text) },
  { name: "'node_modules'", test: (text) => text.includes('node_modules') },
  { name: "'/work/'", test: (text) => text.includes('/work/') },
  { name: "'SELECT '", test: (text) => text.includes('SELECT ') },
  { name: "'Error:'", test: (text) => text.replace(/Syntax Error:/g, '').includes('Error:') },
  { name: 'a password file', test: (text) => text.includes('root:x:0:0') },
];

/** Everything the caller sent, decoded every way the service might echo it back. */
function sentText(request: Sent): string {
  const parts: string[] = [request.url];
  const decode = (text: string) => {
    try {
      return decodeURIComponent(text);
    } catch {
      return text;
    }
  };
  parts.push(decode(request.url));
  const query = request.url.indexOf('?');
  if (query >= 0) {
    for (const [name, value] of new URLSearchParams(request.url.slice(query + 1))) {
      parts.push(name, value, ...stringsInJson(value));
    }
  }
  for (const [name, value] of Object.entries(request.headers ?? {})) parts.push(name, value);
  if (request.payload !== undefined) {
    parts.push(request.payload);
    parts.push(...stringsInJson(request.payload));
  }
  return parts.join('\u0001');
}

/**
 * The leaks in a body that neither the request nor `echoable` (what earlier requests stored, such as the orders a
 * read returns) contained: an echo of what callers sent is no leak.
 */
function leaksIn(body: string, request: Sent, echoable: Echoable = ''): string[] {
  const found = LEAKS.filter((leak) => leak.test(body));
  if (found.length === 0) return [];
  const sent = `${sentText(request)}\u0001${typeof echoable === 'function' ? echoable() : echoable}`;
  return found.filter((leak) => !leak.test(sent)).map((leak) => leak.name);
}

// ---------------------------------------------------------------------------------------------------------------
// Response checks
// ---------------------------------------------------------------------------------------------------------------

const SAFE_REQUEST_ID = /^[A-Za-z0-9._:~+=/-]{1,128}$/;
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function headerOf(request: Sent, name: string): string | undefined {
  for (const [key, value] of Object.entries(request.headers ?? {})) if (key.toLowerCase() === name) return value;
  return undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** X-Request-Id: always present; the caller's when it was safe, else a fresh UUID. */
function requestIdIssues(request: Sent, response: LightMyRequestResponse): string[] {
  const answered = response.headers['x-request-id'];
  if (typeof answered !== 'string' || answered === '') return ['no X-Request-Id header'];
  const given = headerOf(request, 'x-request-id');
  if (given !== undefined && SAFE_REQUEST_ID.test(given)) {
    return answered === given ? [] : [`X-Request-Id ${answered} is not the caller's safe ${given}`];
  }
  return UUID.test(answered) ? [] : [`X-Request-Id ${answered} replaces an unsafe one but is not a UUID`];
}

/** RFC 9457 as SPEC §4 describes it, with a code whose status is the response's. */
function problemIssues(response: LightMyRequestResponse): string[] {
  const issues: string[] = [];
  const type = String(response.headers['content-type'] ?? '');
  if (!type.startsWith('application/problem+json')) issues.push(`content-type ${type} is not application/problem+json`);
  const body = parseJson(response.body);
  if (!isRecord(body)) return [...issues, 'the problem body is not a JSON object'];
  for (const field of ['type', 'title', 'detail', 'code'] as const) {
    if (typeof body[field] !== 'string') issues.push(`problem.${field} is not a string`);
  }
  if (typeof body.type === 'string' && body.type === '') issues.push('problem.type is empty');
  if (typeof body.title === 'string' && body.title === '') issues.push('problem.title is empty');
  if (body.status !== response.statusCode)
    issues.push(`problem.status ${String(body.status)} ≠ HTTP ${response.statusCode}`);
  const code = typeof body.code === 'string' ? body.code : '';
  if (REST_4XX_CODES[code] === undefined) issues.push(`problem.code ${code} is not a code of SPEC §4`);
  else if (REST_4XX_CODES[code] !== response.statusCode) {
    issues.push(`problem.code ${code} belongs to ${REST_4XX_CODES[code]}, not ${response.statusCode}`);
  }
  if (body.errors !== undefined) {
    if (!Array.isArray(body.errors)) issues.push('problem.errors is not an array');
    else if (
      !body.errors.every(
        (error) => isRecord(error) && typeof error.path === 'string' && typeof error.message === 'string',
      )
    ) {
      issues.push('problem.errors holds something other than {path, message}');
    }
  }
  return issues;
}

export interface RestCheckOptions {
  /** 3xx answers this request may legitimately get (304 for a matching If-None-Match). */
  readonly allowedRedirects?: readonly number[];
  /** Text the body may echo without leaking: what earlier requests stored (see `storeText`). */
  readonly echoable?: Echoable;
}

/**
 * The properties every REST answer keeps: no 5xx; 2xx or 4xx (or an allowed 3xx); every 4xx a problem of SPEC §4;
 * X-Request-Id; no stack trace, path, SQL or error name in the body. Throws a PropertyViolation naming each break.
 */
export function checkRest(request: Sent, response: LightMyRequestResponse, options: RestCheckOptions = {}): void {
  const status = response.statusCode;
  const issues: string[] = [];
  if (status >= 500) issues.push(`a ${status}`);
  else if (status >= 300 && status < 400 && !(options.allowedRedirects ?? []).includes(status))
    issues.push(`an unexpected ${status}`);
  else if (status < 200) issues.push(`an unexpected ${status}`);
  if (status >= 400 && status < 500) {
    // A HEAD answer has the headers of the GET answer and no body.
    if (request.method === 'HEAD') {
      const type = String(response.headers['content-type'] ?? '');
      if (!type.startsWith('application/problem+json'))
        issues.push(`content-type ${type} is not application/problem+json`);
    } else issues.push(...problemIssues(response));
  }
  issues.push(...requestIdIssues(request, response));
  issues.push(...leaksIn(response.body, request, options.echoable).map((leak) => `the body leaks ${leak}`));
  if (issues.length > 0) throw new PropertyViolation(issues.join('; '), request, response);
}

export interface GraphQLError {
  readonly message: string;
  readonly extensions?: { readonly code?: unknown };
}
export interface GraphQLBody {
  readonly data?: Record<string, unknown> | null;
  readonly errors?: readonly GraphQLError[];
}

/**
 * The properties every /graphql answer keeps: HTTP status below 500; a GraphQL result (or, for what never reaches
 * GraphQL, such as a body over 1 MiB, a problem of SPEC §4); every error with a known extensions.code, never
 * INTERNAL; X-Request-Id; no leak. Returns the parsed result (undefined for a problem).
 */
export function checkGraphQL(
  request: Sent,
  response: LightMyRequestResponse,
  echoable: Echoable = '',
): GraphQLBody | undefined {
  const status = response.statusCode;
  const issues: string[] = [];
  let result: GraphQLBody | undefined;
  if (status >= 500) issues.push(`a ${status}`);
  const type = String(response.headers['content-type'] ?? '');
  if (type.startsWith('application/problem+json')) {
    if (status < 400 || status >= 500) issues.push(`a problem with status ${status}`);
    issues.push(...problemIssues(response));
  } else {
    const body = parseJson(response.body);
    if (!/^application\/(graphql-response\+)?json/.test(type)) {
      issues.push(`content-type ${type} is neither JSON nor a problem`);
    }
    if (!isRecord(body)) issues.push('the body is not a JSON object');
    else {
      result = body as GraphQLBody;
      if (body.data !== undefined && body.data !== null && !isRecord(body.data)) issues.push('data is not an object');
      if (body.errors !== undefined) {
        if (!Array.isArray(body.errors) || body.errors.length === 0) issues.push('errors is not a non-empty array');
        else {
          for (const error of body.errors as unknown[]) {
            if (!isRecord(error) || typeof error.message !== 'string') {
              issues.push('an error without a message');
              continue;
            }
            const code = isRecord(error.extensions) ? error.extensions.code : undefined;
            if (typeof code !== 'string' || !GRAPHQL_CODES.has(code)) {
              issues.push(`an error with extensions.code ${JSON.stringify(code)}: ${error.message}`);
            }
          }
        }
      } else if (body.data === undefined || body.data === null) issues.push('neither data nor errors');
    }
  }
  issues.push(...requestIdIssues(request, response));
  issues.push(...leaksIn(response.body, request, echoable).map((leak) => `the body leaks ${leak}`));
  if (issues.length > 0) throw new PropertyViolation(issues.join('; '), request, response);
  return result;
}

// ---------------------------------------------------------------------------------------------------------------
// Orders
// ---------------------------------------------------------------------------------------------------------------

const ISO_WITH_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const SKU = /^[A-Za-z0-9._-]{1,64}$/;
const STATUSES = ['pending', 'confirmed', 'shipped', 'delivered', 'cancelled'];

function codePoints(text: string): number {
  return [...text].length;
}

/** What SPEC §3 promises of every order the service shows; status in lower case (REST) or upper case (GraphQL). */
export function orderIssues(value: unknown, statusCase: 'lower' | 'upper' = 'lower'): string[] {
  if (!isRecord(value)) return ['the order is not an object'];
  const issues: string[] = [];
  if (typeof value.id !== 'string' || !UUID.test(value.id)) issues.push('id is not a UUID');
  if (typeof value.customerId !== 'string' || value.customerId !== value.customerId.trim())
    issues.push('customerId is not trimmed text');
  else if (codePoints(value.customerId) < 1 || codePoints(value.customerId) > 64)
    issues.push('customerId is not 1..64 characters');
  if (
    typeof value.customerEmail !== 'string' ||
    value.customerEmail.length > 254 ||
    !value.customerEmail.includes('@')
  ) {
    issues.push('customerEmail is not an address of up to 254 characters');
  }
  if (!Array.isArray(value.items) || value.items.length < 1 || value.items.length > 100)
    issues.push('items is not 1..100 lines');
  else {
    const skus = new Set<string>();
    let total = 0;
    for (const item of value.items as unknown[]) {
      if (!isRecord(item)) {
        issues.push('an item is not an object');
        continue;
      }
      if (typeof item.sku !== 'string' || !SKU.test(item.sku))
        issues.push(`sku ${JSON.stringify(item.sku)} breaks the pattern`);
      else if (skus.has(item.sku)) issues.push(`sku ${item.sku} repeats`);
      else skus.add(item.sku);
      const { quantity, unitPrice } = item;
      if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 1 || quantity > 10_000) {
        issues.push(`quantity ${String(quantity)} is out of 1..10000`);
      }
      if (typeof unitPrice !== 'number' || !Number.isInteger(unitPrice) || unitPrice < 0 || unitPrice > 1_000_000_000) {
        issues.push(`unitPrice ${String(unitPrice)} is out of 0..1000000000`);
      }
      if (typeof quantity === 'number' && typeof unitPrice === 'number') total += quantity * unitPrice;
    }
    if (value.total !== total) issues.push(`total ${String(value.total)} ≠ Σ quantity × unitPrice = ${total}`);
  }
  if (typeof value.total !== 'number' || value.total < 1 || value.total > 1_000_000_000)
    issues.push('total is out of 1..1000000000');
  if (typeof value.currency !== 'string' || !/^[A-Z]{3}$/.test(value.currency))
    issues.push('currency is not 3 upper-case letters');
  const statuses = statusCase === 'lower' ? STATUSES : STATUSES.map((status) => status.toUpperCase());
  if (typeof value.status !== 'string' || !statuses.includes(value.status))
    issues.push(`status ${String(value.status)} is unknown`);
  const reason = value.cancellationReason;
  if (reason !== null && reason !== undefined && (typeof reason !== 'string' || codePoints(reason) > 500)) {
    issues.push('cancellationReason is not null or up to 500 characters');
  }
  if (typeof value.version !== 'number' || !Number.isInteger(value.version) || value.version < 1)
    issues.push('version is not ≥ 1');
  for (const field of ['createdAt', 'updatedAt'] as const) {
    const at = value[field];
    if (at !== undefined && (typeof at !== 'string' || !ISO_WITH_MS.test(at)))
      issues.push(`${field} is not ISO 8601 UTC with ms`);
  }
  return issues;
}

/** Every stored order, as comparable text, straight from the repository (fast, and independent of the REST list). */
export type StoreSnapshot = ReadonlyMap<string, string>;

export async function snapshot(container: Container): Promise<StoreSnapshot> {
  const orders = await container
    .get(ORDER_REPOSITORY)
    .list({ tenantId: tenantIdOf(TEST_TENANT), limit: Number.MAX_SAFE_INTEGER });
  return new Map(orders.map((order) => [order.id, JSON.stringify(order)]));
}

/** The stored orders as one text, for `echoable`. */
export function storeText(store: StoreSnapshot): string {
  return [...store.values()].join('\u0001');
}

export interface StoreDiff {
  readonly added: readonly string[];
  readonly changed: readonly string[];
  readonly removed: readonly string[];
}

export function diff(before: StoreSnapshot, after: StoreSnapshot): StoreDiff {
  const added: string[] = [];
  const changed: string[] = [];
  const removed: string[] = [];
  for (const [id, text] of after) {
    const previous = before.get(id);
    if (previous === undefined) added.push(id);
    else if (previous !== text) changed.push(id);
  }
  for (const id of before.keys()) if (!after.has(id)) removed.push(id);
  return { added, changed, removed };
}

export function isUnchanged(change: StoreDiff): boolean {
  return change.added.length === 0 && change.changed.length === 0 && change.removed.length === 0;
}

export function describeDiff(change: StoreDiff): string {
  return `added [${change.added.join(', ')}], changed [${change.changed.join(', ')}], removed [${change.removed.join(', ')}]`;
}

export function jsonBody(response: LightMyRequestResponse): unknown {
  return parseJson(response.body);
}

export { isRecord };
