/**
 * Reads a knowledge service's JSON answer: the Atom feed of the HL7 infobutton
 * service-oriented guide as MedlinePlus Connect writes it in JSON (`feed.entry[]` with
 * `title._value`, `summary._value` and `link[].href`). Every field is checked for its
 * type; an entry without a title is skipped; a link that is not http(s) is dropped.
 */
import type { KnowledgeEntry } from '../ports/education.js';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `{ _value: "…" }` as the JSON Atom writes text, or a plain string. */
function textOf(value: unknown): string | undefined {
  const text = isRecord(value) ? value._value : value;
  return typeof text === 'string' && text.trim() ? text.trim() : undefined;
}

/** Only absolute http(s) URLs survive; `javascript:`, `data:` and relative links do not. */
export function safeHttpUrl(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const url = new URL(value.trim());
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function linkOf(value: unknown): string | undefined {
  const links = Array.isArray(value) ? value : [value];
  for (const link of links) {
    const href = safeHttpUrl(isRecord(link) ? link.href : undefined);
    if (href) return href;
  }
  return undefined;
}

/**
 * The entries of a feed; `[]` for a feed with none (the service has nothing for this
 * code). `undefined` when the body is not a feed at all (the caller treats that as a
 * fault of the service, not as "nothing found").
 */
export function parseKnowledgeFeed(body: unknown): KnowledgeEntry[] | undefined {
  const feed = isRecord(body) ? body.feed : undefined;
  if (!isRecord(feed)) return undefined;
  const raw = feed.entry;
  const entries = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  const out: KnowledgeEntry[] = [];
  for (const entry of entries) {
    if (!isRecord(entry)) continue;
    const title = textOf(entry.title);
    if (!title) continue;
    const summaryHtml = textOf(entry.summary);
    const url = linkOf(entry.link);
    out.push({ title, ...(summaryHtml ? { summaryHtml } : {}), ...(url ? { url } : {}) });
  }
  return out;
}
