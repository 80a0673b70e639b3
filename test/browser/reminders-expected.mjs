/**
 * What each care-reminder rule should say for a patient, computed INDEPENDENTLY of the code
 * under test (src/reminders, the FHIR mapping, the element) straight from a FHIR bundle's
 * raw resources: plain `YYYY-MM-DD` string dates, direct code lookups in the rule set. Shared
 * by the evaluator's node test and the element's browser test (#14: "for every fixture
 * patient, a test computes the expected status of every rule independently and checks the
 * element"). The readings follow docs/care-reminders.md, not the implementation.
 */

/** The Synthea and US Core fixture patients, each at dates that exercise their records. */
export const REMINDER_FIXTURES = [
  ['demo/data/synthea-buster-hoeger-ad2e3fc5.json', ['2023-01-15', '2026-12-01']],
  ['demo/data/synthea-carla-echevarria-9a628ccd.json', ['2026-06-01', '2020-01-01']],
  ['demo/data/synthea-dennis-durgan-78f005f3.json', ['2008-01-01', '2026-12-01']],
  ['demo/data/synthea-jill-tillman-c4b7d178.json', ['2020-06-01', '2026-12-01']],
  ['demo/data/synthea-kermit-trantow-f1a650a5.json', ['2026-12-01', '2019-07-01']],
  ['demo/data/synthea-vito-feeney-63dd4423.json', ['1979-10-01', '1975-03-01']],
  ['demo/data/uscore-bundle-patient-85.json', ['1977-01-01', '1990-01-01']],
  // diabetes since 2024-09-20 and an HbA1c on 2025-01-17: done, then due, then overdue
  ['test/fixtures/fhir-r4/us-core/pdex-bundle-patient-999.json', ['2025-03-01', '2025-08-01', '2026-12-01']],
  // a child born 2015 with a draft (not active) order: almost nothing applies yet
  ['test/fixtures/fhir-r4/us-core/dtr-bundle-patient-pat015.json', ['2026-12-01', '2029-06-01']],
];

/** `YYYY-MM-DD` shifted by whole years or months (string arithmetic; day clamped to the month). */
function shift(date, amount, unit) {
  let y = +date.slice(0, 4);
  let m = +date.slice(5, 7);
  const d = +date.slice(8, 10);
  if (unit.startsWith('year')) y += amount;
  else {
    m += amount;
    while (m > 12) {
      m -= 12;
      y += 1;
    }
    while (m < 1) {
      m += 12;
      y -= 1;
    }
  }
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}
const plus = (date, duration) => {
  const [n, unit] = duration.split(' ');
  return shift(date, +n, unit);
};
const minus = (date, duration) => {
  const [n, unit] = duration.split(' ');
  return shift(date, -n, unit);
};

function ageAt(birth, date) {
  return +date.slice(0, 4) - +birth.slice(0, 4) - (date.slice(5) < birth.slice(5) ? 1 : 0);
}

const day = (value) => (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : undefined);
const dateOfResource = (r) =>
  (r.performedDateTime ?? r.performedPeriod?.start ?? r.effectiveDateTime ?? r.effectivePeriod?.start ?? r.issued ?? r.started ?? '').slice(0, 10);
const conceptText = (concept) => concept?.text ?? (concept?.coding ?? []).map((c) => c.display).find(Boolean);

/**
 * Expected reminders of `resources` (one patient's bundle entries) as of `asOf`, keyed by the
 * reminder's id: the rule id, or `<rule>:<record>` for a follow-up item. Each value holds
 * `status`, `title` (English), and `dueDate` / `lastDone` where the status has one.
 */
export function expectedReminders(rules, resources, asOf) {
  const codesOf = (setId) => new Set(rules.codeSets[setId].codes.map((c) => `${c.system}|${c.code}`));
  const hasCode = (concept, setId) => (concept?.coding ?? []).some((c) => codesOf(setId).has(`${c.system}|${c.code}`));
  const patient = resources.find((r) => r.resourceType === 'Patient');
  const birth = patient.birthDate;
  const birthSex = patient.extension?.find((e) => e.url.endsWith('us-core-birthsex'))?.valueCode;
  const sex = birthSex === 'F' ? 'female' : birthSex === 'M' ? 'male' : patient.gender;
  const dead = patient.deceasedBoolean === true || (patient.deceasedDateTime && patient.deceasedDateTime.slice(0, 10) <= asOf);
  const age = ageAt(birth, asOf);
  const dueOrOverdue = (due) => (due > asOf ? 'due-later' : asOf >= plus(due, '3 months') ? 'overdue' : 'due-now');
  const out = {};
  for (const rule of rules.rules) {
    if (rule.followUp) {
      if (!dead) Object.assign(out, followUps(rule, resources, asOf, dueOrOverdue));
      continue;
    }
    const a = rule.appliesTo;
    const set = (value) => (out[rule.id] = { title: rule.title.en, ...value });
    const na = () => set({ status: 'not-applicable' });
    if (dead) { na(); continue; }
    if (a.sexAtBirth && !a.sexAtBirth.includes(sex)) { na(); continue; }
    const conditions = resources.filter((r) => r.resourceType === 'Condition' && r.clinicalStatus?.coding?.[0]?.code === 'active' && (r.onsetDateTime ?? '').slice(0, 10) <= asOf);
    if ((a.conditionsAbsent ?? []).some((setId) => conditions.some((c) => hasCode(c.code, setId)))) { na(); continue; }
    let start = a.minAge !== undefined ? plus(birth, `${a.minAge} years`) : birth;
    if (a.conditionsPresent) {
      const found = conditions.filter((c) => a.conditionsPresent.some((setId) => hasCode(c.code, setId)));
      if (!found.length) { na(); continue; }
      const onset = found.map((c) => c.onsetDateTime.slice(0, 10)).sort()[0];
      if (onset > start) start = onset;
    }
    const findingsHold = (a.findings ?? []).every((f) => {
      let obs = resources.filter((r) => r.resourceType === 'Observation' && hasCode(r.code, f.codeSet) && dateOfResource(r) <= asOf);
      if (f.within) obs = obs.filter((r) => dateOfResource(r) >= minus(asOf, f.within));
      if (f.latest) obs = obs.sort((x, y) => dateOfResource(y).localeCompare(dateOfResource(x))).slice(0, 1);
      return obs.some((r) => (!f.valueCodeSet || hasCode(r.valueCodeableConcept, f.valueCodeSet)) && (f.minValue === undefined || r.valueQuantity?.value >= f.minValue));
    });
    if (!findingsHold) { na(); continue; }
    if (a.maxAge !== undefined && age > a.maxAge) { na(); continue; }
    if (a.minAge !== undefined && age < a.minAge) {
      const turns = plus(birth, `${a.minAge} years`);
      if (turns <= plus(asOf, '1 year')) set({ status: 'due-later', dueDate: turns });
      else na();
      continue;
    }
    let satisfied;
    let lapse;
    for (const way of rule.satisfiedBy) {
      if ((way.minAge !== undefined && age < way.minAge) || (way.maxAge !== undefined && age > way.maxAge)) continue;
      for (const r of resources) {
        if (!way.resourceTypes.includes(r.resourceType)) continue;
        const concept = r.resourceType === 'ImagingStudy' ? { coding: (r.procedureCode ?? []).flatMap((c) => c.coding ?? []) } : r.code;
        if (!hasCode(concept, way.codeSet) || !happened(r)) continue;
        const date = dateOfResource(r);
        if (!date || date > asOf) continue;
        if (rule.once || date > minus(asOf, way.lookBack)) {
          if (!satisfied || date > satisfied) satisfied = date;
        } else {
          const until = plus(date, way.lookBack);
          if (!lapse || until > lapse) lapse = until;
        }
      }
    }
    if (satisfied) {
      set({ status: 'done', lastDone: satisfied });
      continue;
    }
    const due = lapse && lapse > start ? lapse : start;
    // the due day is never after asOf here: the age, the onset and a lapse are all on or before it
    set({ status: asOf >= plus(due, '3 months') ? 'overdue' : 'due-now', dueDate: due });
  }
  return out;
}

/**
 * Whether a record says the thing happened (FHIR R4 status value sets): a Procedure only
 * when `completed`; any other record unless withdrawn, erroneous, not done, only
 * registered, or of unknown status.
 */
function happened(r) {
  if (r.resourceType === 'Procedure') return r.status === 'completed';
  return !['entered-in-error', 'cancelled', 'not-done', 'registered', 'unknown'].includes(r.status);
}

/**
 * Follow-up items (docs/care-reminders.md): each active `ServiceRequest` that is not an order
 * NOT to do something and that no record is `basedOn`, dated by its occurrence, else when it
 * was written; each not-completed activity of an active `CarePlan` with a scheduled date.
 */
function followUps(rule, resources, asOf, dueOrOverdue) {
  const out = {};
  const item = (ref, title, date) => {
    const due = date ?? asOf;
    out[`${rule.id}:${ref}`] = { title: title ?? rule.title.en, status: dueOrOverdue(due), dueDate: due };
  };
  if (rule.followUp === 'service-request') {
    const basedOn = new Set(resources.filter(happened).flatMap((r) => (r.basedOn ?? []).map((b) => b.reference)));
    for (const r of resources) {
      if (r.resourceType !== 'ServiceRequest' || r.status !== 'active' || r.doNotPerform === true) continue;
      const ref = `ServiceRequest/${r.id}`;
      if (basedOn.has(ref)) continue;
      item(ref, conceptText(r.code), day(r.occurrenceDateTime) ?? day(r.occurrencePeriod?.start) ?? day(r.authoredOn));
    }
  } else {
    for (const plan of resources) {
      if (plan.resourceType !== 'CarePlan' || plan.status !== 'active') continue;
      (plan.activity ?? []).forEach((activity, i) => {
        const d = activity.detail;
        if (!d || d.doNotPerform === true || !['not-started', 'scheduled', 'in-progress', 'on-hold'].includes(d.status)) return;
        const date = day(d.scheduledPeriod?.start) ?? day(d.scheduledTiming?.event?.[0]) ?? day(d.scheduledString);
        if (date) item(`CarePlan/${plan.id}#activity-${i}`, conceptText(d.code) ?? d.description, date);
      });
    }
  }
  return out;
}
