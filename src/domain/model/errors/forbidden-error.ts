/** The actor may not do this at all, whichever order it names (SPEC §9). */
export class ForbiddenError {
  readonly code = 'FORBIDDEN';
  constructor(readonly reason: string) {}
  get message(): string {
    return this.reason;
  }
}
