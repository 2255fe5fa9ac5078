import { mkdir, mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { minimalPdf } from '../testing/minimal-pdf.ts';
import { IngestFileError } from './ingest-file-error.ts';
import { loadFile } from './load-file.ts';
import { walkPaths } from './walk-paths.ts';

let dir: string;
const file = async (name: string, content: string | Buffer): Promise<string> => {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
};
const failure = async (path: string, options?: { maxBytes?: number }): Promise<IngestFileError> => {
  const error = await loadFile(path, options).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(IngestFileError);
  return error as IngestFileError;
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'copilot-loaders-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('Markdown', () => {
  it('reads front-matter and blocks with file line numbers', async () => {
    const path = await file(
      'rb-test.md',
      [
        '---',
        'id: rb-test',
        'title: Test runbook',
        'type: runbook',
        'applies_to: [stock_conflict]',
        'actions: [reallocate_order_line]',
        'version: 2',
        'visibility: acme',
        '---',
        '',
        '# Test runbook',
        '',
        'Intro paragraph.',
        '',
        '## Steps',
        '',
        '1. First step',
        '   continues here',
        '2. Second step',
        '',
        '| a | b |',
        '|---|---|',
        '| 1 | 2 |',
        '',
        '```',
        '# not a heading',
        '```',
      ].join('\n'),
    );
    const document = await loadFile(path);
    expect(document).toMatchObject({
      id: 'rb-test',
      title: 'Test runbook',
      type: 'runbook',
      appliesTo: ['stock_conflict'],
      actions: ['reallocate_order_line'],
      declaredVersion: 2,
      visibility: 'acme',
      format: 'markdown',
    });
    expect(document.blocks.map((block) => [block.kind, block.lineStart, block.lineEnd])).toEqual([
      ['heading', 11, 11],
      ['paragraph', 13, 13],
      ['heading', 15, 15],
      ['list_item', 17, 18],
      ['list_item', 19, 19],
      ['table', 21, 23],
      ['code', 25, 27],
    ]);
  });

  it('derives id and title when there is no front-matter', async () => {
    const document = await loadFile(await file('Returns Guide (v2).md', '# Returns guide\n\nText.'));
    expect([document.id, document.title, document.type, document.visibility]).toEqual([
      'returns-guide-v2',
      'Returns guide',
      'document',
      undefined,
    ]);
  });

  it('names file and line of malformed front-matter', async () => {
    const yamlError = await failure(await file('bad-yaml.md', '---\nid: x\ntitle: [unclosed\ntype: sop\n---\n# X\n'));
    expect(yamlError.message).toMatch(/bad-yaml\.md:\d+: malformed front-matter/);
    expect(yamlError.line).toBeGreaterThanOrEqual(3);

    const badField = await failure(await file('bad-field.md', '---\nid: ok-id\ntitle: Fine\nversion: two\n---\n# X\n'));
    expect(badField.message).toMatch(/bad-field\.md:4: front-matter field version/);

    const badId = await failure(await file('bad-id.md', '---\nid: Not Valid\ntitle: T\n---\ntext\n'));
    expect(badId.message).toMatch(/bad-id\.md:2: front-matter field id/);

    // Thresholds are validated: a misspelt key or a code of the wrong shape is an error on its line, never ignored.
    const typo = await failure(
      await file('bad-condition.md', '---\nid: ok-id\ntitle: T\nconditions:\n  retryable_code: [ERP-503]\n---\n# X\n'),
    );
    expect(typo.message).toMatch(/bad-condition\.md:4: front-matter field conditions: .*retryable_code/);
    const badCode = await failure(await file('bad-code.md', '---\nid: ok-id\ntitle: T\nconditions:\n  retryable_codes: [503]\n---\n# X\n'));
    expect(badCode.message).toMatch(/front-matter field conditions\.retryable_codes\.0/);

    const unclosed = await failure(await file('unclosed.md', '---\nid: x\ntitle: y\n# Heading\n'));
    expect(unclosed.message).toMatch(/unclosed\.md:1: front-matter .* never closed/);
  });
});

describe('HTML', () => {
  it('keeps the main content and drops navigation, header, footer and scripts', async () => {
    const html = `<!doctype html>
<html><head><title>Carrier escalation</title><meta name="id" content="sop-carrier-html"><meta name="type" content="sop">
<meta name="applies_to" content="shipment_delayed, lost_parcel"><script>var tracking = 1;</script></head>
<body>
<header>Company intranet</header>
<nav><a href="/">Home</a> <a href="/sops">All SOPs</a></nav>
<main>
<h1>Carrier escalation</h1>
<p>Open a trace after
48 hours without a scan.</p>
<ul><li>Call the carrier desk</li><li>Log the case number</li></ul>
<table><tr><th>Carrier</th><th>Hours</th></tr><tr><td>UPS</td><td>48</td></tr></table>
</main>
<footer>© Example Corp</footer>
<script>alert('x')</script>
</body></html>`;
    const document = await loadFile(await file('carrier.html', html));
    expect(document).toMatchObject({
      id: 'sop-carrier-html',
      title: 'Carrier escalation',
      type: 'sop',
      appliesTo: ['shipment_delayed', 'lost_parcel'],
      format: 'html',
    });
    expect(document.body).toContain('Open a trace after 48 hours without a scan.');
    expect(document.body).toContain('- Call the carrier desk');
    expect(document.body).toContain('| UPS | 48 |');
    for (const noise of ['Company intranet', 'All SOPs', 'Example Corp', 'alert', 'tracking']) expect(document.body).not.toContain(noise);
    const paragraph = document.blocks.find((block) => block.kind === 'paragraph')!;
    expect([paragraph.lineStart, paragraph.lineEnd]).toEqual([9, 10]);
  });
});

describe('text and PDF', () => {
  it('reads plain text with the first line as title', async () => {
    const document = await loadFile(await file('notes.txt', 'Cycle count notes\n\nCount the bin twice.\n- recount if variance > 2%\n'));
    expect([document.id, document.title, document.format]).toEqual(['notes', 'Cycle count notes', 'text']);
    expect(document.blocks.map((block) => block.kind)).toEqual(['paragraph', 'paragraph', 'list_item']);
  });

  it('extracts PDF text per page', async () => {
    const pdf = minimalPdf([['Carrier escalation guide', 'Open a trace after 48 hours.'], ['Second page.']], 'Carrier guide');
    const document = await loadFile(await file('guide.pdf', pdf));
    expect([document.id, document.title, document.format]).toEqual(['guide', 'Carrier guide', 'pdf']);
    expect(document.blocks.filter((block) => block.kind === 'heading').map((block) => block.text)).toEqual(['Page 1', 'Page 2']);
    expect(document.body).toContain('Open a trace after 48 hours.');
  });
});

describe('bad input', () => {
  it('refuses empty files, including front-matter only', async () => {
    expect((await failure(await file('empty.md', ''))).message).toMatch(/empty file/);
    expect((await failure(await file('blank.md', '  \n\n'))).message).toMatch(/empty file/);
    expect((await failure(await file('only-fm.md', '---\nid: x\ntitle: X\n---\n\n'))).message).toMatch(/no text content/);
  });

  it('refuses binary content renamed .md', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
    expect((await failure(await file('image.md', png))).message).toMatch(/binary/);
    expect((await failure(await file('latin1.md', Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a])))).message).toMatch(/UTF-8/);
    expect((await failure(await file('fake.pdf', 'just text'))).message).toMatch(/not a PDF/);
  });

  it('refuses text PostgreSQL cannot store wherever it comes from, naming the field (the text rule, issue 12)', async () => {
    // A NUL past the first 8 KiB, and escapes that YAML front-matter decodes into a NUL or a lone surrogate.
    const late = `# Late NUL\n\n${'word '.repeat(3000)}\u0000 end\n`;
    expect((await failure(await file('late-nul.md', late))).message).toMatch(/NUL/);
    const nulTitle = '---\nid: nul-title\ntitle: "Bad \\0 title"\n---\n\n# Body\n\nText.\n';
    expect((await failure(await file('nul-title.md', nulTitle))).message).toMatch(/title: must not contain a NUL character/);
    const surrogate = '---\nid: sur-owner\ntitle: Fine\nowner: "\\ud800"\n---\n\n# Body\n\nText.\n';
    expect((await failure(await file('surrogate.md', surrogate))).message).toMatch(/owner: must not contain an unpaired UTF-16 surrogate/);
  });

  it('refuses files over the size limit without reading them', async () => {
    const path = join(dir, 'huge.md');
    await writeFile(path, '# Huge\n');
    await truncate(path, 50 * 1024 * 1024); // sparse: 50 MB on paper, nothing on disk
    const error = await failure(path, { maxBytes: 10 * 1024 * 1024 });
    expect(error.message).toMatch(/50\.0 MB, over the 10\.0 MB limit/);
  });

  it('refuses unsupported types and missing files', async () => {
    expect((await failure(await file('data.xlsx', 'x'))).message).toMatch(/unsupported file type ".xlsx"/);
    expect((await failure(join(dir, 'missing.md'))).message).toMatch(/cannot read \(ENOENT\)/);
  });
});

describe('walkPaths', () => {
  it('walks directories, skips hidden files and reports unsupported ones', async () => {
    const root = join(dir, 'tree');
    await mkdir(join(root, 'nested'), { recursive: true });
    await writeFile(join(root, 'a.md'), '# A');
    await writeFile(join(root, 'nested', 'b.html'), '<p>B</p>');
    await writeFile(join(root, 'image.png'), 'x');
    await writeFile(join(root, '.hidden.md'), '# hidden');
    const result = await walkPaths([root, join(dir, 'nope')]);
    expect(result.files.map((entry) => entry.path)).toEqual([join(root, 'a.md'), join(root, 'nested', 'b.html')]);
    expect(result.problems.map((problem) => problem.reason)).toEqual(['unsupported file type, ignored', 'cannot read (ENOENT)']);
  });
});
