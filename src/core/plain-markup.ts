/**
 * Message bodies in the library's own form — paragraphs and line breaks of escaped text,
 * exactly what the composer writes (`textToHtml` in the message thread's composer) — read
 * back into text and rendered through Lit text bindings, so a conversation made of such
 * messages shows without loading the sanitizer (DOMPurify is 12 KiB gzip: a third of a
 * thread page's weight). Anything else — another tag, an attribute, an entity other than
 * the five the composer writes, a carriage return, a NUL — is not recognized here and
 * goes to the one sanitizer (`sanitize.ts`) as before.
 *
 * This parses nothing into markup: the text of each line is a Lit text binding, and the
 * only elements are the `<p>` and `<br>` of the template. The result is the DOM the
 * sanitizer makes of the same string (the tests compare the two node for node).
 */
import { html, type TemplateResult } from 'lit';

/** Text the HTML parser keeps as is, and the five escapes the composer writes. */
const TEXT = String.raw`(?:[^<&\0\r]|&(?:amp|lt|gt|quot|#39);)`;
/*
 * Each alternative starts with its own character (text, `&`, `<`), so matching is linear
 * in the length of the body, never backtracking.
 */
const BARE = new RegExp(`^${TEXT}*$`);
const PARAGRAPHS = new RegExp(`^(?:<p>(?:${TEXT}|<br>)*</p>)+$`);

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const decode = (text: string) => text.replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity]!);

/**
 * The body as something Lit renders safely — a string (text without markup) or a
 * template of `<p>` and `<br>` around text bindings — or `undefined` when the body is not
 * in that form and needs the sanitizer.
 */
export function renderPlainMarkup(markup: string): string | TemplateResult | undefined {
  if (BARE.test(markup)) return decode(markup);
  if (!PARAGRAPHS.test(markup)) return undefined;
  // the pattern guarantees the only tags are <p>, </p> and <br>, in that shape
  const paragraphs = markup.slice('<p>'.length, -'</p>'.length).split('</p><p>');
  return html`${paragraphs.map((paragraph) => html`<p>${paragraph.split('<br>').map((line, i) => (i ? html`<br>${decode(line)}` : decode(line)))}</p>`)}`;
}

/** Whether showing this body needs the sanitizer (it is not in the composer's plain form). */
export function needsSanitizer(markup: string | undefined | null): boolean {
  return typeof markup === 'string' && !BARE.test(markup) && !PARAGRAPHS.test(markup);
}
