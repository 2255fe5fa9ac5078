import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants, existsSync } from 'node:fs';
import { appendFile, chown, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * A throwaway PostgreSQL 15 cluster for the real-database suite (`npm run test:pg`).
 *
 * Debian's server binaries (`initdb`, `pg_ctl`) refuse to run as root, so when the tests run as root
 * every server binary runs as the `postgres` OS user, in a temporary directory that user owns.
 * The server listens on 127.0.0.1 only (its Unix socket lives inside the temporary directory), on a
 * free port. Nothing here ever skips: a missing binary or a server that will not start is an error,
 * so CI fails instead of passing without having tested anything.
 */

/** Where Debian installs the PostgreSQL 15 server binaries (package postgresql-15). */
export const POSTGRES_BIN_DIR = process.env.COPILOT_TEST_PG_BIN_DIR ?? '/usr/lib/postgresql/15/bin';

/** The login role the tests connect as: not a superuser, cannot bypass RLS, may create roles. */
export const TEST_ROLE = 'copilot_test';
export const TEST_DATABASE = 'copilot_test';
const BOOTSTRAP_SUPERUSER = 'copilot_bootstrap';

export interface PostgresServer {
  /** postgresql:// URL for the non-superuser test role, which owns a fresh database. */
  connectionString: string;
  /** The cluster's temporary directory (data directory, Unix socket, server log); removed by stop(). */
  directory: string;
  /** Stops the server (immediate shutdown) and removes its directory. Safe to call twice. */
  stop(): Promise<void>;
}

export interface StartPostgresOptions {
  /** Directory holding initdb, pg_ctl and postgres (default POSTGRES_BIN_DIR). */
  binDir?: string;
}

export class PostgresServerError extends Error {
  override name = 'PostgresServerError';
}

interface RunAs {
  /** Command and leading arguments that run a program as the cluster's OS user. */
  wrap(program: string, args: readonly string[]): { command: string; args: string[] };
  /** uid/gid to own the temporary directory, when it must differ from ours. */
  owner?: { uid: number; gid: number };
}

function findExecutable(name: string): string | undefined {
  for (const dir of ['/usr/sbin', '/usr/bin', '/sbin', '/bin']) {
    const path = join(dir, name);
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // not here
    }
  }
  return undefined;
}

const shellQuote = (value: string): string => `'${value.replaceAll("'", `'\\''`)}'`;

/** As root, run the server binaries as `postgres` (they refuse root); otherwise run them directly. */
function resolveRunAs(): RunAs {
  if (process.getuid?.() !== 0) return { wrap: (command, args) => ({ command, args: [...args] }) };
  const ids = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gids = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (ids.status !== 0 || gids.status !== 0) {
    throw new PostgresServerError(
      'running as root, but there is no "postgres" OS user to run the PostgreSQL server as ' +
        '(PostgreSQL refuses to run as root). Install postgresql-15 (it creates that user) or run the tests as a non-root user.',
    );
  }
  const owner = { uid: Number(ids.stdout.trim()), gid: Number(gids.stdout.trim()) };
  const runuser = findExecutable('runuser');
  if (runuser) {
    return { owner, wrap: (command, args) => ({ command: runuser, args: ['-u', 'postgres', '--', command, ...args] }) };
  }
  const su = findExecutable('su');
  if (su) {
    return {
      owner,
      wrap: (command, args) => ({
        command: su,
        args: ['postgres', '-s', '/bin/sh', '-c', [command, ...args].map(shellQuote).join(' ')],
      }),
    };
  }
  throw new PostgresServerError('running as root, but neither runuser nor su is available to run PostgreSQL as "postgres"');
}

interface RunResult {
  code: number | null;
  output: string;
}

function run(runAs: RunAs, program: string, args: readonly string[], cwd: string): Promise<RunResult> {
  const { command, args: fullArgs } = runAs.wrap(program, args);
  return new Promise((resolve, reject) => {
    // A minimal, predictable environment: no inherited PG* variables steering the binaries elsewhere.
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C', LANG: 'C' };
    const child = spawn(command, fullArgs, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error) => reject(new PostgresServerError(`could not run ${program}: ${error.message}`)));
    child.on('close', (code) => resolve({ code, output }));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function tail(path: string, lines = 30): Promise<string> {
  try {
    return (await readFile(path, 'utf8')).trim().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no server log)';
  }
}

/**
 * A detached shell that outlives us: once this process is gone (vitest ends a worker with SIGTERM,
 * which runs no exit handlers; a crash runs none either), it stops the server and removes the
 * directory, so no postgres process or data directory outlives the test run. stop() ends it first.
 */
function startWatchdog(runAs: RunAs, pgCtl: string, dataDir: string, root: string): () => void {
  const { command, args } = runAs.wrap(pgCtl, ['stop', '-D', dataDir, '-m', 'immediate', '-w']);
  const script = [
    `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done`,
    `${[command, ...args].map(shellQuote).join(' ')} >/dev/null 2>&1`,
    `rm -rf ${shellQuote(root)}`,
  ].join('\n');
  const watchdog = spawn('/bin/sh', ['-c', script], { detached: true, stdio: 'ignore' });
  watchdog.unref();
  return () => {
    try {
      if (watchdog.pid) process.kill(-watchdog.pid, 'SIGKILL'); // its whole group, sleep included
    } catch {
      // already gone
    }
  };
}

/**
 * Starts a fresh PostgreSQL 15 cluster and returns a connection string for a non-superuser role
 * (CREATEROLE, NOBYPASSRLS) that owns a fresh database. Throws PostgresServerError when the binaries
 * are missing or the server cannot start; never skips.
 */
export async function startPostgres(options: StartPostgresOptions = {}): Promise<PostgresServer> {
  const binDir = options.binDir ?? POSTGRES_BIN_DIR;
  const initdb = join(binDir, 'initdb');
  const pgCtl = join(binDir, 'pg_ctl');
  for (const binary of [initdb, pgCtl, join(binDir, 'postgres')]) {
    if (!existsSync(binary)) {
      throw new PostgresServerError(
        `PostgreSQL 15 server binary not found: ${binary}. Install it with "apt-get install -y postgresql-15" ` +
          '(.ci/run does this) or point COPILOT_TEST_PG_BIN_DIR at a PostgreSQL 15 bin directory.',
      );
    }
  }
  const runAs = resolveRunAs();
  const root = await mkdtemp(join(tmpdir(), 'copilot-pg-'));
  if (runAs.owner) await chown(root, runAs.owner.uid, runAs.owner.gid);
  const dataDir = join(root, 'data');
  const logFile = join(root, 'server.log');
  let started = false;
  let stopWatchdog = (): void => {};

  const cleanUp = async (): Promise<void> => {
    stopWatchdog();
    if (started) {
      const stopped = await run(runAs, pgCtl, ['stop', '-D', dataDir, '-m', 'immediate', '-w'], root);
      started = false;
      if (stopped.code !== 0 && !/no server running|PID file .* does not exist/i.test(stopped.output)) {
        await rm(root, { recursive: true, force: true });
        throw new PostgresServerError(`pg_ctl stop failed: ${stopped.output.trim()}`);
      }
    }
    await rm(root, { recursive: true, force: true });
  };

  try {
    if (runAs.owner) {
      // Every parent directory must be traversable by `postgres` (a TMPDIR under /root is not).
      const access = await run(runAs, '/bin/sh', ['-c', 'test -w "$0"', root], tmpdir());
      if (access.code !== 0) {
        throw new PostgresServerError(`the "postgres" OS user cannot write ${root}; set TMPDIR to a directory it can reach (e.g. /tmp)`);
      }
    }
    // The socket directory is the cluster's own directory: nothing else on the machine can connect
    // through it, and no system-wide /var/run/postgresql is needed.
    const init = await run(
      runAs,
      initdb,
      [
        '-D',
        dataDir,
        '-U',
        BOOTSTRAP_SUPERUSER,
        '--auth-local=trust',
        '--auth-host=scram-sha-256',
        '--no-locale',
        '-E',
        'UTF8',
        '--no-sync',
      ],
      root,
    );
    if (init.code !== 0) throw new PostgresServerError(`initdb failed (exit ${init.code}):\n${init.output.trim()}`);
    // Throwaway data: trade durability for speed.
    await appendFile(
      join(dataDir, 'postgresql.conf'),
      [
        '',
        "listen_addresses = '127.0.0.1'",
        `unix_socket_directories = '${root}'`,
        'max_connections = 60',
        'fsync = off',
        'synchronous_commit = off',
        'full_page_writes = off',
        "log_min_messages = 'warning'",
        '',
      ].join('\n'),
    );

    // A free port can be taken between probing and binding: try a few.
    let port = 0;
    let lastFailure = '';
    for (let attempt = 0; attempt < 3 && !started; attempt++) {
      port = await freePort();
      const start = await run(runAs, pgCtl, ['start', '-D', dataDir, '-l', logFile, '-w', '-t', '60', '-o', `-p ${port}`], root);
      if (start.code === 0) {
        started = true;
        stopWatchdog = startWatchdog(runAs, pgCtl, dataDir, root);
      } else {
        lastFailure = `pg_ctl start failed (exit ${start.code}) on port ${port}:\n${start.output.trim()}\n--- server log ---\n${await tail(logFile)}`;
      }
    }
    if (!started) throw new PostgresServerError(lastFailure);

    const password = randomBytes(18).toString('base64url');
    const admin = new pg.Client({ host: root, port, user: BOOTSTRAP_SUPERUSER, database: 'postgres' });
    await admin.connect();
    try {
      // Exactly what the migrations need and no more: CREATEROLE, because core/migrations/0001 creates
      // the NOLOGIN roles copilot_app/copilot_operator and grants them to current_user; ownership of
      // the database, because PostgreSQL 15 lets only the owner create in its public schema.
      await admin.query(
        `CREATE ROLE ${TEST_ROLE} LOGIN PASSWORD '${password}' NOSUPERUSER CREATEROLE NOCREATEDB NOREPLICATION NOBYPASSRLS`,
      );
      await admin.query(`CREATE DATABASE ${TEST_DATABASE} OWNER ${TEST_ROLE}`);
    } finally {
      await admin.end();
    }

    return {
      connectionString: `postgresql://${TEST_ROLE}:${password}@127.0.0.1:${port}/${TEST_DATABASE}`,
      directory: root,
      stop: cleanUp,
    };
  } catch (error) {
    // Read the log before the directory goes away with the cleanup.
    const failure =
      error instanceof PostgresServerError
        ? error
        : new PostgresServerError(
            `could not start a throwaway PostgreSQL 15 server: ${(error as Error).message}\n--- server log ---\n${await tail(logFile)}`,
          );
    await cleanUp().catch(() => {});
    throw failure;
  }
}
