/** `copilot policies validate|apply|show|history`: a tenant's policy documents. */
import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { z } from 'zod';
import { parseOrThrow, ValidationError } from '../../core/errors.ts';
import { requireTenant } from '../../core/tenants/tenants.ts';
import {
  applyPolicy,
  getActivePolicy,
  getPolicyVersion,
  listPolicyVersions,
  PolicyValidationError,
  validatePolicySource,
  type PolicyDocument,
} from '../../policies/index.ts';
import { buildDefaultRegistry } from '../../tools/registry.ts';
import { positiveIntegerOption } from '../option-schemas.ts';
import { printJson, printTable } from '../output.ts';
import { BRIEF, withRuntime } from '../runtime.ts';

async function readPolicyFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new ValidationError(`cannot read policy file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, [
      { path: 'file', message: 'unreadable' },
    ]);
  }
}

/** Rules naming a tool (not a glob) that the registry does not have: most likely a typo. */
function unknownToolWarnings(document: PolicyDocument): string[] {
  const registry = buildDefaultRegistry();
  if (registry.list().length === 0) return [];
  return document.rules.flatMap((rule) =>
    (Array.isArray(rule.tool) ? rule.tool : [rule.tool])
      .filter((pattern) => !pattern.includes('*') && !registry.has(pattern))
      .map((pattern) => `rule ${rule.id}: no tool named ${pattern}`),
  );
}

/** `policies show --version`: a version number (1, 2, …); "1.9" or "abc" are refused, not truncated. */
const showOptionsSchema = z.object({ '--version': positiveIntegerOption.optional() });

function operatorActor() {
  let name = 'operator';
  try {
    name = userInfo().username || name;
  } catch {
    // No passwd entry (some containers): keep the generic name.
  }
  return { kind: 'operator' as const, name, ref: 'cli' };
}

export function registerPoliciesCommand(program: Command): void {
  const policies = program.command('policies').description('validate, apply and show tenant policy documents (YAML)');

  policies
    .command('validate')
    .description('check a policy file; every problem is reported with its line and field')
    .argument('<file>', 'policy YAML file')
    .option('--json', 'print { valid, issues, warnings }')
    .action(async (file: string, options: { json?: boolean }) => {
      const result = validatePolicySource(await readPolicyFile(file));
      const warnings = result.ok ? unknownToolWarnings(result.document) : [];
      if (options.json) {
        printJson(result.ok ? { valid: true, rules: result.document.rules.length, warnings } : { valid: false, issues: result.issues });
      } else if (result.ok) {
        process.stdout.write(`${file}: valid (${result.document.rules.length} rules)\n`);
        for (const warning of warnings) process.stderr.write(`warning: ${warning}\n`);
      } else {
        for (const issue of result.issues) process.stdout.write(`${file}:${issue.line}:${issue.column}: ${issue.path}: ${issue.message}\n`);
      }
      process.exitCode = result.ok ? 0 : 1;
    });

  policies
    .command('apply')
    .description('validate a policy file and make it the tenant’s policy in force (a new version); an invalid file changes nothing')
    .argument('<file>', 'policy YAML file')
    .requiredOption('--tenant <slug>', 'tenant slug or id')
    .option('--json', 'print the applied version')
    .action(async (file: string, options: { tenant: string; json?: boolean }) => {
      const source = await readPolicyFile(file);
      await withRuntime(async ({ db }) => {
        const tenant = await requireTenant(db, options.tenant);
        try {
          const applied = await applyPolicy(db, tenant.id, source, { actor: operatorActor() });
          const summary = {
            tenant: tenant.slug,
            version: applied.version,
            unchanged: applied.unchanged,
            rules: applied.document.rules.length,
            sourceHash: applied.sourceHash,
          };
          if (options.json) printJson(summary);
          else
            process.stdout.write(
              applied.unchanged
                ? `${tenant.slug}: policy unchanged (version ${applied.version} already in force)\n`
                : `${tenant.slug}: policy version ${applied.version} in force (${summary.rules} rules)\n`,
            );
        } catch (error) {
          if (!(error instanceof PolicyValidationError)) throw error;
          if (options.json) printJson({ applied: false, issues: error.issues });
          else
            for (const issue of error.issues)
              process.stdout.write(`${file}:${issue.line}:${issue.column}: ${issue.path}: ${issue.message}\n`);
          process.stderr.write(`policy rejected; the version in force is unchanged\n`);
          process.exitCode = 1;
        }
      }, BRIEF);
    });

  policies
    .command('show')
    .description('print the policy in force (or a given version) for a tenant')
    .requiredOption('--tenant <slug>', 'tenant slug or id')
    .option('--version <n>', 'a specific version')
    .option('--json', 'print { version, createdBy, createdAt, document, source }')
    .action(async (options: { tenant: string; version?: string; json?: boolean }) => {
      const { '--version': wanted } = parseOrThrow(showOptionsSchema, { '--version': options.version }, 'policies show options');
      await withRuntime(async ({ db }) => {
        const tenant = await requireTenant(db, options.tenant);
        const version = wanted === undefined ? await getActivePolicy(db, tenant.id) : await getPolicyVersion(db, tenant.id, wanted);
        if (options.json) return printJson(version);
        process.stdout.write(
          `# ${tenant.slug}: policy version ${version.version}${version.createdAt ? `, applied by ${version.createdBy} at ${version.createdAt.toISOString()}` : ' (built-in safe defaults: reads allowed for their roles, writes need an approver, unknown tools denied)'}\n`,
        );
        if (version.source) process.stdout.write(version.source.endsWith('\n') ? version.source : `${version.source}\n`);
      }, BRIEF);
    });

  policies
    .command('history')
    .description('list a tenant’s policy versions, newest first')
    .requiredOption('--tenant <slug>', 'tenant slug or id')
    .option('--json', 'print as JSON')
    .action(async (options: { tenant: string; json?: boolean }) => {
      await withRuntime(async ({ db }) => {
        const tenant = await requireTenant(db, options.tenant);
        const versions = await listPolicyVersions(db, tenant.id);
        if (options.json) printJson(versions);
        else
          printTable(
            versions.map((version) => ({
              version: version.version,
              createdBy: version.createdBy,
              createdAt: version.createdAt,
              sourceHash: version.sourceHash.slice(0, 12),
            })),
          );
      }, BRIEF);
    });
}
