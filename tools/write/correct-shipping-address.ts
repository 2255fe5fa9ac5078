/** correct_shipping_address: replace an unshipped order's shipping address with a corrected one. */
import { z } from 'zod';
import { correctShippingAddress } from '../../core/orders/index.ts';
import { optionalNoteField, orderNumberField } from '../read/reference-fields.ts';
import { defineDomainWriteTool } from './domain-write-tool.ts';
import { loadOrderFacts } from './order-facts.ts';
import { writeResultFields } from './write-result.ts';
import { PROPOSER_AND_INTEGRATION_ROLES } from './write-roles.ts';

const addressSchema = z.strictObject({
  name: z.string().trim().min(1).max(200).describe('Recipient name.'),
  company: z.string().trim().max(200).optional().describe('Company, for business addresses.'),
  line1: z.string().trim().min(1).max(300).describe('Street and house number.'),
  line2: z.string().trim().max(300).optional().describe('Apartment, suite, floor.'),
  city: z.string().trim().min(1).max(100).describe('City or town.'),
  region: z.string().trim().max(100).optional().describe('State, province or region code where the country uses one (e.g. "NY").'),
  postalCode: z.string().trim().min(1).max(20).describe('Postal or ZIP code.'),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2 country code, e.g. US')
    .describe('ISO 3166-1 alpha-2 country code, e.g. "US".'),
  phone: z.string().trim().max(40).optional().describe('Recipient phone number for the carrier.'),
});

const input = z.strictObject({
  order: orderNumberField,
  address: addressSchema.describe('The complete corrected shipping address (it replaces the old one; include every line).'),
  note: optionalNoteField.describe('Where the correction came from (customer confirmation, validator suggestion).'),
});

const output = z.object({
  orderNumber: z.string(),
  orderStatus: z.string(),
  addressStatus: z.string(),
  shippingAddress: addressSchema,
  ...writeResultFields,
});

export const correctShippingAddressTool = defineDomainWriteTool({
  name: 'correct_shipping_address',
  title: 'Correct a shipping address',
  description:
    'Replaces the shipping address of an order that has not shipped yet and marks it valid, clearing the address ' +
    'validation failure. Use it with an address the customer confirmed or the validator suggested — never an address ' +
    'guessed from partial data. Any ADDR-CHECK hold stays until release_order_hold. Preconditions: no parcel of the ' +
    'order has shipped (after that a carrier intercept is needed) and the order is not cancelled or closed. Returns the ' +
    'stored address and its status.',
  risk: 'medium',
  roles: PROPOSER_AND_INTEGRATION_ROLES,
  // Writing the same address twice leaves the order as writing it once.
  idempotent: true,
  input,
  output,
  async facts({ tx }, request) {
    const { order, facts } = await loadOrderFacts(tx, request.order);
    const before = order.shippingAddress;
    return {
      ...facts,
      addressStatus: order.addressStatus,
      hadAddressIssue: order.addressIssue !== null,
      previousCountry: before.country ?? null,
      newCountry: request.address.country,
      countryChanged: before.country !== request.address.country,
      postalCodeChanged: before.postalCode !== request.address.postalCode,
    };
  },
  apply: ({ tx }, request, change) => correctShippingAddress(tx, request, change),
  touched: (_context, order) => ({ orderIds: [order.id] }),
  present: (order, redetection) => ({
    orderNumber: order.number,
    orderStatus: order.status,
    addressStatus: order.addressStatus,
    shippingAddress: addressSchema.parse(stripEmpty(order.shippingAddress)),
    ...redetection,
  }),
});

/** Stored addresses may carry empty optional parts; the output schema leaves them out instead. */
function stripEmpty(address: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(address).filter(([, value]) => value !== null && value !== undefined && value !== ''));
}
