/**
 * Text a host configures on an element (the reply time shown before sending a message):
 * one string, or one per language, so a Spanish sentence never carries an English phrase
 * (#19). The library cannot translate a host's words; the host gives each language.
 *
 * ```html
 * <engage-message-thread reply-time='{"en": "2 business days", "es": "2 días hábiles"}'>
 * ```
 * ```js
 * thread.replyTime = { en: '2 business days', es: '2 días hábiles' };
 * ```
 */
import type { ComplexAttributeConverter } from 'lit';

/** One text for every language, or one per BCP 47 language tag (`en`, `es`, `es-MX`). */
export type HostText = string | Readonly<Record<string, string | undefined>>;

/**
 * Reads the attribute: a JSON object (`{"en": "…", "es": "…"}`) is a text per language;
 * anything else is the text itself, as before.
 */
export const hostTextConverter: ComplexAttributeConverter<HostText | undefined> = {
  fromAttribute(value: string | null): HostText | undefined {
    if (value === null) return undefined;
    if (!value.trimStart().startsWith('{')) return value;
    try {
      const parsed: unknown = JSON.parse(value);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return value;
      // only string values count: a number or an object is not text for anyone
      return Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
    } catch {
      return value; // not JSON after all: text that starts with a brace
    }
  },
  toAttribute(value: HostText | undefined): string | undefined {
    return typeof value === 'string' || value === undefined ? value : JSON.stringify(value);
  },
};

/**
 * The host's text in `locale`: its exact tag (`es-MX`), then its language (`es`), then
 * English (the library's own fallback); `undefined` when there is none, so the sentence
 * is left out rather than written in a language the reader did not choose.
 */
export function hostTextIn(text: HostText | undefined, locale: string): string | undefined {
  if (text === undefined || typeof text === 'string') return text || undefined;
  const byTag = new Map(Object.entries(text).map(([tag, value]) => [tag.toLowerCase().replace(/_/g, '-'), value]));
  const tag = locale.toLowerCase().replace(/_/g, '-');
  const language = tag.split('-')[0] ?? '';
  return byTag.get(tag) || byTag.get(language) || byTag.get('en') || undefined;
}
