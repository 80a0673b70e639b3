/**
 * Sample prescriptions, pharmacies and refill requests for stories and element tests,
 * dated around the stories' fixed clock (15 June 2024). Medication names are RxNorm
 * display names as Synthea and the US Core examples record them; pharmacies are the
 * demo's fictional ones. One of every eligibility case: refills left, none left,
 * expired, future start, controlled, pending request, too early.
 */
import type { MemoryRefillOptions } from '../../src/adapters/memory/refills.js';
import type { Participant, Pharmacy, Prescription, RefillRequest } from '../../src/adapters/ports.js';
import { whenShown } from './story-wait.js';

export const REFILL_PATIENT = 'Patient/f341c771-5aff-4858-9406-9d45e8a56246';
export const REFILL_PATIENT_NAME = 'Jill Tillman';
export const EMPTY_PATIENT = 'Patient/e4531916-b162-4f4b-90c2-ce37e132b8d4';
export const OTHER_PATIENT = 'Patient/85';

const rx = (code: string, display: string) => ({
  text: display,
  codings: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code, display }],
});
const drLee: Participant = { ref: 'Practitioner/demo-lee', kind: 'practitioner', name: 'Dr. Ana Lee' };
const tablets = (value: number) => ({ value, unit: 'tablet' });

/** One prescription per eligibility case (today = 2024-06-15). */
export function samplePrescriptions(): Prescription[] {
  return [
    {
      id: 'rx-lisinopril',
      medication: rx('314076', 'lisinopril 10 MG Oral Tablet'),
      dosage: 'Take 1 tablet by mouth once a day',
      status: 'active',
      prescriber: drLee,
      authoredOn: '2024-01-10',
      refillsAllowed: 3,
      dispenses: [
        { date: '2024-05-01', daysSupply: 30, quantity: tablets(30) },
        { date: '2024-01-10', daysSupply: 30, quantity: tablets(30) },
      ],
      validFrom: '2024-01-10',
      validUntil: '2025-01-10',
      daysSupply: 30,
      quantity: tablets(30),
      controlled: false,
    },
    {
      id: 'rx-metformin',
      medication: rx('861007', 'metformin hydrochloride 500 MG Oral Tablet'),
      dosage: 'Take 1 tablet by mouth twice a day with meals',
      status: 'active',
      prescriber: drLee,
      authoredOn: '2024-03-01',
      refillsAllowed: 5,
      dispenses: [{ date: '2024-05-10', daysSupply: 30, quantity: tablets(60) }],
      daysSupply: 30,
      quantity: tablets(60),
      controlled: false,
    },
    {
      id: 'rx-atorvastatin',
      medication: rx('617312', 'atorvastatin 20 MG Oral Tablet'),
      dosage: 'Take 1 tablet at bedtime',
      status: 'active',
      prescriber: drLee,
      authoredOn: '2024-04-10',
      refillsAllowed: 1,
      dispenses: [
        { date: '2024-05-10', daysSupply: 30 },
        { date: '2024-04-10', daysSupply: 30 },
      ],
      daysSupply: 30,
      quantity: tablets(30),
      controlled: false,
    },
    {
      id: 'rx-albuterol',
      medication: rx('745679', '200 ACTUAT Albuterol 0.09 MG/ACTUAT Metered Dose Inhaler'),
      dosage: 'Inhale 2 puffs every 4 hours as needed for wheezing',
      status: 'active',
      prescriber: drLee,
      authoredOn: '2023-03-01',
      refillsAllowed: 2,
      dispenses: [{ date: '2023-03-01', daysSupply: 30 }],
      validFrom: '2023-03-01',
      validUntil: '2024-03-01',
      controlled: false,
    },
    {
      id: 'rx-oxycodone',
      medication: rx('1049621', 'oxycodone hydrochloride 5 MG Oral Tablet'),
      dosage: 'Take 1 tablet every 6 hours as needed for pain',
      status: 'active',
      prescriber: drLee,
      authoredOn: '2024-06-01',
      refillsAllowed: 0,
      dispenses: [{ date: '2024-06-01', daysSupply: 5 }],
      controlled: true,
    },
    {
      id: 'rx-levothyroxine',
      medication: rx('966222', 'levothyroxine sodium 0.05 MG Oral Tablet'),
      dosage: 'Take 1 tablet every morning before breakfast',
      status: 'active',
      prescriber: drLee,
      authoredOn: '2024-02-01',
      refillsAllowed: 3,
      dispenses: [{ date: '2024-06-10', daysSupply: 90 }],
      daysSupply: 90,
      controlled: false,
    },
    {
      id: 'rx-omeprazole',
      medication: rx('198053', 'omeprazole 20 MG Delayed Release Oral Capsule'),
      dosage: 'Take 1 capsule before breakfast',
      status: 'active',
      prescriber: drLee,
      authoredOn: '2024-01-20',
      refillsAllowed: 2,
      dispenses: [{ date: '2024-04-20', daysSupply: 30 }],
      daysSupply: 30,
      controlled: false,
    },
    {
      id: 'rx-amoxicillin',
      medication: rx('308182', 'amoxicillin 250 MG Oral Capsule'),
      dosage: 'Take 1 capsule three times a day for 10 days',
      status: 'active',
      prescriber: drLee,
      authoredOn: '2024-06-14',
      refillsAllowed: 0,
      dispenses: [],
      validFrom: '2024-07-01',
      validUntil: '2024-12-31',
      controlled: false,
    },
    {
      id: 'rx-nuvaring',
      medication: rx('1367439', 'NuvaRing 0.12/0.015 MG per 24HR 21 Day Vaginal Ring'),
      status: 'stopped',
      prescriber: drLee,
      authoredOn: '2020-01-09',
      dispenses: [],
      controlled: false,
    },
  ];
}

export function samplePharmacies(): Pharmacy[] {
  return [
    {
      ref: 'Organization/demo-pharmacy-riverside',
      name: 'Riverside Community Pharmacy (demo)',
      address: '25 River Road, Suite 3, Springfield, MA 01103',
      phone: '555-0110',
      preferred: false,
      delivery: ['pickup'],
    },
    {
      ref: 'Organization/demo-pharmacy-main-street',
      name: 'Main Street Pharmacy (demo)',
      address: '100 Main Street, Springfield, MA 01101',
      phone: '555-0100',
      preferred: false,
      delivery: ['pickup', 'mail'],
    },
    {
      ref: 'Organization/demo-pharmacy-mail',
      name: 'Sunrise Mail-Order Pharmacy (demo)',
      phone: '555-0120',
      preferred: false,
      delivery: ['mail'],
    },
  ];
}

const requestOf = (
  prescription: Prescription,
  fields: Partial<RefillRequest> & Pick<RefillRequest, 'id' | 'status' | 'created'>,
): RefillRequest => ({
  kind: 'refill',
  prescriptionId: prescription.id,
  medication: prescription.medication,
  patient: REFILL_PATIENT,
  pharmacy: samplePharmacies()[1],
  delivery: 'pickup',
  ...fields,
});

/** Earlier requests: one pending, one approved, one denied, one needing a visit. */
export function sampleRequests(): RefillRequest[] {
  const [lisinopril, , atorvastatin, albuterol, , , omeprazole] = samplePrescriptions() as Prescription[];
  return [
    requestOf(omeprazole!, { id: 'req-omeprazole', status: 'requested', created: '2024-06-14T09:30:00-04:00', note: 'Almost out.' }),
    requestOf(lisinopril!, { id: 'req-lisinopril', status: 'approved', created: '2024-04-28T10:00:00-04:00' }),
    requestOf(albuterol!, {
      id: 'req-albuterol',
      kind: 'renewal',
      status: 'needs-appointment',
      statusReason: 'Please book a visit so we can check your breathing.',
      created: '2024-03-05T08:15:00-05:00',
    }),
    requestOf(atorvastatin!, {
      id: 'req-atorvastatin-old',
      status: 'denied',
      statusReason: 'Your dose changed. Use the new prescription.',
      created: '2024-02-02T16:45:00-05:00',
    }),
  ];
}

/** Everything the memory refill port needs for the sample patient (a fresh copy each call). */
export function refillData(overrides: Partial<MemoryRefillOptions> = {}): MemoryRefillOptions {
  return {
    prescriptions: { [REFILL_PATIENT]: samplePrescriptions(), [EMPTY_PATIENT]: [] },
    pharmacies: samplePharmacies(),
    preferredPharmacy: { [REFILL_PATIENT]: 'Organization/demo-pharmacy-main-street' },
    requests: sampleRequests(),
    patientNames: { [REFILL_PATIENT]: REFILL_PATIENT_NAME, [OTHER_PATIENT]: 'Lucien Bosco' },
    ...overrides,
  };
}

/**
 * A clinic's queue: pending requests from two patients, with notes. With `furosemide`, the
 * original prescription of the renewal request has that status (a queue fed by another
 * system may hold a request for a stopped order).
 */
export function queueData(furosemideStatus: Prescription['status'] = 'active'): MemoryRefillOptions {
  const prescriptions = samplePrescriptions();
  const furosemide: Prescription = {
    id: 'rx-furosemide',
    medication: rx('313988', 'Furosemide 40 MG Oral Tablet'),
    dosage: 'Take as needed.',
    status: furosemideStatus,
    authoredOn: '1977-05-13',
    refillsAllowed: 2,
    dispenses: [{ date: '2016-12-08T06:38:52Z', quantity: { value: 480, unit: 'mL' } }],
    controlled: false,
  };
  const base = refillData({ prescriptions: { [REFILL_PATIENT]: prescriptions, [OTHER_PATIENT]: [furosemide] } });
  return {
    ...base,
    requests: [
      ...(base.requests ?? []),
      requestOf(prescriptions[1]!, {
        id: 'req-metformin',
        status: 'requested',
        created: '2024-06-15T08:05:00-04:00',
        note: 'I am travelling next week, could I get 90 days?',
      }),
      {
        ...requestOf(furosemide, { id: 'req-furosemide', kind: 'renewal', status: 'in-review', created: '2024-06-13T14:20:00-04:00' }),
        patient: OTHER_PATIENT,
      },
    ],
  };
}

/**
 * Waits until a refill element has loaded, then chooses the first two medications
 * ready to refill and goes to the review step; with `send`, presses "Send request".
 * Used by stories that show a later step (submitting, failed, confirmation).
 */
export async function driveRefill(element: Element | undefined, until: 'review' | 'send'): Promise<void> {
  if (!element) return;
  const root = () => element.shadowRoot;
  if (!(await whenShown(element, () => root()?.querySelector('input[type="checkbox"]')))) return;
  const boxes = [...(root()?.querySelectorAll<HTMLInputElement>('input[type="checkbox"]') ?? [])].slice(0, 2);
  for (const box of boxes) box.click();
  await (element as Element & { updateComplete: Promise<unknown> }).updateComplete;
  root()?.querySelector<HTMLButtonElement>('[part~="review-button"]')?.click();
  await (element as Element & { updateComplete: Promise<unknown> }).updateComplete;
  if (until === 'send') root()?.querySelector<HTMLButtonElement>('[part~="send-button"]')?.click();
}
