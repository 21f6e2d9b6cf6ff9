export interface RelayOrderEventsUseCase {
  /** The notifier this relay serves. */
  readonly notifier: string;
  /** Delivers one batch of due events to the notifier; resolves with how many it handled (0: nothing was due). */
  runOnce(): Promise<number>;
}
