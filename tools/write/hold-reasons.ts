/** Hold reason codes as tools describe them, and the exception type each one guards against. */
import type { ExceptionType } from '../../core/exceptions/index.ts';
import { HOLD_REASONS, type HoldReasonCode } from '../../core/orders/index.ts';

export const HOLD_REASON_DESCRIPTION = `Hold reason code (sop-order-hold-management): ${Object.entries(HOLD_REASONS)
  .map(([code, meaning]) => `${code} ${meaning}`)
  .join('; ')}.`;

/**
 * Reported as the `exceptionType` fact, so a policy can treat e.g. releasing a duplicate-order hold
 * differently. Codes that guard no exception type report none (the caller's exception type applies).
 */
export const EXCEPTION_TYPE_OF_HOLD: Partial<Record<HoldReasonCode, ExceptionType>> = {
  'PAY-MISMATCH': 'payment_mismatch',
  'INV-MISMATCH': 'invoice_mismatch',
  'DUP-CHECK': 'duplicate_order',
  'ADDR-CHECK': 'address_validation_failed',
  'CREDIT-REVIEW': 'credit_hold',
  'CREDIT-HOLD': 'credit_hold',
  'ERP-PENDING': 'erp_sync_failed',
  'STOCK-CHECK': 'stock_conflict',
};

export function holdExceptionTypeFact(reasonCode: HoldReasonCode): { exceptionType?: string } {
  const type = EXCEPTION_TYPE_OF_HOLD[reasonCode];
  return type ? { exceptionType: type } : {};
}
