/** Downstream outcomes of executed actions: confirmed, failed or unconfirmed by the system of record. */
export {
  ACTION_OUTCOME_STATUSES,
  actionConfirmedSchema,
  actionFailedSchema,
  applyActionConfirmed,
  applyActionFailed,
  getActionOutcomes,
  recordActionExecuted,
  sweepUnconfirmedActions,
} from './action-outcomes.ts';
export type { ActionConfirmed, ActionFailed, ActionOutcome, ActionOutcomeStatus, ExecutedAction } from './action-outcomes.ts';
export { onActionOutcome } from './action-outcome-events.ts';
export type { ActionOutcomeEvent, ActionOutcomeListener } from './action-outcome-events.ts';
export { countActionOutcomes } from './action-outcome-counts.ts';
export type { ActionOutcomeCounts } from './action-outcome-counts.ts';
