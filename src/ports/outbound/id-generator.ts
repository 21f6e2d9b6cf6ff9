import { portKey } from '../port-key.js';

/** New identifiers, from outside the core, so tests can predict them. */
export interface IdGenerator {
  /** A new UUID, never handed out before. */
  next(): string;
}

export const ID_GENERATOR = portKey<IdGenerator>('IdGenerator');
