/** Runs `node bin/copilot.mjs mcp` as a separate process, the way an MCP client launches it. */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');
export const COPILOT_BIN = resolve(REPO_ROOT, 'bin/copilot.mjs');

/** Only what the server needs: nothing (such as a COPILOT_API_KEY) leaks in from the test runner. */
export function serverEnvironment(dataDir: string, apiKey?: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    COPILOT_DATA_DIR: dataDir,
    COPILOT_LOG_LEVEL: 'warn',
    ...(apiKey ? { COPILOT_API_KEY: apiKey } : {}),
  };
}

export interface StdioSession {
  client: Client;
  stderr: () => string;
  close(): Promise<void>;
}

export async function connectStdio(dataDir: string, apiKey: string, clientName: string): Promise<StdioSession> {
  const transport = new StdioClientTransport({
    // This Node (20), not whatever `node` is first on PATH.
    command: process.execPath,
    args: [COPILOT_BIN, 'mcp'],
    env: serverEnvironment(dataDir, apiKey),
    cwd: REPO_ROOT,
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const client = new Client({ name: clientName, version: '1.0.0' });
  try {
    await client.connect(transport);
  } catch (error) {
    throw new Error(`copilot mcp did not start: ${(error as Error).message}\n${stderr}`);
  }
  return { client, stderr: () => stderr, close: () => client.close() };
}

/** Runs the command to completion (for start-up failures): exit code and both streams. */
export function runCopilot(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, reject) => {
    const child = spawn(process.execPath, [COPILOT_BIN, ...args], { env, cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => done({ code, stdout, stderr }));
    child.stdin.end();
  });
}
