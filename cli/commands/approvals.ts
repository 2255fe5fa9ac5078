/** `copilot approvals`: list, inspect and decide proposals without the UI, as the user of an API key. */
import type { Command } from 'commander';
import {
  approveProposal,
  editProposal,
  getProposal,
  listProposals,
  PROPOSAL_STATUSES,
  rejectProposal,
  type Proposal,
} from '../../policies/index.ts';
import { buildDefaultRegistry } from '../../tools/registry.ts';
import { printJson, printTable } from '../output.ts';
import { BRIEF, withRuntime } from '../runtime.ts';
import { exitCodeFor, parseJsonOption, principalFromKey, printOutcome } from './tools.ts';

interface KeyOptions {
  key?: string;
  json?: boolean;
}

const row = (proposal: Proposal) => ({
  id: proposal.id,
  status: proposal.status,
  tool: proposal.tool,
  amount: proposal.amount,
  approver: proposal.approverRole,
  proposer: proposal.proposer.name,
  origin: proposal.origin.ref ? `${proposal.origin.kind}:${proposal.origin.ref}` : proposal.origin.kind,
  created: proposal.createdAt,
  reason: proposal.reason,
});

export function registerApprovalsCommand(program: Command): void {
  const approvals = program
    .command('approvals')
    .description('list, show, approve, reject or edit proposed actions (uses --key or COPILOT_API_KEY)');
  const keyOption = (command: Command) =>
    command.option('--key <key>', 'API key (default: COPILOT_API_KEY)').option('--json', 'print as JSON');

  keyOption(
    approvals
      .command('list')
      .description('list proposals (pending by default); approvers see the tenant’s, others their own')
      .option('--status <status>', `one of ${PROPOSAL_STATUSES.join(', ')}, or "all"`, 'pending')
      .option('--limit <n>', 'at most this many', '50'),
  ).action(async (options: KeyOptions & { status: string; limit: string }) => {
    await withRuntime(async ({ db, config }) => {
      const principal = await principalFromKey(db, config, options.key);
      const proposals = await listProposals(db, principal, {
        ...(options.status === 'all' ? {} : { status: options.status as Proposal['status'] }),
        limit: Number(options.limit),
      });
      if (options.json) printJson(proposals);
      else printTable(proposals.map(row));
    }, BRIEF);
  });

  keyOption(
    approvals
      .command('show')
      .description('show a proposal: call, evidence, decision, approvals, revisions')
      .argument('<id>', 'proposal id'),
  ).action(async (id: string, options: KeyOptions) => {
    await withRuntime(async ({ db, config }) => {
      const proposal = await getProposal(db, await principalFromKey(db, config, options.key), id);
      if (options.json) return printJson(proposal);
      const lines = [
        `proposal ${proposal.id} (revision ${proposal.revision}) — ${proposal.status}`,
        `call: ${proposal.tool} ${JSON.stringify(proposal.args)}`,
        `decision: ${proposal.decision} by rule ${proposal.ruleId} (policy v${proposal.policyVersion})${proposal.approverRole ? `, approver role ${proposal.approverRole}` : ''}`,
        `reason: ${proposal.reason}`,
        `proposed by ${proposal.proposer.name} via ${proposal.origin.kind}${proposal.origin.ref ? ` (${proposal.origin.ref})` : ''} at ${proposal.createdAt.toISOString()}`,
        ...(proposal.rationale ? [`rationale: ${proposal.rationale}`] : []),
        `evidence: ${JSON.stringify(proposal.evidence)}`,
        ...proposal.citations.map((citation) => `cites: ${citation.ref}${citation.title ? ` — ${citation.title}` : ''}`),
        ...(proposal.expiresAt && proposal.status === 'pending' ? [`expires: ${proposal.expiresAt.toISOString()}`] : []),
        ...proposal.approvals.map(
          (approval) =>
            `${approval.decision} by ${approval.userName} at ${approval.createdAt.toISOString()}${approval.comment ? `: ${approval.comment}` : ''}`,
        ),
        ...(proposal.revisions.length > 1
          ? [`revisions: ${proposal.revisions.map((revision) => `${revision.revision}=${revision.status}`).join(', ')}`]
          : []),
        ...(proposal.result !== null ? [`result: ${JSON.stringify(proposal.result)}`] : []),
        ...(proposal.error ? [`error [${proposal.error.code}]: ${proposal.error.message}`] : []),
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    }, BRIEF);
  });

  keyOption(
    approvals
      .command('approve')
      .description('approve a pending proposal; it executes at once (exactly once)')
      .argument('<id>', 'proposal id')
      .option('--comment <text>', 'note for the record'),
  ).action(async (id: string, options: KeyOptions & { comment?: string }) => {
    await withRuntime(async ({ db, config }) => {
      const principal = await principalFromKey(db, config, options.key);
      const outcome = await approveProposal(db, buildDefaultRegistry(), principal, id, options.comment ? { comment: options.comment } : {});
      if (options.json) printJson(outcome);
      else printOutcome(outcome);
      process.exitCode = exitCodeFor(outcome);
    }, BRIEF);
  });

  keyOption(
    approvals
      .command('reject')
      .description('reject a pending proposal')
      .argument('<id>', 'proposal id')
      .requiredOption('--reason <text>', 'why (recorded and shown to the proposer)'),
  ).action(async (id: string, options: KeyOptions & { reason: string }) => {
    await withRuntime(async ({ db, config }) => {
      const principal = await principalFromKey(db, config, options.key);
      const proposal = await rejectProposal(db, buildDefaultRegistry(), principal, id, { reason: options.reason });
      if (options.json) printJson(proposal);
      else process.stdout.write(`rejected proposal ${proposal.id} (${proposal.tool}): ${options.reason}\n`);
    }, BRIEF);
  });

  keyOption(
    approvals
      .command('edit')
      .description('change a pending proposal’s arguments; the edit is re-validated and re-decided as a new revision')
      .argument('<id>', 'proposal id')
      .requiredOption('--args <json>', 'the complete new arguments as a JSON object')
      .option('--comment <text>', 'note for the record'),
  ).action(async (id: string, options: KeyOptions & { args: string; comment?: string }) => {
    const args = parseJsonOption(options.args, '--args');
    await withRuntime(async ({ db, config }) => {
      const principal = await principalFromKey(db, config, options.key);
      const outcome = await editProposal(db, buildDefaultRegistry(), principal, id, {
        args,
        ...(options.comment ? { comment: options.comment } : {}),
      });
      if (options.json) printJson(outcome);
      else printOutcome(outcome);
      process.exitCode = exitCodeFor(outcome);
    }, BRIEF);
  });
}
