/** Small badges shared by the exception queue, exception and order pages. */
import type { OperationalException } from '../../../core/exceptions/index.ts';
import { formatDuration } from '../format.ts';

const SEVERITY_TONE: Record<string, string> = { critical: 'danger', high: 'danger', medium: 'warn', low: 'neutral' };
const STATUS_TONE: Record<string, string> = {
  open: 'warn',
  triaging: 'info',
  awaiting_approval: 'info',
  resolved: 'ok',
  dismissed: 'neutral',
};

export function SeverityBadge({ severity }: { severity: string }) {
  return <span class={`badge ${SEVERITY_TONE[severity] ?? 'neutral'}`}>{severity}</span>;
}

export function StatusBadge({ status }: { status: string }) {
  return <span class={`badge ${STATUS_TONE[status] ?? 'neutral'}`}>{status.replaceAll('_', ' ')}</span>;
}

/** Server-rendered SLA state; countdown.js keeps it current while the page stays open. */
export function SlaCountdown({ exception, now }: { exception: OperationalException; now: Date }) {
  const closed = exception.status === 'resolved' || exception.status === 'dismissed';
  if (closed) {
    return <span class={`badge ${exception.slaBreached ? 'danger' : 'ok'}`}>{exception.slaBreached ? 'closed late' : 'met'}</span>;
  }
  const remaining = exception.slaDueAt.getTime() - now.getTime();
  const tone = remaining < 0 ? 'danger' : remaining < 4 * 3_600_000 ? 'warn' : 'ok';
  return (
    <span class={`badge ${tone}`} data-countdown={exception.slaDueAt.toISOString()}>
      {remaining >= 0 ? `due in ${formatDuration(remaining)}` : `overdue by ${formatDuration(remaining)}`}
    </span>
  );
}

export function Age({ since, now }: { since: Date; now: Date }) {
  return <span data-age={since.toISOString()}>{formatDuration(now.getTime() - since.getTime())}</span>;
}
