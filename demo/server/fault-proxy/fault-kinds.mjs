// @ts-check
/**
 * The faults the proxy can inject: their shape (`Fault`), their validation (`validateFault`,
 * which the control endpoint runs on JSON from browser tests) and the seeded picking of
 * `chaos`. Apart from the proxy's HTTP handling because it is pure data and checks, with no
 * sockets, and is what a test needs to reason about a fault.
 */

/**
 * @typedef {({ kind: 'status', status: number, retryAfter?: number, count?: number }
 *   | { kind: 'drop', count?: number }
 *   | { kind: 'malformed', count?: number }
 *   | { kind: 'delay', ms: number, count?: number }
 *   | { kind: 'outage', retryAfter?: number }
 *   | { kind: 'drop-after', count?: number }
 *   | { kind: 'hold', ms: number, count?: number }
 *   | { kind: 'outcome', status?: number, text?: string, count?: number }
 *   | { kind: 'strip', field: string, count?: number }
 *   | { kind: 'thin-answer', lose: 'resources' | 'entries', count?: number }
 *   | { kind: 'chaos', seed: number, rate: number, kinds?: string[], ms?: number }) & { methods?: string[], bodyContains?: string }} Fault
 */

/** Fault kinds `chaos` picks from. */
export const CHAOS_KINDS = ['status-503', 'status-429', 'status-500', 'drop', 'drop-after', 'malformed', 'hold', 'outcome', 'delay'];

/**
 * The concrete fault of one `chaos` pick.
 * @param {string} kind
 * @param {number} ms
 * @returns {Fault}
 */
export function chaosFault(kind, ms) {
  if (kind.startsWith('status-')) return { kind: 'status', status: Number(kind.slice('status-'.length)), retryAfter: 0 };
  if (kind === 'hold' || kind === 'delay') return { kind, ms };
  return /** @type {Fault} */ ({ kind });
}

/**
 * @param {unknown} input
 * @returns {Fault}
 */
export function validateFault(input) {
  const f = /** @type {any} */ (input);
  if (!f || typeof f !== 'object') throw new TypeError('fault must be an object');
  const methods = f.methods;
  if (methods !== undefined && !(Array.isArray(methods) && methods.every((m) => typeof m === 'string'))) {
    throw new TypeError('fault.methods must be a list of HTTP methods');
  }
  if (f.bodyContains !== undefined && (typeof f.bodyContains !== 'string' || f.bodyContains === '')) {
    throw new TypeError('fault.bodyContains must be a non-empty string');
  }
  const only = {
    ...(methods ? { methods: methods.map((/** @type {string} */ m) => m.toUpperCase()) } : {}),
    ...(f.bodyContains ? { bodyContains: f.bodyContains } : {}),
  };
  if (f.kind === 'chaos' && (only.methods || only.bodyContains)) throw new TypeError('a chaos fault takes no filters');
  return { ...faultOf(f), ...only };
}

/**
 * The fault itself, without its request filters.
 * @param {any} f
 * @returns {Fault}
 */
function faultOf(f) {
  const count = f.count;
  if (count !== undefined && !(Number.isInteger(count) && count > 0)) {
    throw new TypeError('fault.count must be a positive integer');
  }
  const retryAfter = f.retryAfter;
  if (retryAfter !== undefined && !(Number.isFinite(retryAfter) && retryAfter >= 0)) {
    throw new TypeError('fault.retryAfter must be a non-negative number of seconds');
  }
  switch (f.kind) {
    case 'status':
      if (!Number.isInteger(f.status) || f.status < 400 || f.status > 599) {
        throw new TypeError('fault.status must be an HTTP error status (400-599)');
      }
      return { kind: 'status', status: f.status, retryAfter, count };
    case 'drop':
      return { kind: 'drop', count };
    case 'malformed':
      return { kind: 'malformed', count };
    case 'delay':
      if (!Number.isFinite(f.ms) || f.ms < 0) throw new TypeError('fault.ms must be a non-negative number');
      return { kind: 'delay', ms: f.ms, count };
    case 'outage':
      return { kind: 'outage', retryAfter };
    case 'drop-after':
      return { kind: 'drop-after', count };
    case 'hold':
      if (!Number.isFinite(f.ms) || f.ms < 0) throw new TypeError('fault.ms must be a non-negative number');
      return { kind: 'hold', ms: f.ms, count };
    case 'outcome': {
      const status = f.status ?? 200;
      if (status !== 200 && status !== 201) throw new TypeError('fault.status of an outcome must be 200 or 201');
      if (f.text !== undefined && typeof f.text !== 'string') throw new TypeError('fault.text must be a string');
      return { kind: 'outcome', status, text: f.text, count };
    }
    case 'strip':
      // opt-in only (never picked by chaos): a server that silently drops an element it does not support
      if (typeof f.field !== 'string' || !/^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)*$/.test(f.field)) {
        throw new TypeError('fault.field must be an element path such as "note" or "payload.contentString"');
      }
      return { kind: 'strip', field: f.field, count };
    case 'thin-answer':
      // opt-in only (never picked by chaos): a batch or transaction answer that says less than the server did
      if (f.lose !== 'resources' && f.lose !== 'entries') throw new TypeError('fault.lose must be "resources" or "entries"');
      return { kind: 'thin-answer', lose: f.lose, count };
    case 'chaos': {
      if (!Number.isInteger(f.seed)) throw new TypeError('fault.seed must be an integer');
      if (!Number.isFinite(f.rate) || f.rate < 0 || f.rate > 1) throw new TypeError('fault.rate must be between 0 and 1');
      const kinds = f.kinds ?? CHAOS_KINDS;
      if (!Array.isArray(kinds) || !kinds.length || kinds.some((k) => !CHAOS_KINDS.includes(k))) {
        throw new TypeError(`fault.kinds must be a non-empty list of ${CHAOS_KINDS.join(', ')}`);
      }
      const ms = f.ms ?? 200;
      if (!Number.isFinite(ms) || ms < 0) throw new TypeError('fault.ms must be a non-negative number');
      return { kind: 'chaos', seed: f.seed, rate: f.rate, kinds: [...kinds], ms };
    }
    default:
      throw new TypeError(`Unknown fault kind: ${JSON.stringify(f.kind)}`);
  }
}
