import { ExponentialBackoff, type IBackoff } from 'cockatiel';
import type { RetrySchedule } from '../../ports/outbound/retry-schedule.js';

export interface ExponentialRetryOptions {
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
}

/** Exponential backoff with decorrelated jitter (cockatiel), so many failed deliveries do not retry in step. */
export class ExponentialRetrySchedule implements RetrySchedule {
  private readonly backoff: ExponentialBackoff<unknown>;

  constructor(private readonly options: ExponentialRetryOptions = { initialDelayMs: 200, maxDelayMs: 30_000 }) {
    this.backoff = new ExponentialBackoff({ initialDelay: options.initialDelayMs, maxDelay: options.maxDelayMs });
  }

  delayAfter(failedAttempts: number): number {
    let step: IBackoff<unknown> = this.backoff.next();
    // Attempts past 30 are at the ceiling anyway.
    for (let attempt = 1; attempt < Math.min(failedAttempts, 30); attempt++) step = step.next(undefined);
    return Math.min(step.duration, this.options.maxDelayMs);
  }
}
