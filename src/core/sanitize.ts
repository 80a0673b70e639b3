/**
 * The one sanitizer. Every piece of untrusted markup (message bodies, FHIR narrative,
 * C-CDA text, decision-aid rich text) reaches the DOM through `sanitizedHtml()` or
 * `sanitizeToFragment()` here, and nowhere else.
 *
 * - DOMPurify, as a private instance, so hooks set here never change a host page's copy.
 * - Output is DOM nodes, never an HTML string, so nothing is assigned to `innerHTML`
 *   and the result is safe under `require-trusted-types-for 'script'`.
 * - Allow-lists per use (messages allow a little formatting; narrative allows tables),
 *   no `style` attributes (they would need `style-src 'unsafe-inline'`), no images or
 *   media (they can track the reader), links only to http(s), mailto and tel, opened in
 *   a new browsing context with `rel="noopener noreferrer"`.
 */
import createDOMPurify, { type Config } from 'dompurify';
import { Directive, directive, type PartInfo, PartType } from 'lit/directive.js';
import { noChange, nothing } from 'lit';

/** Which allow-list to apply. */
export type SanitizeProfile = 'message' | 'narrative';

const INLINE = ['a', 'abbr', 'b', 'br', 'cite', 'code', 'em', 'i', 'q', 's', 'small', 'span', 'strong', 'sub', 'sup', 'u'];
const BLOCK = ['blockquote', 'div', 'li', 'ol', 'p', 'pre', 'ul'];
const NARRATIVE_ONLY = [
  'caption', 'col', 'colgroup', 'dd', 'dl', 'dt', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr',
  'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr',
];

const PROFILES: Record<SanitizeProfile, Config> = {
  message: {
    ALLOWED_TAGS: [...INLINE, ...BLOCK],
    ALLOWED_ATTR: ['href', 'title', 'lang', 'dir'],
  },
  narrative: {
    ALLOWED_TAGS: [...INLINE, ...BLOCK, ...NARRATIVE_ONLY],
    ALLOWED_ATTR: ['href', 'title', 'lang', 'dir', 'colspan', 'rowspan', 'scope', 'headers', 'abbr'],
  },
};

const SAFE_URL = /^(?:https?:|mailto:|tel:)/i;

let purify: ReturnType<typeof createDOMPurify> | undefined;
let policy: Pick<TrustedTypePolicy, 'createHTML' | 'createScriptURL'> | null | undefined;

/*
 * DOMPurify parses the dirty string with DOMParser, a Trusted Types sink. It needs a
 * policy whose output it then cleans; ours is named `ehr-engage` so a host's CSP can
 * allow it by name. If the name is taken (a second copy of the library on the page),
 * DOMPurify's own `dompurify` policy is used instead.
 */
function trustedTypesPolicy() {
  if (policy !== undefined) return policy;
  policy = null;
  const tt = (globalThis as { trustedTypes?: TrustedTypePolicyFactory }).trustedTypes;
  if (tt) {
    try {
      policy = tt.createPolicy('ehr-engage', {
        createHTML: (input: string) => input,
        createScriptURL: (input: string) => input,
      });
    } catch {
      policy = null;
    }
  }
  return policy;
}

function instance() {
  if (purify) return purify;
  purify = createDOMPurify(window);
  purify.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeName !== 'A') return;
    const href = node.getAttribute('href');
    if (href === null || !SAFE_URL.test(href.trim())) {
      // keep the text, drop a link we will not follow (javascript:, data:, relative)
      node.removeAttribute('href');
      return;
    }
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer');
  });
  return purify;
}

/** Cleans untrusted markup into a fragment of inert, allow-listed DOM nodes. */
export function sanitizeToFragment(html: string, profile: SanitizeProfile = 'message'): DocumentFragment {
  const tt = trustedTypesPolicy();
  const fragment = instance().sanitize(String(html ?? ''), {
    ...PROFILES[profile],
    ALLOWED_URI_REGEXP: SAFE_URL,
    RETURN_DOM_FRAGMENT: true,
    ...(tt ? { TRUSTED_TYPES_POLICY: tt as TrustedTypePolicy } : {}),
  });
  // a document whose root is a <frameset> has no body: DOMPurify returns null, and
  // there is nothing safe to show
  return (fragment as DocumentFragment | null) ?? document.createDocumentFragment();
}

const BREAKS = new Set(['BR', 'P', 'DIV', 'LI', 'TR', 'TD', 'TH', 'DT', 'DD', 'BLOCKQUOTE', 'PRE', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6']);

/** The readable text of untrusted markup, for previews and text alternatives. */
export function sanitizeToText(html: string): string {
  const fragment = sanitizeToFragment(html, 'narrative');
  // words in neighbouring blocks ("<p>a</p><p>b</p>") must not run together
  for (const element of fragment.querySelectorAll('*')) {
    if (BREAKS.has(element.nodeName)) element.after(' ');
  }
  return (fragment.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/*
 * A Lit directive so templates can write ${sanitizedHtml(body)}. It re-sanitizes only
 * when the input changes; a fragment can be inserted once, so it is never reused.
 */
class SanitizedHtmlDirective extends Directive {
  private last: string | undefined;
  private lastProfile: SanitizeProfile | undefined;

  constructor(partInfo: PartInfo) {
    super(partInfo);
    if (partInfo.type !== PartType.CHILD) throw new Error('sanitizedHtml() only works in child position');
  }

  render(html: string | undefined | null, profile: SanitizeProfile = 'message') {
    if (html === undefined || html === null || html === '') {
      this.last = undefined;
      return nothing;
    }
    if (html === this.last && profile === this.lastProfile) return noChange;
    this.last = html;
    this.lastProfile = profile;
    return sanitizeToFragment(html, profile);
  }
}

/** Renders untrusted markup as sanitized DOM: `${sanitizedHtml(message.body)}`. */
export const sanitizedHtml = directive(SanitizedHtmlDirective);
