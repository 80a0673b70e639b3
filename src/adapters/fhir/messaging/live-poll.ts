/**
 * The live updates of a conversation over FHIR: a poll for messages sent after the newest
 * one known, backing off on failure. Apart from the port because it is the one part that
 * keeps running (timers, page visibility) after a call returns.
 */
import type { ActingAs, Message } from '../../ports.js';
import type { FhirClient } from '../client.js';
import type { Bundle } from '../fhir-types.js';
import { sentOf, toMessages } from '../mapping/messaging.js';
import { INCLUDE_SENDERS, withSenderNames } from '../mapping/sender-names.js';
import { bundleResources } from '../guards.js';
import type { Communication } from './shared.js';
import { sleep } from '../client-retry.js';

/** The poll behind `FhirMessagingPort.subscribe` (see its JSDoc): runs until the signal aborts. */
export function pollMessages(
  client: FhirClient,
  threadId: string,
  onMessages: (messages: Message[]) => void,
  options: { signal: AbortSignal; as?: ActingAs; since?: string },
  pollIntervalMs: number,
): void {
  const { signal } = options;
  const seen = new Set<string>();
  let since = options.since;
  const interval = () => {
    // a hidden page polls four times less often
    const hidden = typeof document !== 'undefined' && document.visibilityState === 'hidden';
    return Math.min(60_000, pollIntervalMs * (hidden ? 4 : 1));
  };
  const poll = async () => {
    let delay = since === undefined ? 0 : interval();
    while (!signal.aborted) {
      await sleep(delay, signal).catch(() => undefined); // an abort ends the wait; the loop checks it
      if (signal.aborted) return;
      try {
        const learning = since === undefined;
        const sinceParam = since ? `&sent=gt${encodeURIComponent(since)}` : '';
        const page = await client.request<Bundle<Communication>>(
          'GET',
          `Communication?part-of=Communication/${encodeURIComponent(threadId)}&_sort=-sent&_count=50${sinceParam}&${INCLUDE_SENDERS}`,
          { signal },
        );
        const found = bundleResources<Communication>(withSenderNames(page.body), 'Communication');
        const fresh = found.filter((r) => r.id && !seen.has(r.id));
        for (const r of found) if (r.id) seen.add(r.id);
        const newest = found.map(sentOf).sort().at(-1);
        if (learning) {
          since = newest ?? new Date(0).toISOString();
        } else if (fresh.length) {
          if (newest && (!since || newest > since)) since = newest;
          // retracted and never-sent ones are no messages: the mapping leaves them out
          const messages = toMessages(fresh, threadId, options.as, []).sort((a, b) => Date.parse(a.sent) - Date.parse(b.sent));
          if (messages.length && !signal.aborted) onMessages(messages);
        }
        delay = interval();
      } catch {
        delay = Math.min(60_000, Math.max(delay, pollIntervalMs) * 2);
      }
    }
  };
  void poll();
}

