import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { migrateAll } from '../core/db/open.ts';
import { openMemoryPglite } from '../core/db/pglite.ts';

/** Builds one migrated PGlite data directory per test run; each test file clones it. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = await mkdtemp(join(tmpdir(), 'copilot-template-'));
  const db = await openMemoryPglite();
  await migrateAll(db);
  const dump = await db.dumpDataDir();
  await db.close();
  const path = join(dir, 'template.tar');
  await writeFile(path, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteTemplatePath', path);
  return async () => {
    await rm(dir, { recursive: true, force: true });
  };
}
