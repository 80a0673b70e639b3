// @ts-check
/**
 * The proxy's active fault and how many more requests it applies to: setting, clearing and
 * taking it for one request (filters, counting down, drawing the `chaos` picks). Apart from
 * the HTTP handling so the rule "which request gets which fault" reads in one place.
 */
import { seededRandom } from '../seeded-random.mjs';
import { chaosFault, validateFault } from './fault-kinds.mjs';

/** @typedef {import('./fault-kinds.mjs').Fault} Fault */

/**
 * A fresh fault state: no fault, everything passes through.
 */
export function createFaultState() {
  /** @type {Fault | null} */
  let fault = null;
  /** remaining requests the fault applies to (Infinity = until cleared) */
  let remaining = 0;
  /** @type {(() => number) | null} */
  let chaos = null;

  /** @param {Fault} f */
  const setFault = (f) => {
    fault = validateFault(f);
    remaining = fault.kind === 'outage' || fault.kind === 'chaos' || fault.count === undefined ? Infinity : fault.count;
    chaos = fault.kind === 'chaos' ? seededRandom(fault.seed) : null;
  };
  const clear = () => {
    fault = null;
    remaining = 0;
  };
  /**
   * @param {string} method
   * @param {Buffer | undefined} body - the request body, read only when the fault filters on it
   * @returns {Fault | null}
   */
  const takeFault = (method, body) => {
    if (!fault || remaining <= 0) return null;
    if (fault.methods && !fault.methods.includes(method)) return null;
    if (fault.bodyContains && !(body && body.toString('utf8').includes(fault.bodyContains))) return null;
    if (fault.kind === 'chaos' && chaos) {
      // two draws per request whatever the outcome, so the sequence depends only on the seed
      const hit = chaos() < fault.rate;
      const kinds = /** @type {string[]} */ (fault.kinds);
      const kind = kinds[Math.floor(chaos() * kinds.length)] ?? kinds[0];
      return hit ? chaosFault(/** @type {string} */ (kind), fault.ms ?? 200) : null;
    }
    const f = fault;
    remaining -= 1;
    if (remaining <= 0) clear();
    return f;
  };

  /** The fault and its remaining count as the control endpoint reports them (`null`: until cleared). */
  const snapshot = () => ({
    fault,
    remaining: fault ? (remaining === Infinity ? null : remaining) : 0,
  });

  return {
    setFault,
    clear,
    takeFault,
    snapshot,
    /** the active fault, if any */
    get fault() {
      return fault;
    },
  };
}
