/** Registers the listeners that tell chat threads what became of their proposals (idempotent). */
import { onActionOutcome } from '../../core/actions/index.ts';
import { onProposalChanged } from '../../policies/index.ts';
import { postActionOutcome, postProposalChange } from './proposal-outcome-messages.ts';

let registered: (() => void) | undefined;

export function registerChatOutcomeMessages(): () => void {
  if (registered) return registered;
  const removers = [onProposalChanged(postProposalChange), onActionOutcome(postActionOutcome)];
  const unregister = (): void => {
    removers.forEach((remove) => remove());
    registered = undefined;
  };
  registered = unregister;
  return unregister;
}
