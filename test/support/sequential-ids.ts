import type { IdGenerator } from '../../src/ports/outbound/id-generator.js';

/**
 * Predictable, valid (version 4, RFC 4122 variant) UUIDs:
 * 00000000-0000-4000-8000-000000000001, ...-000000000002, ... in hexadecimal.
 */
export class SequentialIds implements IdGenerator {
  private counter: number;

  /** `start` is the number of the first id handed out. */
  constructor(start = 1) {
    this.counter = start;
  }

  /** The UUID with sequence number `n`. */
  static uuid(n: number): string {
    if (!Number.isSafeInteger(n) || n < 0 || n > 0xffff_ffff_ffff)
      throw new RangeError(`no sequential UUID number ${n}`);
    return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
  }

  next(): string {
    const id = SequentialIds.uuid(this.counter);
    this.counter += 1;
    return id;
  }

  /** The number of the id `next()` will hand out. */
  peek(): number {
    return this.counter;
  }
}
