/**
 * The code a conversation loads only when it needs it, each a chunk of its own: the
 * virtualizer (long conversations) and the sanitizer (bodies not in the composer's plain
 * form). Apart from the element because the first load, the live updates and the message
 * templates all wait for or read what is loaded here.
 */
import type * as VirtualizeModule from '@lit-labs/virtualizer/virtualize.js';
import type * as FlowModule from '@lit-labs/virtualizer/layouts/flow.js';
import type { Message } from '../../adapters/ports.js';
import type * as SanitizeModule from '../../core/sanitize.js';
import { needsSanitizer } from '../../core/plain-markup.js';

export type Virtualize = typeof VirtualizeModule & Pick<typeof FlowModule, 'flow'>;

/**
 * The virtualizer and its (flow) layout, loaded together: given no layout type, the
 * virtualizer fetches its layout only when first drawn, and the list stays blank meanwhile.
 */
export async function loadVirtualizer(): Promise<Virtualize> {
  const [virtualizer, layout] = await Promise.all([
    import('@lit-labs/virtualizer/virtualize.js'),
    import('@lit-labs/virtualizer/layouts/flow.js'),
  ]);
  return { ...virtualizer, flow: layout.flow };
}

/*
 * The sanitizer (DOMPurify, 12 KiB gzip) loads on demand, only once a message needs it:
 * bodies in the composer's own form (paragraphs and line breaks of escaped text) render
 * through Lit text bindings (core/plain-markup.ts), so a conversation of such messages
 * never downloads it. Any other body waits for it (see `whenSanitizable`).
 */
let sanitizer: typeof SanitizeModule | undefined;

/** The sanitizer, once loaded. */
export const loadedSanitizer = (): typeof SanitizeModule | undefined => sanitizer;

export async function loadSanitizer(): Promise<typeof SanitizeModule> {
  sanitizer ??= await import('../../core/sanitize.js');
  return sanitizer;
}

/** Loads the sanitizer if one of these messages needs it, before they are shown. */
export async function whenSanitizable(messages: readonly Message[]): Promise<void> {
  if (!sanitizer && messages.some((m) => needsSanitizer(m.body))) await loadSanitizer();
}
