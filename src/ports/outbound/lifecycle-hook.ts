import { portKey } from '../port-key.js';

/**
 * What an adapter must do before the service serves and after it stops (PostgreSQL: apply migrations, then close
 * the pool). The composition root runs these hooks; the core never sees them.
 */
export interface LifecycleHook {
  /** Runs once before the server listens; a rejection stops the start. */
  open(): Promise<void>;
  /** Runs once after the server has stopped serving. */
  close(): Promise<void>;
}

/** Bound by each adapter that has something to open or close: ask for all of them. */
export const LIFECYCLE_HOOK = portKey<LifecycleHook>('LifecycleHook');
