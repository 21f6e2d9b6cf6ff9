import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';

/** An order as REST shows it (SPEC §3). */
export interface OrderJson {
  readonly id: string;
  readonly customerId: string;
  readonly customerEmail: string;
  readonly items: readonly { readonly sku: string; readonly quantity: number; readonly unitPrice: number }[];
  readonly currency: string;
  readonly total: number;
  readonly status: 'pending' | 'confirmed' | 'shipped' | 'delivered' | 'cancelled';
  readonly cancellationReason: string | null;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface OrderPageJson {
  readonly items: readonly OrderJson[];
  readonly nextCursor: string | null;
}

/** An RFC 9457 problem as SPEC §4 describes it. */
export interface ProblemJson {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: string;
  readonly errors?: readonly { readonly path: string; readonly message: string }[];
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const ISO_WITH_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
/** A well-formed UUID that the service never hands out in these tests. */
export const UNKNOWN_ID = 'ffffffff-ffff-4fff-bfff-ffffffffffff';

export interface NewOrderBody {
  customerId?: unknown;
  customerEmail?: unknown;
  items?: unknown;
  currency?: unknown;
  [extra: string]: unknown;
}

/** A valid order: 2 × 1250 + 1 × 500 = 3000 cents. */
export function validOrder(overrides: NewOrderBody = {}): NewOrderBody {
  return {
    customerId: 'c-1',
    customerEmail: 'ada@example.com',
    items: [
      { sku: 'BOOK-42', quantity: 2, unitPrice: 1250 },
      { sku: 'PEN_1.b', quantity: 1, unitPrice: 500 },
    ],
    ...overrides,
  };
}

export function json<T>(response: LightMyRequestResponse): T {
  return response.json<T>();
}

/** Places a valid order (with overrides) through REST and returns it, failing the test if it is refused. */
export async function placeOrder(app: FastifyInstance, overrides: NewOrderBody = {}): Promise<OrderJson> {
  const response = await app.inject({ method: 'POST', url: '/orders', payload: validOrder(overrides) });
  expect(response.statusCode, response.body).toBe(201);
  return json<OrderJson>(response);
}

export async function getOrder(app: FastifyInstance, id: string): Promise<OrderJson> {
  const response = await app.inject({ method: 'GET', url: `/orders/${id}` });
  expect(response.statusCode, response.body).toBe(200);
  return json<OrderJson>(response);
}

export async function listAllOrders(app: FastifyInstance): Promise<readonly OrderJson[]> {
  const response = await app.inject({ method: 'GET', url: '/orders?limit=100' });
  expect(response.statusCode, response.body).toBe(200);
  return json<OrderPageJson>(response).items;
}

/** Asserts the response is an RFC 9457 problem with this status and code, and returns it. */
export function expectProblem(response: LightMyRequestResponse, status: number, code: string): ProblemJson {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = json<ProblemJson>(response);
  expect(body).toMatchObject({ status, code });
  expect(typeof body.type).toBe('string');
  expect(body.type.length).toBeGreaterThan(0);
  expect(typeof body.title).toBe('string');
  expect(body.title.length).toBeGreaterThan(0);
  expect(typeof body.detail).toBe('string');
  expectNoLeak(response.body);
  return body;
}

/** Asserts a VALIDATION_FAILED problem that names at least one issue at each of these paths. */
export function expectValidationProblem(response: LightMyRequestResponse, ...paths: string[]): ProblemJson {
  const body = expectProblem(response, 400, 'VALIDATION_FAILED');
  expect(Array.isArray(body.errors)).toBe(true);
  const errors = body.errors ?? [];
  expect(errors.length).toBeGreaterThan(0);
  for (const error of errors) {
    expect(typeof error.path).toBe('string');
    expect(typeof error.message).toBe('string');
    expect(error.message.length).toBeGreaterThan(0);
  }
  const found = errors.map((error) => error.path);
  for (const path of paths) expect(found).toContain(path);
  return body;
}

/** No stack frames, no error class names: what a body may never show a client. */
export function expectNoLeak(body: string): void {
  expect(body).not.toMatch(/^\s*at /m);
  expect(body).not.toMatch(/\bat \S+ \(.*:\d+:\d+\)/);
  expect(body).not.toMatch(/\.(?:ts|js):\d+:\d+/);
  expect(body).not.toContain('Error:');
}
