import type { OrderError } from '../../domain/errors.js';
import { problem, type Problem } from '../http/problem.js';

/** The one translation of the core's refusals into HTTP: the code picks status and title from the catalogue. */
export function problemFromDomain(error: OrderError): Problem {
  switch (error.code) {
    case 'VALIDATION_FAILED':
      return problem('VALIDATION_FAILED', error.message, error.issues);
    case 'ORDER_NOT_FOUND':
    case 'INVALID_TRANSITION':
    case 'VERSION_MISMATCH':
    case 'IDEMPOTENCY_KEY_IN_USE':
    case 'IDEMPOTENCY_KEY_REUSED':
      return problem(error.code, error.message);
  }
}
