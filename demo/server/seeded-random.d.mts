/** Types of ./seeded-random.mjs (shared by the demo server, node tests and browser tests). */
export declare function seededRandom(seed: number): () => number;
