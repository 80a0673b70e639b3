/**
 * The live updates of a conversation over FHIR: a poll for what changed in it since the
 * last look (new messages, withdrawn ones, and rewritten ones delivered again), backing off
 * on failure. Apart from the port because it is the one part that
 * keeps running (timers, page visibility) after a call returns.
 */
import type { Message, MessageSubscribeOptions } from '../../ports.js';
import type { FhirClient } from '../client.js';
import type { Bundle } from '../fhir-types.js';
import { isWithdrawn, sentOf, toMessages, versionOf } from '../mapping/messaging.js';
import { INCLUDE_SENDERS, withSenderNames } from '../mapping/sender-names.js';
import { bundleResources, nextLinkOf, stringOf } from '../guards.js';
import type { Communication } from './shared.js';
import { sleep } from '../client-retry.js';

/** Most changes one page of a look reads; a full page is followed through its `next` link. */
const PAGE = 50;
const EPOCH = new Date(0).toISOString();

/**
 * How far before the caller's `since` the first look starts: `since` is a `sent` time, set by
 * a writer's clock, and `_lastUpdated` is the server's; a server behind that clock would
 * otherwise never show the messages of those minutes. Looking earlier costs only a few
 * messages read again, which `seen` keeps from being delivered twice.
 */
const CLOCK_MARGIN_MS = 10 * 60_000;

/**
 * How far before the latest change seen each later look starts (`ge`, not `gt`): changes that
 * share a timestamp (one transaction) or that a server committed after a look that came later
 * by its clock are read again rather than skipped; `seen` keeps them from being delivered twice.
 */
const OVERLAP_MS = 5_000;

/** `time` moved `ms` earlier, or `time` itself when it does not parse. */
function earlier(time: string, ms: number): string {
  const at = Date.parse(time);
  return Number.isNaN(at) ? time : new Date(at - ms).toISOString();
}

/** The latest `meta.lastUpdated` of `resources` later than `since` (the server's clock), else `since`. */
function latestChange(resources: Communication[], since: string | undefined): string | undefined {
  let latest = since;
  for (const resource of resources) {
    const updated = stringOf(resource.meta?.lastUpdated);
    // a `since` that does not parse (NaN) is passed by the first real time
    if (updated && !(Date.parse(latest ?? '') >= Date.parse(updated))) latest = updated;
  }
  return latest;
}

/** The poll behind `FhirMessagingPort.subscribe` (see its JSDoc): runs until the signal aborts. */
export function pollMessages(
  client: FhirClient,
  threadId: string,
  onMessages: (messages: Message[]) => void,
  options: MessageSubscribeOptions,
  pollIntervalMs: number,
  listed: ReadonlyMap<string, string> = new Map(),
): void {
  const { signal } = options;
  /** Messages the caller has (shown or delivered): never delivered as new. */
  const seen = new Set(options.shown);
  /** Withdrawn messages already reported. */
  const gone = new Set<string>();
  /**
   * The version (`versionOf`: sent time and words) of each message the caller has, as it got
   * it (from the port's listing, or delivered here): read at another version, it was
   * rewritten and is delivered again; a read receipt changes no version. A shown message of
   * unknown version takes the first one read as its own.
   */
  const versions = new Map(listed);
  /*
   * What changed is asked by `_lastUpdated`, not `sent` (issue #20: only what is newer, never
   * the whole conversation again): a message retracted after it was shown keeps its `sent`,
   * but the rewrite moves its `meta.lastUpdated`, so one search finds the new messages and
   * the withdrawn ones. `latest` starts well before the caller's `since` (or at what the
   * first look learns) and then follows the server's own clock.
   */
  let latest = options.since === undefined ? undefined : earlier(options.since, CLOCK_MARGIN_MS);
  /**
   * Without the caller's list of what it shows, a changed message is a new one only when sent
   * after this (the caller's `since`, or the newest message at the first look), so an older
   * one that changed (a read receipt) is not. With the list, ids decide: a writer's clock
   * may put a new message's `sent` before the newest one shown.
   */
  let sentAfter = options.since;
  /** The rest of a look whose first page was full. */
  let next: string | undefined;
  const interval = () => {
    // a hidden page polls four times less often
    const hidden = typeof document !== 'undefined' && document.visibilityState === 'hidden';
    return Math.min(60_000, pollIntervalMs * (hidden ? 4 : 1));
  };
  const poll = async () => {
    let delay = latest === undefined ? 0 : interval();
    while (!signal.aborted) {
      await sleep(delay, signal).catch(() => undefined); // an abort ends the wait; the loop checks it
      if (signal.aborted) return;
      try {
        const learning = latest === undefined || sentAfter === undefined;
        const query = learning
          ? '_sort=-sent&_count=1'
          : `_lastUpdated=ge${encodeURIComponent(earlier(latest!, OVERLAP_MS))}&_sort=_lastUpdated&_count=${PAGE}&${INCLUDE_SENDERS}`;
        const page = await client.request<Bundle<Communication>>(
          'GET',
          next ?? `Communication?part-of=Communication/${encodeURIComponent(threadId)}&${query}`,
          { signal },
        );
        next = learning ? undefined : nextLinkOf(page.body);
        const found = bundleResources<Communication>(withSenderNames(page.body), 'Communication');
        latest = latestChange(found, latest) ?? EPOCH;
        if (learning) {
          sentAfter = found.map(sentOf).find(Boolean) ?? EPOCH;
        } else {
          // retracted and never-sent ones are no messages (the mapping leaves them out): the caller drops them
          const withdrawn = found.filter((r) => r.id && isWithdrawn(r) && !gone.has(r.id)).map((r) => r.id!);
          for (const id of withdrawn) gone.add(id);
          const after = options.shown ? -Infinity : Date.parse(sentAfter!);
          const fresh = found.filter((r) => r.id && !isWithdrawn(r) && !seen.has(r.id) && !(Date.parse(sentOf(r)) <= after));
          // one the caller has, read at another version than it got (an edited retry rewrote it),
          // is delivered again: the caller shows what is stored now
          const kept = found.filter((r) => r.id && !isWithdrawn(r) && seen.has(r.id));
          const again: Communication[] = [];
          for (const r of [...kept, ...fresh]) {
            // each fingerprint made once per look (it hashes the payload)
            const version = versionOf(r);
            if (seen.has(r.id!) && versions.has(r.id!) && versions.get(r.id!) !== version) again.push(r);
            versions.set(r.id!, version);
          }
          for (const r of fresh) seen.add(r.id!);
          const messages = toMessages([...fresh, ...again], threadId, options.as, []).sort((a, b) => Date.parse(a.sent) - Date.parse(b.sent));
          if (withdrawn.length && !signal.aborted) options.onWithdrawn?.(withdrawn);
          if (messages.length && !signal.aborted) onMessages(messages);
        }
        delay = next ? 0 : interval();
      } catch {
        next = undefined;
        delay = Math.min(60_000, Math.max(delay, pollIntervalMs) * 2);
      }
    }
  };
  void poll();
}
