/**
 * <engage-education>, issue #17's last item: the clinician assigns an uploaded PDF (memory
 * adapter). Only real PDFs (by their bytes) within the size limit are taken; the chosen
 * file shows with its size and can be removed; errors belong to the field; the patient
 * then opens the PDF through a blob: URL and marks it read. Keyboard, axe, 320 px, Spanish.
 */
import { expect, fixture as mount, html } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import '../../src/elements/education/education.js';
import type { EngageEducation } from '../../src/elements/education/education.component.js';
import { MemoryEducationPort } from '../../src/adapters/memory/education.js';
import { applyLocale } from '../../src/core/localization.js';
import { shadowText, waitFor } from './helpers.js';
import { asFile, base64Of, choose, samplePdf, sha1Of } from './pdf-sample.js';

const PATIENT = 'Patient/p1';
const NOW = () => new Date(2026, 11, 2, 10, 0, 0);

async function educationEl(port: MemoryEducationPort, session: Record<string, unknown> = {}, maxPdfBytes?: number) {
  const el = await mount<EngageEducation>(html`<engage-education
    .adapter=${{ education: port }}
    .session=${{ patient: PATIENT, locale: 'en', now: NOW, ...session }}
    .maxPdfBytes=${maxPdfBytes ?? 10 * 1024 * 1024}
  ></engage-education>`);
  await waitFor(() => el.shadowRoot?.querySelector('[part~="material"], [part~="empty"], [part~="error"]'), 'loaded');
  return el;
}

const pdfInput = (el: EngageEducation) => el.shadowRoot!.querySelector<HTMLInputElement>('input[type="file"]')!;
const form = (el: EngageEducation) => el.shadowRoot!.querySelector<HTMLFormElement>('[part="assign-form"]')!;
const field = (el: EngageEducation, name: string) => form(el).elements.namedItem(name) as HTMLInputElement;
const describedBy = (el: EngageEducation, input: HTMLElement) =>
  (input.getAttribute('aria-describedby') ?? '').split(/\s+/).map((id) => el.shadowRoot!.getElementById(id)?.textContent ?? '').join(' ');

describe('<engage-education>: assign a PDF', () => {
  afterEach(() => applyLocale('en'));

  it('offers a labelled PDF field that accepts only application/pdf, with its limit described', async () => {
    const el = await educationEl(new MemoryEducationPort(), { role: 'clinician' });
    const input = pdfInput(el);
    expect(input.accept).to.equal('application/pdf');
    expect(input.labels?.[0]?.textContent).to.contain('Upload a PDF');
    expect(describedBy(el, input)).to.contain('up to 10 MB');
    expect(input.getAttribute('aria-invalid')).to.not.equal('true');
  });

  it('a PDF is shown with its name and size, and can be removed', async () => {
    const el = await educationEl(new MemoryEducationPort(), { role: 'clinician' });
    const bytes = samplePdf();
    choose(pdfInput(el), asFile(bytes, 'inhaler.pdf'));
    const chosen = await waitFor(() => el.shadowRoot!.querySelector('[part="pdf-chosen"]'), 'the chosen file');
    expect(chosen.textContent).to.contain('inhaler.pdf');
    expect(chosen.textContent).to.contain(`${bytes.length} bytes`);
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part="remove-pdf-button"]')!.click();
    await waitFor(() => !el.shadowRoot!.querySelector('[part="pdf-chosen"]'), 'removed');
    expect(pdfInput(el).files?.length ?? 0).to.equal(0);
  });

  it('refuses a file named .pdf (typed application/pdf) whose bytes are not a PDF: the error belongs to the field and is announced', async () => {
    const port = new MemoryEducationPort();
    const el = await educationEl(port, { role: 'clinician' });
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
    choose(pdfInput(el), asFile(png, 'photo.pdf'));
    const error = await waitFor(() => el.shadowRoot!.querySelector('#pdf-error'), 'the field error');
    expect(error.getAttribute('role')).to.equal('alert');
    expect(error.textContent).to.contain('not a PDF');
    expect(pdfInput(el).getAttribute('aria-invalid')).to.equal('true');
    expect(describedBy(el, pdfInput(el))).to.contain('not a PDF');
    expect(el.shadowRoot!.querySelector('[part="pdf-chosen"]')).to.not.exist;
    field(el, 'title').value = 'Photo';
    form(el).requestSubmit();
    await waitFor(() => el.shadowRoot!.querySelector('form > .error'), 'the form refuses: no link and no PDF');
    expect(port.all).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('refuses a PDF larger than max-pdf-bytes; a fitting one then clears the error', async () => {
    const bytes = samplePdf();
    const el = await educationEl(new MemoryEducationPort(), { role: 'clinician' }, bytes.length - 1);
    choose(pdfInput(el), asFile(bytes, 'big.pdf'));
    const error = await waitFor(() => el.shadowRoot!.querySelector('#pdf-error'), 'the size error');
    expect(error.textContent).to.contain('larger than');
    expect(pdfInput(el).getAttribute('aria-invalid')).to.equal('true');
    el.maxPdfBytes = bytes.length;
    choose(pdfInput(el), asFile(bytes, 'fits.pdf'));
    await waitFor(() => el.shadowRoot!.querySelector('[part="pdf-chosen"]'), 'taken at exactly the limit');
    expect(el.shadowRoot!.querySelector('#pdf-error')).to.not.exist;
    expect(pdfInput(el).getAttribute('aria-invalid')).to.not.equal('true');
  });

  it('refuses a link and a PDF together; assigns the PDF (bytes, size, SHA-1) once on a double submit; the patient opens it from a blob: URL and marks it read', async () => {
    const port = new MemoryEducationPort({ assignedBy: 'Dr. Lee', now: NOW });
    const clinician = await educationEl(port, { role: 'clinician' });
    const bytes = samplePdf('Using your inhaler');
    choose(pdfInput(clinician), asFile(bytes, 'inhaler.pdf'));
    await waitFor(() => clinician.shadowRoot!.querySelector('[part="pdf-chosen"]'), 'chosen');
    field(clinician, 'title').value = 'Using your inhaler';
    field(clinician, 'reason').value = 'For your asthma';
    field(clinician, 'url').value = 'https://kb.test/inhaler';
    form(clinician).requestSubmit();
    const both = await waitFor(() => clinician.shadowRoot!.querySelector('form > .error'), 'a link and a PDF together are refused');
    expect(both.textContent).to.contain('not both');
    expect(port.all).to.have.length(0);
    field(clinician, 'url').value = '';
    form(clinician).requestSubmit();
    form(clinician).requestSubmit();
    await waitFor(() => shadowText(clinician).includes('Assigned: Using your inhaler'), 'assigned');
    expect(port.all).to.have.length(1);
    const [stored] = port.all;
    expect(stored!.attachment).to.deep.equal({
      contentType: 'application/pdf', data: base64Of(bytes), title: 'inhaler.pdf', size: bytes.length, hash: await sha1Of(bytes),
    });
    expect(stored!.url).to.equal(undefined);
    expect(clinician.shadowRoot!.querySelector('[part="pdf-chosen"]'), 'the form is cleared').to.not.exist;

    const patient = await educationEl(port);
    const open = await waitFor(() => patient.shadowRoot!.querySelector<HTMLAnchorElement>('[part~="open-pdf"]'), 'Open PDF');
    expect(open.textContent).to.contain('Open PDF');
    expect(open.protocol).to.equal('blob:');
    expect(open.target).to.equal('_blank');
    expect(open.rel.split(' ')).to.include('noopener');
    const blob = await (await fetch(open.href)).blob();
    expect(blob.type).to.equal('application/pdf');
    expect(new Uint8Array(await blob.arrayBuffer())).to.deep.equal(bytes);
    patient.shadowRoot!.querySelector<HTMLButtonElement>('[part="mark-read-button"]')!.click();
    await waitFor(() => shadowText(patient).includes('Marked as read: Using your inhaler'), 'read');
    expect(port.all[0]!.readAt).to.be.a('string');
    await expect(patient).to.be.accessible();
  });

  it('only an attachment typed PDF whose data decodes to a PDF gets an Open PDF link; no href is javascript: or data:', async () => {
    const html5 = btoa('<script>alert(1)</script>');
    const port = new MemoryEducationPort({
      materials: [
        { id: 'x1', patient: PATIENT, title: 'Fake', attachment: { contentType: 'application/pdf', data: html5 }, assigned: '2026-11-01T00:00:00Z' },
        { id: 'x2', patient: PATIENT, title: 'Typed html', attachment: { contentType: 'text/html', data: base64Of(samplePdf()) }, assigned: '2026-11-02T00:00:00Z' },
        { id: 'x3', patient: PATIENT, title: 'Not base64', attachment: { contentType: 'application/pdf', data: '%%%' }, assigned: '2026-11-03T00:00:00Z' },
        { id: 'ok', patient: PATIENT, title: 'Real', attachment: { contentType: 'application/pdf', data: base64Of(samplePdf()) }, assigned: '2026-11-04T00:00:00Z' },
      ],
    });
    const el = await educationEl(port);
    const items = [...el.shadowRoot!.querySelectorAll('[part~="material"]')];
    expect(items).to.have.length(4);
    // newest first: only the real PDF (the first item) has the link
    expect(items.map((item) => item.querySelectorAll('[part~="open-pdf"]').length)).to.deep.equal([1, 0, 0, 0]);
    for (const a of el.shadowRoot!.querySelectorAll('a')) expect(a.getAttribute('href')).to.not.match(/^\s*(javascript|data):/i);
  });

  it('keyboard: Tab reaches the PDF field and the Remove button; Enter on Remove clears the file and returns focus to the field', async () => {
    const el = await educationEl(new MemoryEducationPort(), { role: 'clinician' });
    choose(pdfInput(el), asFile(samplePdf(), 'steps.pdf'));
    await waitFor(() => el.shadowRoot!.querySelector('[part="pdf-chosen"]'), 'chosen');
    field(el, 'url').focus();
    const order: string[] = [];
    for (let i = 0; i < 4; i++) {
      await sendKeys({ press: 'Tab' });
      const active = el.shadowRoot!.activeElement as HTMLElement | null;
      order.push(active?.getAttribute('part') ?? active?.getAttribute('name') ?? '');
    }
    expect(order.slice(0, 2)).to.deep.equal(['pdf', 'remove-pdf-button']);
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part="remove-pdf-button"]')!.focus();
    await sendKeys({ press: 'Enter' });
    await waitFor(() => !el.shadowRoot!.querySelector('[part="pdf-chosen"]'), 'removed by keyboard');
    expect(el.shadowRoot!.activeElement).to.equal(pdfInput(el));
  });

  it('Spanish, and the form with a chosen PDF fits 320 px', async () => {
    await setViewport({ width: 320, height: 640 });
    try {
      const el = await educationEl(new MemoryEducationPort(), { role: 'clinician', locale: 'es' });
      await waitFor(() => pdfInput(el).labels?.[0]?.textContent?.includes('Subir un PDF'), 'the Spanish label');
      choose(pdfInput(el), asFile(Uint8Array.from([1, 2, 3, 4, 5, 6]), 'a-very-long-file-name-for-a-narrow-phone-screen.pdf'));
      const error = await waitFor(() => el.shadowRoot!.querySelector('#pdf-error'), 'error');
      expect(error.textContent).to.contain('no es un PDF');
      choose(pdfInput(el), asFile(samplePdf(), 'a-very-long-file-name-for-a-narrow-phone-screen.pdf'));
      const chosen = await waitFor(() => el.shadowRoot!.querySelector('[part="pdf-chosen"]'), 'chosen');
      expect(chosen.textContent).to.contain('Quitar');
      expect(el.scrollWidth).to.be.at.most(320);
      await expect(el).to.be.accessible();
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  });
});
