/**
 * Documents and customers a written id names, exactly or by part of their id (id-segments.ts): one
 * statement, narrowed in SQL by the id's skeleton (letters and digits only, upper case) and its serial
 * (last digit run without leading zeros); the few candidates are then checked run by run in JavaScript.
 * Migration 0022 indexes both expressions, but under row-level security PostgreSQL does not use them
 * (regexp_replace is not leakproof, so the condition may not run before the tenant policy): the tenant's
 * rows are still read (bench/lookup.ts). A stored generated serial column with a plain index would be.
 */
import type { Tx } from '../db/database.ts';
import { namesBySegments, termSerial } from './id-segments.ts';
import type { RecordKind, RecordMatch } from './find-records.ts';

/** The same expressions as the indexes of migration 0022, so the planner can use them. */
const skeleton = (column: string): string => `upper(regexp_replace(${column}, '[^A-Za-z0-9]', '', 'g'))`;
const serial = (column: string): string => `regexp_replace(substring(${column} from '([0-9]+)[^0-9]*$'), '^0+(?=[0-9])', '')`;
const byIdOrSerial = (column: string): string => `(${skeleton(column)} = $1 OR ${serial(column)} = $2)`;

// Each document by its number (and a shipment also by its tracking number); customers by their code's
// serial only (their exact codes and names are matched with the named records).
const NUMBERED_SQL = `
  SELECT 'order' AS kind, number AS code, NULL AS alt FROM orders WHERE ${byIdOrSerial('number')}
  UNION ALL SELECT 'return', rma_number, NULL FROM returns WHERE ${byIdOrSerial('rma_number')}
  UNION ALL SELECT 'shipment', external_ref, tracking_number FROM shipments
   WHERE ${byIdOrSerial('external_ref')} OR ${byIdOrSerial('tracking_number')}
  UNION ALL SELECT 'invoice', invoice_number, NULL FROM invoices WHERE ${byIdOrSerial('invoice_number')}
  UNION ALL SELECT 'customer', code, name FROM customers WHERE ${serial('code')} = $2`;

/** Upper-case letters and digits only: the form in which codes are compared. */
export function codeKey(value: string): string {
  return value.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/** The records whose id the term is, or names by part (at most ten; more means the term is not distinctive). */
export async function numberedMatches(tx: Tx, term: string): Promise<RecordMatch[]> {
  const key = codeKey(term);
  if (!key) return [];
  const rows = await tx.query<{ kind: RecordKind; code: string; alt: string | null }>(
    `SELECT kind, code, alt FROM (${NUMBERED_SQL}) AS documents WHERE code IS NOT NULL ORDER BY kind, code LIMIT 50`,
    [key, termSerial(term)],
  );
  const found: RecordMatch[] = [];
  for (const row of rows.rows) {
    const exact = row.kind !== 'customer' && (codeKey(row.code) === key || (row.alt !== null && codeKey(row.alt) === key));
    const partial =
      !exact && (namesBySegments(row.code, term) || (row.kind === 'shipment' && row.alt !== null && namesBySegments(row.alt, term)));
    if (exact || partial) found.push({ kind: row.kind, code: row.code, name: row.alt, match: exact ? 'exact' : 'number', score: 0 });
  }
  return found.slice(0, 10);
}
