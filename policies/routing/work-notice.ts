/**
 * The outbound notices of routing: work.assigned (routed, taken, handed over, released) and
 * work.escalated (an SLA ladder step). Each names what waits, why, the deadline, a link to its page
 * and who should be told; the dispatcher delivers them to webhooks and notification routes.
 */
import type { Tx } from '../../core/db/database.ts';
import { appendOutboxMessage, orderingKeyFor, type OutboxMessageData } from '../../core/outbox/index.ts';

export type WorkSubject = OutboxMessageData<'work.assigned'>['subject'];

export interface WorkNotice {
  tenantId: string;
  subject: WorkSubject;
  /** The order number, when the work is about one order (keeps its messages in order with the rest). */
  orderNumber?: string | null | undefined;
  queue: string | null;
  owner: string | null;
  reason: string;
  rule: string | null;
  deadline: Date | null;
  recipients: { queues: string[]; users: string[] };
  at: Date;
}

export function linkFor(subject: Pick<WorkSubject, 'kind' | 'id'>): string {
  return subject.kind === 'exception' ? `/exceptions/${subject.id}` : `/approvals/${subject.id}`;
}

function common(notice: WorkNotice) {
  return {
    subject: notice.subject,
    queue: notice.queue,
    owner: notice.owner,
    reason: notice.reason,
    rule: notice.rule,
    deadline: notice.deadline?.toISOString() ?? null,
    link: linkFor(notice.subject),
    recipients: { queues: [...new Set(notice.recipients.queues)], users: [...new Set(notice.recipients.users)] },
  };
}

function envelope(notice: WorkNotice) {
  return {
    tenantId: notice.tenantId,
    orderingKey: orderingKeyFor(notice.orderNumber, `${notice.subject.kind}:${notice.subject.id}`),
    occurredAt: notice.at,
  };
}

export async function appendWorkAssigned(
  tx: Tx,
  notice: WorkNotice,
  change: OutboxMessageData<'work.assigned'>['change'],
  by: string,
): Promise<void> {
  await appendOutboxMessage(tx, { ...envelope(notice), type: 'work.assigned', data: { ...common(notice), change, by } });
}

export async function appendWorkEscalated(tx: Tx, notice: WorkNotice, step: OutboxMessageData<'work.escalated'>['step']): Promise<void> {
  await appendOutboxMessage(tx, { ...envelope(notice), type: 'work.escalated', data: { ...common(notice), step } });
}
