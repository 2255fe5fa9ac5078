/** The provenance tracker a run starts with: the person's words (chat), or the exception and runbook the triage prompt carries. */
import type { RunInput, RunKind } from '../transcripts/transcript-schema.ts';
import type { ToolDescriptor } from '../toolbox/toolbox.ts';
import { parseTriageMessage } from '../triage/triage-message.ts';
import { RunProvenance } from './run-provenance.ts';

export function provenanceForRun(kind: RunKind, input: RunInput, tools: readonly ToolDescriptor[]): RunProvenance {
  const toolSchemas = tools.map((tool) => tool.inputJsonSchema);
  const systemText = Object.fromEntries(
    tools.filter((tool) => tool.systemTextPaths?.length).map((tool) => [tool.name, tool.systemTextPaths!]),
  );
  if (kind === 'triage') {
    // The triage message is built by the worker, not written by a person: it carries data, not a request.
    const triage = parseTriageMessage(input.message);
    return new RunProvenance({
      personWords: [],
      toolSchemas,
      systemText,
      exception: triage?.subject ?? input.exception,
      ...(triage?.runbook ? { runbook: triage.runbook } : {}),
    });
  }
  return new RunProvenance({
    personWords: [...input.history.filter((turn) => turn.role === 'user').map((turn) => turn.content), input.message],
    // Event turns (an approver's comment, a downstream system's reason) are others' words: untrusted, like earlier answers.
    earlierAnswers: input.history.filter((turn) => turn.role !== 'user').map((turn) => turn.content),
    toolSchemas,
    systemText,
  });
}
