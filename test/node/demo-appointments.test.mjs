// The demo's Appointments tab (#15) in headless Chromium under the demo's strict CSP,
// against the local FHIR server: issue #15's "Done when". The featured patient books a
// checkup through every step (visit type, clinician, location, a day in the calendar by
// keyboard, a time, review, book), moves it to another day, cancels it; then asks for a
// visit the clinic books itself, which the clinician approves into a slot from the queue,
// and the patient then sees it booked. Every expectation is counted on the server (plain
// fetch to the FHIR base the demo uses) and from the seed's Slots, not through the
// element or its adapter. Needs `npm run build` first.
//
// Functions passed to page.evaluate / waitForFunction run in the page:
/* global document */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { openDemoBrowser } from './demo-browser.mjs';
import { FEATURED_PATIENT_ID } from '../../demo/server/seed.mjs';

const BUNDLE = new URL('../../dist/ehr-engage.js', import.meta.url);
const STEP = 60_000;
const PATIENT = `Patient/${FEATURED_PATIENT_ID}`;
/** The seed's schedules (demo/server/seed-appointments.mjs): Dr. Lee's checkups, and every clinician's consults. */
const LEE_CHECKUP = 'Schedule/demo-sched-lee-checkup';
const CONSULT_SCHEDULES = ['demo-sched-lee-consult', 'demo-sched-ortiz-consult', 'demo-sched-nakamura-consult'].map((id) => `Schedule/${id}`);

describe('demo: a patient books, moves and cancels a visit; the clinician approves a request', { skip: !existsSync(BUNDLE) && 'run `npm run build` first' }, () => {
  /** @type {Awaited<ReturnType<typeof openDemoBrowser>>} */ let opened;
  /** @type {any} */ let demo;
  /** @type {import('puppeteer-core').Page} */ let page;
  /** @type {string[]} */ let pageErrors;
  /** @type {string[]} */ let violations;
  /** The checkup booked in the first step, and its slot, as the server holds them. */
  /** @type {any} */ let booked;

  before(async () => {
    opened = await openDemoBrowser('appt');
    ({ demo, page, pageErrors, violations } = opened);
  });

  after(async () => {
    await opened?.close();
  });

  /** @param {string} query @returns {Promise<any[]>} */
  async function search(query) {
    const response = await fetch(`${demo.fhirUrl}/${query}`, { headers: { Accept: 'application/fhir+json' } });
    assert.equal(response.status, 200, query);
    return ((await response.json()).entry ?? []).map((/** @type {any} */ e) => e.resource).filter((/** @type {any} */ r) => r.resourceType !== 'OperationOutcome');
  }

  /** @param {string} type @param {string} id */
  async function read(type, id) {
    const response = await fetch(`${demo.fhirUrl}/${type}/${id}`, { headers: { Accept: 'application/fhir+json' } });
    assert.equal(response.status, 200, `${type}/${id}`);
    return response.json();
  }

  /** The featured patient's Appointments on the server. */
  const appointments = async () => (await search(`Appointment?actor=${PATIENT}&_count=200`)).filter((a) => a.participant?.some((/** @type {any} */ p) => p.actor?.reference === PATIENT));
  /** @param {any} a */
  const slotOf = (a) => /** @type {string} */ (a.slot?.[0]?.reference ?? '').replace(/^Slot\//, '');
  /** Free slots of the schedules from now on, earliest first. @param {string[]} schedules */
  async function freeSlots(schedules) {
    const now = Date.now();
    const slots = await search(`Slot?schedule=${schedules.join(',')}&status=free&_count=1000`);
    return slots.filter((s) => Date.parse(s.start) > now).sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  }
  /** The calendar date of an instant in New York (the Harbor clinic's zone). @param {string} start */
  const harborDate = (start) => new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' }).format(new Date(start));

  /** Waits for an element matching `selector` in the shadow root of `host`. */
  async function waitIn(/** @type {string} */ host, /** @type {string} */ selector) {
    const handle = await page.waitForFunction((h, sel) => document.querySelector(h)?.shadowRoot?.querySelector(sel), { timeout: STEP }, host, selector);
    return /** @type {import('puppeteer-core').ElementHandle<HTMLElement>} */ (handle);
  }

  /** Waits for the button (inside `host`) whose text matches, and clicks it with the mouse. */
  async function clickButton(/** @type {string} */ host, /** @type {RegExp} */ text, /** @type {string} */ within = 'button') {
    const handle = await page.waitForFunction(
      (h, source, sel) => {
        const root = document.querySelector(h)?.shadowRoot;
        return [...(root?.querySelectorAll(sel) ?? [])].find((b) => new RegExp(source).test(b.textContent?.replace(/\s+/g, ' ').trim() ?? '') && /** @type {HTMLElement} */ (b).offsetParent !== null);
      },
      { timeout: STEP },
      host,
      text.source,
      within,
    );
    await /** @type {import('puppeteer-core').ElementHandle<HTMLElement>} */ (handle).click();
  }

  const PATIENT_VIEW = '#panel-appointments engage-appointments';

  /** Opens the demo (a fresh page: nothing in memory) on the featured patient's Appointments tab. */
  async function openTab() {
    await page.goto(demo.demoUrl, { waitUntil: 'load', timeout: STEP });
    await page.waitForFunction(() => document.getElementById('tab-appointments'), { timeout: STEP });
    await page.click('#tab-appointments');
  }

  /** The text of the patient's card for an appointment, once it matches. */
  async function cardText(/** @type {string} */ id, /** @type {RegExp} */ expected) {
    const handle = await page.waitForFunction(
      (h, selector, source) => {
        const text = document.querySelector(h)?.shadowRoot?.querySelector(selector)?.textContent?.replace(/\s+/g, ' ') ?? '';
        return new RegExp(source).test(text) ? text : undefined;
      },
      { timeout: STEP },
      PATIENT_VIEW,
      `#appointment-${id}`,
      expected.source,
    );
    return String(await handle.jsonValue());
  }

  it('books a checkup with Dr. Lee step by step: one booked Appointment holds the slot, the slot is busy', async () => {
    const before = await appointments();
    assert.equal(before.filter((a) => a.status === 'booked').length, 0, 'no booked visit before the test');
    // the slot the steps lead to, from the server: Dr. Lee's first free checkup, the first time on the first open day
    const [expected] = await freeSlots([LEE_CHECKUP]);
    assert.ok(expected, 'the seed has free checkups');

    await openTab();
    await clickButton(PATIENT_VIEW, /^Book a visit$/);
    await clickButton(PATIENT_VIEW, /^Checkup$/);
    await clickButton(PATIENT_VIEW, /Lee$/);
    await clickButton(PATIENT_VIEW, /^Harbor Family Clinic/);
    // the calendar: its one tab stop is the first open day; Enter picks it (the grid pattern)
    const day = await waitIn(PATIENT_VIEW, 'td.day.open[tabindex="0"]');
    assert.equal(await day.evaluate((td) => td.getAttribute('data-date')), harborDate(expected.start));
    await day.focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction((h) => /Times on/.test(document.querySelector(h)?.shadowRoot?.querySelector('#step-heading')?.textContent ?? ''), { timeout: STEP }, PATIENT_VIEW);
    const time = await waitIn(PATIENT_VIEW, 'ul.times button');
    await time.click();
    await clickButton(PATIENT_VIEW, /^Book this visit$/);
    await waitIn(PATIENT_VIEW, '[part="appointment"]');

    const after = await appointments();
    const added = after.filter((a) => !before.some((b) => b.id === a.id));
    assert.equal(added.length, 1, 'exactly one new Appointment');
    assert.equal(added[0].status, 'booked');
    assert.equal(slotOf(added[0]), expected.id, "Dr. Lee's first free checkup");
    assert.equal((await read('Slot', expected.id)).status, 'busy');
    assert.equal((await search(`Appointment?slot=Slot/${expected.id}&status=booked`)).length, 1, 'one booking on the slot');
    booked = added[0];
    await cardText(booked.id, /Booked/);
  });

  it('moves it to another day: one booked Appointment on the new slot, the old one cancelled and its slot free', async () => {
    assert.ok(booked, 'the booking step ran');
    const oldSlot = slotOf(booked);
    const free = await freeSlots([LEE_CHECKUP]);
    const firstDay = harborDate(free[0].start);
    const expected = free.find((s) => harborDate(s.start) > firstDay);
    assert.ok(expected, 'a later open day');

    await clickButton(PATIENT_VIEW, /^Change time$/);
    // by keyboard from the first open day to the next one with open times
    const start = await waitIn(PATIENT_VIEW, 'td.day[tabindex="0"]');
    await start.focus();
    for (let i = 0; i < 14; i++) {
      const at = await page.evaluate((h) => document.querySelector(h)?.shadowRoot?.querySelector('td.day[tabindex="0"]')?.getAttribute('data-date'), PATIENT_VIEW);
      if (at === harborDate(expected.start)) break;
      await page.keyboard.press('ArrowRight');
      await page.waitForFunction((h, was) => document.querySelector(h)?.shadowRoot?.querySelector('td.day[tabindex="0"]')?.getAttribute('data-date') !== was, { timeout: STEP }, PATIENT_VIEW, at);
    }
    await page.keyboard.press('Enter');
    await page.waitForFunction((h) => /Times on/.test(document.querySelector(h)?.shadowRoot?.querySelector('#step-heading')?.textContent ?? ''), { timeout: STEP }, PATIENT_VIEW);
    const time = await waitIn(PATIENT_VIEW, 'ul.times button');
    await time.click();
    await clickButton(PATIENT_VIEW, /^Move my visit to this time$/);
    await waitIn(PATIENT_VIEW, '[part="appointment"]');

    const mine = await appointments();
    const bookedNow = mine.filter((a) => a.status === 'booked');
    assert.equal(bookedNow.length, 1, 'never two booked, never none');
    assert.equal(slotOf(bookedNow[0]), expected.id);
    assert.equal((await read('Slot', expected.id)).status, 'busy');
    assert.equal(mine.find((a) => a.id === booked.id)?.status, 'cancelled', 'the old booking was released');
    assert.equal((await read('Slot', oldSlot)).status, 'free', 'the old slot is free again');
    booked = bookedNow[0];
    await cardText(booked.id, /Booked/);
  });

  it('cancels it (outside the clinic window): cancelled on the server, its slot free', async () => {
    assert.ok(booked, 'the earlier steps ran');
    // outside the checkup's cancellation window, as the seed's HealthcareService states it
    const service = await read('HealthcareService', 'demo-visit-checkup');
    const windowHours = service.extension.find((/** @type {any} */ e) => /cancel-window-hours$/.test(e.url)).valueInteger;
    assert.ok(Date.parse(booked.start) - Date.now() > windowHours * 3600_000);

    await page.waitForFunction(
      (h, id) => document.querySelector(h)?.shadowRoot?.querySelector(`#appointment-${id}`),
      { timeout: STEP },
      PATIENT_VIEW,
      booked.id,
    );
    const card = `#appointment-${booked.id}`;
    await clickButton(PATIENT_VIEW, /^Cancel visit$/, `${card} button`);
    await clickButton(PATIENT_VIEW, /^Yes, cancel this visit$/, `${card} button`);
    await cardText(booked.id, /Cancelled/);

    assert.equal((await read('Appointment', booked.id)).status, 'cancelled');
    assert.equal((await read('Slot', slotOf(booked))).status, 'free');
    assert.equal((await appointments()).filter((a) => a.status === 'booked').length, 0);
  });

  it('a consult is asked for; the clinician approves it into a slot; the patient sees it booked', async () => {
    const before = await appointments();
    await openTab();
    await clickButton(PATIENT_VIEW, /^Book a visit$/);
    await clickButton(PATIENT_VIEW, /^New problem consult/);
    await page.waitForFunction((h) => /Ask for a visit/.test(document.querySelector(h)?.shadowRoot?.querySelector('#step-heading')?.textContent ?? ''), { timeout: STEP }, PATIENT_VIEW);
    await clickButton(PATIENT_VIEW, /^Tuesday$/, 'label');
    await clickButton(PATIENT_VIEW, /^Morning$/, 'label');
    const note = await waitIn(PATIENT_VIEW, 'textarea#note');
    await note.type('A rash on my arm');
    await clickButton(PATIENT_VIEW, /^Send request$/);
    await waitIn(PATIENT_VIEW, '[part="appointment"]');

    const requests = (await appointments()).filter((a) => !before.some((b) => b.id === a.id));
    assert.equal(requests.length, 1, 'one request');
    const [request] = requests;
    assert.equal(request.status, 'proposed');
    assert.equal(request.comment, 'A rash on my arm');
    await cardText(request.id, /Waiting for the clinic/);
    const freeBefore = new Set((await freeSlots(CONSULT_SCHEDULES)).map((s) => s.id));

    // the clinician (the demo's role switch) approves it into the first time the queue offers
    await page.click('input[name="role"][value="clinician"]');
    const QUEUE = '#panel-appointments engage-appointment-queue:not([clinician])';
    const picked = await page.waitForFunction(
      (h) => {
        const article = [...(document.querySelector(h)?.shadowRoot?.querySelectorAll('[part="request"]') ?? [])].find((a) => /A rash on my arm/.test(a.textContent ?? ''));
        const radio = article?.querySelectorAll('input[type="radio"][name^="slot-"]')[0];
        return radio?.closest('label')?.textContent?.replace(/\s+/g, ' ').trim();
      },
      { timeout: STEP },
      QUEUE,
    );
    const label = String(await picked.jsonValue());
    await clickButton(QUEUE, new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`), 'label');
    await clickButton(QUEUE, /^Save decision$/);
    await page.waitForFunction((h) => /Decision saved/.test(document.querySelector(h)?.shadowRoot?.querySelector('[role="status"]')?.textContent ?? ''), { timeout: STEP }, QUEUE);

    const approved = await read('Appointment', request.id);
    assert.equal(approved.status, 'booked');
    const slotId = slotOf(approved);
    assert.ok(freeBefore.has(slotId), 'approved into a consult slot that was free');
    const slot = await read('Slot', slotId);
    assert.equal(slot.status, 'busy');
    assert.equal(approved.start, slot.start);
    // the time the clinician picked is the one stored: its clinician's name is on the label
    const schedule = await read('Schedule', slot.schedule.reference.split('/')[1]);
    const practitioner = await read('Practitioner', schedule.actor.find((/** @type {any} */ a) => a.reference.startsWith('Practitioner/')).reference.split('/')[1]);
    assert.match(label, new RegExp(practitioner.name[0].family));
    assert.equal((await search(`Appointment?slot=Slot/${slotId}&status=booked`)).length, 1, 'one booking on the slot');

    // back as the patient: the request now shows booked
    await page.click('input[name="role"][value="patient"]');
    await cardText(request.id, /Booked/);
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(violations, []);
  });
});
