/**
 * Clinical summaries for stories and tests of <engage-clinical-summary>: a typical
 * record, an empty one, a huge one, a small IPS Bundle and a small C-CDA document.
 * Made-up people; no real patient data.
 */
import type { ClinicalSummary, ObservationEntry } from '../../src/adapters/ports.js';

const LOINC = 'http://loinc.org';
const SNOMED = 'http://snomed.info/sct';

/** A typical patient record: a bit of everything, including inactive and entered-in-error entries. */
export const typicalSummary: ClinicalSummary = {
  source: 'live',
  generated: '2024-06-14T09:30:00Z',
  sections: {
    problems: {
      state: 'entries',
      entries: [
        { id: 'p1', name: { text: 'Type 2 diabetes', codings: [{ system: SNOMED, code: '44054006' }] }, status: 'active', onset: '2015-03-04' },
        { id: 'p2', name: { codings: [{ system: SNOMED, code: '38341003', display: 'Hypertension' }] }, status: 'active', onset: '2012-11' },
        { id: 'p3', name: { text: 'Acute bronchitis', codings: [] }, status: 'resolved', onset: '2023-01-10', abatement: '2023-01-24' },
        { id: 'p4', name: { text: 'Asthma (wrong chart)', codings: [] }, status: 'active', enteredInError: true, onset: '2020-05-01' },
      ],
    },
    allergies: {
      state: 'entries',
      entries: [
        {
          id: 'a1',
          substance: { text: 'Penicillin', codings: [] },
          criticality: 'high',
          category: ['medication'],
          reactions: [{ manifestation: [{ text: 'Hives', codings: [] }], severity: 'severe' }],
          status: 'active',
          onset: '1999',
        },
        { id: 'a2', substance: { text: 'Peanuts', codings: [] }, criticality: 'low', category: ['food'], reactions: [], status: 'active' },
      ],
    },
    medications: {
      state: 'entries',
      entries: [
        { id: 'm1', name: { text: 'Metformin 500 mg tablet', codings: [] }, dosage: 'Take 1 tablet twice a day with meals', status: 'active', prescriber: 'Dr. Ana Ruiz', authoredOn: '2024-01-15', lastFilled: '2024-05-30' },
        { id: 'm2', name: { text: 'Lisinopril 10 mg tablet', codings: [] }, dosage: 'Take 1 tablet every morning', status: 'active', prescriber: 'Dr. Ana Ruiz', authoredOn: '2023-08-02' },
        { id: 'm3', name: { text: 'Amoxicillin 500 mg capsule', codings: [] }, dosage: '1 capsule three times a day for 7 days', status: 'completed', authoredOn: '2023-01-10' },
      ],
    },
    immunizations: {
      state: 'entries',
      entries: [
        { id: 'i1', vaccine: { text: 'Influenza, seasonal', codings: [] }, date: '2023-10-02', status: 'completed', doseNumber: '1', seriesDoses: '1' },
        { id: 'i2', vaccine: { text: 'Tetanus and diphtheria (Td)', codings: [] }, date: '2019-04-17', status: 'completed' },
        { id: 'i3', vaccine: { text: 'COVID-19 mRNA', codings: [] }, date: '2022-09-30', status: 'not-done', statusReason: { text: 'Patient declined', codings: [] } },
      ],
    },
    results: {
      state: 'entries',
      entries: [
        ...[
          ['2024-06-01', 7.9, 'high'],
          ['2023-12-01', 7.2, 'high'],
          ['2023-06-01', 6.8, 'high'],
          ['2022-12-01', 7.5, 'high'],
        ].map(
          ([date, value, flag], i): ObservationEntry => ({
            id: `hba1c-${i}`,
            code: { text: 'Hemoglobin A1c', codings: [{ system: LOINC, code: '4548-4' }] },
            effective: date as string,
            value: { kind: 'quantity', quantity: { value: value as number, decimals: 1, unit: '%' } },
            components: [],
            referenceRange: { low: { value: 4, unit: '%' }, high: { value: 5.6, unit: '%' } },
            interpretation: flag as 'high',
            status: 'final',
          }),
        ),
        {
          id: 'k-1',
          code: { text: 'Potassium', codings: [{ system: LOINC, code: '2823-3' }] },
          effective: '2024-06-01',
          value: { kind: 'quantity', quantity: { value: 4.1, decimals: 1, unit: 'mmol/L' } },
          components: [],
          referenceRange: { low: { value: 3.5, unit: 'mmol/L' }, high: { value: 5.1, unit: 'mmol/L' } },
          interpretation: 'normal',
          status: 'final',
        },
        {
          id: 'cx-1',
          code: { text: 'Chest X-ray', codings: [] },
          effective: '2023-01-12',
          value: { kind: 'text', text: 'No acute findings.' },
          components: [],
          status: 'final',
        },
      ],
    },
    vitals: {
      state: 'entries',
      entries: [
        {
          id: 'bp-1',
          code: { text: 'Blood pressure', codings: [{ system: LOINC, code: '85354-9' }] },
          effective: '2024-06-01T10:15:00-04:00',
          components: [
            { code: { text: 'Systolic', codings: [] }, value: { kind: 'quantity', quantity: { value: 132, unit: 'mm[Hg]' } } },
            { code: { text: 'Diastolic', codings: [] }, value: { kind: 'quantity', quantity: { value: 84, unit: 'mm[Hg]' } } },
          ],
          status: 'final',
        },
        {
          id: 'wt-1',
          code: { text: 'Body weight', codings: [{ system: LOINC, code: '29463-7' }] },
          effective: '2024-06-01T10:15:00-04:00',
          value: { kind: 'quantity', quantity: { value: 81.2, decimals: 1, unit: 'kg' } },
          components: [],
          status: 'final',
        },
      ],
    },
    socialHistory: {
      state: 'entries',
      entries: [
        { id: 's1', code: { text: 'Tobacco smoking status', codings: [] }, effective: '2024-06-01', value: { kind: 'coded', coded: { text: 'Never smoker', codings: [] } }, components: [] },
      ],
    },
    procedures: {
      state: 'entries',
      entries: [{ id: 'pr1', name: { text: 'Colonoscopy', codings: [] }, performed: '2021-09-14', status: 'completed' }],
    },
    encounters: {
      state: 'entries',
      entries: [
        { id: 'e1', type: { text: 'Office visit', codings: [] }, start: '2024-06-01T10:00:00-04:00', reasons: [{ text: 'Diabetes follow-up', codings: [] }], location: 'Main Street Clinic', practitioner: 'Dr. Ana Ruiz', status: 'finished' },
      ],
    },
    carePlan: {
      state: 'entries',
      entries: [{ id: 'c1', title: { text: 'Diabetes self-management plan', codings: [] }, activities: ['Walk 30 minutes a day', 'Check blood sugar before breakfast'], start: '2024-01-15', status: 'active' }],
    },
    goals: {
      state: 'entries',
      entries: [{ id: 'g1', description: { text: 'Hemoglobin A1c below 7%', codings: [] }, due: '2024-12-31', status: 'active' }],
    },
    documents: { state: 'not-recorded' },
  },
};

/**
 * A record after a hospital stay: the stay's admission and discharge diagnoses beside the
 * long-term problem list, and advance directives with every part of their Consent — a
 * refusal of two things, and a permission with an exception.
 */
export const hospitalStaySummary: ClinicalSummary = {
  source: 'ccda',
  generated: '2024-06-14T09:30:00Z',
  sections: {
    problems: {
      state: 'entries',
      entries: [
        { id: 's1', name: { codings: [{ system: SNOMED, code: '38341003', display: 'Hypertension' }] }, status: 'active', onset: '2012-11' },
        { id: 's2', name: { codings: [{ system: SNOMED, code: '233604007', display: 'Pneumonia' }] }, status: 'active', onset: '2024-06-02', encounterDiagnosis: 'admission' },
        { id: 's3', name: { codings: [{ system: SNOMED, code: '233604007', display: 'Pneumonia' }] }, status: 'resolved', onset: '2024-06-02', abatement: '2024-06-09', encounterDiagnosis: 'discharge' },
      ],
    },
    advanceDirectives: {
      state: 'entries',
      entries: [
        {
          id: 'd1',
          name: { codings: [{ system: SNOMED, code: '304253006', display: 'Not for resuscitation' }] },
          more: [{ codings: [{ system: SNOMED, code: '52765003', display: 'Intubation' }] }],
          negation: 'do-not-perform',
          status: 'active',
          date: '2021-09-01',
        },
        {
          id: 'd2',
          name: { text: 'Full treatment', codings: [] },
          exceptions: [{ codings: [{ system: SNOMED, code: '265764009', display: 'Dialysis' }] }],
          status: 'active',
          date: '2023-02-14',
        },
      ],
    },
  },
};

/** A record where nothing is known: "no known allergies" beside "not recorded". */
export const emptySummary: ClinicalSummary = {
  source: 'live',
  sections: {
    problems: { state: 'not-recorded' },
    allergies: { state: 'none-known' },
    medications: { state: 'none-known' },
    immunizations: { state: 'not-recorded' },
    results: { state: 'not-recorded' },
    vitals: { state: 'not-recorded' },
  },
};

/** A long history: `tests` lab tests measured `times` times each, plus many visits. */
export function hugeSummary(tests = 60, times = 60): ClinicalSummary {
  const results: ObservationEntry[] = [];
  for (let t = 0; t < tests; t++) {
    for (let i = 0; i < times; i++) {
      const day = new Date(Date.UTC(2024, 5, 1) - i * 14 * 86_400_000).toISOString().slice(0, 10);
      results.push({
        id: `r-${t}-${i}`,
        code: { text: `Lab test ${t + 1}`, codings: [{ system: LOINC, code: `9${t}-0` }] },
        effective: day,
        value: { kind: 'quantity', quantity: { value: 50 + ((t * 7 + i * 13) % 40), unit: 'mg/dL' } },
        components: [],
        referenceRange: { low: { value: 55, unit: 'mg/dL' }, high: { value: 85, unit: 'mg/dL' } },
        status: 'final',
      });
    }
  }
  return {
    ...typicalSummary,
    sections: {
      ...typicalSummary.sections,
      results: { state: 'entries', entries: results },
      encounters: {
        state: 'entries',
        entries: Array.from({ length: 400 }, (_, i) => ({
          id: `enc-${i}`,
          type: { text: i % 3 ? 'Office visit' : 'Telephone visit', codings: [] },
          start: new Date(Date.UTC(2024, 5, 1) - i * 9 * 86_400_000).toISOString().slice(0, 10),
          reasons: [],
          status: 'finished',
        })),
      },
    },
  };
}

/** A small IPS document Bundle (made up), with a section that records "no known allergies". */
export const sampleIps = {
  resourceType: 'Bundle',
  type: 'document',
  timestamp: '2024-05-20T08:00:00Z',
  entry: [
    {
      fullUrl: 'urn:uuid:comp-1',
      resource: {
        resourceType: 'Composition',
        status: 'final',
        date: '2024-05-20T08:00:00Z',
        type: { coding: [{ system: LOINC, code: '60591-5' }] },
        subject: { reference: 'urn:uuid:pat-1' },
        title: 'International Patient Summary',
        section: [
          { title: 'Problems', code: { coding: [{ system: LOINC, code: '11450-4' }] }, entry: [{ reference: 'urn:uuid:cond-1' }] },
          {
            title: 'Allergies',
            code: { coding: [{ system: LOINC, code: '48765-2' }] },
            text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml">No known allergies.</div>' },
            emptyReason: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/list-empty-reason', code: 'nilknown' }] },
          },
          { title: 'Medications', code: { coding: [{ system: LOINC, code: '10160-0' }] }, entry: [{ reference: 'urn:uuid:med-1' }] },
          { title: 'Immunizations', code: { coding: [{ system: LOINC, code: '11369-6' }] }, entry: [{ reference: 'urn:uuid:imm-1' }] },
          { title: 'Results', code: { coding: [{ system: LOINC, code: '30954-2' }] }, entry: [{ reference: 'urn:uuid:obs-1' }] },
        ],
      },
    },
    {
      fullUrl: 'urn:uuid:pat-1',
      resource: { resourceType: 'Patient', id: 'pat-1', name: [{ family: 'Moreno', given: ['Lucía'] }], birthDate: '1980-02-29', gender: 'female' },
    },
    {
      fullUrl: 'urn:uuid:cond-1',
      resource: {
        resourceType: 'Condition',
        id: 'cond-1',
        clinicalStatus: { coding: [{ code: 'active' }] },
        code: { coding: [{ system: SNOMED, code: '195967001', display: 'Asthma' }] },
        onsetDateTime: '2001-07-01',
      },
    },
    {
      fullUrl: 'urn:uuid:med-1',
      resource: {
        resourceType: 'MedicationStatement',
        id: 'med-1',
        status: 'active',
        medicationCodeableConcept: { text: 'Salbutamol inhaler 100 mcg' },
        dosage: [{ text: '2 puffs when needed for wheezing' }],
        effectivePeriod: { start: '2022-03-01' },
      },
    },
    {
      fullUrl: 'urn:uuid:imm-1',
      resource: { resourceType: 'Immunization', id: 'imm-1', status: 'completed', vaccineCode: { text: 'Influenza vaccine' }, occurrenceDateTime: '2023-10-15' },
    },
    {
      fullUrl: 'urn:uuid:obs-1',
      resource: {
        resourceType: 'Observation',
        id: 'obs-1',
        status: 'final',
        category: [{ coding: [{ code: 'laboratory' }] }],
        code: { coding: [{ system: LOINC, code: '718-7', display: 'Hemoglobin' }] },
        effectiveDateTime: '2024-05-10',
        valueQuantity: { value: 11.2, unit: 'g/dL' },
        referenceRange: [{ low: { value: 12, unit: 'g/dL' }, high: { value: 16, unit: 'g/dL' } }],
        interpretation: [{ coding: [{ code: 'L', display: 'Low' }] }],
      },
    },
  ],
};

/** A small C-CDA CCD (made up) with problems, allergies, medications and results. */
export const sampleCcda = `<?xml version="1.0" encoding="UTF-8"?>
<ClinicalDocument xmlns="urn:hl7-org:v3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <effectiveTime value="20240520080000-0500"/>
  <recordTarget><patientRole><id root="2.16.840.1.113883.19.5" extension="12345"/>
    <patient><name><given>Tomás</given><family>Reyes</family></name><administrativeGenderCode code="M"/><birthTime value="19700412"/></patient>
  </patientRole></recordTarget>
  <component><structuredBody>
    <component><section>
      <code code="11450-4" codeSystem="2.16.840.1.113883.6.1"/><title>Problems</title>
      <text><list><item ID="prob1">Hypertension</item></list></text>
      <entry><act classCode="ACT" moodCode="EVN"><statusCode code="active"/>
        <entryRelationship typeCode="SUBJ"><observation classCode="OBS" moodCode="EVN">
          <templateId root="2.16.840.1.113883.10.20.22.4.4"/><id root="p-1"/>
          <effectiveTime><low value="20180301"/></effectiveTime>
          <value xsi:type="CD" code="38341003" codeSystem="2.16.840.1.113883.6.96" displayName="Hypertension"/>
        </observation></entryRelationship></act></entry>
    </section></component>
    <component><section>
      <code code="48765-2" codeSystem="2.16.840.1.113883.6.1"/><title>Allergies</title>
      <text>Sulfa drugs: rash.</text>
      <entry><act classCode="ACT" moodCode="EVN"><statusCode code="active"/>
        <entryRelationship typeCode="SUBJ"><observation classCode="OBS" moodCode="EVN">
          <templateId root="2.16.840.1.113883.10.20.22.4.7"/><id root="a-1"/>
          <effectiveTime><low value="2005"/></effectiveTime>
          <value xsi:type="CD" code="416098002" codeSystem="2.16.840.1.113883.6.96" displayName="Drug allergy"/>
          <participant typeCode="CSM"><participantRole><playingEntity>
            <code code="10180" codeSystem="2.16.840.1.113883.6.88" displayName="Sulfamethoxazole"/>
          </playingEntity></participantRole></participant>
          <entryRelationship typeCode="MFST" inversionInd="true"><observation classCode="OBS" moodCode="EVN">
            <value xsi:type="CD" code="271807003" codeSystem="2.16.840.1.113883.6.96" displayName="Rash"/>
          </observation></entryRelationship>
        </observation></entryRelationship></act></entry>
    </section></component>
    <component><section>
      <code code="10160-0" codeSystem="2.16.840.1.113883.6.1"/><title>Medications</title>
      <entry><substanceAdministration classCode="SBADM" moodCode="EVN">
        <templateId root="2.16.840.1.113883.10.20.22.4.16"/><id root="m-1"/>
        <text>Take 1 tablet by mouth daily</text>
        <statusCode code="active"/>
        <effectiveTime xsi:type="IVL_TS"><low value="20180305"/></effectiveTime>
        <consumable><manufacturedProduct><manufacturedMaterial>
          <code code="314076" codeSystem="2.16.840.1.113883.6.88" displayName="Lisinopril 10 MG Oral Tablet"/>
        </manufacturedMaterial></manufacturedProduct></consumable>
      </substanceAdministration></entry>
    </section></component>
    <component><section>
      <code code="30954-2" codeSystem="2.16.840.1.113883.6.1"/><title>Results</title>
      <entry><organizer classCode="BATTERY" moodCode="EVN"><statusCode code="completed"/>
        <effectiveTime value="20240510"/>
        <component><observation classCode="OBS" moodCode="EVN">
          <templateId root="2.16.840.1.113883.10.20.22.4.2"/><id root="r-1"/>
          <code code="2345-7" codeSystem="2.16.840.1.113883.6.1" displayName="Glucose"/>
          <statusCode code="completed"/><effectiveTime value="20240510"/>
          <value xsi:type="PQ" value="132" unit="mg/dL"/>
          <interpretationCode code="H" codeSystem="2.16.840.1.113883.5.83"/>
          <referenceRange><observationRange><value xsi:type="IVL_PQ"><low value="70" unit="mg/dL"/><high value="99" unit="mg/dL"/></value></observationRange></referenceRange>
        </observation></component>
      </organizer></entry>
    </section></component>
  </structuredBody></component>
</ClinicalDocument>`;
