/**
 * Read calls an agent makes in one step (the model asks for the exception, the order and the stock at
 * once, and LangChain runs them in parallel) go through the policy gate together: the calls that
 * arrive before the event loop's next turn share one tenant transaction (invokeReadTools), instead of
 * each paying BEGIN, the tenant settings, the policy version and COMMIT. Every call is still decided
 * and run by the gate, with the same outcome as alone; writes never join a batch.
 */
import type { Database } from '../../core/db/database.ts';
import type { Principal } from '../../core/identity/roles.ts';
import { invokeReadTools } from '../../policies/index.ts';
import type { ToolCallRequest, ToolOutcome } from '../../tools/outcome.ts';
import type { ToolRegistry } from '../../tools/registry.ts';

interface Waiting {
  request: ToolCallRequest;
  resolve: (outcome: ToolOutcome) => void;
  reject: (error: unknown) => void;
}

export interface ReadBatcher {
  /** Queues a read call for the current batch; resolves with its outcome. */
  invoke(request: ToolCallRequest): Promise<ToolOutcome>;
  /** Starts the waiting calls' batches now (before a write, so they keep their place ahead of it). */
  flush(): void;
}

export function createReadBatcher(db: Database, registry: ToolRegistry): ReadBatcher {
  // By principal: only one principal's calls share a transaction.
  let waiting = new Map<Principal, Waiting[]>();
  let scheduled = false;

  const flush = (): void => {
    const batches = waiting;
    waiting = new Map();
    for (const batch of batches.values()) {
      invokeReadTools(
        db,
        registry,
        batch.map((call) => call.request),
      ).then(
        (outcomes) => batch.forEach((call, index) => call.resolve(outcomes[index]!)),
        (error: unknown) => batch.forEach((call) => call.reject(error)),
      );
    }
  };

  return {
    invoke(request) {
      return new Promise<ToolOutcome>((resolve, reject) => {
        const batch = waiting.get(request.principal) ?? [];
        batch.push({ request, resolve, reject });
        waiting.set(request.principal, batch);
        if (!scheduled) {
          scheduled = true;
          setImmediate(() => {
            scheduled = false;
            flush();
          });
        }
      });
    },
    flush,
  };
}
