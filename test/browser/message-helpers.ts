import { expect } from '@open-wc/testing';
import { newIdempotencyKey } from '../../src/core/events.js';

/**
 * Helpers for the messaging tests.
 *
 * `@lit-labs/virtualizer` measures its children with a ResizeObserver; when a layout
 * pass resizes them again in the same frame, Chromium reports "ResizeObserver loop
 * completed with undelivered notifications" as a window error. The notifications are
 * delivered in the next frame (the spec's behaviour, not a fault), but the test runner
 * would count the report as an uncaught error, so this one message is ignored here.
 */
export function ignoreResizeObserverLoop(): void {
  window.addEventListener('error', (event) => {
    if (/ResizeObserver loop/.test(event.message)) {
      event.stopImmediatePropagation();
      event.preventDefault();
    }
  });
}

/**
 * JSON over plain `fetch` to the FHIR server at `base()` (set in a `before`), for tests that
 * write records straight to it and read them back: a write must land (200/201), and a read
 * is never the browser's cached copy of a resource read before a write. `newPatient` makes
 * a patient of the test's own, named `label` and a fresh key, so its records are only what
 * the test writes; `conversation` a two-party conversation of that patient's.
 */
export function serverJson(base: () => string, label: string) {
  const write = async <T>(method: string, path: string, resource: Record<string, unknown>): Promise<T> => {
    const response = await fetch(`${base()}/${path}`, { method, headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify(resource) });
    expect(response.status, `${method} ${path}`).to.be.oneOf([200, 201]);
    return (await response.json()) as T;
  };
  const read = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${base()}/${path}`, { cache: 'no-store' });
    expect(response.status, `GET ${path}`).to.equal(200);
    return (await response.json()) as T;
  };
  const newPatient = async (): Promise<string> => {
    const patient = await write<{ id: string }>('POST', 'Patient', { resourceType: 'Patient', name: [{ text: `${label} ${newIdempotencyKey()}` }] });
    return `Patient/${patient.id}`;
  };
  /** A two-party conversation header (the patient and one clinician, "Lab results"), written straight to the server. */
  const conversation = <T>(patient: string, clinician: { ref: string; name: string }): Promise<T> =>
    write<T>('POST', 'Communication', {
      resourceType: 'Communication',
      status: 'in-progress',
      subject: { reference: patient },
      topic: { text: 'Lab results' },
      recipient: [{ reference: patient }, { reference: clinician.ref, display: clinician.name }],
      sent: '2026-11-20T09:00:00Z',
    });
  return { write, read, newPatient, conversation };
}
