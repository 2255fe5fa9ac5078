/**
 * `copilot templates publish|list|show|log`: tenant templates, the operator's (the OS account at the
 * shell; no API key can reach them). Tenants are created from them with `copilot tenants create
 * --template` and compared with them by `copilot tenants diff`.
 */
import type { Command } from 'commander';
import { z } from 'zod';
import { parseOrThrow } from '../../core/errors.ts';
import { redactUrl } from '../../integrations/index.ts';
import {
  getTemplateVersion,
  listTemplateLog,
  listTemplates,
  listTemplateVersions,
  publishTemplateFrom,
  templateNameSchema,
  templateRefSchema,
  type TemplateVersion,
} from '../../templates/index.ts';
import { operatorActor } from '../operator-actor.ts';
import { positiveIntegerOption } from '../option-schemas.ts';
import { printJson, printTable } from '../output.ts';
import { BRIEF, withRuntime } from '../runtime.ts';

const logOptionsSchema = z.object({
  template: templateNameSchema.optional(),
  limit: positiveIntegerOption.pipe(z.number().max(1000)).optional(),
  json: z.boolean().optional(),
});

/** A version as shown: routes' URLs redacted (a Slack webhook's path is its secret), runbooks by path and size. */
function describeVersion(template: TemplateVersion, withSources: boolean) {
  const { content } = template;
  return {
    name: template.name,
    version: template.version,
    description: template.description,
    contentHash: template.contentHash,
    publishedBy: template.publishedBy,
    publishedAt: template.publishedAt.toISOString(),
    slaCalendar: content.slaCalendar,
    users: content.users,
    routes: content.routes.map((route) => ({ ...route, url: redactUrl(route.url, route.channel) })),
    policy: withSources ? content.policy : { path: content.policy.path, characters: content.policy.source.length },
    runbooks: withSources ? content.runbooks : content.runbooks.map((file) => ({ path: file.path, characters: file.source.length })),
  };
}

export function registerTemplatesCommand(program: Command): void {
  const templates = program.command('templates').description('tenant templates: publish versions, list, show, and the log of their use');

  templates
    .command('publish')
    .description('validate a template (a directory with template.yaml, or the file) and publish it as its next version')
    .argument('<path>', 'template directory (holding template.yaml) or a template.yaml file')
    .option('--json', 'print { name, version, unchanged, contentHash }')
    .addHelpText(
      'after',
      '\nEvery part is validated first (policy, runbooks, routes, users); any problem refuses the whole template,\n' +
        'each problem named by file, line and field (exit 2). Unchanged content publishes nothing new.',
    )
    .action(async (path: string, options: { json?: boolean }) => {
      const actor = operatorActor('copilot templates publish');
      await withRuntime(async ({ db }) => {
        const { template, unchanged } = await publishTemplateFrom(db, path, { actor: actor.name ?? 'operator' });
        if (options.json) printJson({ name: template.name, version: template.version, unchanged, contentHash: template.contentHash });
        else
          process.stdout.write(
            unchanged
              ? `${template.name}@${template.version} unchanged (same content as version ${template.version}; nothing published)\n`
              : `published ${template.name}@${template.version}\n`,
          );
      }, BRIEF);
    });

  templates
    .command('list')
    .description('templates with their latest version')
    .option('--json', 'print a JSON array')
    .action(async (options: { json?: boolean }) => {
      await withRuntime(async ({ db }) => {
        const rows = (await listTemplates(db)).map((template) => ({
          name: template.name,
          latest: template.version,
          versions: template.versions,
          runbooks: template.runbooks,
          users: template.users,
          routes: template.routes,
          publishedAt: template.publishedAt.toISOString(),
          publishedBy: template.publishedBy,
          description: template.description,
        }));
        if (options.json) printJson(rows);
        else printTable(rows, ['name', 'latest', 'versions', 'runbooks', 'users', 'routes', 'publishedAt', 'publishedBy']);
      }, BRIEF);
    });

  templates
    .command('show')
    .description('one template version (the latest unless NAME@VERSION) and the list of its versions')
    .argument('<ref>', 'NAME or NAME@VERSION')
    .option('--sources', 'include the policy and runbook texts')
    .option('--json', 'print the version as JSON')
    .action(async (ref: string, options: { json?: boolean; sources?: boolean }) => {
      const parsed = parseOrThrow(templateRefSchema, ref, 'template reference');
      await withRuntime(async ({ db }) => {
        const template = await getTemplateVersion(db, parsed);
        const shown = describeVersion(template, options.sources === true);
        const versions = (await listTemplateVersions(db, template.name)).map((version) => version.version);
        if (options.json) {
          printJson({ ...shown, versions });
          return;
        }
        const out = (line: string): boolean => process.stdout.write(`${line}\n`);
        out(`${shown.name}@${shown.version}  (versions: ${versions.join(', ')})`);
        if (shown.description) out(shown.description);
        out(`published ${shown.publishedAt} by ${shown.publishedBy}, content ${shown.contentHash.slice(0, 12)}`);
        const hours = shown.slaCalendar.hours;
        out(
          `SLA calendar: time zone ${shown.slaCalendar.timezone}; hours ${
            hours
              ? Object.entries(hours)
                  .filter(([, ranges]) => (ranges?.length ?? 0) > 0)
                  .map(([day, ranges]) => `${day.slice(0, 3)} ${ranges!.join(',')}`)
                  .join(', ')
              : "the product's (08:00-18:00 Mon-Fri)"
          }; holidays ${(shown.slaCalendar.holidays ?? []).map((holiday) => holiday.date).join(', ') || 'none'}`,
        );
        out(`policy: ${template.content.policy.path}`);
        out(
          `users: ${shown.users.map((user) => `${user.name} (${user.roles.join(', ')}${user.apiKey ? ', key' : ''})`).join('; ') || '(none)'}`,
        );
        out('routes:');
        for (const route of shown.routes)
          out(
            `  - ${route.channel} ${route.url}${route.queues.length ? ` queues ${route.queues.join(',')}` : ''}${route.users.length ? ` users ${route.users.join(',')}` : ''}`,
          );
        out('runbooks:');
        for (const file of template.content.runbooks) out(`  - ${file.path}`);
        if (options.sources) {
          out(`\n--- ${template.content.policy.path}\n${template.content.policy.source}`);
          for (const file of template.content.runbooks) out(`\n--- ${file.path}\n${file.source}`);
        }
      }, BRIEF);
    });

  templates
    .command('log')
    .description('publications (new, unchanged, rejected) and tenants created from templates, newest first')
    .option('--template <name>', 'one template only')
    .option('--limit <n>', 'entries to show (default 50, at most 1000)')
    .option('--json', 'print a JSON array')
    .action(async (raw: { template?: string; limit?: string; json?: boolean }) => {
      const options = parseOrThrow(logOptionsSchema, { template: raw.template, limit: raw.limit, json: raw.json }, 'options');
      const template = options.template;
      await withRuntime(async ({ db }) => {
        const entries = await listTemplateLog(db, {
          ...(template ? { template } : {}),
          ...(options.limit ? { limit: options.limit } : {}),
        });
        if (options.json) printJson(entries);
        else
          printTable(
            entries.map((entry) => ({
              at: entry.at.toISOString(),
              actor: entry.actor,
              action: entry.action,
              template: entry.templateName ? `${entry.templateName}${entry.templateVersion ? `@${entry.templateVersion}` : ''}` : '',
              tenant: entry.tenantSlug ?? '',
              detail: entry.detail.message ?? (entry.detail.issues ? `${(entry.detail.issues as unknown[]).length} problems` : ''),
            })),
          );
      }, BRIEF);
    });
}
