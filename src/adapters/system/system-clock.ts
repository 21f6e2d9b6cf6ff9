import type { Clock } from '../../ports/outbound/clock.js';

export class SystemClock implements Clock {
  now(): Date {
    return new Date();
  }
}
