/**
 * The pre-visit questionnaire over the local FHIR server: a HealthcareService carrying the
 * `pre-visit-questionnaire` extension (a canonical `url|version`, docs/appointments.md)
 * makes the booking carry it (asserted on the stored Appointment), and <engage-appointments>
 * offers it on the booked visit and renders the form, read from the server through the FHIR
 * questionnaire port. (The memory-port version is in appointments.proposals.test.ts.)
 */
import { expect, html } from '@open-wc/testing';
import '../../src/elements/appointments/appointments.js';
import { createFhirQuestionnaires, FhirClient } from '../../src/adapters/fhir/index.js';
import { FhirSchedulingPort } from '../../src/adapters/fhir/scheduling-port.js';
import { EXT } from '../../src/adapters/fhir/mapping/scheduling.js';
import type { Resource } from '../../src/adapters/fhir/fhir-types.js';
import { newIdempotencyKey } from '../../src/core/events.js';
import { fhirEndpoints, fixture, mountFrame, setTimeZone, settled, waitFor } from './helpers.js';
import { buildFhirWorld, WORLD_NOW } from './scheduling-world.js';

const root = (el: Element) => el.shadowRoot!;
const buttonByText = (el: Element, text: string) =>
  [...root(el).querySelectorAll('button')].find((b) => (b.textContent ?? '').replace(/\s+/g, ' ').includes(text));

describe('<engage-appointments> pre-visit questionnaire over the FHIR server', () => {
  before(() => setTimeZone('UTC'));

  it('a visit type linking a questionnaire: the booking carries it, the visit offers it and renders it from the server', async () => {
    const { fhirUrl } = await fhirEndpoints();
    const direct = new FhirClient({ baseUrl: fhirUrl });
    const label = Math.random().toString(36).slice(2, 8);
    const world = await buildFhirWorld(direct, label);

    // The PHQ-9 fixture (LHC-Forms) under a canonical of its own, so no other test's copy
    // matches it. As published it is not valid FHIR (linkIds with "/", extensions the server
    // refuses), so its choice questions are stored with a valid shape: text and answers kept.
    const phq9 = await fixture<{ title: string; item: { type: string; text: string; answerOption?: { valueCoding?: object }[] }[] }>('questionnaires/lforms-phq9.json');
    const questions = phq9.item.filter((item) => item.type === 'choice');
    const url = `https://ehr-engage.dev/test/Questionnaire/previsit-${label}`;
    await direct.create<Resource>({
      resourceType: 'Questionnaire',
      status: 'active',
      url,
      version: '1',
      title: phq9.title,
      item: questions.map((item, i) => ({
        linkId: `q${i + 1}`,
        type: 'choice',
        text: item.text,
        answerOption: (item.answerOption ?? []).map((option) => ({ valueCoding: option.valueCoding })),
      })),
    });
    const canonical = `${url}|1`;

    // the checkup links it, as docs/appointments.md says
    const service = await direct.read<Resource>('HealthcareService', world.types.checkup);
    await direct.update({ ...service, extension: [...((service.extension as object[]) ?? []), { url: EXT.questionnaire, valueCanonical: canonical }] });

    const patient = `Patient/${(await direct.create<Resource>({ resourceType: 'Patient', name: [{ given: ['Ada'], family: `Previsit${label}` }] })).body.id}`;
    const port = new FhirSchedulingPort(new FhirClient({ baseUrl: fhirUrl }), { now: () => WORLD_NOW });
    const booked = await port.book(patient, { slotId: world.slots[2]!, visitType: world.types.checkup }, { idempotencyKey: newIdempotencyKey() });
    if (booked.outcome !== 'booked') throw new Error('setup: not booked');

    // on the server: the Appointment carries the canonical it was booked with
    const stored = await direct.read<Resource>('Appointment', booked.appointment.id);
    const link = ((stored.extension ?? []) as { url: string; valueCanonical?: string }[]).find((e) => e.url === EXT.questionnaire);
    expect(link?.valueCanonical).to.equal(canonical);

    const frame = mountFrame(
      html`<engage-appointments
        lang="en"
        .adapter=${{ scheduling: port, ...createFhirQuestionnaires(direct) }}
        .session=${{ patient, now: () => WORLD_NOW }}
      ></engage-appointments>`,
    );
    const el = frame.querySelector('engage-appointments')!;
    const open = await waitFor(() => buttonByText(el, 'Fill in before your visit'), 'the questionnaire button');
    expect(open.getAttribute('aria-expanded')).to.equal('false');
    expect(Boolean(root(el).querySelector('engage-questionnaire')), 'the questionnaire before opening').to.equal(false);
    open.click();
    await settled(el);
    const form = await waitFor(() => root(el).querySelector('engage-questionnaire'), 'the questionnaire element');
    expect(form.getAttribute('questionnaire')).to.equal(canonical);
    expect(open.getAttribute('aria-expanded')).to.equal('true');
    // every question of the fixture, read back from the server
    expect(questions.length).to.equal(10); // PHQ-9's nine items and its difficulty question
    await waitFor(() => questions.every((q) => (form.shadowRoot?.textContent ?? '').includes(q.text)), 'the questions of the form');
  });
});
