import { describe } from 'vitest';
import { createTestDb } from '../testing/test-db.ts';
import { followUpSliceTests } from './testing/follow-up-slices.ts';

// The embedded database; test/pg/follow-up-slices.pg.test.ts runs the same on PostgreSQL 15.
describe('applyEvents: follow-up events in slices leave exactly what one by one leaves', () =>
  followUpSliceTests(async () => {
    const db = await createTestDb();
    return { db, close: () => db.close() };
  }));
