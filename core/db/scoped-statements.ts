/**
 * The statements of a scoped statement's transaction, in order — READ ONLY if asked, the
 * transaction-local settings in one statement, the statement itself, then a check — for backends that
 * run them in one go (the embedded database, on its thread or in process).
 */
import type { QueryOptions, ScopedQueryOptions, ScopeSetting } from './database.ts';

export interface ScopedStatement {
  sql: string;
  params: readonly unknown[];
  prepare?: QueryOptions['prepare'];
}

/** A statement run after the scoped one in the same transaction (write tracking's check); its first row comes back. */
export interface FollowingCheck {
  sql: string;
  params: readonly unknown[];
}

/** `SELECT set_config($1, $2, true), …`: every setting in one statement, each for this transaction only. */
export function settingsStatement(settings: readonly ScopeSetting[]): ScopedStatement {
  return {
    sql: `SELECT ${settings.map((_, index) => `set_config($${2 * index + 1}, $${2 * index + 2}, true)`).join(', ')}`,
    params: settings.flat(),
  };
}

export function scopedStatements(
  sql: string,
  params: readonly unknown[],
  options: ScopedQueryOptions,
  check?: FollowingCheck,
): ScopedStatement[] {
  const statements: ScopedStatement[] = [];
  if (options.readOnly) statements.push({ sql: 'SET TRANSACTION READ ONLY', params: [] });
  if (options.settings.length) statements.push(settingsStatement(options.settings));
  statements.push({ sql, params, ...(options.prepare ? { prepare: options.prepare } : {}) });
  if (check) statements.push(check);
  return statements;
}
