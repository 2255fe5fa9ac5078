/** Notification settings from the configuration: the base URL of links, and SMTP for email routes. */
import type { Config } from '../../core/config.ts';
import type { NotificationSettings } from './send-notice.ts';

export function notificationSettings(
  config: Pick<Config, 'COPILOT_PUBLIC_URL' | 'COPILOT_SMTP_URL' | 'COPILOT_SMTP_FROM' | 'HOST' | 'PORT'>,
  serverUrl?: string,
): NotificationSettings {
  return {
    publicUrl: config.COPILOT_PUBLIC_URL ?? serverUrl ?? `http://${config.HOST}:${config.PORT}`,
    ...(config.COPILOT_SMTP_URL ? { smtp: { url: config.COPILOT_SMTP_URL, from: config.COPILOT_SMTP_FROM } } : {}),
  };
}
