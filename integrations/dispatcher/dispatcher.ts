/**
 * The outbox dispatcher: fans committed outbox messages out to deliveries, claims due deliveries and
 * sends them signed, keeping up to `concurrency` in flight so one slow receiver never holds up the
 * rest. Runs in `copilot serve` and in any replica (they share the work through the database) and,
 * at start, picks up whatever was left pending while no dispatcher ran.
 */
import { hostname } from 'node:os';
import type { Database } from '../../core/db/database.ts';
import { messageEnvelope, readOutboxMessages } from '../../core/outbox/index.ts';
import { postWebhook, type PostResult } from '../webhooks/post-webhook.ts';
import { signWebhook } from '../webhooks/signing.ts';
import { webhookMessageId } from '../../core/outbox/index.ts';
import { asOperator } from '../../core/db/tenant-scope.ts';
import { type BreakerPolicy, DEFAULT_BREAKER_POLICY, isHalfOpen } from './circuit-breaker.ts';
import { type ClaimedDelivery, claimDeliveries, releaseDeliveries } from './claim-deliveries.ts';
import { type FanOutTarget, fanOut, webhookFanOut } from './fan-out.ts';
import { type AttemptOutcome, recordAttempt } from './record-attempt.ts';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-schedule.ts';
import { collectDigests } from '../notifications/collect-digests.ts';
import { type NotificationSettings, sendNotice } from '../notifications/send-notice.ts';

export interface DispatcherOptions {
  /** Names this dispatcher in leases (default host:pid:random). */
  workerId?: string;
  /** Deliveries in flight at once (across endpoints). */
  concurrency?: number;
  /** At most this many in flight to one endpoint. */
  perEndpointConcurrency?: number;
  /** Per-attempt deadline for the whole HTTP exchange. */
  timeoutMs?: number;
  /** Lease on a claimed delivery; must outlast timeoutMs (a killed dispatcher's claims free up after it). */
  leaseMs?: number;
  /** Idle wait between polls of the outbox. */
  pollMs?: number;
  retry?: RetryPolicy;
  breaker?: BreakerPolicy;
  /** Extra fan-out targets; webhook endpoints and notification routes are always one. */
  targets?: readonly FanOutTarget[];
  /** Links in Slack / Teams / email notices, and the SMTP transport for email routes. */
  notifications?: NotificationSettings;
  /** Clock (tests). */
  now?: () => Date;
  random?: () => number;
  /** Called after each attempt (metrics, tests). */
  onAttempt?: (delivery: ClaimedDelivery, result: PostResult, outcome: AttemptOutcome) => void;
  onError?: (error: unknown) => void;
}

type Resolved = Required<Omit<DispatcherOptions, 'onAttempt' | 'onError' | 'random' | 'notifications'>> &
  Pick<DispatcherOptions, 'onAttempt' | 'onError' | 'random'> & { notifications: NotificationSettings };

function resolveOptions(options: DispatcherOptions): Resolved {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    workerId: options.workerId ?? `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`,
    concurrency: options.concurrency ?? 16,
    perEndpointConcurrency: options.perEndpointConcurrency ?? 4,
    timeoutMs,
    leaseMs: Math.max(options.leaseMs ?? timeoutMs * 2 + 5_000, timeoutMs * 2),
    pollMs: options.pollMs ?? 250,
    retry: options.retry ?? DEFAULT_RETRY_POLICY,
    breaker: options.breaker ?? DEFAULT_BREAKER_POLICY,
    targets: [webhookFanOut, ...(options.targets ?? [])],
    now: options.now ?? (() => new Date()),
    random: options.random,
    notifications: options.notifications ?? { publicUrl: 'http://127.0.0.1:8787' },
    onAttempt: options.onAttempt,
    onError: options.onError,
  };
}

export interface Dispatcher {
  /** Wakes the loop now (after a local commit, say) instead of at the next poll. */
  kick(): void;
  /** Stops claiming, waits for deliveries in flight, resolves when idle. */
  stop(): Promise<void>;
}

async function sendOne(db: Database, delivery: ClaimedDelivery, options: Resolved): Promise<AttemptOutcome> {
  const ids = delivery.digestItems ?? [delivery.messageId];
  const found = await asOperator(db, (tx) => readOutboxMessages(tx, ids));
  const message = found.get(delivery.messageId);
  const result: PostResult =
    delivery.channel !== 'webhook'
      ? await sendNotice(
          delivery,
          ids.flatMap((id) => found.get(id) ?? []),
          options.notifications,
          options.timeoutMs,
        )
      : message
        ? await (async () => {
            const body = JSON.stringify(messageEnvelope(message));
            const headers = signWebhook(delivery.secret, webhookMessageId(message.id), body, options.now());
            return postWebhook({
              url: delivery.url,
              body,
              headers: { ...headers, 'user-agent': 'OpsCopilot-Webhooks/1' },
              timeoutMs: options.timeoutMs,
              allowPrivate: delivery.allowPrivate,
            });
          })()
        : { status: 410, retryAfter: null, error: 'outbox message no longer exists', durationMs: 0 };
  const outcome = await recordAttempt(db, delivery, result, {
    now: options.now(),
    retry: options.retry,
    breaker: options.breaker,
    random: options.random,
  });
  options.onAttempt?.(delivery, result, outcome);
  return outcome;
}

export function startDispatcher(db: Database, input: DispatcherOptions = {}): Dispatcher {
  const options = resolveOptions(input);
  const inFlight = new Map<string, { endpointId: string; done: Promise<void> }>();
  let stopped = false;
  let wake: (() => void) | undefined;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        wake = undefined;
        resolve();
      }, ms);
      wake = () => {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      };
    });

  const perEndpoint = (endpointId: string) => [...inFlight.values()].filter((entry) => entry.endpointId === endpointId).length;

  async function fillSlots(): Promise<number> {
    const free = options.concurrency - inFlight.size;
    if (free <= 0) return 0;
    const busy = [...new Set([...inFlight.values()].map((entry) => entry.endpointId))].filter(
      (endpointId) => perEndpoint(endpointId) >= options.perEndpointConcurrency,
    );
    const claimed = await claimDeliveries(db, {
      now: options.now(),
      limit: free,
      leaseMs: options.leaseMs,
      workerId: options.workerId,
      excludeEndpoints: busy,
    });
    const release: string[] = [];
    let started = 0;
    for (const delivery of claimed) {
      const running = perEndpoint(delivery.endpointId);
      // Half-open breaker: one probe at a time; and never more than the per-endpoint cap.
      if (running >= options.perEndpointConcurrency || (isHalfOpen(delivery.endpointFailures, options.breaker) && running > 0)) {
        release.push(delivery.id);
        continue;
      }
      const done = sendOne(db, delivery, options)
        .then(() => undefined)
        .catch((error: unknown) => options.onError?.(error))
        .finally(() => {
          inFlight.delete(delivery.id);
          wake?.();
        });
      inFlight.set(delivery.id, { endpointId: delivery.endpointId, done });
      started += 1;
    }
    await releaseDeliveries(db, release);
    return started;
  }

  const loop = (async () => {
    while (!stopped) {
      let progressed = false;
      try {
        const fanned = await fanOut(db, options.targets, options.now());
        progressed = (await collectDigests(db, options.now())) > 0 || fanned.messages > 0;
        progressed = (await fillSlots()) > 0 || progressed;
      } catch (error) {
        options.onError?.(error);
      }
      if (!stopped && !progressed) await sleep(options.pollMs);
    }
    await Promise.all([...inFlight.values()].map((entry) => entry.done));
  })();

  return {
    kick: () => wake?.(),
    async stop() {
      stopped = true;
      wake?.();
      await loop;
    },
  };
}

/** One pass without a loop (CLI `webhooks dispatch --once`, tests): fan out, send everything due, wait. */
export async function dispatchOnce(
  db: Database,
  input: DispatcherOptions = {},
): Promise<{ attempts: number; outcomes: Record<AttemptOutcome, number> }> {
  const options = resolveOptions(input);
  const outcomes: Record<AttemptOutcome, number> = { delivered: 0, retry: 0, dead: 0 };
  let attempts = 0;
  for (;;) {
    const fanned = await fanOut(db, options.targets, options.now());
    await collectDigests(db, options.now());
    const claimed = await claimDeliveries(db, {
      now: options.now(),
      limit: options.concurrency,
      leaseMs: options.leaseMs,
      workerId: options.workerId,
    });
    if (claimed.length === 0 && fanned.messages === 0) break;
    const results = await Promise.all(claimed.map((delivery) => sendOne(db, delivery, options)));
    for (const outcome of results) outcomes[outcome] += 1;
    attempts += results.length;
  }
  return { attempts, outcomes };
}
