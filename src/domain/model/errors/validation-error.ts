/**
 * One refused field of a command: `path` names it by the command's own fields, e.g. ['items', 0, 'sku'];
 * an empty path is the command as a whole. Each input adapter translates paths into its own terms.
 */
export interface FieldIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/** A command that breaks rules of SPEC §3 or §7; it lists every issue, not the first. */
export class ValidationError {
  readonly code = 'VALIDATION_FAILED';
  constructor(readonly issues: readonly FieldIssue[]) {}
  get message(): string {
    return this.issues.map((issue) => `${issue.path.join('.') || '(the command)'}: ${issue.message}`).join('; ');
  }
}
