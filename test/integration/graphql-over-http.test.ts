import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BODY_LIMIT } from '../../src/adapters/http/body-limit.js';
import { buildTestApp } from '../support/test-app.js';
import { UNKNOWN_ID, expectNoLeak, json, listAllOrders } from './api-helpers.js';

/**
 * SPEC §5's last paragraph: GraphQL over HTTP as the GraphQL-over-HTTP specification has it. Each request is sent
 * as a client (or an attacker) would send it: raw bodies, raw headers.
 */

/** What Apollo Client sends by default. */
const APOLLO_ACCEPT = 'application/graphql-response+json,application/json;q=0.9';
const GRAPHQL_RESPONSE = /^application\/graphql-response\+json; charset=utf-8$/;
const LEGACY_JSON = /^application\/json; charset=utf-8$/;

interface GqlResult {
  readonly data?: Record<string, unknown> | null;
  readonly errors?: readonly { readonly message: string; readonly extensions?: { readonly code?: string } }[];
}

const PLACE_ORDER = `mutation { placeOrder(input: {customerId: "over-get", customerEmail: "get@example.com",
  items: [{sku: "GET-1", quantity: 1, unitPrice: 100}]}) { id } }`;

let app: FastifyInstance;

beforeAll(async () => {
  ({ app } = await buildTestApp({ env: { RATE_LIMIT_MAX: '0' } }));
});

afterAll(async () => {
  await app.close();
});

/** A POST of `body` as application/json. */
function posted(body: string): InjectOptions {
  return typed('application/json', body);
}

function typed(contentType: string, body: string): InjectOptions {
  return { method: 'POST', payload: body, headers: { 'content-type': contentType } };
}

function fetched(params: Record<string, string>): InjectOptions {
  return { method: 'GET', url: `/graphql?${new URLSearchParams(params).toString()}` };
}

/** Sends `request` to /graphql as is, with `accept` if given. */
function send(request: InjectOptions, accept?: string): Promise<LightMyRequestResponse> {
  const headers = {
    ...(request.headers as Record<string, string> | undefined),
    ...(accept !== undefined && { accept }),
  };
  return app.inject({ url: '/graphql', ...request, headers });
}

/** A GraphQL answer without data whose every error carries `code`; its status and media type as given. */
function expectRefused(response: LightMyRequestResponse, status: number, code: string, type: RegExp): GqlResult {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toMatch(type);
  const result = json<GqlResult>(response);
  expect(result).not.toHaveProperty('data');
  expect(result.errors?.length, response.body).toBeGreaterThan(0);
  for (const error of result.errors ?? []) expect(error.extensions?.code, response.body).toBe(code);
  expectNoLeak(response.body.replace(/"Syntax Error: /g, '"'));
  return result;
}

/** Well-formed GraphQL-over-HTTP requests whose document cannot run, each with the code of its refusal. */
const DOCUMENT_FAILURES: readonly (readonly [string, InjectOptions, string])[] = [
  ['a document that does not parse', posted('{"query":"{ orders {"}'), 'VALIDATION_FAILED'],
  ['a document that does not validate', posted('{"query":"{ nosuch }"}'), 'VALIDATION_FAILED'],
  ['a document over the abuse limits', posted(JSON.stringify({ query: `{ ${aliases(51)} }` })), 'QUERY_TOO_COMPLEX'],
  [
    'an operationName the document lacks',
    posted('{"query":"{ __typename }","operationName":"Z"}'),
    'VALIDATION_FAILED',
  ],
  [
    'variables that do not coerce',
    posted('{"query":"query($f: Int) { orders(first: $f) { nextCursor } }","variables":{"f":"x"}}'),
    'VALIDATION_FAILED',
  ],
  [
    'a required variable, without any variables',
    posted('{"query":"query($id: ID!) { order(id: $id) { id } }"}'),
    'VALIDATION_FAILED',
  ],
  ['a document that does not validate, over GET', fetched({ query: '{ nosuch }' }), 'VALIDATION_FAILED'],
  [
    'several operations and no operationName, over GET',
    fetched({ query: 'query A { __typename } query B { __typename }' }),
    'VALIDATION_FAILED',
  ],
];

function aliases(count: number): string {
  return Array.from({ length: count }, (_, index) => `a${index}: __typename`).join(' ');
}

/** Requests that are not GraphQL-over-HTTP requests at all, each with the status and code of its refusal. */
const MALFORMED_REQUESTS: readonly (readonly [string, number, string, InjectOptions])[] = [
  ['a body that is not JSON', 400, 'VALIDATION_FAILED', posted('{"query":')],
  ['a JSON body that is not an object', 400, 'VALIDATION_FAILED', posted('["{ __typename }"]')],
  ['a body without a query', 400, 'VALIDATION_FAILED', posted('{"qeury":"{ __typename }"}')],
  ['a query that is not a string', 400, 'VALIDATION_FAILED', posted('{"query":7}')],
  ['variables that are not an object', 400, 'VALIDATION_FAILED', posted('{"query":"{ __typename }","variables":[7]}')],
  ['a body of another type', 415, 'UNSUPPORTED_MEDIA_TYPE', typed('text/plain', '{"query":"{ __typename }"}')],
  [
    'a form post, as a cross-site page would send it',
    415,
    'UNSUPPORTED_MEDIA_TYPE',
    typed('application/x-www-form-urlencoded', 'query=%7B+__typename+%7D'),
  ],
  [
    'a body without Content-Type',
    415,
    'UNSUPPORTED_MEDIA_TYPE',
    { method: 'POST', payload: Buffer.from('{"query":"{ __typename }"}') },
  ],
  [
    'a JSON body over 1 MiB',
    413,
    'PAYLOAD_TOO_LARGE',
    posted(JSON.stringify({ query: '{ __typename }', padding: 'x'.repeat(BODY_LIMIT) })),
  ],
  ['a body over 1 MiB of another type', 415, 'UNSUPPORTED_MEDIA_TYPE', typed('text/plain', 'x'.repeat(BODY_LIMIT + 1))],
  ['GET without a query', 400, 'VALIDATION_FAILED', fetched({ qeury: '{ __typename }' })],
  [
    'GET with variables that are not a JSON object',
    400,
    'VALIDATION_FAILED',
    fetched({ query: '{ __typename }', variables: '[7]' }),
  ],
];

describe('the media type of the answer', () => {
  it("answers Apollo Client's Accept with application/graphql-response+json", async () => {
    const response = await send(posted('{"query":"{ __typename }"}'), APOLLO_ACCEPT);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(GRAPHQL_RESPONSE);
    expect(json<GqlResult>(response)).toEqual({ data: { __typename: 'Query' } });
  });

  it.each([
    ['application/graphql-response+json'],
    ['application/graphql-response+json; charset=utf-8, application/json; charset=utf-8'],
    ['application/json;q=0.5, application/graphql-response+json'],
  ])('answers application/graphql-response+json to Accept: %s', async (accept) => {
    const response = await send(fetched({ query: '{ __typename }' }), accept);
    expect(response.headers['content-type']).toMatch(GRAPHQL_RESPONSE);
  });

  it.each([
    ['no Accept', undefined],
    ['application/json', 'application/json'],
    ['*/*, as curl sends', '*/*'],
    ['application/json preferred', 'application/graphql-response+json;q=0.5, application/json'],
    ['a type it cannot have', 'text/html'],
  ])('answers application/json to %s', async (_name, accept) => {
    const response = await send(posted('{"query":"{ __typename }"}'), accept);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(LEGACY_JSON);
  });
});

describe('with application/graphql-response+json, a request that fails before execution has a 4xx status', () => {
  it.each(DOCUMENT_FAILURES)('400 for %s, with its code and no data', async (_name, request, code) => {
    expectRefused(await send(request, APOLLO_ACCEPT), 400, code, GRAPHQL_RESPONSE);
  });

  it('400 for an operationName the document lacks, once that document has run and been compiled too', async () => {
    const query = '{ compiled: __typename }';
    for (let run = 0; run < 3; run++) expect((await send(posted(JSON.stringify({ query })))).statusCode).toBe(200);
    const named = posted(JSON.stringify({ query, operationName: 'Missing' }));
    expectRefused(await send(named, APOLLO_ACCEPT), 400, 'VALIDATION_FAILED', GRAPHQL_RESPONSE);
  });

  it('200 with data when the document ran and a field failed: a partial response', async () => {
    const query = `mutation { confirmOrder(id: "${UNKNOWN_ID}") { id } }`;
    const response = await send(posted(JSON.stringify({ query })), APOLLO_ACCEPT);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(GRAPHQL_RESPONSE);
    const result = json<GqlResult>(response);
    expect(result.data).toBeNull();
    expect(result.errors?.[0]?.extensions?.code).toBe('ORDER_NOT_FOUND');
  });

  it('401 UNAUTHENTICATED with the Bearer challenge for a request without a token', async () => {
    const request = posted('{"query":"{ __typename }"}');
    const response = await send({ ...request, headers: { ...request.headers, authorization: '' } }, APOLLO_ACCEPT);
    expectRefused(response, 401, 'UNAUTHENTICATED', GRAPHQL_RESPONSE);
    expect(response.headers['www-authenticate']).toMatch(/^Bearer /);
  });
});

describe('with application/json, the legacy media type', () => {
  it.each(DOCUMENT_FAILURES)(
    '200 for %s, as the specification asks, with its code and no data',
    async (_name, request, code) => {
      expectRefused(await send(request), 200, code, LEGACY_JSON);
    },
  );
});

describe.each([
  ['application/graphql-response+json', APOLLO_ACCEPT, GRAPHQL_RESPONSE],
  ['application/json', 'application/json', LEGACY_JSON],
])('with %s, a request that is not GraphQL over HTTP is refused with the status of its code', (_type, accept, type) => {
  it.each(MALFORMED_REQUESTS)('%s: %i %s', async (_name, status, code, request) => {
    expectRefused(await send(request, accept), status, code, type);
  });

  it('a mutation over GET: 405 METHOD_NOT_ALLOWED with Allow: POST, and it never runs', async () => {
    const before = await listAllOrders(app);
    const attempts: Record<string, string>[] = [
      { query: PLACE_ORDER },
      {
        query: `query Read { __typename } ${PLACE_ORDER.replace('mutation', 'mutation Place')}`,
        operationName: 'Place',
      },
    ];
    for (const params of attempts) {
      const response = await send(fetched(params), accept);
      expectRefused(response, 405, 'METHOD_NOT_ALLOWED', type);
      expect(response.headers.allow).toBe('POST');
    }
    expect(await listAllOrders(app)).toEqual(before);
  });
});

it('reads a document sent as application/graphql, the one type it reads beside JSON', async () => {
  const headers = { 'content-type': 'application/graphql', accept: APOLLO_ACCEPT };
  const response = await app.inject({ method: 'POST', url: '/graphql', headers, payload: '{ __typename }' });
  expect(response.statusCode).toBe(200);
  expect(json<GqlResult>(response)).toEqual({ data: { __typename: 'Query' } });
});
