import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../core/config.ts';
import { parseModelOption } from './eval.ts';

describe('eval --model', () => {
  const config = loadConfig({});

  it('accepts what COPILOT_MODEL accepts, and cassette only for replay', () => {
    expect(parseModelOption(undefined, config)).toBeUndefined();
    expect(parseModelOption('offline', config)).toBe('offline');
    expect(parseModelOption('openai:gpt-4o-mini', { ...config, OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' })).toBe('openai:gpt-4o-mini');
    expect(parseModelOption('cassette', config, { cassette: true })).toBe('cassette');
    expect(() => parseModelOption('cassette', config)).toThrow(
      'invalid eval options: --model: must be "offline", "openai:<model>", "anthropic:<model>" or "ollama:<model>"',
    );
  });

  it('names --model, not COPILOT_MODEL, for a spec that is not a model', () => {
    for (const value of ['bogus', 'openai:', 'gpt-4o']) {
      expect(() => parseModelOption(value, config)).toThrow(
        expect.objectContaining({
          code: 'validation_failed',
          message: 'invalid eval options: --model: must be "offline", "openai:<model>", "anthropic:<model>" or "ollama:<model>"',
        }),
      );
    }
    expect(() => parseModelOption('bogus', config, { cassette: true })).toThrow(
      '--model: must be "offline", "<openai|anthropic|ollama>:<model>" or "cassette"',
    );
  });

  it('says up front when a live model has no API key', () => {
    expect(() => parseModelOption('openai:gpt-4o-mini', { ...config, OPENAI_API_KEY: undefined, OPENAI_BASE_URL: undefined })).toThrow(
      expect.objectContaining({
        code: 'configuration_invalid',
        message: expect.stringMatching(/^--model openai:gpt-4o-mini: OPENAI_API_KEY: required/),
      }),
    );
  });
});
