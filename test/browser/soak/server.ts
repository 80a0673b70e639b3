/**
 * The soak's own access to the FHIR server: plain `fetch` on the server's URL, so the
 * verdict never goes through the port, the adapter's client or the fault proxy.
 */
import { PHARMACY_DELIVERY_URL, PREFERRED_PHARMACY_URL } from '../../../src/adapters/fhir/mapping/refill.js';

/** A resource as the server returned it: only the fields the soak reads are typed. */
export interface ServerResource {
  resourceType: string;
  id?: string;
  status?: string;
  [field: string]: unknown;
}

interface Bundle {
  resourceType: string;
  entry?: { resource?: ServerResource }[];
  link?: { relation: string; url: string }[];
}

/** Pages a soak read may take before it is called a runaway (1,000 records at 100 a page). */
const MAX_PAGES = 50;

/** Every resource of a search (`Type?params`), following `next` links. */
export async function readAll(fhirUrl: string, search: string): Promise<ServerResource[]> {
  const resources: ServerResource[] = [];
  let url: string | undefined = `${fhirUrl}/${search}`;
  for (let page = 0; url; page++) {
    if (page >= MAX_PAGES) throw new Error(`more than ${MAX_PAGES} pages for ${search}`);
    const response = await fetch(url, { headers: { Accept: 'application/fhir+json' } });
    if (!response.ok) throw new Error(`${search}: HTTP ${response.status}`);
    const bundle = (await response.json()) as Bundle;
    if (bundle.resourceType !== 'Bundle') throw new Error(`${search}: a ${bundle.resourceType}, not a Bundle`);
    for (const entry of bundle.entry ?? []) if (entry.resource) resources.push(entry.resource);
    url = bundle.link?.find((l) => l.relation === 'next')?.url;
  }
  return resources;
}

async function create(fhirUrl: string, resource: Record<string, unknown>): Promise<ServerResource> {
  const response = await fetch(`${fhirUrl}/${String(resource.resourceType)}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/fhir+json', Accept: 'application/fhir+json' },
    body: JSON.stringify(resource),
  });
  if (!response.ok) throw new Error(`create ${String(resource.resourceType)}: HTTP ${response.status}`);
  return (await response.json()) as ServerResource;
}

/** A patient of the soak's own (decision-aid answers are written for it). */
export async function soakPatient(fhirUrl: string, family: string): Promise<string> {
  const patient = await create(fhirUrl, { resourceType: 'Patient', name: [{ family, given: ['Soak'] }], birthDate: '1966-04-12' });
  return `Patient/${patient.id}`;
}


/**
 * A fresh patient with one prescription that can be refilled (lisinopril, 3 refills, last
 * dispensed six weeks before the soak's "now"), so each refill operation asks once for it.
 * One mail-order pharmacy is created on first use and shared (`pharmacy.id`).
 */
export async function seedRefillPatient(fhirUrl: string, label: string, pharmacy: { id: string }): Promise<string> {
  if (!pharmacy.id) {
    const organization = await create(fhirUrl, {
      resourceType: 'Organization',
      active: true,
      name: 'Soak Mail Pharmacy',
      type: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode', code: 'OUTPHARM' }] }],
      extension: [{ url: PHARMACY_DELIVERY_URL, valueCode: 'pickup' }],
      address: [{ line: ['9 Dock Street'], city: 'Springfield', state: 'MA', postalCode: '01105' }],
    });
    pharmacy.id = organization.id!;
  }
  const patient = await create(fhirUrl, {
    resourceType: 'Patient',
    name: [{ family: `Soak${label}`, given: ['Rosa'] }],
    birthDate: '1970-02-03',
    extension: [{ url: PREFERRED_PHARMACY_URL, extension: [{ url: 'pharmacy', valueReference: { reference: `Organization/${pharmacy.id}` } }] }],
  });
  const subject = { reference: `Patient/${patient.id}` };
  const medication = { text: 'lisinopril 10 MG Oral Tablet' };
  const day = (value: number) => ({ value, unit: 'days', system: 'http://unitsofmeasure.org', code: 'd' });
  const order = await create(fhirUrl, {
    resourceType: 'MedicationRequest',
    status: 'active',
    intent: 'order',
    subject,
    authoredOn: '2024-01-02',
    medicationCodeableConcept: medication,
    requester: { display: 'Dr. Ana Lee' },
    dosageInstruction: [{ text: 'Take 1 tablet daily' }],
    dispenseRequest: {
      numberOfRepeatsAllowed: 3,
      validityPeriod: { start: '2024-01-02', end: '2025-01-02' },
      expectedSupplyDuration: day(30),
      quantity: { value: 30, unit: 'tablet' },
    },
  });
  await create(fhirUrl, {
    resourceType: 'MedicationDispense',
    status: 'completed',
    subject,
    medicationCodeableConcept: medication,
    authorizingPrescription: [{ reference: `MedicationRequest/${order.id}` }],
    whenHandedOver: '2024-05-01',
    daysSupply: day(30),
  });
  return `Patient/${patient.id}`;
}
