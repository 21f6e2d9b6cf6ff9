/** The time, from outside the core, so tests can fix it. */
export interface Clock {
  /** The current instant. */
  now(): Date;
}
