/**
 * Evidence of the exceptions an executed action raises when the system of record reports it failed
 * (`action_failed_downstream`) or never confirms it (`action_unconfirmed`) and no exception of its own
 * carries it: the action, what the outside said, and when.
 */
import { z } from 'zod';

const actionFields = {
  proposalId: z.uuid(),
  /** The same value as action.executed's idempotencyKey: what the system of record knows the action by. */
  idempotencyKey: z.string(),
  tool: z.string(),
  executedAt: z.string(),
  system: z.string().nullable(),
};

export const actionFailedDownstreamEvidenceSchema = z.object({
  ...actionFields,
  reason: z.string(),
  code: z.string().nullable(),
});

export const actionUnconfirmedEvidenceSchema = z.object({
  ...actionFields,
  confirmBy: z.string(),
});
