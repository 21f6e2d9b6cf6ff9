/**
 * The REST API through its generated client (clients/rest: openapi-fetch + types from openapi.json).
 *
 *   npm start                       # in one shell
 *   export TOKEN=$(npm run -s token -- --sub staff-1 --tenant demo --role staff)
 *   npm run example:rest            # in another, with a staff token (confirm, ship and deliver are staff's); BASE_URL=http://host:port to aim elsewhere
 *
 * Places an order, reads it, confirms, ships and delivers it, lists the customer's orders, and shows two refusals
 * being handled: an invalid transition (409 INVALID_TRANSITION) and a stale If-Match (412 VERSION_MISMATCH).
 */
import { randomUUID } from 'node:crypto';
import {
  createOrdersClient,
  type CancelOrderBody,
  type ListOrdersQuery,
  type Order,
  type PlaceOrderBody,
  type Problem,
} from '../clients/rest/index.js';

const baseUrl = process.env.BASE_URL ?? 'http://127.0.0.1:3000';
const token = process.env.TOKEN;
if (token === undefined || token === '') {
  console.error(
    'Set TOKEN to a staff bearer token: export TOKEN=$(npm run -s token -- --sub staff-1 --tenant demo --role staff)',
  );
  process.exit(1);
}
const api = createOrdersClient(baseUrl, token);
// A customer of its own, so that the list below shows this run's order only.
const customerId = `example-${randomUUID().slice(0, 8)}`;

const show = (order: Order) => `${order.id} ${order.status} version ${order.version}, ${order.total} ${order.currency}`;

/** An answer that should have succeeded: its data, or the problem that stops the example. */
function expectOk<T>(what: string, answer: { data?: T; error?: Problem; response: Response }): T {
  if (answer.data === undefined) {
    throw new Error(`${what} failed: ${answer.response.status} ${answer.error?.code} ${answer.error?.detail}`);
  }
  return answer.data;
}

console.log(`REST client against ${baseUrl}`);

// Place an order: 201 with the order, its Location and its ETag.
const newOrder = {
  customerId,
  customerEmail: 'ada@example.com',
  items: [
    { sku: 'BOOK-42', quantity: 2, unitPrice: 1250 },
    { sku: 'PEN-1', quantity: 3, unitPrice: 199 },
  ],
  currency: 'EUR',
} satisfies PlaceOrderBody;
const placed = await api.POST('/orders', { body: newOrder });
let order = expectOk('place', placed);
console.log(`placed     ${show(order)} at ${placed.response.headers.get('location')}`);

// Read it back; the ETag is the version, to send back as If-Match.
const read = await api.GET('/orders/{id}', { params: { path: { id: order.id } } });
order = expectOk('read', read);
const etag = read.response.headers.get('etag') ?? undefined;
console.log(`read       ${show(order)}, ETag ${etag}`);

// Move it along its lifecycle: confirm (pinned to the version just read), ship, deliver.
const id = order.id;
order = expectOk(
  'confirm',
  await api.POST('/orders/{id}/confirm', { params: { path: { id }, header: { 'if-match': etag } } }),
);
console.log(`confirmed  ${show(order)}`);
order = expectOk('ship', await api.POST('/orders/{id}/ship', { params: { path: { id } } }));
console.log(`shipped    ${show(order)}`);
order = expectOk('deliver', await api.POST('/orders/{id}/deliver', { params: { path: { id } } }));
console.log(`delivered  ${show(order)}`);

// List the customer's delivered orders, newest first.
const query = { customerId, status: 'delivered', limit: 10 } satisfies ListOrdersQuery;
const page = expectOk('list', await api.GET('/orders', { params: { query } }));
console.log(`listed     ${page.items.length} delivered order(s) of ${customerId}, nextCursor ${page.nextCursor}`);
for (const item of page.items) console.log(`           - ${show(item)}`);

// Refusals are application/problem+json, typed as Problem: branch on `code`, not on the text.
const reason = { reason: 'changed my mind' } satisfies CancelOrderBody;
const cancel = await api.POST('/orders/{id}/cancel', { params: { path: { id } }, body: reason });
if (cancel.error?.code !== 'INVALID_TRANSITION')
  throw new Error(`expected INVALID_TRANSITION, got ${cancel.response.status}`);
console.log(
  `refused    cancel of a delivered order: ${cancel.error.status} ${cancel.error.code} (${cancel.error.detail})`,
);

const stale = await api.POST('/orders/{id}/ship', { params: { path: { id }, header: { 'if-match': etag } } });
if (stale.error?.code !== 'VERSION_MISMATCH')
  throw new Error(`expected VERSION_MISMATCH, got ${stale.response.status}`);
console.log(
  `refused    ship with the stale If-Match ${etag}: ${stale.error.status} ${stale.error.code} (${stale.error.detail})`,
);

console.log('done');
