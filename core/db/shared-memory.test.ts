import { describe, expect, it } from 'vitest';
import { openMemoryPglite } from './pglite.ts';
import { sharedMemorySettings, startParamsFor } from './shared-memory.ts';

describe('shared memory profiles of the embedded database', () => {
  it('adds settings only for a brief start or a command, after the defaults', () => {
    expect(sharedMemorySettings()).toEqual([]);
    expect(startParamsFor(['--single'], 'standard')).toBeUndefined();
    expect(startParamsFor(['--single'], 'brief')).toEqual(['--single', '-c', 'shared_buffers=16MB', '-c', 'max_connections=8']);
    expect(startParamsFor(['--single'], 'command')).toEqual(['--single', '-c', 'shared_buffers=2MB', '-c', 'max_connections=8']);
  });

  // Two database starts: allow for a loaded machine.
  it('starts an in-memory clone with a small buffer pool when asked, and keeps its data', { timeout: 180_000 }, async () => {
    const source = await openMemoryPglite();
    let dump: Blob;
    try {
      expect((await source.query<{ shared_buffers: string }>('SHOW shared_buffers')).rows[0]!.shared_buffers).toBe('128MB');
      await source.exec('CREATE TABLE kept (id int); INSERT INTO kept VALUES (7)');
      dump = await source.dumpDataDir();
    } finally {
      await source.close();
    }
    const brief = await openMemoryPglite(dump, { sharedMemory: 'brief' });
    try {
      expect((await brief.query<{ shared_buffers: string }>('SHOW shared_buffers')).rows[0]!.shared_buffers).toBe('16MB');
      expect((await brief.query<{ id: number }>('SELECT id FROM kept')).rows).toEqual([{ id: 7 }]);
    } finally {
      await brief.close();
    }
  });
});
