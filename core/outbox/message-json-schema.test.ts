import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { messageJsonSchema } from './message-json-schema.ts';

describe('the published message schema', () => {
  it('docs/webhook-messages.schema.json is exactly what the zod schemas generate (regenerate: copilot webhooks schema > docs/webhook-messages.schema.json)', () => {
    const published = JSON.parse(readFileSync(new URL('../../docs/webhook-messages.schema.json', import.meta.url), 'utf8')) as unknown;
    expect(published).toEqual(messageJsonSchema());
  });

  it('has one entry per message type, each requiring its data', () => {
    const schema = messageJsonSchema() as { oneOf: Array<{ title: string; required: string[] }> };
    expect(schema.oneOf.map((entry) => entry.title)).toEqual([
      'action.executed',
      'action.confirmed',
      'action.failed_downstream',
      'proposal.pending',
      'proposal.approved',
      'proposal.rejected',
      'proposal.expired',
      'exception.opened',
      'exception.escalated',
      'exception.resolved',
      'work.assigned',
      'work.escalated',
    ]);
    for (const entry of schema.oneOf) expect(entry.required).toEqual(expect.arrayContaining(['id', 'type', 'version', 'data']));
  });
});
