/**
 * Raised by an outbound adapter when what it depends on cannot be reached right now.
 * Input adapters answer it with 503 SERVICE_UNAVAILABLE; it never carries connection details to callers.
 */
export class DependencyUnavailableError extends Error {
  /**
   * `unknown`: the connection went while a change was being committed, so it may or may not have been applied, and
   * only a retry the service can recognise (the same idempotency key, an expected version) tells which.
   */
  readonly outcome: 'unknown' | undefined;

  constructor(
    readonly dependency: string,
    options?: { cause?: unknown; outcome?: 'unknown' },
  ) {
    super(`${dependency} is unavailable`, options);
    this.name = 'DependencyUnavailableError';
    this.outcome = options?.outcome;
  }
}
