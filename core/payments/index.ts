export {
  PAYMENT_METHODS,
  authorizePayment,
  authorizePaymentInputSchema,
  capturePayment,
  capturePaymentInputSchema,
  recordPspRefund,
  recordPspRefundInputSchema,
} from './payments.ts';
export type { AuthorizePaymentInput, CapturePaymentInput, PaymentRecord, RecordPspRefundInput } from './payments.ts';
export { REFUND_WINDOW_DAYS, issueRefund, issueRefundInputSchema, refundableBalance, refundedInWindow } from './issue-refund.ts';
export type { IssueRefundInput, IssuedRefund } from './issue-refund.ts';
export { settlementReconciliationTime } from './settlement-reconciliation.ts';
export type { SettlementReconciliationStat } from './settlement-reconciliation.ts';
