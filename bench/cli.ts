/**
 * `npm run bench -- cli [--runs 5] [--json]`: cold start of the `copilot` command line, each run a new
 * process (as a user types it): `copilot --help`, and `copilot search` against a data directory
 * prepared once (migrated, bundled runbooks ingested), against `node -e 0` measured in the same run.
 * Uses the build in dist/ when it is fresh (as bin/copilot.mjs does); run `npm run build` first.
 * Then (unless --no-server) it starts `copilot serve` on that directory and times `copilot search --server`
 * (the same search asked of the running server, as the user of an API key) the same way.
 * `--phases` adds as many traced searches (COPILOT_TRACE_START=1, cli/start-trace.ts) and reports the
 * median CPU time of each start-up phase per thread, which a loaded machine measures far better than
 * wall time.
 * Goals (issue 13): --help ≤ 0.4 s, search ≤ 1 s.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { freshDistEntry } from '../bin/dist-freshness.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BIN = join(ROOT, 'bin/copilot.mjs');

function seconds(args: string[], env: NodeJS.ProcessEnv): number {
  return timed(args, env).seconds;
}

function timed(args: string[], env: NodeJS.ProcessEnv): { seconds: number; stdout: string } {
  const started = performance.now();
  const run = spawnSync(process.execPath, args, { env, cwd: ROOT, encoding: 'utf8' });
  const elapsed = (performance.now() - started) / 1000;
  if (run.status !== 0) throw new Error(`${args.join(' ')} exited ${run.status}: ${run.stderr}`);
  return { seconds: elapsed, stdout: run.stdout };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Starts `copilot serve` on the prepared directory and waits for /healthz (at most 5 minutes on a loaded machine). */
async function startServer(env: NodeJS.ProcessEnv, port: number) {
  const child = spawn(process.execPath, [BIN, 'serve'], {
    env: { ...env, PORT: String(port), HOST: '127.0.0.1', COPILOT_SEED_ON_START: '0' },
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  const deadline = Date.now() + 300_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`copilot serve exited ${child.exitCode}: ${stderr}`);
    const healthy = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) break;
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`copilot serve did not become healthy: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** The phases of one traced search, in CPU ms of the thread that ran them (undefined: a phase did not show). */
function searchPhases(stderr: string): Record<string, number | undefined> {
  const marks = new Map<string, number>();
  for (const match of stderr.matchAll(/^\[start\] \d+ ms, cpu (\d+) ms \((main|database thread)\) (.*)$/gm)) {
    const key = `${match[2]}: ${match[3]!.replace(/ \(before the CLI loaded\)$/, '')}`;
    if (!marks.has(key)) marks.set(key, Number(match[1]));
  }
  const at = (key: string) => marks.get(key);
  const between = (from: string, to: string) => {
    const start = at(from);
    const end = at(to);
    return start === undefined || end === undefined ? undefined : end - start;
  };
  return {
    'main: until the CLI is loaded': at('main: cli loaded'),
    'main: until it asks the database thread to open the directory': at('main: opening the database'),
    'main: in all': at('main: search answered'),
    'database thread: its own start': at('database thread: thread started'),
    'database thread: loading PGlite': between('database thread: thread started', 'database thread: PGlite loaded'),
    'database thread: PGlite up to needing the directory': between(
      'database thread: PGlite loaded',
      'database thread: PGlite ready for its data directory',
    ),
    'database thread: PostgreSQL start once the directory is given': between(
      'database thread: PGlite ready for its data directory',
      'database thread: PGlite started',
    ),
    'database thread: migrations check, search statements, close': between(
      'database thread: PGlite started',
      'database thread: PGlite closed',
    ),
    'database thread: in all': at('database thread: PGlite closed'),
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const round = (value: number) => Math.round(value * 100) / 100;

export default async function benchCli(argv: string[]) {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write('usage: npm run bench -- cli [--runs 5] [--no-server] [--phases] [--json]\n');
    return undefined;
  }
  const { values } = parseArgs({
    args: argv,
    options: {
      runs: { type: 'string', default: '5' },
      json: { type: 'boolean', default: false },
      'no-server': { type: 'boolean', default: false },
      phases: { type: 'boolean', default: false },
    },
  });
  const runs = Number(values.runs);
  const dataDir = mkdtempSync(join(tmpdir(), 'copilot-bench-cli-'));
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', COPILOT_DATA_DIR: dataDir, COPILOT_EMBEDDINGS: 'local' };
  try {
    const built = freshDistEntry(new URL(`file://${ROOT}`), 'cli.js') !== undefined;
    process.stderr.write(
      `preparing a data directory (migrate, ingest the bundled runbooks)… (${built ? 'dist/ build' : 'sources through tsx: no fresh build'})\n`,
    );
    seconds([BIN, 'ingest', join(ROOT, 'ingestion/corpus')], env);
    const samples: Record<string, number[]> = { 'node -e 0': [], 'copilot --help': [], 'copilot search': [] };
    for (let run = 0; run < runs; run++) {
      samples['node -e 0']!.push(seconds(['-e', '0'], env));
      samples['copilot --help']!.push(seconds([BIN, '--help'], env));
      samples['copilot search']!.push(seconds([BIN, 'search', 'customer charged twice refund'], env));
    }
    const phaseSamples: Record<string, number[]> = {};
    if (values.phases) {
      for (let run = 0; run < runs; run++) {
        const traced = spawnSync(process.execPath, [BIN, 'search', 'customer charged twice refund'], {
          env: { ...env, COPILOT_TRACE_START: '1' },
          cwd: ROOT,
          encoding: 'utf8',
        });
        if (traced.status !== 0) throw new Error(`traced search exited ${traced.status}: ${traced.stderr}`);
        for (const [phase, ms] of Object.entries(searchPhases(traced.stderr))) if (ms !== undefined) (phaseSamples[phase] ??= []).push(ms);
      }
    }
    if (!values['no-server']) {
      // A tenant and a key to ask the server as (created before it starts: it then holds the directory).
      seconds([BIN, 'tenants', 'create', '--slug', 'bench-cli', '--name', 'Bench CLI'], env);
      const key = JSON.parse(timed([BIN, 'keys', 'create', '--tenant', 'bench-cli', '--role', 'rep', '--json'], env).stdout) as {
        key: string;
      };
      const port = await freePort();
      process.stderr.write(`starting copilot serve on port ${port}…\n`);
      const server = await startServer(env, port);
      try {
        const remote = { ...env, COPILOT_API_KEY: key.key, COPILOT_SERVER_URL: `http://127.0.0.1:${port}` };
        samples['copilot search --server'] = [];
        samples['node -e 0 (beside the server)'] = [];
        for (let run = 0; run < runs; run++) {
          samples['node -e 0 (beside the server)']!.push(seconds(['-e', '0'], env));
          samples['copilot search --server']!.push(seconds([BIN, 'search', 'customer charged twice refund'], remote));
        }
      } finally {
        await server.stop();
      }
    }
    const result = {
      runs,
      build: built ? 'dist' : 'sources',
      medianSeconds: Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, round(median(values))])),
      maxSeconds: Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, round(Math.max(...values))])),
      ...(values.phases
        ? { searchPhasesMedianCpuMs: Object.fromEntries(Object.entries(phaseSamples).map(([phase, values]) => [phase, median(values)])) }
        : {}),
    };
    if (values.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else
      for (const name of Object.keys(samples))
        process.stdout.write(
          `${name.padEnd(16)} median ${result.medianSeconds[name]} s, max ${result.maxSeconds[name]} s (${runs} runs)\n`,
        );
    if (!values.json && result.searchPhasesMedianCpuMs)
      for (const [phase, ms] of Object.entries(result.searchPhasesMedianCpuMs))
        process.stdout.write(`  ${phase}: ${ms} ms of CPU (median)\n`);
    return result;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
