/**
 * What a tenant template holds. Each part is validated by the schema of the folder that owns it —
 * the policy document by policies/, notification routes by integrations/, roles by core/identity, the
 * time zone by core/tenants, runbook front-matter by ingestion/ — so a template can never hold
 * something the product would refuse when it is applied by hand.
 */
import { z } from 'zod';
import { roleSchema } from '../core/identity/roles.ts';
import { safeTextSchema } from '../core/text/safe-text.ts';
import { slaCalendarInputSchema } from '../core/exceptions/index.ts';
import { newEndpointSchema } from '../integrations/index.ts';

/** A template's name: like a tenant slug. */
export const templateNameSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'lowercase letters, digits and dashes, 2-63 characters');

/** `NAME` (the latest version) or `NAME@VERSION`. */
export const templateRefSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,62}(@[1-9][0-9]{0,8})?$/, 'NAME or NAME@VERSION, e.g. standard-merchant@2')
  .transform((ref) => {
    const [name, version] = ref.split('@') as [string, string | undefined];
    return { name, version: version === undefined ? undefined : Number(version) };
  });
export type TemplateRef = z.output<typeof templateRefSchema>;

/** A path inside the template's directory: relative, no `..`, no absolute or drive paths. */
const bundlePathSchema = z
  .string()
  .min(1)
  .max(300)
  .refine((path) => !path.startsWith('/') && !/^[A-Za-z]:/.test(path) && !path.split(/[\\/]/).includes('..'), {
    message: 'must be a relative path inside the template directory (no "..", not absolute)',
  });

/**
 * The SLA calendar, as core/exceptions validates it: the time zone (it becomes the tenant's: SLA clocks
 * and the policy's timeOfDay/weekday conditions count in it), business hours per weekday and holidays.
 * Without `hours` the product's (08:00–18:00, Monday–Friday); without `holidays` none. Kept as written
 * (no defaults filled in), so a version published before hours existed keeps its content hash.
 */
export const slaCalendarSchema = slaCalendarInputSchema;
export type SlaCalendar = z.infer<typeof slaCalendarSchema>;

/** A person to create in the new tenant with their roles; `apiKey: true` also issues them a key (printed once). */
export const templateUserSchema = z.strictObject({
  name: safeTextSchema.pipe(z.string().trim().min(1).max(100)),
  roles: z.array(roleSchema).min(1, 'at least one role').max(5),
  apiKey: z.boolean().default(false),
});
export type TemplateUser = z.infer<typeof templateUserSchema>;

/** template.yaml: the manifest naming the other files. */
export const templateManifestSchema = z.strictObject({
  format: z.literal(1),
  name: templateNameSchema,
  description: safeTextSchema.pipe(z.string().max(2000)).default(''),
  /** The tenant policy document (approval rules, routing queues, escalation, forecasting, costs). */
  policy: bundlePathSchema.default('policy.yaml'),
  /** A directory of Markdown runbooks with front-matter, ingested as the tenant's private documents. */
  runbooks: bundlePathSchema.optional(),
  slaCalendar: slaCalendarSchema,
  users: z.array(templateUserSchema).max(200).default([]),
  /** Notification routes (Slack, Teams, email, webhooks), exactly as `copilot webhooks add` takes them. */
  routes: z.array(newEndpointSchema).max(100).default([]),
});
export type TemplateManifest = z.infer<typeof templateManifestSchema>;

export const templateFileSchema = z.strictObject({ path: bundlePathSchema, source: z.string() });
export type TemplateFile = z.infer<typeof templateFileSchema>;

/** A published version's content: everything needed to create a tenant, with no reference to files on disk. */
export const templateContentSchema = z.strictObject({
  description: z.string(),
  slaCalendar: slaCalendarSchema,
  users: z.array(templateUserSchema),
  routes: z.array(newEndpointSchema),
  policy: templateFileSchema,
  runbooks: z.array(templateFileSchema),
});
export type TemplateContent = z.infer<typeof templateContentSchema>;
