/**
 * Raised by an outbound adapter when what it depends on cannot be reached right now.
 * Input adapters answer it with 503 SERVICE_UNAVAILABLE; it never carries connection details to callers.
 */
export class DependencyUnavailableError extends Error {
  constructor(
    readonly dependency: string,
    options?: { cause?: unknown },
  ) {
    super(`${dependency} is unavailable`, options);
    this.name = 'DependencyUnavailableError';
  }
}
