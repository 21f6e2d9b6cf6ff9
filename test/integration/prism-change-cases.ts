import { UNKNOWN_ID, type OrderJson } from './api-helpers.js';
import { json, OVER_ONE_MIB, plainText, STALE_IF_MATCH, type Call, type ContractCase } from './prism-case.js';

type Status = OrderJson['status'];

/** Confirm, ship and deliver alike: each step taken without a body, and refused as the document says. */
function forwardStep(action: 'confirm' | 'ship' | 'deliver', from: Status, wrong: Status): ContractCase[] {
  const operationId = `${action}Order`;
  const post = (id: string, request: Omit<Call, 'method' | 'path'> = {}): Call => ({
    method: 'POST',
    path: `/orders/${id}/${action}`,
    ...request,
  });
  return [
    {
      operationId,
      what: `${action}s an order without a body, at the version If-Match names`,
      answer: 200,
      call: async (given) => {
        const order = await given.order(from);
        return post(order.id, { headers: { 'if-match': `"${order.version}"` } });
      },
    },
    {
      operationId,
      what: 'refuses an If-Match that is not an ETag',
      answer: 400,
      call: async (given) => post((await given.order(from)).id, { headers: { 'if-match': 'version 1' } }),
    },
    {
      operationId,
      // The document declares no body, so Prism itself refuses one: the service must not take it either.
      what: 'refuses a body, which it does not declare',
      answer: 400,
      forbiddenByDocument: true,
      call: async (given) => post((await given.order(from)).id, json({ note: 'ignored?' })),
    },
    {
      operationId,
      what: 'refuses a customer',
      answer: 403,
      call: async (given) => post((await given.order(from)).id, { headers: { authorization: given.tokens.customer } }),
    },
    { operationId, what: 'refuses an unknown order', answer: 404, call: async () => post(UNKNOWN_ID) },
    {
      operationId,
      what: `refuses an order that is ${wrong}`,
      answer: 409,
      call: async (given) => post((await given.order(wrong)).id),
    },
    {
      operationId,
      what: 'refuses a stale If-Match',
      answer: 412,
      call: async (given) => post((await given.order(from)).id, { headers: STALE_IF_MATCH }),
    },
  ];
}

/** POST /orders/{id}/cancel, optionally with a reason. */
const cancel = (id: string, request: Omit<Call, 'method' | 'path'> = {}): Call => ({
  method: 'POST',
  path: `/orders/${id}/cancel`,
  ...request,
});

/** DELETE /orders/{id}. */
const remove = (id: string, request: Omit<Call, 'method' | 'path'> = {}): Call => ({
  method: 'DELETE',
  path: `/orders/${id}`,
  ...request,
});

/** The lifecycle: confirm, ship, deliver, cancel, and DELETE. */
export const CHANGE_CASES: readonly ContractCase[] = [
  ...forwardStep('confirm', 'pending', 'confirmed'),
  ...forwardStep('ship', 'confirmed', 'pending'),
  ...forwardStep('deliver', 'shipped', 'confirmed'),

  {
    operationId: 'cancelOrder',
    what: 'cancels with a reason',
    answer: 200,
    call: async (given) => cancel((await given.order()).id, json({ reason: 'changed my mind' })),
  },
  {
    operationId: 'cancelOrder',
    what: 'cancels with an empty object',
    answer: 200,
    call: async (given) => cancel((await given.order('confirmed')).id, json({})),
  },
  {
    operationId: 'cancelOrder',
    // The body is optional (SPEC §4): the document must not make a client send one.
    what: 'cancels without a body',
    answer: 200,
    call: async (given) => cancel((await given.order()).id),
  },
  {
    operationId: 'cancelOrder',
    what: 'refuses a reason over 500 characters',
    answer: 400,
    forbiddenByDocument: true,
    call: async (given) => cancel((await given.order()).id, json({ reason: 'x'.repeat(501) })),
  },
  {
    operationId: 'cancelOrder',
    what: 'refuses an unknown order',
    answer: 404,
    call: async () => cancel(UNKNOWN_ID, json({})),
  },
  {
    operationId: 'cancelOrder',
    what: 'refuses a delivered order',
    answer: 409,
    call: async (given) => cancel((await given.order('delivered')).id, json({ reason: 'too late' })),
  },
  {
    operationId: 'cancelOrder',
    what: 'refuses a stale If-Match',
    answer: 412,
    call: async (given) => cancel((await given.order()).id, json({}, STALE_IF_MATCH)),
  },
  {
    operationId: 'cancelOrder',
    what: 'refuses a body over 1 MiB',
    answer: 413,
    forbiddenByDocument: true,
    call: async (given) => cancel((await given.order()).id, json({ reason: OVER_ONE_MIB })),
  },
  {
    operationId: 'cancelOrder',
    what: 'refuses a body that is not JSON',
    answer: 415,
    forbiddenByDocument: true,
    call: async (given) => cancel((await given.order()).id, plainText),
  },

  {
    operationId: 'deleteOrder',
    what: 'cancels without a reason',
    answer: 200,
    call: async (given) => remove((await given.order()).id),
  },
  {
    operationId: 'deleteOrder',
    // The document declares no body, so Prism itself refuses one: the service must not drop a reason unread.
    what: 'refuses a body, which it does not declare',
    answer: 400,
    forbiddenByDocument: true,
    call: async (given) => remove((await given.order()).id, json({ reason: 'changed my mind' })),
  },
  {
    operationId: 'deleteOrder',
    what: 'refuses an unknown order',
    answer: 404,
    call: async () => remove(UNKNOWN_ID),
  },
  {
    operationId: 'deleteOrder',
    what: 'refuses an order already cancelled',
    answer: 409,
    call: async (given) => remove((await given.order('cancelled')).id),
  },
  {
    operationId: 'deleteOrder',
    what: 'refuses a stale If-Match',
    answer: 412,
    call: async (given) => remove((await given.order()).id, { headers: STALE_IF_MATCH }),
  },
];
