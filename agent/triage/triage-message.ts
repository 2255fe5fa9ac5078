/** The user message that starts a triage run: the exception as fenced, untrusted data plus the task. */
import { fenceUntrustedText } from '../prompts/untrusted-data.ts';

export const TRIAGE_MESSAGE_PREFIX = 'Triage exception';

export interface TriageSubject {
  id: string;
  type: string;
  severity?: string | null;
  [key: string]: unknown;
}

export function buildTriageMessage(exception: TriageSubject): string {
  return [
    `${TRIAGE_MESSAGE_PREFIX} ${exception.id} (type ${exception.type}${exception.severity ? `, severity ${exception.severity}` : ''}).`,
    fenceUntrustedText('exception', JSON.stringify(exception, null, 2)),
    'Gather context with the read tools, retrieve the runbook for this exception type, and propose the remediation it prescribes with concrete arguments taken from the tool results. If no remediation applies, hand off to a human and say why. Cite the runbook sections and entity ids you rely on.',
  ].join('\n');
}

/** Reads the exception back out of a triage message (the offline model does; other models just read it). */
export function parseTriageMessage(text: string): TriageSubject | undefined {
  if (!text.startsWith(TRIAGE_MESSAGE_PREFIX)) return undefined;
  const match = /<exception untrusted="true">\n([\s\S]*?)\n<\/exception>/.exec(text);
  if (!match) return undefined;
  try {
    const parsed = JSON.parse(match[1]!.replaceAll('<\\/exception>', '</exception>')) as unknown;
    if (parsed && typeof parsed === 'object' && typeof (parsed as TriageSubject).id === 'string' && typeof (parsed as TriageSubject).type === 'string') {
      return parsed as TriageSubject;
    }
  } catch {
    return undefined;
  }
  return undefined;
}
