export interface RequeueDeadLettersUseCase {
  /** Gives parked deliveries (of one notifier, or all) another chance; resolves with how many. */
  execute(notifier?: string): Promise<number>;
}
