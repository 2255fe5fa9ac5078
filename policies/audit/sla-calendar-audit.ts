/**
 * Changing a tenant's SLA calendar with its audit entry, in one tenant transaction, for every edge that
 * offers it (the API for tenant admins, the operator's CLI): the calendar is core/exceptions', the log is ours.
 */
import type { Database } from '../../core/db/database.ts';
import { withTenant } from '../../core/db/tenant-scope.ts';
import { setSlaCalendarIn, type SlaCalendarChange } from '../../core/exceptions/index.ts';
import { appendAuditEntry } from './append-audit-entry.ts';
import type { AuditActor } from './audit-entry.ts';

/**
 * Validates and stores the calendar and writes `sla_calendar.changed` (before and after) in the tenant's
 * log; a bad calendar is a ValidationError and nothing is written. Clocks started afterwards use it.
 */
export async function changeSlaCalendar(db: Database, tenantId: string, input: unknown, actor: AuditActor): Promise<SlaCalendarChange> {
  return withTenant(db, tenantId, async (tx) => {
    const change = await setSlaCalendarIn(tx, tenantId, input, actor.name ?? actor.kind);
    await appendAuditEntry(tx, {
      tenantId,
      actor,
      action: 'sla_calendar.changed',
      entityType: 'tenant',
      entityId: tenantId,
      before: change.before,
      after: change.after,
    });
    return change;
  });
}
