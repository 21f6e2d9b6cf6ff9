import { describe, expect, it } from 'vitest';
import type { FieldIssue, ValidationError } from '../../src/domain/model/errors/validation-error.js';
import type { Result } from '../../src/domain/model/result.js';
import { encodeOrderCursor } from '../../src/domain/model/values/order-cursor.js';
import { parseCancelOrder } from '../../src/domain/use-cases/cancel-order/parse-cancel-order.js';
import { parseConfirmOrder } from '../../src/domain/use-cases/confirm-order/parse-confirm-order.js';
import { parseDeliverOrder } from '../../src/domain/use-cases/deliver-order/parse-deliver-order.js';
import { parseGetOrder } from '../../src/domain/use-cases/get-order/parse-get-order.js';
import { parseListOrders } from '../../src/domain/use-cases/list-orders/parse-list-orders.js';
import { parseShipOrder } from '../../src/domain/use-cases/ship-order/parse-ship-order.js';
import { unwrap, unwrapError } from '../support/order-commands.js';

const ID = '00000000-0000-4000-8000-00000000002a';
const AT = new Date('2026-01-01T12:34:56.789Z');

function pathsOf(result: Result<unknown, ValidationError>): FieldIssue['path'][] {
  const error = unwrapError(result);
  expect(error.code).toBe('VALIDATION_FAILED');
  for (const issue of error.issues) expect(issue.message.length).toBeGreaterThan(0);
  return error.issues.map((issue) => issue.path);
}

const MALFORMED_IDS = [
  ['an empty id', ''],
  ['a word', 'order-1'],
  ['a UUID without hyphens', '00000000000040008000000000000001'],
  ['a UUID with a trailing character', '00000000-0000-4000-8000-0000000000011'],
  ['a UUID with whitespace', ' 00000000-0000-4000-8000-000000000001'],
  ['an SQL fragment', "1' OR '1'='1"],
];

describe('parseGetOrder', () => {
  it('reads an id in upper case as the order it spells in lower case', () => {
    expect(unwrap(parseGetOrder({ orderId: ID.toUpperCase() }))).toEqual({ orderId: ID });
  });

  it.each(MALFORMED_IDS)('refuses %s at orderId', (_label, orderId) => {
    expect(pathsOf(parseGetOrder({ orderId }))).toEqual([['orderId']]);
  });
});

describe.each([
  ['parseConfirmOrder', parseConfirmOrder],
  ['parseShipOrder', parseShipOrder],
  ['parseDeliverOrder', parseDeliverOrder],
])('%s', (_name, parse) => {
  it('reads the order id and leaves out an absent expectedVersion', () => {
    expect(unwrap(parse({ orderId: ID.toUpperCase() }))).toEqual({ orderId: ID });
    expect(unwrap(parse({ orderId: ID, expectedVersion: null }))).toEqual({ orderId: ID });
  });

  it.each([3, 0, -1])('keeps the expectedVersion %d: a version the order never had is a mismatch later', (version) => {
    expect(unwrap(parse({ orderId: ID, expectedVersion: version }))).toEqual({ orderId: ID, expectedVersion: version });
  });

  it('refuses a malformed id and an expectedVersion that is not a whole number, together', () => {
    expect(pathsOf(parse({ orderId: 'nope', expectedVersion: 1.5 }))).toEqual([['orderId'], ['expectedVersion']]);
  });
});

describe('parseCancelOrder', () => {
  const reasonOf = (reason: string | null | undefined) => unwrap(parseCancelOrder({ orderId: ID, reason })).reason;

  it('trims the reason', () => {
    expect(reasonOf('  found it cheaper ')).toBe('found it cheaper');
  });

  it.each([
    ['missing', undefined],
    ['null', null],
    ['empty', ''],
    ['blank', ' \t\n '],
  ])('reads a %s reason as none', (_label, reason) => {
    expect(reasonOf(reason)).toBeNull();
  });

  it('accepts exactly 500 characters, counting after trimming', () => {
    const reason = 'r'.repeat(500);
    expect(reasonOf(reason)).toBe(reason);
    expect(reasonOf(`  ${reason}  `)).toBe(reason);
  });

  it('refuses 501 characters at reason', () => {
    const error = unwrapError(parseCancelOrder({ orderId: ID, reason: 'r'.repeat(501) }));
    expect(error.issues).toEqual([{ path: ['reason'], message: 'must be at most 500 characters' }]);
  });

  it('reports a malformed id, a bad expectedVersion and a bad reason together', () => {
    const parsed = parseCancelOrder({ orderId: 'x', reason: 'x\u0000', expectedVersion: Number.NaN });
    expect(pathsOf(parsed)).toEqual([['orderId'], ['expectedVersion'], ['reason']]);
  });

  it('carries the expectedVersion when given', () => {
    expect(unwrap(parseCancelOrder({ orderId: ID, expectedVersion: 2 }))).toEqual({
      orderId: ID,
      reason: null,
      expectedVersion: 2,
    });
  });
});

describe('parseListOrders', () => {
  it('pages by 20 with no filter when given nothing', () => {
    expect(unwrap(parseListOrders({}))).toEqual({ limit: 20 });
    expect(unwrap(parseListOrders({ customerId: null, status: null, limit: null, cursor: null }))).toEqual({
      limit: 20,
    });
  });

  it('reads every filter, the limit and the cursor', () => {
    const cursor = encodeOrderCursor({ createdAt: AT, id: ID });
    expect(unwrap(parseListOrders({ customerId: ' ann ', status: 'shipped', limit: 5, cursor }))).toEqual({
      customerId: 'ann',
      status: 'shipped',
      limit: 5,
      cursor: { createdAt: AT, id: ID },
    });
  });

  it.each([1, 100])('accepts a limit of %d', (limit) => {
    expect(unwrap(parseListOrders({ limit })).limit).toBe(limit);
  });

  it.each([0, -1, 101, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses a limit of %d at limit', (limit) => {
    expect(pathsOf(parseListOrders({ limit }))).toEqual([['limit']]);
  });

  it.each(['PENDING', 'open', '', 'pending '])('refuses the status %j at status', (status) => {
    expect(pathsOf(parseListOrders({ status }))).toEqual([['status']]);
  });

  it.each([
    ['empty', ''],
    ['blank', '   '],
    ['65 characters', 'c'.repeat(65)],
  ])('refuses a customerId filter that is %s at customerId', (_label, customerId) => {
    expect(pathsOf(parseListOrders({ customerId }))).toEqual([['customerId']]);
  });

  it.each([
    ['garbage', 'not a cursor'],
    ['empty', ''],
    ['well-formed base64url of something else', Buffer.from('{"page":2}').toString('base64url')],
  ])('refuses a cursor that is %s at cursor', (_label, cursor) => {
    expect(pathsOf(parseListOrders({ cursor }))).toEqual([['cursor']]);
  });

  it('reports every bad parameter together', () => {
    expect(pathsOf(parseListOrders({ limit: 0, status: 'nope', cursor: '!!', customerId: '' }))).toEqual([
      ['customerId'],
      ['status'],
      ['limit'],
      ['cursor'],
    ]);
  });
});
