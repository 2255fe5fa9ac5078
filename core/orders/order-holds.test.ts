import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { createTestDb } from '../testing/test-db.ts';
import { HOLD_REASON_CODES, HOLD_REASONS } from './order-holds.ts';

describe('hold reason codes', () => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(async () => db.close());

  it('the schema accepts exactly the codes the code knows (the migration check cannot import the list)', async () => {
    const result = await db.query<{ definition: string }>(
      `SELECT pg_get_constraintdef(oid) AS definition FROM pg_constraint
        WHERE conrelid = 'order_holds'::regclass AND contype = 'c' AND pg_get_constraintdef(oid) LIKE '%reason_code%'`,
    );
    expect(result.rows).toHaveLength(1);
    const inSchema = [...result.rows[0]!.definition.matchAll(/'([A-Z-]+)'/g)].map((match) => match[1]);
    expect(new Set(inSchema)).toEqual(new Set(HOLD_REASON_CODES));
    expect(inSchema).toHaveLength(HOLD_REASON_CODES.length);
  });

  it('every code says what it means', () => {
    expect(HOLD_REASON_CODES).toEqual(Object.keys(HOLD_REASONS));
    for (const code of HOLD_REASON_CODES) expect(HOLD_REASONS[code].length).toBeGreaterThan(5);
  });
});
