// The embedded database's own thread (see pglite-in-thread.ts). PGlite runs PostgreSQL compiled to
// WebAssembly synchronously on the thread that calls it; here it is a worker thread, so the server's main
// thread (HTTP, static files, health checks) keeps answering while a long batch runs.
//
// Plain JavaScript on purpose: a worker thread starts without the main thread's TypeScript loader, and
// this file needs nothing but PGlite (bin/copilot.mjs may also start it before the CLI has loaded).
//
// The thread starts PGlite before it knows which data directory to open — loading it, compiling and
// instantiating PostgreSQL's WebAssembly, unpacking its files — and PGlite waits for the first message,
// { op: 'open', dataDir, settings, replies? }, where it first needs the directory (data-dir-on-request.mjs); the
// thread answers { ready: true } or { ready: false, error } (on its own port; with `replies`, a MessagePort,
// every later reply goes there). So a command can start the thread first
// thing and open the directory once it holds the directory's lock: the thread touches no data before.
// Then requests (one reply per request, matched by id):
//   { id, op: 'query', sql, params, tx? }  → { id, ok: true, result: { rows, affectedRows } }
//   { id, op: 'query', prepared: { name, prepare, execute }, tx? }  → the same, PREPAREd first if this session has not
//   { id, op: 'batch', statements: [{ sql, params } | { prepared }…] }  → { id, ok: true, result: [{ rows, affectedRows }…] }:
//                                          one transaction run here in one go (a scoped read: settings, statement, write check)
//   { id, op: 'exec', sql, tx? }           → { id, ok: true }
//   { id, op: 'begin' }                    → { id, ok: true, result: txId } once the transaction holds the database
//   { id, op: 'commit' | 'rollback', tx }  → { id, ok: true } once it has ended
//   { id, op: 'ping' }                     → { id, ok: true } at once (between statements)
//   { id, op: 'close' }                    → { id, ok: true } once PGlite has shut down
// A failure answers { id, ok: false, error: { message, name, code, detail, … } }.
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { DataDirOnRequest } from './data-dir-on-request.mjs';

// COPILOT_TRACE_START=1 (cli/start-trace.ts): this thread's start-up phases, in ms since the process started.
const tracing = workerData.traceOrigin !== undefined;
function trace(phase) {
  if (!tracing) return;
  const wall = performance.timeOrigin + performance.now() - workerData.traceOrigin;
  process.stderr.write(`[start] ${wall.toFixed(0)} ms, cpu ${threadCpuMs().toFixed(0)} ms (database thread) ${phase}\n`);
}
/** This thread's CPU ms (Linux counts it per thread; elsewhere the process's), as cli/start-trace.ts. */
function threadCpuMs() {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;
  } catch {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1000;
  }
}
trace(workerData.prestarted ? 'thread started (before the CLI loaded)' : 'thread started');
// Loaded after the first trace line, so the trace tells the thread's own start from PGlite's module load.
const [{ PGlite, types }, { vector }] = await Promise.all([import('@electric-sql/pglite'), import('@electric-sql/pglite-pgvector')]);
trace('PGlite loaded');

// Counts and money come back as JS numbers (as in pglite.ts and postgres.ts).
const parsers = {
  [types.INT8]: (value) => Number(value),
  [types.NUMERIC]: (value) => Number(value),
};

const ERROR_FIELDS = ['code', 'detail', 'hint', 'constraint', 'table', 'column', 'schema', 'severity', 'position', 'where', 'routine'];

function describe(error) {
  const described = { message: error instanceof Error ? error.message : String(error), name: error?.name ?? 'Error' };
  for (const field of ERROR_FIELDS) if (error?.[field] !== undefined) described[field] = String(error[field]);
  return described;
}

const ROLLBACK = Symbol('rollback');
/** Open transactions by id: each waits for its next command from the main thread. */
const open = new Map();
let nextTx = 1;

/**
 * Where replies go: the port the main thread sent with { op: 'open' }, which it can also read
 * synchronously (pglite-in-thread.ts: a busy main thread takes replies between requests instead of
 * once per turn of its event loop), else the thread's own port.
 */
let replies = parentPort;

function reply(id, result) {
  replies.postMessage({ id, ok: true, result });
}
function fail(id, error) {
  replies.postMessage({ id, ok: false, error: describe(error) });
}

// Byte-array parameters go in binary format, as in pglite.ts (binaryAwareSerializers: why).
const binaryAwareSerializers = new Proxy(
  {},
  { get: (_target, oid) => (value) => (ArrayBuffer.isView(value) ? value : (pg.serializers[oid] ?? String)(value)) },
);

/**
 * Names of the statements PREPAREd in this session. PREPARE is per session and survives a rollback;
 * the check and the PREPARE happen inside one exclusive section of PGlite (a transaction), so no other
 * message runs between them.
 */
const preparedNames = new Set();

async function runPrepared(target, prepared) {
  if (!preparedNames.has(prepared.name)) {
    await target.query(prepared.prepare);
    preparedNames.add(prepared.name);
  }
  const result = await target.query(prepared.execute);
  trace(`execute ${prepared.name}`);
  return { rows: result.rows, affectedRows: result.affectedRows ?? 0 };
}

/** A whole transaction from one message: the thread holds the database only while it runs, never waiting on the main thread. */
function batch(statements) {
  return pg.transaction(async (tx) => {
    const results = [];
    for (const statement of statements) results.push(await run(tx, statement));
    return results;
  });
}

async function run(target, message) {
  if (message.prepared) {
    // Outside a transaction: one of its own, so the PREPARE and its EXECUTE run in one exclusive section.
    return target === pg ? pg.transaction((tx) => runPrepared(tx, message.prepared)) : runPrepared(target, message.prepared);
  }
  if (message.op === 'exec') {
    await target.exec(message.sql);
    trace(`exec ${message.sql.replace(/\s+/g, ' ').trim().slice(0, 60)}`);
    return undefined;
  }
  const params = message.params ?? [];
  const binary = params.some((param) => ArrayBuffer.isView(param));
  const result = await target.query(message.sql, params, binary ? { serializers: binaryAwareSerializers } : undefined);
  trace(`query ${message.sql.replace(/\s+/g, ' ').trim().slice(0, 60)}`);
  return { rows: result.rows, affectedRows: result.affectedRows ?? 0 };
}

function begin(id) {
  const txId = nextTx++;
  const inbox = [];
  let wake;
  const next = () => (inbox.length ? Promise.resolve(inbox.shift()) : new Promise((resolve) => (wake = resolve)));
  open.set(txId, {
    push(message) {
      if (wake) {
        const resolve = wake;
        wake = undefined;
        resolve(message);
      } else inbox.push(message);
    },
  });
  let ending;
  pg.transaction(async (tx) => {
    reply(id, txId);
    for (;;) {
      const message = await next();
      if (message.op === 'commit' || message.op === 'rollback') {
        ending = message;
        if (message.op === 'rollback') throw ROLLBACK;
        return;
      }
      try {
        reply(message.id, await run(tx, message));
      } catch (error) {
        fail(message.id, error);
      }
    }
  }).then(
    () => {
      open.delete(txId);
      reply(ending.id);
    },
    (error) => {
      open.delete(txId);
      if (error === ROLLBACK) reply(ending.id);
      else if (ending) fail(ending.id, error);
      else fail(id, error); // BEGIN itself failed
    },
  );
}

// PGlite starts at once, and waits for the data directory where it first needs it (data-dir-on-request.mjs):
// the first message, { op: 'open', dataDir, settings }, sent once the main thread holds the directory's lock.
const options = { extensions: { vector }, parsers };
const dataDir = new Promise((resolve) => parentPort.once('message', resolve)).then((opening) => {
  if (opening.op !== 'open') throw new Error(`the embedded database thread was asked to ${opening.op} before it was opened`);
  // Extra server settings for this start (`-c name=value`, e.g. a smaller buffer pool for a brief command):
  // PGlite reads its options' startParams when it starts PostgreSQL, after the directory is mounted
  // (pglite-in-thread.test.ts checks that a brief start gets its small buffer pool).
  const settings = opening.settings ?? [];
  if (settings.length > 0) options.startParams = [...PGlite.defaultStartParams, ...settings.flatMap((setting) => ['-c', setting])];
  if (opening.replies) replies = opening.replies;
  trace('data directory given');
  return opening.dataDir;
});
options.fs = new DataDirOnRequest(dataDir, () => trace('PGlite ready for its data directory'));

let pg;
try {
  // A brief process's thread (bin/prestart-database-thread.mjs): baseline compiler only for PGlite's
  // WebAssembly (core/db/baseline-wasm-compiler.ts), switched on here, just before PGlite compiles it, not
  // before the thread starts: V8 rejects Node's built-in code cache under changed flags, so a thread
  // started after the switch compiles Node's own modules afresh (about 35 ms of CPU).
  if (workerData.baselineWasmCompiler) setFlagsFromString('--liftoff-only');
  pg = await PGlite.create(options);
  trace('PGlite started');
  parentPort.postMessage({ ready: true });
} catch (error) {
  parentPort.postMessage({ ready: false, error: describe(error) });
}

parentPort.on('message', (message) => {
  if (message.tx !== undefined) {
    const transaction = open.get(message.tx);
    if (transaction) transaction.push(message);
    else fail(message.id, new Error(`transaction ${message.tx} is not open`));
    return;
  }
  switch (message.op) {
    case 'ping':
      // Answered between statements, whatever transaction is running: the thread is alive and turning.
      reply(message.id);
      return;
    case 'begin':
      begin(message.id);
      return;
    case 'batch':
      batch(message.statements).then(
        (results) => reply(message.id, results),
        (error) => fail(message.id, error),
      );
      return;
    case 'close':
      pg.close().then(
        () => {
          trace('PGlite closed');
          reply(message.id);
        },
        (error) => fail(message.id, error),
      );
      return;
    default:
      run(pg, message).then(
        (result) => reply(message.id, result),
        (error) => fail(message.id, error),
      );
  }
});
