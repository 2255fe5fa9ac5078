/** Outbox messages for dispatcher tests and the benchmark: valid exception.opened messages on chosen ordering keys. */
import type { Database } from '../../core/db/database.ts';
import { withTenant } from '../../core/db/tenant-scope.ts';
import { appendOutboxMessage, webhookMessageId } from '../../core/outbox/index.ts';

export interface AppendedMessage {
  webhookId: string;
  orderingKey: string;
  /** Position among the messages of its key (0, 1, 2, …). */
  position: number;
}

/** Appends `count` messages spread round-robin over `keys` ordering keys, each in its own transaction. */
export async function appendTestMessages(db: Database, tenantId: string, count: number, keys: number): Promise<AppendedMessage[]> {
  const appended: AppendedMessage[] = [];
  const positions = new Map<string, number>();
  for (let index = 0; index < count; index++) {
    const orderNumber = `T-${1000 + (index % keys)}`;
    const orderingKey = `order:${orderNumber}`;
    const now = new Date();
    const id = await withTenant(db, tenantId, (tx) =>
      appendOutboxMessage(tx, {
        tenantId,
        type: 'exception.opened',
        orderingKey,
        occurredAt: now,
        data: {
          exceptionId: crypto.randomUUID(),
          type: 'payment_mismatch',
          severity: 'high',
          status: 'open',
          title: `Order ${orderNumber}: message ${index}`,
          codes: { orderNumber },
          detectedAt: now.toISOString(),
          ackDueAt: now.toISOString(),
          slaDueAt: now.toISOString(),
          reopened: false,
        },
      }),
    );
    const position = positions.get(orderingKey) ?? 0;
    positions.set(orderingKey, position + 1);
    appended.push({ webhookId: webhookMessageId(id), orderingKey, position });
  }
  return appended;
}
