/** The guarded exception status machine. Every status change goes through assertExceptionTransition. */
import { IllegalTransitionError } from '../errors.ts';
import type { ExceptionStatus } from './exception-types.ts';

/**
 * open → triaging (a worker claimed it) | awaiting_approval | resolved | dismissed
 * triaging → open (claim released, triage failed) | awaiting_approval | resolved | dismissed
 * awaiting_approval → open (proposal rejected or failed) | triaging (re-triage) | resolved | dismissed
 * resolved, dismissed → open (reopen; only while no other live exception has the same cause)
 */
export const EXCEPTION_TRANSITIONS: Readonly<Record<ExceptionStatus, readonly ExceptionStatus[]>> = {
  open: ['triaging', 'awaiting_approval', 'resolved', 'dismissed'],
  triaging: ['open', 'awaiting_approval', 'resolved', 'dismissed'],
  awaiting_approval: ['open', 'triaging', 'resolved', 'dismissed'],
  resolved: ['open'],
  dismissed: ['open'],
};

export function canTransitionException(from: ExceptionStatus, to: ExceptionStatus): boolean {
  return EXCEPTION_TRANSITIONS[from].includes(to);
}

export function assertExceptionTransition(from: ExceptionStatus, to: ExceptionStatus): void {
  if (!canTransitionException(from, to)) {
    const allowed = EXCEPTION_TRANSITIONS[from];
    throw new IllegalTransitionError('exception', from, to, `allowed from ${from}: ${allowed.join(', ')}`);
  }
}
