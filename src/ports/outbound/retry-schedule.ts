import { portKey } from '../port-key.js';

/** How long a failed delivery waits before its next attempt. */
export interface RetrySchedule {
  /** The wait in milliseconds after the given number of failed attempts (1 for the first failure). */
  delayAfter(failedAttempts: number): number;
}

export const RETRY_SCHEDULE = portKey<RetrySchedule>('RetrySchedule');
