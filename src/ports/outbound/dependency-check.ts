import { portKey } from '../port-key.js';

export interface DependencyStatus {
  readonly status: 'ok' | 'unavailable';
  /** A short operator-facing word on the state, never a secret or a stack. */
  readonly detail?: string;
}

/** Something the service depends on, asked whether it can be used now. */
export interface DependencyCheck {
  /** The name under which the check is reported, e.g. `repository`. */
  readonly name: string;
  /** Whether the service is unready while this dependency is unavailable. */
  readonly required: boolean;
  /** Probes the dependency; resolves with its state and never rejects. */
  check(): Promise<DependencyStatus>;
}

/** Bound once per dependency that readiness reports: ask for all of them. */
export const DEPENDENCY_CHECK = portKey<DependencyCheck>('DependencyCheck');
