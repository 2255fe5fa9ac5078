import { z } from 'zod';
import { ForbiddenError, ValidationError } from '../errors.ts';
import type { Database, QueryOptions, QueryResult, ScopeSetting, Tx } from './database.ts';
import { currentPartnerScope } from './partner-scope.ts';
import { settingsStatement } from './scoped-statements.ts';

/** Role for all tenant work: subject to row-level security, cannot bypass it. */
export const APP_ROLE = 'copilot_app';
/** Role for the operator (CLI, worker claiming across tenants, API-key lookup): sees every tenant. */
export const OPERATOR_ROLE = 'copilot_operator';

const tenantIdSchema = z.uuid();

/**
 * Runs fn in one transaction as the RLS-bound role with the tenant set for that transaction only.
 * Every tenant-owned read and write in the product goes through here, so a query can never see
 * another tenant's rows, even when it asks for them by id.
 */
export async function withTenant<T>(db: Database, tenantId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  if (!tenantIdSchema.safeParse(tenantId).success) {
    throw new ValidationError(`tenant id must be a UUID, got ${JSON.stringify(tenantId)}`);
  }
  const partner = currentPartnerScope();
  if (!partner) {
    return db.transaction(
      async (tx) => {
        // One statement for role and tenant: set_config('role', …, true) is SET LOCAL ROLE (same checks,
        // reverted at the transaction's end), and every tenant transaction, each read included, saves a
        // round trip to the database (docs/benchmarks.md, reads).
        await tx.query(`SELECT set_config('role', '${APP_ROLE}', true), set_config('app.tenant_id', $1, true)`, [tenantId]);
        return fn(tx);
      },
      { tenantId },
    );
  }
  // A partner principal: the database admits the tenant only through an unrevoked grant (else every
  // query sees no rows and every write fails its policy check); an analyst's transaction is read-only.
  try {
    return await db.transaction(
      async (tx) => {
        if (partner.readOnly) await tx.query('SET TRANSACTION READ ONLY');
        await tx.query(
          `SELECT set_config('role', '${APP_ROLE}', true), set_config('app.tenant_id', $1, true), set_config('app.partner_id', $2, true)`,
          [tenantId, partner.partnerId],
        );
        return fn(tx);
      },
      { tenantId },
    );
  } catch (error) {
    if (isReadOnlyViolation(error)) throw readOnlyForbidden(tenantId);
    throw error;
  }
}

function readOnlyForbidden(tenantId: string | null): ForbiddenError {
  return new ForbiddenError('partner_analyst access is read-only: nothing can be changed', { tenantId });
}

/** SQLSTATE 25006: a write attempted in a READ ONLY transaction. */
function isReadOnlyViolation(error: unknown): boolean {
  for (let cause: unknown = error; cause instanceof Error; cause = cause.cause) {
    if ((cause as { code?: unknown }).code === '25006') return true;
  }
  return false;
}

/** Runs fn in one transaction as the cross-tenant operator (CLI without --tenant, workers, auth lookup). */
export async function asOperator<T>(db: Database, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.query(`SELECT set_config('role', '${OPERATOR_ROLE}', true), set_config('app.tenant_id', '', true)`);
    return fn(tx);
  });
}

export interface ScopedStatementOptions {
  /** Further transaction-local settings for the statement (e.g. an index scan's), after role and tenant. */
  settings?: readonly ScopeSetting[];
  /**
   * How the statement is kept prepared (default `true`: on a PostgreSQL server only; `'everywhere'`:
   * the embedded database's session too). A PostgreSQL server's one-message scoped query keeps every
   * scoped statement prepared per connection.
   */
  prepare?: QueryOptions['prepare'];
}

/**
 * One read statement in the tenant's scope (tenantId) or the operator's (null), with the same role,
 * tenant and partner settings withTenant/asOperator apply, so row-level security decides what it
 * sees. A backend with `scopedQuery` (a PostgreSQL server, the embedded database) runs it in one
 * round trip; otherwise it is a transaction with one settings statement before it.
 */
export async function queryInTenantScope<Row>(
  db: Database,
  tenantId: string | null,
  sql: string,
  params: readonly unknown[],
  options: ScopedStatementOptions = {},
): Promise<QueryResult<Row>> {
  if (tenantId !== null && !tenantIdSchema.safeParse(tenantId).success) {
    throw new ValidationError(`tenant id must be a UUID, got ${JSON.stringify(tenantId)}`);
  }
  const partner = tenantId === null ? undefined : currentPartnerScope();
  const settings: ScopeSetting[] =
    tenantId === null
      ? [
          ['role', OPERATOR_ROLE],
          ['app.tenant_id', ''],
        ]
      : [['role', APP_ROLE], ['app.tenant_id', tenantId], ...(partner ? [['app.partner_id', partner.partnerId] as const] : [])];
  settings.push(...(options.settings ?? []));
  const readOnly = partner?.readOnly ?? false;
  // A tenant's transaction names its tenant, as withTenant's do (write tracking counts its writes against it).
  const scope = tenantId === null ? undefined : { tenantId };
  const prepare = options.prepare ?? true;
  try {
    if (db.scopedQuery) return await db.scopedQuery<Row>(sql, params, { settings, readOnly, prepare, ...(scope ? { scope } : {}) });
    return await db.transaction(async (tx) => {
      if (readOnly) await tx.query('SET TRANSACTION READ ONLY');
      const setting = settingsStatement(settings);
      await tx.query(setting.sql, setting.params);
      return tx.query<Row>(sql, params, { prepare });
    }, scope);
  } catch (error) {
    // The same answer withTenant gives a read-only partner who tries a write.
    if (readOnly && isReadOnlyViolation(error)) throw readOnlyForbidden(tenantId);
    throw error;
  }
}
