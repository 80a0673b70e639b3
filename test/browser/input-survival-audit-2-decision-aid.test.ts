/**
 * Input-survival audit, part 2: <engage-decision-aid>'s "Save and share with my care team"
 * over the memory port. A failed save keeps the answers and says so (covered by
 * decision-aid.test.ts); this file checks where keyboard focus is left: on a control of
 * the aid, never on <body>, where a keyboard or screen-reader user loses their place.
 */
import { expect, html } from '@open-wc/testing';
import '../../src/elements/decision-aid/decision-aid.js';
import type { EngageDecisionAid } from '../../src/elements/decision-aid/decision-aid.component.js';
import { createMemoryAdapter } from '../../src/adapters/memory/index.js';
import { pageDrafts } from '../../src/core/drafts.js';
import { mountFrame, waitFor } from './helpers.js';
import { loadAids } from './decision-aid-helpers.js';

const NOW = new Date('2026-11-25T10:00:00Z');

afterEach(() => pageDrafts.clear());

async function failingAid(): Promise<EngageDecisionAid> {
  // every answer comes after a moment, as a server's does: the Save button is disabled meanwhile
  const adapter = createMemoryAdapter({ latencyMs: 150, decisionAids: { aids: loadAids, failSavesWith: 'network' } });
  const frame = mountFrame(
    html`<engage-decision-aid
      .adapter=${adapter}
      .session=${{ patient: 'Patient/85', role: 'patient', locale: 'en-US', now: () => NOW }}
      aid-id="colorectal-cancer-screening"
      start-step="summary"
    ></engage-decision-aid>`,
  );
  const el = frame.querySelector<EngageDecisionAid>('engage-decision-aid')!;
  await waitFor(() => el.shadowRoot!.querySelector('.save'), 'the summary step');
  return el;
}

/** Where focus is: the focused control inside the aid, or the page's active element. */
const focusIn = (el: EngageDecisionAid) => el.shadowRoot!.activeElement?.outerHTML.slice(0, 60) ?? `<${document.activeElement?.localName}> outside the aid`;

describe('input survival 2: decision-aid save that fails', () => {
  it('"Save and share" that fails leaves focus on a control of the aid, not on <body>', async () => {
    const el = await failingAid();
    const root = el.shadowRoot!;
    root.querySelector<HTMLInputElement>('input[name="leaning"][value="fit"]')!.click();
    const save = root.querySelector<HTMLButtonElement>('.save')!;
    save.focus();
    save.click();
    await waitFor(() => root.querySelector('[role="alert"]'), 'the save error');
    await el.updateComplete;
    expect(root.querySelector<HTMLInputElement>('input[name="leaning"][value="fit"]')!.checked, 'the answer is kept').to.equal(true);
    expect(root.activeElement !== null, `focus is inside the aid (now: ${focusIn(el)})`).to.equal(true);
  });

  it('"Try again" that fails again leaves focus on a control of the aid, not on <body>', async () => {
    const el = await failingAid();
    const root = el.shadowRoot!;
    root.querySelector<HTMLButtonElement>('.save')!.click();
    const retry = await waitFor(() => root.querySelector<HTMLButtonElement>('[part~="retry-button"]'), 'the retry button');
    retry.focus();
    retry.click();
    await waitFor(() => root.querySelector('.save[disabled]'), 'the second save');
    await waitFor(() => root.querySelector('[part~="retry-button"]'), 'the second failure');
    await el.updateComplete;
    expect(root.activeElement !== null, `focus is inside the aid (now: ${focusIn(el)})`).to.equal(true);
  });
});
