/** find_records: which of the tenant's records the words or ids of a request name (entity linking). */
import { z } from 'zod';
import { RECORD_KINDS, findRecords } from '../../core/lookup/index.ts';
import { defineTool } from '../tool.ts';
import { READ_ROLES } from './read-roles.ts';
import { citationsField } from './result-helpers.ts';

const input = z.strictObject({
  terms: z
    .array(z.string().trim().min(2).max(100))
    .min(1)
    .max(20)
    .describe('Words, names or ids from the request, one per item: "1003", "COL-DC", "Columbus", "6204 bearings", "Miller".'),
});

const output = z.object({
  results: z.array(
    z.object({
      term: z.string(),
      matches: z.array(
        z.object({
          kind: z.enum(RECORD_KINDS),
          code: z.string().describe('The code to pass to other tools (order number, SKU, location, customer, RMA, shipment, invoice).'),
          name: z.string().nullable(),
          match: z.enum(['exact', 'number', 'name', 'fuzzy']),
          score: z.number(),
        }),
      ),
    }),
  ),
  citations: citationsField,
});

export const findRecordsTool = defineTool({
  name: 'find_records',
  title: 'Find records by name or id',
  description:
    'Looks up words and ids from a request in your records: order numbers with or without their prefix ("1003" → H-1003), ' +
    'SKUs by code or name ("6204 bearings"), locations by code or name ("Columbus"), customers by code or name ("Miller"), ' +
    'RMAs, shipments (id or tracking number) and invoices. Exact first, then by number, name words, or one typo. Use it ' +
    'when a request names something without its exact code, before get_order, get_inventory or get_customer.',
  kind: 'read',
  risk: 'none',
  roles: READ_ROLES,
  idempotent: true,
  input,
  output,
  async run({ tx }, request) {
    const results = await findRecords(tx, request.terms);
    return { results, citations: [] };
  },
});
