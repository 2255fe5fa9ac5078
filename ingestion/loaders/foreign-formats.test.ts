// Loaders for documentation trees written for other tools: MDX, reStructuredText, AsciiDoc, Word.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { minimalDocx } from '../testing/minimal-docx.ts';
import { IngestFileError } from './ingest-file-error.ts';
import { loadFile } from './load-file.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'copilot-formats-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const file = async (name: string, content: string | Buffer): Promise<string> => {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
};
const failure = async (path: string): Promise<IngestFileError> => {
  const error = await loadFile(path).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(IngestFileError);
  return error as IngestFileError;
};
const texts = (blocks: Array<{ kind: string; text: string }>): string => blocks.map((block) => block.text).join('\n');

const MDX = `---
sidebar_position: 4
---

import { EllipsisHorizontal } from "@medusajs/icons"
import {
  Prerequisites,
} from "docs-ui"

export const metadata = {
  title: \`Edit an Order’s Items\`,
}

# {metadata.title}

<Prerequisites
  items={[{ text: "Plugin installed", link: "/x" }]}
/>

## Request an Order Edit

<Note type="check">

You can’t request an edit while another one is open.

</Note>

{/* TODO check this */}

1. Click the <InlineIcon Icon={EllipsisHorizontal} alt="three-dots" /> icon.
2. Use \`<Save />\` to confirm.

\`\`\`ts
import { x } from "y"
const a = { b: 1 }
\`\`\`
`;

describe('MDX', () => {
  it('keeps the Markdown, drops imports, exports and JSX, and takes the exported title', async () => {
    const document = await loadFile(await file('page.mdx', MDX));
    expect(document.format).toBe('mdx');
    expect(document.title).toBe('Edit an Order’s Items');
    const all = texts(document.blocks);
    expect(all).not.toMatch(/import \{ Ellipsis|export const|Prerequisites|<Note|TODO check/);
    expect(all).toContain('You can’t request an edit while another one is open.');
    expect(all).toContain('Click the three-dots icon.');
    expect(all).toContain('`<Save />`');
    expect(document.blocks.find((block) => block.kind === 'code')?.text).toContain('import { x } from "y"');
    // Line numbers are the file's: the heading "Request an Order Edit" is line 20.
    expect(document.blocks.find((block) => block.text === 'Request an Order Edit')?.lineStart).toBe(20);
  });

  it('reports unbalanced braces and unclosed comments with their line, and skips the file', async () => {
    const braces = await failure(await file('braces.mdx', '# T\n\nexport const metadata = {\n  title: "x",\n'));
    expect(braces.message).toMatch(/braces\.mdx:3: unbalanced braces in an export statement/);
    const comment = await failure(await file('comment.mdx', '# T\n\ntext\n\n{/* never closed\n\nmore\n'));
    expect(comment.message).toMatch(/comment\.mdx:5: comment .* never closed/);
  });
});

const RST = `.. _inventory-guide:

==================
Inventory handling
==================

Stock levels
============

Use :guilabel:\`Inventory\` and open :menuselection:\`Inventory --> Configuration --> Warehouses\`.
See :ref:\`the reservations page <reservations>\` and :doc:\`returns\`, or \`the site <https://example.com>\`_.

.. image:: images/stock.png
   :alt: Stock screen

.. note::
   Negative on-hand quantities are **not** allowed.

Example::

    qty = 5

Replenishment
-------------

#. Open the product.
#. Click *Replenish*.

.. toctree::
   :maxdepth: 1

   returns
`;

describe('reStructuredText', () => {
  it('reads titles from underlines, reduces roles to text, keeps admonitions and drops other directives', async () => {
    const document = await loadFile(await file('inventory.rst', RST));
    expect(document.format).toBe('rst');
    expect(document.title).toBe('Inventory handling');
    const headings = document.blocks.filter((block) => block.kind === 'heading').map((block) => [block.level, block.text, block.lineStart]);
    expect(headings).toEqual([
      [1, 'Inventory handling', 4],
      [2, 'Stock levels', 7],
      [3, 'Replenishment', 23],
    ]);
    const all = texts(document.blocks);
    expect(all).toContain('Use Inventory and open Inventory > Configuration > Warehouses.');
    expect(all).toContain('See the reservations page and returns, or the site.');
    expect(all).toContain('Negative on-hand quantities are not allowed.');
    expect(all).toMatch(/Note:/);
    expect(all).not.toMatch(/image::|stock\.png|toctree|maxdepth|_inventory-guide/);
    expect(document.blocks.find((block) => block.kind === 'code')?.text).toContain('qty = 5');
    expect(document.blocks.filter((block) => block.kind === 'list_item').map((block) => block.text)).toEqual([
      '1. Open the product.',
      '1. Click Replenish.',
    ]);
  });

  it('refuses a title overline without its underline, naming the line', async () => {
    const broken = await failure(await file('broken.rst', 'Intro\n\n=====\nTitle\nText after\n'));
    expect(broken.message).toMatch(/broken\.rst:3: section title overline without a matching underline/);
  });
});

describe('AsciiDoc', () => {
  it('converts through Asciidoctor with the document title', async () => {
    const document = await loadFile(
      await file(
        'guide.adoc',
        '= Inventory Adjustments Guide\n:toc:\n\n== Adjusting stock\n\nOpen the *Inventory* page.\n\n. Select the item.\n. Enter the quantity.\n\nNOTE: Adjustments over 100 units need approval.\n',
      ),
    );
    expect([document.format, document.title]).toEqual(['asciidoc', 'Inventory Adjustments Guide']);
    const all = texts(document.blocks);
    expect(all).toContain('Open the Inventory page.');
    expect(all).toContain('Adjustments over 100 units need approval.');
    expect(all).not.toContain('Table of Contents');
    expect(document.blocks.find((block) => block.kind === 'heading' && block.text === 'Adjusting stock')).toBeDefined();
  });

  it('refuses a file an unterminated block swallowed', async () => {
    const broken = await failure(await file('broken.adoc', '= Broken\n\n----\ncode never closed\n'));
    expect(broken.message).toMatch(/broken\.adoc:3: malformed AsciiDoc: unterminated listing block/);
  });
});

describe('Word', () => {
  it('reads headings and paragraphs through mammoth', async () => {
    const bytes = await minimalDocx([
      ['Heading1', 'Returns handling'],
      ['Normal', 'Inspect every returned item within two days.'],
      ['Heading2', 'Refunds'],
      ['Normal', 'Refund once the item passed inspection.'],
    ]);
    const document = await loadFile(await file('returns.docx', bytes));
    expect([document.format, document.title]).toEqual(['docx', 'Returns handling']);
    expect(document.blocks.filter((block) => block.kind === 'heading').map((block) => block.text)).toEqual(['Returns handling', 'Refunds']);
    expect(texts(document.blocks)).toContain('Refund once the item passed inspection.');
  });

  it('refuses what is not a Word document', async () => {
    expect((await failure(await file('fake.docx', 'just text'))).message).toMatch(/not a Word document/);
    const zipButNotWord = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0, 0, 0]);
    expect((await failure(await file('broken.docx', zipButNotWord))).message).toMatch(/not a readable Word document/);
  });
});

describe('document ids in a docs tree', () => {
  it('qualifies a nested file’s id by its path below the ingested directory', async () => {
    const root = join(dir, 'tree');
    const { mkdir } = await import('node:fs/promises');
    await mkdir(join(root, 'orders', 'returns'), { recursive: true });
    await writeFile(join(root, 'orders', 'returns', 'page.mdx'), '# Returns\n\nText.\n');
    await writeFile(join(root, 'top.md'), '# Top\n\nText.\n');
    expect((await loadFile(join(root, 'orders', 'returns', 'page.mdx'), { root })).id).toBe('orders-returns-page');
    expect((await loadFile(join(root, 'top.md'), { root })).id).toBe('top');
    await writeFile(join(root, 'orders', 'own-id.md'), '---\nid: my-id\ntitle: Mine\n---\ntext\n');
    expect((await loadFile(join(root, 'orders', 'own-id.md'), { root })).id).toBe('my-id');
  });
});
