// @ts-check
/**
 * A local HL7 infobutton knowledge service for the demo and the tests, so nothing needs
 * the internet. It answers `GET /knowledge/service?…` the way MedlinePlus Connect's web
 * service does with `knowledgeResponseType=application/json` (a JSON Atom feed: `feed.entry[]`
 * with `title._value`, `summary._value`, `link[].href`; an empty `entry` when nothing
 * matches), from the demo topics in knowledge-entries.mjs, and checks every parameter the
 * adapter sends: a missing or malformed one is a 400 with a plain-text message naming it.
 * `GET /knowledge/topic/<id>.<lang>.html` serves the page an entry links to.
 *
 * Mounted by request-handler.mjs on the FHIR server's port (see `handleKnowledgeRequest`).
 */
import { TOPICS, TOPICS_BY_CODE } from './knowledge-entries.mjs';

export const KNOWLEDGE_PATH = '/knowledge';

/** The code systems a knowledge service takes, by OID. */
const CODE_SYSTEMS = new Map([
  ['2.16.840.1.113883.6.90', 'ICD-10-CM'],
  ['2.16.840.1.113883.6.96', 'SNOMED CT'],
  ['2.16.840.1.113883.6.88', 'RxNorm'],
  ['2.16.840.1.113883.6.1', 'LOINC'],
  ['2.16.840.1.113883.6.69', 'NDC'],
]);

/** Spanish is `es` in the HL7 guide; MedlinePlus Connect's examples write `sp`: both are taken. */
const LANGUAGES = new Map([['en', 'en'], ['es', 'es'], ['sp', 'es']]);

/**
 * Checks the request's parameters.
 * @param {URLSearchParams} params
 * @returns {{ error: string } | { oid: string, code: string, language: 'en' | 'es' }}
 */
export function validateKnowledgeRequest(params) {
  for (const name of new Set(params.keys())) {
    if (params.getAll(name).length > 1) return { error: `Parameter ${name} is given more than once.` };
  }
  const oid = params.get('mainSearchCriteria.v.cs');
  const code = params.get('mainSearchCriteria.v.c');
  if (!oid) return { error: 'Missing parameter mainSearchCriteria.v.cs (the code system OID).' };
  if (!CODE_SYSTEMS.has(oid)) return { error: `Unsupported code system mainSearchCriteria.v.cs=${oid}.` };
  if (!code || !code.trim()) return { error: 'Missing parameter mainSearchCriteria.v.c (the code).' };
  if (!/^[A-Za-z0-9.-]{1,40}$/.test(code)) return { error: 'Malformed mainSearchCriteria.v.c.' };
  const gender = params.get('patientPerson.administrativeGenderCode.c');
  if (gender !== null && !['M', 'F', 'UN'].includes(gender)) {
    return { error: 'Malformed patientPerson.administrativeGenderCode.c (M, F or UN).' };
  }
  const ageValue = params.get('age.v.v');
  const ageUnit = params.get('age.v.u');
  if ((ageValue === null) !== (ageUnit === null)) return { error: 'age.v.v and age.v.u go together.' };
  if (ageValue !== null && !/^\d{1,3}$/.test(ageValue)) return { error: 'Malformed age.v.v (a whole number).' };
  if (ageUnit !== null && !['a', 'mo'].includes(ageUnit)) return { error: 'Malformed age.v.u (a or mo).' };
  const recipient = params.get('informationRecipient');
  if (recipient !== null && !['PAT', 'PROV'].includes(recipient)) return { error: 'Malformed informationRecipient (PAT or PROV).' };
  const languageCode = params.get('informationRecipient.languageCode.c') ?? 'en';
  const language = LANGUAGES.get(languageCode);
  if (!language) return { error: 'Malformed informationRecipient.languageCode.c (en or es).' };
  const type = params.get('knowledgeResponseType');
  if (type !== 'application/json') return { error: 'This demo service answers knowledgeResponseType=application/json only.' };
  return { oid, code, language: /** @type {'en' | 'es'} */ (language) };
}

/**
 * The feed for a valid request.
 * @param {string} origin - e.g. `http://127.0.0.1:8787`, for entry links
 * @param {{ oid: string, code: string, language: 'en' | 'es' }} request
 */
export function knowledgeFeed(origin, { oid, code, language }) {
  const topic = TOPICS_BY_CODE.get(`${oid}|${code}`);
  const updated = '2026-01-01T00:00:00Z';
  return {
    feed: {
      lang: language,
      title: { _value: 'ehr-engage demo knowledge service (demo content)', type: 'text' },
      subtitle: { _value: `Demo content for ${CODE_SYSTEMS.get(oid)} code ${code}`, type: 'text' },
      updated: { _value: updated },
      id: { _value: `urn:ehr-engage:demo-knowledge:${oid}:${code}:${language}` },
      category: [
        { scheme: 'mainSearchCriteria.v.c', term: code },
        { scheme: 'mainSearchCriteria.v.cs', term: oid },
      ],
      entry: topic
        ? [
            {
              lang: language,
              title: { _value: topic[language].title, type: 'text' },
              link: [{ href: `${origin}${KNOWLEDGE_PATH}/topic/${topic.id}.${language}.html`, rel: 'alternate' }],
              id: { _value: `urn:ehr-engage:demo-topic:${topic.id}:${language}` },
              summary: { _value: topic[language].summary, type: 'html' },
              updated: { _value: updated },
            },
          ]
        : [],
    },
  };
}

/** @param {string} text */
const escapeHtml = (text) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Answers a request under {@link KNOWLEDGE_PATH}.
 * @param {URL} url
 * @param {string} method
 * @param {string} origin
 * @returns {{ status: number, type: string, body: string }}
 */
export function handleKnowledgeRequest(url, method, origin) {
  if (method !== 'GET' && method !== 'HEAD') return { status: 405, type: 'text/plain; charset=utf-8', body: 'Only GET is supported.' };
  if (url.pathname === `${KNOWLEDGE_PATH}/service`) {
    const checked = validateKnowledgeRequest(url.searchParams);
    if ('error' in checked) return { status: 400, type: 'text/plain; charset=utf-8', body: checked.error };
    return { status: 200, type: 'application/json; charset=utf-8', body: JSON.stringify(knowledgeFeed(origin, checked)) };
  }
  const page = /^\/knowledge\/topic\/([a-z-]+)\.(en|es)\.html$/.exec(url.pathname);
  const topic = page && TOPICS.find((t) => t.id === page[1]);
  if (page && topic) {
    const text = topic[/** @type {'en' | 'es'} */ (page[2])];
    // the summary is our own demo text, written above: no untrusted input reaches this page
    const body = `<!doctype html><html lang="${page[2]}"><meta charset="utf-8"><title>${escapeHtml(text.title)}</title><h1>${escapeHtml(text.title)}</h1>${text.summary}</html>`;
    return { status: 200, type: 'text/html; charset=utf-8', body };
  }
  return { status: 404, type: 'text/plain; charset=utf-8', body: `Not found: ${url.pathname}` };
}
