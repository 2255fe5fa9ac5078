/**
 * The reads benchmark's servers on PostgreSQL (`--postgres`, `--database-url`): each is a process of its
 * own — the product's HTTP app with its own `pg` pool against the shared server, as `copilot serve`
 * replicas behind a load balancer run — so `--servers 2` measures two processes sharing one PostgreSQL.
 * The parent asks each for its statement count and CPU time between phases.
 */
import { fork } from 'node:child_process';
import { z } from 'zod';

export interface ServerProcessStats {
  statements: number;
  /** `process.cpuUsage()` of the server process, microseconds. */
  cpu: NodeJS.CpuUsage;
}

export interface ServerProcess {
  url: string;
  stats(): Promise<ServerProcessStats>;
  close(): Promise<void>;
}

const ENTRY = new URL('./server-process-entry.mjs', import.meta.url);

const readySchema = z.object({ ready: z.string().url() });
const statsSchema = z.object({
  id: z.number(),
  statements: z.number(),
  cpu: z.object({ user: z.number(), system: z.number() }),
});
const failedSchema = z.object({ failed: z.string() });

/** Starts one server process on `databaseUrl` and resolves once it listens on a loopback port. */
export function startServerProcess(databaseUrl: string): Promise<ServerProcess> {
  const child = fork(ENTRY, [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, BENCH_DATABASE_URL: databaseUrl },
  });
  let nextId = 1;
  const waiting = new Map<number, (stats: ServerProcessStats) => void>();
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench server process exited before it listened (code ${code})`)));
    child.on('message', (message: unknown) => {
      const failed = failedSchema.safeParse(message);
      if (failed.success) return reject(new Error(`bench server process: ${failed.data.failed}`));
      const ready = readySchema.safeParse(message);
      if (ready.success)
        return resolve({
          url: ready.data.ready,
          stats() {
            const id = nextId++;
            return new Promise((answer) => {
              waiting.set(id, answer);
              child.send({ op: 'stats', id });
            });
          },
          async close() {
            if (child.exitCode !== null) return;
            const exited = new Promise((done) => child.once('exit', done));
            child.disconnect();
            await exited;
          },
        });
      const stats = statsSchema.safeParse(message);
      if (stats.success) {
        waiting.get(stats.data.id)?.({ statements: stats.data.statements, cpu: stats.data.cpu });
        waiting.delete(stats.data.id);
      }
    });
  });
}

/** The child's side: the app on a `pg` pool, listening on 127.0.0.1, until the parent disconnects. */
export async function runServerProcess(): Promise<void> {
  const databaseUrl = z.string().min(1).parse(process.env.BENCH_DATABASE_URL);
  try {
    const [{ loadConfig }, { openPostgres }, { createApp }, { createLogger }, { startServer }, { countStatements }] = await Promise.all([
      import('../../core/config.ts'),
      import('../../core/db/postgres.ts'),
      import('../../web/app.ts'),
      import('../../web/logging/logger.ts'),
      import('../../web/server.ts'),
      import('../support/statement-count.ts'),
    ]);
    const config = loadConfig({
      COPILOT_LOG_LEVEL: 'error',
      COPILOT_RATE_LIMIT_PER_MINUTE: '100000000',
      COPILOT_EMBEDDINGS: 'local',
      DATABASE_URL: databaseUrl,
    });
    const db = openPostgres({ connectionString: databaseUrl, maxConnections: config.DATABASE_POOL_SIZE });
    // A server that cannot reach its database says so now, not at the first measured request.
    await db.query('SELECT 1');
    const counted = countStatements(db);
    const server = await startServer(createApp({ db: counted.db, config, logger: createLogger({ level: 'error' }) }), 0, '127.0.0.1');
    process.on('message', (message: { op?: string; id?: number }) => {
      if (message.op === 'stats' && typeof message.id === 'number')
        process.send!({ id: message.id, statements: counted.count, cpu: process.cpuUsage() });
    });
    process.once('disconnect', () => {
      void server
        .close()
        .then(() => db.close())
        .finally(() => process.exit(0));
    });
    process.send!({ ready: server.url });
  } catch (error) {
    process.send!({ failed: error instanceof Error ? error.message : String(error) });
    process.exit(1);
  }
}
