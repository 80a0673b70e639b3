/**
 * The CDSi vaccine group a *forecast* names, for the adapters that read one (an
 * `ImmunizationRecommendation`, a registry's forecast OBX group). A forecast names the
 * group by a CVX "unspecified formulation" code (`107` DTaP, `89` polio …), now and then
 * by a specific vaccine, or by the disease targeted (SNOMED CT). This table is small on
 * purpose: it is not the CVX → group map a vaccination record needs (the element derives
 * a record's groups from its CVX with the full generated table); a forecast line it cannot
 * place keeps the source's own words as its group, never a guess.
 *
 * The CVX rows are checked against the CDSi supporting data (`data/cdsi`, `cvxMap` →
 * antigen → `vaccineGroupMap`) by `test/node/immunization-mapping.test.mjs`. Pure, no I/O.
 */
import type { CodedValue } from './ports.js';

/** CVX code → CDSi vaccine group names (the unspecified formulations first, then common products). */
export const FORECAST_CVX_GROUPS: Readonly<Record<string, readonly string[]>> = {
  '107': ['DTaP/Tdap/Td'], '20': ['DTaP/Tdap/Td'], '115': ['DTaP/Tdap/Td'], '09': ['DTaP/Tdap/Td'],
  '89': ['Polio'], '10': ['Polio'],
  '03': ['MMR'], '94': ['MMR', 'Varicella'],
  '45': ['HepB'], '08': ['HepB'],
  '17': ['Hib'], '48': ['Hib'],
  '21': ['Varicella'],
  '85': ['HepA'], '83': ['HepA'],
  '137': ['HPV'], '62': ['HPV'], '165': ['HPV'],
  '109': ['Pneumococcal'], '152': ['Pneumococcal'], '133': ['Pneumococcal'], '215': ['Pneumococcal'],
  '108': ['Meningococcal'], '147': ['Meningococcal'], '114': ['Meningococcal'],
  '164': ['Meningococcal B'],
  '88': ['Influenza'], '140': ['Influenza'], '158': ['Influenza'],
  '213': ['COVID-19'], '208': ['COVID-19'],
  '122': ['Rotavirus'], '116': ['Rotavirus'],
  '188': ['Zoster'], '187': ['Zoster'],
  '304': ['RSV'], '305': ['RSV'],
};

/*
 * Diseases targeted (SNOMED CT disorder concepts, as `ImmunizationRecommendation.
 * recommendation.targetDisease` carries them) → vaccine group. Diphtheria, tetanus and
 * pertussis share one group; so do measles, mumps and rubella.
 */
const SNOMED_DISEASE_GROUPS: Readonly<Record<string, string>> = {
  '397430003': 'DTaP/Tdap/Td', // diphtheria
  '76902006': 'DTaP/Tdap/Td', // tetanus
  '27836007': 'DTaP/Tdap/Td', // pertussis
  '398102009': 'Polio', // acute poliomyelitis
  '14189004': 'MMR', // measles
  '36989005': 'MMR', // mumps
  '36653000': 'MMR', // rubella
  '66071002': 'HepB', // viral hepatitis type B
  '40468003': 'HepA', // viral hepatitis type A
  '91428005': 'Hib', // Haemophilus influenzae infection
  '38907003': 'Varicella', // varicella
  '240532009': 'HPV', // human papilloma virus infection
  '16814004': 'Pneumococcal', // pneumococcal infectious disease
  '23511006': 'Meningococcal', // meningococcal infectious disease
  '6142004': 'Influenza', // influenza
  '840539006': 'COVID-19', // COVID-19
  '18624000': 'Rotavirus', // disease due to rotavirus
  '4740000': 'Zoster', // herpes zoster
  '55735004': 'RSV', // respiratory syncytial virus infection
};

const CVX_SYSTEMS = new Set(['http://hl7.org/fhir/sid/cvx', 'urn:oid:2.16.840.1.113883.12.292', 'CVX']);
const SNOMED_SYSTEMS = new Set(['http://snomed.info/sct', 'SCT', 'SNOMED']);

/** Whether a coding system names CVX (the FHIR URI, its OID, or HL7 v2's `CVX`). */
export function isCvxSystem(system: string | undefined): boolean {
  return system !== undefined && CVX_SYSTEMS.has(system);
}

/**
 * The vaccine groups a forecast's coded vaccine or disease names: CVX first, then SNOMED
 * CT diseases, in the order of the codings; empty when none is known.
 */
export function forecastGroupsOf(value: CodedValue | undefined): string[] {
  const groups = new Set<string>();
  for (const coding of value?.codings ?? []) {
    const code = coding.code?.trim();
    if (!code) continue;
    if (isCvxSystem(coding.system)) {
      // CVX codes are written with and without a leading zero ("3", "03")
      for (const group of FORECAST_CVX_GROUPS[code] ?? FORECAST_CVX_GROUPS[code.padStart(2, '0')] ?? []) groups.add(group);
    } else if (coding.system && SNOMED_SYSTEMS.has(coding.system)) {
      const group = SNOMED_DISEASE_GROUPS[code];
      if (group) groups.add(group);
    }
  }
  return [...groups];
}
