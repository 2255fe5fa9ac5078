/** Sends one delivery to a Slack, Teams or email route: one notice, or a digest of several. */
import { webhookMessageId, type OutboxMessage } from '../../core/outbox/index.ts';
import type { ClaimedDelivery } from '../dispatcher/claim-deliveries.ts';
import { postWebhook, type PostResult } from '../webhooks/post-webhook.ts';
import { slackPayload, teamsPayload } from './chat-payloads.ts';
import { renderNotice } from './render-notice.ts';
import { emailContent, sendEmail, type SmtpSettings } from './send-email.ts';

export interface NotificationSettings {
  /** Base URL of the product's pages in links (COPILOT_PUBLIC_URL). */
  publicUrl: string;
  smtp?: SmtpSettings | undefined;
}

export async function sendNotice(
  delivery: ClaimedDelivery,
  messages: readonly OutboxMessage[],
  settings: NotificationSettings,
  timeoutMs: number,
): Promise<PostResult> {
  if (messages.length === 0) return { status: 410, retryAfter: null, error: 'outbox message no longer exists', durationMs: 0 };
  const notices = messages.map((message) => renderNotice(message, settings.publicUrl));
  const title = delivery.digestItems ? `Digest: ${notices.length} item${notices.length === 1 ? '' : 's'} waiting` : undefined;
  if (delivery.channel === 'email') {
    return sendEmail(settings.smtp, delivery.url, webhookMessageId(delivery.messageId), emailContent(notices, title), timeoutMs);
  }
  const body = JSON.stringify(delivery.channel === 'slack' ? slackPayload(notices, title) : teamsPayload(notices, title));
  return postWebhook({
    url: delivery.url,
    body,
    headers: { 'user-agent': 'OpsCopilot-Notifications/1' },
    timeoutMs,
    allowPrivate: delivery.allowPrivate,
  });
}
