/**
 * The inbound event contract: one zod schema per event type, joined in a discriminated union on
 * `type`. Events name things by their external codes (order number, SKU code, location code,
 * shipment id, RMA number, invoice number). This file is the single source of truth for the format.
 */
import { z } from 'zod';
import { actionConfirmedSchema, actionFailedSchema } from '../actions/action-outcomes.ts';
import { locationInputSchema } from '../catalog/locations.ts';
import { skuInputSchema } from '../catalog/skus.ts';
import { customerInputSchema } from '../customers/customers.ts';
import { channelSchema, currencySchema, moneySchema } from '../domain/references.ts';
import { ERP_DOCUMENTS } from '../erp/erp-sync.ts';
import { adjustInventoryInputSchema } from '../inventory/adjust-inventory.ts';
import { receiveInventoryInputSchema } from '../inventory/receive-inventory.ts';
import { shippingAddressSchema } from '../orders/create-order.ts';
import { PAYMENT_METHODS } from '../payments/payments.ts';
import { RETURN_DISPOSITIONS, RETURN_GRADES } from '../returns/return-record.ts';
import { SHIPMENT_STATUSES } from '../shipments/shipment-status.ts';

const orderNumber = z.string().min(1).max(64);
const pspName = z.string().regex(/^[a-z0-9_]{2,32}$/, 'PSP name, e.g. stripe, adyen, paypal');
const isoDate = z.iso.datetime({ offset: true });
const lineReference = z
  .object({ sku: z.string().min(1).optional(), lineNumber: z.number().int().positive().optional(), quantity: z.number().int().positive() })
  .refine((line) => line.sku !== undefined || line.lineNumber !== undefined, { message: 'give sku or lineNumber', path: ['sku'] });

export const EVENT_DATA_SCHEMAS = {
  'order.created': z.object({
    orderNumber,
    channel: channelSchema,
    externalRef: z.string().max(200).optional(),
    customerCode: z.string().min(1).max(128),
    customerName: z.string().max(300).optional(),
    customerEmail: z.email().optional(),
    /** Omit for the tenant's own currency. */
    currency: currencySchema.optional(),
    lines: z.array(z.object({ sku: z.string().min(1), quantity: z.number().int().positive(), unitPrice: moneySchema })).min(1),
    discountTotal: moneySchema.optional(),
    shippingTotal: moneySchema.optional(),
    taxTotal: moneySchema.optional(),
    total: moneySchema.optional(),
    shippingAddress: shippingAddressSchema,
    promisedDate: isoDate.optional(),
    notes: z.string().max(4000).optional(),
    erpRequired: z.boolean().optional(),
  }),
  'order.cancelled': z.object({ orderNumber, reason: z.string().min(1).max(2000) }),
  'payment.authorized': z.object({
    orderNumber,
    psp: pspName,
    pspReference: z.string().min(1).max(200),
    amount: moneySchema,
    currency: currencySchema.optional(),
    method: z.enum(PAYMENT_METHODS).optional(),
  }),
  'payment.captured': z.object({
    orderNumber,
    psp: pspName,
    pspReference: z.string().min(1).max(200),
    amount: moneySchema,
    currency: currencySchema.optional(),
    method: z.enum(PAYMENT_METHODS).optional(),
    settlementReference: z.string().max(200).optional(),
    settledAt: isoDate.optional(),
  }),
  'payment.refunded': z.object({
    orderNumber,
    psp: pspName,
    pspReference: z.string().min(1).max(200),
    refundReference: z.string().min(1).max(200),
    amount: moneySchema.refine((value) => value > 0, 'must be greater than 0'),
    reason: z.string().max(2000).optional(),
  }),
  'inventory.adjusted': adjustInventoryInputSchema,
  'inventory.received': receiveInventoryInputSchema,
  'shipment.created': z.object({
    shipmentId: z.string().min(1).max(200),
    orderNumber,
    location: z.string().min(1),
    carrier: z.string().min(1).max(100),
    serviceLevel: z.string().max(100).optional(),
    trackingNumber: z.string().max(200).optional(),
    status: z.enum(['label_created', 'in_transit']).optional(),
    shippedAt: isoDate.optional(),
    promisedDate: isoDate.optional(),
    estimatedDeliveryAt: isoDate.optional(),
    lines: z.array(lineReference).min(1),
  }),
  'shipment.updated': z.object({
    shipmentId: z.string().min(1).max(200),
    status: z.enum(SHIPMENT_STATUSES),
    exceptionCode: z.string().max(100).optional(),
    exceptionMessage: z.string().max(2000).optional(),
    estimatedDeliveryAt: isoDate.optional(),
    deliveredAt: isoDate.optional(),
    trackingNumber: z.string().max(200).optional(),
  }),
  'return.received': z.object({
    rma: z.string().min(1).max(64),
    orderNumber,
    location: z.string().min(1),
    reason: z.string().max(500).optional(),
    lines: z.array(lineReference).min(1),
  }),
  'return.inspected': z.object({
    rma: z.string().min(1).max(64),
    lines: z
      .array(
        z
          .object({
            sku: z.string().min(1).optional(),
            lineNumber: z.number().int().positive().optional(),
            grade: z.enum(RETURN_GRADES),
            disposition: z.enum(RETURN_DISPOSITIONS).optional(),
          })
          .refine((line) => line.sku !== undefined || line.lineNumber !== undefined, { message: 'give sku or lineNumber', path: ['sku'] }),
      )
      .min(1),
    note: z.string().max(2000).optional(),
  }),
  'invoice.posted': z.object({
    invoiceNumber: z.string().min(1).max(100),
    orderNumber,
    amount: moneySchema,
    taxAmount: moneySchema.optional(),
    currency: currencySchema.optional(),
    dueAt: isoDate.optional(),
  }),
  'invoice.paid': z.object({
    invoiceNumber: z.string().min(1).max(100),
    amount: moneySchema.refine((value) => value > 0, 'must be greater than 0'),
  }),
  'erp.sync_failed': z.object({
    orderNumber,
    document: z.enum(ERP_DOCUMENTS).optional(),
    errorCode: z.string().regex(/^ERP-\d{3}(\.[A-Z]+)?$/, 'a middleware code like ERP-422 or ERP-422.TAX'),
    message: z.string().min(1).max(4000),
  }),
  'erp.sync_succeeded': z.object({ orderNumber, document: z.enum(ERP_DOCUMENTS).optional(), erpReference: z.string().max(200).optional() }),
  'address.validation_failed': z.object({
    orderNumber,
    reason: z.string().min(1).max(2000),
    field: z.string().max(50).optional(),
    suggestion: z.record(z.string(), z.string()).optional(),
  }),
  'action.confirmed': actionConfirmedSchema,
  'action.failed': actionFailedSchema,
  'sku.upserted': skuInputSchema,
  'location.upserted': locationInputSchema,
  'customer.upserted': customerInputSchema,
} as const;

export type EventType = keyof typeof EVENT_DATA_SCHEMAS;
export const EVENT_TYPES = Object.keys(EVENT_DATA_SCHEMAS) as EventType[];

/** Event ids are the sender's; together with the tenant they make delivery idempotent. */
export const eventIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,199}$/, 'letters, digits and _ . : / -; up to 200 characters');

const envelope = <T extends EventType>(type: T) =>
  z.object({ id: eventIdSchema, type: z.literal(type), occurredAt: isoDate, data: EVENT_DATA_SCHEMAS[type] });

type EnvelopeSchema<T extends EventType> = ReturnType<typeof envelope<T>>;
const envelopes = EVENT_TYPES.map((type) => envelope(type)) as unknown as [EnvelopeSchema<EventType>, ...EnvelopeSchema<EventType>[]];

export const inboundEventSchema = z.discriminatedUnion('type', envelopes);

/** A validated event; `data` is typed by `type`. */
export type InboundEvent = {
  [T in EventType]: { id: string; type: T; occurredAt: string; data: z.output<(typeof EVENT_DATA_SCHEMAS)[T]> };
}[EventType];
/** What a sender writes (before defaults). */
export type InboundEventInput = {
  [T in EventType]: { id: string; type: T; occurredAt: string; data: z.input<(typeof EVENT_DATA_SCHEMAS)[T]> };
}[EventType];
export type EventOfType<T extends EventType> = Extract<InboundEvent, { type: T }>;
