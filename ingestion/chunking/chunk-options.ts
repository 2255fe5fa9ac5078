/** Chunk size and overlap from configuration (COPILOT_CHUNK_SIZE, COPILOT_CHUNK_OVERLAP). */
import type { Config } from '../../core/config.ts';
import type { ChunkOptions } from './chunk-document.ts';

export function chunkOptionsFromConfig(config: Pick<Config, 'COPILOT_CHUNK_SIZE' | 'COPILOT_CHUNK_OVERLAP'>): ChunkOptions {
  return { targetSize: config.COPILOT_CHUNK_SIZE, overlap: Math.min(config.COPILOT_CHUNK_OVERLAP, Math.floor(config.COPILOT_CHUNK_SIZE / 2)) };
}
