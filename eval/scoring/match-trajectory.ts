/**
 * Tool trajectory matching: the calls a run made against the expected steps, in one of four modes
 * (strict, unordered, subset, superset) with per-step argument matching. Returns the verdict, a
 * readable diff, and the argument-accuracy counts the metrics aggregate.
 */
import type { ObservedCall } from '../run/observation.ts';
import { isAnyOfStep, type ArgsMatchMode, type ToolStep, type TrajectoryExpectation, type TrajectoryStep } from '../suite/suite-schema.ts';
import { matchArguments } from '../suite/value-matchers.ts';
import { maximumMatching } from './bipartite.ts';

export interface TrajectoryVerdict {
  passed: boolean;
  diff: string[];
  /** Expected steps with arguments whose tool was called at all, and how many of those matched. */
  argsTotal: number;
  argsCorrect: number;
}

const brief = (value: unknown): string => {
  const text = JSON.stringify(value ?? {});
  return text.length > 160 ? `${text.slice(0, 157)}…` : text;
};

export const describeCall = (call: Pick<ObservedCall, 'tool' | 'args'>): string => `${call.tool} ${brief(call.args)}`;
const describePlainStep = (step: ToolStep): string => (step.args ? `${step.tool} ${brief(step.args)}` : step.tool);
const describeStep = (step: TrajectoryStep): string =>
  isAnyOfStep(step) ? `one of (${step.anyOf.map(describePlainStep).join(' | ')})` : describePlainStep(step);

const alternatives = (step: TrajectoryStep): ToolStep[] => (isAnyOfStep(step) ? step.anyOf : [step]);

function plainMismatches(step: ToolStep, call: ObservedCall, defaultMode: ArgsMatchMode): string[] {
  if (step.tool !== call.tool) return [`tool: expected ${step.tool}, got ${call.tool}`];
  return matchArguments(step.args, call.args, step.match ?? defaultMode, step.ignore);
}

/** An either-of step matches when any alternative does; its mismatches are those of the nearest alternative. */
function stepMismatches(step: TrajectoryStep, call: ObservedCall, defaultMode: ArgsMatchMode): string[] {
  const ranked = alternatives(step)
    .map((alternative) => plainMismatches(alternative, call, defaultMode))
    .sort((a, b) => a.length - b.length);
  return ranked[0]!;
}

/** Why the nearest call of the same tool did not match, for the diff. */
function nearestExplanation(step: TrajectoryStep, calls: readonly ObservedCall[], defaultMode: ArgsMatchMode): string {
  const tools = new Set(alternatives(step).map((alternative) => alternative.tool));
  const sameTool = calls.filter((call) => tools.has(call.tool));
  if (!sameTool.length) return 'never called';
  const ranked = sameTool.map((call) => stepMismatches(step, call, defaultMode)).sort((a, b) => a.length - b.length);
  return ranked[0]!.length ? `closest call: ${ranked[0]!.join('; ')}` : 'its matching call was already paired with another step';
}

export function matchTrajectory(expected: TrajectoryExpectation, calls: readonly ObservedCall[]): TrajectoryVerdict {
  const steps = expected.steps as TrajectoryStep[];
  const mode = expected.args;
  const compatible = (e: number, o: number): boolean => stepMismatches(steps[e]!, calls[o]!, mode).length === 0;

  let argsTotal = 0;
  let argsCorrect = 0;
  for (const step of steps) {
    if (!alternatives(step).some((alternative) => alternative.args)) continue;
    const tools = new Set(alternatives(step).map((alternative) => alternative.tool));
    const sameTool = calls.filter((call) => tools.has(call.tool));
    if (!sameTool.length) continue;
    argsTotal += 1;
    if (sameTool.some((call) => stepMismatches(step, call, mode).length === 0)) argsCorrect += 1;
  }

  const diff: string[] = [];
  if (expected.mode === 'strict') {
    const length = Math.max(steps.length, calls.length);
    for (let index = 0; index < length; index += 1) {
      const step = steps[index];
      const call = calls[index];
      if (step && !call) diff.push(`step ${index + 1}: expected ${describeStep(step)}, but the run made no more calls`);
      else if (!step && call) diff.push(`step ${index + 1}: unexpected ${describeCall(call)}`);
      else if (step && call) {
        const problems = stepMismatches(step, call, mode);
        if (problems.length)
          diff.push(`step ${index + 1}: expected ${describeStep(step)}, got ${describeCall(call)} (${problems.join('; ')})`);
      }
    }
    return { passed: diff.length === 0, diff, argsTotal, argsCorrect };
  }

  const pairs = maximumMatching(steps.length, calls.length, compatible);
  const pairedCalls = new Set(pairs.values());
  const missing = steps.map((step, index) => ({ step, index })).filter(({ index }) => !pairs.has(index));
  const unexpected = calls.filter((_, index) => !pairedCalls.has(index));
  const reportMissing = expected.mode === 'unordered' || expected.mode === 'superset';
  const reportUnexpected = expected.mode === 'unordered' || expected.mode === 'subset';
  if (reportMissing) for (const { step } of missing) diff.push(`missing: ${describeStep(step)} — ${nearestExplanation(step, calls, mode)}`);
  if (reportUnexpected) for (const call of unexpected) diff.push(`unexpected: ${describeCall(call)}`);
  return { passed: diff.length === 0, diff, argsTotal, argsCorrect };
}
