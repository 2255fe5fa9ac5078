/**
 * Who made a change, when it happened in the business (an event's occurredAt; the seed replays 90
 * days, so this is not always "now") and which inbound event caused it. Every domain write takes one.
 */
export interface ChangeContext {
  actor?: string;
  at?: Date;
  eventId?: string;
}

export interface ResolvedChangeContext {
  actor: string;
  at: Date;
  eventId: string | null;
}

export function resolveContext(context: ChangeContext = {}): ResolvedChangeContext {
  return { actor: context.actor ?? 'system', at: context.at ?? new Date(), eventId: context.eventId ?? null };
}
