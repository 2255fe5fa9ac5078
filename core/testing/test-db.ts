import { readFile } from 'node:fs/promises';
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
  if (!template) {
    // The file's bytes as they are: a Blob made of them would copy them in and out again (memory-clone.ts).
    const bytes = await readFile(inject('pgliteTemplatePath'));
    const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
    template = dumpOfBytes(whole ? bytes.buffer : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  }
  // A brief clone: a test file's database holds little, and a full 145 MB buffer pool is zeroed at every start.
  return openMemoryPglite(template, { sharedMemory: 'brief' });
}
