/**
 * The AbortSignal of the model call in flight, for provider clients that do not hand the call's
 * signal to their HTTP request. @langchain/ollama checks it only between streamed chunks, so a server
 * that hangs before its first line kept the request open after the timeout; a fetch that also
 * listens to this signal closes it. AsyncLocalStorage: runs in parallel each see their own call.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const current = new AsyncLocalStorage<AbortSignal>();

/** Runs one model call with `signal` as the signal its HTTP requests are cancelled by. */
export function withCallSignal<T>(signal: AbortSignal, call: () => T): T {
  return current.run(signal, call);
}

/** A fetch that is cancelled by the model call's signal as well as by its own. */
export function callSignalFetch(base: typeof fetch = fetch): typeof fetch {
  return (input, init) => {
    const signal = current.getStore();
    if (!signal) return base(input, init);
    return base(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal });
  };
}
