/**
 * The script-tag entry, `dist/ehr-engage.js`. It defines `<engage-provider>` at once and
 * every other element the first time the page uses it, loading that element's code from
 * a chunk beside this file, so a page pays only for the elements it shows.
 *
 * Elements the page adds later are found as they are added. An element the page hides
 * with the `hidden` attribute (on it or an ancestor: a closed tab) loads when the attribute
 * goes, so hidden tabs cost nothing until first viewed (issue 20). An element inside a
 * host's own shadow root cannot be seen from the document, and an element hidden some
 * other way (CSS) is loaded at once: call `loadElement(tag)` to load one yourself.
 */
import './core/provider.js';

/** Every element and the chunk that defines it. test/node/package.test.mjs keeps this complete. */
const ELEMENTS: Record<string, () => Promise<unknown>> = {
  'engage-patient-banner': () => import('./elements/patient-banner/patient-banner.js'),
  'engage-clinical-summary': () => import('./elements/clinical-summary/clinical-summary.js'),
  'engage-message-inbox': () => import('./elements/message-inbox/message-inbox.js'),
  'engage-message-thread': () => import('./elements/message-thread/message-thread.js'),
  'engage-refill-request': () => import('./elements/refill-request/refill-request.js'),
  'engage-refill-queue': () => import('./elements/refill-queue/refill-queue.js'),
  'engage-decision-aid': () => import('./elements/decision-aid/decision-aid.js'),
  'engage-immunizations': () => import('./elements/immunizations/immunizations.js'),
  'engage-health-tracker': () => import('./elements/health-tracker/health-tracker.js'),
  'engage-patient-switcher': () => import('./elements/patient-switcher/patient-switcher.js'),
  'engage-portal-home': () => import('./elements/portal-home/portal-home.js'),
  'engage-care-reminders': () => import('./elements/care-reminders/care-reminders.js'),
  'engage-care-gap-worklist': () => import('./elements/care-gap-worklist/care-gap-worklist.js'),
  'engage-learn-more': () => import('./elements/learn-more/learn-more.js'),
  'engage-education': () => import('./elements/education/education.js'),
  'engage-questionnaire': () => import('./elements/questionnaire/questionnaire.js'),
  'engage-appointments': () => import('./elements/appointments/appointments.js'),
  'engage-appointment-queue': () => import('./elements/appointment-queue/appointment-queue.js'),
};

const loading = new Map<string, Promise<void>>();

/** Loads and defines an element now; resolves once it is defined. */
export function loadElement(tag: string): Promise<void> {
  const load = ELEMENTS[tag];
  if (!load) return Promise.reject(new Error(`ehr-engage has no element <${tag}>.`));
  let pending = loading.get(tag);
  if (!pending) {
    pending = load()
      .then(() => customElements.whenDefined(tag))
      .then(() => undefined);
    pending.catch((error: unknown) => {
      loading.delete(tag); // let a later use try again
      console.error(`ehr-engage: could not load <${tag}>.`, error);
    });
    loading.set(tag, pending);
  }
  return pending;
}

/**
 * Whether the page hides the element with the `hidden` attribute, on it or on an ancestor
 * (a closed tab, a collapsed panel): such an element loads, and so fetches its data, only
 * when it is shown.
 */
const hiddenByPage = (element: Element) => element.closest('[hidden]') !== null;

/** Loads every not-yet-defined engage element at or under `root` that the page shows. */
function discover(root: Element | Document): void {
  const found = root instanceof Element && !root.matches(':defined') ? [root] : [];
  found.push(...root.querySelectorAll(':not(:defined)'));
  for (const element of found) {
    if (element.localName in ELEMENTS && !loading.has(element.localName) && !hiddenByPage(element)) void loadElement(element.localName);
  }
}

if (typeof document !== 'undefined') {
  new MutationObserver((records) => {
    for (const record of records) {
      if (record.type === 'attributes') {
        if (record.target instanceof Element && !record.target.hasAttribute('hidden')) discover(record.target);
        continue;
      }
      for (const node of record.addedNodes) if (node instanceof Element) discover(node);
    }
  }).observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ['hidden'] });
  discover(document);
}

// the FHIR ports load on first use (issue 20): every port's mapping up front would be
// most of this file on a page that shows one element
export { createLazyFhirAdapter as createFhirAdapter, fromSmartClientLazily as fromSmartClient } from './adapters/fhir/lazy-adapter.js';
export { FhirClient } from './adapters/fhir/client.js';
export { createMemoryAdapter } from './adapters/memory/index.js';
export { EngageError, isEngageError } from './core/errors.js';
export { applyLocale, loadLocale, registerTranslation } from './core/localization.js';
export { newIdempotencyKey } from './core/events.js';
export { VERSION } from './core/version.js';
