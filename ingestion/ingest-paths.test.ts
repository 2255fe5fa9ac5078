import { mkdtemp, rm, truncate, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Tx } from '../core/db/database.ts';
import { asOperator } from '../core/db/tenant-scope.ts';
import { createTenant, type Tenant } from '../core/tenants/tenants.ts';
import { createTestDb } from '../core/testing/test-db.ts';
import { getDocument, listDocuments, resolveCitation } from '../retrieval/documents.ts';
import { LocalHashEmbeddings } from '../retrieval/embeddings/local-hash-embeddings.ts';
import { ingestPaths } from './ingest-paths.ts';
import { nothingIngested } from './ingest-report.ts';

/** The local embedder, counting how many texts it was asked to embed. */
class CountingEmbedder extends LocalHashEmbeddings {
  texts = 0;
  override async embedDocuments(documents: string[]): Promise<number[][]> {
    this.texts += documents.length;
    return super.embedDocuments(documents);
  }
}

const runbook = (id: string, title: string, sections: Record<string, string>, extra = ''): string =>
  [`---`, `id: ${id}`, `title: ${title}`, `type: runbook`, `applies_to: [stock_conflict]`, `version: 1`, extra, `---`, `# ${title}`, '']
    .filter((line) => line !== '')
    .join('\n') +
  '\n' +
  Object.entries(sections)
    .map(([heading, body]) => `## ${heading}\n\n${body}\n`)
    .join('\n');

const counts = (db: Database): Promise<{ documents: number; chunks: number; maxKey: number; maxChunk: number }> =>
  asOperator(db, async (tx: Tx) => {
    const result = await tx.query<{ documents: number; chunks: number; max_key: number; max_chunk: number }>(
      `SELECT (SELECT count(*) FROM knowledge_documents) AS documents, (SELECT count(*) FROM knowledge_chunks) AS chunks,
              (SELECT coalesce(max(key), 0) FROM knowledge_documents) AS max_key, (SELECT coalesce(max(id), 0) FROM knowledge_chunks) AS max_chunk`,
    );
    const row = result.rows[0]!;
    return { documents: row.documents, chunks: row.chunks, maxKey: row.max_key, maxChunk: row.max_chunk };
  });

/** Term statistics and the chunk count search uses, next to the truth they summarise. */
const statistics = (db: Database) =>
  asOperator(db, async (tx: Tx) => {
    const result = await tx.query<{ recorded: number; actual: number; terms: number }>(
      `SELECT (SELECT chunk_count FROM knowledge_index) AS recorded,
              (SELECT count(*)::int FROM knowledge_chunks WHERE is_current AND tenant_id IS NULL) AS actual,
              (SELECT count(*)::int FROM knowledge_term_stats) AS terms`,
    );
    return result.rows[0]!;
  });

describe('ingestPaths', () => {
  let db: Database;
  let dir: string;
  let acme: Tenant;
  const embedder = new CountingEmbedder();
  const ingest = (paths: string[], options: { prune?: boolean; tenant?: string } = {}) => ingestPaths(db, paths, { embedder, ...options });

  beforeAll(async () => {
    db = await createTestDb();
    acme = await createTenant(db, { slug: 'acme', name: 'Acme' });
    await createTenant(db, { slug: 'globex', name: 'Globex' });
    dir = await mkdtemp(join(tmpdir(), 'copilot-ingest-'));
    await writeFile(
      join(dir, 'rb-oversell.md'),
      runbook('rb-oversell', 'Oversell triage', {
        'Check first': 'Compare on-hand and allocated.',
        Escalation: 'Page the lead after 25 lines.',
      }),
    );
    await writeFile(
      join(dir, 'sop-count.md'),
      runbook('sop-count', 'Cycle count', { Counting: 'Count the bin twice.', Variance: 'Recount when variance exceeds 2%.' }),
    );
    await writeFile(
      join(dir, 'acme-refunds.md'),
      runbook('acme-refunds', 'Acme refund terms', { Terms: 'Acme refunds within 14 days.' }, 'visibility: acme'),
    );
  });
  afterAll(async () => {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('adds documents with their chunks, private ones for their tenant', async () => {
    const report = await ingest([dir]);
    expect(report.added.map((entry) => [entry.documentId, entry.tenant, entry.version])).toEqual([
      ['acme-refunds', 'acme', 1],
      ['rb-oversell', null, 1],
      ['sop-count', null, 1],
    ]);
    expect(report.skipped).toEqual([]);
    expect(report.embeddingsComputed).toBe(report.chunksWritten);
    expect(embedder.texts).toBe(report.chunksWritten);
    expect((await listDocuments(db, undefined)).map((document) => document.documentId)).toEqual(['rb-oversell', 'sop-count']);
    expect((await listDocuments(db, acme.id)).map((document) => document.documentId)).toEqual(['acme-refunds', 'rb-oversell', 'sop-count']);
  });

  it('re-ingesting unchanged files embeds nothing and writes nothing', async () => {
    const before = await counts(db);
    embedder.texts = 0;
    const report = await ingest([dir]);
    expect(report.unchanged).toHaveLength(3);
    expect([report.added.length, report.updated.length, report.embeddingsComputed, report.chunksWritten, embedder.texts]).toEqual([
      0, 0, 0, 0, 0,
    ]);
    expect(await counts(db)).toEqual(before);
  });

  it('repairs term statistics an ingest killed before refreshing them left stale, though every document is unchanged', async () => {
    const fresh = await statistics(db);
    expect(fresh.recorded).toBe(fresh.actual);
    await asOperator(db, async (tx) => {
      await tx.query('DELETE FROM knowledge_term_stats');
      await tx.query('UPDATE knowledge_index SET chunk_count = 0');
    });
    const report = await ingest([dir]);
    expect(report.unchanged).toHaveLength(3);
    expect(await statistics(db)).toEqual(fresh);
  });

  it('replaces a changed document with a new version, re-embedding only changed sections', async () => {
    const oldEscalation = await resolveCitation(db, undefined, 'rb-oversell#escalation');
    await writeFile(
      join(dir, 'rb-oversell.md'),
      runbook('rb-oversell', 'Oversell triage', {
        'Check first': 'Compare on-hand and allocated.',
        Escalation: 'Page the lead after 10 lines.',
      }),
    );
    embedder.texts = 0;
    const report = await ingest([dir]);
    expect(report.updated.map((entry) => [entry.documentId, entry.version])).toEqual([['rb-oversell', 2]]);
    expect(report.embeddingsReused).toBeGreaterThan(0);
    expect(embedder.texts).toBe(report.embeddingsComputed);
    expect(report.embeddingsComputed).toBe(1);

    const current = await getDocument(db, undefined, 'rb-oversell');
    expect([current.version, current.current, current.versions]).toEqual([2, true, [1, 2]]);
    expect((await resolveCitation(db, undefined, 'rb-oversell#escalation'))!.content).toBe('Page the lead after 10 lines.');
    // The old version stays citable, out of search.
    const old = await resolveCitation(db, undefined, 'rb-oversell#escalation', 1);
    expect(old).toMatchObject({ version: 1, current: false, content: oldEscalation!.content });
    const superseded = await asOperator(db, (tx) =>
      tx.query<{ vectors: number; current: number }>(
        `SELECT count(embedding) AS vectors, count(*) FILTER (WHERE is_current) AS current FROM knowledge_chunks WHERE document_id = 'rb-oversell' AND version = 1`,
      ),
    );
    expect(superseded.rows[0]).toEqual({ vectors: 0, current: 0 });
  });

  it('replaces atomically: a failure while writing leaves the previous version whole', async () => {
    await writeFile(
      join(dir, 'sop-count.md'),
      runbook('sop-count', 'Cycle count', { Counting: 'Count the bin three times.', Variance: 'Recount.' }),
    );
    // A database whose transactions fail at commit time once they have written chunks.
    const crashing: Database = {
      ...db,
      transaction: (fn) =>
        db.transaction(async (tx) => {
          let wroteChunks = false;
          const spy: Tx = {
            exec: tx.exec,
            query: (sql, params) => ((wroteChunks ||= sql.includes('INSERT INTO knowledge_chunks')), tx.query(sql, params)),
          };
          const result = await fn(spy);
          if (wroteChunks) throw new Error('connection lost before commit');
          return result;
        }),
    };
    const before = await counts(db);
    const report = await ingestPaths(crashing, [dir], { embedder });
    expect(report.skipped).toEqual([
      { path: join(dir, 'sop-count.md'), documentId: 'sop-count', reason: expect.stringMatching(/not written: connection lost/) },
    ]);
    expect(await counts(db)).toEqual(before);
    const document = await getDocument(db, undefined, 'sop-count');
    expect([document.version, document.current]).toEqual([1, true]);
    expect((await resolveCitation(db, undefined, 'sop-count#counting'))!.content).toBe('Count the bin twice.');
    // The next healthy run applies the change.
    expect((await ingest([dir])).updated.map((entry) => entry.documentId)).toEqual(['sop-count']);
  });

  it('skips bad files with a reason and ingests the rest', async () => {
    const bad = await mkdtemp(join(tmpdir(), 'copilot-bad-'));
    await writeFile(join(bad, 'good.md'), runbook('good-doc', 'Good', { Body: 'Fine text.' }));
    await writeFile(join(bad, 'empty.md'), '');
    await writeFile(join(bad, 'binary.md'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0x08, 0]));
    await writeFile(join(bad, 'huge.md'), '# Huge');
    await truncate(join(bad, 'huge.md'), 50 * 1024 * 1024);
    await writeFile(join(bad, 'malformed.md'), '---\nid: m\ntitle: "unterminated\n---\nbody\n');
    await writeFile(join(bad, 'dup-a.md'), runbook('dup-id', 'Dup A', { Body: 'A.' }));
    await writeFile(join(bad, 'dup-b.md'), runbook('dup-id', 'Dup B', { Body: 'B.' }));
    await writeFile(join(bad, 'clash.md'), runbook('rb-oversell', 'Private copy', { Body: 'x' }, 'visibility: globex'));
    await writeFile(join(bad, 'ghost.md'), runbook('ghost-doc', 'Ghost', { Body: 'x' }, 'visibility: nobody'));
    const report = await ingestPaths(db, [bad], { embedder, maxFileBytes: 10 * 1024 * 1024 });
    await rm(bad, { recursive: true, force: true });

    expect(report.added.map((entry) => entry.documentId)).toEqual(['good-doc']);
    const reasons = Object.fromEntries(report.skipped.map((entry) => [entry.path.slice(bad.length + 1), entry.reason]));
    expect(reasons).toEqual({
      'binary.md': expect.stringMatching(/binary/),
      'clash.md': 'id "rb-oversell" is already a global document',
      'dup-a.md': expect.stringMatching(/duplicate document id "dup-id" \(also in .*dup-b\.md\)/),
      'dup-b.md': expect.stringMatching(/duplicate document id "dup-id" \(also in .*dup-a\.md\)/),
      'empty.md': 'empty file',
      'ghost.md': 'visibility names tenant "nobody", which does not exist',
      'huge.md': 'file is 50.0 MB, over the 10.0 MB limit',
      'malformed.md': expect.stringMatching(/^line 3: malformed front-matter/),
    });
    expect(nothingIngested(report)).toBe(false);
    expect((await listDocuments(db, undefined)).map((document) => document.documentId)).not.toContain('dup-id');
  });

  it('reports nothing ingested when every file is bad', async () => {
    const bad = await mkdtemp(join(tmpdir(), 'copilot-allbad-'));
    await writeFile(join(bad, 'empty.md'), '');
    const report = await ingestPaths(db, [bad], { embedder });
    await rm(bad, { recursive: true, force: true });
    expect(nothingIngested(report)).toBe(true);
  });

  it('with --tenant makes documents private to that tenant and refuses other declarations', async () => {
    const own = await mkdtemp(join(tmpdir(), 'copilot-tenant-'));
    await writeFile(join(own, 'notes.md'), '# Globex returns\n\nGlobex restocks returns within 2 days.');
    await writeFile(join(own, 'declared-global.md'), runbook('declared-global', 'Global', { Body: 'x' }, 'visibility: global'));
    await writeFile(join(own, 'for-acme.md'), runbook('for-acme', 'Acme', { Body: 'x' }, 'visibility: acme'));
    const report = await ingest([own], { tenant: 'globex' });
    await rm(own, { recursive: true, force: true });
    expect(report.added.map((entry) => [entry.documentId, entry.tenant])).toEqual([['notes', 'globex']]);
    expect(report.skipped.map((entry) => entry.reason)).toEqual([
      'declares visibility "global"; ingest it without --tenant',
      'declares visibility "acme", not tenant globex',
    ]);
    expect((await listDocuments(db, acme.id)).map((document) => document.documentId)).not.toContain('notes');
  });

  it('--prune retires documents whose files are gone, keeping them citable', async () => {
    await unlink(join(dir, 'sop-count.md'));
    const withoutPrune = await ingest([dir]);
    expect(withoutPrune.pruned).toEqual([]);
    const report = await ingest([dir], { prune: true });
    expect(report.pruned).toEqual([{ documentId: 'sop-count', tenant: null, path: expect.stringMatching(/sop-count\.md$/) }]);
    expect((await listDocuments(db, undefined)).map((document) => document.documentId)).not.toContain('sop-count');
    expect(await resolveCitation(db, undefined, 'sop-count#counting')).toMatchObject({ current: false, version: 2 });
    // The retired document's chunks no longer count in the statistics search ranks with.
    const after = await statistics(db);
    expect(after.recorded).toBe(after.actual);
    // Pruning a path that does not exist is refused rather than retiring everything under it.
    const typo = await ingest([join(dir, 'no-such-dir')], { prune: true });
    expect(typo.pruned).toEqual([]);
  });
});
