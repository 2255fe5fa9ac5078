/**
 * Take / hand over / release on a work item's page: plain POST forms (never a GET that acts), checked
 * same-origin on the server like every session write, and answered with a redirect back to the page.
 * The server decides who may do what (changeExceptionAssignment); these forms only offer the likely moves.
 */
import type { Principal } from '../../../core/identity/roles.ts';

export interface AssignmentState {
  owner: string | null;
  queue: string | null;
  live: boolean;
}

export function AssignmentControls({
  principal,
  action,
  state,
  error,
  done,
}: {
  principal: Principal;
  /** Where the forms post (`/exceptions/<id>/assignment`). */
  action: string;
  state: AssignmentState;
  error?: string | undefined;
  done?: string | undefined;
}) {
  if (!state.live || !principal.roles.some((role) => role === 'rep' || role === 'approver' || role === 'admin')) return null;
  const mine = state.owner === principal.userName;
  const admin = principal.roles.includes('admin');
  return (
    <section class="card" id="assignment-controls" aria-labelledby="assignment-controls-heading">
      <h2 id="assignment-controls-heading">Work on it</h2>
      {error ? (
        <p class="notice error" role="alert">
          {error}
        </p>
      ) : null}
      {done ? (
        <p class="notice ok" role="status">
          {done}
        </p>
      ) : null}
      <div class="assignment-forms">
        {/* Work someone else owns is handed over or released first (the server refuses it); an admin may take it. */}
        {!mine && (!state.owner || admin) ? (
          <form method="post" action={action} id="take-form">
            <input type="hidden" name="action" value="take" />
            <button type="submit">{state.owner ? `Take it from ${state.owner}` : 'Take it'}</button>
          </form>
        ) : null}
        {state.owner && (mine || admin) ? (
          <form method="post" action={action} id="release-form">
            <input type="hidden" name="action" value="release" />
            <label for="release-note">Note (optional)</label>
            <input id="release-note" name="note" maxlength={2000} />
            <button type="submit" class="secondary">
              Release to {state.queue ? `queue ${state.queue}` : 'its queue'}
            </button>
          </form>
        ) : null}
        <form method="post" action={action} id="hand-over-form">
          <input type="hidden" name="action" value="hand_over" />
          <fieldset>
            <legend>Hand over</legend>
            <label for="hand-over-owner">To person (sign-in name)</label>
            <input id="hand-over-owner" name="owner" maxlength={200} autocomplete="off" />
            <label for="hand-over-queue">and/or queue</label>
            <input id="hand-over-queue" name="queue" maxlength={64} value={state.queue ?? ''} />
            <label for="hand-over-note">Why (shown at the top of the page)</label>
            <textarea id="hand-over-note" name="note" required maxlength={2000}></textarea>
            <button type="submit">Hand over</button>
          </fieldset>
        </form>
      </div>
    </section>
  );
}
