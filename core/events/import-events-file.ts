/**
 * Imports a JSON Lines file of events for one tenant (one event per line). Every line is applied on
 * its own; a bad line (not JSON, invalid, cannot apply) becomes a dead letter and the import goes on.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Database } from '../db/database.ts';
import { applyEvent } from './apply-event.ts';
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
  /** Called after each line with bytes processed so far and the file size (for a progress bar). */
  onProgress?: (progress: { bytes: number; totalBytes: number; lines: number }) => void;
}

export async function importEventsFile(db: Database, tenantId: string, path: string, options: ImportOptions = {}): Promise<ImportSummary> {
  const totalBytes = (await stat(path)).size;
  const summary: ImportSummary = { file: path, lines: 0, applied: 0, duplicates: 0, deadLettered: [] };
  const reader = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Number.POSITIVE_INFINITY });
  let bytes = 0;
  let lineNumber = 0;
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
    const result = await applyEvent(db, tenantId, event, { source: options.source ?? 'cli' });
    if (result.status === 'applied') summary.applied += 1;
    else if (result.status === 'duplicate') summary.duplicates += 1;
    else {
      summary.deadLettered.push({
        line: lineNumber, eventId: result.eventId, type: result.type, code: result.error.code,
        reason: result.error.message, deadLetterId: result.deadLetterId,
      });
    }
    options.onProgress?.({ bytes: Math.min(bytes, totalBytes), totalBytes, lines: summary.lines });
  }
  return summary;
}
