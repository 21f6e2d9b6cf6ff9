/**
 * The typed REST client: openapi-fetch over the types openapi-typescript generates from openapi.json
 * (`npm run generate` writes schema.ts; do not edit it). Every path, parameter, body and answer — problems
 * included — is typed, so a change to a route schema that breaks a caller fails `npm run typecheck`.
 *
 *   const api = createOrdersClient('http://127.0.0.1:3000', token); // a bearer token (SPEC §9)
 *   const { data, error, response } = await api.GET('/orders/{id}', { params: { path: { id } } });
 *   // data: Order (2xx), error: Problem (4xx/5xx, application/problem+json)
 */
import createClient from 'openapi-fetch';
import type { components, operations, paths } from './schema.js';

export type { components, operations, paths } from './schema.js';

export type Order = components['schemas']['Order'];
export type Problem = components['schemas']['Problem'];
export type ProblemCode = Problem['code'];

// Request shapes, to type a body or query built ahead of the call (`satisfies PlaceOrderBody`): openapi-fetch infers
// its options generically, so a misspelt optional field written inline next to valid ones is not an error there.
export type PlaceOrderBody = operations['placeOrder']['requestBody']['content']['application/json'];
// The cancel's body is optional (a cancel without a reason), so its requestBody may be undefined.
export type CancelOrderBody = NonNullable<operations['cancelOrder']['requestBody']>['content']['application/json'];
export type ListOrdersQuery = NonNullable<operations['listOrders']['parameters']['query']>;

/** A client of the API at `baseUrl` that sends `token` as its bearer token on every request. */
export function createOrdersClient(baseUrl: string, token: string) {
  return createClient<paths>({ baseUrl, headers: { authorization: `Bearer ${token}` } });
}

export type OrdersClient = ReturnType<typeof createOrdersClient>;
