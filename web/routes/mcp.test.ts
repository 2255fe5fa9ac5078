import { describe, expect, it } from 'vitest';
import { httpClientLabel } from './mcp.ts';

describe('httpClientLabel', () => {
  it('names the transport and a cleaned, bounded User-Agent', () => {
    expect(httpClientLabel(undefined)).toBe('streamable-http');
    expect(httpClientLabel('  ')).toBe('streamable-http');
    expect(httpClientLabel('Visual Studio Code/1.99')).toBe('streamable-http (Visual Studio Code/1.99)');
    expect(httpClientLabel('evil\u0000\nagent')).toBe('streamable-http (evilagent)');
    expect(httpClientLabel('x'.repeat(500))).toHaveLength('streamable-http ()'.length + 100);
  });
});
