/**
 * A hook for other folders to follow exceptions as they open, without this folder knowing them:
 * policies/ routing assigns each newly detected or reopened exception to its owner/queue. Listeners
 * run inside the transaction that opened the exception, in a savepoint, so what they write commits
 * with it; a listener that throws is rolled back alone and reported (routing never blocks detection).
 */
import type { Tx } from '../db/database.ts';
import type { NewExceptionEvent } from './exception-rows.ts';

export interface OpenedExceptions {
  /** Exceptions detected or reopened in this transaction (ids, in order, without repeats). */
  exceptionIds: string[];
  occurredAt: Date;
}

export type ExceptionOpenedListener = (opened: OpenedExceptions, tx: Tx) => Promise<void>;

const listeners = new Set<ExceptionOpenedListener>();

export function onExceptionsOpened(listener: ExceptionOpenedListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export async function notifyExceptionsOpened(tx: Tx, events: readonly NewExceptionEvent[]): Promise<void> {
  if (listeners.size === 0) return;
  const opened = events.filter((event) => event.kind === 'detected' || event.kind === 'reopened');
  if (opened.length === 0) return;
  const exceptionIds = [...new Set(opened.map((event) => event.exceptionId))];
  const occurredAt = opened.reduce((latest, event) => (event.occurredAt > latest ? event.occurredAt : latest), opened[0]!.occurredAt);
  for (const listener of [...listeners]) {
    await tx.query('SAVEPOINT copilot_exception_listener');
    try {
      await listener({ exceptionIds, occurredAt }, tx);
      await tx.query('RELEASE SAVEPOINT copilot_exception_listener');
    } catch (error) {
      await tx.query('ROLLBACK TO SAVEPOINT copilot_exception_listener');
      await tx.query('RELEASE SAVEPOINT copilot_exception_listener');
      process.emitWarning(`exceptions opened: listener failed: ${(error as Error).message}`, 'ExceptionListenerWarning');
    }
  }
}
