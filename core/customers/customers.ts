/** Customers: consumers and business accounts with tier, payment terms and a credit line. */
import { z } from 'zod';
import type { Tx } from '../db/database.ts';
import { NotFoundError, parseOrThrow } from '../errors.ts';
import { currencySchema, isUuid, moneySchema } from '../domain/references.ts';

export const CUSTOMER_TIERS = ['standard', 'vip', 'key_account', 'strategic'] as const;
export const PAYMENT_TERMS = ['prepaid', 'cod', 'net_15', 'net_30', 'net_45', 'net_60'] as const;
export const CREDIT_STATUSES = ['ok', 'on_hold'] as const;
export type CustomerTier = (typeof CUSTOMER_TIERS)[number];
export type PaymentTerms = (typeof PAYMENT_TERMS)[number];
export type CreditStatus = (typeof CREDIT_STATUSES)[number];

export const customerInputSchema = z.object({
  code: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.@-]{0,127}$/, 'letters, digits, _ . @ -; up to 128 characters'),
  name: z.string().trim().min(1).max(300),
  email: z.email().optional(),
  kind: z.enum(['consumer', 'business']).default('consumer'),
  tier: z.enum(CUSTOMER_TIERS).default('standard'),
  paymentTerms: z.enum(PAYMENT_TERMS).default('prepaid'),
  /** Omit (or null) for customers without a credit line. */
  creditLimit: moneySchema.nullable().optional(),
  /** Omit for the tenant's own currency (tenants.currency). */
  currency: currencySchema.optional(),
});
export type CustomerInput = z.input<typeof customerInputSchema>;

export interface Customer {
  id: string;
  code: string;
  name: string;
  email: string | null;
  kind: 'consumer' | 'business';
  tier: CustomerTier;
  paymentTerms: PaymentTerms;
  creditLimit: number | null;
  currency: string;
  creditStatus: CreditStatus;
  creditHoldReason: string | null;
  creditHoldAt: Date | null;
  creditHoldBy: string | null;
}

export const CUSTOMER_COLUMNS = `id, code, name, email, kind, tier, payment_terms AS "paymentTerms", credit_limit AS "creditLimit",
  currency, credit_status AS "creditStatus", credit_hold_reason AS "creditHoldReason", credit_hold_at AS "creditHoldAt",
  credit_hold_by AS "creditHoldBy"`;

/** Creates or updates master data. Credit status is not master data: only credit holds change it. */
export async function upsertCustomer(tx: Tx, input: CustomerInput): Promise<Customer> {
  const customer = parseOrThrow(customerInputSchema, input, 'customer');
  const result = await tx.query<Customer>(
    `INSERT INTO customers (tenant_id, code, name, email, kind, tier, payment_terms, credit_limit, currency)
     VALUES (copilot_tenant_id(), $1, $2, $3, $4, $5, $6, $7, coalesce($8::char(3), copilot_tenant_currency()))
     ON CONFLICT (tenant_id, code) DO UPDATE SET name = EXCLUDED.name, email = EXCLUDED.email, kind = EXCLUDED.kind,
       tier = EXCLUDED.tier, payment_terms = EXCLUDED.payment_terms, credit_limit = EXCLUDED.credit_limit,
       currency = EXCLUDED.currency, updated_at = now()
     RETURNING ${CUSTOMER_COLUMNS}`,
    [
      customer.code,
      customer.name,
      customer.email ?? null,
      customer.kind,
      customer.tier,
      customer.paymentTerms,
      customer.creditLimit ?? null,
      customer.currency ?? null,
    ],
  );
  return result.rows[0]!;
}

export async function findCustomer(tx: Tx, codeOrId: string): Promise<Customer | undefined> {
  const result = await tx.query<Customer>(
    `SELECT ${CUSTOMER_COLUMNS} FROM customers WHERE ${isUuid(codeOrId) ? 'id = $1::uuid' : 'code = $1'}`,
    [codeOrId],
    { prepare: 'everywhere' },
  );
  return result.rows[0];
}

/** Customers by code, for many codes in one query (set-based order capture). */
export async function findCustomersByCodes(tx: Tx, codes: readonly string[]): Promise<Map<string, Customer>> {
  if (codes.length === 0) return new Map();
  const result = await tx.query<Customer>(`SELECT ${CUSTOMER_COLUMNS} FROM customers WHERE code = ANY($1::text[])`, [[...new Set(codes)]]);
  return new Map(result.rows.map((customer) => [customer.code, customer]));
}

/**
 * Creates (or, like upsertCustomer, updates) several customers in one statement; the inputs must be
 * valid (customerInputSchema) and name distinct codes. Returns them by code.
 */
export async function upsertCustomers(tx: Tx, inputs: readonly CustomerInput[]): Promise<Map<string, Customer>> {
  if (inputs.length === 0) return new Map();
  const rows = inputs.map((input) => {
    const customer = parseOrThrow(customerInputSchema, input, 'customer');
    return {
      code: customer.code,
      name: customer.name,
      email: customer.email ?? null,
      kind: customer.kind,
      tier: customer.tier,
      payment_terms: customer.paymentTerms,
      credit_limit: customer.creditLimit ?? null,
      currency: customer.currency ?? null,
    };
  });
  const result = await tx.query<Customer>(
    `INSERT INTO customers (tenant_id, code, name, email, kind, tier, payment_terms, credit_limit, currency)
     SELECT copilot_tenant_id(), c.code, c.name, c.email, c.kind, c.tier, c.payment_terms, c.credit_limit,
            coalesce(c.currency::char(3), copilot_tenant_currency())
       FROM jsonb_to_recordset($1::jsonb) AS c(code text, name text, email text, kind text, tier text, payment_terms text,
                                              credit_limit numeric, currency text)
     ON CONFLICT (tenant_id, code) DO UPDATE SET name = EXCLUDED.name, email = EXCLUDED.email, kind = EXCLUDED.kind,
       tier = EXCLUDED.tier, payment_terms = EXCLUDED.payment_terms, credit_limit = EXCLUDED.credit_limit,
       currency = EXCLUDED.currency, updated_at = now()
     RETURNING ${CUSTOMER_COLUMNS}`,
    [JSON.stringify(rows)],
  );
  return new Map(result.rows.map((customer) => [customer.code, customer]));
}

export async function requireCustomer(tx: Tx, codeOrId: string): Promise<Customer> {
  const customer = await findCustomer(tx, codeOrId);
  if (!customer) throw new NotFoundError('customer', codeOrId);
  return customer;
}

/** Terms under which goods ship before payment, so an order needs no authorised payment to release. */
export function shipsOnCredit(terms: PaymentTerms): boolean {
  return terms !== 'prepaid';
}
