/**
 * Resources and prompts on the real modules: runbooks ingested into the knowledge index (one shared,
 * one private to each tenant), exceptions raised by the core's detection, proposals from the gate.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestPaths } from '../../ingestion/ingest-paths.ts';
import { createPolicyTestContext, type PolicyTestContext } from '../../policies/testing/policy-test-context.ts';
import { LocalHashEmbeddings } from '../../retrieval/embeddings/local-hash-embeddings.ts';
import type { Principal } from '../../core/identity/roles.ts';
import { buildMcpServer } from '../../mcp/create-mcp-server.ts';
import { createMcpServices } from '../../mcp/default-mcp-services.ts';
import { connectInMemory } from './in-memory-client.ts';

const document = (id: string, title: string, version: number, visibility: string, body: string): string =>
  [
    '---',
    `id: ${id}`,
    `title: ${title}`,
    'type: runbook',
    'applies_to: [stock_conflict]',
    `version: ${version}`,
    `visibility: ${visibility}`,
    '---',
    `# ${title}`,
    '',
    '## Steps',
    '',
    body,
    '',
  ].join('\n');

let context: PolicyTestContext;
let corpus: string;
const clients: Client[] = [];

beforeAll(async () => {
  context = await createPolicyTestContext();
  corpus = await mkdtemp(join(tmpdir(), 'mcp-runbooks-'));
  await writeFile(
    join(corpus, 'shared.md'),
    document('oversell-playbook', 'Oversell playbook', 4, 'global', 'Reallocate from another warehouse before cancelling a line.'),
  );
  await writeFile(
    join(corpus, 'acme.md'),
    document('acme-refund-rules', 'Acme refund rules', 2, context.tenant.slug, 'Acme refunds above 50 need the approver on duty.'),
  );
  await writeFile(
    join(corpus, 'globex.md'),
    document('globex-returns', 'Globex returns', 1, context.other.slug, 'Globex restocks returns only after inspection.'),
  );
  const report = await ingestPaths(context.db, [corpus], { embedder: new LocalHashEmbeddings() });
  expect(report.skipped).toEqual([]);
}, 120_000);
afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await rm(corpus, { recursive: true, force: true });
  await context.db.close();
});

async function connect(principal: Principal): Promise<Client> {
  const server = buildMcpServer({
    registry: context.registry,
    principal,
    services: createMcpServices(context.db, context.registry),
    log: () => undefined,
  });
  const client = await connectInMemory(server);
  clients.push(client);
  return client;
}

describe('runbook resources', () => {
  it('lists shared runbooks and the tenant’s own private ones, never another tenant’s', async () => {
    const acme = await connect(context.rep);
    const uris = (await acme.listResources()).resources.map((resource) => resource.uri).filter((uri) => uri.startsWith('runbook://'));
    expect(uris.sort()).toEqual(['runbook://acme-refund-rules', 'runbook://oversell-playbook']);

    const globex = await connect(context.otherApprover);
    const theirs = (await globex.listResources()).resources.map((resource) => resource.uri).filter((uri) => uri.startsWith('runbook://'));
    expect(theirs.sort()).toEqual(['runbook://globex-returns', 'runbook://oversell-playbook']);
  });

  it('reads a runbook with its version, and refuses another tenant’s private one as not found', async () => {
    const acme = await connect(context.rep);
    const read = await acme.readResource({ uri: 'runbook://oversell-playbook' });
    const content = read.contents[0] as { text: string; mimeType: string; _meta?: { version?: number } };
    expect(content.mimeType).toBe('text/markdown');
    expect(content._meta?.version).toBe(4);
    expect(content.text).toMatch(/^---\nid: "oversell-playbook"\ntitle: "Oversell playbook"\nversion: 4\n/);
    expect(content.text).toContain('Reallocate from another warehouse');

    const own = await acme.readResource({ uri: 'runbook://acme-refund-rules' });
    expect((own.contents[0] as { text: string }).text).toMatch(/tenant_private: true/);
    await expect(acme.readResource({ uri: 'runbook://globex-returns' })).rejects.toMatchObject({ code: -32002 });
    await expect(acme.readResource({ uri: 'runbook://no-such-runbook' })).rejects.toMatchObject({ code: -32002 });
  });
});

describe('exception resources and prompts', () => {
  it('reports an unknown exception as not found in resources and prompts', async () => {
    const acme = await connect(context.rep);
    await expect(acme.readResource({ uri: 'exception://00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({ code: -32002 });
    await expect(
      acme.getPrompt({ name: 'triage_exception', arguments: { exceptionId: '00000000-0000-4000-8000-000000000000' } }),
    ).rejects.toThrow(/not found/);
    const summary = await acme.getPrompt({ name: 'summarize_exceptions', arguments: { type: 'stock_conflict' } });
    expect((summary.messages[0]!.content as { text: string }).text).toMatch(/open stock_conflict exceptions attached \(0\)/);
    await expect(acme.getPrompt({ name: 'summarize_exceptions', arguments: { type: 'not_a_type' } })).rejects.toThrow();
  });
});
