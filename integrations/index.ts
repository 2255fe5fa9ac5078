/**
 * integrations/: the outbound half of the product. Delivers outbox messages to tenants' webhook
 * endpoints (signed, retried, ordered per entity). Imports core/ and policies/; nothing there imports
 * this folder: web/, cli/ and `copilot serve` wire it in.
 */
export {
  createWebhookEndpoint,
  createWebhookEndpointIn,
  endpointUpdateSchema,
  getWebhookEndpoint,
  listWebhookEndpoints,
  newEndpointSchema,
  removeWebhookEndpoint,
  updateWebhookEndpoint,
} from './webhooks/webhook-endpoints.ts';
export type { CreatedEndpoint, EndpointUpdate, NewEndpoint, WebhookEndpoint } from './webhooks/webhook-endpoints.ts';
export {
  DELIVERY_STATUSES,
  deliveryQuerySchema,
  listWebhookDeliveries,
  replaySelectionSchema,
  replayWebhookDeliveries,
} from './webhooks/webhook-deliveries.ts';
export type { DeliveryAttempt, DeliveryQuery, DeliveryStatus, ReplaySelection, WebhookDelivery } from './webhooks/webhook-deliveries.ts';
export { redactUrl, validateEndpointUrl, validateMailto } from './webhooks/endpoint-url.ts';
export { generateSigningSecret, signWebhook } from './webhooks/signing.ts';
export { dispatchOnce, startDispatcher } from './dispatcher/dispatcher.ts';
export type { Dispatcher, DispatcherOptions } from './dispatcher/dispatcher.ts';
export { DEFAULT_RETRY_POLICY, backoffDelay, classifyStatus, nextAttemptAt, parseRetryAfter } from './dispatcher/retry-schedule.ts';
export type { RetryPolicy } from './dispatcher/retry-schedule.ts';
export { DEFAULT_BREAKER_POLICY } from './dispatcher/circuit-breaker.ts';
export type { BreakerPolicy } from './dispatcher/circuit-breaker.ts';
export type { FanOutTarget } from './dispatcher/fan-out.ts';
export { ENDPOINT_CHANNELS, NOTICE_TYPES } from './webhooks/webhook-endpoints.ts';
export type { EndpointChannel } from './webhooks/webhook-endpoints.ts';
export { notificationSettings } from './notifications/notification-settings.ts';
export type { NotificationSettings } from './notifications/send-notice.ts';
export { renderNotice } from './notifications/render-notice.ts';
export type { Notice } from './notifications/render-notice.ts';
export { deliveryStats } from './dispatcher/delivery-stats.ts';
export type { DeliveryStats } from './dispatcher/delivery-stats.ts';
