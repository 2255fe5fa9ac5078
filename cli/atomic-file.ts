/**
 * Writes a file all-or-nothing: the content goes to a temporary file beside the target, which is
 * renamed over the target only once everything is written. A failure (or Ctrl-C) part-way leaves an
 * existing target exactly as it was and removes the temporary file.
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { open, realpath, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { onShutdown } from './runtime.ts';

/** Appends text to the output; resolves once it was accepted (so memory stays bounded). */
export type WriteText = (text: string) => Promise<void>;

/** A WriteText for a stream such as stdout, waiting for it to drain when its buffer is full. */
export function streamWriter(out: NodeJS.WritableStream): WriteText {
  return async (text) => {
    if (!out.write(text)) await once(out, 'drain');
  };
}

const FLUSH_BYTES = 64 * 1024;

export async function writeFileAtomically(target: string, write: (writeText: WriteText) => Promise<void>): Promise<void> {
  // Through a symlink the link's target is replaced, not the link; an existing file keeps its mode.
  const existing = await stat(target).catch(() => undefined);
  const destination = existing ? await realpath(target) : target;
  const temp = join(dirname(destination), `.${basename(destination)}.${randomBytes(6).toString('hex')}.tmp`);
  const removeTemp = (): Promise<void> => rm(temp, { force: true });
  const unregister = onShutdown(removeTemp);
  try {
    const file = await open(temp, 'wx', existing ? existing.mode & 0o777 : 0o666);
    try {
      let pending = '';
      const flush = async (): Promise<void> => {
        const text = pending;
        pending = '';
        if (text) await file.write(text);
      };
      await write(async (text) => {
        pending += text;
        if (pending.length >= FLUSH_BYTES) await flush();
      });
      await flush();
      // The mode given to open() is masked by the umask; an existing file's mode is kept exactly.
      if (existing) await file.chmod(existing.mode & 0o777);
    } finally {
      await file.close();
    }
    await rename(temp, destination);
  } catch (error) {
    await removeTemp();
    throw error;
  } finally {
    unregister();
  }
}
