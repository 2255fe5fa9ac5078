/**
 * Email notices over SMTP (nodemailer). The transport comes from COPILOT_SMTP_URL (operator
 * configuration, never a tenant's), so email routes cannot be pointed at internal hosts. SMTP answers
 * map onto the delivery's retry rules: accepted = delivered, a permanent 5xx refusal = dead at once,
 * anything else (4xx, no connection, timeout) = retried.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import type { PostResult } from '../webhooks/post-webhook.ts';
import type { Notice } from './render-notice.ts';

export interface SmtpSettings {
  /** smtp://host:port, smtps://user:pass@host:465 … */
  url: string;
  from: string;
}

const transports = new Map<string, Transporter>();

function transportFor(settings: SmtpSettings, timeoutMs: number): Transporter {
  const key = `${settings.url}|${timeoutMs}`;
  let transport = transports.get(key);
  if (!transport) {
    transport = nodemailer.createTransport(settings.url, {
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
    } as never);
    transports.set(key, transport);
  }
  return transport;
}

function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

export function emailContent(notices: readonly Notice[], title?: string): { subject: string; text: string; html: string } {
  const subject = `[Ops Copilot] ${title ?? notices[0]!.headline}`.replace(/[\r\n]+/g, ' ').slice(0, 200);
  const text = notices
    .map((notice) =>
      [
        notice.headline,
        `Why: ${notice.why}`,
        notice.deadline ? `Deadline: ${notice.deadline}` : null,
        `With: ${notice.where}`,
        `Open: ${notice.url}`,
      ]
        .filter(Boolean)
        .join('\n'),
    )
    .join('\n\n');
  const html = notices
    .map(
      (notice) =>
        `<h2>${escapeHtml(notice.headline)}</h2><p><strong>Why:</strong> ${escapeHtml(notice.why)}</p>` +
        (notice.deadline ? `<p><strong>Deadline:</strong> ${escapeHtml(notice.deadline)}</p>` : '') +
        `<p><strong>With:</strong> ${escapeHtml(notice.where)}</p><p><a href="${escapeHtml(notice.url)}">Open the page</a></p>`,
    )
    .join('<hr>');
  return { subject, text, html };
}

export async function sendEmail(
  settings: SmtpSettings | undefined,
  to: string,
  messageId: string,
  content: { subject: string; text: string; html: string },
  timeoutMs: number,
): Promise<PostResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  if (!settings) return { status: null, retryAfter: null, error: 'email is not configured (COPILOT_SMTP_URL)', durationMs: 0 };
  try {
    await transportFor(settings, timeoutMs).sendMail({
      from: settings.from,
      to: to.replace(/^mailto:/, ''),
      subject: content.subject,
      text: content.text,
      html: content.html,
      // Stable across retries, so a mail client or archive can drop a duplicate.
      messageId: `<${messageId}@ops-copilot>`,
      headers: { 'X-Ops-Copilot-Notice': messageId },
    });
    return { status: 200, retryAfter: null, error: null, durationMs: elapsed() };
  } catch (error) {
    const smtp = error as { responseCode?: number; message?: string };
    // 5xx: the server refused for good (no such mailbox, policy); 4xx and connection failures are worth retrying.
    const permanent = typeof smtp.responseCode === 'number' && smtp.responseCode >= 500;
    return { status: permanent ? 422 : null, retryAfter: null, error: `smtp: ${smtp.message ?? String(error)}`, durationMs: elapsed() };
  }
}
