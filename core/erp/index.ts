export { NEVER_RETRY_ERP_ERRORS, RETRYABLE_ERP_ERRORS, erpBaseCode, isRetryableErpError, mustNeverRetry } from './erp-errors.ts';
export {
  ERP_422_LOCK_AFTER,
  ERP_DOCUMENTS,
  erpSyncFailedInputSchema,
  erpSyncSucceededInputSchema,
  listErpSyncAttempts,
  recordErpSyncFailure,
  recordErpSyncSuccess,
  retryErpSync,
  retryErpSyncInputSchema,
} from './erp-sync.ts';
export type {
  ErpDocument,
  ErpRetryResult,
  ErpSyncAttempt,
  ErpSyncFailedInput,
  ErpSyncSucceededInput,
  RetryErpSyncInput,
} from './erp-sync.ts';
