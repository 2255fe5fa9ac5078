/**
 * The integration middleware's normalised ERP error codes (sop-erp-sync-error-catalogue). Retrying
 * only helps for transient failures; the others fail identically until someone fixes the cause.
 */
export const RETRYABLE_ERP_ERRORS = ['ERP-423', 'ERP-429', 'ERP-500', 'ERP-503'] as const;
/** Duplicate document: the ERP already has it. Retrying would create a second one. */
export const NEVER_RETRY_ERP_ERRORS = ['ERP-409'] as const;

/** The base code of a middleware error, e.g. "ERP-422" from "ERP-422.TAX". */
export function erpBaseCode(code: string): string {
  return /^ERP-\d{3}/.exec(code)?.[0] ?? code;
}

export function isRetryableErpError(code: string | null): boolean {
  return code !== null && (RETRYABLE_ERP_ERRORS as readonly string[]).includes(erpBaseCode(code));
}

export function mustNeverRetry(code: string | null): boolean {
  return code !== null && (NEVER_RETRY_ERP_ERRORS as readonly string[]).includes(erpBaseCode(code));
}
