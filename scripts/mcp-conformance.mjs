#!/usr/bin/env node
// Runs the official MCP conformance suite (@modelcontextprotocol/conformance, server scenarios)
// against `copilot serve --mcp-test-tenant` on a loopback port with a throwaway data directory, and
// judges the result against mcp/conformance/expected-failures.yml (scenarios that do not apply, see
// docs/mcp.md "Conformance"). The suite needs Node 22, which npx takes from the npm registry, like the
// Inspector test. Prints the suite's summary; exits with the suite's status (1 on a new failure or on
// a listed scenario that now passes). Usage: node scripts/mcp-conformance.mjs [--port N]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const SUITE = process.env.MCP_CONFORMANCE_PACKAGE ?? '@modelcontextprotocol/conformance@0.1.16';
const portArgument = process.argv.indexOf('--port');
const port = portArgument > 0 ? Number(process.argv[portArgument + 1]) : 18_000 + Math.floor(Math.random() * 2000);
const dataDir = mkdtempSync(join(tmpdir(), 'copilot-mcp-conformance-'));
const workDir = mkdtempSync(join(tmpdir(), 'copilot-mcp-conformance-results-'));

const server = spawn(
  process.execPath,
  [join(root, 'bin/copilot.mjs'), 'serve', '--port', String(port), '--mcp-test-tenant', 'mcp-test-conformance'],
  {
    cwd: root,
    env: {
      ...process.env,
      COPILOT_DATA_DIR: dataDir,
      COPILOT_SEED_ON_START: '0',
      COPILOT_WORKER: '0',
      COPILOT_DISPATCHER: '0',
      COPILOT_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  },
);
const stopServer = () =>
  new Promise((done) => {
    if (server.exitCode !== null) return done();
    server.once('exit', done);
    server.kill('SIGTERM');
  });

async function waitForHealth(deadline) {
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the server exited with ${server.exitCode} before it was ready`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((next) => setTimeout(next, 500));
  }
  throw new Error('the server did not become healthy within 180 s');
}

let status = 1;
try {
  await waitForHealth(Date.now() + 180_000);
  status = await new Promise((done, fail) => {
    const suite = spawn(
      'npx',
      [
        '-y',
        '-p',
        'node@22',
        '-p',
        SUITE,
        'conformance',
        'server',
        '--url',
        `http://127.0.0.1:${port}/mcp`,
        '--expected-failures',
        join(root, 'mcp/conformance/expected-failures.yml'),
      ],
      { cwd: workDir, stdio: ['ignore', 'inherit', 'inherit'] },
    );
    suite.on('error', fail);
    suite.on('exit', (code) => done(code ?? 1));
  });
} catch (error) {
  process.stderr.write(`mcp conformance: ${error.message}\n`);
} finally {
  await stopServer();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(workDir, { recursive: true, force: true });
}
process.exit(status);
