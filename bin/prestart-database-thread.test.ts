import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { searchesEmbeddedDatabase } from './prestart-database-thread.mjs';

const MODULE = fileURLToPath(new URL('./prestart-database-thread.mjs', import.meta.url));

const argv = (...args: string[]) => ['node', 'copilot', ...args];

describe('searchesEmbeddedDatabase', () => {
  it('is a local search: `search` with its query and options, no server, no DATABASE_URL', () => {
    expect(searchesEmbeddedDatabase(argv('search', 'customer charged twice'), {})).toBe(true);
    expect(searchesEmbeddedDatabase(argv('search', 'refund', '--k', '3', '--mode', 'text', '--json'), { COPILOT_DATA_DIR: '/tmp/x' })).toBe(
      true,
    );
    // An empty variable counts as unset (as in core/config.ts).
    expect(searchesEmbeddedDatabase(argv('search', 'refund'), { DATABASE_URL: '', COPILOT_SERVER_URL: '' })).toBe(true);
  });

  it('is not when a server or PostgreSQL answers, help is asked for, or another command runs', () => {
    expect(searchesEmbeddedDatabase(argv('search', 'refund', '--server', 'http://127.0.0.1:8787'), {})).toBe(false);
    expect(searchesEmbeddedDatabase(argv('search', 'refund', '--server=http://127.0.0.1:8787'), {})).toBe(false);
    expect(searchesEmbeddedDatabase(argv('search', 'refund'), { COPILOT_SERVER_URL: 'http://127.0.0.1:8787' })).toBe(false);
    expect(searchesEmbeddedDatabase(argv('search', 'refund'), { DATABASE_URL: 'postgres://localhost/copilot' })).toBe(false);
    expect(searchesEmbeddedDatabase(argv('search', '--help'), {})).toBe(false);
    expect(searchesEmbeddedDatabase(argv('search', 'refund', '-h'), {})).toBe(false);
    expect(searchesEmbeddedDatabase(argv('search', '--', '--server'), {})).toBe(false);
    expect(searchesEmbeddedDatabase(argv('help', 'search'), {})).toBe(false);
    expect(searchesEmbeddedDatabase(argv('serve'), {})).toBe(false);
    expect(searchesEmbeddedDatabase(argv(), {})).toBe(false);
  });
});

describe('prestartDatabaseThread', () => {
  /**
   * The thread switches the process to V8's baseline WebAssembly compiler itself, before PGlite compiles
   * (not the main thread before starting it: that cost the thread Node's code cache). Checked in a child
   * process (V8's flags are per process): the thread is started, asked to open a directory it cannot
   * create (PGlite fails right after the switch), and then a hot WebAssembly function on the main thread
   * must stay baseline code — core/db/baseline-wasm-compiler.test.ts shows V8 optimises it otherwise.
   */
  it('has the thread turn the optimising WebAssembly compiler off before PGlite compiles', () => {
    const dir = mkdtempSync(join(tmpdir(), 'copilot-prestart-'));
    try {
      writeFileSync(join(dir, 'file'), '');
      const script = `
        const { prestartDatabaseThread } = await import(${JSON.stringify(MODULE)});
        if (!prestartDatabaseThread(['node', 'copilot', 'search', 'refund'], {})) throw new Error('not started');
        const { worker } = globalThis[Symbol.for('ops-copilot.prestarted-database-thread')];
        worker.ref();
        const opened = await new Promise((resolve) => {
          worker.once('message', resolve);
          worker.postMessage({ op: 'open', dataDir: ${JSON.stringify(join(dir, 'file', 'pgdata'))} });
        });
        if (opened.ready !== false) throw new Error('expected the open to fail: ' + JSON.stringify(opened));
        await worker.terminate();
        // (func (export "f") (param i32) (result i32) (local i32): sums n, n-1, …, 1 in a loop
        const bytes = new Uint8Array([0,97,115,109,1,0,0,0,1,6,1,96,1,127,1,127,3,2,1,0,7,5,1,1,102,0,0,10,27,1,25,1,1,127,3,64,32,0,65,1,107,34,0,32,1,106,33,1,32,0,13,0,11,32,1,11]);
        const { instance } = await WebAssembly.instantiate(bytes);
        const f = instance.exports.f;
        const isLiftoff = new Function('f', 'return %IsLiftoffFunction(f)');
        f(10);
        const until = Date.now() + 5000;
        while (isLiftoff(f) && Date.now() < until) {
          for (let i = 0; i < 200; i++) f(10_000);
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        process.stdout.write(String(isLiftoff(f)));`;
      // A script file, not -e: a worker inherits the process's options, and --input-type is refused there.
      writeFileSync(join(dir, 'check.mjs'), script);
      const run = spawnSync(process.execPath, ['--allow-natives-syntax', join(dir, 'check.mjs')], {
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout.trim()).toBe('true');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
