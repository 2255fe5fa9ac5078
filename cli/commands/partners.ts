/**
 * copilot partners: partner organisations, their grants of tenants and their people's keys. Run by
 * the operator; grants and revocations are audited in the granted tenant's own log.
 */
import { type Command, InvalidArgumentError } from 'commander';
import { z } from 'zod';
import { parseOrThrow } from '../../core/errors.ts';
import { PARTNER_ROLES, partnerRoleSchema, type PartnerRole } from '../../core/identity/roles.ts';
import {
  createPartner,
  createPartnerKey,
  grantTenant,
  listGrants,
  listPartners,
  newPartnerKeySchema,
  newPartnerSchema,
  requirePartner,
  revokeGrant,
  revokePartnerKey,
} from '../../core/partners/index.ts';
import { auditPartnerGrant } from '../../policies/index.ts';
import { operatorActor } from '../operator-actor.ts';
import { printJson, printTable } from '../output.ts';
import { BRIEF, withRuntime } from '../runtime.ts';

const referenceSchema = z.string().trim().min(1).max(100);

export function collectPartnerRoles(value: string, previous: PartnerRole[] = []): PartnerRole[] {
  const roles = value
    .split(',')
    .map((role) => role.trim())
    .filter(Boolean);
  if (roles.length === 0) throw new InvalidArgumentError('no role given');
  for (const role of roles) {
    if (!partnerRoleSchema.safeParse(role).success)
      throw new InvalidArgumentError(`${JSON.stringify(role)} is not a partner role. Allowed roles: ${PARTNER_ROLES.join(', ')}.`);
  }
  return [...new Set([...previous, ...(roles as PartnerRole[])])];
}

const grantView = (grant: Awaited<ReturnType<typeof listGrants>>[number]) => ({
  partner: grant.partnerSlug,
  tenant: grant.tenantSlug,
  tenantName: grant.tenantName,
  grantedBy: grant.grantedBy,
  grantedAt: grant.grantedAt.toISOString(),
  revokedAt: grant.revokedAt?.toISOString() ?? null,
});

export function registerPartnersCommand(program: Command): void {
  const partners = program.command('partners').description('partner organisations: create, grant and revoke tenants, issue partner keys');

  // A subcommand rather than the parent's action: a --json on the parent would swallow the subcommands' --json.
  partners
    .command('list')
    .description('list partner organisations')
    .option('--json', 'print a JSON array of { id, slug, name }')
    .action(async (options: { json?: boolean }) => {
      await withRuntime(async ({ db }) => {
        const rows = (await listPartners(db)).map((partner) => ({ id: partner.id, slug: partner.slug, name: partner.name }));
        if (options.json) printJson(rows);
        else printTable(rows);
      }, BRIEF);
    });

  partners
    .command('create')
    .description('create a partner organisation')
    .requiredOption('--slug <slug>', 'short unique name (lowercase letters, digits, dashes)')
    .requiredOption('--name <name>', 'display name')
    .option('--json', 'print the partner as JSON')
    .action(async (options: { slug: string; name: string; json?: boolean }) => {
      const input = parseOrThrow(newPartnerSchema, { slug: options.slug, name: options.name }, 'partner');
      await withRuntime(async ({ db }) => {
        const partner = await createPartner(db, input);
        if (options.json) printJson({ id: partner.id, slug: partner.slug, name: partner.name });
        else process.stdout.write(`created partner ${partner.slug} (${partner.id})\n`);
      }, BRIEF);
    });

  partners
    .command('grant')
    .description('grant a tenant to a partner: its people may then act in it with their partner roles (audited in the tenant)')
    .requiredOption('--partner <slug>', 'the partner organisation')
    .requiredOption('--tenant <slug>', 'the tenant to grant (slug or id)')
    .option('--json', 'print the grant as JSON')
    .action(async (options: { partner: string; tenant: string; json?: boolean }) => {
      const partner = parseOrThrow(referenceSchema, options.partner, '--partner');
      const tenant = parseOrThrow(referenceSchema, options.tenant, '--tenant');
      await withRuntime(async ({ db }) => {
        const actor = operatorActor('copilot partners grant');
        const grant = await grantTenant(db, { partner, tenant, grantedBy: actor.name ?? 'operator' }, (tx, change) =>
          auditPartnerGrant(tx, actor, change),
        );
        if (options.json) printJson(grantView(grant));
        else process.stdout.write(`granted tenant ${grant.tenantSlug} to partner ${grant.partnerSlug}\n`);
      }, BRIEF);
    });

  partners
    .command('revoke')
    .description('revoke a tenant from a partner: its people lose access at once (audited in the tenant)')
    .requiredOption('--partner <slug>', 'the partner organisation')
    .requiredOption('--tenant <slug>', 'the tenant to revoke (slug or id)')
    .option('--json', 'print the revoked grant as JSON')
    .action(async (options: { partner: string; tenant: string; json?: boolean }) => {
      const partner = parseOrThrow(referenceSchema, options.partner, '--partner');
      const tenant = parseOrThrow(referenceSchema, options.tenant, '--tenant');
      await withRuntime(async ({ db }) => {
        const actor = operatorActor('copilot partners revoke');
        const grant = await revokeGrant(db, { partner, tenant }, (tx, change) => auditPartnerGrant(tx, actor, change));
        if (options.json) printJson(grantView(grant));
        else process.stdout.write(`revoked tenant ${grant.tenantSlug} from partner ${grant.partnerSlug}\n`);
      }, BRIEF);
    });

  partners
    .command('grants')
    .description("list a partner's tenants")
    .requiredOption('--partner <slug>', 'the partner organisation')
    .option('--all', 'include revoked grants')
    .option('--json', 'print a JSON array of grants')
    .action(async (options: { partner: string; all?: boolean; json?: boolean }) => {
      const reference = parseOrThrow(referenceSchema, options.partner, '--partner');
      await withRuntime(async ({ db }) => {
        const partner = await requirePartner(db, reference);
        const rows = (await listGrants(db, partner.id, { includeRevoked: options.all === true })).map(grantView);
        if (options.json) printJson(rows);
        else printTable(rows, ['tenant', 'tenantName', 'grantedBy', 'grantedAt', 'revokedAt']);
      }, BRIEF);
    });

  const keys = partners.command('keys').description("create and revoke partner people's keys");
  keys
    .command('create')
    .description('create a key (ocpp_…) for a person of a partner; printed once')
    .requiredOption('--partner <slug>', 'the partner organisation')
    .requiredOption('--user <name>', "the person's name")
    .requiredOption('--role <roles>', 'partner_admin, partner_operator, partner_analyst (comma list or repeated)', collectPartnerRoles)
    .option('--email <email>', "the person's e-mail")
    .option('--json', 'print { key, id, prefix, partner, user, roles } as JSON')
    .action(async (options: { partner: string; user: string; role: PartnerRole[]; email?: string; json?: boolean }) => {
      const input = parseOrThrow(
        newPartnerKeySchema,
        { partner: options.partner, userName: options.user, roles: options.role, ...(options.email ? { email: options.email } : {}) },
        'partner key',
      );
      await withRuntime(async ({ db }) => {
        const created = await createPartnerKey(db, input);
        const view = {
          key: created.key,
          id: created.keyId,
          prefix: created.prefix,
          partner: created.partnerSlug,
          user: created.userName,
          roles: created.roles,
        };
        if (options.json) printJson(view);
        else
          process.stdout.write(
            `${created.key}\n(shown once) key ${created.prefix} for ${created.userName} of ${created.partnerSlug}: ${created.roles.join(', ')}\n`,
          );
      }, BRIEF);
    });
  keys
    .command('revoke')
    .description('revoke a partner key by id or prefix')
    .requiredOption('--partner <slug>', 'the partner organisation')
    .argument('<key>', 'key id or prefix')
    .action(async (key: string, options: { partner: string }) => {
      const reference = parseOrThrow(referenceSchema, key, 'key');
      await withRuntime(async ({ db }) => {
        await revokePartnerKey(db, options.partner, reference);
        process.stdout.write(`revoked partner key ${reference}\n`);
      }, BRIEF);
    });
}
