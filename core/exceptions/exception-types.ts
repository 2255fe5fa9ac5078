/** The vocabulary of operational exceptions: types, severities, statuses, entity references. */
import { z } from 'zod';
import type { TypedEvidence } from './evidence/exception-evidence.ts';

export const EXCEPTION_TYPES = [
  'stock_conflict',
  'payment_mismatch',
  'address_validation_failed',
  'erp_sync_failed',
  'shipment_delayed',
  'invoice_mismatch',
  'credit_hold',
  'return_inspection_overdue',
  'backorder_aging',
  'duplicate_order',
  // Predicted ahead of the event by forecasting/ (reconciled through reconcilePredictedExceptions).
  'stockout_risk',
  'late_shipment_risk',
  // Raised when an executed action fails in the system of record, or is not confirmed in time, and
  // no exception of its own carries it (core/actions/action-outcomes.ts); no rule sweeps them.
  'action_failed_downstream',
  'action_unconfirmed',
] as const;
export const exceptionTypeSchema = z.enum(EXCEPTION_TYPES);
/** Types raised by a forecast rather than a detection rule: no rule sweeps them, the forecast run reconciles them. */
export const PREDICTED_EXCEPTION_TYPES = [
  'stockout_risk',
  'late_shipment_risk',
] as const satisfies readonly (typeof EXCEPTION_TYPES)[number][];
/** Types raised by an executed action's downstream outcome (core/actions), not by a detection rule or the seed. */
export const ACTION_OUTCOME_EXCEPTION_TYPES = [
  'action_failed_downstream',
  'action_unconfirmed',
] as const satisfies readonly (typeof EXCEPTION_TYPES)[number][];
export type PredictedExceptionType = (typeof PREDICTED_EXCEPTION_TYPES)[number];
export type ExceptionType = z.infer<typeof exceptionTypeSchema>;

/** Ordered from least to most urgent; severity is only ever raised automatically, never lowered. */
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export const severitySchema = z.enum(SEVERITIES);
export type Severity = z.infer<typeof severitySchema>;

export const severityRank = (severity: Severity): number => SEVERITIES.indexOf(severity);
export const maxSeverity = (a: Severity, b: Severity): Severity => (severityRank(a) >= severityRank(b) ? a : b);

export const EXCEPTION_STATUSES = ['open', 'triaging', 'awaiting_approval', 'resolved', 'dismissed'] as const;
export const exceptionStatusSchema = z.enum(EXCEPTION_STATUSES);
export type ExceptionStatus = z.infer<typeof exceptionStatusSchema>;

/** Statuses in which an exception is still live (counts for dedupe, SLA, queues). */
export const LIVE_STATUSES = ['open', 'triaging', 'awaiting_approval'] as const satisfies readonly ExceptionStatus[];
export const TERMINAL_STATUSES = ['resolved', 'dismissed'] as const satisfies readonly ExceptionStatus[];
export const isLiveStatus = (status: ExceptionStatus): boolean => (LIVE_STATUSES as readonly string[]).includes(status);

export const RESOLUTION_HOWS = ['auto', 'agent', 'human'] as const;
export const resolutionHowSchema = z.enum(RESOLUTION_HOWS);
export type ResolutionHow = z.infer<typeof resolutionHowSchema>;

/** pol-sla-definitions resolution codes, plus RES-AUTO for "the cause disappeared". */
export const RESOLUTION_CODES = ['RES-AUTO', 'RES-ACTION', 'RES-NOACTION', 'RES-CUSTOMER', 'RES-DUPLICATE'] as const;
export const resolutionCodeSchema = z.enum(RESOLUTION_CODES);
export type ResolutionCode = z.infer<typeof resolutionCodeSchema>;

/** The entities an exception is about, by uuid. Which are set depends on the type. */
export interface EntityRefs {
  orderId?: string | null;
  skuId?: string | null;
  locationId?: string | null;
  customerId?: string | null;
  shipmentId?: string | null;
  returnId?: string | null;
  invoiceId?: string | null;
}

/** The same entities by the codes people and external systems use (order number, SKU code, RMA …). */
export interface EntityCodes {
  orderNumber?: string;
  skuCode?: string;
  locationCode?: string;
  customerCode?: string;
  shipmentRef?: string;
  rmaNumber?: string;
  invoiceNumber?: string;
  [key: string]: string | undefined;
}

export interface ExceptionResolution {
  how: ResolutionHow | null;
  code: ResolutionCode | null;
  note: string | null;
  resolvedAt: Date | null;
  resolvedBy: string | null;
}

export interface TriageBookkeeping {
  attempts: number;
  lastError: string | null;
  parked: boolean;
  claimedAt: Date | null;
  claimedBy: string | null;
  lastRunId: string | null;
}

/** Why work sits where it does: a routing rule of the tenant policy, or a person's take / hand-over / release. */
export interface AssignmentReason {
  by: 'rule' | 'person' | 'agent';
  /** The routing rule that matched (or default:queue), for `by: rule`. */
  rule?: string;
  policyVersion?: number;
  /** In words, shown at the top of the exception's page and in the queue. */
  reason: string;
  /** Who made the change (routing, or the person's name). */
  actor: string;
  at: string;
}

/** Who works an exception: its owner (a user name) and/or queue (a team of the tenant policy). */
export interface ExceptionAssignment {
  queue: string | null;
  owner: string | null;
  reason: AssignmentReason | null;
  /** SLA escalation ladder steps already taken. */
  escalationStep: number;
}

/** Everything of an exception except its type and evidence. */
export interface ExceptionRecord {
  id: string;
  tenantId: string;
  severity: Severity;
  status: ExceptionStatus;
  title: string;
  dedupeKey: string;
  refs: Required<EntityRefs>;
  codes: EntityCodes;
  detectedAt: Date;
  lastDetectedAt: Date;
  ackDueAt: Date;
  slaDueAt: Date;
  acknowledgedAt: Date | null;
  /** True when still live past its resolve clock, or closed after it. */
  slaBreached: boolean;
  resolution: ExceptionResolution;
  triage: TriageBookkeeping;
  updatedAt: Date;
  assignment: ExceptionAssignment;
}

export interface ExceptionHistoryEntry {
  id: number;
  kind: string;
  fromStatus: ExceptionStatus | null;
  toStatus: ExceptionStatus | null;
  actor: string;
  note: string | null;
  data: Record<string, unknown>;
  occurredAt: Date;
}

/** One exception as other folders see it: narrowing on `type` types its `evidence`. */
export type OperationalException = ExceptionRecord & TypedEvidence;

export type ExceptionDetail = OperationalException & {
  history: ExceptionHistoryEntry[];
};

/** Entities an event or a tool touched (the same shape as core/events' TouchedEntities). */
export interface TouchedEntities {
  orderIds?: readonly string[];
  skuIds?: readonly string[];
  locationIds?: readonly string[];
  customerIds?: readonly string[];
  shipmentIds?: readonly string[];
  returnIds?: readonly string[];
  invoiceIds?: readonly string[];
}
