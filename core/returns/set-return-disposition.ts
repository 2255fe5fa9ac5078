/**
 * Return disposition (sop-returns-disposition-grading): restock puts the units back into available,
 * damaged moves them to damaged, vendor sends them out of the building (return to vendor).
 */
import { z } from 'zod';
import { stockUnitsOf } from '../catalog/skus.ts';
import type { Tx } from '../db/database.ts';
import { resolveContext, type ChangeContext } from '../domain/change-context.ts';
import { PreconditionFailedError, parseOrThrow } from '../errors.ts';
import { moveStock } from '../inventory/move-stock.ts';
import { recordOrderEvent } from '../orders/order-events.ts';
import { allocateBackorders } from '../orders/progress-order.ts';
import { recordGrades } from './record-grades.ts';
import {
  RETURN_DISPOSITIONS,
  RETURN_GRADES,
  loadReturnLines,
  pickReturnLine,
  requireReturn,
  type ReturnDisposition,
  type ReturnGrade,
  type ReturnLineRecord,
  type ReturnRecord,
} from './return-record.ts';

export const setReturnDispositionInputSchema = z.object({
  rma: z.string().min(1),
  /** The return line by SKU or order line number; omitted = every line not yet dispositioned. */
  sku: z.string().min(1).optional(),
  lineNumber: z.number().int().positive().optional(),
  disposition: z.enum(RETURN_DISPOSITIONS),
  /** The inspection grade of units nobody has graded yet, recorded with the disposition (the inspector's call). */
  grade: z.enum(RETURN_GRADES).optional(),
  note: z.string().max(2000).optional(),
});
export type SetReturnDispositionInput = z.input<typeof setReturnDispositionInputSchema>;

export interface ReturnDispositionResult {
  rma: string;
  returnStatus: string;
  lines: Array<{ lineNumber: number; skuCode: string; quantity: number; disposition: ReturnDisposition }>;
  /** Backordered orders that took restocked units. */
  reallocatedTo: Array<{ orderNumber: string; status: string }>;
}

const TARGET_STATUS = { restock: 'available', damaged: 'damaged', vendor: undefined } as const;

export async function setReturnDisposition(
  tx: Tx,
  input: SetReturnDispositionInput,
  context?: ChangeContext,
): Promise<ReturnDispositionResult> {
  const request = parseOrThrow(setReturnDispositionInputSchema, input, 'return disposition');
  const returned = await requireReturn(tx, request.rma, { lock: true });
  if (returned.status !== 'received' && returned.status !== 'inspected') {
    throw new PreconditionFailedError(
      `return ${returned.rmaNumber} is ${returned.status}; only received or inspected returns take a disposition`,
      { rma: returned.rmaNumber, status: returned.status },
    );
  }
  const lines = await loadReturnLines(tx, returned.id);
  let targets: ReturnLineRecord[];
  if (request.sku !== undefined || request.lineNumber !== undefined) {
    const line = pickReturnLine(lines, request);
    if (!line)
      throw new PreconditionFailedError(`return ${returned.rmaNumber} has no line for ${request.sku ?? `line ${request.lineNumber}`}`, {
        rma: returned.rmaNumber,
      });
    if (line.disposition)
      throw new PreconditionFailedError(`line ${line.lineNumber} of ${returned.rmaNumber} already has disposition ${line.disposition}`, {
        disposition: line.disposition,
      });
    targets = [line];
  } else {
    targets = lines.filter((line) => !line.disposition);
    if (targets.length === 0)
      throw new PreconditionFailedError(`every line of ${returned.rmaNumber} already has a disposition`, { rma: returned.rmaNumber });
  }
  if (request.grade !== undefined) await gradeUngradedLines(tx, returned, targets, request.grade, request.note, context);
  // Restocking puts units back on sale, so it follows the inspection grade (sop-returns-disposition-grading):
  // a line nobody has graded yet could be defective or not ours. Damaged and vendor keep units off sale
  // and may be decided before grading.
  if (request.disposition === 'restock') {
    const ungraded = targets.filter((line) => !line.grade && line.quantityReceived > 0);
    if (ungraded.length > 0)
      throw new PreconditionFailedError(
        `${ungraded.map((line) => `line ${line.lineNumber} (${line.skuCode})`).join(', ')} of ${returned.rmaNumber} ${ungraded.length === 1 ? 'has' : 'have'} not been inspected: restock only graded units (inspect the return first)`,
        { rma: returned.rmaNumber, ungradedLines: ungraded.map((line) => line.lineNumber) },
      );
  }
  return applyDispositions(
    tx,
    returned,
    targets.map((line) => ({ line, disposition: request.disposition })),
    request.note,
    context,
  );
}

/**
 * Records the grade given with a disposition on the target lines that have none, as an inspection
 * would. A line already graded otherwise is refused: a disposition call does not overrule the inspector.
 */
async function gradeUngradedLines(
  tx: Tx,
  returned: ReturnRecord,
  targets: ReturnLineRecord[],
  grade: ReturnGrade,
  note: string | undefined,
  context: ChangeContext | undefined,
): Promise<void> {
  const regraded = targets.filter((line) => line.grade && line.grade !== grade);
  if (regraded.length > 0)
    throw new PreconditionFailedError(
      `line ${regraded[0]!.lineNumber} of ${returned.rmaNumber} is already graded ${regraded[0]!.grade}, not ${grade}`,
      { rma: returned.rmaNumber, lineNumber: regraded[0]!.lineNumber, grade: regraded[0]!.grade },
    );
  const ungraded = targets.filter((line) => !line.grade);
  if (ungraded.length === 0) return;
  await recordGrades(
    tx,
    returned,
    ungraded.map((line) => ({ line, grade })),
    ungraded.map((line) => ({ lineNumber: line.lineNumber, grade })),
    note,
    context,
  );
}

/** Moves the stock for each line's disposition and closes the return when every line has one. */
export async function applyDispositions(
  tx: Tx,
  returned: ReturnRecord,
  decisions: Array<{ line: ReturnLineRecord; disposition: ReturnDisposition }>,
  note: string | undefined,
  context?: ChangeContext,
): Promise<ReturnDispositionResult> {
  const { actor, at } = resolveContext(context);
  const location = { id: returned.locationId, code: returned.locationCode };
  const restockedSkus = new Set<string>();
  const done: ReturnDispositionResult['lines'] = [];
  for (const { line, disposition } of decisions) {
    if (line.quantityReceived === 0)
      throw new PreconditionFailedError(`line ${line.lineNumber} of ${returned.rmaNumber} has no received units`, {
        lineNumber: line.lineNumber,
      });
    // Grade D (defective) and X (not ours) units must never go back on sale.
    if (disposition === 'restock' && (line.grade === 'D' || line.grade === 'X')) {
      throw new PreconditionFailedError(`line ${line.lineNumber} is grade ${line.grade} and cannot be restocked`, {
        lineNumber: line.lineNumber,
        grade: line.grade,
      });
    }
    for (const unit of await stockUnitsOf(tx, { id: line.skuId, code: line.skuCode, isKit: line.isKit })) {
      await moveStock(
        tx,
        {
          sku: { id: unit.skuId, code: unit.skuCode },
          location,
          from: 'returns_hold',
          to: TARGET_STATUS[disposition],
          quantity: unit.quantity * line.quantityReceived,
          kind: 'disposition',
          reasonCode: disposition,
          reference: returned.rmaNumber,
          note,
        },
        context,
      );
      if (disposition === 'restock') restockedSkus.add(unit.skuId);
    }
    await tx.query('UPDATE return_lines SET disposition = $2, disposition_at = $3, disposition_by = $4 WHERE id = $1', [
      line.id,
      disposition,
      at,
      actor,
    ]);
    done.push({ lineNumber: line.lineNumber, skuCode: line.skuCode, quantity: line.quantityReceived, disposition });
  }
  const open = await tx.query('SELECT 1 FROM return_lines WHERE return_id = $1 AND disposition IS NULL LIMIT 1', [returned.id]);
  const status = open.rowCount === 0 ? 'closed' : returned.status;
  if (status === 'closed')
    await tx.query(`UPDATE returns SET status = 'closed', closed_at = $2, updated_at = $2 WHERE id = $1`, [returned.id, at]);
  await recordOrderEvent(
    tx,
    { orderId: returned.orderId, type: 'return_disposition_set', data: { rma: returned.rmaNumber, lines: done, note: note ?? null } },
    context,
  );
  const reallocatedTo = await allocateBackorders(tx, { skuIds: [...restockedSkus] }, context);
  return { rma: returned.rmaNumber, returnStatus: status, lines: done, reallocatedTo };
}
