export interface ForgetExpiredIdempotencyKeysUseCase {
  /** Forgets the keys whose retention has ended; resolves with how many. */
  execute(): Promise<number>;
}
