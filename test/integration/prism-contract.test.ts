import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRISM_PROBLEM_TYPE, prismCli, startPrismProxy, type PrismProxy } from '../support/prism-proxy.js';
import { buildTestApp } from '../support/test-app.js';
import { bearerFor, CUSTOMER, STAFF } from '../support/tokens.js';
import { json, placeOrder, validOrder, type OrderJson, type OrderPageJson } from './api-helpers.js';
import type { Call, ContractCase, Given } from './prism-case.js';
import { CHANGE_CASES } from './prism-change-cases.js';
import { PLACE_CASES } from './prism-place-cases.js';
import { READ_CASES } from './prism-read-cases.js';

/*
 * An independent check of the OpenAPI document against the running service: Stoplight Prism reads the served
 * document on its own and proxies every request, so a request or an answer the document does not describe is
 * reported by a validator that shares none of the service's schemas or code. Every operation of the document must
 * have cases here, and the answers checked cover each error status a client can reach.
 */

/** With CI=true a missing Prism fails the run; elsewhere the suite skips. */
const installed = prismCli() !== undefined;
if (!installed) {
  if (process.env.CI === 'true') throw new Error('@stoplight/prism-cli is not installed: run npm ci');
  console.warn('Skipping the Prism contract suite: install the devDependency @stoplight/prism-cli with `npm install`.');
}

interface OpenApiOperation {
  readonly operationId: string;
  readonly responses: Readonly<Record<string, unknown>>;
}
interface OpenApiDocument {
  readonly paths: Readonly<Record<string, Readonly<Record<string, OpenApiOperation>>>>;
}

const CONTRACT_CASES: readonly ContractCase[] = [...READ_CASES, ...PLACE_CASES, ...CHANGE_CASES];
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const RATE_LIMIT = 1000;

function operationsOf(document: OpenApiDocument): OpenApiOperation[] {
  return Object.values(document.paths).flatMap((item) =>
    Object.entries(item).flatMap(([method, operation]) => (METHODS.includes(method) ? [operation] : [])),
  );
}

/** The operation a call reaches, by the document's path templates; a literal path wins over a template. */
function operationAt(document: OpenApiDocument, { method, path }: Call): string | undefined {
  const { pathname } = new URL(path, 'http://service');
  const [template] = Object.keys(document.paths)
    .filter((candidate) => new RegExp(`^${candidate.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(pathname))
    .sort((a, b) => a.split('{').length - b.split('{').length);
  return template === undefined ? undefined : document.paths[template]?.[method.toLowerCase()]?.operationId;
}

interface Checked {
  readonly status: number;
  /** What Prism found wrong: its `sl-violations` header and any problem it answered instead of the service. */
  readonly violations: readonly string[];
}

async function through(proxy: PrismProxy, call: Call, staff: string): Promise<Checked> {
  const response = await fetch(`${proxy.url}${call.path}`, {
    method: call.method,
    headers: { authorization: staff, ...call.headers },
    ...(call.body !== undefined && { body: call.body }),
  });
  const body = await response.text();
  const violations: string[] = [];
  const header = response.headers.get('sl-violations');
  if (header !== null) violations.push(`sl-violations: ${header}`);
  if (response.headers.get('content-type')?.includes('problem+json')) {
    const problem = JSON.parse(body) as { type?: string };
    if (problem.type?.startsWith(PRISM_PROBLEM_TYPE)) violations.push(`Prism answered ${response.status}: ${body}`);
  }
  return { status: response.status, violations };
}

/** Sends requests until the service refuses one for the rate limit: true once it has. */
async function spendRateLimit(app: FastifyInstance): Promise<boolean> {
  // The minute may end while spending, once: twice the limit always gets past it.
  for (let sent = 0; sent <= 2 * RATE_LIMIT; sent += 1) {
    if ((await app.inject('/orders')).statusCode === 429) return true;
  }
  return false;
}

const STEPS: Record<OrderJson['status'], readonly string[]> = {
  pending: [],
  confirmed: ['confirm'],
  shipped: ['confirm', 'ship'],
  delivered: ['confirm', 'ship', 'deliver'],
  cancelled: ['cancel'],
};

/** Prepares on the service itself, with staff's token, what a case needs. */
async function givenOn(app: FastifyInstance): Promise<Given> {
  return {
    order: async (status = 'pending') => {
      let order = await placeOrder(app);
      for (const step of STEPS[status]) {
        const response = await app.inject({ method: 'POST', url: `/orders/${order.id}/${step}` });
        expect(response.statusCode, response.body).toBe(200);
        order = json<OrderJson>(response);
      }
      return order;
    },
    cursor: async () => {
      await placeOrder(app);
      await placeOrder(app);
      const page = json<OrderPageJson>(await app.inject('/orders?limit=1'));
      if (page.nextCursor === null) throw new Error('two orders, one per page, and no next page');
      return page.nextCursor;
    },
    keyUsed: async (key) => {
      const response = await app.inject({
        method: 'POST',
        url: '/orders',
        headers: { 'idempotency-key': key },
        payload: validOrder(),
      });
      expect(response.statusCode, response.body).toBe(201);
    },
    tokens: {
      customer: await bearerFor(CUSTOMER),
      noRole: await bearerFor({ sub: 'nobody', roles: [] }),
      expired: await bearerFor(STAFF, { ttlSeconds: -120 }),
    },
  };
}

describe.skipIf(!installed)('the OpenAPI document, checked by Stoplight Prism in front of the service', () => {
  let app: FastifyInstance;
  let document: OpenApiDocument;
  let directory: string;
  let given: Given;
  let staff: string;
  /** Checks each request and each answer against the document. */
  let strict: PrismProxy;
  /** Checks the answers only, for requests the document forbids. */
  let answersOnly: PrismProxy;

  const proxyFor = (contractCase: ContractCase): PrismProxy =>
    contractCase.forbiddenByDocument ? answersOnly : strict;

  beforeAll(async () => {
    ({ app } = await buildTestApp({ env: { RATE_LIMIT_MAX: String(RATE_LIMIT) } }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    const upstream = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const served = await app.inject('/openapi.json');
    document = served.json<OpenApiDocument>();
    directory = await mkdtemp(join(tmpdir(), 'prism-contract-'));
    const file = join(directory, 'openapi.json');
    await writeFile(file, served.body);
    given = await givenOn(app);
    staff = await bearerFor(STAFF);
    [strict, answersOnly] = await Promise.all([
      startPrismProxy(file, upstream, { validateRequest: true }),
      startPrismProxy(file, upstream, { validateRequest: false }),
    ]);
  });

  afterAll(async () => {
    await Promise.allSettled([strict?.stop(), answersOnly?.stop(), app?.close()]);
    if (directory) await rm(directory, { recursive: true, force: true });
  });

  it('has cases for every operation of the document, and for no other', () => {
    const documented = operationsOf(document).map(({ operationId }) => operationId);
    const exercised = new Set(CONTRACT_CASES.map(({ operationId }) => operationId));
    expect([...exercised].sort()).toEqual([...new Set(documented)].sort());
  });

  const named = CONTRACT_CASES.map(
    (contractCase) =>
      [`${contractCase.operationId} ${contractCase.what}: ${contractCase.answer}`, contractCase] as const,
  );
  it.each(named)('%s, without a violation', async (_name, contractCase) => {
    const call = await contractCase.call(given);
    expect(operationAt(document, call), 'the operation the request reaches').toBe(contractCase.operationId);

    const { status, violations } = await through(proxyFor(contractCase), call, staff);

    expect(violations).toEqual([]);
    expect(status).toBe(contractCase.answer);
  });

  it('answers 429 without a violation on every operation that declares it, once over the rate limit', async () => {
    const limited = operationsOf(document).filter(({ responses }) => '429' in responses);
    const calls = await Promise.all(
      limited.map(async ({ operationId }) => {
        const first = CONTRACT_CASES.find((candidate) => candidate.operationId === operationId);
        if (!first) throw new Error(`no case for ${operationId}`);
        return { proxy: proxyFor(first), call: await first.call(given) };
      }),
    );
    for (const { proxy, call } of calls) {
      expect(await spendRateLimit(app), `over ${RATE_LIMIT} requests a minute`).toBe(true);
      expect(await through(proxy, call, staff), `${call.method} ${call.path}`).toEqual({ status: 429, violations: [] });
    }
  });
});
