/**
 * Input fields shared by the tools: entities are named by the codes people and models use (order
 * number, SKU code, location code, customer code, RMA number, exception id), never by internal ids.
 * Every field carries a description because the zod schemas become the JSON Schema a model reads.
 */
import { z } from 'zod';

// The same alphabets the core accepts when these codes are created (core/catalog, core/orders, core/customers).
const ORDER_NUMBER = /^[A-Za-z0-9][A-Za-z0-9_.#/-]{0,63}$/;
const SKU_CODE = /^[A-Za-z0-9][A-Za-z0-9_./-]{0,63}$/;
const LOCATION_CODE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const CUSTOMER_CODE = /^[A-Za-z0-9][A-Za-z0-9_.@-]{0,127}$/;
const DOCUMENT_CODE = /^[A-Za-z0-9][A-Za-z0-9_.#/-]{0,127}$/;

export const orderNumberField = z
  .string()
  .trim()
  .regex(ORDER_NUMBER, 'an order number such as 10482 (letters, digits, _ . # / -)')
  .describe('Order number as people and channels write it, e.g. "10482".');

export const skuCodeField = z
  .string()
  .trim()
  .regex(SKU_CODE, 'a SKU code such as TEE-BLK-M (letters, digits, _ . / -)')
  .describe('SKU code, e.g. "TEE-BLK-M".');

export const locationCodeField = z
  .string()
  .trim()
  .regex(LOCATION_CODE, 'a location code such as WH-EAST (letters, digits, _ . -)')
  .describe('Stock location code (warehouse, store or 3PL node), e.g. "WH-EAST".');

export const customerCodeField = z
  .string()
  .trim()
  .regex(CUSTOMER_CODE, 'a customer code such as ACME-001 (letters, digits, _ . @ -)')
  .describe('Customer code (account number), e.g. "ACME-001".');

export const rmaNumberField = z
  .string()
  .trim()
  .regex(DOCUMENT_CODE, 'an RMA number such as RMA-2041')
  .describe('Return authorisation (RMA) number, e.g. "RMA-2041".');

export const shipmentReferenceField = z
  .string()
  .trim()
  .regex(DOCUMENT_CODE, 'a shipment reference or tracking number')
  .describe('Shipment reference from the warehouse system, or the carrier tracking number.');

export const exceptionIdField = z.uuid().describe('Exception id (a UUID) as returned by list_exceptions.');

export const lineNumberField = z
  .number()
  .int()
  .positive()
  .max(10_000)
  .describe('Order line number (1 for the first line), as listed by get_order.');

export const reasonField = z
  .string()
  .trim()
  .min(3)
  .max(500)
  .describe('Why this is being done, in a sentence a reviewer can check (stored with the change and shown to approvers).');

export const optionalNoteField = z.string().trim().min(1).max(500).optional().describe('Optional extra context stored with the change.');

/**
 * At most two decimals, judged on the decimal number the caller wrote: 19.99 passes, 19.999 does not.
 * JSON Schema's `multipleOf: 0.01` is not used: validators divide in binary floating point
 * (19.99 / 0.01 = 1998.9999999999998) and reject valid amounts. The server checks the cents instead,
 * and never rounds: an amount with more decimals is refused, naming the field.
 */
export function hasAtMostTwoDecimals(value: number): boolean {
  const cents = value * 100;
  return Number.isFinite(cents) && Math.abs(cents - Math.round(cents)) < 1e-6;
}

const TWO_DECIMALS = 'must have at most two decimals (whole cents)';

/** A money input in the order currency: a JSON number from `minimum` up to 10,000,000 with whole cents. */
export function moneyField(minimum: 'positive' | 'zero', description: string) {
  const base = minimum === 'positive' ? z.number().positive() : z.number().min(0);
  return base.max(1e7).refine(hasAtMostTwoDecimals, TWO_DECIMALS).describe(`${description} At most two decimals (whole cents).`);
}

export const moneyAmountField = moneyField('positive', 'Amount of money in the order currency, greater than 0.');

export const listLimitField = (maximum: number, fallback: number) =>
  z.number().int().min(1).max(maximum).default(fallback).describe(`How many results to return (1–${maximum}, default ${fallback}).`);
