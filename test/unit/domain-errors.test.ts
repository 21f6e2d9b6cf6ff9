import { describe, expect, it } from 'vitest';
import { IdempotencyKeyInUseError } from '../../src/domain/model/errors/idempotency-key-in-use-error.js';
import { IdempotencyKeyReusedError } from '../../src/domain/model/errors/idempotency-key-reused-error.js';
import { InvalidTransitionError } from '../../src/domain/model/errors/invalid-transition-error.js';
import { OrderNotFoundError } from '../../src/domain/model/errors/order-not-found-error.js';
import { ValidationError } from '../../src/domain/model/errors/validation-error.js';
import { VersionMismatchError } from '../../src/domain/model/errors/version-mismatch-error.js';
import type { OrderAction } from '../../src/domain/model/order-lifecycle.js';

const ID = '00000000-0000-4000-8000-00000000002a';

describe('the domain errors', () => {
  it('carry their code, their details, and a message that names them', () => {
    expect(new OrderNotFoundError(ID)).toMatchObject({ code: 'ORDER_NOT_FOUND', orderId: ID });
    expect(new OrderNotFoundError(ID).message).toBe(`Order ${ID} does not exist`);

    const mismatch = new VersionMismatchError(ID, 2, 5);
    expect(mismatch).toMatchObject({ code: 'VERSION_MISMATCH', orderId: ID, expectedVersion: 2, actualVersion: 5 });
    expect(mismatch.message).toBe(`Order ${ID} is at version 5, not 2`);

    expect(new IdempotencyKeyInUseError('k')).toMatchObject({ code: 'IDEMPOTENCY_KEY_IN_USE', key: 'k' });
    expect(new IdempotencyKeyReusedError('k')).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', key: 'k' });
  });

  it.each<[OrderAction, string]>([
    ['confirm', 'confirmed'],
    ['ship', 'shipped'],
    ['deliver', 'delivered'],
    ['cancel', 'cancelled'],
  ])('word a refused %s in the past tense', (action, pastTense) => {
    const error = new InvalidTransitionError(ID, 'delivered', action);
    expect(error).toMatchObject({ code: 'INVALID_TRANSITION', orderId: ID, status: 'delivered', action });
    expect(error.message).toBe(`Order ${ID} is delivered and cannot be ${pastTense}`);
  });

  it('join the issues of a ValidationError into one message, naming each field by its path in the command', () => {
    const error = new ValidationError([
      { path: [], message: 'must be an object' },
      { path: ['items', 0, 'sku'], message: 'must not be blank' },
    ]);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toBe('(the command): must be an object; items.0.sku: must not be blank');
    expect(new ValidationError([]).message).toBe('');
  });
});
