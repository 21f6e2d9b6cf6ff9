import { validOrder } from './api-helpers.js';
import { json, OVER_ONE_MIB, plainText, type ContractCase } from './prism-case.js';

/** POST /orders. */
export const PLACE_CASES: readonly ContractCase[] = [
  {
    operationId: 'placeOrder',
    what: 'places an order',
    answer: 201,
    call: async () => ({ method: 'POST', path: '/orders', ...json(validOrder()) }),
  },
  {
    operationId: 'placeOrder',
    what: 'replays the answer to a repeated Idempotency-Key',
    answer: 201,
    call: async (given) => {
      await given.keyUsed('replayed-key');
      return { method: 'POST', path: '/orders', ...json(validOrder(), { 'idempotency-key': 'replayed-key' }) };
    },
  },
  {
    operationId: 'placeOrder',
    what: 'refuses a total over 1,000,000,000',
    answer: 400,
    call: async () => ({
      method: 'POST',
      path: '/orders',
      ...json(validOrder({ items: [{ sku: 'GOLD', quantity: 2, unitPrice: 1_000_000_000 }] })),
    }),
  },
  {
    operationId: 'placeOrder',
    what: 'refuses an order without items',
    answer: 400,
    forbiddenByDocument: true,
    call: async () => ({ method: 'POST', path: '/orders', ...json(validOrder({ items: [] })) }),
  },
  {
    operationId: 'placeOrder',
    what: 'refuses a malformed token',
    answer: 401,
    call: async () => ({
      method: 'POST',
      path: '/orders',
      ...json(validOrder(), { authorization: 'Bearer not-a-jwt' }),
    }),
  },
  {
    operationId: 'placeOrder',
    what: 'refuses a customer placing for another customer',
    answer: 403,
    call: async (given) => ({
      method: 'POST',
      path: '/orders',
      ...json(validOrder({ customerId: 'c-2' }), { authorization: given.tokens.customer }),
    }),
  },
  {
    operationId: 'placeOrder',
    what: 'refuses a body over 1 MiB',
    answer: 413,
    forbiddenByDocument: true,
    call: async () => ({ method: 'POST', path: '/orders', ...json(validOrder({ customerEmail: OVER_ONE_MIB })) }),
  },
  {
    operationId: 'placeOrder',
    what: 'refuses a body that is not JSON',
    answer: 415,
    forbiddenByDocument: true,
    call: async () => ({ method: 'POST', path: '/orders', ...plainText }),
  },
  {
    operationId: 'placeOrder',
    what: 'refuses an Idempotency-Key used for another order',
    answer: 422,
    call: async (given) => {
      await given.keyUsed('reused-key');
      const other = validOrder({ customerEmail: 'grace@example.com' });
      return { method: 'POST', path: '/orders', ...json(other, { 'idempotency-key': 'reused-key' }) };
    },
  },
];
