/**
 * The reads benchmark's clients in a child process (`--client-process`): with the clients in the
 * server's process, fifty of them share its event loop and CPU with the server they measure (the
 * requests' own parsing and bookkeeping counted as the server's). Here the parent process is the
 * server and the embedded database only; the child answers each phase with its load result.
 */
import { fork } from 'node:child_process';
import { benchEndpoints } from './read-requests.ts';
import { type LoadPlan, type LoadResult, loadClients } from './load-clients.ts';

export interface ClientProcessSetup {
  orderNumbers: readonly string[];
  same: boolean;
}

interface PhaseRequest {
  id: number;
  setup: ClientProcessSetup;
  endpoint: string;
  plan: LoadPlan;
}

type PhaseReply = { id: number; result: LoadResult } | { id: number; error: string };

export interface ClientProcess {
  run(endpoint: string, plan: LoadPlan): Promise<LoadResult>;
  close(): Promise<void>;
}

const ENTRY = new URL('./client-process-entry.mjs', import.meta.url);

export function startClientProcess(setup: ClientProcessSetup): ClientProcess {
  const child = fork(ENTRY, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let nextId = 1;
  const waiting = new Map<number, { resolve: (result: LoadResult) => void; reject: (error: Error) => void }>();
  child.on('message', (reply: PhaseReply) => {
    const phase = waiting.get(reply.id);
    if (!phase) return;
    waiting.delete(reply.id);
    if ('error' in reply) phase.reject(new Error(`load client process: ${reply.error}`));
    else phase.resolve(reply.result);
  });
  child.on('exit', (code) => {
    for (const phase of waiting.values()) phase.reject(new Error(`load client process exited (code ${code})`));
    waiting.clear();
  });
  return {
    run(endpoint, plan) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        child.send({ id, setup, endpoint, plan } satisfies PhaseRequest);
      });
    },
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.disconnect();
      await exited;
    },
  };
}

/** The child's side: one phase at a time, pickers built from the same setup as the parent's. */
export function serveClientPhases(): void {
  let endpoints: ReturnType<typeof benchEndpoints> | undefined;
  process.on('message', async (request: PhaseRequest) => {
    try {
      endpoints ??= benchEndpoints(request.setup.orderNumbers, request.setup.same);
      const next = (await endpoints)[request.endpoint];
      if (!next) throw new Error(`unknown endpoint ${request.endpoint}`);
      process.send!({ id: request.id, result: await loadClients(next, request.plan) } satisfies PhaseReply);
    } catch (error) {
      process.send!({ id: request.id, error: error instanceof Error ? error.message : String(error) } satisfies PhaseReply);
    }
  });
}
