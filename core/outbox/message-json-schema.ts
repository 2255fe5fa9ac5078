/** The published JSON Schema of every outbound message (generated from the zod schemas, never edited by hand). */
import { z } from 'zod';
import { MESSAGE_DATA_SCHEMAS, MESSAGE_VERSION, OUTBOX_MESSAGE_TYPES } from './message-types.ts';

export function messageJsonSchema(): Record<string, unknown> {
  const envelopes = OUTBOX_MESSAGE_TYPES.map((type) =>
    z
      .object({
        id: z
          .string()
          .regex(/^msg_[0-9a-f]{32}$/)
          .meta({ description: 'Same as the webhook-id header; stable across retries.' }),
        type: z.literal(type),
        version: z.literal(MESSAGE_VERSION),
        timestamp: z.iso.datetime({ offset: true }),
        tenantId: z.uuid(),
        data: MESSAGE_DATA_SCHEMAS[type],
      })
      .meta({ title: type, description: MESSAGE_DATA_SCHEMAS[type].meta()?.description }),
  );
  const schema = z.toJSONSchema(z.discriminatedUnion('type', envelopes as unknown as [z.ZodObject, ...z.ZodObject[]]), {
    unrepresentable: 'any',
    target: 'draft-2020-12',
  });
  return {
    ...schema,
    $id: `https://ops-copilot.invalid/schemas/webhook-messages.v${MESSAGE_VERSION}.json`,
    title: `Ops Copilot outbound webhook messages, version ${MESSAGE_VERSION}`,
  };
}
