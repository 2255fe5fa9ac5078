/**
 * Records inspection grades on return lines, moves a received return to inspected and writes the
 * `return_inspected` order event — the one way a grade is given, whether by an inspection
 * (`inspectReturn`) or with a disposition for units nobody has graded yet (`setReturnDisposition`).
 */
import type { Tx } from '../db/database.ts';
import { resolveContext, type ChangeContext } from '../domain/change-context.ts';
import { recordOrderEvent } from '../orders/order-events.ts';
import type { ReturnGrade, ReturnLineRecord, ReturnRecord } from './return-record.ts';

export interface GradeGiven {
  line: ReturnLineRecord;
  grade: ReturnGrade;
}

/**
 * Writes each grade (and mirrors it on the line record, so later steps of the same transaction see
 * it), marks the return inspected when it was only received, and records the event with `eventLines`
 * as its `lines` (what the caller was asked to grade, as it was asked).
 */
export async function recordGrades(
  tx: Tx,
  returned: ReturnRecord,
  grades: GradeGiven[],
  eventLines: unknown[],
  note: string | undefined,
  context: ChangeContext | undefined,
): Promise<void> {
  const { at } = resolveContext(context);
  for (const { line, grade } of grades) {
    await tx.query('UPDATE return_lines SET grade = $2 WHERE id = $1', [line.id, grade]);
    line.grade = grade;
  }
  if (returned.status === 'received') {
    await tx.query(`UPDATE returns SET status = 'inspected', inspected_at = $2, updated_at = $2 WHERE id = $1`, [returned.id, at]);
    returned.status = 'inspected';
  }
  await recordOrderEvent(
    tx,
    { orderId: returned.orderId, type: 'return_inspected', data: { rma: returned.rmaNumber, lines: eventLines, note: note ?? null } },
    context,
  );
}
