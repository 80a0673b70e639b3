/**
 * Detecting script execution rather than guessing it: every way a fixture payload could
 * call out (alert, prompt, confirm, print, window.open) is replaced with a recorder.
 */
import { expect } from '@open-wc/testing';
import { fixture } from './helpers.js';

/** What executed since the traps were installed, e.g. `alert:1`. */
export const hits: string[] = [];

/** Installs the recorders; returns a function that puts the originals back. */
export function installTraps(): () => void {
  const saved = { alert: window.alert, prompt: window.prompt, confirm: window.confirm, print: window.print, open: window.open };
  window.alert = (m?: unknown) => void hits.push(`alert:${String(m)}`);
  window.prompt = (m?: string) => (hits.push(`prompt:${String(m)}`), null);
  window.confirm = (m?: string) => (hits.push(`confirm:${String(m)}`), false);
  window.print = () => void hits.push('print');
  window.open = () => (hits.push('open'), null);
  return () => Object.assign(window, saved);
}

/** Every payload of the three XSS fixture sets, with the file it came from. */
export async function xssPayloads(): Promise<{ source: string; payload: string }[]> {
  const payloads: { source: string; payload: string }[] = [];
  for (const file of ['payloadbox-xss-payloads.json', 'owasp-xss-filter-evasion.json', 'dompurify-expect-vectors.json']) {
    const vectors = await fixture<{ payload: string }[]>(`sanitizer/${file}`);
    payloads.push(...vectors.map((v) => ({ source: file, payload: v.payload })));
  }
  return payloads;
}

/**
 * A control for the traps, to call inside a suite with the traps installed: markup that
 * is NOT sanitized runs, and the traps see it (so a clean result elsewhere means something).
 */
export function itDetectsUnsanitizedExecution(): void {
  it('detects execution when markup is not sanitized (control for the traps)', async () => {
    hits.length = 0;
    const img = document.createElement('img');
    img.setAttribute('onerror', 'alert("control")');
    img.src = 'data:image/png;base64,AAAA';
    document.body.append(img);
    await new Promise((resolve) => setTimeout(resolve, 200));
    img.remove();
    expect(hits).to.deep.equal(['alert:control']);
  });
}
