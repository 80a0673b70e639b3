/** Which vaccine groups a vaccination on record belongs to: shared by the record's list and the forecast. */
import type { VaccinationRecord } from '../adapters/ports.js';
import { vaccineGroupsOfCvx } from './vaccine-groups.generated.js';

/**
 * The groups a vaccination belongs to: the adapter's own (a registry's, or its target
 * diseases'), else its CVX code's; empty when neither is known. A combination vaccine
 * (DTaP-HepB-IPV) belongs to each of its groups, as on an official record.
 */
export function groupsOf(vaccination: VaccinationRecord): readonly string[] {
  if (vaccination.vaccineGroups?.length) return vaccination.vaccineGroups;
  return vaccination.cvx ? vaccineGroupsOfCvx(vaccination.cvx) : [];
}
