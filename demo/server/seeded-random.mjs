// @ts-check
/**
 * The one seeded PRNG of the project (mulberry32), shared by the fault proxy's `chaos` fault
 * and the fuzz tests (node and browser), so a seed printed by a failing run replays the same
 * sequence wherever it is used. Here, not under test/, because the demo server needs it and
 * must not import from test/; plain JS so node runs it as is and esbuild bundles it for the
 * browser tests (types in seeded-random.d.mts).
 */

/**
 * A small, fast PRNG: the same integer seed always gives the same floats in [0, 1).
 * @param {number} seed
 * @returns {() => number}
 */
export function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
