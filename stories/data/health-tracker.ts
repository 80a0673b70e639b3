/**
 * Story data for <engage-health-tracker>: eight weeks of home blood pressure readings
 * (made up for the stories, no real patient) beside three clinic measurements, weekly
 * weights, and two goals agreed with the care team. Plus a driver that types into the
 * element for the states that need input (a dangerous reading, an import preview, a
 * failed save).
 */
import type { HealthGoal, Reading } from '../../src/adapters/ports.js';
import { whenShown } from './story-wait.js';

export const TRACKER_PATIENT = 'Patient/story-tracker';

const bp = (effective: string, sys: number, dia: number, source: Reading['source']): Reading => ({
  typeId: 'blood-pressure',
  code: { system: 'http://loinc.org', code: '85354-9' },
  patient: TRACKER_PATIENT,
  effective,
  values: [
    { code: '8480-6', quantity: { value: sys, unit: 'mm[Hg]', code: 'mm[Hg]' } },
    { code: '8462-4', quantity: { value: dia, unit: 'mm[Hg]', code: 'mm[Hg]' } },
  ],
  source,
  ...(source === 'patient' ? { performer: TRACKER_PATIENT } : {}),
});

const weight = (effective: string, kg: number): Reading => ({
  typeId: 'weight',
  code: { system: 'http://loinc.org', code: '29463-7' },
  patient: TRACKER_PATIENT,
  effective,
  values: [{ code: '29463-7', quantity: { value: kg, unit: 'kg', code: 'kg' } }],
  source: 'patient',
  performer: TRACKER_PATIENT,
});

export const TRACKER_READINGS: Reading[] = [
  bp('2024-04-22', 148, 94, 'clinic'),
  bp('2024-04-25T07:40:00-04:00', 146, 92, 'patient'),
  bp('2024-05-02T07:35:00-04:00', 141, 90, 'patient'),
  bp('2024-05-09T07:50:00-04:00', 139, 88, 'patient'),
  bp('2024-05-16T07:30:00-04:00', 136, 86, 'patient'),
  bp('2024-05-20', 138, 86, 'clinic'),
  bp('2024-05-23T07:45:00-04:00', 133, 84, 'patient'),
  bp('2024-05-30T07:40:00-04:00', 131, 83, 'patient'),
  bp('2024-06-06T07:30:00-04:00', 129, 82, 'patient'),
  bp('2024-06-10', 130, 80, 'clinic'),
  bp('2024-06-13T07:35:00-04:00', 127, 80, 'patient'),
  weight('2024-05-01', 92.4),
  weight('2024-05-15', 91.8),
  weight('2024-06-01', 91.1),
  weight('2024-06-14', 90.6),
];

export const TRACKER_GOALS: HealthGoal[] = [
  { id: 'goal-bp', description: 'Top number below 130', status: 'active', targets: [{ code: '8480-6', high: { value: 130, unit: 'mm[Hg]', code: 'mm[Hg]' } }] },
  { id: 'goal-weight', description: 'Weight between 80 and 88 kg', status: 'active', targets: [{ code: '29463-7', low: { value: 80, unit: 'kg', code: 'kg' }, high: { value: 88, unit: 'kg', code: 'kg' } }] },
];

/** A CSV export with good rows and one of each kind of problem. */
export const IMPORT_WITH_ERRORS = [
  'date,type,value,unit',
  '2024-06-01,blood-pressure,130/85,mmHg',
  '2024-06-02,weight,199.5,lb',
  '2024-06-03,cholesterol,200,mg/dL',
  '2024-06-04,pulse,fast,bpm',
  '2024-02-30,pulse,70,bpm',
].join('\n');

export type TrackerDrive = 'dangerous' | 'import-errors' | 'save';

/** Types into the element until it shows the state a story is about. */
export async function driveTracker(element: Element | undefined, drive: TrackerDrive): Promise<void> {
  if (!element) return;
  const root = () => element.shadowRoot;
  if (!(await whenShown(element, () => root()?.querySelector('#value-1')))) return;
  const set = (selector: string, value: string) => {
    const input = root()?.querySelector<HTMLInputElement | HTMLTextAreaElement>(selector);
    if (!input) return;
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  };
  if (drive === 'import-errors') {
    set('#csv-text', IMPORT_WITH_ERRORS);
    root()?.querySelector<HTMLButtonElement>('[part~="check-button"]')?.click();
    return;
  }
  set('#value-0', drive === 'dangerous' ? '184' : '128');
  set('#value-1', drive === 'dangerous' ? '112' : '80');
  await (element as Element & { updateComplete: Promise<unknown> }).updateComplete;
  root()?.querySelector<HTMLButtonElement>('[part~="save-button"]')?.click();
}
