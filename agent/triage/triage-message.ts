/** The user message that starts a triage run: the exception and its governing runbook as fenced, untrusted data, plus the task. */
import { fenceUntrustedText } from '../prompts/untrusted-data.ts';
import type { RunbookContext } from './runbook-context.ts';

export const TRIAGE_MESSAGE_PREFIX = 'Triage exception';

export interface TriageSubject {
  id: string;
  type: string;
  severity?: string | null;
  [key: string]: unknown;
}

export interface TriageRequest {
  subject: TriageSubject;
  runbook?: RunbookContext;
}

export function buildTriageMessage(exception: TriageSubject, runbook?: RunbookContext): string {
  return [
    `${TRIAGE_MESSAGE_PREFIX} ${exception.id} (type ${exception.type}${exception.severity ? `, severity ${exception.severity}` : ''}).`,
    fenceUntrustedText('exception', JSON.stringify(exception, null, 2)),
    runbook
      ? `The runbook for ${exception.type}, retrieved for this run (front-matter "actions" lists its remediations in order of preference; cite sections by their ref):\n${fenceUntrustedText('runbook', JSON.stringify(runbook, null, 2))}`
      : `No runbook was retrieved for ${exception.type}; search the runbooks before proposing anything.`,
    'Gather context with the read tools and follow the runbook: propose the remediation it prescribes with concrete arguments taken from the tool results. If no remediation applies, hand off to a human and say why. Cite the runbook sections and entity ids you rely on.',
    ...(Array.isArray(exception.history) && exception.history.length
      ? [
          `This exception is back for triage round ${exception.history.length + 1}: its "history" lists what was proposed before and what became of it (rejected with the approver's reason, failed, or ran without clearing the cause). Do not propose the same call again; take the reason into account, propose a different remediation the runbook allows, or hand off to a human and say why.`,
        ]
      : []),
  ].join('\n');
}

function fenced<T>(text: string, label: string): T | undefined {
  const match = new RegExp(`<${label} untrusted="true">\\n([\\s\\S]*?)\\n</${label}>`).exec(text);
  if (!match) return undefined;
  try {
    return JSON.parse(match[1]!.replaceAll(`<\\/${label}>`, `</${label}>`)) as T;
  } catch {
    return undefined;
  }
}

/** Reads the exception (and runbook) back out of a triage message; the offline model does this. */
export function parseTriageMessage(text: string): TriageRequest | undefined {
  if (!text.startsWith(TRIAGE_MESSAGE_PREFIX)) return undefined;
  const subject = fenced<TriageSubject>(text, 'exception');
  if (!subject || typeof subject.id !== 'string' || typeof subject.type !== 'string') return undefined;
  const runbook = fenced<RunbookContext>(text, 'runbook');
  return { subject, ...(runbook && Array.isArray(runbook.sections) ? { runbook } : {}) };
}
