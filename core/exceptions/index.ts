/** Operational exceptions: detection rules, the queue, status changes, SLA clocks, triage claims. */
export {
  EXCEPTION_STATUSES,
  EXCEPTION_TYPES,
  LIVE_STATUSES,
  PREDICTED_EXCEPTION_TYPES,
  ACTION_OUTCOME_EXCEPTION_TYPES,
  RESOLUTION_CODES,
  RESOLUTION_HOWS,
  SEVERITIES,
  TERMINAL_STATUSES,
  exceptionStatusSchema,
  exceptionTypeSchema,
  isLiveStatus,
  maxSeverity,
  resolutionCodeSchema,
  resolutionHowSchema,
  severityRank,
  severitySchema,
} from './exception-types.ts';
export type {
  AssignmentReason,
  ExceptionAssignment,
  EntityCodes,
  EntityRefs,
  ExceptionDetail,
  ExceptionHistoryEntry,
  ExceptionRecord,
  ExceptionResolution,
  ExceptionStatus,
  ExceptionType,
  OperationalException,
  PredictedExceptionType,
  ResolutionCode,
  ResolutionHow,
  Severity,
  TouchedEntities,
  TriageBookkeeping,
} from './exception-types.ts';
export { EXCEPTION_SLAS, computeSlaClocks } from './sla-policy.ts';
export type { ExceptionSla, SlaClock, SlaClocks } from './sla-policy.ts';
export {
  addBusinessDays,
  addBusinessHours,
  addBusinessMinutes,
  businessDayMinutes,
  businessDaysBetween,
  businessMinutesBetween,
  localDay,
  safeTimeZone,
} from './business-hours.ts';
export type { CalendarOrZone } from './business-hours.ts';
export {
  PRODUCT_BUSINESS_HOURS,
  WEEKDAYS,
  businessHoursSchema,
  completeCalendar,
  holidaySchema,
  holidaysSchema,
  productCalendar,
  slaCalendarInputSchema,
} from './sla-calendar.ts';
export type { BusinessHours, Holiday, SlaCalendar, SlaCalendarInput, Weekday } from './sla-calendar.ts';
export { readSlaCalendar, setSlaCalendarIn } from './tenant-sla-calendar.ts';
export type { SlaCalendarChange, TenantSlaCalendar } from './tenant-sla-calendar.ts';
export { EXCEPTION_TRANSITIONS, assertExceptionTransition, canTransitionException } from './status-transitions.ts';
export { detectExceptions, raiseException, reconcilePredictedExceptions, redetectForEntities } from './detect-exceptions.ts';
export { readLiveDedupeKeys } from './live-dedupe-keys.ts';
export type { DetectExceptionsOptions, DetectionReport, PredictedFindings } from './detect-exceptions.ts';
export { PREDICTED_EVIDENCE_SCHEMAS, lateShipmentRiskEvidenceSchema, stockoutRiskEvidenceSchema } from './predicted-evidence.ts';
export type { LateShipmentRiskEvidence, StockoutRiskEvidence } from './predicted-evidence.ts';
export { TIME_BASED_EXCEPTION_TYPES, sweepExceptions, startExceptionSweeper } from './sweep-exceptions.ts';
export { detectionTimeFor, eventDetectionMetrics, registerExceptionDetection } from './register-exception-detection.ts';
export type { SweepOptions, SweeperHooks, TenantSweepReport } from './sweep-exceptions.ts';
export { exceptionFiltersSchema, findException, getException, listExceptions, resolveExceptionId } from './list-exceptions.ts';
export type { ExceptionFilters } from './list-exceptions.ts';
export {
  acknowledgeException,
  dismissException,
  reopenException,
  resolveException,
  setExceptionStatus,
  statusChangeSchema,
} from './set-exception-status.ts';
export type { StatusChange } from './set-exception-status.ts';
export {
  ClaimLostError,
  DEFAULT_CLAIM_LEASE_MS,
  DEFAULT_MAX_TRIAGE_ATTEMPTS,
  claimExceptionsForTriage,
  completeTriage,
  countTriageQueue,
  recordTriageFailure,
  releaseTriageClaim,
  unparkException,
} from './triage-claims.ts';
export type { ClaimOptions, TriageFailure, TriageOutcome, TriageQueueState } from './triage-claims.ts';
export { applyProposalOutcome, registerProposalSettlement } from './proposal-settlement.ts';
export { DEFAULT_MAX_RETRIAGES, countRetriages, listRetriageRounds, requestRetriage } from './retriage.ts';
export type { RetriageCause, RetriageRound } from './retriage.ts';
export type { ProposalOutcome } from './proposal-settlement.ts';
export { countResolutionsByHow, countResolvedWithoutClaim } from './resolution-counts.ts';
export type { ResolutionCounts } from './resolution-counts.ts';
export { countWorkLoad } from './work-load.ts';
export type { WorkLoad } from './work-load.ts';
export { EXCEPTION_RULES } from './rules/index.ts';
export {
  ASSIGNMENT_CHANGES,
  escalationStepOf,
  exceptionRoutingFacts,
  listEscalationCandidates,
  queueNameSchema,
  recordExceptionEscalation,
  setExceptionAssignment,
} from './exception-assignment.ts';
export type { AssignmentChange, AssignmentUpdate, ExceptionRoutingFacts } from './exception-assignment.ts';
export { onExceptionsOpened } from './exception-listeners.ts';
export type { ExceptionOpenedListener, OpenedExceptions } from './exception-listeners.ts';
export {
  EVIDENCE_SCHEMAS,
  EvidenceContractError,
  checkEvidence,
  isCarrierDelay,
  readTypedEvidence,
  typedEvidenceSchema,
} from './evidence/exception-evidence.ts';
export { evidenceLayoutFor, evidenceLayouts } from './evidence/evidence-layout.ts';
export type { EvidenceField, EvidenceFieldKind, EvidenceLayout } from './evidence/evidence-layout.ts';
export type {
  BackorderBand,
  CarrierDelayEvidence,
  CarrierDelayReason,
  CreditTrigger,
  EvidenceOf,
  ExceptionEvidence,
  PaymentMismatchKind,
  TypedEvidence,
} from './evidence/exception-evidence.ts';
export type { DetectionScope, ExceptionFinding, ExceptionRule, RuleContext } from './rules/index.ts';
