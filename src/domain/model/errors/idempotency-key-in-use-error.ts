/** The first request with this key is still in flight. */
export class IdempotencyKeyInUseError {
  readonly code = 'IDEMPOTENCY_KEY_IN_USE';
  constructor(readonly key: string) {}
  get message(): string {
    return 'A request with this Idempotency-Key is still in progress; retry shortly';
  }
}
