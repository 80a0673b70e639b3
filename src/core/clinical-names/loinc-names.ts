/**
 * Plain names for the commonest LOINC tests, for the patient view. A patient reads
 * "White blood cells", not "Leukocytes [#/volume] in Blood by Automated count".
 *
 * Source: the codes and what each measures are facts from LOINC (© Regenstrief
 * Institute, https://loinc.org, used under the LOINC license); the wording is our own,
 * written in plain English from each code's Long Common Name. Chosen by how often each
 * code occurs in the Synthea, US Core and IPS data the project ships (test/fixtures,
 * demo/data): vitals, basic metabolic panel, lipids, HbA1c, CBC, urine dipstick, liver
 * tests. A code not listed keeps the name the record gives it. The Spanish names are in
 * ./loinc-names.es.ts, loaded with the Spanish strings (not up front).
 */
import type { CodedValue } from '../../adapters/ports.js';
import { termInLanguage } from '../localization.js';

const LOINC_PLAIN: Readonly<Record<string, string>> = {
  // vital signs and body measurements
  '8302-2': 'Height',
  '8306-3': 'Height (lying down)',
  '29463-7': 'Weight',
  '39156-5': 'Body mass index (BMI)',
  '9843-4': 'Head size',
  '55284-4': 'Blood pressure',
  '85354-9': 'Blood pressure',
  '8480-6': 'Blood pressure, top number',
  '8462-4': 'Blood pressure, bottom number',
  '8867-4': 'Heart rate',
  '9279-1': 'Breathing rate',
  '8310-5': 'Body temperature',
  '8331-1': 'Temperature (by mouth)',
  '2708-6': 'Oxygen level in blood',
  '59408-5': 'Oxygen level in blood',
  '3151-8': 'Oxygen flow given',
  '3150-0': 'Oxygen given',
  '72514-3': 'Pain score (0 to 10)',
  '72166-2': 'Smoking status',
  // kidney and basic metabolic panel
  '51990-0': 'Basic blood chemistry panel',
  '24321-2': 'Basic blood chemistry panel',
  '2339-0': 'Blood sugar (glucose)',
  '2345-7': 'Blood sugar (glucose)',
  '6299-2': 'Urea nitrogen (BUN)',
  '3094-0': 'Urea nitrogen (BUN)',
  '38483-4': 'Creatinine (kidney test)',
  '2160-0': 'Creatinine (kidney test)',
  '33914-3': 'Kidney function (eGFR)',
  '49765-1': 'Calcium',
  '17861-6': 'Calcium',
  '2947-0': 'Sodium',
  '2951-2': 'Sodium',
  '6298-4': 'Potassium',
  '2823-3': 'Potassium',
  '2069-3': 'Chloride',
  '2075-0': 'Chloride',
  '20565-8': 'Carbon dioxide (bicarbonate)',
  '2028-9': 'Carbon dioxide (bicarbonate)',
  '14959-1': 'Protein in urine (albumin to creatinine ratio)',
  // diabetes and lipids
  '4548-4': 'Hemoglobin A1c (average blood sugar)',
  '57698-3': 'Cholesterol panel',
  '2093-3': 'Total cholesterol',
  '2571-8': 'Triglycerides (blood fats)',
  '18262-6': 'LDL ("bad") cholesterol',
  '13457-7': 'LDL ("bad") cholesterol',
  '2089-1': 'LDL ("bad") cholesterol',
  '2085-9': 'HDL ("good") cholesterol',
  // complete blood count
  '58410-2': 'Complete blood count (CBC)',
  '6690-2': 'White blood cells',
  '789-8': 'Red blood cells',
  '718-7': 'Hemoglobin',
  '4544-3': 'Hematocrit (red cell share of blood)',
  '787-2': 'Red blood cell size (MCV)',
  '785-6': 'Hemoglobin per red blood cell (MCH)',
  '786-4': 'Hemoglobin in red blood cells (MCHC)',
  '21000-5': 'Red blood cell size range (RDW)',
  '777-3': 'Platelets',
  '32207-3': 'Platelet size range (PDW)',
  '32623-1': 'Platelet size (MPV)',
  // liver and proteins
  '1975-2': 'Bilirubin (liver test)',
  '1968-7': 'Direct bilirubin (liver test)',
  '2885-2': 'Total protein',
  '1751-7': 'Albumin (blood protein)',
  '10834-0': 'Globulin (blood protein)',
  '6768-6': 'Alkaline phosphatase (ALP)',
  '1742-6': 'ALT (liver enzyme)',
  '1920-8': 'AST (liver enzyme)',
  // urine dipstick
  '24357-6': 'Urine test (dipstick)',
  '5767-9': 'Urine appearance',
  '32167-9': 'Urine clarity',
  '5778-6': 'Urine color',
  '5792-7': 'Sugar in urine',
  '25428-4': 'Sugar in urine',
  '20505-4': 'Bilirubin in urine',
  '5770-3': 'Bilirubin in urine',
  '5797-6': 'Ketones in urine',
  '2514-8': 'Ketones in urine',
  '5811-5': 'Urine concentration (specific gravity)',
  '5803-2': 'Urine acid level (pH)',
  '5804-0': 'Protein in urine',
  '20454-5': 'Protein in urine',
  '5802-4': 'Nitrite in urine',
  '5794-3': 'Blood in urine',
  '5799-2': 'White blood cells in urine',
  // other tests seen in the fixtures
  '2857-1': 'Prostate test (PSA)',
  '33762-6': 'Heart strain test (NT-proBNP)',
  '10230-1': 'Heart pumping strength (ejection fraction)',
  '82810-3': 'Pregnancy status',
};

/** Whether a coding's system is LOINC (records write it with and without `www.`/`https`). */
function isLoinc(system: string | undefined): boolean {
  return typeof system === 'string' && /^https?:\/\/(www\.)?loinc\.org\/?$/.test(system);
}

/**
 * The plain name of a test from its LOINC coding, in the active language (Spanish when
 * loaded, else English), or `undefined` when the table has none.
 */
export function loincPlainName(value: CodedValue | undefined): string | undefined {
  for (const coding of value?.codings ?? []) {
    if (isLoinc(coding.system) && coding.code && Object.hasOwn(LOINC_PLAIN, coding.code)) {
      return termInLanguage(`loinc:${coding.code}`) ?? LOINC_PLAIN[coding.code];
    }
  }
  return undefined;
}

/** How many codes the table names (for documentation and tests). */
export const LOINC_PLAIN_CODES: readonly string[] = Object.keys(LOINC_PLAIN);
