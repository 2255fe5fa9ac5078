import { describe, expect, it } from 'vitest';
import { searchesEmbeddedDatabase } from './prestart-database-thread.mjs';

const argv = (...args: string[]) => ['node', 'copilot', ...args];

describe('searchesEmbeddedDatabase', () => {
  it('is a local search: `search` with its query and options, no server, no DATABASE_URL', () => {
    expect(searchesEmbeddedDatabase(argv('search', 'customer charged twice'), {})).toBe(true);
    expect(searchesEmbeddedDatabase(argv('search', 'refund', '--k', '3', '--mode', 'text', '--json'), { COPILOT_DATA_DIR: '/tmp/x' })).toBe(
      true,
    );
    // An empty variable counts as unset (as in core/config.ts).
    expect(searchesEmbeddedDatabase(argv('search', 'refund'), { DATABASE_URL: '', COPILOT_SERVER_URL: '' })).toBe(true);
  });

  it('is not when a server or PostgreSQL answers, help is asked for, or another command runs', () => {
    expect(searchesEmbeddedDatabase(argv('search', 'refund', '--server', 'http://127.0.0.1:8787'), {})).toBe(false);
    expect(searchesEmbeddedDatabase(argv('search', 'refund', '--server=http://127.0.0.1:8787'), {})).toBe(false);
    expect(searchesEmbeddedDatabase(argv('search', 'refund'), { COPILOT_SERVER_URL: 'http://127.0.0.1:8787' })).toBe(false);
    expect(searchesEmbeddedDatabase(argv('search', 'refund'), { DATABASE_URL: 'postgres://localhost/copilot' })).toBe(false);
    expect(searchesEmbeddedDatabase(argv('search', '--help'), {})).toBe(false);
    expect(searchesEmbeddedDatabase(argv('search', 'refund', '-h'), {})).toBe(false);
    expect(searchesEmbeddedDatabase(argv('search', '--', '--server'), {})).toBe(false);
    expect(searchesEmbeddedDatabase(argv('help', 'search'), {})).toBe(false);
    expect(searchesEmbeddedDatabase(argv('serve'), {})).toBe(false);
    expect(searchesEmbeddedDatabase(argv(), {})).toBe(false);
  });
});
