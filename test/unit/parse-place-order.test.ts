import { describe, expect, it } from 'vitest';
import { ValidationError, type FieldIssue } from '../../src/domain/model/errors/validation-error.js';
import { parseCancellationReason } from '../../src/domain/model/values/cancellation-reason.js';
import { totalOf, type RawOrderLine } from '../../src/domain/model/values/order-lines.js';
import { parsePlaceOrder, type PlaceOrderInput } from '../../src/domain/use-cases/place-order/parse-place-order.js';
import type { PlaceOrderCommand } from '../../src/ports/inbound/place-order-use-case.js';
import { unwrapError } from '../support/order-commands.js';

function input(overrides: Partial<PlaceOrderInput> = {}): PlaceOrderInput {
  return {
    customerId: 'c-1',
    customerEmail: 'ann@example.com',
    items: [{ sku: 'A-1', quantity: 2, unitPrice: 1250 }],
    ...overrides,
  };
}

function line(overrides: Partial<RawOrderLine> = {}): RawOrderLine {
  return { sku: 'A-1', quantity: 1, unitPrice: 100, ...overrides };
}

/** n lines with distinct skus, each worth 1 minor unit. */
function lines(n: number): RawOrderLine[] {
  return Array.from({ length: n }, (_, index) => line({ sku: `SKU-${index}`, unitPrice: 1 }));
}

function accepted(candidate: PlaceOrderInput): PlaceOrderCommand {
  const parsed = parsePlaceOrder(candidate);
  if (!parsed.ok) throw new Error(`expected acceptance, got ${JSON.stringify(parsed.error.issues)}`);
  return parsed.value;
}

function issuesOf(candidate: PlaceOrderInput): readonly FieldIssue[] {
  const error = unwrapError(parsePlaceOrder(candidate));
  expect(error).toBeInstanceOf(ValidationError);
  for (const issue of error.issues) expect(issue.message.length).toBeGreaterThan(0);
  return error.issues;
}

/** Asserts the candidate is refused with exactly one issue, at `path`. */
function expectRefusedAt(candidate: PlaceOrderInput, path: FieldIssue['path']): FieldIssue {
  const issues = issuesOf(candidate);
  expect(issues.map((issue) => issue.path)).toEqual([path]);
  return issues[0] as FieldIssue;
}

describe('parsePlaceOrder', () => {
  it('accepts a valid order and normalizes it', () => {
    const command = accepted(input());
    expect(command).toEqual({
      customerId: 'c-1',
      customerEmail: 'ann@example.com',
      items: [{ sku: 'A-1', quantity: 2, unitPrice: 1250 }],
      currency: 'USD',
    });
    expect(totalOf(command.items)).toBe(2500);
  });

  it('keeps only sku, quantity and unitPrice of each line', () => {
    const withNote = { sku: 'A-1', quantity: 1, unitPrice: 5, note: 'extra' };
    expect(accepted(input({ items: [withNote] })).items).toEqual([{ sku: 'A-1', quantity: 1, unitPrice: 5 }]);
  });

  it('refuses with a VALIDATION_FAILED error that names each field by its path in the command', () => {
    const error = unwrapError(
      parsePlaceOrder(input({ customerId: ' ', items: [{ sku: 'A', quantity: 0, unitPrice: 1 }] })),
    );
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.issues.map((issue) => issue.path)).toEqual([['customerId'], ['items', 0, 'quantity']]);
    expect(error.message).toContain('customerId');
    expect(error.message).toContain('items.0.quantity');
  });
});

describe('customerId', () => {
  it('may be left out (absent or null): the command then names no customer, which the actor decides', () => {
    const { customerId: _none, ...unnamed } = input();
    expect(accepted(unnamed)).not.toHaveProperty('customerId');
    expect(accepted(input({ customerId: null }))).not.toHaveProperty('customerId');
  });

  it('is refused when empty or blank, rather than taken as left out', () => {
    expectRefusedAt(input({ customerId: '' }), ['customerId']);
    expectRefusedAt(input({ customerId: '   ' }), ['customerId']);
  });

  it('counts characters, not UTF-16 units: 64 emoji are a valid customerId, 65 are not', () => {
    expect(accepted(input({ customerId: '😀'.repeat(64) })).customerId).toBe('😀'.repeat(64));
    expectRefusedAt(input({ customerId: '😀'.repeat(65) }), ['customerId']);
  });

  it('is trimmed', () => {
    expect(accepted(input({ customerId: '  c-1\t ' })).customerId).toBe('c-1');
  });

  it.each([
    ['1 character', 'c'],
    ['64 characters', 'c'.repeat(64)],
  ])('accepts %s', (_label, customerId) => {
    expect(accepted(input({ customerId })).customerId).toBe(customerId);
  });

  it('accepts 64 characters surrounded by whitespace, counting after trimming', () => {
    const id = 'c'.repeat(64);
    expect(accepted(input({ customerId: `   ${id}   ` })).customerId).toBe(id);
  });

  it('refuses 65 characters', () => {
    expect(expectRefusedAt(input({ customerId: 'c'.repeat(65) }), ['customerId']).message).toMatch(/64/);
  });

  it.each([
    ['an empty', ''],
    ['a whitespace-only', '   \t\n '],
  ])('refuses %s customerId', (_label, customerId) => {
    expectRefusedAt(input({ customerId }), ['customerId']);
  });
});

describe('customerEmail', () => {
  // 64 + 1 + 189 = 254 characters; every domain label within 63.
  const email254 = `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`;

  it.each([
    'ann@example.com',
    'x@a.io',
    'first.last+tag@sub.example.co.uk',
    "o'brien@example.ie",
    'UPPER_case-1@Example-Host.COM',
  ])('accepts %s', (customerEmail) => {
    expect(accepted(input({ customerEmail })).customerEmail).toBe(customerEmail);
  });

  it('accepts an address of exactly 254 characters', () => {
    expect(email254).toHaveLength(254);
    expect(accepted(input({ customerEmail: email254 })).customerEmail).toBe(email254);
  });

  it('refuses an address of 255 characters', () => {
    const email255 = `${email254.slice(0, -1)}dd`;
    expect(email255).toHaveLength(255);
    expect(expectRefusedAt(input({ customerEmail: email255 }), ['customerEmail']).message).toMatch(/254/);
  });

  it.each([
    ['empty', ''],
    ['without an @', 'ann.example.com'],
    ['without a local part', '@example.com'],
    ['without a domain', 'ann@'],
    ['with two @', 'ann@@example.com'],
    ['with a space in the local part', 'ann smith@example.com'],
    ['with a space in the domain', 'ann@exa mple.com'],
    ['with surrounding whitespace', ' ann@example.com '],
    ['with a local part starting with a dot', '.ann@example.com'],
    ['with a local part ending with a dot', 'ann.@example.com'],
    ['with two dots in a row in the local part', 'an..n@example.com'],
    ['with a local part of 65 characters', `${'a'.repeat(65)}@example.com`],
    ['with a domain label starting with a hyphen', 'ann@-example.com'],
    ['with a domain label ending with a hyphen', 'ann@example-.com'],
    ['with an empty domain label', 'ann@example..com'],
    ['with a domain label of 64 characters', `ann@${'b'.repeat(64)}.com`],
    ['with a host without a dot', 'ann@localhost'],
    ['with a display name', 'Ann <ann@example.com>'],
    ['with a line break', 'ann@example.com\nBcc: eve@example.com'],
  ])('refuses an address %s', (_label, customerEmail) => {
    expectRefusedAt(input({ customerEmail }), ['customerEmail']);
  });
});

describe('items', () => {
  it('refuses an empty list', () => {
    expect(expectRefusedAt(input({ items: [] }), ['items']).message).toMatch(/1\.\.100/);
  });

  it('accepts 1 line', () => {
    expect(accepted(input({ items: lines(1) })).items).toHaveLength(1);
  });

  it('accepts 100 lines', () => {
    const command = accepted(input({ items: lines(100) }));
    expect(command.items).toHaveLength(100);
    expect(totalOf(command.items)).toBe(100);
  });

  it('refuses 101 lines', () => {
    expectRefusedAt(input({ items: lines(101) }), ['items']);
  });

  it('keeps the lines in the order given', () => {
    const command = accepted(input({ items: [line({ sku: 'Z' }), line({ sku: 'A' }), line({ sku: 'M' })] }));
    expect(command.items.map((item) => item.sku)).toEqual(['Z', 'A', 'M']);
  });

  it('hands out lines that cannot be changed', () => {
    const command = accepted(input());
    expect(Object.isFrozen(command.items)).toBe(true);
    expect(Object.isFrozen(command.items[0])).toBe(true);
  });
});

describe('sku', () => {
  it.each([
    ['1 character', 'A'],
    ['64 characters', 'S'.repeat(64)],
    ['every allowed character class', 'azAZ09._-'],
    ['digits only', '12345'],
  ])('accepts %s', (_label, sku) => {
    expect(accepted(input({ items: [line({ sku })] })).items[0]?.sku).toBe(sku);
  });

  it.each([
    ['empty', ''],
    ['65 characters', 'S'.repeat(65)],
    ['with a space', 'A 1'],
    ['with a leading space', ' A1'],
    ['with a unicode letter', 'Ä-1'],
    ['with an emoji', 'A😀'],
    ['with a slash', 'A/1'],
    ['with a backslash', 'A\\1'],
    ['with a line break', 'A1\n'],
    ['with HTML', '<b>'],
  ])('refuses a sku %s, at its line', (_label, sku) => {
    expectRefusedAt(input({ items: [line({ sku: 'OK' }), line({ sku })] }), ['items', 1, 'sku']);
  });

  it('refuses a repeated sku at the index of its second occurrence', () => {
    const issue = expectRefusedAt(
      input({ items: [line({ sku: 'A-1' }), line({ sku: 'B-2' }), line({ sku: 'A-1' })] }),
      ['items', 2, 'sku'],
    );
    expect(issue.message).toContain('A-1');
  });

  it('reports each repetition of a sku', () => {
    const issues = issuesOf(input({ items: [line({ sku: 'A' }), line({ sku: 'A' }), line({ sku: 'A' })] }));
    expect(issues.map((issue) => issue.path)).toEqual([
      ['items', 1, 'sku'],
      ['items', 2, 'sku'],
    ]);
  });

  it('tells skus apart by case', () => {
    expect(accepted(input({ items: [line({ sku: 'abc' }), line({ sku: 'ABC' })] })).items).toHaveLength(2);
  });
});

describe('quantity', () => {
  it.each([1, 2, 9_999, 10_000])('accepts %d', (quantity) => {
    expect(accepted(input({ items: [line({ quantity })] })).items[0]?.quantity).toBe(quantity);
  });

  it.each([
    ['0', 0],
    ['10001', 10_001],
    ['a fraction (1.5)', 1.5],
    ['negative (-1)', -1],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
  ])('refuses %s', (_label, quantity) => {
    const issue = expectRefusedAt(input({ items: [line({ quantity })] }), ['items', 0, 'quantity']);
    expect(issue.message).toMatch(/1\.\.10000/);
  });
});

describe('unitPrice', () => {
  it('accepts 0 when another line makes the total positive', () => {
    const command = accepted(
      input({ items: [line({ sku: 'FREE', unitPrice: 0 }), line({ sku: 'PAID', unitPrice: 1 })] }),
    );
    expect(command.items[0]?.unitPrice).toBe(0);
    expect(totalOf(command.items)).toBe(1);
  });

  it('accepts 1000000000', () => {
    expect(accepted(input({ items: [line({ unitPrice: 1_000_000_000 })] })).items[0]?.unitPrice).toBe(1_000_000_000);
  });

  it.each([
    ['-1', -1],
    ['1000000001', 1_000_000_001],
    ['a fraction (0.5)', 0.5],
    ['a price in major units (12.34)', 12.34],
    ['NaN', Number.NaN],
  ])('refuses %s', (_label, unitPrice) => {
    expectRefusedAt(input({ items: [line({ unitPrice })] }), ['items', 0, 'unitPrice']);
  });
});

describe('currency', () => {
  it.each([
    ['missing', undefined],
    ['null', null],
  ])('defaults to USD when %s', (_label, currency) => {
    expect(accepted(input({ currency })).currency).toBe('USD');
  });

  it.each(['USD', 'EUR', 'JPY', 'GBP', 'CHF'])('accepts %s', (currency) => {
    expect(accepted(input({ currency })).currency).toBe(currency);
  });

  it.each([
    ['lower case', 'usd'],
    ['mixed case', 'Eur'],
    ['too short', 'US'],
    ['too long', 'USDD'],
    ['not an ISO 4217 code', 'XYZ'],
    ['empty', ''],
    ['padded', ' USD'],
  ])('refuses a currency that is %s', (_label, currency) => {
    expect(expectRefusedAt(input({ currency }), ['currency']).message).toMatch(/ISO 4217/);
  });
});

describe('total', () => {
  it('is the sum of quantity times unitPrice over every line', () => {
    const command = accepted(
      input({
        items: [
          line({ sku: 'A', quantity: 2, unitPrice: 1250 }),
          line({ sku: 'B', quantity: 3, unitPrice: 99 }),
          line({ sku: 'C', quantity: 1, unitPrice: 0 }),
        ],
      }),
    );
    expect(totalOf(command.items)).toBe(2 * 1250 + 3 * 99);
  });

  it('refuses a total of 0 when every unit price is 0, at the items', () => {
    const issue = expectRefusedAt(
      input({ items: [line({ sku: 'A', unitPrice: 0 }), line({ sku: 'B', quantity: 5, unitPrice: 0 })] }),
      ['items'],
    );
    expect(issue.message).toMatch(/total/);
  });

  it('accepts a total of exactly 1000000000', () => {
    const command = accepted(input({ items: [line({ quantity: 10_000, unitPrice: 100_000 })] }));
    expect(totalOf(command.items)).toBe(1_000_000_000);
  });

  it('refuses a total of 1000000001', () => {
    const issue = expectRefusedAt(
      input({ items: [line({ sku: 'A', unitPrice: 1_000_000_000 }), line({ sku: 'B', unitPrice: 1 })] }),
      ['items'],
    );
    expect(issue.message).toContain('1000000001');
  });

  it('refuses a total far beyond the bound without losing precision', () => {
    const issue = expectRefusedAt(input({ items: [line({ quantity: 10_000, unitPrice: 1_000_000_000 })] }), ['items']);
    expect(issue.message).toContain('10000000000000');
  });
});

describe('idempotencyKey', () => {
  it.each([
    ['missing', undefined],
    ['null', null],
  ])('is left out of the command when %s', (_label, idempotencyKey) => {
    expect(accepted(input({ idempotencyKey }))).not.toHaveProperty('idempotencyKey');
  });

  it.each(['a', ' ~', 'x'.repeat(255)])('accepts %j', (idempotencyKey) => {
    expect(accepted(input({ idempotencyKey })).idempotencyKey).toBe(idempotencyKey);
  });

  it.each([
    ['empty', ''],
    ['256 characters long', 'k'.repeat(256)],
    ['not printable ASCII', 'clé'],
    ['a control character', 'key\n'],
    ['a DEL character', '\u007f'],
  ])('refuses a key that is %s', (_label, idempotencyKey) => {
    const issue = expectRefusedAt(input({ idempotencyKey }), ['idempotencyKey']);
    expect(issue.message).toBe('must be 1..255 printable ASCII characters');
  });
});

describe('several broken rules', () => {
  it('are reported together, one issue per broken field', () => {
    const issues = issuesOf({
      customerId: '',
      customerEmail: 'not-an-email',
      currency: 'usd',
      idempotencyKey: '',
      items: [
        { sku: 'bad sku', quantity: 1, unitPrice: 1 },
        { sku: 'OK', quantity: 0, unitPrice: -5 },
      ],
    });
    expect(issues.map((issue) => issue.path)).toEqual([
      ['customerId'],
      ['customerEmail'],
      ['items', 0, 'sku'],
      ['items', 1, 'quantity'],
      ['items', 1, 'unitPrice'],
      ['currency'],
      ['idempotencyKey'],
    ]);
  });

  it('include a total out of bounds beside other fields', () => {
    const issues = issuesOf(input({ customerEmail: 'ann@', items: [line({ unitPrice: 0 })], currency: 'XYZ' }));
    expect(issues.map((issue) => issue.path)).toEqual([['customerEmail'], ['items'], ['currency']]);
  });
});

describe('text that every store can keep', () => {
  it.each([
    ['a NUL character', 'a\u0000b'],
    ['a lone high surrogate', 'a\ud800'],
    ['a lone low surrogate', '\udc00b'],
  ])('refuses a customerId with %s', (_name, customerId) => {
    expectRefusedAt(input({ customerId }), ['customerId']);
  });

  it('accepts paired surrogates (emoji)', () => {
    expect(accepted(input({ customerId: 'c-😀' })).customerId).toBe('c-😀');
  });

  it('refuses a cancellation reason with a NUL character or a lone surrogate', () => {
    for (const reason of ['x\u0000y', 'x\ud800']) expect(parseCancellationReason(reason).ok).toBe(false);
  });
});
