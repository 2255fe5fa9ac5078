export { INVOICE_COLUMNS, payInvoice, payInvoiceInputSchema, postInvoice, postInvoiceInputSchema } from './invoices.ts';
export type { InvoiceRecord, PayInvoiceInput, PostInvoiceInput } from './invoices.ts';
