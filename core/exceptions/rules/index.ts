/** Every detection rule, one per exception type, in the order detection runs them. */
import type { ExceptionType } from '../exception-types.ts';
import { addressValidationFailedRule } from './detect-address-validation-failed.ts';
import { backorderAgingRule } from './detect-backorder-aging.ts';
import { creditHoldRule } from './detect-credit-hold.ts';
import { duplicateOrderRule } from './detect-duplicate-order.ts';
import { erpSyncFailedRule } from './detect-erp-sync-failed.ts';
import { invoiceMismatchRule } from './detect-invoice-mismatch.ts';
import { paymentMismatchRule } from './detect-payment-mismatch.ts';
import { returnInspectionOverdueRule } from './detect-return-inspection-overdue.ts';
import { shipmentDelayedRule } from './detect-shipment-delayed.ts';
import { stockConflictRule } from './detect-stock-conflict.ts';
import type { ExceptionRule } from './rule.ts';

export const EXCEPTION_RULES: readonly ExceptionRule[] = [
  stockConflictRule,
  paymentMismatchRule,
  addressValidationFailedRule,
  erpSyncFailedRule,
  shipmentDelayedRule,
  invoiceMismatchRule,
  creditHoldRule,
  returnInspectionOverdueRule,
  backorderAgingRule,
  duplicateOrderRule,
];

export const ruleFor = (type: ExceptionType): ExceptionRule => EXCEPTION_RULES.find((rule) => rule.type === type)!;

export type { DetectionScope, ExceptionFinding, ExceptionRule, RuleContext, ScopeColumn } from './rule.ts';
