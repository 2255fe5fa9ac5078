/** set_return_disposition: decide what happens to returned units — restock, damaged, or back to the vendor. */
import { z } from 'zod';
import { findSku, requireLocation } from '../../core/catalog/index.ts';
import { roundMoney } from '../../core/domain/money.ts';
import { RETURN_DISPOSITIONS, RETURN_GRADES, loadReturnLines, requireReturn, setReturnDisposition } from '../../core/returns/index.ts';
import { requireOrder } from '../../core/orders/index.ts';
import { lineNumberField, optionalNoteField, rmaNumberField, skuCodeField } from '../read/reference-fields.ts';
import { defineDomainWriteTool } from './domain-write-tool.ts';
import { loadOrderFacts } from './order-facts.ts';
import { writeResultFields } from './write-result.ts';
import { PROPOSER_AND_INTEGRATION_ROLES } from './write-roles.ts';

const input = z.strictObject({
  rma: rmaNumberField,
  disposition: z
    .enum(RETURN_DISPOSITIONS)
    .describe(
      'restock: back to available stock (grades A/B only in practice; never D or X); damaged: kept on site as unsellable; vendor: returned to the supplier (defective under warranty).',
    ),
  sku: skuCodeField
    .optional()
    .describe('Only the return line of this SKU; omit both sku and lineNumber to set every line not yet dispositioned.'),
  lineNumber: lineNumberField.optional().describe('Only the return line for this order line number.'),
  grade: z
    .enum(RETURN_GRADES)
    .optional()
    .describe(
      'The inspection grade of units nobody has graded yet (A like new … D defective, X not ours; sop-returns-disposition-grading), recorded with the disposition. Restock needs a grade, recorded or given here; D and X are never restocked.',
    ),
  note: optionalNoteField.describe('Inspection evidence (grade, photo reference, function test result).'),
});

const output = z.object({
  rma: z.string(),
  returnStatus: z.string().describe('closed once every line has a disposition.'),
  lines: z.array(z.object({ lineNumber: z.number().int(), skuCode: z.string(), quantity: z.number().int(), disposition: z.string() })),
  reallocatedTo: z
    .array(z.object({ orderNumber: z.string(), status: z.string() }))
    .describe('Backordered orders that took restocked units.'),
  ...writeResultFields,
});

export const setReturnDispositionTool = defineDomainWriteTool({
  name: 'set_return_disposition',
  title: 'Set a return disposition',
  description:
    'Sets the disposition of received return units: restock moves them from returns hold to available stock (and offers ' +
    'them to backordered orders), damaged moves them to damaged stock, vendor sends them back to the supplier. Use it ' +
    'after inspection, following the grade (sop-returns-disposition-grading). Preconditions: the return is received or ' +
    'inspected, the line has received units and no disposition yet, restock only graded units (give grade when the ' +
    'line was never inspected), and grade D or X units are never restocked. ' +
    "Returns the lines set and the return's status.",
  risk: 'medium',
  roles: PROPOSER_AND_INTEGRATION_ROLES,
  // A line that already has a disposition is refused, so repeating the call changes nothing.
  idempotent: true,
  input,
  output,
  async facts({ tx }, request) {
    const returned = await requireReturn(tx, request.rma);
    const { facts } = await loadOrderFacts(tx, returned.orderId);
    const lines = await loadReturnLines(tx, returned.id);
    const grades = [...new Set([...lines.map((line) => line.grade), request.grade].filter((grade) => grade))];
    return {
      ...facts,
      rmaNumber: returned.rmaNumber,
      returnStatus: returned.status,
      locationCode: returned.locationCode,
      disposition: request.disposition,
      grades: grades.join(',') || null,
      gradeGiven: request.grade ?? null,
    };
  },
  apply: ({ tx }, request, change) => setReturnDisposition(tx, request, change),
  async trialFacts({ tx }, result) {
    let unitsValue = 0;
    for (const line of result.lines) unitsValue += line.quantity * ((await findSku(tx, line.skuCode))?.unitCost ?? 0);
    return {
      quantity: result.lines.reduce((sum, line) => sum + line.quantity, 0),
      lineCount: result.lines.length,
      // Value at cost of the units dispositioned: what a damaged or vendor disposition takes off sellable stock.
      unitsValue: roundMoney(unitsValue),
      closesReturn: result.returnStatus === 'closed',
    };
  },
  async touched({ tx }, result) {
    const returned = await requireReturn(tx, result.rma);
    const location = await requireLocation(tx, returned.locationCode);
    const skuIds = (await Promise.all(result.lines.map((line) => findSku(tx, line.skuCode)))).flatMap((sku) => (sku ? [sku.id] : []));
    const others = await Promise.all(result.reallocatedTo.map(async (order) => (await requireOrder(tx, order.orderNumber)).id));
    return { returnIds: [returned.id], orderIds: [returned.orderId, ...others], skuIds, locationIds: [location.id] };
  },
  present: (result, redetection) => ({
    rma: result.rma,
    returnStatus: result.returnStatus,
    lines: result.lines,
    reallocatedTo: result.reallocatedTo,
    ...redetection,
  }),
});
