/**
 * Runs the official MCP Inspector's CLI mode. Recent Inspector versions need Node ≥ 22, so it runs on
 * the Node 22 binary of the npm registry's `node` package (`npx -p node@22`), whatever Node runs the
 * tests. Nothing is skipped: when Node 22 or the Inspector cannot be obtained, the caller fails.
 */
import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Pinned so the CLI flags and output format the tests rely on do not shift under them. */
export const INSPECTOR_PACKAGE = process.env.MCP_INSPECTOR_PACKAGE ?? '@modelcontextprotocol/inspector@2.12.0';
export const NODE_22_PACKAGE = 'node@22';

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(command, args, { env, timeout: timeoutMs, maxBuffer: 32 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr: error && !stderr ? String(error.message) : stderr });
    });
  });
}

/** The Node 22 binary from the npm registry; throws a clear error when it cannot be had. */
export async function ensureNode22(timeoutMs = 240_000): Promise<string> {
  const result = await run('npx', ['-y', '-p', NODE_22_PACKAGE, 'node', '--version'], process.env, timeoutMs);
  const version = result.stdout.trim().split('\n').pop() ?? '';
  if (result.code !== 0 || !/^v22\./.test(version)) {
    throw new Error(
      `The MCP Inspector test needs Node 22 from the npm registry (npx -p ${NODE_22_PACKAGE}); it could not be obtained ` +
        `(exit ${result.code}, output ${JSON.stringify(version)}):\n${result.stderr.slice(-2000)}`,
    );
  }
  return version;
}

export interface InspectorRun {
  /** `{ result }` or `{ error }` as the Inspector prints with --format json. */
  output: { result?: unknown; error?: { code?: string; message?: string } };
  raw: CommandResult;
}

/** `mcp-inspector --cli --format json <args>`; the Inspector's own state goes to a temporary directory. */
export async function runInspector(args: string[], timeoutMs = 240_000): Promise<InspectorRun> {
  const state = await mkdtemp(join(tmpdir(), 'mcp-inspector-'));
  const env = {
    ...process.env,
    MCP_CATALOG_PATH: join(state, 'mcp.json'),
    MCP_CLIENT_CONFIG_PATH: join(state, 'client.json'),
    // The Inspector's own stdio server environment is set with -e; keep the runner's key out of it.
    COPILOT_API_KEY: '',
  };
  const raw = await run(
    'npx',
    ['-y', '-p', NODE_22_PACKAGE, '-p', INSPECTOR_PACKAGE, 'mcp-inspector', '--cli', '--format', 'json', ...args],
    env,
    timeoutMs,
  );
  // The result goes to stdout; an error envelope (`{ "error": … }`) to stderr.
  const lastJsonLine = (text: string) =>
    text
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.startsWith('{'))
      .pop();
  const jsonLine = lastJsonLine(raw.stdout) ?? lastJsonLine(raw.stderr);
  if (!jsonLine)
    throw new Error(`the MCP Inspector printed no JSON (exit ${raw.code}):\n${raw.stdout.slice(-2000)}\n${raw.stderr.slice(-4000)}`);
  return { output: JSON.parse(jsonLine) as InspectorRun['output'], raw };
}
