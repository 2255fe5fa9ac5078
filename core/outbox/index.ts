/** The transactional outbox: messages appended with each consequential change, read by the dispatcher. */
export { appendOutboxMessage, appendOutboxMessages, orderingKeyFor } from './append-outbox-message.ts';
export type { NewOutboxMessage } from './append-outbox-message.ts';
export {
  MESSAGE_DATA_SCHEMAS,
  MESSAGE_VERSION,
  OUTBOX_MESSAGE_TYPES,
  messageEnvelopeSchema,
  outboxMessageTypeSchema,
  webhookMessageId,
} from './message-types.ts';
export type { MessageEnvelope, OutboxMessageData, OutboxMessageType } from './message-types.ts';
export {
  claimUnfannedMessages,
  isKnownMessageType,
  listOutboxMessages,
  markFannedOut,
  messageEnvelope,
  readOutboxMessages,
} from './outbox-reads.ts';
export type { OutboxListOptions, OutboxMessage } from './outbox-reads.ts';
export { messageJsonSchema } from './message-json-schema.ts';
