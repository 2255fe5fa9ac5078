import type { TranscriptProposal, TranscriptToolCall } from '../transcripts/transcript-schema.ts';

/** When a model claimed an action ran that did not, the answer says what actually happened instead. */
export function actualStatusNote(proposals: readonly TranscriptProposal[], toolCalls: readonly TranscriptToolCall[]): string {
  const writes = toolCalls.filter((call) => call.status !== 'ok' && call.status !== 'skipped');
  if (!writes.length && !proposals.length) return 'Note: no action was executed in this conversation.';
  const lines = writes.map((call) => {
    const proposal = proposals.find((candidate) => candidate.toolCallId === call.id);
    switch (call.status) {
      case 'executed':
        return `${call.name} was executed.`;
      case 'pending_approval':
        return `${call.name} was NOT executed: proposal ${proposal?.id ?? call.proposalId ?? ''} awaits approval${call.approverRole ? ` by ${call.approverRole}` : ''}.`;
      case 'denied':
        return `${call.name} was NOT executed: denied by policy (${call.reason ?? 'no reason given'}).`;
      default:
        return `${call.name} was NOT executed: ${call.error?.message ?? call.reason ?? 'it failed'}.`;
    }
  });
  return `Note on actions: ${lines.join(' ')}`;
}
