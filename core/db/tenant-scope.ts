import { z } from 'zod';
import { ValidationError } from '../errors.ts';
import type { Database, Tx } from './database.ts';

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
  return db.transaction(async (tx) => {
    await tx.query(`SET LOCAL ROLE ${APP_ROLE}`);
    await tx.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantId]);
    return fn(tx);
  });
}

/** Runs fn in one transaction as the cross-tenant operator (CLI without --tenant, workers, auth lookup). */
export async function asOperator<T>(db: Database, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.query(`SET LOCAL ROLE ${OPERATOR_ROLE}`);
    await tx.query(`SELECT set_config('app.tenant_id', '', true)`);
    return fn(tx);
  });
}
