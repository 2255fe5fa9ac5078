// The reads benchmark's server process on PostgreSQL (server-process.ts): TypeScript through tsx, as bin/bench.mjs.
import { register } from 'tsx/esm/api';

register();
const { runServerProcess } = await import('./server-process.ts');
await runServerProcess();
