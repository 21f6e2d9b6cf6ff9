import type { OrderError } from '../../domain/model/errors/order-error.js';
import { problem, type Problem } from '../http/problem.js';
import { pointerTo } from './field-pointer.js';

/** The one translation of the core's refusals into HTTP: the code picks status and title from the catalogue. */
export function problemFromDomain(error: OrderError): Problem {
  switch (error.code) {
    case 'VALIDATION_FAILED': {
      const issues = error.issues.map((issue) => ({ path: pointerTo(issue.path), message: issue.message }));
      const detail = issues.map((issue) => `${issue.path || '/'}: ${issue.message}`).join('; ');
      return problem('VALIDATION_FAILED', detail, issues);
    }
    case 'FORBIDDEN':
    case 'ORDER_NOT_FOUND':
    case 'INVALID_TRANSITION':
    case 'VERSION_MISMATCH':
    case 'IDEMPOTENCY_KEY_IN_USE':
    case 'IDEMPOTENCY_KEY_REUSED':
      return problem(error.code, error.message);
  }
}
