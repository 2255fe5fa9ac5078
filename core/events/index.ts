export { EVENT_DATA_SCHEMAS, EVENT_TYPES, eventIdSchema, inboundEventSchema } from './event-schemas.ts';
export type { EventOfType, EventType, InboundEvent, InboundEventInput } from './event-schemas.ts';
export { EVENT_SOURCES, emptyTouched, onEventApplied } from './after-event-hooks.ts';
export type { AfterEventHook, AppliedEvent, EventSource, TouchedEntities } from './after-event-hooks.ts';
export { applyEvent } from './apply-event.ts';
export { applyEvents } from './apply-events.ts';
export type { ApplyEventsOptions, EventDelivery } from './apply-events.ts';
export type { ApplyEventOptions, ApplyEventResult, EventFailure } from './apply-event.ts';
export { listDeadLetters, recordDeadLetter } from './dead-letters.ts';
export type { DeadLetter, ListDeadLettersOptions } from './dead-letters.ts';
export { replayDeadLetters } from './replay-dead-letters.ts';
export type { ReplayResult, ReplaySummary } from './replay-dead-letters.ts';
export {
  SIGNATURE_HEADER,
  TENANT_HEADER,
  computeSignature,
  parseSignatureHeader,
  signEventBody,
  verifyEventSignature,
} from './event-signature.ts';
export type { SignatureCheck } from './event-signature.ts';
export { importEventsFile } from './import-events-file.ts';
export type { ImportOptions, ImportSummary, ImportedLineFailure } from './import-events-file.ts';
