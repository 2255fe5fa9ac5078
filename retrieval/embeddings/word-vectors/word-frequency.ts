/**
 * Word weights for smooth inverse frequency (SIF, Arora, Liang & Ma 2017): weight = a / (a + p(w)).
 * The word-vector package carries no counts, but its words are in corpus frequency order, and word
 * frequencies follow Zipf's law closely: p(rank r) ≈ 1 / (r · H_N), H_N ≈ ln N + γ.
 */
const EULER_GAMMA = 0.5772156649;
/** SIF's smoothing constant; the paper's range is 1e-4 to 1e-3. */
export const SIF_SMOOTHING = 1e-3;

/** Estimated probability of the word at 0-based frequency rank `rank` in a vocabulary of `vocabulary` words. */
export function zipfProbability(rank: number, vocabulary: number): number {
  return 1 / ((rank + 1) * (Math.log(vocabulary) + EULER_GAMMA));
}

export function sifWeight(rank: number, vocabulary: number, smoothing = SIF_SMOOTHING): number {
  return smoothing / (smoothing + zipfProbability(rank, vocabulary));
}
