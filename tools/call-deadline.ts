/**
 * A deadline shared by a caller that may stop waiting (the agent's policy gate) and the gate's
 * transaction, so that "timed out" and "committed" can never both be true. The transaction claims
 * the commit just before committing; the caller abandons the call at its deadline. Whichever comes
 * first wins, and both run on the one JavaScript thread, so there is no window between them:
 *   - abandoned first: the transaction rolls back when it reaches its commit (nothing executed);
 *   - claimed first: the commit is under way, so the caller waits for it and reports what happened.
 */
export class CallDeadline {
  #state: 'running' | 'committing' | 'abandoned' = 'running';

  /** Called by the gate right before it commits. False: the caller gave up, so roll back. */
  claimCommit(): boolean {
    if (this.#state === 'abandoned') return false;
    this.#state = 'committing';
    return true;
  }

  /** Called by the caller at its deadline. False: the commit is already under way; wait for its outcome. */
  abandon(): boolean {
    if (this.#state === 'committing') return false;
    this.#state = 'abandoned';
    return true;
  }
}
