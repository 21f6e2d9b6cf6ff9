import { UNKNOWN_ID } from './api-helpers.js';
import type { ContractCase } from './prism-case.js';

/** The probes, listing orders and reading one. */
export const READ_CASES: readonly ContractCase[] = [
  { operationId: 'live', what: 'is live', answer: 200, call: async () => ({ method: 'GET', path: '/health/live' }) },
  { operationId: 'ready', what: 'is ready', answer: 200, call: async () => ({ method: 'GET', path: '/health/ready' }) },

  {
    operationId: 'listOrders',
    what: 'lists a customer’s pending orders',
    answer: 200,
    call: async (given) => {
      await given.order();
      return { method: 'GET', path: '/orders?customerId=c-1&status=pending&limit=1' };
    },
  },
  {
    operationId: 'listOrders',
    what: 'lists the next page',
    answer: 200,
    call: async (given) => ({ method: 'GET', path: `/orders?limit=1&cursor=${await given.cursor()}` }),
  },
  {
    operationId: 'listOrders',
    what: 'refuses a cursor it never handed out',
    answer: 400,
    call: async () => ({ method: 'GET', path: '/orders?cursor=not-a-cursor' }),
  },
  {
    operationId: 'listOrders',
    what: 'refuses a page size of 0',
    answer: 400,
    forbiddenByDocument: true,
    call: async () => ({ method: 'GET', path: '/orders?limit=0' }),
  },
  {
    operationId: 'listOrders',
    what: 'refuses an expired token',
    answer: 401,
    call: async (given) => ({ method: 'GET', path: '/orders', headers: { authorization: given.tokens.expired } }),
  },
  {
    operationId: 'listOrders',
    what: 'refuses a token without a role',
    answer: 403,
    call: async (given) => ({ method: 'GET', path: '/orders', headers: { authorization: given.tokens.noRole } }),
  },

  {
    operationId: 'getOrder',
    what: 'reads an order',
    answer: 200,
    call: async (given) => ({ method: 'GET', path: `/orders/${(await given.order()).id}` }),
  },
  {
    operationId: 'getOrder',
    what: 'answers 304 to the current ETag',
    answer: 304,
    call: async (given) => {
      const order = await given.order();
      return { method: 'GET', path: `/orders/${order.id}`, headers: { 'if-none-match': `"${order.version}"` } };
    },
  },
  {
    operationId: 'getOrder',
    what: 'answers 304 to If-None-Match: *',
    answer: 304,
    call: async (given) => ({
      method: 'GET',
      path: `/orders/${(await given.order()).id}`,
      headers: { 'if-none-match': '*' },
    }),
  },
  {
    operationId: 'getOrder',
    what: 'refuses an id that is not a UUID',
    answer: 400,
    call: async () => ({ method: 'GET', path: '/orders/not-a-uuid' }),
  },
  {
    operationId: 'getOrder',
    what: 'refuses an expired token',
    answer: 401,
    call: async (given) => ({
      method: 'GET',
      path: `/orders/${UNKNOWN_ID}`,
      headers: { authorization: given.tokens.expired },
    }),
  },
  {
    operationId: 'getOrder',
    what: 'refuses an unknown order',
    answer: 404,
    call: async () => ({ method: 'GET', path: `/orders/${UNKNOWN_ID}` }),
  },
];
