import type { Clock } from '../../src/ports/outbound/clock.js';

/** A clock that stands still until a test moves it. */
export class FixedClock implements Clock {
  private time: number;

  constructor(start: Date = new Date('2026-01-01T00:00:00.000Z')) {
    this.time = start.getTime();
  }

  /** The current instant, as a fresh Date the caller may keep or change. */
  now(): Date {
    return new Date(this.time);
  }

  /** Moves the clock by `ms` milliseconds (negative steps back); returns the new time. */
  advance(ms: number): Date {
    this.time += ms;
    return this.now();
  }

  /** Sets the clock to `date`. */
  set(date: Date): void {
    this.time = date.getTime();
  }
}
