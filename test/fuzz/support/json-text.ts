/**
 * JSON bodies as text, so that a fuzzed body can hold what `JSON.stringify` cannot write: number literals
 * beyond a double (`1e400`), `-0`, nesting thousands of levels deep, an own `__proto__` key.
 */

/** A fragment of JSON text inserted as it is. */
export class RawJson {
  constructor(readonly text: string) {}

  toString(): string {
    return this.text.length > 120
      ? `RawJson(${this.text.slice(0, 60)}…${this.text.length} chars)`
      : `RawJson(${this.text})`;
  }
}

/** Serializes a value that may contain `RawJson` fragments; other values as `JSON.stringify` would. */
export function toJsonText(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value))
    return `[${value.map((entry) => (entry === undefined ? 'null' : toJsonText(entry))).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const parts: string[] = [];
    for (const key of Object.keys(value)) {
      const entry = (value as Record<string, unknown>)[key];
      if (entry === undefined || typeof entry === 'function' || typeof entry === 'symbol') continue;
      parts.push(`${JSON.stringify(key)}:${toJsonText(entry)}`);
    }
    return `{${parts.join(',')}}`;
  }
  if (typeof value === 'bigint') return value.toString();
  return JSON.stringify(value) ?? 'null';
}

/** Every string (keys included) inside a JSON text, without recursion: deep bodies must not overflow the stack. */
export function stringsInJson(text: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  const found: string[] = [];
  const stack: unknown[] = [parsed];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value === 'string') found.push(value);
    else if (Array.isArray(value)) stack.push(...(value as unknown[]));
    else if (value !== null && typeof value === 'object') {
      for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
        found.push(key);
        stack.push(entry);
      }
    }
  }
  return found;
}

/** Turns anything fast-check makes (`fc.anything`) into a JSON-able value: no undefined, bigint, symbol, function. */
export function jsonable(value: unknown, depth = 0): unknown {
  if (depth > 50) return null;
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return null;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (Array.isArray(value)) return (value as unknown[]).map((entry) => jsonable(entry, depth + 1));
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (value instanceof Map || value instanceof Set) return [...value].map((entry) => jsonable(entry, depth + 1));
  if (value !== null && typeof value === 'object') {
    const result: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      // An own property, even when named __proto__ (a plain assignment would set the prototype instead).
      Object.defineProperty(result, key, {
        value: jsonable((value as Record<string, unknown>)[key], depth + 1),
        enumerable: true,
        configurable: true,
        writable: true,
      });
    }
    return result;
  }
  return value;
}
