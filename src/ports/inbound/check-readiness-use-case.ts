import type { DependencyStatus } from '../outbound/dependency-check.js';

export interface ReadinessReport {
  /** False when any required dependency is unavailable. */
  readonly ready: boolean;
  readonly checks: Readonly<Record<string, DependencyStatus>>;
}

export interface CheckReadinessUseCase {
  /** Asks every configured dependency whether it can be used now. */
  execute(): Promise<ReadinessReport>;
}
