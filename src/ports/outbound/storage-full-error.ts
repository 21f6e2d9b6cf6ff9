/**
 * Raised by an outbound adapter that can hold no more (the in-memory store at its cap): nothing was written.
 * Input adapters answer it with 507 STORAGE_FULL; what is already stored can still be read and changed.
 */
export class StorageFullError extends Error {
  constructor(readonly capacity: number) {
    super(`The store holds its maximum of ${capacity} orders`);
    this.name = 'StorageFullError';
  }
}
