import { describe, expect, it } from 'vitest';
import { ExponentialRetrySchedule } from '../../src/adapters/resilience/exponential-retry-schedule.js';
import type { RetrySchedule } from '../../src/ports/outbound/retry-schedule.js';

const SAMPLES = 2_000;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function samples(schedule: RetrySchedule, failedAttempts: number, count = SAMPLES): number[] {
  return Array.from({ length: count }, () => schedule.delayAfter(failedAttempts));
}

/** What every RetrySchedule promises the relay: a real wait, never above its ceiling, growing with failures. */
function retryScheduleContract(name: string, fresh: () => RetrySchedule, maxDelayMs: number): void {
  describe(`RetrySchedule contract: ${name}`, () => {
    it('waits a positive, finite time after every failed attempt', () => {
      const schedule = fresh();
      for (let attempts = 1; attempts <= 40; attempts++) {
        for (const delay of samples(schedule, attempts, 200)) {
          expect(Number.isFinite(delay)).toBe(true);
          expect(delay).toBeGreaterThan(0);
        }
      }
    });

    it('never waits longer than its ceiling', () => {
      const schedule = fresh();
      for (let attempts = 1; attempts <= 40; attempts++) {
        for (const delay of samples(schedule, attempts, 200)) expect(delay).toBeLessThanOrEqual(maxDelayMs);
      }
    });

    it('waits longer, as a rule, the more attempts have failed', () => {
      const schedule = fresh();
      const afterOne = median(samples(schedule, 1));
      const afterThree = median(samples(schedule, 3));
      const afterSix = median(samples(schedule, 6));
      expect(afterThree).toBeGreaterThan(afterOne);
      expect(afterSix).toBeGreaterThan(afterThree);
      expect(afterSix).toBeGreaterThan(4 * afterOne);
    });

    it('answers for huge attempt counts, within its ceiling', () => {
      const schedule = fresh();
      for (const attempts of [100, 1_000, 1_000_000, Number.MAX_SAFE_INTEGER]) {
        const delay = schedule.delayAfter(attempts);
        expect(Number.isFinite(delay)).toBe(true);
        expect(delay).toBeGreaterThan(0);
        expect(delay).toBeLessThanOrEqual(maxDelayMs);
      }
    });
  });
}

retryScheduleContract('ExponentialRetrySchedule (defaults)', () => new ExponentialRetrySchedule(), 30_000);
retryScheduleContract(
  'ExponentialRetrySchedule (50 ms to 2 s)',
  () => new ExponentialRetrySchedule({ initialDelayMs: 50, maxDelayMs: 2_000 }),
  2_000,
);

describe('ExponentialRetrySchedule', () => {
  it('reaches its ceiling after many failed attempts', () => {
    const schedule = new ExponentialRetrySchedule({ initialDelayMs: 200, maxDelayMs: 60_000 });
    expect(median(samples(schedule, 1_000, 200))).toBe(60_000);
  });

  it('starts near its initial delay', () => {
    const schedule = new ExponentialRetrySchedule({ initialDelayMs: 200, maxDelayMs: 60_000 });
    const first = median(samples(schedule, 1));
    expect(first).toBeGreaterThan(50);
    expect(first).toBeLessThan(800);
  });
});
