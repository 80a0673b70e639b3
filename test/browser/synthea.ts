/** Facts about the seeded Synthea patients, read straight from the source bundles. */
import type { KnownPatient } from './contract/patient-port.js';
import { demoData } from './helpers.js';

export const SYNTHEA_FILES = [
  'synthea-buster-hoeger-ad2e3fc5.json',
  'synthea-kermit-trantow-f1a650a5.json',
  'synthea-carla-echevarria-9a628ccd.json',
];

interface Entry {
  fullUrl: string;
  resource: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** The bundle's resources of one type. */
export function resourcesOf(bundle: { entry: Entry[] }, type: string): Record<string, any>[] { // eslint-disable-line @typescript-eslint/no-explicit-any
  return bundle.entry.map((e) => e.resource).filter((r) => r.resourceType === type);
}

export async function knownSyntheaPatients(files = SYNTHEA_FILES): Promise<{ known: KnownPatient[]; bundles: { entry: Entry[] }[] }> {
  const known: KnownPatient[] = [];
  const bundles: { entry: Entry[] }[] = [];
  for (const file of files) {
    const bundle = await demoData<{ entry: Entry[] }>(file);
    bundles.push(bundle);
    const patient = resourcesOf(bundle, 'Patient')[0]!;
    const allergies = resourcesOf(bundle, 'AllergyIntolerance').filter(
      (a) => a.clinicalStatus?.coding?.[0]?.code === 'active',
    );
    known.push({
      ref: `Patient/${patient.id}`,
      birthDate: patient.birthDate,
      family: patient.name.find((n: { use?: string }) => n.use === 'official')?.family ?? patient.name[0].family,
      sex: patient.gender,
      mrn: patient.identifier.find((i: { type?: { coding?: { code?: string }[] } }) => i.type?.coding?.[0]?.code === 'MR').value,
      allergyCount: allergies.length,
    });
  }
  return { known, bundles };
}
