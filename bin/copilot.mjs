#!/usr/bin/env node
// Entry point for the `copilot` CLI. Sources are TypeScript run through tsx, so there is no build step
// between `npm install` and `npm start`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/main.ts');
await main(process.argv);
