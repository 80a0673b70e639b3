/**
 * Issue #19, defect 7: a chosen option is read in full, and a medicine name never breaks
 * inside a word. The review saw "Main Street Pharmacy (d", "Nurse line — Symptoms, care
 * questions anc…" and "diphenhydrAMIN/E", on a desktop too; so each check runs in a
 * 320 px and a 1280 px wide frame.
 */
import { expect, html } from '@open-wc/testing';
import '../../src/elements/refill-request/refill-request.js';
import '../../src/elements/message-inbox/message-inbox.js';
import { createMemoryAdapter } from '../../src/adapters/memory/index.js';
import type { Prescription } from '../../src/adapters/ports.js';
import { applyLocale, loadLocale } from '../../src/core/localization.js';
import { REFILL_PATIENT, refillData, samplePrescriptions, sampleRequests } from '../../stories/data/refills.js';
import { MESSAGE_PATIENT, PATIENT_USER, messagingData } from '../../stories/data/messages.js';
import { demoData, fixture, mountFrame, settled, waitFor } from './helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any */

/*
 * Room Chromium keeps at the end of a closed <select> for its arrow: 24 px is more than
 * the arrow takes at the elements' font size, so a text that passes surely shows whole.
 */
const ARROW = 24;

/** Width the chosen option's text needs, and the room the closed control gives it. */
function chosenFit(select: HTMLSelectElement): { text: string; need: number; room: number } {
  const text = (select.selectedOptions[0]?.textContent ?? '').replace(/\s+/g, ' ').trim();
  const style = getComputedStyle(select);
  const probe = document.createElement('span');
  probe.textContent = text;
  probe.style.font = style.font;
  probe.style.letterSpacing = style.letterSpacing;
  probe.style.whiteSpace = 'pre';
  probe.style.position = 'absolute';
  probe.style.visibility = 'hidden';
  select.parentNode!.append(probe);
  const need = probe.getBoundingClientRect().width;
  probe.remove();
  const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - ARROW;
  return { text, need, room };
}

/** Every option, chosen in turn: its full text fits the closed control, which stays inside its frame. */
async function expectEveryOptionFits(host: Element, select: HTMLSelectElement, frame: HTMLElement): Promise<void> {
  for (const option of [...select.options].filter((o) => o.value)) {
    select.value = option.value;
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await settled(host as any);
    const { text, need, room } = chosenFit(select);
    expect(need, `"${text}" needs ${need.toFixed(0)} px; the control gives ${room.toFixed(0)} px`).to.be.at.most(room);
    expect(select.getBoundingClientRect().right).to.be.at.most(frame.getBoundingClientRect().right + 0.5);
  }
}

/**
 * Words (split at spaces and slashes, where a name may wrap) whose characters lie on
 * more than one line: each word's Range must give line boxes at one height.
 */
function brokenWords(element: Element): string[] {
  const broken: string[] = [];
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const match of (node.nodeValue ?? '').matchAll(/[^\s/]+/g)) {
      const range = document.createRange();
      range.setStart(node, match.index!);
      range.setEnd(node, match.index! + match[0].length);
      const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
      if (tops.size > 1) broken.push(match[0]);
    }
  }
  return broken;
}

async function framed<T extends HTMLElement>(width: number, content: unknown): Promise<{ frame: HTMLElement; el: T }> {
  const frame = mountFrame(content, `width: ${width}px; padding: 8px; box-sizing: border-box`);
  const el = frame.firstElementChild as T & { updateComplete?: Promise<unknown> };
  await el.updateComplete;
  return { frame, el };
}

/** Medicine names as the sources record them (long, with tall-man letters and slashes). */
async function longNames(): Promise<string[]> {
  const displays = (bundle: any): string[] =>
    (bundle.entry ?? [])
      .map((e: any) => e.resource)
      .filter((r: any) => r?.resourceType === 'MedicationRequest')
      .map((r: any) => r.medicationCodeableConcept?.coding?.[0]?.display ?? r.medicationCodeableConcept?.text)
      .filter(Boolean);
  const synthea = displays(await demoData('synthea-dennis-durgan-78f005f3.json'));
  const usCore = displays(await fixture('fhir-r4/us-core/uscore-bundle-patient-85.json'));
  const names = [...new Set([...synthea, ...usCore])].filter((n) => /diphenhydrAMINE|\//.test(n));
  expect(names.some((n) => n.includes('diphenhydrAMINE')), 'a tall-man name from Synthea').to.equal(true);
  return names;
}

describe('defect 7: chosen options read in full, medicine names break only between words', function () {
  afterEach(() => applyLocale('en'));

  for (const width of [320, 1280]) {
    for (const locale of ['en', 'es']) {
      it(`refill request at ${width} px (${locale}): every pharmacy's name and details show in full`, async () => {
        await loadLocale(locale);
        const { frame, el } = await framed<HTMLElement>(
          width,
          html`<engage-refill-request
            .adapter=${createMemoryAdapter({ refills: refillData() })}
            .session=${{ patient: REFILL_PATIENT, role: 'patient', locale }}
          ></engage-refill-request>`,
        );
        await waitFor(() => el.shadowRoot?.querySelector('[part~="pharmacy"]'), 'the pharmacies');
        // one radio per pharmacy (a closed select cut the names): each label and its details show in full
        const radios = [...el.shadowRoot!.querySelectorAll<HTMLInputElement>('input[name="pharmacy"]')];
        expect(radios.length).to.equal(refillData().pharmacies!.length);
        for (const radio of radios) {
          const details = el.shadowRoot!.getElementById(radio.getAttribute('aria-describedby') ?? '');
          for (const text of [radio.labels![0]!, ...(details ? [details] : [])]) {
            expect(text.scrollWidth, text.textContent!).to.be.at.most(text.clientWidth);
            expect(text.getBoundingClientRect().right).to.be.at.most(frame.getBoundingClientRect().right + 0.5);
            expect(brokenWords(text), text.textContent!).to.deep.equal([]);
          }
        }
      });

      it(`message inbox at ${width} px (${locale}): every recipient, chosen, shows its full name`, async () => {
        await loadLocale(locale);
        const { frame, el } = await framed<HTMLElement>(
          width,
          html`<engage-message-inbox
            .adapter=${createMemoryAdapter({ messaging: messagingData() })}
            .session=${{ patient: MESSAGE_PATIENT, user: PATIENT_USER.user, role: 'patient', locale }}
          ></engage-message-inbox>`,
        );
        (await waitFor(() => el.shadowRoot?.querySelector<HTMLButtonElement>('[part~="new-button"]'), 'the inbox')).click();
        const select = await waitFor(() => el.shadowRoot?.querySelector<HTMLSelectElement>('#new-recipient'), 'the form');
        await expectEveryOptionFits(el, select, frame);
      });
    }

    it(`refill request at ${width} px: long medicine names wrap between words, never inside one`, async () => {
      const names = await longNames();
      const prescriptions: Prescription[] = samplePrescriptions().map((p, i) => ({
        ...p,
        medication: { text: names[i % names.length]!, codings: [] },
      }));
      // the earlier requests (the history list) carry the long names too
      const requests = sampleRequests().map((r, i) => ({ ...r, medication: { text: names[(i + 1) % names.length]!, codings: [] } }));
      const { el } = await framed<HTMLElement>(
        width,
        html`<engage-refill-request
          .adapter=${createMemoryAdapter({ refills: refillData({ prescriptions: { [REFILL_PATIENT]: prescriptions }, requests }) })}
          .session=${{ patient: REFILL_PATIENT, role: 'patient', locale: 'en' }}
        ></engage-refill-request>`,
      );
      await waitFor(() => el.shadowRoot?.querySelector('[part~="pharmacy"]'), 'the list');
      await waitFor(() => el.shadowRoot!.querySelector('[part~="history"] .med-name, .history .med-name'), 'the history');
      const shown = [...el.shadowRoot!.querySelectorAll('.med-name')];
      expect(shown.length).to.be.at.least(names.length + requests.length);
      for (const name of shown) expect(brokenWords(name), name.textContent!).to.deep.equal([]);
    });
  }
});
