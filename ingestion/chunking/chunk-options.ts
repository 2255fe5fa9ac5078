/** Chunk size and overlap from configuration (COPILOT_CHUNK_SIZE, COPILOT_CHUNK_OVERLAP) or `ingest` options. */
import type { Config } from '../../core/config.ts';
import { ValidationError } from '../../core/errors.ts';
import type { ChunkOptions } from './chunk-document.ts';

/** What to call the two settings in an error: the environment variables, or the options that set them. */
export interface ChunkSettingNames {
  size: string;
  overlap: string;
}

const ENV_NAMES: ChunkSettingNames = { size: 'COPILOT_CHUNK_SIZE', overlap: 'COPILOT_CHUNK_OVERLAP' };

/**
 * An overlap as long as the chunk itself would repeat whole chunks, so it is refused rather than quietly
 * cut (the defaults, 1000 and 150, are fine). Overlaps above half the chunk size are capped at half:
 * the chunker carries whole blocks and keeps chunks near their target size.
 */
export function chunkOptionsFromConfig(
  config: Pick<Config, 'COPILOT_CHUNK_SIZE' | 'COPILOT_CHUNK_OVERLAP'>,
  names: ChunkSettingNames = ENV_NAMES,
): ChunkOptions {
  const size = config.COPILOT_CHUNK_SIZE;
  const overlap = config.COPILOT_CHUNK_OVERLAP;
  if (overlap >= size) {
    const message = `${names.overlap} (${overlap}) must be smaller than ${names.size} (${size})`;
    throw new ValidationError(message, [{ path: names.overlap, message: `must be smaller than ${names.size}` }]);
  }
  return { targetSize: size, overlap: Math.min(overlap, Math.floor(size / 2)) };
}
