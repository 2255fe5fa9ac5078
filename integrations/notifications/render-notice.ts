/**
 * What a person reads in a notice: what waits, why, the deadline and a link to its page (GET shows
 * the page; approving or rejecting is a POST from it, so following a link never acts). Built from the
 * work.assigned / work.escalated outbox messages; Slack, Teams and email only differ in layout.
 */
import type { OutboxMessage } from '../../core/outbox/index.ts';

export interface Notice {
  /** One line: the headline (also the email subject). */
  headline: string;
  /** What waits (the work's own title). */
  what: string;
  /** Why it is there / why now. */
  why: string;
  /** "Acknowledge by …" / "Decide by …", or null. */
  deadline: string | null;
  /** Who has it now. */
  where: string;
  /** Absolute link to the page. */
  url: string;
  severity: string | null;
}

interface WorkPayload {
  subject?: { kind?: string; title?: string; type?: string; severity?: string | null };
  queue?: string | null;
  owner?: string | null;
  reason?: string;
  deadline?: string | null;
  link?: string;
  change?: string;
  by?: string;
  step?: { number?: number; notify?: string; clock?: string };
}

const CHANGE_WORDS: Record<string, string> = {
  assigned: 'New work',
  taken: 'Taken',
  handed_over: 'Handed over',
  released: 'Released to the queue',
};

function formatDeadline(iso: string | null | undefined, kind: string | undefined): string | null {
  if (!iso) return null;
  const when = new Date(iso);
  if (Number.isNaN(when.getTime())) return null;
  const text = `${when.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return kind === 'proposal' ? `Decide by ${text} (it expires then)` : `Acknowledge by ${text}`;
}

/** Joins the product's public base URL and a page path, never letting a payload point elsewhere. */
export function pageUrl(publicUrl: string, path: string | undefined): string {
  const base = publicUrl.replace(/\/+$/, '');
  const safePath = typeof path === 'string' && /^\/[A-Za-z0-9/_-]*$/.test(path) ? path : '/';
  return `${base}${safePath}`;
}

export function renderNotice(message: OutboxMessage, publicUrl: string): Notice {
  const data = message.payload as WorkPayload;
  const kind = data.subject?.kind;
  const what = data.subject?.title ?? '(untitled)';
  const where =
    [data.owner ? `owner ${data.owner}` : null, data.queue ? `queue ${data.queue}` : null].filter(Boolean).join(', ') || 'unassigned';
  const lead =
    message.type === 'work.escalated'
      ? `Escalation${data.step?.number ? ` (step ${data.step.number})` : ''}`
      : (CHANGE_WORDS[data.change ?? 'assigned'] ?? 'Work');
  const noun = kind === 'proposal' ? 'approval' : 'exception';
  return {
    headline: `${lead}: ${noun} waiting — ${what}`.slice(0, 200),
    what,
    why: data.reason ?? '',
    deadline: formatDeadline(data.deadline, kind),
    where,
    url: pageUrl(publicUrl, data.link),
    severity: data.subject?.severity ?? null,
  };
}
