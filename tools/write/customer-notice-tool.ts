/**
 * What send_backorder_notice and send_delay_notice share: the channel, message and output fields, the
 * promise facts the policy reads, and the write around the domain notice. Each tool declares only its
 * name, wording, extra fields and facts, and which domain notice it sends.
 */
import { z } from 'zod';
import type { Tx } from '../../core/db/database.ts';
import type { ChangeContext } from '../../core/domain/change-context.ts';
import { type CustomerNotice, NOTICE_CHANNELS, type OrderRecord, requireOrder } from '../../core/orders/index.ts';
import { isoDay } from '../read/result-helpers.ts';
import type { ToolContext, ToolDefinition, ToolFacts } from '../tool.ts';
import { defineDomainWriteTool } from './domain-write-tool.ts';
import { loadOrderFacts } from './order-facts.ts';
import { writeResultFields } from './write-result.ts';
import { PROPOSER_AND_INTEGRATION_ROLES } from './write-roles.ts';

const DAY_MS = 86_400_000;

/** The new promise, as a day; the description says which date the caller may quote. */
export const newPromisedDateField = (description: string) => z.iso.date().describe(description);

export const noticeChannelField = z
  .enum(NOTICE_CHANNELS)
  .default('email')
  .describe('How the customer is told: email (default), sms, edi, marketplace_message or phone.');

/** Custom wording; the description says what the standard notice says when it is omitted. */
export const noticeMessageField = (description: string) => z.string().trim().min(20).max(2000).optional().describe(description);

const output = z.object({
  noticeId: z.string(),
  orderNumber: z.string(),
  channel: z.string(),
  previousPromisedDate: z.string().nullable(),
  newPromisedDate: z.string(),
  message: z.string(),
  sentAt: z.string(),
  ...writeResultFields,
});

/** The request fields every notice tool has; each adds its own (send_backorder_notice: the line). */
interface NoticeRequest {
  order: string;
  newPromisedDate: string;
  channel: (typeof NOTICE_CHANNELS)[number];
  message?: string | undefined;
}

export interface CustomerNoticeToolSpec<Input extends z.ZodType<NoticeRequest>> {
  name: string;
  title: string;
  description: string;
  input: Input;
  /** Facts this notice adds, listed after noticeChannel (send_backorder_notice: the backordered units). */
  noticeFacts?(context: ToolContext, request: z.infer<Input>, order: OrderRecord): Promise<ToolFacts>;
  /** The domain notice; it checks its own preconditions, in inspect's trial and again in run. */
  send(tx: Tx, request: z.infer<Input>, change: ChangeContext): Promise<CustomerNotice>;
}

export function defineCustomerNoticeTool<Input extends z.ZodType<NoticeRequest>>(
  spec: CustomerNoticeToolSpec<Input>,
): ToolDefinition<Input, typeof output> {
  return defineDomainWriteTool({
    name: spec.name,
    title: spec.title,
    description: spec.description,
    risk: 'low',
    roles: PROPOSER_AND_INTEGRATION_ROLES,
    idempotent: false,
    // The notice reaches the customer, and the promised date changes: neither read-only nor purely additive.
    reachesOutside: true,
    input: spec.input,
    output,
    async facts(context, request) {
      const { order, facts } = await loadOrderFacts(context.tx, request.order);
      const newDate = new Date(`${request.newPromisedDate}T00:00:00Z`);
      return {
        ...facts,
        noticeChannel: request.channel,
        ...(spec.noticeFacts ? await spec.noticeFacts(context, request, order) : {}),
        previousPromisedDate: isoDay(order.promisedDate),
        newPromisedDate: request.newPromisedDate,
        // Calendar days between the two promise dates; the stored promise may carry a time of day.
        daysDelayed: order.promisedDate
          ? Math.round((newDate.getTime() - new Date(`${isoDay(order.promisedDate)}T00:00:00Z`).getTime()) / DAY_MS)
          : null,
        customMessage: request.message !== undefined,
      };
    },
    apply: ({ tx }, request, change) => spec.send(tx, request, change),
    touched: async ({ tx }, notice) => ({ orderIds: [(await requireOrder(tx, notice.orderNumber)).id] }),
    present: (notice, redetection) => ({
      noticeId: notice.id,
      orderNumber: notice.orderNumber,
      channel: notice.channel,
      previousPromisedDate: isoDay(notice.previousPromisedDate),
      newPromisedDate: isoDay(notice.newPromisedDate)!,
      message: notice.message,
      sentAt: notice.sentAt.toISOString(),
      ...redetection,
    }),
  });
}
