/**
 * What the page tells an element about its viewer. Where an element inherits its language
 * from when neither it nor its provider names one: the nearest ancestor with a `lang`
 * attribute, looking through shadow roots to their hosts (an element inside a host's
 * component still follows the host's page); and the viewer's time zone, where a moment is
 * read. Browser-only: called from `connectedCallback` or `render()`, never at module load.
 */

/** The viewer's time zone, as the browser reports it: where a moment (a message sent, a request made) is read. */
export const viewerTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

/** The `lang` of the nearest ancestor that has a non-empty one. */
export function inheritedLang(element: Element): string | undefined {
  let node: Node | null = element;
  while (node) {
    const parent: Node | null = node.parentNode;
    node = parent instanceof ShadowRoot ? parent.host : parent;
    if (node instanceof Element) {
      const lang = node.getAttribute('lang');
      if (lang) return lang;
    }
  }
  return undefined;
}

const watchers = new Set<() => void>();
let observer: MutationObserver | undefined;

/**
 * Calls `changed` whenever a `lang` attribute changes anywhere in the document (a host
 * switching `<html lang>`); returns the function that stops watching. One observer serves
 * every element and is dropped when the last one stops.
 */
export function watchLang(changed: () => void): () => void {
  watchers.add(changed);
  if (!observer) {
    observer = new MutationObserver(() => watchers.forEach((watcher) => watcher()));
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'], subtree: true });
  }
  return () => {
    watchers.delete(changed);
    if (!watchers.size) {
      observer?.disconnect();
      observer = undefined;
    }
  };
}
