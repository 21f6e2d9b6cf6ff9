import type { OrderStatus, OrderAction } from './order.js';

/** One refused field: `path` is a JSON Pointer into the input, e.g. `/items/0/sku`. */
export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}

export class ValidationError {
  readonly code = 'VALIDATION_FAILED';
  constructor(readonly issues: readonly FieldIssue[]) {}
  get message(): string {
    return this.issues.map((issue) => `${issue.path || '/'}: ${issue.message}`).join('; ');
  }
}

export class OrderNotFoundError {
  readonly code = 'ORDER_NOT_FOUND';
  constructor(readonly orderId: string) {}
  get message(): string {
    return `Order ${this.orderId} does not exist`;
  }
}

export class InvalidTransitionError {
  readonly code = 'INVALID_TRANSITION';
  constructor(
    readonly orderId: string,
    readonly status: OrderStatus,
    readonly action: OrderAction,
  ) {}
  get message(): string {
    return `Order ${this.orderId} is ${this.status} and cannot be ${PAST_TENSE[this.action]}`;
  }
}

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

const PAST_TENSE: Record<OrderAction, string> = {
  confirm: 'confirmed',
  ship: 'shipped',
  deliver: 'delivered',
  cancel: 'cancelled',
};

export class IdempotencyKeyInUseError {
  readonly code = 'IDEMPOTENCY_KEY_IN_USE';
  constructor(readonly key: string) {}
  get message(): string {
    return 'A request with this Idempotency-Key is still in progress; retry shortly';
  }
}

export class IdempotencyKeyReusedError {
  readonly code = 'IDEMPOTENCY_KEY_REUSED';
  constructor(readonly key: string) {}
  get message(): string {
    return 'This Idempotency-Key was used for a different request';
  }
}

export type OrderError =
  | ValidationError
  | OrderNotFoundError
  | InvalidTransitionError
  | VersionMismatchError
  | IdempotencyKeyInUseError
  | IdempotencyKeyReusedError;
