import { describe, expect, it } from 'vitest';
import { SystemClock } from '../../src/adapters/system/system-clock.js';
import type { Clock } from '../../src/ports/outbound/clock.js';
import { FixedClock } from '../support/fixed-clock.js';

/** What every Clock promises its callers. */
function clockContract(name: string, fresh: () => Clock): void {
  describe(`Clock contract: ${name}`, () => {
    it('returns a valid Date', () => {
      const now = fresh().now();
      expect(now).toBeInstanceOf(Date);
      expect(Number.isNaN(now.getTime())).toBe(false);
    });

    it('returns a fresh Date on every call', () => {
      const clock = fresh();
      const first = clock.now();
      const second = clock.now();
      expect(second).not.toBe(first);
      expect(second.getTime()).toBeGreaterThanOrEqual(first.getTime());
    });

    it('cannot be changed by a caller that mutates the Date it was given', () => {
      const clock = fresh();
      const given = clock.now();
      const before = given.getTime();
      given.setTime(0);
      given.setFullYear(1970);
      const later = clock.now();
      expect(later.getTime()).toBeGreaterThanOrEqual(before);
      expect(later).not.toBe(given);
    });
  });
}

clockContract('SystemClock', () => new SystemClock());
clockContract('FixedClock (test support)', () => new FixedClock());

describe('SystemClock', () => {
  it('tells the current time', () => {
    const clock = new SystemClock();
    const before = Date.now();
    const now = clock.now().getTime();
    const after = Date.now();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(after);
  });
});
