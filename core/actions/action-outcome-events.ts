/**
 * Hooks for followers of downstream outcomes (the chat thread that proposed the action hears of it)
 * without this folder knowing them. Listeners run inside the transaction that settled the outcome,
 * each in its own savepoint: what they write commits with it, and one that throws is rolled back alone.
 */
import type { Tx } from '../db/database.ts';
import type { ActionOutcome } from './action-outcomes.ts';

export interface ActionOutcomeEvent {
  tenantId: string;
  outcome: ActionOutcome;
  /** The system of record that answered, when it said. */
  system: string | null;
}

export type ActionOutcomeListener = (event: ActionOutcomeEvent, tx: Tx) => Promise<void> | void;

const listeners = new Set<ActionOutcomeListener>();

export function onActionOutcome(listener: ActionOutcomeListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export async function emitActionOutcome(tx: Tx, event: ActionOutcomeEvent): Promise<void> {
  for (const listener of [...listeners]) {
    await tx.query('SAVEPOINT copilot_action_outcome_listener');
    try {
      await listener(event, tx);
      await tx.query('RELEASE SAVEPOINT copilot_action_outcome_listener');
    } catch (error) {
      await tx.query('ROLLBACK TO SAVEPOINT copilot_action_outcome_listener');
      await tx.query('RELEASE SAVEPOINT copilot_action_outcome_listener');
      process.emitWarning(
        `action ${event.outcome.proposalId} ${event.outcome.status}: listener failed: ${(error as Error).message}`,
        'ActionOutcomeListenerWarning',
      );
    }
  }
}
