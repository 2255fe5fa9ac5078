import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../core/config.ts';
import { createTenant } from '../core/tenants/tenants.ts';
import { createTestDb } from '../core/testing/test-db.ts';
import { listDocuments } from '../retrieval/documents.ts';
import { LocalHashEmbeddings } from '../retrieval/embeddings/local-hash-embeddings.ts';
import { BUNDLED_CORPUS_DIR, ingestBundledCorpus } from './bundled-corpus.ts';

describe('ingestBundledCorpus', () => {
  it('ingests every bundled file, then nothing on a second start', async () => {
    const db = await createTestDb();
    try {
      const embedder = new LocalHashEmbeddings();
      const config = loadConfig({});
      // Before the demo tenants exist, their private runbooks wait (and are reported as such).
      const early = await ingestBundledCorpus(db, undefined, { config, embedder });
      const waiting = [...new Set(early.skipped.map((entry) => entry.missingTenant))];
      expect(early.skipped.every((entry) => entry.missingTenant)).toBe(true);
      for (const slug of waiting) await createTenant(db, { slug: slug!, name: slug! });

      const first = await ingestBundledCorpus(db, undefined, { config, embedder });
      const files = readdirSync(BUNDLED_CORPUS_DIR).filter((name) => name.endsWith('.md'));
      expect(first.skipped).toEqual([]);
      expect(early.added.length + first.added.length).toBe(files.length);
      expect(files.length).toBeGreaterThanOrEqual(30);

      const second = await ingestBundledCorpus(db, undefined, { config, embedder });
      expect([second.added.length, second.updated.length, second.pruned.length, second.embeddingsComputed, second.chunksWritten]).toEqual([
        0, 0, 0, 0, 0,
      ]);
      expect(second.unchanged).toHaveLength(files.length);
      expect((await listDocuments(db, undefined)).length).toBe(files.length - early.skipped.length);
    } finally {
      await db.close();
    }
  });
});
