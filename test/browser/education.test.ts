/**
 * <engage-education> over the memory adapter (#17): the patient sees assigned materials
 * and marks them read (idempotently, also after a lost answer); the clinician assigns by
 * link and counts patients who received education in a period; untrusted titles and
 * links execute nothing; axe, Spanish and 320 px.
 */
import { expect, fixture as mount, html } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import '../../src/elements/education/education.js';
import type { EngageEducation } from '../../src/elements/education/education.component.js';
import { MemoryEducationPort } from '../../src/adapters/memory/education.js';
import type { AssignedMaterial } from '../../src/adapters/ports.js';
import { applyLocale } from '../../src/core/localization.js';
import { shadowText, waitFor } from './helpers.js';
import { hits, installTraps, xssPayloads } from './xss-traps.js';

const PATIENT = 'Patient/p1';
const NOW = () => new Date(2026, 11, 2, 10, 0, 0);
const MATERIALS: AssignedMaterial[] = [
  { id: 'a', patient: PATIENT, title: 'Walking plan', url: 'https://kb.test/walk', reason: 'For your blood pressure', assignedBy: 'Dr. Ana Ruiz', assigned: '2026-11-20T10:00:00Z' },
  { id: 'b', patient: PATIENT, title: 'Inhaler steps', attachment: { contentType: 'application/pdf', url: 'https://kb.test/inhaler.pdf' }, assigned: '2026-11-25T10:00:00Z', readAt: '2026-11-26T08:00:00Z' },
  { id: 'c', patient: 'Patient/p2', title: 'Diet', url: 'https://kb.test/diet', assigned: '2026-10-01T10:00:00Z' },
  { id: 'd', patient: 'Patient/p3', title: 'Sleep', url: 'https://kb.test/sleep', assigned: '2026-11-30T10:00:00Z' },
];

async function educationEl(port: MemoryEducationPort, session: Record<string, unknown> = {}) {
  const el = await mount<EngageEducation>(html`<engage-education
    .adapter=${{ education: port }}
    .session=${{ patient: PATIENT, locale: 'en', now: NOW, ...session }}
  ></engage-education>`);
  await waitFor(() => el.shadowRoot?.querySelector('[part~="material"], [part~="empty"], [part~="error"]'), 'loaded');
  return el;
}

describe('<engage-education>', () => {
  afterEach(() => applyLocale('en'));

  it('not configured without an education port', async () => {
    const el = await mount<EngageEducation>(html`<engage-education .adapter=${{}} .session=${{ patient: PATIENT }}></engage-education>`);
    await waitFor(() => el.shadowRoot?.querySelector('[part~="not-configured"]'), 'not configured');
  });

  it("shows the patient's materials newest first: link or PDF, who and why, read state; axe-clean", async () => {
    const el = await educationEl(new MemoryEducationPort({ materials: MATERIALS }));
    const items = [...el.shadowRoot!.querySelectorAll('[part~="material"]')];
    expect(items).to.have.length(MATERIALS.filter((m) => m.patient === PATIENT).length);
    expect(items[0]!.textContent).to.contain('Inhaler steps (PDF)');
    expect(items[0]!.textContent).to.contain('Read');
    expect(items[1]!.textContent).to.contain('Assigned by Dr. Ana Ruiz');
    expect(items[1]!.textContent).to.contain('Why: For your blood pressure');
    const link = items[1]!.querySelector('a')!;
    expect([link.href, link.target, link.rel]).to.deep.equal(['https://kb.test/walk', '_blank', 'noopener noreferrer']);
    await expect(el).to.be.accessible();
  });

  it('marks a material read once; a lost answer retried with the same key stores nothing twice', async () => {
    const port = new MemoryEducationPort({ materials: MATERIALS, now: NOW });
    const el = await educationEl(port);
    port.loseAnswers(1);
    const button = () => el.shadowRoot!.querySelector<HTMLButtonElement>('[part="mark-read-button"]');
    button()!.click();
    await waitFor(() => el.shadowRoot!.querySelector('.error[role="alert"]'), 'the lost answer shows an error');
    const readAfterLoss = port.all.find((m) => m.id === 'a')!.readAt;
    expect(readAfterLoss).to.be.a('string'); // the write landed
    let events = 0;
    el.addEventListener('engage-education-read', () => events++);
    button()!.click();
    await waitFor(() => !button(), 'no more Mark as read');
    expect(port.all.find((m) => m.id === 'a')!.readAt).to.equal(readAfterLoss);
    expect(events).to.equal(1);
    expect(shadowText(el)).to.contain('Marked as read: Walking plan');
  });

  it('clinician assigns by link; a double submit stores one; the count covers the period', async () => {
    const port = new MemoryEducationPort({ materials: MATERIALS, assignedBy: 'Dr. Lee', now: NOW });
    const el = await educationEl(port, { role: 'clinician' });
    const expected = (start: string, end: string) =>
      new Set(MATERIALS.filter((m) => m.assigned.slice(0, 10) >= start && m.assigned.slice(0, 10) <= end).map((m) => m.patient)).size;
    await waitFor(() => shadowText(el).includes(`${expected('2026-11-02', '2026-12-02')} patients`), 'count for the last 30 days');
    const form = el.shadowRoot!.querySelector<HTMLFormElement>('[part="assign-form"]')!;
    (form.elements.namedItem('title') as HTMLInputElement).value = 'Salt and blood pressure';
    (form.elements.namedItem('url') as HTMLInputElement).value = 'https://kb.test/salt';
    (form.elements.namedItem('reason') as HTMLInputElement).value = 'Less salt helps';
    form.requestSubmit();
    form.requestSubmit();
    await waitFor(() => shadowText(el).includes('Assigned: Salt and blood pressure'), 'assigned');
    expect(port.all.filter((m) => m.title === 'Salt and blood pressure')).to.have.length(1);
    expect(port.all.find((m) => m.title === 'Salt and blood pressure')).to.include({ patient: PATIENT, assignedBy: 'Dr. Lee', reason: 'Less salt helps' });
    await expect(el).to.be.accessible();
  });

  it('refuses a javascript: link in the form', async () => {
    const port = new MemoryEducationPort({ materials: [] });
    const el = await educationEl(port, { role: 'clinician' });
    const form = el.shadowRoot!.querySelector<HTMLFormElement>('[part="assign-form"]')!;
    (form.elements.namedItem('title') as HTMLInputElement).value = 'x';
    (form.elements.namedItem('url') as HTMLInputElement).value = 'javascript:alert(1)';
    form.requestSubmit();
    await waitFor(() => el.shadowRoot!.querySelector('form .error'), 'form error');
    expect(port.all).to.have.length(0);
  });

  it('untrusted titles, reasons and links execute nothing; non-http links are not links', async () => {
    const restore = installTraps();
    try {
      hits.length = 0;
      const payloads = (await xssPayloads()).slice(0, 200);
      const materials = payloads.map(({ payload }, i) => ({
        id: `x${i}`, patient: PATIENT, title: payload, reason: payload, assignedBy: payload, url: i % 2 ? 'javascript:alert(1)' : payload, assigned: '2026-11-01T00:00:00Z',
      }));
      const el = await educationEl(new MemoryEducationPort({ materials }));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(hits).to.deep.equal([]);
      for (const a of el.shadowRoot!.querySelectorAll('a')) expect(a.getAttribute('href')).to.match(/^https?:\/\//i);
    } finally {
      restore();
    }
  });

  it('Spanish, and reflows at 320 px without horizontal scrolling', async () => {
    await setViewport({ width: 320, height: 640 });
    try {
      const el = await educationEl(new MemoryEducationPort({ materials: MATERIALS }), { locale: 'es', role: 'clinician' });
      await waitFor(() => shadowText(el).includes('Educación del paciente'), 'Spanish heading');
      expect(shadowText(el)).to.contain('Asignar un material');
      expect(el.scrollWidth).to.be.at.most(320);
      await expect(el).to.be.accessible();
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  });
});
