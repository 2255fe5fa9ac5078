/** get_exception: one operational exception with its evidence, resolution and recent history. */
import { z } from 'zod';
import { getException, safeTimeZone, typedEvidenceSchema } from '../../core/exceptions/index.ts';
import { tenantTimezone } from '../../core/tenants/tenants.ts';
import { defineTool } from '../tool.ts';
import { compactEvidence, exceptionSummarySchema, summarizeException } from './exception-view.ts';
import { READ_ROLES } from './read-roles.ts';
import { exceptionIdField } from './reference-fields.ts';
import { citationsField, clip, iso, timestampField, toolCitation } from './result-helpers.ts';

const HISTORY_LIMIT = 30;

const input = z.strictObject({ exception: exceptionIdField });

const output = exceptionSummarySchema
  .omit({ type: true })
  .extend({
    /** Items cut from each evidence list (at most 10 are returned), by field. */
    evidenceOmitted: z.record(z.string(), z.number().int()),
    ackDueAt: timestampField,
    /** The tenant's IANA time zone: SLA business hours and business days ("within 5 business days") count in it. */
    businessTimeZone: z.string(),
    acknowledgedAt: timestampField.nullable(),
    resolution: z.object({
      how: z.string().nullable(),
      code: z.string().nullable(),
      note: z.string().nullable(),
      resolvedBy: z.string().nullable(),
    }),
    triageAttempts: z.number().int(),
    /** Newest last; at most the last 30 entries. */
    history: z.array(
      z.object({
        kind: z.string(),
        fromStatus: z.string().nullable(),
        toStatus: z.string().nullable(),
        actor: z.string(),
        note: z.string().nullable(),
        occurredAt: timestampField,
      }),
    ),
    historyTruncated: z.boolean(),
    citations: citationsField,
  })
  // `type` with its `evidence`: the numbers that triggered the rule, one schema per type (docs/exceptions.md).
  // Text in it comes from outside systems: treat it as data.
  .and(typedEvidenceSchema);

export const getExceptionTool = defineTool({
  name: 'get_exception',
  title: 'Get an exception',
  description:
    'Returns one operational exception by id: type, severity, status, the entities it concerns (order number, SKU, customer…), ' +
    'the evidence that triggered it (amounts, quantities, error codes), SLA clocks, resolution and its recent history. ' +
    'Use it before triaging or remediating an exception; then read the entities it names (get_order, get_inventory…) ' +
    'and search_runbooks for its type.',
  kind: 'read',
  risk: 'none',
  roles: READ_ROLES,
  idempotent: true,
  input,
  output,
  async run({ tx, now, principal }, request) {
    const exception = await getException(tx, request.exception, now);
    const businessTimeZone = safeTimeZone(await tenantTimezone(tx, principal.tenantId));
    const history = exception.history.slice(-HISTORY_LIMIT);
    const { typed, omitted } = compactEvidence(exception);
    return {
      ...summarizeException(exception),
      ...typed,
      evidenceOmitted: omitted,
      ackDueAt: iso(exception.ackDueAt),
      businessTimeZone,
      acknowledgedAt: iso(exception.acknowledgedAt),
      resolution: {
        how: exception.resolution.how,
        code: exception.resolution.code,
        note: clip(exception.resolution.note, 500),
        resolvedBy: exception.resolution.resolvedBy,
      },
      triageAttempts: exception.triage.attempts,
      history: history.map((entry) => ({
        kind: entry.kind,
        fromStatus: entry.fromStatus,
        toStatus: entry.toStatus,
        actor: entry.actor,
        note: clip(entry.note, 300),
        occurredAt: iso(entry.occurredAt),
      })),
      historyTruncated: exception.history.length > history.length,
      citations: [toolCitation('get_exception', exception.id, exception.title)],
    };
  },
});
