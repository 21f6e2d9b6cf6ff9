import { describe, expect, it } from 'vitest';
import { parseActor, SUBJECT_MAX_LENGTH, type ActorClaims } from '../../src/domain/model/actor.js';
import { parseTenantId } from '../../src/domain/model/values/tenant-id.js';
import { unwrap, unwrapError } from '../support/order-commands.js';
import { TEST_TENANT } from '../support/tokens.js';

function claims(overrides: Partial<ActorClaims> = {}): ActorClaims {
  return { subject: 'ann', tenant: TEST_TENANT, roles: ['customer'], ...overrides };
}

describe('parseActor', () => {
  it('accepts verified claims as an actor: subject, tenant and roles', () => {
    expect(unwrap(parseActor(claims()))).toEqual({ subject: 'ann', tenant: TEST_TENANT, roles: ['customer'] });
  });

  it('accepts a subject of 1 and of 255 characters, counted as characters rather than UTF-16 units', () => {
    expect(unwrap(parseActor(claims({ subject: 'a' }))).subject).toBe('a');
    const longest = '\u{1F600}'.repeat(SUBJECT_MAX_LENGTH);
    expect(unwrap(parseActor(claims({ subject: longest }))).subject).toBe(longest);
    expect(SUBJECT_MAX_LENGTH).toBe(255);
  });

  it('refuses an empty subject and one of 256 characters', () => {
    expect(unwrapError(parseActor(claims({ subject: '' })))).toBe('the subject must be 1..255 characters');
    expect(unwrapError(parseActor(claims({ subject: 'a'.repeat(256) })))).toBe('the subject must be 1..255 characters');
  });

  it.each([' ann', 'ann ', '\tann', 'ann\n', ' '])(
    'refuses the subject %j, which starts or ends with white space',
    (subject) => {
      expect(unwrapError(parseActor(claims({ subject })))).toMatch(/^the subject must/);
    },
  );

  it('keeps white space inside a subject', () => {
    expect(unwrap(parseActor(claims({ subject: 'ann lee' }))).subject).toBe('ann lee');
  });

  it('refuses a subject with a NUL character or an unpaired surrogate', () => {
    for (const subject of ['ann\u0000', 'a\u0000b', 'ann\uD800']) {
      expect(unwrapError(parseActor(claims({ subject })))).toMatch(/^the subject must be text/);
    }
  });

  it.each(['', 'Tenant-A', 'tenant_a', 'tenant a', 'ténant', 'tenant.a', 'a'.repeat(65)])(
    'refuses the tenant %j',
    (tenant) => {
      expect(unwrapError(parseActor(claims({ tenant })))).toBe('the tenant must be 1..64 of a-z, 0-9 and -');
    },
  );

  it('ignores roles it does not know, and keeps the ones it does', () => {
    expect(unwrap(parseActor(claims({ roles: ['customer', 'admin', 'offline_access'] }))).roles).toEqual(['customer']);
    expect(unwrap(parseActor(claims({ roles: ['Staff', 'STAFF', 'customers'] }))).roles).toEqual([]);
    expect(unwrap(parseActor(claims({ roles: [] }))).roles).toEqual([]);
  });

  it('keeps each known role once, in one order, however the token listed them', () => {
    expect(unwrap(parseActor(claims({ roles: ['staff', 'customer', 'staff'] }))).roles).toEqual(['customer', 'staff']);
  });

  it('hands out an actor that cannot be changed afterwards', () => {
    const actor = unwrap(parseActor(claims({ roles: ['customer'] })));
    expect(Object.isFrozen(actor)).toBe(true);
    expect(Object.isFrozen(actor.roles)).toBe(true);
  });

  it('is not affected when the claims it was given change afterwards', () => {
    const roles = ['customer'];
    const actor = unwrap(parseActor(claims({ roles })));
    roles.push('staff');
    expect(actor.roles).toEqual(['customer']);
  });
});

describe('parseTenantId', () => {
  it.each(['tenant-a', 'a', '0', '-', 'acme-2026', 'a'.repeat(64)])('accepts %j', (raw) => {
    expect(unwrap(parseTenantId(raw))).toBe(raw);
  });

  it.each(['', 'a'.repeat(65), 'Acme', 'acme_corp', 'acme corp', ' acme', 'acme\n', 'acme/x', 'é', 'acme\u0000'])(
    'refuses %j',
    (raw) => {
      expect(unwrapError(parseTenantId(raw))).toBe('must be 1..64 of a-z, 0-9 and -');
    },
  );
});
