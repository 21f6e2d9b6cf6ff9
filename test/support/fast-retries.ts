import { ExponentialRetrySchedule } from '../../src/adapters/resilience/exponential-retry-schedule.js';

/** The production backoff, scaled down so outage tests see their retries within seconds. */
export const fastRetries = new ExponentialRetrySchedule({ initialDelayMs: 50, maxDelayMs: 1_000 });
