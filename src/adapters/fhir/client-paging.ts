/**
 * The guard against runaway paging: one read follows a search's `next` links only so
 * far. Apart from the client because ports that page by hand use it too.
 */
import { EngageError } from '../../core/errors.js';

/**
 * Limits on following `next` links within one read. A server whose `next` link points
 * at itself, or that keeps answering empty pages that still link onward, would
 * otherwise keep a read (and the element waiting on it) going forever.
 */
export interface PagingLimits {
  /** Most pages one read follows, the first included; default 200. */
  maxPages?: number;
  /** Most entries one read collects over all its pages; default 50 000. */
  maxEntries?: number;
  /** Empty pages in a row that still link onward before the read gives up; default 3. */
  maxEmptyPages?: number;
}

/**
 * Watches the pages of one read and ends it with an EngageError when paging runs away:
 * a `next` link seen before (a loop), too many pages or entries, or empty pages that
 * keep linking onward.
 */
export class PageGuard {
  private readonly seen = new Set<string>();
  private pages = 0;
  private entries = 0;
  private emptyRun = 0;
  private readonly limits: Required<PagingLimits>;

  constructor(limits: PagingLimits = {}) {
    this.limits = { maxPages: 200, maxEntries: 50_000, maxEmptyPages: 3, ...limits };
  }

  /**
   * Records a page of `count` entries and its `next` link (a URL or cursor); returns the
   * link to follow, undefined on the last page, or throws when paging runs away.
   */
  next(count: number, next: string | undefined, first?: string): string | undefined {
    if (this.pages === 0 && first) this.seen.add(normalizeLink(first));
    this.pages++;
    this.entries += count;
    this.emptyRun = count === 0 ? this.emptyRun + 1 : 0;
    if (!next) return undefined;
    const key = normalizeLink(next);
    if (this.seen.has(key)) {
      throw new EngageError('server', 'The server sent a paging link that was already followed (a paging loop).');
    }
    this.seen.add(key);
    if (this.pages >= this.limits.maxPages) {
      throw new EngageError('server', `The server's answer ran over ${this.limits.maxPages} pages; stopped reading.`);
    }
    if (this.entries >= this.limits.maxEntries) {
      throw new EngageError('server', `The server's answer ran over ${this.limits.maxEntries} entries; stopped reading.`);
    }
    if (this.emptyRun >= this.limits.maxEmptyPages) {
      throw new EngageError('server', `The server sent ${this.emptyRun} empty pages in a row that still link onward.`);
    }
    return next;
  }
}

/** A link without its origin and with its query parameters sorted, so equal links compare equal. */
function normalizeLink(link: string): string {
  try {
    const url = new URL(link, 'http://x.invalid/');
    url.searchParams.sort();
    return `${url.pathname.replace(/\/+$/, '')}?${url.searchParams.toString()}`;
  } catch {
    return link;
  }
}
