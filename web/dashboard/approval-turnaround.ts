/**
 * Approval turnaround: how long proposals that needed a human decision waited for it (created →
 * settled), over proposals settled in the window, plus what is still waiting. Read through the
 * policies module's listProposals, so it sees what the caller may see (approvers and admins: the
 * whole tenant; others: their own proposals only).
 */
import type { Database } from '../../core/db/database.ts';
import type { Principal } from '../../core/identity/roles.ts';
import { listProposals, type Proposal } from '../../policies/index.ts';

export interface ApprovalTurnaround {
  decided: number;
  approved: number;
  rejected: number;
  averageHours: number | null;
  medianHours: number | null;
  p90Hours: number | null;
  pending: number;
  oldestPendingHours: number | null;
  /** 'tenant' for approvers and admins; 'own' when the caller only sees their own proposals. */
  scope: 'tenant' | 'own';
  /** True when a status had more proposals than one listing returns (the newest were used). */
  truncated: boolean;
}

const LIST_LIMIT = 500;
const hours = (milliseconds: number): number => Math.round((milliseconds / 3_600_000) * 10) / 10;

function quantile(sorted: number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const index = Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

export async function approvalTurnaround(db: Database, principal: Principal, window: { from: Date; to: Date }, now = new Date()): Promise<ApprovalTurnaround> {
  const settledStatuses = ['executed', 'failed', 'rejected'] as const;
  const lists = await Promise.all(settledStatuses.map((status) => listProposals(db, principal, { status, limit: LIST_LIMIT })));
  const pending = await listProposals(db, principal, { status: 'pending', limit: LIST_LIMIT });
  const needingApproval = (proposal: Proposal) => proposal.decision === 'require_approval';
  const settled = lists
    .flat()
    .filter(needingApproval)
    .filter((proposal) => proposal.settledAt && proposal.settledAt >= window.from && proposal.settledAt < window.to);
  const waits = settled.map((proposal) => proposal.settledAt!.getTime() - proposal.createdAt.getTime()).sort((a, b) => a - b);
  const waiting = pending.filter(needingApproval);
  const oldest = waiting.reduce<number | null>((max, proposal) => Math.max(max ?? 0, now.getTime() - proposal.createdAt.getTime()), null);
  const average = waits.length ? waits.reduce((sum, wait) => sum + wait, 0) / waits.length : null;
  return {
    decided: settled.length,
    approved: settled.filter((proposal) => proposal.status !== 'rejected').length,
    rejected: settled.filter((proposal) => proposal.status === 'rejected').length,
    averageHours: average === null ? null : hours(average),
    medianHours: waits.length ? hours(quantile(waits, 0.5)!) : null,
    p90Hours: waits.length ? hours(quantile(waits, 0.9)!) : null,
    pending: waiting.length,
    oldestPendingHours: oldest === null ? null : hours(oldest),
    scope: principal.roles.some((role) => role === 'approver' || role === 'admin') ? 'tenant' : 'own',
    truncated: [...lists, pending].some((list) => list.length >= LIST_LIMIT),
  };
}
