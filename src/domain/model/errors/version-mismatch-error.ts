/** The caller based a change on a version the order is no longer (or never was) at. */
export class VersionMismatchError {
  readonly code = 'VERSION_MISMATCH';
  constructor(
    readonly orderId: string,
    readonly expectedVersion: number,
    readonly actualVersion: number,
  ) {}
  get message(): string {
    return `Order ${this.orderId} is at version ${this.actualVersion}, not ${this.expectedVersion}`;
  }
}
