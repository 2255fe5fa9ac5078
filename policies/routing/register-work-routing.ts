/**
 * Wires routing into the places work appears: exceptions as they open (core/exceptions' hook) and
 * proposals as they start waiting (policies' proposal hook). Called once per process by the CLI
 * (serve included); idempotent.
 */
import { onExceptionsOpened } from '../../core/exceptions/index.ts';
import { onProposalPending } from '../proposals/proposal-events.ts';
import { routeOpenedExceptions } from './route-exceptions.ts';
import { routePendingProposal } from './route-proposals.ts';

let unregister: (() => void) | undefined;

export function registerWorkRouting(): () => void {
  if (unregister) return unregister;
  const removers = [onExceptionsOpened(routeOpenedExceptions), onProposalPending(routePendingProposal)];
  unregister = () => {
    removers.forEach((remove) => remove());
    unregister = undefined;
  };
  return unregister;
}
