/**
 * Builds HL7 infobutton knowledge requests (Context-Aware Knowledge Retrieval, URL-based
 * implementation guide), the form MedlinePlus Connect and other knowledge services accept.
 *
 * Parameters are written in one fixed order so a request for the same code and context is
 * always the same URL: that URL is the cache key, and tests compare it character for
 * character. Patient identifiers are never part of a request: only a code, an age, a sex
 * and a language leave the browser.
 */
import type { InfobuttonQuery } from '../ports/education.js';
import type { AdministrativeSex } from '../ports/patient.js';

/** MedlinePlus Connect's web service (NLM), the default knowledge service. */
export const MEDLINEPLUS_CONNECT = 'https://connect.medlineplus.gov/service';

/**
 * OIDs of the code systems knowledge services accept, by FHIR system URI (FHIR's
 * terminology naming systems list the same pairs).
 */
export const CODE_SYSTEM_OIDS: Readonly<Record<string, string>> = {
  'http://hl7.org/fhir/sid/icd-10-cm': '2.16.840.1.113883.6.90',
  'http://snomed.info/sct': '2.16.840.1.113883.6.96',
  'http://www.nlm.nih.gov/research/umls/rxnorm': '2.16.840.1.113883.6.88',
  'http://loinc.org': '2.16.840.1.113883.6.1',
  'http://hl7.org/fhir/sid/ndc': '2.16.840.1.113883.6.69',
};

const KNOWN_OIDS = new Set(Object.values(CODE_SYSTEM_OIDS));

/** The OID for a system URI or OID, or `undefined` when the system is not one a service knows. */
export function codeSystemOid(system: string | undefined): string | undefined {
  if (!system) return undefined;
  const trimmed = system.trim();
  const oid = trimmed.startsWith('urn:oid:') ? trimmed.slice('urn:oid:'.length) : trimmed;
  return CODE_SYSTEM_OIDS[trimmed] ?? (KNOWN_OIDS.has(oid) ? oid : undefined);
}

/** HL7 v3 AdministrativeGender codes; other and unknown are left out rather than guessed. */
const GENDER: Partial<Record<AdministrativeSex, string>> = { female: 'F', male: 'M' };

/** Options for how a request is written. */
export interface RequestOptions {
  /** The service's base URL; default {@link MEDLINEPLUS_CONNECT}. */
  baseUrl?: string;
  /**
   * The language codes the service expects. Default ISO 639-1 (`en`, `es`), as the HL7
   * guide says; MedlinePlus Connect's own examples write Spanish as `sp`, so a host that
   * points at it may pass `{ es: 'sp' }`.
   */
  languageCodes?: Partial<Record<'en' | 'es', string>>;
}

/** The request's query parameters in order, or `undefined` when the code system is unknown. */
export function infobuttonParams(query: InfobuttonQuery, options: RequestOptions = {}): [string, string][] | undefined {
  const oid = codeSystemOid(query.system);
  const code = query.code?.trim();
  if (!oid || !code) return undefined;
  const params: [string, string][] = [
    ['mainSearchCriteria.v.cs', oid],
    ['mainSearchCriteria.v.c', code],
  ];
  const display = query.display?.trim();
  if (display) params.push(['mainSearchCriteria.v.dn', display]);
  const gender = query.sex ? GENDER[query.sex] : undefined;
  if (gender) params.push(['patientPerson.administrativeGenderCode.c', gender]);
  if (query.age && Number.isInteger(query.age.value) && query.age.value >= 0) {
    params.push(['age.v.v', String(query.age.value)], ['age.v.u', query.age.unit]);
  }
  params.push(['informationRecipient', query.recipient === 'provider' ? 'PROV' : 'PAT']);
  const language = query.language === 'es' ? 'es' : 'en';
  params.push(['informationRecipient.languageCode.c', options.languageCodes?.[language] ?? language]);
  params.push(['knowledgeResponseType', 'application/json']);
  return params;
}

/** The full request URL, or `undefined` when the code system is unknown. */
export function infobuttonUrl(query: InfobuttonQuery, options: RequestOptions = {}): string | undefined {
  const params = infobuttonParams(query, options);
  if (!params) return undefined;
  const base = options.baseUrl ?? MEDLINEPLUS_CONNECT;
  // `/` is legal in a query and the guide's examples write `application/json` as is
  const text = params.map(([name, value]) => `${name}=${encodeURIComponent(value).replace(/%2F/g, '/')}`).join('&');
  return `${base}${base.includes('?') ? '&' : '?'}${text}`;
}
