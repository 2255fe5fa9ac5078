/**
 * `npm run bench -- retrieval [--sizes 10000,100000] [--queries 100] [--k 10] [--memory] [--skip-langchain] [--keep DIR | --index DIR] [--json]`
 *
 * For each size: generates a synthetic corpus of that many chunks from the bundled corpus's
 * vocabulary, ingests it through the product's pipeline on PGlite (embedding, row inserts, HNSW
 * build — timed separately), measures query latency p50/p95 per search mode (the modes interleaved
 * query by query), then serves the same database to `pg` clients with pglite-socket, loads
 * LangChain's PGVectorStore (same vectors, its own table and HNSW index), and runs the same queries
 * through the product's search over that socket and through LangChain's `similaritySearch`,
 * interleaved query by query so both sides share the same moments of the machine's load.
 */
import { createServer } from 'node:net';
import { parseArgs } from 'node:util';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { Document } from '@langchain/core/documents';
import { PGVectorStore } from '@langchain/community/vectorstores/pgvector';
import type { Database } from '../core/db/database.ts';
import { ValidationError } from '../core/errors.ts';
import { migrateAll } from '../core/db/open.ts';
import { openPgliteWithInstance } from '../core/db/pglite.ts';
import { openPostgres } from '../core/db/postgres.ts';
import { asOperator } from '../core/db/tenant-scope.ts';
import { ingestDocuments } from '../ingestion/ingest-documents.ts';
import { loadRetrievalSuite } from '../eval/retrieval/retrieval-suite.ts';
import { LocalSemanticEmbeddings } from '../retrieval/embeddings/local-semantic-embeddings.ts';
import { searchKnowledge } from '../retrieval/search/search-knowledge.ts';
import { countCurrentChunks, readCurrentChunkVectors } from '../retrieval/store/chunk-vectors.ts';
import { listCurrentDocuments } from '../retrieval/store/knowledge-writes.ts';
import type { SearchMode } from '../retrieval/search/search-types.ts';
import { openIndexDirectory } from './retrieval/index-directory.ts';
import { type Latency, measureInterleaved } from './retrieval/interleaved-latency.ts';
import { loadVocabulary, syntheticDocuments } from './retrieval/synthetic-corpus.ts';
import { seededRandom } from './support/seeded-random.ts';

const MODES: readonly SearchMode[] = ['hybrid', 'vector', 'text'];
const LANGCHAIN_TABLE = 'langchain_bench_chunks';

export interface SizeResult {
  chunks: number;
  documents: number;
  /** Absent when the run reused a kept index (`--index DIR`): nothing was ingested. */
  ingest?: {
    embedChunksPerSecond: number;
    insertSeconds: number;
    indexBuildSeconds: number;
    insertAndIndexChunksPerSecond: number;
    totalSeconds: number;
    /** CPU seconds of this process for the whole ingest (embed + insert + index builds + statistics). */
    cpuSeconds: number;
  };
  queries: number;
  inProcess: Record<SearchMode, Latency>;
  overSocket?: Record<SearchMode, Latency>;
  /** LangChain's side: its inserts (the product's vectors, no embedding) and its HNSW build, nothing else. */
  langchain?: {
    insertSeconds: number;
    indexBuildSeconds: number;
    insertAndIndexChunksPerSecond: number;
    /** CPU seconds of this process for LangChain's inserts and index build. */
    cpuSeconds: number;
    /**
     * What `addDocuments` adds before those inserts: the same embedder's `embedDocuments` over the
     * chunks' text, in LangChain's pages (timed apart; the rows get the product's vectors as before).
     */
    embedSeconds: number;
    embedCpuSeconds: number;
    similaritySearch: Latency;
    usesHnswIndex: boolean;
  };
}

const log = (message: string): void => {
  process.stderr.write(`[bench retrieval] ${message}\n`);
};
const since = (started: number): number => (performance.now() - started) / 1000;
const cpuSince = (started: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1e6;
};

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

/** The product's search in each mode, interleaved query by query. */
function productRunners(
  db: Database,
  k: number,
  embedder: LocalSemanticEmbeddings,
): Record<SearchMode, (query: string) => Promise<unknown>> {
  const run = (mode: SearchMode) => (query: string) => searchKnowledge(db, { query, k, mode }, { embedder });
  return { hybrid: run('hybrid'), vector: run('vector'), text: run('text') };
}

/** LangChain's PGVectorStore on the same database (its own table), fed the product's vectors. */
async function loadLangchain(
  db: Database,
  connection: { host: string; port: number },
  queries: readonly string[],
  k: number,
  embedder: LocalSemanticEmbeddings,
  dimension: number,
): Promise<{ store: PGVectorStore; load: Omit<NonNullable<SizeResult['langchain']>, 'similaritySearch'> }> {
  const store = await PGVectorStore.initialize(embedder, {
    postgresConnectionOptions: { host: connection.host, port: connection.port, user: 'postgres', database: 'postgres', max: 2 },
    tableName: LANGCHAIN_TABLE,
    distanceStrategy: 'cosine',
    dimensions: dimension,
    chunkSize: 500,
  });
  try {
    const total = await asOperator(db, (tx) => countCurrentChunks(tx));
    let insertSeconds = 0;
    let cpuSeconds = 0;
    let embedSeconds = 0;
    let embedCpuSeconds = 0;
    for (let offset = 0; offset < total; offset += 5000) {
      const page = await asOperator(db, (tx) => readCurrentChunkVectors(tx, { offset, limit: 5000 }));
      const vectors = page.map((chunk) => chunk.embedding);
      // PGVectorStore.addDocuments is embedDocuments(pageContent of each) then addVectors: its first half, timed.
      const embedStarted = performance.now();
      const embedCpuStarted = process.cpuUsage();
      await embedder.embedDocuments(page.map((chunk) => chunk.content));
      embedCpuSeconds += cpuSince(embedCpuStarted);
      embedSeconds += since(embedStarted);
      const documents = page.map(
        (chunk) =>
          new Document({ pageContent: chunk.content, metadata: { ref: chunk.citation, documentId: chunk.documentId, title: chunk.title } }),
      );
      const started = performance.now();
      const cpuStarted = process.cpuUsage();
      await store.addVectors(vectors, documents);
      cpuSeconds += cpuSince(cpuStarted);
      insertSeconds += since(started);
      log(`langchain: inserted ${Math.min(offset + 5000, total)}/${total}`);
    }
    const indexStarted = performance.now();
    const indexCpuStarted = process.cpuUsage();
    await store.createHnswIndex({ dimensions: dimension });
    cpuSeconds += cpuSince(indexCpuStarted);
    const indexBuildSeconds = since(indexStarted);
    log(`langchain: HNSW index built in ${indexBuildSeconds.toFixed(1)} s`);
    const plan = await store.pool.query(
      `EXPLAIN SELECT *, embedding <=> $1 AS "_distance" FROM ${LANGCHAIN_TABLE} ORDER BY "_distance" ASC LIMIT ${k}`,
      [`[${(await embedder.embedQuery(queries[0]!)).join(',')}]`],
    );
    const usesHnswIndex = plan.rows.some((row: Record<string, string>) => /embedding_hnsw_idx/.test(Object.values(row).join(' ')));
    return {
      store,
      load: {
        insertSeconds,
        indexBuildSeconds,
        insertAndIndexChunksPerSecond: total / (insertSeconds + indexBuildSeconds),
        cpuSeconds,
        embedSeconds,
        embedCpuSeconds,
        usesHnswIndex,
      },
    };
  } catch (error) {
    await store.end();
    throw error;
  }
}

/** Generates the synthetic corpus of this size and ingests it as the product does, timed. */
async function ingestSynthetic(
  db: Database,
  chunks: number,
  embedder: LocalSemanticEmbeddings,
): Promise<{ chunks: number; documents: number; ingest: NonNullable<SizeResult['ingest']> }> {
  const vocabulary = await loadVocabulary();
  const documents = syntheticDocuments(vocabulary, { chunks });
  log(`${chunks} chunks: ${documents.length} synthetic documents generated; ingesting (vector index built after the rows)…`);
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  let lastReport = 0;
  const report = await ingestDocuments(db, documents, {
    embedder,
    deferVectorIndex: true,
    batchSize: 200,
    onProgress: ({ done, total }) => {
      if (done === total || performance.now() - lastReport > 5000) {
        lastReport = performance.now();
        log(`ingest: ${done}/${total} documents (${since(started).toFixed(0)} s)`);
      }
    },
  });
  const totalSeconds = since(started);
  const cpuSeconds = cpuSince(cpuStarted);
  if (report.skipped.length) throw new Error(`synthetic documents skipped: ${report.skipped[0]!.reason}`);
  const insertSeconds = report.timings.writeMs / 1000;
  const indexBuildSeconds = report.timings.indexBuildMs / 1000;
  log(
    `ingest: ${report.chunksWritten} chunks in ${totalSeconds.toFixed(1)} s (embed ${(report.timings.embedMs / 1000).toFixed(1)} s, insert ${insertSeconds.toFixed(1)} s, HNSW build ${indexBuildSeconds.toFixed(1)} s; ${cpuSeconds.toFixed(1)} s of CPU)`,
  );
  return {
    chunks: report.chunksWritten,
    documents: documents.length,
    ingest: {
      embedChunksPerSecond: report.embeddingsComputed / (report.timings.embedMs / 1000),
      insertSeconds,
      indexBuildSeconds,
      insertAndIndexChunksPerSecond: report.chunksWritten / (insertSeconds + indexBuildSeconds),
      totalSeconds,
      cpuSeconds,
    },
  };
}

/** What a kept index holds: its current chunks and documents. */
async function countKept(db: Database): Promise<{ chunks: number; documents: number }> {
  return asOperator(db, async (tx) => ({
    chunks: await countCurrentChunks(tx),
    documents: (await listCurrentDocuments(tx)).length,
  }));
}

async function benchSize(
  chunks: number,
  options: { queries: string[]; k: number; memory: boolean; langchain: boolean; keep?: string; reuse?: string },
): Promise<SizeResult> {
  const embedder = new LocalSemanticEmbeddings();
  const dimension = await embedder.dimension();
  const directory = await openIndexDirectory({
    memory: options.memory,
    ...(options.keep ? { keep: options.keep } : {}),
    ...(options.reuse ? { reuse: options.reuse } : {}),
  });
  const { pglite, db } = await openPgliteWithInstance(directory.dataDir);
  try {
    await migrateAll(db);
    let built: { chunks: number; documents: number; ingest?: NonNullable<SizeResult['ingest']> };
    if (directory.reused) {
      built = await countKept(db);
      log(`reusing the kept index in ${directory.dataDir}: ${built.chunks} chunks, ${built.documents} documents (no ingest)`);
      // LangChain's table from the run that built the index: loaded (and measured) afresh below.
      if (options.langchain) await db.exec(`DROP TABLE IF EXISTS ${LANGCHAIN_TABLE}`);
    } else {
      built = await ingestSynthetic(db, chunks, embedder);
    }

    log(`queries: ${options.queries.length} per mode, in process, the modes interleaved…`);
    const inProcess = await measureInterleaved(options.queries, productRunners(db, options.k, embedder));
    // Each part's numbers as soon as they exist: a long run stopped early still reports what it measured.
    log(`in process (ms): ${latencies(inProcess)}`);
    const result: SizeResult = {
      chunks: built.chunks,
      documents: built.documents,
      ...(built.ingest ? { ingest: built.ingest } : {}),
      queries: options.queries.length,
      inProcess,
    };

    if (options.langchain) {
      const port = await freePort();
      // pg pools hold a spare client; pglite-socket allows one connection unless told otherwise.
      const server = new PGLiteSocketServer({ db: pglite, host: '127.0.0.1', port, maxConnections: 8 });
      await server.start();
      try {
        const { store, load } = await loadLangchain(db, { host: '127.0.0.1', port }, options.queries, options.k, embedder, dimension);
        const socketDb = openPostgres({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres`, maxConnections: 2 });
        try {
          log('queries: the same through pg over pglite-socket, and LangChain similaritySearch, interleaved…');
          const { langchain: similaritySearch, ...overSocket } = await measureInterleaved(options.queries, {
            ...productRunners(socketDb, options.k, embedder),
            langchain: (query: string) => store.similaritySearch(query, options.k),
          });
          result.overSocket = overSocket;
          result.langchain = { ...load, similaritySearch };
          log(`over the socket (ms): ${latencies(result.overSocket)}`);
        } finally {
          await socketDb.close();
          await store.end();
        }
        const langchain = result.langchain;
        log(
          `langchain: insert ${langchain.insertSeconds.toFixed(1)} s, HNSW build ${langchain.indexBuildSeconds.toFixed(1)} s (${langchain.cpuSeconds.toFixed(1)} s of CPU; addDocuments' embedding would add ${langchain.embedSeconds.toFixed(1)} s, ${langchain.embedCpuSeconds.toFixed(1)} s of CPU), similaritySearch p50 ${ms(langchain.similaritySearch.p50)} / p95 ${ms(langchain.similaritySearch.p95)} ms (CPU ${ms(langchain.similaritySearch.cpuP50)} / ${ms(langchain.similaritySearch.cpuP95)})`,
        );
      } finally {
        await server.stop();
      }
    }
    return result;
  } finally {
    await db.close();
    await directory.release();
  }
}

const ms = (value: number): string => value.toFixed(1);
const latencies = (byMode: Record<SearchMode, Latency>): string =>
  MODES.map(
    (mode) =>
      `${mode} p50 ${ms(byMode[mode].p50)} / p95 ${ms(byMode[mode].p95)} (CPU ${ms(byMode[mode].cpuP50)} / ${ms(byMode[mode].cpuP95)})`,
  ).join(', ');
const ratio = (a: number, b: number): string => (b > 0 ? `${(a / b).toFixed(2)}×` : '—');

function printMarkdown(results: readonly SizeResult[], command: string): void {
  const out: string[] = [`Command: \`${command}\` (local embedder, ${results[0]?.queries ?? 0} queries per mode, k = 10)`, ''];
  // What each side includes: the product's whole ingest is chunking, embedding, the document and chunk
  // rows with their tsvector and BM25 postings (triggers), the postings key and index, the HNSW build
  // and the statistics refresh; its insert + index is the rows and index builds without embedding,
  // chunking and statistics. LangChain's is its row inserts of vectors it is handed (no embedding, no
  // text index) and its HNSW build. The two ran minutes apart, so wall times saw different loads;
  // CPU seconds of this process compare like with like.
  // The issue's goal compares the product's whole ingest (embedding included) with LangChain's insert +
  // index (vectors handed to it); the last two columns add what LangChain's addDocuments would spend
  // embedding the same chunks with the same embedder, the like-for-like comparison.
  out.push(
    '| chunks | embed (chunks/s) | insert (s) | index builds (s) | insert + index (chunks/s) | LangChain insert + index (chunks/s) | product whole ingest: wall / CPU (s) | LangChain insert + index: wall / CPU (s) | whole ingest ÷ LangChain insert + index (CPU) | LangChain embed + insert + index: wall / CPU (s) | whole ingest ÷ LangChain embed + insert + index (CPU) |',
  );
  out.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const result of results) {
    const { langchain, ingest } = result;
    const withEmbedding = langchain
      ? {
          wall: langchain.insertSeconds + langchain.indexBuildSeconds + langchain.embedSeconds,
          cpu: langchain.cpuSeconds + langchain.embedCpuSeconds,
        }
      : undefined;
    out.push(
      `| ${result.chunks} | ${ingest ? ingest.embedChunksPerSecond.toFixed(0) : '—'} | ${ingest ? ingest.insertSeconds.toFixed(1) : '—'} | ${ingest ? ingest.indexBuildSeconds.toFixed(1) : '—'} | ${ingest ? ingest.insertAndIndexChunksPerSecond.toFixed(0) : '—'} | ${langchain ? langchain.insertAndIndexChunksPerSecond.toFixed(0) : '—'} | ${ingest ? `${ingest.totalSeconds.toFixed(1)} / ${ingest.cpuSeconds.toFixed(1)}` : '— (kept index)'} | ${langchain ? `${(langchain.insertSeconds + langchain.indexBuildSeconds).toFixed(1)} / ${langchain.cpuSeconds.toFixed(1)}` : '—'} | ${langchain && ingest ? ratio(ingest.cpuSeconds, langchain.cpuSeconds) : '—'} | ${withEmbedding ? `${withEmbedding.wall.toFixed(1)} / ${withEmbedding.cpu.toFixed(1)}` : '—'} | ${withEmbedding && ingest ? ratio(ingest.cpuSeconds, withEmbedding.cpu) : '—'} |`,
    );
  }
  out.push(
    '',
    '| chunks | mode | in process p50 / p95 (ms) | pg over socket p50 / p95 (ms) | LangChain PGVectorStore p50 / p95 (ms, interleaved with the socket runs) | copilot ÷ LangChain (p95, socket) |',
  );
  out.push('|---:|---|---:|---:|---:|---:|');
  for (const result of results) {
    for (const mode of MODES) {
      const socket = result.overSocket?.[mode];
      const langchain = mode === 'vector' ? result.langchain?.similaritySearch : undefined;
      out.push(
        `| ${result.chunks} | ${mode} | ${ms(result.inProcess[mode].p50)} / ${ms(result.inProcess[mode].p95)} | ${socket ? `${ms(socket.p50)} / ${ms(socket.p95)}` : '—'} | ${langchain ? `${ms(langchain.p50)} / ${ms(langchain.p95)}` : '—'} | ${langchain && socket ? ratio(socket.p95, langchain.p95) : '—'} |`,
      );
    }
  }
  out.push(
    '',
    'CPU time per query (ms, this process: database, socket server and clients; barely moved by other load):',
    '',
    '| chunks | mode | in process p50 / p95 | pg over socket p50 / p95 | LangChain p50 / p95 | copilot ÷ LangChain (p95, socket) |',
    '|---:|---|---:|---:|---:|---:|',
  );
  for (const result of results) {
    for (const mode of MODES) {
      const socket = result.overSocket?.[mode];
      const langchain = mode === 'vector' ? result.langchain?.similaritySearch : undefined;
      out.push(
        `| ${result.chunks} | ${mode} | ${ms(result.inProcess[mode].cpuP50)} / ${ms(result.inProcess[mode].cpuP95)} | ${socket ? `${ms(socket.cpuP50)} / ${ms(socket.cpuP95)}` : '—'} | ${langchain ? `${ms(langchain.cpuP50)} / ${ms(langchain.cpuP95)}` : '—'} | ${langchain && socket ? ratio(socket.cpuP95, langchain.cpuP95) : '—'} |`,
      );
    }
  }
  out.push('', '| chunks | hybrid ÷ vector p95, in process: wall / CPU | hybrid ÷ vector p95, socket: wall / CPU |', '|---:|---:|---:|');
  for (const result of results) {
    const socket = result.overSocket;
    const both = (latency: Record<SearchMode, Latency>) =>
      `${ratio(latency.hybrid.p95, latency.vector.p95)} / ${ratio(latency.hybrid.cpuP95, latency.vector.cpuP95)}`;
    out.push(`| ${result.chunks} | ${both(result.inProcess)} | ${socket ? both(socket) : '—'} |`);
  }
  for (const result of results) {
    if (result.langchain && !result.langchain.usesHnswIndex)
      out.push('', `Note (${result.chunks} chunks): LangChain's query plan did not use its HNSW index.`);
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

export async function benchRetrieval(argv: string[] = process.argv.slice(3)): Promise<SizeResult[]> {
  const { values } = parseArgs({
    args: argv.filter((arg) => arg !== 'retrieval'),
    options: {
      sizes: { type: 'string', default: '10000,100000' },
      queries: { type: 'string', default: '100' },
      k: { type: 'string', default: '10' },
      memory: { type: 'boolean', default: false },
      'skip-langchain': { type: 'boolean', default: false },
      keep: { type: 'string' },
      index: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(
      'npm run bench -- retrieval [--sizes 10000,100000] [--queries 100] [--k 10] [--memory] [--skip-langchain] [--keep DIR | --index DIR] [--json]\n',
    );
    return [];
  }
  const sizes = String(values.sizes).split(',').map(Number);
  if (sizes.some((size) => !Number.isInteger(size) || size < 100)) throw new Error(`--sizes must be integers ≥ 100, got ${values.sizes}`);
  // A directory holds one index: --keep builds one size into it, --index reuses it (its size is what it holds).
  if ((values.keep || values.index) && sizes.length !== 1) throw new ValidationError('--keep and --index take one size (--sizes N)');
  const queryCount = Number(values.queries);
  const k = Number(values.k);

  // The labelled queries (real phrasing), topped up with sentences from the corpus.
  const suite = await loadRetrievalSuite();
  const vocabulary = await loadVocabulary();
  const random = seededRandom(7);
  const queries = suite.cases.map((entry) => entry.query).slice(0, queryCount);
  while (queries.length < queryCount)
    queries.push(vocabulary.sentences[Math.floor(random() * vocabulary.sentences.length)]!.split(' ').slice(0, 9).join(' '));

  const results: SizeResult[] = [];
  for (const size of sizes) {
    results.push(
      await benchSize(size, {
        queries,
        k,
        memory: Boolean(values.memory),
        langchain: !values['skip-langchain'],
        ...(values.keep ? { keep: values.keep } : {}),
        ...(values.index ? { reuse: values.index } : {}),
      }),
    );
  }
  if (values.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  else printMarkdown(results, `npm run bench -- retrieval ${argv.filter((arg) => arg !== 'retrieval').join(' ')}`.trim());
  return results;
}
