/**
 * Runs a tool's inspect() or run() inside a savepoint of the caller's transaction. When it throws,
 * only its own effects are rolled back: the proposal's failure can still be recorded in the same
 * transaction, under the same row lock, so state and record never disagree.
 */
import { z } from 'zod';
import type { Tx } from '../../core/db/database.ts';
import { AppError, issuesFromZod, ValidationError } from '../../core/errors.ts';
import type { AnyTool, ToolContext, ToolFacts } from '../../tools/tool.ts';
import { normalizeForJson } from '../audit/canonical-json.ts';
import type { ProposalError } from './proposal.ts';

export type Attempt<T> = { ok: true; value: T } | { ok: false; error: ProposalError };

const toolFactsSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]));

/** A typed error becomes its code and message; anything else is internal (a bug, not the caller's fault). */
export function toProposalError(error: unknown): ProposalError {
  if (error instanceof AppError) {
    const json = error.toJSON();
    return json.details === undefined
      ? { code: json.code, message: json.message }
      : { code: json.code, message: json.message, details: json.details };
  }
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}

async function inSavepoint<T>(tx: Tx, body: () => Promise<T>): Promise<Attempt<T>> {
  await tx.query('SAVEPOINT copilot_tool_call');
  try {
    const value = await body();
    await tx.query('RELEASE SAVEPOINT copilot_tool_call');
    return { ok: true, value };
  } catch (error) {
    await tx.query('ROLLBACK TO SAVEPOINT copilot_tool_call');
    await tx.query('RELEASE SAVEPOINT copilot_tool_call');
    return { ok: false, error: toProposalError(error) };
  }
}

/** Parses frozen arguments again (schemas are the contract at execution time too). */
export function parseArgs(tool: AnyTool, args: unknown): unknown {
  const parsed = tool.input.safeParse(args);
  if (!parsed.success) {
    const issues = issuesFromZod(parsed.error);
    throw new ValidationError(
      `invalid arguments for ${tool.name}: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`,
      issues,
    );
  }
  return parsed.data;
}

/** The write tool's facts about current state; PreconditionFailedError and friends come back as errors. */
export function inspectTool(context: ToolContext, tool: AnyTool, args: unknown): Promise<Attempt<ToolFacts>> {
  return inSavepoint(context.tx, async () => {
    const facts = tool.inspect ? await tool.inspect(context, parseArgs(tool, args)) : {};
    const checked = toolFactsSchema.safeParse(facts);
    if (!checked.success) throw new Error(`${tool.name}.inspect() returned facts that are not flat scalars`);
    return checked.data;
  });
}

function checkedOutput(tool: AnyTool, output: unknown): unknown {
  const parsed = tool.output.safeParse(output);
  if (!parsed.success) {
    throw new Error(
      `${tool.name} returned output outside its schema: ${issuesFromZod(parsed.error)
        .map((issue) => issue.path)
        .join(', ')}`,
    );
  }
  return normalizeForJson(parsed.data);
}

/**
 * Runs a read tool in the caller's transaction without a savepoint: for a transaction that holds this
 * one read and writes nothing (the gate's), where a failed statement may abort it — it then rolls
 * back at its end, losing nothing. Failures come back as errors, as runTool's do.
 */
export async function runReadTool(context: ToolContext, tool: AnyTool, args: unknown): Promise<Attempt<unknown>> {
  if (tool.kind !== 'read') throw new Error(`runReadTool runs read tools only, not ${tool.name}`);
  try {
    return { ok: true, value: await checkedOutput(tool, await tool.run(context, parseArgs(tool, args))) };
  } catch (error) {
    return { ok: false, error: toProposalError(error) };
  }
}

/**
 * Re-checks preconditions (inspect) against current state and runs the tool; its output must match
 * the tool's output schema. Any failure leaves the database as it was before the call.
 * `inspected`: the caller inspected this call in this same transaction and nothing but the proposal's
 * own records (proposal row, audit entry) has been written since, so current state is what that
 * inspection saw and re-running it (facts, the trial in a savepoint) would only repeat its answer;
 * run() re-checks the domain's preconditions itself either way.
 */
export function runTool(
  context: ToolContext,
  tool: AnyTool,
  args: unknown,
  options: { inspected?: boolean } = {},
): Promise<Attempt<unknown>> {
  return inSavepoint(context.tx, async () => {
    const input = parseArgs(tool, args);
    if (tool.inspect && !options.inspected) await tool.inspect(context, input);
    return checkedOutput(tool, await tool.run(context, input));
  });
}
