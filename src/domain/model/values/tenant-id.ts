import { fail, ok, type Result } from '../result.js';

/** Whose orders these are: an organisation served by this deployment. Tenants never see each other's orders. */
export type TenantId = string & { readonly brand: 'TenantId' };

const TENANT = /^[a-z0-9-]{1,64}$/;

/** 1..64 of lower-case letters, digits and `-` (SPEC §9). */
export function parseTenantId(raw: string): Result<TenantId, string> {
  return TENANT.test(raw) ? ok(raw as TenantId) : fail('must be 1..64 of a-z, 0-9 and -');
}
