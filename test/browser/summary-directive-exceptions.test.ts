/**
 * <engage-clinical-summary> shows everything an advance directive decides: every code its
 * deciding rule names and the exceptions R4 nests in `provision.provision`. It showed the
 * first code only: "refuse resuscitation and intubation" read "Refused: resuscitation",
 * "permit treatment except intubation" read as a plain permission. The NZ IPS holds the one
 * real advance-directive Consent ("Not for resuscitation"); each case adds to its provision
 * what it says. Expectations are read from the source JSON.
 */
import { expect, fixture as mount, html } from '@open-wc/testing';
import '../../src/elements/clinical-summary/clinical-summary.js';
import type { EngageClinicalSummary } from '../../src/elements/clinical-summary/clinical-summary.component.js';
import type { Role } from '../../src/adapters/ports.js';
import { applyLocale } from '../../src/core/localization.js';
import { fixture, waitFor } from './helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = Record<string, any>;

const text = (node: Element | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const section = (el: EngageClinicalSummary) => el.shadowRoot!.querySelector<HTMLElement>('[data-section="advanceDirectives"]');
const rows = (el: EngageClinicalSummary, part: 'entry' | 'negated-entry') => [...(section(el)?.querySelectorAll<HTMLElement>(`[part~="${part}"]`) ?? [])];
const fieldsOf = (entry: Element | undefined): Record<string, string> =>
  Object.fromEntries([...(entry?.querySelectorAll('.field') ?? [])].map((f) => [text(f.querySelector('dt')), text(f.querySelector('dd'))]));

const CPR = { coding: [{ system: 'http://snomed.info/sct', code: '89666000', display: 'Cardiopulmonary resuscitation' }] };
const INTUBATION = { coding: [{ system: 'http://snomed.info/sct', code: '52765003', display: 'Intubation' }] };
const display = (concept: Json): string => concept.coding[0].display;

/** The NZ IPS with its Consent's provision replaced, shown in `locale` to `role`. */
async function show(provision: (original: Json) => Json, locale = 'en-US', role: Role = 'clinician'): Promise<{ el: EngageClinicalSummary; consent: Json }> {
  const bundle = await fixture<Json>('fhir-r4/ips/ips-nz-full-16-sections.json');
  const consent = bundle.entry.map((e: Json) => e.resource).find((r: Json) => r.resourceType === 'Consent');
  consent.provision = provision(consent.provision);
  if (locale === 'es') await applyLocale('es');
  const el = await mount<EngageClinicalSummary>(html`<engage-clinical-summary .bundle=${bundle} page-size="1000" .session=${{ locale, role }}></engage-clinical-summary>`);
  await waitFor(() => section(el), 'the directives section');
  return { el, consent };
}

describe('<engage-clinical-summary> shows every part of an advance directive (NZ IPS Consent, provision extended)', function () {
  afterEach(() => applyLocale('en'));

  it('a refusal of two things names both in its "Refused:" line', async () => {
    const { el, consent } = await show((p) => ({ type: 'deny', code: [...p.code, CPR] }));
    const refused = rows(el, 'negated-entry').map(text);
    expect(refused).to.have.length(1);
    expect(refused[0], refused[0]).to.contain(`Refused: ${consent.provision.code.map(display).join(', ')}`);
    expect(rows(el, 'entry')).to.have.length(0);
  });

  for (const [locale, label] of [
    ['en-US', 'Except'],
    ['es', 'Excepto'],
  ] as const) {
    it(`permit, except intubation: the row says "${label}" and names it (${locale})`, async () => {
      const { el, consent } = await show((p) => ({ ...p, type: 'permit', provision: [{ type: 'deny', code: [INTUBATION] }] }), locale);
      const shown = rows(el, 'entry');
      expect(shown).to.have.length(1);
      expect(text(shown[0]!.querySelector('.entry__name'))).to.contain(display(consent.provision.code[0]));
      expect(fieldsOf(shown[0])[label]).to.equal(display(consent.provision.provision[0].code[0]));
    });
  }

  for (const role of ['clinician', 'patient'] as const) {
    it(`a refusal with a permitted exception keeps the exception beside "Refused" (${role})`, async () => {
      const { el, consent } = await show((p) => ({ ...p, type: 'deny', provision: [{ type: 'permit', code: [CPR, INTUBATION] }] }), 'en-US', role);
      const refused = rows(el, 'negated-entry');
      expect(refused).to.have.length(1);
      expect(fieldsOf(refused[0])['Except']).to.equal(consent.provision.provision[0].code.map(display).join(', '));
    });
  }

  it('the real Consent shows no "Except" field and one name', async () => {
    const { el, consent } = await show((p) => p);
    const shown = rows(el, 'entry');
    expect(shown).to.have.length(1);
    expect(text(shown[0]!.querySelector('.entry__name'))).to.equal(display(consent.provision.code[0]));
    expect(Object.keys(fieldsOf(shown[0]))).not.to.include('Except');
  });
});
