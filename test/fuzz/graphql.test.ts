import fc from 'fast-check';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { Kind, OperationTypeNode, parse, type OperationDefinitionNode } from 'graphql';
import type { Container } from 'inversify';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { buildTestApp } from '../support/test-app.js';
import {
  anyJson,
  contentTypeHeader,
  extraHeaders,
  idLike,
  idempotencyKeyHeader,
  mutatedOrderBody,
  nastyNumber,
  nastyString,
  nastyValue,
  requestIdHeader,
  validOrderBody,
  wellFormed,
} from './support/arbitraries.js';
import {
  FuzzStats,
  PropertyViolation,
  checkGraphQL,
  describeDiff,
  diff,
  fuzzParams,
  fuzzTimeout,
  isRecord,
  orderIssues,
  send,
  snapshot,
  storeText,
  type GraphQLBody,
  type Sent,
} from './support/checks.js';
import { RawJson, toJsonText } from './support/json-text.js';
import { nestedOracle, nestedShape, renderNested } from './support/nested-documents.js';

/**
 * POST and GET /graphql (SPEC §5) with valid operations on arbitrary variables, arbitrary literals, random and
 * mutilated documents, deep nesting, many aliases and arbitrary transport: HTTP status below 500, every error with a
 * known extensions.code (never INTERNAL), no leak, and the store changed only by successful mutations, each of which
 * answers with the order it placed or changed.
 */

const stats = new FuzzStats('graphql');
let app: FastifyInstance;
let container: Container;
/** Orders placed in set-up, in every status, for operations to name. */
const pool: { id: string; version: number }[] = [];

const ORDER_FIELDS =
  'id customerId customerEmail status items { sku quantity unitPrice } currency total version cancellationReason createdAt updatedAt';

beforeAll(async () => {
  ({ app, container } = await buildTestApp({ env: { RATE_LIMIT_MAX: '0' } }));
  const paths = [[], ['confirm'], ['confirm', 'ship'], ['confirm', 'ship', 'deliver'], ['cancel']];
  for (let index = 0; index < 20; index++) {
    const placed = await app.inject({
      method: 'POST',
      url: '/orders',
      payload: {
        customerId: `g-${index % 3}`,
        customerEmail: 'gql@example.com',
        items: [{ sku: `G-${index}`, quantity: 1, unitPrice: 10 }],
      },
    });
    const { id } = placed.json<{ id: string }>();
    const path = paths[index % paths.length] ?? [];
    for (const action of path) await app.inject({ method: 'POST', url: `/orders/${id}/${action}` });
    pool.push({ id, version: 1 + path.length });
  }
});

afterAll(async () => {
  await app?.close();
  console.info(stats.summary());
});

// ---------------------------------------------------------------------------------------------------------------
// Sending and checking
// ---------------------------------------------------------------------------------------------------------------

interface Operation {
  readonly query?: unknown;
  readonly variables?: unknown;
  readonly operationName?: unknown;
  readonly extensions?: unknown;
}

function postGraphQL(operation: Operation, headers: Record<string, string> = {}): Sent {
  return {
    method: 'POST',
    url: '/graphql',
    headers: { 'content-type': 'application/json', ...headers },
    payload: toJsonText(operation),
  };
}

/** The operation the document will run, if our own parser can tell; undefined when it cannot be parsed. */
function operationOf(document: unknown, operationName: unknown): OperationDefinitionNode | undefined | 'unparsable' {
  if (typeof document !== 'string') return 'unparsable';
  try {
    const operations = parse(document).definitions.filter(
      (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
    );
    // An empty operationName is no operationName (GraphQL over HTTP), as the service reads it.
    if (typeof operationName === 'string' && operationName !== '')
      return operations.find((operation) => operation.name?.value === operationName);
    return operations.length === 1 ? operations[0] : undefined;
  } catch {
    return 'unparsable';
  }
}

/** The document and operation name a request carries, over POST (JSON or application/graphql) or GET. */
function documentOf(request: Sent): { query: unknown; operationName: unknown } {
  const type = Object.entries(request.headers ?? {}).find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? '';
  if (request.method === 'POST' && /^\s*application\/graphql/i.test(type))
    return { query: request.payload, operationName: undefined };
  if (request.method === 'GET') {
    const params = new URLSearchParams(request.url.split('?')[1] ?? '');
    return { query: params.get('query') ?? undefined, operationName: params.get('operationName') ?? undefined };
  }
  try {
    const body = JSON.parse(request.payload ?? '') as unknown;
    return isRecord(body)
      ? { query: body.query, operationName: body.operationName }
      : { query: undefined, operationName: undefined };
  } catch {
    return { query: undefined, operationName: undefined };
  }
}

/** Whether the request's document is JSON but not GraphQL (mercurius used to take such a document for a parsed AST). */
function isJsonDocument(request: Sent): boolean {
  const { query } = documentOf(request);
  if (typeof query !== 'string') return false;
  try {
    JSON.parse(query);
  } catch {
    return false;
  }
  return operationOf(query, undefined) === 'unparsable';
}

/** Whether the request is a GET whose operationName names no operation of its (parsable) document. */
function isGetOfUnknownOperation(request: Sent): boolean {
  if (request.method !== 'GET') return false;
  const params = new URLSearchParams(request.url.split('?')[1] ?? '');
  const query = params.get('query');
  const operationName = params.get('operationName');
  if (query === null || operationName === null) return false;
  return operationOf(query, operationName) === undefined;
}

/**
 * Sends one GraphQL request and checks it: the answer (checkGraphQL), and that the store changed only through a
 * mutation that succeeded, each added or changed order answered by a non-null root field with its id.
 */
async function graphql(request: Sent): Promise<{ response: LightMyRequestResponse; result: GraphQLBody | undefined }> {
  stats.cases += 1;
  const before = await snapshot(container);
  const response = await send(app, stats, request);
  const result = checkGraphQL(request, response, () => storeText(before));
  const change = diff(before, await snapshot(container));
  const touched = [...change.added, ...change.changed, ...change.removed];
  if (touched.length === 0) return { response, result };

  const { query, operationName } = documentOf(request);
  const operation = operationOf(query, operationName);
  const roots = result?.data ? Object.values(result.data).filter((value) => value !== null && value !== undefined) : [];
  const answered = new Set(
    roots.flatMap((value) => (isRecord(value) && typeof value.id === 'string' ? [value.id] : [])),
  );
  const issues: string[] = [];
  if (operation === 'unparsable' || operation === undefined || operation.operation !== OperationTypeNode.MUTATION) {
    issues.push('a request that is no runnable mutation changed the store');
  } else if (!result?.data) {
    // Root mutation fields are non-null (SPEC §5: `Order!`), so one failing field nulls the whole of data, and the
    // fields that ran before it (mutations run in order) cannot be seen. Then: at most one order per root field, and
    // an order changed only if the request named it.
    const executed = (result?.errors ?? []).some((error) => Array.isArray((error as { path?: unknown }).path));
    const fields = operation.selectionSet.selections.length;
    if (!executed) issues.push('a mutation refused before execution changed the store');
    if (touched.length > fields) issues.push(`${touched.length} orders changed by ${fields} root fields`);
    const sent = `${request.url} ${request.payload ?? ''}`;
    const unnamed = change.changed.filter((id) => !sent.toLowerCase().includes(id));
    if (unnamed.length > 0) issues.push(`orders the request did not name changed: ${unnamed.join(', ')}`);
  } else {
    if (touched.length > roots.length)
      issues.push(`${touched.length} orders changed by ${roots.length} successful root fields`);
    const unanswered = [...change.added, ...change.changed].filter((id) => !answered.has(id));
    if (unanswered.length > 0 && roots.every((value) => isRecord(value) && 'id' in value)) {
      issues.push(`orders changed that no successful field answered: ${unanswered.join(', ')}`);
    }
  }
  if (change.removed.length > 0) issues.push('orders disappeared');
  if (issues.length > 0)
    throw new PropertyViolation(`${issues.join('; ')} (${describeDiff(change)})`, request, response);
  return { response, result };
}

// ---------------------------------------------------------------------------------------------------------------
// Operations
// ---------------------------------------------------------------------------------------------------------------

const poolOrder = fc
  .nat()
  .map((index) => pool[index % Math.max(1, pool.length)] ?? { id: '00000000-0000-4000-8000-000000000000', version: 1 });

const idValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: poolOrder.map((order) => order.id) },
  { weight: 1, arbitrary: poolOrder.map((order) => order.id.toUpperCase()) },
  { weight: 3, arbitrary: idLike },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 2, arbitrary: nastyValue },
);

const versionValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer({ min: -1, max: 6 }),
  nastyNumber,
  fc.constant(null),
  nastyValue,
);
const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined, freq: 3 });

const inputValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: validOrderBody },
  { weight: 5, arbitrary: mutatedOrderBody.map(({ body }) => body) },
  { weight: 1, arbitrary: anyJson },
  { weight: 1, arbitrary: validOrderBody.map((body) => ({ ...body, currency: null })) },
);

interface Template {
  readonly name: string;
  readonly query: string;
  readonly variables: fc.Arbitrary<Record<string, unknown>>;
}

const CHANGE_MUTATIONS = ['confirmOrder', 'shipOrder', 'deliverOrder'] as const;

const TEMPLATES: readonly Template[] = [
  {
    name: 'order',
    query: `query Q($id: ID!) { order(id: $id) { ${ORDER_FIELDS} } }`,
    variables: fc.record({ id: idValue }, { requiredKeys: [] }),
  },
  {
    name: 'orders',
    query: `query Q($c: String, $s: OrderStatus, $f: Int, $a: String) { orders(customerId: $c, status: $s, first: $f, after: $a) { items { ${ORDER_FIELDS} } nextCursor } }`,
    variables: fc.record(
      {
        c: maybe(fc.oneof(fc.constantFrom('g-0', 'g-1', ' g-2 '), nastyString, nastyValue)),
        s: maybe(
          fc.oneof(
            fc.constantFrom('PENDING', 'CONFIRMED', 'SHIPPED', 'DELIVERED', 'CANCELLED', 'pending', 'Pending'),
            nastyValue,
          ),
        ),
        f: maybe(fc.oneof(fc.integer({ min: -2, max: 120 }), nastyNumber, nastyValue)),
        a: maybe(
          fc.oneof(
            fc.base64String({ maxLength: 80 }).map((text) => text.replace(/=+$/, '')),
            nastyString,
            nastyValue,
          ),
        ),
      },
      { requiredKeys: [] },
    ),
  },
  {
    name: 'placeOrder',
    query: `mutation M($input: PlaceOrderInput!, $key: String) { placeOrder(input: $input, idempotencyKey: $key) { ${ORDER_FIELDS} } }`,
    variables: fc.record(
      {
        input: inputValue,
        key: maybe(fc.oneof(idempotencyKeyHeader, fc.string({ unit: 'binary', maxLength: 20 }), nastyValue)),
      },
      { requiredKeys: [] },
    ),
  },
  ...CHANGE_MUTATIONS.map((field) => ({
    name: field,
    query: `mutation M($id: ID!, $v: Int) { ${field}(id: $id, expectedVersion: $v) { ${ORDER_FIELDS} } }`,
    variables: fc.record({ id: idValue, v: maybe(versionValue) }, { requiredKeys: ['id'] }),
  })),
  {
    name: 'cancelOrder',
    query: `mutation M($id: ID!, $r: String, $v: Int) { cancelOrder(id: $id, reason: $r, expectedVersion: $v) { ${ORDER_FIELDS} } }`,
    variables: fc.record(
      { id: idValue, r: maybe(fc.oneof(nastyString, nastyValue)), v: maybe(versionValue) },
      { requiredKeys: ['id'] },
    ),
  },
];

const templated = fc.constantFrom(...TEMPLATES).chain((template) =>
  fc.record({
    template: fc.constant({ name: template.name, query: template.query }),
    variables: fc.oneof(
      { weight: 9, arbitrary: template.variables as fc.Arbitrary<unknown> },
      { weight: 1, arbitrary: anyJson },
    ),
    operationName: fc.oneof(
      { weight: 8, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: fc.constant('Q') },
      { weight: 1, arbitrary: nastyValue },
    ),
  }),
);

/** A GraphQL literal for any JSON value: strings quoted, enums bare, objects with keys as they come (often not names). */
function literal(value: unknown, enumLike = false): string {
  if (value instanceof RawJson) return value.text;
  if (typeof value === 'string') return enumLike && /^[A-Za-z_]\w*$/.test(value) ? value : JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((entry) => literal(entry)).join(', ')}]`;
  if (isRecord(value))
    return `{${Object.entries(value)
      .map(([key, entry]) => `${key}: ${literal(entry)}`)
      .join(', ')}}`;
  return JSON.stringify(value) ?? 'null';
}

const literalDocument = fc.oneof(
  fc
    .record({
      id: idValue,
      field: fc.constantFrom('confirmOrder', 'shipOrder', 'deliverOrder', 'order'),
      v: maybe(versionValue),
    })
    .map(({ id, field, v }) =>
      field === 'order'
        ? `{ order(id: ${literal(id)}) { id status version } }`
        : `mutation { ${field}(id: ${literal(id)}${v === undefined ? '' : `, expectedVersion: ${literal(v)}`}) { id status version } }`,
    ),
  fc
    .record({ id: idValue, r: fc.oneof(nastyString, nastyValue) })
    .map(
      ({ id, r }) =>
        `mutation { cancelOrder(id: ${literal(id)}, reason: ${literal(r)}) { id status version cancellationReason } }`,
    ),
  fc
    .record({ input: inputValue, key: maybe(fc.oneof(nastyString, nastyValue)) })
    .map(
      ({ input, key }) =>
        `mutation { placeOrder(input: ${literal(input)}${key === undefined ? '' : `, idempotencyKey: ${literal(key)}`}) { id version status total } }`,
    ),
  fc
    .record({ c: nastyValue, s: nastyValue, f: nastyValue, a: nastyValue })
    .map(
      ({ c, s, f, a }) =>
        `{ orders(customerId: ${literal(c)}, status: ${literal(s, true)}, first: ${literal(f)}, after: ${literal(a)}) { items { id } nextCursor } }`,
    ),
  nastyString.map((text) => `{ order(id: """${text}""") { id } }`),
);

const TOKENS = [
  '{',
  '}',
  '(',
  ')',
  '[',
  ']',
  ':',
  '$',
  '!',
  '=',
  '@',
  '...',
  '|',
  '&',
  ',',
  '"',
  '"""',
  '#',
  'query',
  'mutation',
  'subscription',
  'fragment',
  'on',
  'order',
  'orders',
  'placeOrder',
  'cancelOrder',
  'confirmOrder',
  'id',
  'items',
  'input',
  'first',
  'after',
  'Order',
  'Query',
  'ID',
  'Int',
  'String',
  '__typename',
  '__schema',
  '__type',
  'true',
  'null',
  '1',
  '-1',
  '1.5e3',
  '0x1',
  '"x"',
  '\\u0000',
  '\n',
  ' ',
  '\t',
  '\uFEFF',
];

const randomDocument = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.array(fc.constantFrom(...TOKENS), { maxLength: 60 }).map((tokens) => tokens.join(' ')),
  fc.array(fc.constantFrom(...TOKENS), { maxLength: 60 }).map((tokens) => tokens.join('')),
  // A valid document, cut, with a character inserted, or with a slice removed.
  fc
    .tuple(
      fc.constantFrom(...TEMPLATES.map((template) => template.query)),
      fc.nat(),
      fc.nat(),
      fc.string({ unit: 'binary', maxLength: 3 }),
    )
    .map(([text, at, length, insert]) => {
      const where = at % text.length;
      return text.slice(0, where) + insert + text.slice(Math.min(text.length, where + (length % 12)));
    }),
  fc.constantFrom<string>(
    '',
    ' ',
    '{}',
    '{ }',
    'query',
    '{ __typename }',
    '{ __schema { types { name } } }',
    '{ __type(name: "Order") { fields { name } } }',
    'subscription { orderUpdated { id } }',
    'query A { __typename } query A { __typename }',
    '{ ...F } fragment F on Query { ...F }',
    '{ order(id: $undeclared) { id } }',
    'query ($id: ID!) { order(id: $id) { id } }',
    'mutation { placeOrder }',
    '{ order }',
    '{ nope }',
    '{ order(id: "x") { id @skip(if: true) @include(if: $x) } }',
    '{ order(id: "x") { id @deprecated } }',
    '{ orders(first: 2147483648) { nextCursor } }',
    '{ orders(first: 101) { nextCursor } }',
    '{ orders(first: 0) { nextCursor } }',
    '{ orders(status: pending) { nextCursor } }',
    '{ orders { items { createdAt(format: "x") } } }',
  ),
);

// ---------------------------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------------------------

describe('POST /graphql, fuzzed', () => {
  it(
    'valid operations with arbitrary variables: known codes only, successes shaped as SPEC §5 says',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          templated,
          maybe(requestIdHeader),
          async ({ template, variables, operationName }, requestId) => {
            const request = postGraphQL(
              { query: template.query, variables, ...(operationName !== undefined && { operationName }) },
              requestId === undefined ? {} : { 'x-request-id': requestId },
            );
            const { response, result } = await graphql(request);
            const value = result?.data?.[template.name];
            if (isRecord(value)) {
              const orders =
                template.name === 'orders'
                  ? Array.isArray(value.items)
                    ? (value.items as unknown[])
                    : [null]
                  : [value];
              const issues = orders.flatMap((order) => orderIssues(order, 'upper'));
              if (template.name === 'orders' && value.nextCursor !== null && typeof value.nextCursor !== 'string')
                issues.push('nextCursor');
              if (issues.length > 0) throw new PropertyViolation(issues.join('; '), request, response);
            }
            if (result?.data && value === undefined && template.name !== 'order') {
              throw new PropertyViolation(`data without ${template.name}`, request, response);
            }
          },
        ),
        fuzzParams(500),
      );
    },
    fuzzTimeout(90_000),
  );

  it(
    'arbitrary values written as literals into documents',
    async () => {
      await fc.assert(
        fc.asyncProperty(literalDocument, async (query) => {
          const request = postGraphQL({ query });
          await graphql(request);
        }),
        fuzzParams(300),
      );
    },
    fuzzTimeout(60_000),
  );

  it(
    'random and mutilated documents, operation names and variables',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          randomDocument,
          fc.option(fc.oneof(fc.string({ maxLength: 10 }), nastyValue), { nil: undefined, freq: 4 }),
          fc.option(anyJson, { nil: undefined, freq: 3 }),
          async (query, operationName, variables) => {
            const request = postGraphQL({
              query,
              ...(operationName !== undefined && { operationName }),
              ...(variables !== undefined && { variables }),
            });
            await graphql(request);
          },
        ),
        fuzzParams(400),
      );
    },
    fuzzTimeout(60_000),
  );

  it(
    'deep nesting: selections, inline fragments, fragment chains, list and object literals, variables',
    async () => {
      const nesting = fc.record({
        depth: fc.oneof(
          fc.integer({ min: 1, max: 20 }),
          fc.integer({ min: 20, max: 3_000 }),
          fc.integer({ min: 3_000, max: 20_000 }),
        ),
        kind: fc.constantFrom(
          'selection',
          'inline-fragment',
          'fragment-chain',
          'list-literal',
          'object-literal',
          'variables',
          'items-field',
        ),
      });
      await fc.assert(
        fc.asyncProperty(nesting, async ({ depth, kind }) => {
          let operation: Operation;
          switch (kind) {
            case 'selection':
              operation = { query: `{ orders ${'{ items '.repeat(depth)}{ id }${' }'.repeat(depth)} }` };
              break;
            case 'inline-fragment':
              operation = { query: `{ ${'... on Query { '.repeat(depth)}__typename${' }'.repeat(depth)} }` };
              break;
            case 'fragment-chain': {
              const fragments = Array.from(
                { length: depth },
                (_, index) =>
                  `fragment F${index} on Query { ${index + 1 < depth ? `...F${index + 1}` : '__typename'} }`,
              );
              operation = { query: `{ ...F0 } ${fragments.join(' ')}` };
              break;
            }
            case 'list-literal':
              operation = { query: `{ order(id: ${'['.repeat(depth)}"x"${']'.repeat(depth)}) { id } }` };
              break;
            case 'object-literal':
              operation = {
                query: `mutation { placeOrder(input: ${'{a: '.repeat(depth)}1${'}'.repeat(depth)}) { id } }`,
              };
              break;
            case 'variables':
              operation = {
                query: 'mutation M($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }',
                variables: {
                  input: {
                    customerId: new RawJson(`${'['.repeat(depth)}1${']'.repeat(depth)}`),
                    customerEmail: 'a@b.co',
                    items: new RawJson(`${'[{"sku":'.repeat(depth)}1${'}]'.repeat(depth)}`),
                  },
                },
              };
              break;
            default:
              operation = { query: `{ orders { items { items ${'{ sku '.repeat(depth)}${'}'.repeat(depth)} } } }` };
          }
          await graphql(postGraphQL(operation));
        }),
        fuzzParams(120),
      );
    },
    fuzzTimeout(60_000),
  );

  it(
    'many aliases of queries and mutations: known codes only, and only successful mutations change the store',
    async () => {
      const aliased = fc.record({
        count: fc.oneof(
          fc.integer({ min: 1, max: 50 }),
          fc.integer({ min: 51, max: 80 }),
          fc.integer({ min: 80, max: 400 }),
        ),
        field: fc.constantFrom(
          '__typename',
          'order',
          'orders',
          'placeOrder',
          'placeOrder-invalid',
          'confirmOrder',
          'cancelOrder',
        ),
        target: poolOrder,
      });
      await fc.assert(
        fc.asyncProperty(aliased, async ({ count, field, target }) => {
          const mutation = ['placeOrder', 'placeOrder-invalid', 'confirmOrder', 'cancelOrder'].includes(field);
          // Each successful placeOrder stores an order; keep the store small.
          const n = field === 'placeOrder' ? Math.min(count, 60) : count;
          const selection = (index: number) => {
            switch (field) {
              case 'order':
                return `a${index}: order(id: "${target.id}") { id version }`;
              case 'orders':
                return `a${index}: orders(first: 1) { items { id } }`;
              case 'placeOrder':
                return `a${index}: placeOrder(input: {customerId: "alias-${index}", customerEmail: "a@example.com", items: [{sku: "A", quantity: 1, unitPrice: 1}]}) { id version }`;
              case 'placeOrder-invalid':
                return `a${index}: placeOrder(input: {customerId: " ", customerEmail: "nope", items: []}) { id version }`;
              case 'confirmOrder':
              case 'cancelOrder':
                return `a${index}: ${field}(id: "${target.id}") { id version status }`;
              default:
                return `a${index}: __typename`;
            }
          };
          const query = `${mutation ? 'mutation ' : ''}{ ${Array.from({ length: n }, (_, index) => selection(index)).join(' ')} }`;
          await graphql(postGraphQL({ query }));
        }),
        fuzzParams(150),
      );
    },
    fuzzTimeout(60_000),
  );

  it(
    'arbitrary transport: bodies of any JSON shape and Content-Type, GET with any parameters',
    async () => {
      const body = fc.oneof(
        anyJson.map((value) => toJsonText(value)),
        fc
          .record(
            {
              query: fc.oneof(randomDocument, nastyValue),
              variables: fc.oneof(anyJson, fc.string()),
              operationName: nastyValue,
              extensions: anyJson,
            },
            { requiredKeys: [] },
          )
          .map((value) => toJsonText(value)),
        fc.constantFrom(
          '',
          '{',
          'query { __typename }',
          '{"query":"{ __typename }"',
          '[{"query":"{ __typename }"}]',
          'null',
        ),
      );
      const viaPost = fc
        .record({
          payload: body,
          contentType: fc.option(contentTypeHeader, { nil: undefined, freq: 4 }),
          others: extraHeaders,
        })
        .map(({ payload, contentType, others }): Sent => ({
          method: 'POST',
          url: '/graphql',
          headers: { ...others, ...(contentType !== undefined && { 'content-type': contentType }) },
          payload,
        }));
      const viaGet = fc
        .record(
          {
            query: fc.oneof(
              randomDocument,
              fc.constantFrom(...TEMPLATES.map((template) => template.query)),
              literalDocument,
            ),
            variables: fc.oneof(
              anyJson.map((value) => JSON.stringify(value)),
              fc.string({ maxLength: 30 }),
            ),
            operationName: fc.string({ maxLength: 10 }),
            extra: fc.string({ maxLength: 10 }),
          },
          { requiredKeys: [] },
        )
        .map((params): Sent => {
          const search = new URLSearchParams(
            Object.entries(params).map(([name, value]) => [name, wellFormed(value)] as [string, string]),
          );
          return { method: 'GET', url: `/graphql?${search.toString()}` };
        });
      await fc.assert(
        fc.asyncProperty(fc.oneof(viaPost, viaGet), async (request) => {
          await graphql(request);
        }),
        fuzzParams(300),
      );
    },
    fuzzTimeout(60_000),
  );
});

describe('GraphQL abuse limits, and regressions for the bugs this suite found (see the comments)', () => {
  /*
   * SPEC §5 abuse limit. (When this suite was first run, 51 aliases were executed and a mutation with n placeOrder
   * aliases placed n orders; src/adapters/graphql/query-limits.ts has since landed and this property passes.)
   */
  it(
    'more than 50 root fields is refused with QUERY_TOO_COMPLEX, and changes nothing',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 51, max: 120 }),
          fc.constantFrom('__typename', 'placeOrder'),
          async (count, field) => {
            const selection = (index: number) =>
              field === 'placeOrder'
                ? `a${index}: placeOrder(input: {customerId: "limit-${index}", customerEmail: "a@example.com", items: [{sku: "L", quantity: 1, unitPrice: 1}]}) { id }`
                : `a${index}: __typename`;
            const query = `${field === 'placeOrder' ? 'mutation ' : ''}{ ${Array.from({ length: count }, (_, index) => selection(index)).join(' ')} }`;
            const request = postGraphQL({ query });
            const before = await snapshot(container);
            const { response, result } = await graphql(request);
            const change = diff(before, await snapshot(container));
            const codes = (result?.errors ?? []).map((error) => error.extensions?.code);
            if (codes.length === 0 || codes.some((code) => code !== 'QUERY_TOO_COMPLEX') || result?.data) {
              throw new PropertyViolation(
                `${count} root fields: expected only QUERY_TOO_COMPLEX, got [${codes.join(', ')}]`,
                request,
                response,
              );
            }
            if (change.added.length + change.changed.length > 0)
              throw new PropertyViolation(
                `a refused document changed the store: ${describeDiff(change)}`,
                request,
                response,
              );
          },
        ),
        fuzzParams(10, { examples: [[51, '__typename']] }),
      );
    },
    fuzzTimeout(60_000),
  );

  /*
   * SPEC §5 abuse limits below the root: aliases at all levels, directives, tokens and cost, fragments expanded. The
   * oracle (support/nested-documents.ts) works them out from the generated shape, not with the service's rules.
   */
  it(
    'nested documents: refused with QUERY_TOO_COMPLEX exactly when the oracle says a limit is broken, else answered',
    async () => {
      await fc.assert(
        fc.asyncProperty(nestedShape, async (shape) => {
          const { query, variables } = renderNested(shape);
          const request = postGraphQL({ query, variables });
          const { response, result } = await graphql(request);
          const { tooComplex, badFirst } = nestedOracle(shape);
          const codes = (result?.errors ?? []).map((error) => error.extensions?.code);
          const refused = codes.includes('QUERY_TOO_COMPLEX');
          const issues: string[] = [];
          if (tooComplex.length > 0) {
            if (!refused || result?.data) issues.push(`expected QUERY_TOO_COMPLEX for ${tooComplex.join(', ')}`);
            if (codes.some((code) => code !== 'QUERY_TOO_COMPLEX' && code !== 'VALIDATION_FAILED'))
              issues.push(`a refusal carried [${codes.join(', ')}]`);
          } else if (refused) {
            issues.push('refused as too complex within every limit');
          } else if (badFirst) {
            if (!codes.includes('VALIDATION_FAILED')) issues.push('a first outside 1..100 was not VALIDATION_FAILED');
          } else if (codes.length > 0 || !result?.data) {
            issues.push(`not answered: [${codes.join(', ')}]`);
          }
          if (issues.length > 0) throw new PropertyViolation(issues.join('; '), request, response);
        }),
        fuzzParams(150),
      );
    },
    fuzzTimeout(90_000),
  );

  /*
   * Found by this suite (fixed in 5f29e6f, src/adapters/graphql/graphql-request-guard.ts): a document that is not GraphQL but is valid JSON (`{}`, `1`, `"x"`, `null`, `[]`, `{"kind":"Document"}`) was
   * answered extensions.code INTERNAL (logged at level error: "context.getDocument.definitions is not iterable" or
   * "Must provide document."). mercurius, when graphql-js fails to parse the source, falls back to `JSON.parse(source)`
   * and hands the result to `validate` as if it were a parsed AST. Same over GET /graphql?query=... and with
   * Content-Type application/graphql. It is now a client error. Shrunk counterexample:
   * POST /graphql {"query":"{}"} → 200 {"data":null,"errors":[{"message":"Internal error","extensions":{"code":"INTERNAL"}}]}
   */
  it(
    'a document that is JSON rather than GraphQL is refused with a known code, never INTERNAL',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
          fc.constantFrom('json', 'get', 'application/graphql'),
          async (query, via) => {
            const request: Sent =
              via === 'get'
                ? { method: 'GET', url: `/graphql?${new URLSearchParams({ query: wellFormed(query) }).toString()}` }
                : via === 'json'
                  ? postGraphQL({ query })
                  : {
                      method: 'POST',
                      url: '/graphql',
                      headers: { 'content-type': 'application/graphql' },
                      payload: query,
                    };
            fc.pre(isJsonDocument(request));
            await graphql(request);
          },
        ),
        fuzzParams(20, { examples: [['{}', 'json']] }),
      );
    },
    fuzzTimeout(60_000),
  );

  /*
   * Found by this suite (fixed in 5f29e6f, src/adapters/graphql/graphql-request-guard.ts): a chain of a few thousand fragment spreads (`{ ...F0 } fragment F0 on Query { ...F1 } … fragment Fn on Query
   * { __typename }`, 130–750 KB, well under the 1 MiB body limit) was answered extensions.code INTERNAL: the root-field
   * count of src/adapters/graphql/query-limits.ts (`rootFieldsOf` → `collect`, which recurses once per spread)
   * overflowed the stack ("RangeError: Maximum call stack size exceeded", logged as "GraphQL request failed").
   * Under vitest it failed from about 3,500 fragments (shrunk counterexample: depth 3531, 128,459 characters), under
   * plain node from about 6,000. It is now refused as a client error.
   * Counterexample: POST /graphql {"query":"{ ...F0 } fragment F0 on Query { ...F1 } … fragment F19999 on Query { __typename }"}
   * → 200 {"data":null,"errors":[{"message":"Internal error","extensions":{"code":"INTERNAL"}}]}
   */
  it(
    'a chain of thousands of fragments is refused with a known code, never INTERNAL',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 3_000, max: 25_000 }), async (depth) => {
          const fragments = Array.from(
            { length: depth },
            (_, index) => `fragment F${index} on Query { ${index + 1 < depth ? `...F${index + 1}` : '__typename'} }`,
          );
          await graphql(postGraphQL({ query: `{ ...F0 } ${fragments.join(' ')}` }));
        }),
        fuzzParams(5, { examples: [[20_000]] }),
      );
    },
    fuzzTimeout(60_000),
  );

  /*
   * Found by this suite (fixed in 5f29e6f, src/adapters/graphql/graphql-request-guard.ts): GET /graphql with an operationName that names no operation of the document (the empty name included) was
   * answered extensions.code INTERNAL: mercurius' GET handler looks the operation up with getOperationAST, gets null,
   * and reads `.operation` of it ("TypeError: Cannot read properties of null (reading 'operation')"). Over POST the
   * same request is VALIDATION_FAILED ('Unknown operation named "Z".'). Shrunk counterexample:
   * GET /graphql?query=%7B+__typename+%7D&operationName= → 200 {"data":null,"errors":[{"message":"Internal error","extensions":{"code":"INTERNAL"}}]}
   */
  it(
    'GET /graphql with an operationName the document lacks is refused with a known code, never INTERNAL',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(
            '{ __typename }',
            'query Q { __typename }',
            'query A { __typename } query B { __typename }',
            `query Q($id: ID!) { order(id: $id) { id } }`,
          ),
          fc.oneof(fc.constant(''), fc.string({ maxLength: 10 })),
          async (query, operationName) => {
            const request: Sent = {
              method: 'GET',
              url: `/graphql?${new URLSearchParams({ query, operationName: wellFormed(operationName) }).toString()}`,
            };
            fc.pre(isGetOfUnknownOperation(request));
            await graphql(request);
          },
        ),
        fuzzParams(20, { examples: [['{ __typename }', '']] }),
      );
    },
    fuzzTimeout(60_000),
  );

  /*
   * Found by this suite (fixed in 5f29e6f, src/adapters/graphql/graphql-request-guard.ts): GET /graphql whose `variables` parameter is JSON but not an object — a JSON string such as `"x"` or `"{}"`
   * (a client that encoded its variables twice) — was answered extensions.code INTERNAL: mercurius passes the parsed
   * value on unchecked (POST has a body schema, GET has none) and graphql-js asserts "Variables must be provided as an
   * Object where each property is a variable value. Perhaps look to see if an unparsed JSON string was provided."
   * It is now a client error. Shrunk counterexample:
   * GET /graphql?query=%7B+__typename+%7D&variables=%22x%22 → 200 {"data":null,"errors":[{"message":"Internal error","extensions":{"code":"INTERNAL"}}]}
   */
  it(
    'GET /graphql with variables that are JSON but not an object is refused with a known code, never INTERNAL',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom<string>(
            '{ __typename }',
            'query Q($f: Int) { orders(first: $f) { nextCursor } }',
            'query Q($id: ID) { order(id: $id) { id } }',
          ),
          fc.oneof<fc.Arbitrary<string | number | boolean>[]>(
            fc.string({ maxLength: 20 }),
            fc.integer(),
            fc.boolean(),
            fc.double({ noNaN: true, noDefaultInfinity: true }),
          ),
          async (query, variables) => {
            const request: Sent = {
              method: 'GET',
              url: `/graphql?${new URLSearchParams({ query, variables: JSON.stringify(variables) }).toString()}`,
            };
            await graphql(request);
          },
        ),
        fuzzParams<[string, string | number | boolean]>(20, { examples: [['{ __typename }', 'x']] }),
      );
    },
    fuzzTimeout(60_000),
  );

  /*
   * Found by this suite (fixed in 5f29e6f, src/adapters/graphql/graphql-request-guard.ts): a subscription sent over HTTP (POST /graphql, not the WebSocket) was executed as if it were a query: the
   * subscribe resolver's result is returned for a non-null field, graphql-js fails with "Cannot return null for
   * non-nullable field Subscription.orderUpdated.", and the service answered extensions.code INTERNAL (logged at
   * level error as "GraphQL resolver failed"). It is now refused as a client error.
   * Shrunk counterexample: POST /graphql {"query":"subscription { orderUpdated { id } }"}
   * → 200 {"data":null,"errors":[{"message":"Internal error","locations":[{"line":1,"column":16}],"path":["orderUpdated"],"extensions":{"code":"INTERNAL"}}]}
   */
  it(
    'a subscription over HTTP POST is refused with a known code, never INTERNAL',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.record({ id: maybe(idValue), customerId: maybe(fc.oneof(nastyString, nastyValue)) }, { requiredKeys: [] }),
          fc.constantFrom('id', 'id status version', ORDER_FIELDS),
          async (args, fields) => {
            const list = Object.entries(args).map(([name, value]) => `${name}: ${literal(value)}`);
            await graphql(
              postGraphQL({
                query: `subscription { orderUpdated${list.length > 0 ? `(${list.join(', ')})` : ''} { ${fields} } }`,
              }),
            );
          },
        ),
        fuzzParams(20, { examples: [[{}, 'id']] }),
      );
    },
    fuzzTimeout(60_000),
  );
});
