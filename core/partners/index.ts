/** core/partners/: partner organisations, their grants of tenants, their people's keys, and entering a granted tenant. */
export { createPartner, listPartners, newPartnerSchema, requirePartner } from './partners.ts';
export type { NewPartner, Partner } from './partners.ts';
export { grantTenant, grantTenantIn, listGrants, revokeGrant } from './partner-grants.ts';
export type { GrantChange, PartnerGrant } from './partner-grants.ts';
export { authenticatePartnerKey, createPartnerKey, newPartnerKeySchema, PARTNER_KEY_PATTERN, revokePartnerKey } from './partner-keys.ts';
export type { CreatedPartnerKey, NewPartnerKey, PartnerPrincipal } from './partner-keys.ts';
export { currentPartnerPerson, partnerIdentitySchema, partnerPersonForIdentity } from './partner-people.ts';
export type { PartnerIdentity } from './partner-people.ts';
export { enterTenant, isReadOnlyPartner, tenantRolesOf } from './enter-tenant.ts';
export type { PartnerInTenant } from './enter-tenant.ts';
export { currentPartnerScope, runInPartnerScope } from '../db/partner-scope.ts';
export type { PartnerScope } from '../db/partner-scope.ts';
