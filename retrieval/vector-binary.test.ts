import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../core/db/database.ts';
import { openPgliteInThread } from '../core/db/pglite-in-thread.ts';
import { openPgliteWithInstance } from '../core/db/pglite.ts';
import { openPostgres } from '../core/db/postgres.ts';
import { toVectorBinary, toVectorLiteral } from './vector-literal.ts';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

// Values whose text forms are long or awkward: full double precision, tiny, negative, exact float4s.
const VECTOR = [0.1, -0.30000000000000004, 1 / 3, 1e-7, -2.5, 0, 0.12345678901234566, Math.fround(0.7)];

/** Stores the vector as text and as binary (a parameter each), and reads both back as text. */
async function roundTrip(db: Database): Promise<{ text: string; binary: string; other: string }> {
  return db.transaction(async (tx) => {
    await tx.query('CREATE TEMP TABLE vectors (id int, embedding vector(8), label text) ON COMMIT DROP');
    await tx.query('INSERT INTO vectors VALUES (1, $1::vector, $2), (2, $3::vector, $4)', [
      toVectorLiteral(VECTOR, 8),
      'text',
      toVectorBinary(VECTOR, 8),
      'binary',
    ]);
    const rows = await tx.query<{ id: number; embedding: string; label: string }>(
      'SELECT id, embedding::text AS embedding, label FROM vectors ORDER BY id',
    );
    return { text: rows.rows[0]!.embedding, binary: rows.rows[1]!.embedding, other: rows.rows[1]!.label };
  });
}

// pgvector's binary form, sent as a binary parameter, is stored exactly as the text form would be, on
// every backend: PGlite in process, PGlite on its own thread, and a `pg` client (over pglite-socket).
describe('vectors as binary parameters', () => {
  let root: string;
  let embedded: Awaited<ReturnType<typeof openPgliteWithInstance>>;
  let threaded: Database;
  let server: PGLiteSocketServer;
  let overSocket: Database;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'copilot-vector-binary-'));
    embedded = await openPgliteWithInstance();
    await embedded.db.exec('CREATE EXTENSION IF NOT EXISTS vector');
    threaded = await openPgliteInThread(join(root, 'data'));
    await threaded.exec('CREATE EXTENSION IF NOT EXISTS vector');
    const port = await freePort();
    server = new PGLiteSocketServer({ db: embedded.pglite, host: '127.0.0.1', port });
    await server.start();
    overSocket = openPostgres({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres`, maxConnections: 1 });
  });
  afterAll(async () => {
    await overSocket?.close();
    await server?.stop();
    await embedded?.db.close();
    await threaded?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('stores the same float4 values as the text form, beside text parameters of the same statement', async () => {
    for (const db of [embedded.db, threaded, overSocket]) {
      const stored = await roundTrip(db);
      expect(stored.binary).toBe(stored.text);
      expect(stored.other).toBe('binary');
    }
  });

  it('refuses a vector of the wrong length or with a non-finite value, as the text form does', () => {
    expect(() => toVectorBinary([1, 2], 3)).toThrow(/2 dimensions, the index expects 3/);
    expect(() => toVectorBinary([1, Number.NaN], 2)).toThrow(/non-finite/);
  });
});
