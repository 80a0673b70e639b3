import { isServer } from 'lit';
import { ContextRoot } from '@lit/context';
import { VERSION } from './version.js';

const ROOT_ATTACHED = Symbol.for('ehr-engage.context-root');

/**
 * Registers a custom element unless the tag is taken. An EHR screen may load the
 * library twice (two vendors' bundles, or the npm build beside the script tag): the
 * first copy wins, a different version is reported once, and nothing throws.
 */
export function define(tag: string, element: CustomElementConstructor & { engageVersion?: string }): void {
  // Lit's browser build with no DOM (the script-tag bundle imported by a server) has nothing to define into
  if (!isServer && typeof document === 'undefined') return;
  attachContextRoot();
  const existing = customElements.get(tag) as (CustomElementConstructor & { engageVersion?: string }) | undefined;
  if (existing) {
    const ours = element.engageVersion ?? VERSION;
    if (existing !== element && existing.engageVersion !== ours) {
      console.warn(
        `ehr-engage: <${tag}> is already defined by version ${existing.engageVersion ?? 'unknown'}; ` +
          `version ${ours} will use that definition.`,
      );
    }
    return;
  }
  customElements.define(tag, element);
}

/*
 * A ContextRoot lets an element that upgrades before its <engage-provider> (for example
 * when the provider's script loads later) still receive the adapter once the provider
 * arrives. One root per page is enough, whichever copy attaches it.
 */
function attachContextRoot(): void {
  const registry = globalThis as { [ROOT_ATTACHED]?: boolean };
  if (registry[ROOT_ATTACHED] || typeof document === 'undefined') return;
  registry[ROOT_ATTACHED] = true;
  new ContextRoot().attach(document.documentElement);
}
