import type { FieldIssue } from './errors.js';
import type { OrderLine } from './order.js';

/** The bounds of SPEC §3. Input adapters reuse them to document their schemas; only the core enforces them. */
export const OrderLimits = {
  customerIdMaxLength: 64,
  customerEmailMaxLength: 254,
  minItems: 1,
  maxItems: 100,
  skuMaxLength: 64,
  skuPattern: '^[A-Za-z0-9._-]+$',
  quantityMin: 1,
  quantityMax: 10_000,
  unitPriceMin: 0,
  unitPriceMax: 1_000_000_000,
  totalMin: 1,
  totalMax: 1_000_000_000,
  currencyPattern: '^[A-Z]{3}$',
  defaultCurrency: 'USD',
  cancellationReasonMaxLength: 500,
  pageSizeDefault: 20,
  pageSizeMax: 100,
} as const;

const SKU = new RegExp(OrderLimits.skuPattern);
const CURRENCY = new RegExp(OrderLimits.currencyPattern);
// The WHATWG form-validation grammar, with a dotted domain: what browsers accept, minus intranet hosts.
const EMAIL =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
// ICU's list of ISO 4217 currencies in circulation; a constant of the runtime, not I/O.
const ISO_4217 = new Set(Intl.supportedValuesOf('currency'));

export interface ValidNewOrder {
  readonly customerId: string;
  readonly customerEmail: string;
  readonly items: readonly OrderLine[];
  readonly currency: string;
  readonly total: number;
}

/** Checks a new order against every rule of SPEC §3; returns the normalized order or every issue found. */
export function checkNewOrder(input: {
  readonly customerId: unknown;
  readonly customerEmail: unknown;
  readonly items: unknown;
  readonly currency?: unknown;
}): { readonly order: ValidNewOrder } | { readonly issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const customerId = typeof input.customerId === 'string' ? input.customerId.trim() : '';
  if (typeof input.customerId !== 'string') {
    issues.push({ path: '/customerId', message: 'must be a string' });
  } else if (lengthOf(customerId) < 1 || lengthOf(customerId) > OrderLimits.customerIdMaxLength) {
    issues.push({
      path: '/customerId',
      message: `must be 1..${OrderLimits.customerIdMaxLength} characters after trimming`,
    });
  } else if (!isText(customerId)) {
    issues.push({ path: '/customerId', message: TEXT_MESSAGE });
  }

  const customerEmail = typeof input.customerEmail === 'string' ? input.customerEmail : '';
  if (!isEmailAddress(customerEmail)) {
    issues.push({
      path: '/customerEmail',
      message: `must be a valid e-mail address of up to ${OrderLimits.customerEmailMaxLength} characters`,
    });
  }

  const currency =
    input.currency === undefined || input.currency === null ? OrderLimits.defaultCurrency : input.currency;
  if (typeof currency !== 'string' || !CURRENCY.test(currency) || !ISO_4217.has(currency)) {
    issues.push({ path: '/currency', message: 'must be an ISO 4217 currency code of 3 upper-case letters' });
  }

  const items: OrderLine[] = [];
  if (!Array.isArray(input.items)) {
    issues.push({ path: '/items', message: 'must be a list of order lines' });
  } else if (input.items.length < OrderLimits.minItems || input.items.length > OrderLimits.maxItems) {
    issues.push({ path: '/items', message: `must hold ${OrderLimits.minItems}..${OrderLimits.maxItems} lines` });
  } else {
    const seen = new Set<string>();
    const lines: readonly unknown[] = input.items;
    // An index loop, not forEach: a sparse array's holes are lines too, and refused as such.
    for (let index = 0; index < lines.length; index++) {
      const line = checkLine(lines[index], `/items/${index}`, issues);
      if (!line) continue;
      if (seen.has(line.sku)) {
        issues.push({ path: `/items/${index}/sku`, message: `repeats sku ${line.sku}; each sku appears once` });
        continue;
      }
      seen.add(line.sku);
      items.push(line);
    }
  }

  let total = 0;
  for (const line of items) total += line.quantity * line.unitPrice;
  if (issues.length === 0 && (total < OrderLimits.totalMin || total > OrderLimits.totalMax)) {
    issues.push({
      path: '/items',
      message: `total ${total} must be ${OrderLimits.totalMin}..${OrderLimits.totalMax} minor units`,
    });
  }

  if (issues.length > 0) return { issues };
  return { order: { customerId, customerEmail, items, currency: currency as string, total } };
}

/** Checks a cancellation reason; an empty or blank reason counts as none. */
export function checkCancellationReason(
  reason: unknown,
): { readonly reason: string | null } | { readonly issues: FieldIssue[] } {
  if (reason === undefined || reason === null) return { reason: null };
  if (typeof reason !== 'string') return { issues: [{ path: '/reason', message: 'must be a string' }] };
  const trimmed = reason.trim();
  if (!isText(trimmed)) return { issues: [{ path: '/reason', message: TEXT_MESSAGE }] };
  if (lengthOf(trimmed) > OrderLimits.cancellationReasonMaxLength) {
    return {
      issues: [{ path: '/reason', message: `must be at most ${OrderLimits.cancellationReasonMaxLength} characters` }],
    };
  }
  return { reason: trimmed === '' ? null : trimmed };
}

const TEXT_MESSAGE = 'must be text: no NUL character and no unpaired UTF-16 surrogate';
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether a string is text every store can keep: PostgreSQL refuses NUL, and JSON refuses lone surrogates. */
export function isText(value: string): boolean {
  return !value.includes('\u0000') && !LONE_SURROGATE.test(value);
}

/** Length in characters (code points), as a reader and PostgreSQL's char_length count them. */
export function lengthOf(value: string): number {
  let count = 0;
  for (const _ of value) count++;
  return count;
}

export function isEmailAddress(value: string): boolean {
  if (value.length > OrderLimits.customerEmailMaxLength || !EMAIL.test(value)) return false;
  const local = value.slice(0, value.lastIndexOf('@'));
  return local.length <= 64 && !local.startsWith('.') && !local.endsWith('.') && !local.includes('..');
}

function checkLine(raw: unknown, path: string, issues: FieldIssue[]): OrderLine | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    issues.push({ path, message: 'must be an object with sku, quantity and unitPrice' });
    return undefined;
  }
  const { sku, quantity, unitPrice } = raw as Record<string, unknown>;
  const before = issues.length;
  if (typeof sku !== 'string' || sku.length < 1 || sku.length > OrderLimits.skuMaxLength || !SKU.test(sku)) {
    issues.push({
      path: `${path}/sku`,
      message: `must be 1..${OrderLimits.skuMaxLength} characters of A-Z, a-z, 0-9, '.', '_' or '-'`,
    });
  }
  if (!isIntegerIn(quantity, OrderLimits.quantityMin, OrderLimits.quantityMax)) {
    issues.push({
      path: `${path}/quantity`,
      message: `must be an integer ${OrderLimits.quantityMin}..${OrderLimits.quantityMax}`,
    });
  }
  if (!isIntegerIn(unitPrice, OrderLimits.unitPriceMin, OrderLimits.unitPriceMax)) {
    issues.push({
      path: `${path}/unitPrice`,
      message: `must be an integer ${OrderLimits.unitPriceMin}..${OrderLimits.unitPriceMax} (minor units)`,
    });
  }
  if (issues.length > before) return undefined;
  return { sku: sku as string, quantity: quantity as number, unitPrice: unitPrice as number };
}

function isIntegerIn(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}
