/** Types of ./readability.mjs (shared by browser and node tests). */
export declare function syllables(word: string): number;
export declare function wordsOf(text: string): string[];
export interface Grade {
  grade: number;
  sentences: number;
  words: number;
  syllables: number;
}
export declare function fleschKincaid(texts: Iterable<string>): Grade;
