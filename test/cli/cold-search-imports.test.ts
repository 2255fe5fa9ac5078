/**
 * A cold `copilot search` on the embedded database loads only what it uses: not the remote embedding
 * providers (`openai`, LangChain's provider packages), not the PostgreSQL driver, not the policy and
 * exception machinery (whose chunk pulls in `yaml`). Each of those is hundreds of files a person typing a
 * search would wait for (issue 13: search ≤ 1 s cold). Watched with a module resolve hook in a real process.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NOT_LOADED = ['openai', '@langchain/openai', '@langchain/ollama', '@langchain/core', 'langsmith', 'pg', 'yaml'];

describe('cold copilot search', () => {
  const dir = mkdtempSync(join(tmpdir(), 'copilot-cold-search-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('imports no remote provider, database driver or policy package', () => {
    const hook = join(dir, 'hook.mjs');
    writeFileSync(
      hook,
      `export async function resolve(specifier, context, next) {
  if (!specifier.startsWith('.') && !specifier.startsWith('node:') && !specifier.startsWith('file:')) process.stderr.write('PACKAGE ' + specifier + '\\n');
  return next(specifier, context);
}\n`,
    );
    const register = join(dir, 'register.mjs');
    writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(`file://${hook}`)});\n`);
    const run = spawnSync(
      process.execPath,
      ['--import', register, join(ROOT, 'bin/copilot.mjs'), 'search', 'customer charged twice', '--json'],
      {
        cwd: ROOT,
        encoding: 'utf8',
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '',
          COPILOT_DATA_DIR: join(dir, 'data'),
          COPILOT_EMBEDDINGS: 'local',
        },
        timeout: 120_000,
      },
    );
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([]); // an empty, freshly migrated index
    const packages = new Set([...run.stderr.matchAll(/^PACKAGE (\S+)$/gm)].map((match) => match[1]!));
    expect(packages.has('@electric-sql/pglite')).toBe(true); // the hook saw the imports it should
    const loaded = [...packages].filter((name) => NOT_LOADED.some((heavy) => name === heavy || name.startsWith(`${heavy}/`)));
    expect(loaded).toEqual([]);
    // As long as the child may take (spawnSync's timeout above): a first start runs initdb and every migration.
  }, 150_000);
});
