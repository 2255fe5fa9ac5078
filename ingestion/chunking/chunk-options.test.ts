import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../core/config.ts';
import { chunkOptionsFromConfig } from './chunk-options.ts';

describe('chunkOptionsFromConfig', () => {
  it('takes the configured defaults as they are', () => {
    expect(chunkOptionsFromConfig(loadConfig({}))).toEqual({ targetSize: 1000, overlap: 150 });
  });

  it('refuses an overlap not smaller than the chunk size, naming both settings', () => {
    expect(() =>
      chunkOptionsFromConfig(
        { COPILOT_CHUNK_SIZE: 200, COPILOT_CHUNK_OVERLAP: 2000 },
        { size: '--chunk-size', overlap: '--chunk-overlap' },
      ),
    ).toThrow('--chunk-overlap (2000) must be smaller than --chunk-size (200)');
    expect(() => chunkOptionsFromConfig(loadConfig({ COPILOT_CHUNK_SIZE: '300', COPILOT_CHUNK_OVERLAP: '300' }))).toThrow(
      expect.objectContaining({
        code: 'validation_failed',
        message: 'COPILOT_CHUNK_OVERLAP (300) must be smaller than COPILOT_CHUNK_SIZE (300)',
      }),
    );
  });

  it('caps an overlap above half the chunk size at half', () => {
    expect(chunkOptionsFromConfig({ COPILOT_CHUNK_SIZE: 1000, COPILOT_CHUNK_OVERLAP: 800 })).toEqual({ targetSize: 1000, overlap: 500 });
  });
});
