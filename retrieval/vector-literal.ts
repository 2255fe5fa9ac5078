/** pgvector's text form ('[0.1,0.2,…]'), checked: the right length and only finite numbers. */
export function toVectorLiteral(vector: readonly number[], dimension: number): string {
  if (vector.length !== dimension) {
    throw new Error(`embedding has ${vector.length} dimensions, the index expects ${dimension}`);
  }
  for (const value of vector) {
    if (!Number.isFinite(value)) throw new Error('embedding contains a non-finite value');
  }
  return `[${vector.join(',')}]`;
}

/**
 * pgvector's binary form (what its receive function reads: dimension and a zero as int16, then each
 * value as a big-endian float4), checked like the text form. Sent as a binary parameter it is stored
 * without parsing text floats, which costs PGlite about 0.4 ms per 256-dimension vector in
 * WebAssembly; each value is rounded to float4 as pgvector rounds the text form.
 */
export function toVectorBinary(vector: readonly number[], dimension: number): Uint8Array {
  if (vector.length !== dimension) {
    throw new Error(`embedding has ${vector.length} dimensions, the index expects ${dimension}`);
  }
  const bytes = new Uint8Array(4 + 4 * dimension);
  const view = new DataView(bytes.buffer);
  view.setInt16(0, dimension);
  view.setInt16(2, 0);
  vector.forEach((value, index) => {
    if (!Number.isFinite(value)) throw new Error('embedding contains a non-finite value');
    view.setFloat32(4 + 4 * index, value);
  });
  return bytes;
}

/** True when a vector has no direction (all zeros): cosine distance to it is undefined. */
export function isZeroVector(vector: readonly number[]): boolean {
  return vector.every((value) => value === 0);
}
