import { userInfo } from 'node:os';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { createApiKey, listApiKeys, revokeApiKey } from '../../core/identity/api-keys.ts';
import { ROLES, type Role } from '../../core/identity/roles.ts';
import { requireTenant } from '../../core/tenants/tenants.ts';
import { auditApiKeyCreated, auditApiKeyRevoked, type AuditActor } from '../../policies/index.ts';
import { printJson, printTable } from '../output.ts';
import { BRIEF, withRuntime } from '../runtime.ts';

/**
 * Collects `--role` values: repeated (`--role rep --role approver`), space-separated (`--role rep approver`)
 * or comma-separated (`--role rep,approver`). Each role is checked on its own; a bad one is a usage error.
 */
export function collectRoles(value: string, previous: Role[] = []): Role[] {
  const roles = value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  const unknown = roles.find((role) => !(ROLES as readonly string[]).includes(role));
  if (roles.length === 0 || unknown !== undefined) {
    throw new InvalidArgumentError(
      `${unknown === undefined ? 'no role given' : `"${unknown}" is not a role`}. Allowed roles: ${ROLES.join(', ')}.`,
    );
  }
  return [...new Set([...previous, ...(roles as Role[])])];
}

/** The operator at the shell: the OS account that ran the command (no API key is involved). */
export function operatorActor(command: string): AuditActor {
  let name = 'operator';
  try {
    name = userInfo().username || name;
  } catch {
    // No passwd entry (some containers): the command alone identifies the change.
  }
  return { kind: 'operator', name, ref: command };
}

export function registerKeysCommand(program: Command): void {
  const keys = program.command('keys').description('create, list and revoke API keys');

  keys
    .command('create')
    .description('create an API key bound to a tenant and roles; the key is printed once')
    .requiredOption('--tenant <slug>', 'tenant slug or id')
    .addOption(
      new Option('--role <role...>', `role(s) for the key: ${ROLES.join(', ')} (repeat the option or comma-separate)`)
        .argParser(collectRoles)
        .makeOptionMandatory(),
    )
    .option('--name <name>', 'label for the key')
    .option('--user <name>', 'user the key belongs to (created if new; default: named after the roles)')
    .option('--json', 'print { key, id, prefix, tenant, user, roles }')
    .action(async (options: { tenant: string; role: Role[]; name?: string; user?: string; json?: boolean }) => {
      await withRuntime(async ({ db }) => {
        const tenant = await requireTenant(db, options.tenant);
        const created = await createApiKey(
          db,
          {
            tenantId: tenant.id,
            roles: options.role,
            ...(options.name ? { name: options.name } : {}),
            ...(options.user ? { userName: options.user } : {}),
          },
          {
            onCreated: (tx, key) => auditApiKeyCreated(tx, tenant.id, operatorActor('copilot keys create'), key, options.name ?? null),
          },
        );
        if (options.json) {
          printJson({
            key: created.key,
            id: created.id,
            prefix: created.prefix,
            tenant: tenant.slug,
            user: created.userName,
            roles: created.roles,
          });
        } else {
          process.stdout.write(`${created.key}\n`);
          process.stderr.write(
            `API key for ${created.userName}@${tenant.slug} (${created.roles.join(', ')}). It is shown only once; store it now.\n`,
          );
        }
      }, BRIEF);
    });

  keys
    .command('list')
    .description('list a tenant’s API keys (never the keys themselves)')
    .requiredOption('--tenant <slug>', 'tenant slug or id')
    .option('--json', 'print as JSON')
    .action(async (options: { tenant: string; json?: boolean }) => {
      await withRuntime(async ({ db }) => {
        const tenant = await requireTenant(db, options.tenant);
        const rows = await listApiKeys(db, tenant.id);
        if (options.json) printJson(rows);
        else
          printTable(
            rows.map((k) => ({
              id: k.id,
              prefix: k.prefix,
              name: k.name,
              user: k.userName,
              roles: k.roles.join(','),
              revoked: k.revokedAt ? 'yes' : '',
            })),
          );
      }, BRIEF);
    });

  keys
    .command('revoke')
    .description('revoke an API key by id or prefix; effective immediately')
    .argument('<key-id-or-prefix>', 'the key id or its prefix')
    .option('--json', 'print as JSON')
    .action(async (idOrPrefix: string, options: { json?: boolean }) => {
      await withRuntime(async ({ db }) => {
        const revoked = await revokeApiKey(db, idOrPrefix, {
          onRevoked: (tx, key) => auditApiKeyRevoked(tx, key.tenantId, operatorActor('copilot keys revoke'), key),
        });
        if (options.json) printJson({ revoked: true, id: revoked.id, prefix: revoked.prefix });
        else process.stdout.write(`revoked key ${revoked.prefix} (${revoked.id})\n`);
      }, BRIEF);
    });
}
