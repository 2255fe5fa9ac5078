/**
 * Whether deciding a call of this tool can look at the tenant's local clock (`timeOfDay`, `weekday`):
 * only then does the gate read the tenant's time zone. A rule can name a clock field as a condition or
 * as a value another condition compares with, so the check is on the rule's whole `when` text — it
 * may say yes needlessly, never no wrongly. A document with its own `timezone` never needs the
 * tenant's. Per parsed document (policy versions are append-only and parsed once) and tool.
 */
import type { ActivePolicy } from './decide.ts';
import type { ToolDescriptor } from './decision-context.ts';
import type { PolicyDocument } from './policy-document.ts';
import { matchesToolPattern } from './tool-pattern.ts';

const CLOCK_FIELDS = /\b(timeOfDay|weekday)\b/;
const answers = new WeakMap<PolicyDocument, Map<string, boolean>>();

export function readsLocalClock(policy: ActivePolicy, tool: Pick<ToolDescriptor, 'name' | 'kind'>): boolean {
  const document = policy.document;
  if (document.timezone) return false;
  let byTool = answers.get(document);
  if (!byTool) answers.set(document, (byTool = new Map()));
  const key = `${tool.kind}:${tool.name}`;
  let answer = byTool.get(key);
  if (answer === undefined) {
    answer = document.rules.some((rule) => {
      const patterns = Array.isArray(rule.tool) ? rule.tool : [rule.tool];
      if (!patterns.some((pattern) => matchesToolPattern(pattern, tool.name))) return false;
      if (rule.kind && rule.kind !== tool.kind) return false;
      return CLOCK_FIELDS.test(JSON.stringify(rule.when ?? {}));
    });
    byTool.set(key, answer);
  }
  return answer;
}
