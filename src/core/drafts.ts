/**
 * Where unsent text is kept: the host's choice (docs/write-protocol.md, "Drafts").
 *
 * Elements keep what a user typed but has not yet sent — a reply, a refill note, the
 * questions in a decision aid — together with the write keys of an unanswered attempt,
 * so that a retry after a reload is still the *same* write. By default that is
 * {@link pageDrafts}: memory for the page's lifetime, which survives the element being
 * removed and created again but not a reload, and never touches storage. A host that
 * wants drafts to survive a reload passes a {@link SessionStorageDraftStore} (or its own
 * {@link DraftStore}) to the element's `draftStore` property; nothing is written to any
 * storage the host did not choose. Attached files are never put in a draft store: they
 * stay in memory only.
 */

/** Keeps drafts by key. Values are plain JSON data. */
export interface DraftStore {
  /** The draft kept under `key`, or undefined. */
  load(key: string): unknown;
  /** Keeps `value` under `key`, replacing what was there. */
  save(key: string, value: unknown): void;
  /** Forgets the draft under `key` (after it was sent, or emptied). */
  remove(key: string): void;
}

/** Drafts in memory: gone with the page, kept across element re-creation. */
export class MemoryDraftStore implements DraftStore {
  private readonly drafts = new Map<string, unknown>();

  load(key: string): unknown {
    return this.drafts.has(key) ? structuredClone(this.drafts.get(key)) : undefined;
  }

  save(key: string, value: unknown): void {
    this.drafts.set(key, structuredClone(value));
  }

  remove(key: string): void {
    this.drafts.delete(key);
  }

  /** Forgets every draft (a host signing the user out; tests between cases). */
  clear(): void {
    this.drafts.clear();
  }
}

/** The default draft store: memory, one per page, shared by every element. */
export const pageDrafts = new MemoryDraftStore();

/**
 * Drafts in `sessionStorage` (or another `Storage`): they survive a reload of the tab and
 * end with it. Only for hosts that choose it — the text is patient data. Storage that
 * is full or refused (private modes, policies) is ignored: the draft then lives as long
 * as the element does.
 */
export class SessionStorageDraftStore implements DraftStore {
  constructor(
    private readonly storage: Storage = globalThis.sessionStorage,
    private readonly prefix = 'ehr-engage.draft.',
  ) {}

  load(key: string): unknown {
    try {
      const raw = this.storage.getItem(this.prefix + key);
      return raw === null ? undefined : (JSON.parse(raw) as unknown);
    } catch {
      return undefined;
    }
  }

  save(key: string, value: unknown): void {
    try {
      this.storage.setItem(this.prefix + key, JSON.stringify(value));
    } catch {
      // full or refused: keep going without it
    }
  }

  remove(key: string): void {
    try {
      this.storage.removeItem(this.prefix + key);
    } catch {
      // refused storage has nothing to remove
    }
  }
}
