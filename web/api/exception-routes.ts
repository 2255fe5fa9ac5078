/** The exception queue of the caller's tenant: filtered lists and one exception with its history. */
import { z } from 'zod';
import { readInTenant } from '../../core/db/tenant-read.ts';
import { withTenant } from '../../core/db/tenant-scope.ts';
import {
  EXCEPTION_STATUSES,
  EXCEPTION_TYPES,
  getException,
  listExceptions,
  RESOLUTION_CODES,
  RESOLUTION_HOWS,
  SEVERITIES,
  typedEvidenceSchema,
  type ExceptionFilters,
} from '../../core/exceptions/index.ts';
import type { Tx } from '../../core/db/database.ts';
import type { Principal } from '../../core/identity/roles.ts';
import { loadActivePolicy, queuesOf } from '../../policies/index.ts';
import { getPrincipal } from '../context.ts';
import type { ApiDependencies } from './dependencies.ts';
import { toJsonSafe } from './json-safe.ts';
import { addRoute, uuidParam, type ApiRouter } from './openapi.ts';
import { ORDER_READER_ROLES } from './order-routes.ts';
import { booleanParam, limitParam, listParam, offsetParam } from './query-fields.ts';

const dateTime = z.iso.datetime();
const nullableUuid = z.uuid().nullable();

/** Who works it and why (routing rule, or a person's take / hand-over / release). */
export const assignmentReasonSchema = z
  .object({
    by: z.enum(['rule', 'person', 'agent']),
    rule: z.string().optional(),
    policyVersion: z.number().int().optional(),
    reason: z.string().meta({ description: 'Why it is there, in words.' }),
    actor: z.string(),
    at: dateTime,
  })
  .meta({ id: 'AssignmentReason' });

export const assignmentSchema = z
  .object({
    queue: z.string().nullable(),
    owner: z.string().nullable().meta({ description: 'User name of the owner.' }),
    reason: assignmentReasonSchema.nullable(),
    escalationStep: z.number().int().meta({ description: 'SLA escalation ladder steps already taken.' }),
  })
  .meta({ id: 'ExceptionAssignment' });

/** Everything but `type` and `evidence`, which come as the evidence union (one evidence schema per type). */
const exceptionRecordSchema = z.object({
  id: z.uuid(),
  tenantId: z.uuid(),
  severity: z.enum(SEVERITIES),
  status: z.enum(EXCEPTION_STATUSES),
  title: z.string(),
  dedupeKey: z.string(),
  refs: z.object({
    orderId: nullableUuid,
    skuId: nullableUuid,
    locationId: nullableUuid,
    customerId: nullableUuid,
    shipmentId: nullableUuid,
    returnId: nullableUuid,
    invoiceId: nullableUuid,
  }),
  codes: z
    .record(z.string(), z.string().optional())
    .meta({ description: 'The same entities by their codes (orderNumber, skuCode, rmaNumber…)' }),
  detectedAt: dateTime,
  lastDetectedAt: dateTime,
  ackDueAt: dateTime,
  slaDueAt: dateTime,
  acknowledgedAt: dateTime.nullable(),
  slaBreached: z.boolean(),
  resolution: z.object({
    how: z.enum(RESOLUTION_HOWS).nullable(),
    code: z.enum(RESOLUTION_CODES).nullable(),
    note: z.string().nullable(),
    resolvedAt: dateTime.nullable(),
    resolvedBy: z.string().nullable(),
  }),
  triage: z.object({
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    parked: z.boolean(),
    claimedAt: dateTime.nullable(),
    claimedBy: z.string().nullable(),
    lastRunId: z.string().nullable(),
  }),
  updatedAt: dateTime,
  assignment: assignmentSchema,
});

export const exceptionSchema = exceptionRecordSchema.and(typedEvidenceSchema).meta({ id: 'Exception' });

export const exceptionDetailSchema = exceptionRecordSchema
  .extend({
    history: z.array(
      z.object({
        id: z.number().int(),
        kind: z.string(),
        fromStatus: z.enum(EXCEPTION_STATUSES).nullable(),
        toStatus: z.enum(EXCEPTION_STATUSES).nullable(),
        actor: z.string(),
        note: z.string().nullable(),
        data: z.record(z.string(), z.unknown()),
        occurredAt: dateTime,
      }),
    ),
  })
  .and(typedEvidenceSchema)
  .meta({ id: 'ExceptionDetail' });

export const exceptionQuerySchema = z.strictObject({
  type: listParam(z.enum(EXCEPTION_TYPES)).optional(),
  severity: listParam(z.enum(SEVERITIES)).optional(),
  status: z
    .union([z.literal('live'), listParam(z.enum(EXCEPTION_STATUSES))])
    .optional()
    .meta({ description: 'A status, several (comma-separated or repeated), or "live" (open, triaging, awaiting_approval)' }),
  slaBreached: booleanParam.optional().meta({ description: 'true: only exceptions past their resolve-by time' }),
  orderId: z.uuid().optional(),
  owner: z.string().min(1).max(200).optional().meta({ description: 'Owned by this user (name)' }),
  queue: listParam(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'a queue id')).optional(),
  assigned: z
    .enum(['me', 'my-queues', 'mine-or-queues', 'unassigned'])
    .optional()
    .meta({ description: 'me = owned by the caller; my-queues = in the queues the caller works (tenant policy); mine-or-queues = either' }),
  sort: z.enum(['oldest', 'newest', 'severity', 'sla']).default('oldest').meta({ description: 'oldest = longest waiting first (by age)' }),
  limit: limitParam(1000, 100),
  offset: offsetParam,
});
export type ExceptionQuery = z.output<typeof exceptionQuerySchema>;

export function toExceptionFilters(query: ExceptionQuery): ExceptionFilters {
  return {
    ...(query.type ? { type: query.type } : {}),
    ...(query.severity ? { severity: query.severity } : {}),
    ...(query.status ? { status: query.status } : {}),
    ...(query.slaBreached !== undefined ? { slaBreached: query.slaBreached } : {}),
    ...(query.orderId ? { orderId: query.orderId } : {}),
    ...(query.owner ? { owner: query.owner } : {}),
    ...(query.queue ? { queue: query.queue } : {}),
    sort: query.sort,
    limit: query.limit,
    offset: query.offset,
  };
}

/** "Assigned to me / my queues" in exception filters: my queues are the ones the tenant policy lists me in. */
export async function assignedFilters(
  tx: Tx,
  principal: Principal,
  assigned: 'me' | 'my-queues' | 'mine-or-queues' | 'unassigned',
): Promise<Partial<ExceptionFilters>> {
  if (assigned === 'unassigned') return { unassigned: true };
  if (assigned === 'me') return { owner: principal.userName };
  const queues = queuesOf((await loadActivePolicy(tx, principal.tenantId)).document.routing, principal.userName);
  // No queues: an empty list, which matches nothing (not "any queue").
  if (assigned === 'my-queues') return { queue: queues };
  return { owner: principal.userName, queue: queues, mineOrQueues: true };
}

/**
 * Until when the clock leaves listed exceptions' `slaBreached` as computed at `now`: the first resolve-by
 * time still ahead of an unresolved one. (With the `slaBreached` filter the list itself changes as any
 * exception of the tenant passes its time, so such lists are not kept at all.)
 */
export function nextSlaBreach(
  exceptions: ReadonlyArray<{ slaDueAt: string; resolution: { resolvedAt: string | null } }>,
  now: number,
): number {
  let next = Number.POSITIVE_INFINITY;
  for (const exception of exceptions) {
    if (exception.resolution.resolvedAt !== null) continue;
    const due = Date.parse(exception.slaDueAt);
    if (due > now && due < next) next = due;
  }
  return next;
}

/** The write notes an exception list depends on (docs/decisions/012-write-notes.md; checked in read-dependencies.test.ts). */
export function exceptionListDependencies(query: { assigned?: unknown }): string[] {
  return ['table:exceptions', ...(query.assigned ? ['table:policy_versions'] : [])];
}

export function registerExceptionRoutes(api: ApiRouter, { db }: ApiDependencies): void {
  addRoute(
    api,
    {
      method: 'get',
      path: '/v1/exceptions',
      tags: ['exceptions'],
      summary: 'The exception queue: filter by type, severity, status and SLA breach; sort by age, severity or SLA',
      access: ORDER_READER_ROLES,
      query: exceptionQuerySchema,
      response: z.object({ exceptions: z.array(exceptionSchema) }),
      responseDescription: 'Matching exceptions',
      readCache: {
        // Lists read the exceptions table as a whole; the caller's queues come from the active policy.
        dependsOn: (_body, { query }) => exceptionListDependencies(query),
        validUntil: (body, { query }, now) => (query.slaBreached === undefined ? nextSlaBreach(body.exceptions, now) : now),
      },
    },
    async (c, { query }) => {
      const principal = getPrincipal(c);
      // One statement unless `assigned` asks for the caller's queues first (core/db/tenant-read.ts).
      const exceptions = await readInTenant(db, principal.tenantId, async (tx) => {
        const filters = toExceptionFilters(query);
        if (query.assigned) Object.assign(filters, await assignedFilters(tx, principal, query.assigned));
        return listExceptions(tx, filters);
      });
      return { exceptions: toJsonSafe(exceptions) };
    },
  );

  addRoute(
    api,
    {
      method: 'get',
      path: '/v1/exceptions/{exceptionId}',
      tags: ['exceptions'],
      summary: 'One exception with evidence, entity references and history',
      access: ORDER_READER_ROLES,
      params: uuidParam('exceptionId'),
      response: exceptionDetailSchema,
      responseDescription: 'The exception',
      errors: [404],
    },
    async (c, { params }) => toJsonSafe(await withTenant(db, getPrincipal(c).tenantId, (tx) => getException(tx, params.exceptionId))),
  );
}
