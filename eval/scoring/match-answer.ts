/** Answer text checks (case-insensitive) and run budgets (model steps, tool calls, latency). */
import type { Observation } from '../run/observation.ts';
import type { AnswerExpectation, Budgets } from '../suite/suite-schema.ts';

const excerpt = (text: string): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 300 ? `${flat.slice(0, 297)}…` : flat || '(empty answer)';
};

export function matchAnswer(expected: AnswerExpectation, answer: string): { passed: boolean; diff: string[] } {
  const lower = answer.toLowerCase();
  const diff: string[] = [];
  for (const text of expected.contains) if (!lower.includes(text.toLowerCase())) diff.push(`answer lacks "${text}"`);
  for (const text of expected.notContains) if (lower.includes(text.toLowerCase())) diff.push(`answer contains forbidden "${text}"`);
  for (const pattern of expected.matches) if (!new RegExp(pattern, 'i').test(answer)) diff.push(`answer does not match /${pattern}/i`);
  for (const pattern of expected.notMatches) if (new RegExp(pattern, 'i').test(answer)) diff.push(`answer matches forbidden /${pattern}/i`);
  if (diff.length) diff.push(`answer was: ${excerpt(answer)}`);
  return { passed: diff.length === 0, diff };
}

export function matchBudgets(
  budgets: Budgets,
  observation: Pick<Observation, 'steps' | 'toolCalls' | 'latencyMs'>,
): { passed: boolean; diff: string[] } {
  const diff: string[] = [];
  if (budgets.maxSteps !== undefined && observation.steps > budgets.maxSteps)
    diff.push(`${observation.steps} model steps, budget ${budgets.maxSteps}`);
  if (budgets.maxToolCalls !== undefined && observation.toolCalls.length > budgets.maxToolCalls)
    diff.push(`${observation.toolCalls.length} tool calls, budget ${budgets.maxToolCalls}`);
  if (budgets.maxLatencyMs !== undefined && observation.latencyMs > budgets.maxLatencyMs)
    diff.push(`${Math.round(observation.latencyMs)} ms, budget ${budgets.maxLatencyMs} ms`);
  return { passed: diff.length === 0, diff };
}
