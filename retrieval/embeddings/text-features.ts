/**
 * Text normalisation for the local embedder: lowercasing, accent folding, tokenising, stop words and
 * a small suffix-stripping stemmer. Queries and documents go through the same path, so the stemmer
 * only needs to be consistent, not linguistically perfect.
 */

// English function words plus the filler a rep types into a question ("how do I…", "what should we…").
// They carry no topic, and without IDF weighting they would dominate short queries.
const STOP_WORDS = new Set(
  `a about above after again against all also am an and any are aren't as at be because been before being below
  between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during each
  either etc few for from further get gets got had hadn't has hasn't have haven't having he her here hers herself
  him himself his how however i i'd i'll i'm i've if in into is isn't it it's its itself just let's like me
  might more most must mustn't my myself need needs no nor not now of off on once only or other ought our ours
  ourselves out over own please same shall she should shouldn't so some still such than that that's the their
  theirs them themselves then there there's these they they'd they'll they're they've this those through to
  too under until up upon us very via was wasn't we we'd we'll we're we've were weren't what what's when where
  which while who whom whose why will with won't would wouldn't yet you you'd you'll you're you've your yours
  yourself yourselves s t d ll m re ve e g eg ie one two`
    .split(/\s+/)
    .filter(Boolean),
);

export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word);
}

/** Lowercased words (letters and digits; apostrophes kept inside words so "don't" is one stop word). */
export function tokenize(text: string): string[] {
  const folded = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\u2018\u2019]/g, "'")
    .toLowerCase();
  const words = folded.match(/[a-z0-9]+(?:'[a-z]+)?/g) ?? [];
  return words.map((word) => word.replace(/'s$/, ''));
}

const VOWEL = /[aeiouy]/;

/**
 * A light stemmer (plurals, -ing/-ed, a few derivational suffixes). "Reallocating", "reallocated" and
 * "reallocation" meet at "realloc"; "holds" and "held" do not (irregular forms are the synonym map's job).
 */
export function stem(word: string): string {
  const known = stems.get(word);
  if (known !== undefined) return known;
  // Bounded: a corpus's vocabulary fits many times over, an endless stream of new words does not grow it.
  if (stems.size >= STEMS_REMEMBERED) stems.clear();
  const stemmed = stemWord(word);
  stems.set(word, stemmed);
  return stemmed;
}

/** Words already stemmed (an ingest stems every word of every chunk; most recur). */
const stems = new Map<string, string>();
const STEMS_REMEMBERED = 50_000;

function stemWord(word: string): string {
  if (word.length <= 3 || /^\d/.test(word)) return word;
  let w = word;
  // 1. Plurals.
  if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  // 2. Past tense and gerund, restoring the "e" Porter restores ("reallocated" -> "reallocate").
  for (const suffix of ['ing', 'ed']) {
    const base = w.slice(0, -suffix.length);
    if (w.endsWith(suffix) && base.length >= 3 && VOWEL.test(base)) {
      w = /(at|bl|iz)$/.test(base) ? `${base}e` : base;
      break;
    }
  }
  // 3. One derivational suffix.
  for (const suffix of [
    'ations',
    'ation',
    'ments',
    'ment',
    'ness',
    'able',
    'ible',
    'ity',
    'ive',
    'ize',
    'ise',
    'ate',
    'al',
    'er',
    'or',
    'ly',
  ]) {
    const base = w.slice(0, -suffix.length);
    if (w.endsWith(suffix) && base.length >= 3 && VOWEL.test(base)) {
      w = base;
      break;
    }
  }
  // 4. A final e or y ("release"/"released", "delay"/"delayed" meet), then doubled consonants
  //    ("shipped" -> "shipp" -> "ship"), keeping ll/ss/zz, which belong to the root ("sell", "pass").
  if (/[ey]$/.test(w) && w.length > 3) w = w.slice(0, -1);
  if (/([^aeiouylsz])\1$/.test(w)) w = w.slice(0, -1);
  return w;
}

/** Content words in order, stemmed, stop words removed. */
export function contentStems(text: string): string[] {
  const stems: string[] = [];
  for (const token of tokenize(text)) {
    if (isStopWord(token)) continue;
    stems.push(stem(token));
  }
  return stems;
}
