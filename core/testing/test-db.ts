import { readFile } from 'node:fs/promises';
import { inject } from 'vitest';
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
  if (!template) {
    const path = inject('pgliteTemplatePath');
    template = new Blob([await readFile(path)]);
  }
  // A brief clone: a test file's database holds little, and a full 145 MB buffer pool is zeroed at every start.
  return openMemoryPglite(template, { sharedMemory: 'brief' });
}
