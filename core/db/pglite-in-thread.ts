/**
 * The embedded database on a worker thread of its own (pglite-thread.mjs), behind the same Database
 * interface as everywhere else. PGlite executes SQL synchronously on whichever thread calls it; on the
 * main thread a 1,000-event batch froze every other request, health checks included. Here the main
 * thread only posts messages, so HTTP, static files and cached authentication never wait on SQL, and
 * queries from other requests queue behind the running transaction in arrival order.
 */
import { join } from 'node:path';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.ts';
import type { Database, QueryOptions, QueryResult, ScopedQueryOptions, Tx } from './database.ts';
import { EmbeddedPreparedStatements } from './embedded-prepared.ts';
import { type FollowingCheck, scopedStatements } from './scoped-statements.ts';
import { sharedMemorySettings, type SharedMemoryProfile } from './shared-memory.ts';
import { type ScopedQueryThenCheck, trackWrites } from './write-generations.ts';

const THREAD_ENTRY = new URL('./pglite-thread.mjs', import.meta.url);
/** A thread with work in flight that answered within this long counts as alive for ping(). */
const BUSY_ALIVE_MS = 5_000;

interface SerializedError {
  message: string;
  name: string;
  [field: string]: string;
}

/** A database error from the thread, with PostgreSQL's fields (code, detail, constraint, …). */
export class EmbeddedDatabaseError extends Error {
  readonly code?: string;
  constructor(described: SerializedError) {
    super(described.message);
    Object.assign(this, described);
    this.name = described.name === 'Error' ? 'EmbeddedDatabaseError' : described.name;
  }
}

let messagesSent = 0;

/** Requests this process has sent to embedded database threads so far: benchmarks count messages per read with it. */
export function embeddedThreadMessages(): number {
  return messagesSent;
}

type Reply = { id: number; ok: true; result?: unknown } | { id: number; ok: false; error: SerializedError };

/** The clients of this process's open embedded databases (deliverDatabaseReplies). */
const openClients = new Set<ThreadClient>();

/**
 * Hands every reply the database threads have sent and this thread has not taken yet to its waiting
 * caller, now. A reply otherwise waits for the event loop to reach the reply port, which on a main
 * thread busy with fifty clients is one turn of the loop: every request that turn, tens of ms. A
 * transaction holds its database thread across each such wait (a stock adjustment is about twenty
 * round trips), and every other read queues behind it. The HTTP server calls this as each request
 * arrives (web/server.ts), so a transaction's next statement goes out after at most one request's work.
 */
export function deliverDatabaseReplies(): void {
  for (const client of openClients) client.deliverWaiting();
}

class ThreadClient {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private failure: Error | undefined;
  /** When the thread last answered anything (ms since epoch): a busy thread that keeps answering is alive. */
  lastReplyAt = Date.now();

  constructor(
    private readonly worker: Worker,
    /** The thread's replies (sent with { op: 'open' }): read by its listener, or at once by deliverWaiting. */
    private readonly replies: MessagePort,
  ) {
    replies.on('message', (message: Reply) => this.settle(message));
    const failAll = (error: Error) => {
      this.failure = error;
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    };
    worker.on('error', failAll);
    worker.on('exit', (code) => failAll(new Error(`the embedded database thread exited (code ${code})`)));
    openClients.add(this);
  }

  private settle(message: Reply): void {
    this.lastReplyAt = Date.now();
    const waiting = this.pending.get(message.id);
    if (!waiting) return;
    this.pending.delete(message.id);
    if (message.ok) waiting.resolve(message.result);
    else waiting.reject(new EmbeddedDatabaseError(message.error));
  }

  /** Settles every reply already sent, in order, without waiting for the event loop (deliverDatabaseReplies). */
  deliverWaiting(): void {
    if (this.pending.size === 0) return;
    for (let received = receiveMessageOnPort(this.replies); received; received = receiveMessageOnPort(this.replies)) {
      this.settle(received.message as Reply);
    }
  }

  /** No more replies: the port closes (it would keep the process alive). */
  stop(): void {
    openClients.delete(this);
    this.replies.close();
  }

  /** Requests sent and not answered yet. */
  get inFlight(): number {
    return this.pending.size;
  }

  send<T>(message: Record<string, unknown>): Promise<T> {
    if (this.failure) return Promise.reject(this.failure);
    messagesSent += 1;
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.worker.postMessage({ ...message, id });
    });
  }
}

interface ThreadResult<Row> {
  rows: Row[];
  affectedRows: number;
}

const toQueryResult = <Row>(result: ThreadResult<Row>): QueryResult<Row> => ({
  rows: result.rows,
  rowCount: result.rows.length || result.affectedRows,
});

/**
 * A statement as the thread takes it: `prepare: 'everywhere'` sends the PREPARE and EXECUTE texts
 * (the thread prepares once per session, embedded-prepared.ts), anything else the text and values.
 */
function threadStatement(prepared: EmbeddedPreparedStatements, sql: string, params: readonly unknown[], options?: QueryOptions) {
  const texts = options?.prepare === 'everywhere' ? prepared.texts(sql, params) : undefined;
  return texts ? { prepared: texts } : { sql, params };
}

function connection(client: ThreadClient, prepared: EmbeddedPreparedStatements, tx?: number): Tx {
  return {
    async query<Row>(sql: string, params: readonly unknown[] = [], options?: QueryOptions): Promise<QueryResult<Row>> {
      return toQueryResult(await client.send<ThreadResult<Row>>({ op: 'query', ...threadStatement(prepared, sql, params, options), tx }));
    },
    async exec(sql: string): Promise<void> {
      await client.send({ op: 'exec', sql, tx });
    },
  };
}

export type { SharedMemoryProfile } from './shared-memory.ts';

export interface EmbeddedOpenOptions {
  sharedMemory?: SharedMemoryProfile;
}

/**
 * A database thread bin/copilot.mjs started before the CLI loaded (bin/prestart-database-thread.mjs), not
 * opened yet: taken once, by the first open in this process. Its failure, if it failed meanwhile, is
 * kept there (a worker's error event needs a listener from the start).
 */
interface PrestartedThread {
  worker: Worker;
  failure?: Error;
}
const PRESTARTED = Symbol.for('ops-copilot.prestarted-database-thread');

function takePrestartedThread(): PrestartedThread | undefined {
  const slots = globalThis as { [PRESTARTED]?: PrestartedThread };
  const prestarted = slots[PRESTARTED];
  delete slots[PRESTARTED];
  return prestarted;
}

async function startThread(dataDir: string, options: EmbeddedOpenOptions): Promise<{ worker: Worker; replies: MessagePort }> {
  const settings = sharedMemorySettings(options.sharedMemory);
  const prestarted = takePrestartedThread();
  const traceOrigin = process.env.COPILOT_TRACE_START === '1' ? performance.timeOrigin : undefined;
  const worker = prestarted?.worker ?? new Worker(THREAD_ENTRY, { workerData: { traceOrigin } });
  // A prestarted thread must not keep the process alive while unused; this one is used from here on.
  worker.ref();
  // Replies to requests come on a port of their own, which this thread can also read synchronously.
  const channel = new MessageChannel();
  const started = await new Promise<{ ready: boolean; error?: SerializedError }>((resolve, reject) => {
    if (prestarted?.failure) {
      reject(prestarted.failure);
      return;
    }
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the embedded database thread exited while starting (code ${code})`)));
    // Sent once this process holds the data directory's lock (openPgliteInThread): the thread touches no data before.
    worker.postMessage({ op: 'open', dataDir, settings, replies: channel.port2 }, [channel.port2]);
  });
  if (!started.ready) {
    channel.port1.close();
    await worker.terminate();
    throw new EmbeddedDatabaseError(started.error!);
  }
  return { worker, replies: channel.port1 };
}

/** Opens (creating if needed) the embedded database under dataDir on its own thread, holding the data-directory lock while open. */
export async function openPgliteInThread(dataDir: string, options: EmbeddedOpenOptions = {}): Promise<Database> {
  const lock: DataDirLock = acquireDataDirLock(dataDir);
  let worker: Worker;
  let replies: MessagePort;
  try {
    ({ worker, replies } = await startThread(join(dataDir, 'pgdata'), options));
  } catch (error) {
    lock.release();
    throw error;
  }
  const client = new ThreadClient(worker, replies);
  // One session: statements prepared in it serve every transaction.
  const prepared = new EmbeddedPreparedStatements();
  const base = connection(client, prepared);
  let closed = false;
  /**
   * A scoped statement's whole transaction in one message: the thread runs BEGIN, the settings, the
   * statement, the check and COMMIT in one go, so it holds the database only while they run, never
   * across a round trip to a busy main thread (five messages a read before; docs/benchmarks.md).
   */
  const scopedQueryThenCheck: ScopedQueryThenCheck['scopedQueryThenCheck'] = async <Row, Check>(
    sql: string,
    params: readonly unknown[],
    options: ScopedQueryOptions,
    check: FollowingCheck,
  ) => {
    const statements = scopedStatements(sql, params, options, check).map((statement) =>
      threadStatement(prepared, statement.sql, statement.params, statement),
    );
    const results = await client.send<ThreadResult<unknown>[]>({ op: 'batch', statements });
    return {
      result: toQueryResult(results[results.length - 2] as ThreadResult<Row>),
      check: results[results.length - 1]!.rows[0] as Check | undefined,
    };
  };
  // This process holds the data directory, so it sees every write: read caches may rely on its counts.
  return trackWrites({
    kind: 'pglite',
    query: base.query,
    exec: base.exec,
    scopedQueryThenCheck,
    async ping() {
      // Busy and still answering (a batch running statement after statement): alive, without queueing
      // the health check behind a long statement.
      if (client.inFlight > 0 && Date.now() - client.lastReplyAt < BUSY_ALIVE_MS) return;
      await client.send({ op: 'ping' });
    },
    async transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
      const txId = await client.send<number>({ op: 'begin' });
      let result: T;
      try {
        result = await fn(connection(client, prepared, txId));
      } catch (error) {
        await client.send({ op: 'rollback', tx: txId });
        throw error;
      }
      await client.send({ op: 'commit', tx: txId });
      return result;
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        await client.send({ op: 'close' });
        await worker.terminate();
      } finally {
        client.stop();
        lock.release();
      }
    },
  });
}
