import { describe, expect, it } from 'vitest';
import {
  encodeOrderCursor as encodeCursor,
  parseOrderCursor,
  type OrderPosition,
} from '../../src/domain/model/values/order-cursor.js';
import { SequentialIds } from '../support/sequential-ids.js';

const ID = '00000000-0000-4000-8000-00000000002a';
const AT = '2026-01-01T12:34:56.789Z';

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

/** The position a cursor names, or undefined when it is refused. */
function decodeCursor(cursor: string): OrderPosition | undefined {
  const parsed = parseOrderCursor(cursor);
  return parsed.ok ? parsed.value : undefined;
}

function cursorOf(value: unknown): string {
  return base64url(JSON.stringify(value));
}

describe('encodeOrderCursor and parseOrderCursor', () => {
  it('round-trip a position', () => {
    const position: OrderPosition = { createdAt: new Date(AT), id: ID };
    expect(decodeCursor(encodeCursor(position))).toEqual(position);
  });

  it('round-trip positions across a range of times and ids', () => {
    const ids = new SequentialIds(0xfff0);
    for (let n = 0; n < 50; n++) {
      const position: OrderPosition = { createdAt: new Date(Date.UTC(2026, 0, 1) + n * 123_457), id: ids.next() };
      expect(decodeCursor(encodeCursor(position))).toEqual(position);
    }
  });

  it('round-trip the earliest and the latest instant of four-digit years', () => {
    for (const createdAt of [new Date('0000-01-01T00:00:00.000Z'), new Date(0), new Date('9999-12-31T23:59:59.999Z')]) {
      expect(decodeCursor(encodeCursor({ createdAt, id: ID }))).toEqual({ createdAt, id: ID });
    }
  });

  it('refuses a forged cursor whose instant JavaScript reads but no store can hold (years beyond 0000..9999)', () => {
    for (const at of ['+010000-01-01T00:00:00.000Z', '-000001-01-01T00:00:00.000Z', '-271821-04-20T00:00:00.000Z']) {
      expect(new Date(at).toISOString()).toBe(at);
      expect(decodeCursor(cursorOf([at, ID]))).toBeUndefined();
    }
  });

  it('produce only base64url characters, without padding', () => {
    const ids = new SequentialIds(1);
    for (let n = 0; n < 200; n++) {
      const cursor = encodeCursor({ createdAt: new Date(Date.UTC(2026, 0, 1) + n * 997), id: ids.next() });
      expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    }
  });

  it('are opaque: the cursor does not show the id or the time in clear', () => {
    const cursor = encodeCursor({ createdAt: new Date(AT), id: ID });
    expect(cursor).not.toContain(ID);
    expect(cursor).not.toContain('2026');
  });

  it('decode an upper-case id as lower case', () => {
    expect(decodeCursor(cursorOf([AT, ID.toUpperCase()]))).toEqual({ createdAt: new Date(AT), id: ID });
  });
});

describe('parseOrderCursor refuses', () => {
  it('with a message for whoever sent the cursor', () => {
    expect(parseOrderCursor('garbage')).toEqual({ ok: false, error: 'is not a cursor this service handed out' });
  });

  const valid = encodeCursor({ createdAt: new Date(AT), id: ID });

  it.each([
    ['an empty string', ''],
    ['plain text', 'not a cursor'],
    ['punctuation', '!!!'],
    ['a padded base64 string', `${valid}==`],
    ['standard base64 with +', 'ab+c'],
    ['standard base64 with /', 'ab/c'],
    ['a string longer than 200 characters', 'A'.repeat(201)],
    ['base64 of an impossible length', 'A'],
    ['base64 of text that is not JSON', base64url('hello world')],
    ['base64 of truncated JSON', base64url(`["${AT}","${ID}"`)],
  ])('%s', (_label, cursor) => {
    expect(decodeCursor(cursor)).toBeUndefined();
  });

  it('a cursor whose first character was changed', () => {
    const tampered = `${valid[0] === 'X' ? 'Y' : 'X'}${valid.slice(1)}`;
    expect(tampered).not.toBe(valid);
    expect(decodeCursor(tampered)).toBeUndefined();
  });

  it('a cursor with its last characters cut off', () => {
    expect(decodeCursor(valid.slice(0, -3))).toBeUndefined();
  });

  it('a cursor with characters appended', () => {
    expect(decodeCursor(`${valid}AAAA`)).toBeUndefined();
  });

  it.each([
    ['null', null],
    ['a string', 'cursor'],
    ['a number', 42],
    ['an object with the same fields', { createdAt: AT, id: ID }],
    ['an empty array', []],
    ['an array of one element', [AT]],
    ['an array of three elements', [AT, ID, 'extra']],
    ['a swapped pair', [ID, AT]],
    ['a numeric timestamp', [Date.parse(AT), ID]],
    ['a numeric id', [AT, 42]],
    ['nested arrays', [[AT], [ID]]],
  ])('a well-encoded cursor of the wrong shape: %s', (_label, value) => {
    expect(decodeCursor(cursorOf(value))).toBeUndefined();
  });

  it.each([
    ['not a UUID', 'not-a-uuid'],
    ['an empty id', ''],
    ['a UUID without hyphens', ID.replace(/-/g, '')],
    ['a UUID with a trailing character', `${ID}0`],
    ['a UUID in braces', `{${ID}}`],
    ['a UUID with a non-hex digit', ID.replace('2a', '2g')],
  ])('an invalid id: %s', (_label, id) => {
    expect(decodeCursor(cursorOf([AT, id]))).toBeUndefined();
  });

  it.each([
    ['without milliseconds', '2026-01-01T12:34:56Z'],
    ['a date only', '2026-01-01'],
    ['with an offset', '2026-01-01T13:34:56.789+01:00'],
    ['in lower case', '2026-01-01t12:34:56.789z'],
    ['a day that does not exist', '2026-02-30T00:00:00.000Z'],
    ['a month that does not exist', '2026-13-01T00:00:00.000Z'],
    ['not a date', 'yesterday'],
    ['empty', ''],
    ['with microseconds', '2026-01-01T12:34:56.789000Z'],
  ])('a date that is not canonical ISO 8601 UTC with milliseconds: %s', (_label, at) => {
    expect(decodeCursor(cursorOf([at, ID]))).toBeUndefined();
  });
});
