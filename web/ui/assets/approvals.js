// Approve / reject / edit a proposal through the JSON API (the server checks roles and four-eyes).
import { api, element } from './dom.js';

const container = document.getElementById('proposal');
const outcome = document.getElementById('proposal-outcome');
const proposalId = container?.dataset.proposalId;

function show(kind, text) {
  outcome.replaceChildren(element('span', { class: `notice ${kind}` }, text));
  outcome.focus?.();
}

function settle(status) {
  const badge = document.querySelector('h1 [data-proposal-status]');
  if (badge) {
    badge.textContent = status;
    badge.dataset.proposalStatus = status;
  }
  document.getElementById('decide')?.remove();
}

function busy(form, value) {
  for (const control of form.querySelectorAll('button, textarea')) control.disabled = value;
}

document.getElementById('approve-form')?.addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.currentTarget;
  const comment = form.comment.value.trim();
  busy(form, true);
  try {
    const result = await api(`/v1/proposals/${proposalId}/approve`, { method: 'POST', json: comment ? { comment } : {} });
    if (result.status === 'executed') {
      show('ok', `Approved and executed. ${result.reason ?? ''}`);
      settle('executed');
    } else {
      show('error', `Approved, but it did not execute: ${result.error?.message ?? result.reason}`);
      settle(result.status === 'failed' ? 'failed' : result.status);
    }
  } catch (error) {
    show('error', error.message);
    busy(form, false);
  }
});

document.getElementById('reject-form')?.addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.currentTarget;
  busy(form, true);
  try {
    await api(`/v1/proposals/${proposalId}/reject`, { method: 'POST', json: { reason: form.reason.value } });
    show('ok', 'Rejected.');
    settle('rejected');
  } catch (error) {
    show('error', error.message);
    busy(form, false);
  }
});

document.getElementById('edit-form')?.addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.currentTarget;
  let args;
  try {
    args = JSON.parse(form.args.value);
  } catch {
    show('error', 'The arguments are not valid JSON.');
    return;
  }
  const comment = form.comment.value.trim();
  busy(form, true);
  try {
    const result = await api(`/v1/proposals/${proposalId}/edit`, { method: 'POST', json: comment ? { args, comment } : { args } });
    if (result.proposalId) window.location.assign(`/approvals/${result.proposalId}`);
    else show('ok', `Edited: ${result.status}. ${result.reason ?? ''}`);
  } catch (error) {
    const issues = error.details?.issues?.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
    show('error', issues ? `${error.message} (${issues})` : error.message);
    busy(form, false);
  }
});
