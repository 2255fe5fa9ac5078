import { describe, expect, it } from 'vitest';
import { Markdown, parseBlocks, slugify } from './markdown.tsx';

const render = async (source: string, sections: Array<{ slug: string; headingPath: string[] }> = []) =>
  String(await (<Markdown source={source} sections={sections} />));

describe('Markdown', () => {
  it('parses headings, lists, tables, code and paragraphs', () => {
    const blocks = parseBlocks(
      '# Title\n\nIntro line\ncontinued.\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```\ncode <x>\n```\n',
    );
    expect(blocks.map((block) => block.kind)).toEqual(['heading', 'paragraph', 'list', 'table', 'code']);
    expect(blocks[1]).toEqual({ kind: 'paragraph', text: 'Intro line continued.' });
  });

  it('wraps each heading’s passage in a section whose id is the indexed slug', async () => {
    const html = await render('# Runbook\n\nIntro\n\n## Steps\n\nDo it.\n\n## Steps\n\nAgain.', [
      { slug: 'runbook', headingPath: ['Runbook'] },
      { slug: 'steps', headingPath: ['Runbook', 'Steps'] },
      { slug: 'steps-2', headingPath: ['Runbook', 'Steps'] },
    ]);
    expect(html).toContain('<section id="steps" tabindex="-1"><h3>Steps</h3><p>Do it.</p></section>');
    expect(html).toContain('<section id="runbook" tabindex="-1"><p>Intro</p></section>');
    expect(html).toContain('<section id="steps-2"');
  });

  it('escapes HTML and keeps only safe links', async () => {
    const html = await render(
      'Click [here](javascript:alert(1)) or [docs](https://example.com/x) <script>alert(1)</script> **bold** `a<b`',
    );
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toContain('javascript:');
    expect(html).toContain('<a href="https://example.com/x">docs</a>');
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain('<code>a&lt;b</code>');
  });

  it('renders snake_case identifiers whole and emphasises only at word edges', async () => {
    const html = await render('Escalate with hold_reason_code set, then run `release_order_hold`; _only_ then close it.');
    expect(html).toContain('Escalate with hold_reason_code set, then run <code>release_order_hold</code>; <em>only</em> then close it.');
  });

  it('keeps site-relative links on this site (no protocol-relative or backslash tricks)', async () => {
    const html = await render('[ok](/runbooks/rb-1#steps) [a](//evil.example/x) [b](/\\evil.example/y)');
    expect(html).toContain('<a href="/runbooks/rb-1#steps">ok</a>');
    expect(html).not.toContain('evil.example');
  });

  it('slugifies like the index', () => {
    expect(slugify('Fraud signals — stop and escalate')).toBe('fraud-signals-stop-and-escalate');
  });
});
