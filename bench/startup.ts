/**
 * `npm run bench -- startup [--seed] [--json]`: `copilot serve` (what `npm start` runs) on a fresh
 * embedded data directory, timed from the process start until `GET /healthz` answers — the first start
 * of a fresh clone: migrations, demo data, the bundled runbooks indexed — against the second start of
 * the same directory in the same run (the reference). Uses the install-time demo snapshot
 * (cli/demo-snapshot.ts), building it first when it is missing or stale (that build is what
 * `npm install` adds, reported as `snapshotBuildSeconds`). `--seed` also times a first start with the
 * snapshot switched off (COPILOT_DEMO_SNAPSHOT=0: the demo seeded during the start; minutes).
 * Goal (issue 13): first start ≤ 15 s.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { snapshotSettings, snapshotStatus } from '../cli/demo-snapshot.ts';
import { loadConfig } from '../core/config.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BIN = join(ROOT, 'bin/copilot.mjs');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Starts serve, waits until /healthz answers 200, stops it (SIGTERM) and waits for its exit; returns seconds to healthy. */
async function timedStart(dataDir: string, env: NodeJS.ProcessEnv): Promise<{ seconds: number; log: string }> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, 'serve', '--port', String(port)], {
    cwd: ROOT,
    env: { ...env, COPILOT_DATA_DIR: dataDir, COPILOT_WORKER: '0', COPILOT_DISPATCHER: '0', COPILOT_LOG_LEVEL: 'error' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr.on('data', (chunk: Buffer) => {
    log += chunk.toString('utf8');
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let exitCode: number | null | undefined;
  void exited.then((code) => {
    exitCode = code;
  });
  try {
    for (;;) {
      if (exitCode !== undefined) throw new Error(`serve exited (${exitCode}) before it was healthy:\n${log}`);
      const healthy = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2_000) })
        .then((response) => response.ok)
        .catch(() => false);
      if (healthy) return { seconds: (performance.now() - started) / 1000, log };
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

const round = (value: number) => Math.round(value * 100) / 100;

export default async function benchStartup(argv: string[]) {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write('usage: npm run bench -- startup [--seed] [--json]\n');
    return undefined;
  }
  const { values } = parseArgs({
    args: argv,
    options: { seed: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } },
  });
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };
  const loadBefore = loadavg()[0]!;
  let snapshotBuildSeconds: number | null = null;
  if (!snapshotStatus(snapshotSettings(loadConfig(env))).usable) {
    process.stderr.write('building the demo snapshot first (what npm install runs)…\n');
    const started = performance.now();
    const build = spawnSync(process.execPath, [BIN, 'demo-snapshot', '--force'], { cwd: ROOT, env, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`demo-snapshot failed: ${build.stderr}`);
    snapshotBuildSeconds = round((performance.now() - started) / 1000);
  }
  const dirs: string[] = [];
  const fresh = () => {
    const dir = mkdtempSync(join(tmpdir(), 'copilot-bench-startup-'));
    dirs.push(dir);
    return join(dir, 'data');
  };
  try {
    const dataDir = fresh();
    process.stderr.write('first start (fresh data directory)…\n');
    const first = await timedStart(dataDir, env);
    if (!/copied the demo database built at install time/.test(first.log))
      throw new Error(`the first start did not use the demo snapshot:\n${first.log}`);
    process.stderr.write('second start (same directory)…\n');
    const second = await timedStart(dataDir, env);
    let seeded: number | null = null;
    if (values.seed) {
      process.stderr.write('first start without the snapshot (seeding; minutes)…\n');
      seeded = round((await timedStart(fresh(), { ...env, COPILOT_DEMO_SNAPSHOT: '0' })).seconds);
    }
    const result = {
      firstStartSeconds: round(first.seconds),
      secondStartSeconds: round(second.seconds),
      ratio: round(first.seconds / second.seconds),
      firstStartSeedingSeconds: seeded,
      snapshotBuildSeconds,
      loadAverage: { before: round(loadBefore), after: round(loadavg()[0]!) },
    };
    if (values.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else {
      process.stdout.write(`first start (demo snapshot)   ${result.firstStartSeconds} s to healthy\n`);
      process.stdout.write(`second start (reference)      ${result.secondStartSeconds} s (first ÷ second ${result.ratio}×)\n`);
      if (seeded !== null) process.stdout.write(`first start seeding instead   ${seeded} s\n`);
      if (snapshotBuildSeconds !== null) process.stdout.write(`snapshot build (npm install)  ${snapshotBuildSeconds} s\n`);
      process.stdout.write(`load average ${result.loadAverage.before} → ${result.loadAverage.after}\n`);
    }
    return result;
  } finally {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}
