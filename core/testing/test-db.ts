import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { inject } from 'vitest';
import { dumpOfBytes } from '../db/memory-clone.ts';
import { openMemoryPglite, type PgliteDatabase } from '../db/pglite.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplatePath: string;
  }
}

let template: Blob | undefined;

/**
 * A fresh, fully migrated in-memory database for one test file, cloned from the template built once
 * per run by test/global-setup.ts (a fresh initdb costs seconds; a clone well under one).
 */
export async function createTestDb(): Promise<PgliteDatabase> {
  // A brief clone: a test file's database holds little, and a full 145 MB buffer pool is zeroed at every start.
  return openMemoryPglite(await migratedTemplate(), { sharedMemory: 'brief' });
}

/**
 * A migrated embedded data directory at `dataDir` (its `pgdata`, as a first open leaves it), loaded
 * from the same template: for tests of commands and servers that open a data directory, not of how a
 * directory is first created (initdb and every migration on disk: 6–8 s of CPU against about 2 s for
 * this; docs/operations.md, "How long CI takes"). `dataDir` must not hold a database yet.
 */
export async function createTestDataDir(dataDir: string): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  const pg = await PGlite.create({ dataDir: join(dataDir, 'pgdata'), extensions: { vector }, loadDataDir: await migratedTemplate() });
  await pg.close();
}

async function migratedTemplate(): Promise<Blob> {
  if (!template) {
    // The file's bytes as they are: a Blob made of them would copy them in and out again (memory-clone.ts).
    const bytes = await readFile(inject('pgliteTemplatePath'));
    const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
    template = dumpOfBytes(whole ? bytes.buffer : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  }
  return template;
}
