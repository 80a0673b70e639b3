/**
 * Flesch–Kincaid grade level, written here so the test owns its measure:
 *   grade = 0.39 × (words / sentences) + 11.8 × (syllables / words) − 15.59
 * (Kincaid et al., 1975). Interface text is labels more than prose, so each distinct
 * string counts as one sentence; tokens with digits (dates, counts, values) are not words.
 * Plain JavaScript (types in ./readability.d.mts) so the browser test and the node test
 * that grades each element's message sources share one implementation.
 */

/**
 * Syllables of one English word by the usual vowel-group rule with its common exceptions.
 * @param {string} word
 */
export function syllables(word) {
  let w = word.toLowerCase().replace(/[^a-z]/g, '');
  if (!w) return 0;
  if (w.length <= 3) return 1;
  w = w.replace(/(?:[^laeiouy]es|[^laeiouy]ed|[^laeiouy]e)$/, (end) => end.charAt(0)); // silent final e / -es / -ed
  w = w.replace(/^y/, '');
  const groups = w.match(/[aeiouy]{1,2}/g)?.length ?? 0;
  return Math.max(1, groups);
}

/**
 * The words of a text: letters only, tokens with digits dropped.
 * @param {string} text
 * @returns {string[]}
 */
export function wordsOf(text) {
  return text
    .split(/[\s/—–-]+/)
    .filter((token) => !/\d/.test(token))
    .map((token) => token.replace(/[^A-Za-z']/g, ''))
    .filter((token) => token.length > 0);
}

/** @typedef {{ grade: number, sentences: number, words: number, syllables: number }} Grade */

/**
 * The grade of a set of interface strings, each one sentence (or more, split at . ? !).
 * @param {Iterable<string>} texts
 * @returns {Grade}
 */
export function fleschKincaid(texts) {
  let sentences = 0;
  let words = 0;
  let syllableCount = 0;
  for (const text of texts) {
    for (const sentence of text.split(/[.?!]+\s+|[.?!]+$/)) {
      const w = wordsOf(sentence);
      if (!w.length) continue;
      sentences += 1;
      words += w.length;
      syllableCount += w.reduce((sum, word) => sum + syllables(word), 0);
    }
  }
  const grade = words ? 0.39 * (words / sentences) + 11.8 * (syllableCount / words) - 15.59 : 0;
  return { grade, sentences, words, syllables: syllableCount };
}
