/** The key was used for a request with another body. */
export class IdempotencyKeyReusedError {
  readonly code = 'IDEMPOTENCY_KEY_REUSED';
  constructor(readonly key: string) {}
  get message(): string {
    return 'This Idempotency-Key was used for a different request';
  }
}
