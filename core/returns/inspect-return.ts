/** Return inspection: each line gets a grade, and optionally its disposition in the same step. */
import { z } from 'zod';
import type { Tx } from '../db/database.ts';
import type { ChangeContext } from '../domain/change-context.ts';
import { IllegalTransitionError, PreconditionFailedError, parseOrThrow } from '../errors.ts';
import {
  RETURN_DISPOSITIONS,
  RETURN_GRADES,
  loadReturnLines,
  pickReturnLine,
  requireReturn,
  type ReturnDisposition,
  type ReturnLineRecord,
} from './return-record.ts';
import { type GradeGiven, recordGrades } from './record-grades.ts';
import { applyDispositions } from './set-return-disposition.ts';

export const inspectReturnInputSchema = z.object({
  rma: z.string().min(1),
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
});
export type InspectReturnInput = z.input<typeof inspectReturnInputSchema>;

export async function inspectReturn(
  tx: Tx,
  input: InspectReturnInput,
  context?: ChangeContext,
): Promise<{ rma: string; status: string; graded: number; dispositioned: number }> {
  const request = parseOrThrow(inspectReturnInputSchema, input, 'return inspection');
  const returned = await requireReturn(tx, request.rma, { lock: true });
  if (returned.status !== 'received')
    throw new IllegalTransitionError(
      'return',
      returned.status,
      'inspected',
      returned.status === 'authorized' ? 'the parcel has not been received' : undefined,
    );
  const lines = await loadReturnLines(tx, returned.id);
  const decisions: Array<{ line: ReturnLineRecord; disposition: ReturnDisposition }> = [];
  const grades: GradeGiven[] = [];
  for (const [index, inspected] of request.lines.entries()) {
    const line = pickReturnLine(lines, inspected);
    if (!line)
      throw new PreconditionFailedError(`return ${returned.rmaNumber} has no line for ${inspected.sku ?? `line ${inspected.lineNumber}`}`, {
        path: `lines.${index}`,
      });
    grades.push({ line, grade: inspected.grade });
    if (inspected.disposition) decisions.push({ line, disposition: inspected.disposition });
  }
  await recordGrades(tx, returned, grades, request.lines, request.note, context);
  let status = 'inspected';
  if (decisions.length > 0)
    status = (await applyDispositions(tx, { ...returned, status: 'inspected' }, decisions, request.note, context)).returnStatus;
  return { rma: returned.rmaNumber, status, graded: request.lines.length, dispositioned: decisions.length };
}
