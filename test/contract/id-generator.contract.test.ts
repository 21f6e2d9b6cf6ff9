import { describe, expect, it } from 'vitest';
import { RandomIdGenerator } from '../../src/adapters/system/random-id-generator.js';
import { parseOrderId } from '../../src/domain/model/values/order-id.js';
import type { IdGenerator } from '../../src/ports/outbound/id-generator.js';
import { SequentialIds } from '../support/sequential-ids.js';

/** RFC 4122 (RFC 9562) version 4, variant 10xx, in the canonical lower-case form. */
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** What every IdGenerator promises its callers. */
function idGeneratorContract(name: string, fresh: () => IdGenerator): void {
  describe(`IdGenerator contract: ${name}`, () => {
    it('hands out RFC 4122 version 4 UUIDs that name an order', () => {
      const generator = fresh();
      for (let index = 0; index < 1_000; index++) {
        const id = generator.next();
        expect(id).toMatch(UUID_V4);
        expect(parseOrderId(id).ok).toBe(true);
      }
    });

    it('never hands out the same id twice in 10,000', () => {
      const generator = fresh();
      const ids = Array.from({ length: 10_000 }, () => generator.next());
      expect(new Set(ids).size).toBe(10_000);
    });
  });
}

idGeneratorContract('RandomIdGenerator', () => new RandomIdGenerator());
idGeneratorContract('SequentialIds (test support)', () => new SequentialIds());

describe('RandomIdGenerator', () => {
  it('does not repeat across instances', () => {
    const ids = Array.from({ length: 1_000 }, () => new RandomIdGenerator().next());
    expect(new Set(ids).size).toBe(1_000);
  });
});
