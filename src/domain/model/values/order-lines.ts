import type { FieldIssue } from '../errors/validation-error.js';
import { fail, ok, type Result } from '../result.js';
import { parseTotal, parseUnitPrice, type Money } from './money.js';
import { parseQuantity, type Quantity } from './quantity.js';
import { parseSku, type Sku } from './sku.js';

/** One line of an order: `quantity` units of `sku` at `unitPrice` each. */
interface ValidOrderLine {
  readonly sku: Sku;
  readonly quantity: Quantity;
  readonly unitPrice: Money;
}

/** The lines of an order: 1..100 lines, each sku at most once, a total of 1..1e9 minor units. */
export type OrderLines = readonly ValidOrderLine[] & { readonly brand: 'OrderLines' };

/** A line as an input adapter receives it. */
export interface RawOrderLine {
  readonly sku: string;
  readonly quantity: number;
  readonly unitPrice: number;
}

export const MIN_LINES = 1;
export const MAX_LINES = 100;

/** Every broken rule is reported; paths are relative to the list: [] for the list, [index, field] for a line. */
export function parseOrderLines(raw: readonly RawOrderLine[]): Result<OrderLines, FieldIssue[]> {
  if (raw.length < MIN_LINES || raw.length > MAX_LINES) {
    return fail([{ path: [], message: `must hold ${MIN_LINES}..${MAX_LINES} lines` }]);
  }
  const issues: FieldIssue[] = [];
  const lines: ValidOrderLine[] = [];
  const seen = new Set<string>();
  raw.forEach((candidate, index) => {
    const line = parseLine(candidate, index, issues);
    if (!line) return;
    if (seen.has(line.sku)) {
      issues.push({ path: [index, 'sku'], message: `repeats sku ${line.sku}; each sku appears once` });
      return;
    }
    seen.add(line.sku);
    lines.push(line);
  });
  if (issues.length > 0) return fail(issues);
  const orderLines = Object.freeze(lines.map((line) => Object.freeze(line))) as OrderLines;
  const total = parseTotal(totalOf(orderLines));
  if (!total.ok) return fail([{ path: [], message: total.error }]);
  return ok(orderLines);
}

/** What the lines cost together. */
export function totalOf(lines: OrderLines): Money {
  return lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0) as Money;
}

function parseLine(raw: RawOrderLine, index: number, issues: FieldIssue[]): ValidOrderLine | undefined {
  const sku = parseSku(raw.sku);
  const quantity = parseQuantity(raw.quantity);
  const unitPrice = parseUnitPrice(raw.unitPrice);
  if (!sku.ok) issues.push({ path: [index, 'sku'], message: sku.error });
  if (!quantity.ok) issues.push({ path: [index, 'quantity'], message: quantity.error });
  if (!unitPrice.ok) issues.push({ path: [index, 'unitPrice'], message: unitPrice.error });
  if (!sku.ok || !quantity.ok || !unitPrice.ok) return undefined;
  return { sku: sku.value, quantity: quantity.value, unitPrice: unitPrice.value };
}
