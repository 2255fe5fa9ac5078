/**
 * Imports a JSON Lines file of events for one tenant (one event per line). Lines are applied in
 * slices of 25 in one transaction each (apply-events.ts), every line isolated: a bad line (not JSON,
 * invalid, cannot apply) becomes a dead letter and the import goes on.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Database } from '../db/database.ts';
import { ValidationError } from '../errors.ts';
import { applyEvents } from './apply-events.ts';
import type { EventSource } from './after-event-hooks.ts';

export interface ImportedLineFailure {
  line: number;
  eventId: string | null;
  type: string | null;
  code: string;
  reason: string;
  deadLetterId: string;
}

export interface ImportSummary {
  file: string;
  lines: number;
  applied: number;
  duplicates: number;
  deadLettered: ImportedLineFailure[];
}

export interface ImportOptions {
  source?: EventSource;
  /** Called after each slice of lines with bytes processed so far and the file size (for a progress bar). */
  onProgress?: (progress: { bytes: number; totalBytes: number; lines: number }) => void;
}

/** Lines applied per transaction (as the batch applier's slices). */
const SLICE_LINES = 25;

const UNREADABLE: Record<string, string> = {
  ENOENT: 'does not exist',
  ENOTDIR: 'does not exist (a parent is not a directory)',
  EISDIR: 'is a directory',
  EACCES: 'not readable (permission denied)',
  EPERM: 'not readable (permission denied)',
};

function cannotRead(path: string, reason: string): ValidationError {
  return new ValidationError(`cannot read events file ${path}: ${reason}`, [{ path: 'file', message: reason }]);
}

/** Opens the file for reading, or says in plain words (with the path) why it cannot be read. */
async function openEventsFile(path: string): Promise<{ file: FileHandle; size: number }> {
  let file: FileHandle;
  try {
    file = await open(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw cannotRead(path, (code && UNREADABLE[code]) ?? (error as Error).message);
  }
  // Opening a directory succeeds on Linux; only reading it fails (EISDIR, without the path).
  const stats = await file.stat();
  if (!stats.isFile()) {
    await file.close();
    throw cannotRead(path, stats.isDirectory() ? 'is a directory' : 'not a regular file');
  }
  return { file, size: stats.size };
}

/** Throws a ValidationError naming the path unless it is a readable file (checked before any work). */
export async function checkEventsFile(path: string): Promise<void> {
  await (await openEventsFile(path)).file.close();
}

export async function importEventsFile(db: Database, tenantId: string, path: string, options: ImportOptions = {}): Promise<ImportSummary> {
  const { file, size: totalBytes } = await openEventsFile(path);
  const summary: ImportSummary = { file: path, lines: 0, applied: 0, duplicates: 0, deadLettered: [] };
  const reader = createInterface({ input: file.createReadStream({ encoding: 'utf8' }), crlfDelay: Number.POSITIVE_INFINITY });
  let bytes = 0;
  let lineNumber = 0;
  let pending: Array<{ line: number; input: unknown; raw: string }> = [];
  const flush = async () => {
    const slice = pending;
    pending = [];
    const results = await applyEvents(db, tenantId, slice, { source: options.source ?? 'cli' });
    for (const [index, result] of results.entries()) {
      if (result.status === 'applied') summary.applied += 1;
      else if (result.status === 'duplicate') summary.duplicates += 1;
      else {
        summary.deadLettered.push({
          line: slice[index]!.line,
          eventId: result.eventId,
          type: result.type,
          code: result.error.code,
          reason: result.error.message,
          deadLetterId: result.deadLetterId,
        });
      }
    }
    options.onProgress?.({ bytes: Math.min(bytes, totalBytes), totalBytes, lines: summary.lines });
  };
  try {
    for await (const line of reader) {
      lineNumber += 1;
      bytes += Buffer.byteLength(line, 'utf8') + 1;
      if (line.trim() === '') continue;
      summary.lines += 1;
      let event: unknown;
      try {
        event = JSON.parse(line);
      } catch {
        // Kept verbatim (as a JSON string) so the line can be inspected and fixed.
        event = line;
      }
      pending.push({ line: lineNumber, input: event, raw: line });
      if (pending.length >= SLICE_LINES) await flush();
    }
    if (pending.length > 0) await flush();
  } finally {
    // Also when applying a line throws: the file is not left open.
    reader.close();
    await file.close();
  }
  return summary;
}
