import { portKey } from '../port-key.js';

/** The time, from outside the core, so tests can fix it. */
export interface Clock {
  /** The current instant. */
  now(): Date;
}

export const CLOCK = portKey<Clock>('Clock');
