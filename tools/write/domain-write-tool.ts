/**
 * The shape every write tool shares: inspect() reads the facts the policy needs and trial-runs the
 * domain operation in a savepoint that is always rolled back, so the preconditions checked before a
 * decision are exactly the domain's own and the evidence shows what the change would do; run()
 * performs the operation for real (the domain re-checks everything against current state), then
 * re-runs exception detection for the touched entities so an executed remediation resolves its
 * exception in the same transaction.
 */
import type { z } from 'zod';
import type { Tx } from '../../core/db/database.ts';
import type { ChangeContext } from '../../core/domain/change-context.ts';
import type { Role } from '../../core/identity/roles.ts';
import { redetectForEntities, type TouchedEntities } from '../../core/exceptions/index.ts';
import { defineTool, type RiskLevel, type ToolContext, type ToolDefinition, type ToolFacts } from '../tool.ts';

/** Who the domain records as the author of a change made through a tool, and when it happened. */
export function changeContextFor(context: ToolContext): ChangeContext {
  return { actor: context.principal.userName || context.principal.userId, at: context.now };
}

/**
 * Runs a domain operation and rolls it back whatever happens. Errors (a failed precondition) are
 * rethrown after the rollback, so the transaction stays usable.
 */
export async function dryRun<T>(tx: Tx, body: () => Promise<T>): Promise<T> {
  await tx.query('SAVEPOINT copilot_tool_dry_run');
  try {
    return await body();
  } finally {
    await tx.query('ROLLBACK TO SAVEPOINT copilot_tool_dry_run');
    await tx.query('RELEASE SAVEPOINT copilot_tool_dry_run');
  }
}

/** What re-detection did after a write: exceptions raised and resolved for the touched entities. */
export interface RedetectionSummary {
  exceptionsResolved: string[];
  exceptionsRaised: string[];
}

export async function redetectAfterWrite(context: ToolContext, touched: TouchedEntities): Promise<RedetectionSummary> {
  const report = await redetectForEntities(context.tx, context.principal.tenantId, touched, context.now);
  return { exceptionsResolved: report.resolved, exceptionsRaised: report.raised };
}

export interface DomainWriteToolSpec<Input extends z.ZodType, Output extends z.ZodType, Result> {
  name: string;
  title: string;
  description: string;
  risk: RiskLevel;
  roles: readonly Role[];
  input: Input;
  output: Output;
  idempotent?: boolean;
  additive?: boolean;
  reachesOutside?: boolean;
  /** Current state the policy conditions read (order value, customer tier…) plus evidence; throws when a precondition fails. */
  facts(context: ToolContext, input: z.infer<Input>): Promise<ToolFacts>;
  /** The domain operation. It checks its own preconditions, in inspect's trial and again in run. */
  apply(context: ToolContext, input: z.infer<Input>, change: ChangeContext): Promise<Result>;
  /** Facts only the operation can tell (what it would change), from the trial's result after its rollback. */
  trialFacts?(context: ToolContext, result: Result, input: z.infer<Input>): ToolFacts | Promise<ToolFacts>;
  /** Entities the change touched, for exception re-detection. */
  touched(context: ToolContext, result: Result, input: z.infer<Input>): Promise<TouchedEntities> | TouchedEntities;
  /** The typed output, given the operation's result and what re-detection did. */
  present(result: Result, redetection: RedetectionSummary, input: z.infer<Input>): z.infer<Output>;
}

export function defineDomainWriteTool<Input extends z.ZodType, Output extends z.ZodType, Result>(
  spec: DomainWriteToolSpec<Input, Output, Result>,
): ToolDefinition<Input, Output> {
  return defineTool({
    name: spec.name,
    title: spec.title,
    description: spec.description,
    kind: 'write',
    risk: spec.risk,
    roles: spec.roles,
    input: spec.input,
    output: spec.output,
    ...(spec.idempotent !== undefined ? { idempotent: spec.idempotent } : {}),
    ...(spec.additive !== undefined ? { additive: spec.additive } : {}),
    ...(spec.reachesOutside !== undefined ? { reachesOutside: spec.reachesOutside } : {}),
    async inspect(context, input) {
      const facts = await spec.facts(context, input);
      const trial = await dryRun(context.tx, () => spec.apply(context, input, changeContextFor(context)));
      return { ...facts, ...(spec.trialFacts ? await spec.trialFacts(context, trial, input) : {}) };
    },
    async run(context, input) {
      const result = await spec.apply(context, input, changeContextFor(context));
      const redetection = await redetectAfterWrite(context, await spec.touched(context, result, input));
      return spec.present(result, redetection, input);
    },
  });
}
