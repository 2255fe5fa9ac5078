// Worker-thread entry for `copilot eval`: sources are TypeScript run through tsx, and a worker thread
// starts without the main thread's loader hooks, so it registers tsx itself before loading the worker.
import { register } from 'tsx/esm/api';

register();
await import('./case-worker.ts');
