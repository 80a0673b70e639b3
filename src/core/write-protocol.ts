/**
 * The write protocol, element side: which idempotency key a write carries.
 *
 * A key names the *content* the user submitted, not the attempt (docs/write-protocol.md):
 * - the same content again (a plain retry, a double click) reuses the key, so the port
 *   returns what the first attempt stored instead of storing it twice;
 * - changed content after an attempt whose fate is unknown (the request failed, timed out
 *   or its answer was lost) gets a new key and names the earlier keys in `replaces`, so
 *   the port first settles them: when one of them landed, that record is updated or
 *   superseded to hold the new content, and nothing is created beside it;
 * - once the server has confirmed a write, the intent is settled and the next content is
 *   a new intent with a fresh key and nothing to replace.
 *
 * Every element that writes keeps one {@link WriteIntent} per thing the user is writing
 * (a reply, a refill submission, a decision-aid result), so elements written later
 * (immunizations, reminders, appointments, questionnaires) follow the same rules.
 */
import { newIdempotencyKey } from './events.js';

/** What a write carries: its key, and the earlier keys of the same intent it replaces. */
export interface WriteKeys {
  /** Names this content; repeated unchanged on a retry. */
  idempotencyKey: string;
  /**
   * Keys of earlier attempts of the same intent whose content the user has since changed
   * and whose fate the element does not know. Absent when there are none.
   */
  replaces?: readonly string[];
}

/** What a {@link WriteIntent} keeps, so it can be put in a draft store and restored. */
export interface WriteIntentState {
  key?: string;
  fingerprint?: string;
  earlier: string[];
}

/**
 * The fingerprint of a value: JSON with object keys sorted, so the same content always
 * gives the same string whatever order its fields were set in.
 */
export function fingerprintOf(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (!item || typeof item !== 'object' || Array.isArray(item)) return item;
    if (typeof Blob !== 'undefined' && item instanceof Blob) return { blob: item.size, type: item.type };
    const record = item as Record<string, unknown>;
    return Object.fromEntries(Object.keys(record).sort().map((k) => [k, record[k]]));
  });
}

/**
 * The keys of one user intent across its attempts (see the module comment).
 *
 * ```ts
 * const intent = new WriteIntent<MessageDraft>();
 * const keys = intent.keysFor(draft);          // { idempotencyKey, replaces? }
 * await port.sendMessage(threadId, draft, { ...keys });
 * intent.settle();                             // only after the server confirmed it
 * ```
 */
export class WriteIntent<T> {
  private key?: string;
  private fingerprint?: string;
  private earlier: string[] = [];

  constructor(private readonly identify: (content: T) => string = fingerprintOf) {}

  /**
   * The keys for writing `content` now: the current key when the content is what was
   * last attempted, otherwise a new key replacing every earlier unsettled one.
   */
  keysFor(content: T): WriteKeys {
    const fingerprint = this.identify(content);
    if (this.key !== undefined && fingerprint !== this.fingerprint) {
      this.earlier.push(this.key);
      this.key = undefined;
    }
    if (this.key === undefined) {
      this.key = newIdempotencyKey();
      this.fingerprint = fingerprint;
    }
    return { idempotencyKey: this.key, ...(this.earlier.length ? { replaces: [...this.earlier] } : {}) };
  }

  /** Whether an attempt was made that the server has not confirmed. */
  get unsettled(): boolean {
    return this.key !== undefined;
  }

  /** The server confirmed the write: the next content is a new intent. */
  settle(): void {
    this.key = undefined;
    this.fingerprint = undefined;
    this.earlier = [];
  }

  /**
   * A copy of the intent's keys, for a draft store. The fingerprint is the content as
   * JSON, so keep it only where the draft text itself is kept.
   */
  save(): WriteIntentState {
    return { key: this.key, fingerprint: this.fingerprint, earlier: [...this.earlier] };
  }

  /** Restores what {@link save} returned (after a reload, or a re-created element). */
  restore(state: WriteIntentState | undefined): void {
    this.key = typeof state?.key === 'string' ? state.key : undefined;
    this.fingerprint = typeof state?.fingerprint === 'string' ? state.fingerprint : undefined;
    this.earlier = Array.isArray(state?.earlier) ? state.earlier.filter((k): k is string => typeof k === 'string') : [];
  }
}
