// The reads benchmark's load client process (client-process.ts): TypeScript through tsx, as bin/bench.mjs.
import { register } from 'tsx/esm/api';

register();
const { serveClientPhases } = await import('./client-process.ts');
serveClientPhases();
