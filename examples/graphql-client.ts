/**
 * The GraphQL API through its generated TypedDocumentNodes (clients/graphql: operations.graphql -> generated.ts).
 *
 *   npm start                       # in one shell
 *   export TOKEN=$(npm run -s token -- --sub staff-1 --tenant demo --role staff)
 *   npm run example:graphql         # in another, with a staff token (confirm, ship and deliver are staff's); BASE_URL=http://host:port to aim elsewhere
 *
 * Places an order, reads it, confirms, ships and delivers it, lists the customer's orders, and shows two refusals
 * being handled through `extensions.code`: an invalid transition and a stale expectedVersion.
 */
import { randomUUID } from 'node:crypto';
import { createGraphQLClient, type GraphQLResult } from '../clients/graphql/client.js';
import {
  CancelOrderDocument,
  ConfirmOrderDocument,
  DeliverOrderDocument,
  OrderDocument,
  OrdersDocument,
  PlaceOrderDocument,
  ShipOrderDocument,
  type OrderFieldsFragment,
} from '../clients/graphql/generated.js';

const baseUrl = process.env.BASE_URL ?? 'http://127.0.0.1:3000';
const token = process.env.TOKEN;
if (token === undefined || token === '') {
  console.error(
    'Set TOKEN to a staff bearer token: export TOKEN=$(npm run -s token -- --sub staff-1 --tenant demo --role staff)',
  );
  process.exit(1);
}
const graphql = createGraphQLClient(new URL('/graphql', baseUrl).href, token);
// A customer of its own, so that the list below shows this run's order only.
const customerId = `example-${randomUUID().slice(0, 8)}`;

const show = (order: OrderFieldsFragment) =>
  `${order.id} ${order.status} version ${order.version}, ${order.total} ${order.currency}`;

/** A result that should have succeeded: its data, or the first error, which stops the example. */
function expectData<T>(what: string, result: GraphQLResult<T>): T {
  const [error] = result.errors ?? [];
  if (error || !result.data) throw new Error(`${what} failed: ${error?.extensions?.code} ${error?.message}`);
  return result.data;
}

console.log(`GraphQL client against ${baseUrl}/graphql`);

const { placeOrder: placed } = expectData(
  'placeOrder',
  await graphql.execute(PlaceOrderDocument, {
    input: {
      customerId,
      customerEmail: 'grace@example.com',
      items: [{ sku: 'MUG', quantity: 1, unitPrice: 900 }],
    },
  }),
);
console.log(`placed     ${show(placed)}`);

const { order: read } = expectData('order', await graphql.execute(OrderDocument, { id: placed.id }));
if (!read) throw new Error(`order ${placed.id} not found`);
console.log(`read       ${show(read)}`);

// Pin the confirmation to the version just read: a concurrent change would make it VERSION_MISMATCH.
const id = read.id;
const { confirmOrder } = expectData(
  'confirmOrder',
  await graphql.execute(ConfirmOrderDocument, { id, expectedVersion: read.version }),
);
console.log(`confirmed  ${show(confirmOrder)}`);
const { shipOrder } = expectData('shipOrder', await graphql.execute(ShipOrderDocument, { id }));
console.log(`shipped    ${show(shipOrder)}`);
const { deliverOrder } = expectData('deliverOrder', await graphql.execute(DeliverOrderDocument, { id }));
console.log(`delivered  ${show(deliverOrder)}`);

const { orders } = expectData(
  'orders',
  await graphql.execute(OrdersDocument, { customerId, status: 'DELIVERED', first: 10 }),
);
console.log(`listed     ${orders.items.length} delivered order(s) of ${customerId}, nextCursor ${orders.nextCursor}`);
for (const item of orders.items) console.log(`           - ${show(item)}`);

// Refusals are GraphQL errors: branch on extensions.code (the REST problem codes), not on the message.
const cancel = await graphql.execute(CancelOrderDocument, { id, reason: 'too late' });
const refusal = cancel.errors?.[0];
if (refusal?.extensions?.code !== 'INVALID_TRANSITION')
  throw new Error(`expected INVALID_TRANSITION, got ${refusal?.message}`);
console.log(`refused    cancelOrder of a delivered order: ${refusal.extensions.code} (${refusal.message})`);

const stale = await graphql.execute(ShipOrderDocument, { id, expectedVersion: read.version });
const staleError = stale.errors?.[0];
if (staleError?.extensions?.code !== 'VERSION_MISMATCH')
  throw new Error(`expected VERSION_MISMATCH, got ${staleError?.message}`);
console.log(
  `refused    shipOrder at the stale version ${read.version}: ${staleError.extensions.code} (${staleError.message})`,
);

console.log('done');
