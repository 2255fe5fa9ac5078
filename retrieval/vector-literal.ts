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

/** True when a vector has no direction (all zeros): cosine distance to it is undefined. */
export function isZeroVector(vector: readonly number[]): boolean {
  return vector.every((value) => value === 0);
}
