import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createConnection } from 'node:net';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { PostgresServerError, startPostgres } from './postgres-server.ts';

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('startPostgres', () => {
  it('fails loudly, never skips, when the server binaries are missing', async () => {
    const failure = startPostgres({ binDir: '/nonexistent/postgresql/15/bin' });
    await expect(failure).rejects.toBeInstanceOf(PostgresServerError);
    await expect(failure).rejects.toThrow(/binary not found: \/nonexistent\/postgresql\/15\/bin\/initdb.*apt-get install -y postgresql-15/);
  });

  it('serves PostgreSQL 15 on 127.0.0.1 to a non-superuser, and stop() shuts it down and removes its files', async () => {
    const server = await startPostgres();
    const url = new URL(server.connectionString);
    try {
      expect(url.hostname).toBe('127.0.0.1');
      const client = new pg.Client({ connectionString: server.connectionString });
      await client.connect();
      const info = await client.query<{ version: string; listen: string; superuser: string }>(
        `SELECT current_setting('server_version') AS version, current_setting('listen_addresses') AS listen,
                current_setting('is_superuser') AS superuser`,
      );
      await client.end();
      const row = info.rows[0]!;
      expect(row.version).toMatch(/^15\./);
      expect(row.listen).toBe('127.0.0.1');
      expect(row.superuser).toBe('off');
      expect(existsSync(server.directory)).toBe(true);
    } finally {
      await server.stop();
    }
    expect(await canConnect(Number(url.port))).toBe(false);
    expect(existsSync(server.directory)).toBe(false);
    await server.stop(); // a second stop is harmless
  });

  it('leaves no server or files behind when the process that started it is killed', async () => {
    const fixture = fileURLToPath(new URL('./fixtures/hold-postgres.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', fixture], { stdio: ['ignore', 'pipe', 'inherit'] });
    const started = await new Promise<{ directory: string; connectionString: string }>((resolve, reject) => {
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('\n')) resolve(JSON.parse(output.slice(0, output.indexOf('\n'))));
      });
      child.once('exit', (code) => reject(new Error(`fixture exited with ${code} before starting a server`)));
    });
    const port = Number(new URL(started.connectionString).port);
    expect(await canConnect(port)).toBe(true);

    child.kill('SIGKILL');
    const deadline = Date.now() + 20_000;
    while ((existsSync(started.directory) || (await canConnect(port))) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(await canConnect(port)).toBe(false);
    expect(existsSync(started.directory)).toBe(false);
  });
});
