/**
 * How the offline model streams an answer: a sentence (or line) at a time. The answer guard shows
 * whole checked sentences anyway, so word-sized chunks bought nothing a reader sees and cost a
 * LangChain callback and a stream message per word (17% of an offline triage run's CPU went to
 * LangChain/LangGraph, docs/benchmarks.md). Each chunk keeps its trailing whitespace, so the chunks
 * join back to the text exactly and every boundary is one a word-by-word stream had too.
 */
export function answerChunks(text: string): string[] {
  return (text.match(/[\s\S]*?(?:[.!?](?=\s)|\n|$)\s*/g) ?? []).filter((chunk) => chunk.length > 0);
}
