/** list_exceptions: the operational exception queue, filtered by type, status, severity or entity. */
import { z } from 'zod';
import { findSku } from '../../core/catalog/index.ts';
import { findCustomer } from '../../core/customers/index.ts';
import { EXCEPTION_STATUSES, EXCEPTION_TYPES, SEVERITIES, listExceptions, type ExceptionFilters } from '../../core/exceptions/index.ts';
import { findOrder } from '../../core/orders/index.ts';
import { defineTool } from '../tool.ts';
import { exceptionSummarySchema, summarizeException } from './exception-view.ts';
import { customerCodeField, listLimitField, orderNumberField, skuCodeField } from './reference-fields.ts';
import { citationsField, toolCitation } from './result-helpers.ts';
import { READ_ROLES } from './read-roles.ts';

const input = z.strictObject({
  status: z
    .enum(['live', ...EXCEPTION_STATUSES])
    .default('live')
    .describe(
      '"live" (open, triaging or awaiting approval; the default), or one status: open, triaging, awaiting_approval, resolved, dismissed.',
    ),
  type: z.enum(EXCEPTION_TYPES).optional().describe('Only exceptions of this type.'),
  severity: z.enum(SEVERITIES).optional().describe('Only exceptions of this severity.'),
  order: orderNumberField.optional().describe('Only exceptions about this order (order number).'),
  sku: skuCodeField.optional().describe('Only exceptions about this SKU (SKU code).'),
  customer: customerCodeField.optional().describe('Only exceptions about this customer (customer code).'),
  slaBreached: z.boolean().optional().describe('true: only exceptions past their resolution SLA; false: only those within it.'),
  sort: z
    .enum(['severity', 'sla', 'oldest', 'newest'])
    .default('severity')
    .describe('severity: most urgent first (default); sla: soonest due first; oldest or newest by detection time.'),
  limit: listLimitField(50, 20),
});

const output = z.object({
  count: z.number().int(),
  /** True when more exceptions match than were returned. */
  more: z.boolean(),
  exceptions: z.array(exceptionSummarySchema),
  citations: citationsField,
});

export const listExceptionsTool = defineTool({
  name: 'list_exceptions',
  title: 'List operational exceptions',
  description:
    'Lists operational exceptions (stock conflicts, payment mismatches, failed ERP syncs, late shipments, credit holds, …) ' +
    'from the queue, most urgent first. Filter by status (default: live ones), type, severity, or the order, SKU or customer ' +
    'they concern. Use it to see what is wrong with an order, or what needs attention. Returns one line per exception ' +
    '(id, type, severity, status, title, entity codes, SLA due time); call get_exception with an id for evidence and history.',
  kind: 'read',
  risk: 'none',
  roles: READ_ROLES,
  idempotent: true,
  input,
  output,
  async run({ tx, now }, request) {
    const filters: ExceptionFilters = {
      status: request.status === 'live' ? 'live' : [request.status],
      sort: request.sort,
      limit: request.limit + 1,
    };
    if (request.type) filters.type = [request.type];
    if (request.severity) filters.severity = [request.severity];
    if (request.slaBreached !== undefined) filters.slaBreached = request.slaBreached;
    // An entity that does not exist has no exceptions: an empty list, not an error, answers "is anything wrong with X?".
    if (request.order) {
      const order = await findOrder(tx, request.order);
      if (!order) return empty();
      filters.orderId = order.id;
    }
    if (request.sku) {
      const sku = await findSku(tx, request.sku);
      if (!sku) return empty();
      filters.skuId = sku.id;
    }
    if (request.customer) {
      const customer = await findCustomer(tx, request.customer);
      if (!customer) return empty();
      filters.customerId = customer.id;
    }
    const found = await listExceptions(tx, filters, now);
    const exceptions = found.slice(0, request.limit).map(summarizeException);
    return {
      count: exceptions.length,
      more: found.length > request.limit,
      exceptions,
      citations: exceptions.map((exception) => toolCitation('list_exceptions', exception.id, exception.title)),
    };
  },
});

function empty(): z.infer<typeof output> {
  return { count: 0, more: false, exceptions: [], citations: [] };
}
