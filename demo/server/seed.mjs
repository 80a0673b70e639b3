// @ts-check
/**
 * Seed data loading for the demo FHIR server.
 *
 * Every `demo/data/*.json` file whose content is a `transaction` or `batch` Bundle is seeded
 * (other JSON files such as `patients.json` are skipped).
 *
 * How ids and references are handled, and why:
 *   Synthea bundles are transactions of `POST Type` entries whose `fullUrl` is `urn:uuid:<X>`
 *   and whose references are `urn:uuid:<X>`. Posting them as-is makes medplum's batch
 *   processor assign NEW random ids on every start, so patient ids would change each run.
 *   medplum would also rewrite every string that contains a bundle `urn:uuid:` (not only
 *   `reference` fields — e.g. a DocumentReference identifier value `urn:uuid:<X>` becomes
 *   `DiagnosticReport/<X>`).
 *   Instead, each entry is turned into `PUT Type/<id>` where `<id>` is the resource's own id
 *   (for Synthea that equals the `urn:uuid:` value; for the US Core bundle it is e.g. `85`),
 *   and only `Reference.reference` values that point at a bundle entry's `fullUrl` are
 *   rewritten to `Type/<id>` before the batch is handed to the router. Ids are therefore
 *   stable and predictable across runs, references end up as `Patient/<id>`, and nothing
 *   else in the resources is touched. Seeding PUTs are plain creates in the memory repo, so
 *   every seeded resource starts at versionId "1".
 *
 * Dates relative to the server's clock, and why:
 *   The demo's own data (not the third-party files) must look current whenever the demo
 *   runs: a refill is due only if the last fill was about a month ago, an unread reply is
 *   from this week. A fixed date would age into "expired" and make tests that count
 *   refillable medicines depend on the day they run. So a string value that is exactly
 *   `$now`, `$now-33d`, `$now+2h` (a date-time) or `$today`, `$today+265d` (a calendar
 *   date) is replaced, at seed time, by the server clock's reading shifted by that many
 *   days (`d`) or hours (`h`) — see `resolveRelativeDates`. Dates are computed in UTC.
 *   Nothing else changes; third-party files never contain such strings.
 */
import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { appointmentSeedFile } from './seed-appointments.mjs';
import { reminderSeedFile } from './seed-reminders.mjs';
import { questionnaireSeedFile } from './seed-questionnaires.mjs';

/** Absolute path of `demo/data/`. */
export const DATA_DIR = fileURLToPath(new URL('../data/', import.meta.url));

const ID_RE = /^[A-Za-z0-9\-.]{1,64}$/;

/**
 * The patient the demo opens on: Jill Tillman, the richest record of a living adult among
 * the Synthea files (215 entries, 12 prescriptions, asthma), old enough for both shipped
 * decision aids, and the one `demo-jill-tillman.json` gives current activity in every tab
 * (see demo/data/README.md). Flagged `featured` in the patient list.
 */
export const FEATURED_PATIENT_ID = 'f341c771-5aff-4858-9406-9d45e8a56246';

/**
 * @typedef {{ file: string, bundle: import('@medplum/fhirtypes').Bundle }} SeedFile
 * @typedef {{ id: string, name: string, birthDate?: string, file: string, featured?: true }} PatientSummary
 */

/**
 * Reads the seedable bundles of a directory, in file-name order.
 * @param {string} [dir]
 * @returns {Promise<SeedFile[]>}
 */
export async function readSeedFiles(dir = DATA_DIR) {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort();
  const files = await Promise.all(
    names.map(async (name) => {
      const json = JSON.parse(await readFile(join(dir, name), 'utf8'));
      return { file: name, bundle: json };
    })
  );
  return files.filter(
    ({ bundle }) =>
      bundle?.resourceType === 'Bundle' && (bundle.type === 'transaction' || bundle.type === 'batch')
  ).concat(dir === DATA_DIR ? [appointmentSeedFile()] : []) // generated scheduling data (#15)
    .concat(dir === DATA_DIR ? [reminderSeedFile()] : []) // a recent clinic reading for the Reminders tab (#14)
    .concat(dir === DATA_DIR ? [questionnaireSeedFile(FEATURED_PATIENT_ID)] : []); // the PHQ-9 and its assignment (#16)
}

/**
 * @param {import('@medplum/fhirtypes').BundleEntry} entry
 * @param {string} file
 * @param {number} index
 * @returns {string}
 */
function entryId(entry, file, index) {
  const request = entry.request;
  const resource = /** @type {import('@medplum/fhirtypes').Resource} */ (entry.resource);
  if (request?.method === 'PUT') {
    const m = /^([A-Za-z]+)\/([^/?]+)$/.exec(request.url ?? '');
    if (m && m[1] === resource.resourceType && ID_RE.test(m[2])) return m[2];
  }
  if (resource.id && ID_RE.test(resource.id)) return resource.id;
  const urn = /^urn:uuid:([0-9a-fA-F-]{36})$/.exec(entry.fullUrl ?? '');
  if (urn) return urn[1].toLowerCase();
  // Deterministic fallback so ids stay stable between runs.
  return createHash('sha1').update(`${file}#${index}`).digest('hex').slice(0, 32);
}

const RELATIVE_DATE_RE = /^\$(now|today)(?:([+-])(\d{1,5})([dh]))?$/;

/**
 * The value of one relative-date token (see the module comment), or `undefined` when the
 * string is not one.
 * @param {string} value
 * @param {Date} now
 * @returns {string | undefined}
 */
export function relativeDate(value, now) {
  const m = RELATIVE_DATE_RE.exec(value);
  if (!m) return undefined;
  const amount = m[2] ? Number(m[3]) * (m[2] === '-' ? -1 : 1) : 0;
  const ms = amount * (m[4] === 'h' ? 3_600_000 : 86_400_000);
  const shifted = new Date(now.getTime() + ms);
  // whole seconds: FHIR instants allow fractions, but they add nothing to demo data
  return m[1] === 'today' ? shifted.toISOString().slice(0, 10) : shifted.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Replaces every relative-date token in a resource, in place.
 * @param {unknown} node
 * @param {Date} now
 */
export function resolveRelativeDates(node, now) {
  if (Array.isArray(node)) {
    node.forEach((item, i) => {
      if (typeof item === 'string') node[i] = relativeDate(item, now) ?? item;
      else resolveRelativeDates(item, now);
    });
  } else if (node && typeof node === 'object') {
    const obj = /** @type {Record<string, unknown>} */ (node);
    for (const [key, value] of Object.entries(obj)) {
      if (typeof value === 'string') {
        const date = value.startsWith('$') ? relativeDate(value, now) : undefined;
        if (date) obj[key] = date;
      } else if (value && typeof value === 'object') {
        resolveRelativeDates(value, now);
      }
    }
  }
}

/**
 * @param {unknown} node
 * @param {Map<string, string>} map
 */
function rewriteReferences(node, map) {
  if (Array.isArray(node)) {
    for (const item of node) rewriteReferences(item, map);
  } else if (node && typeof node === 'object') {
    const obj = /** @type {Record<string, unknown>} */ (node);
    for (const [key, value] of Object.entries(obj)) {
      if (key === 'reference' && typeof value === 'string') {
        const target = map.get(value);
        if (target) obj[key] = target;
      } else if (value && typeof value === 'object') {
        rewriteReferences(value, map);
      }
    }
  }
}

/**
 * Converts a seed transaction into a batch of `PUT Type/id` entries with bundle-local
 * references resolved to `Type/id` (see the module comment).
 * @param {import('@medplum/fhirtypes').Bundle} bundle
 * @param {string} file
 * @param {{ clone?: boolean, now?: Date }} [options] - clone=false rewrites the input's
 *   resources in place (saves ~100 ms at server start, where the bundles were just read from
 *   disk); `now` is the clock reading relative dates are resolved against (default: the
 *   clock at the call, i.e. at seed time)
 * @returns {import('@medplum/fhirtypes').Bundle}
 */
export function toSeedBatch(bundle, file, { clone = true, now = new Date() } = {}) {
  const entries = (bundle.entry ?? []).filter(
    (e) => e.resource && (e.request?.method === 'POST' || e.request?.method === 'PUT' || !e.request)
  );
  /** @type {Map<string, string>} */
  const map = new Map();
  const prepared = entries.map((e, i) => {
    const source = /** @type {import('@medplum/fhirtypes').Resource} */ (e.resource);
    const resource = clone ? structuredClone(source) : source;
    resource.id = entryId(e, file, i);
    const ref = `${resource.resourceType}/${resource.id}`;
    if (e.fullUrl) map.set(e.fullUrl, ref);
    return { resource, ref };
  });
  for (const { resource } of prepared) {
    rewriteReferences(resource, map);
    resolveRelativeDates(resource, now);
  }
  return {
    resourceType: 'Bundle',
    type: 'batch',
    entry: prepared.map(({ resource, ref }) => ({ resource, request: { method: 'PUT', url: ref } })),
  };
}

/**
 * @param {import('@medplum/fhirtypes').HumanName[] | undefined} names
 */
export function displayName(names) {
  const name = names?.find((n) => n.use === 'official') ?? names?.[0];
  if (!name) return '';
  if (name.text) return name.text;
  return [...(name.given ?? []), name.family].filter(Boolean).join(' ');
}

/**
 * Patient summaries of one prepared seed batch (see `toSeedBatch`).
 * @param {import('@medplum/fhirtypes').Bundle} batch
 * @param {string} file
 * @returns {PatientSummary[]}
 */
export function patientsOfBatch(batch, file) {
  /** @type {PatientSummary[]} */
  const out = [];
  for (const entry of batch.entry ?? []) {
    const r = /** @type {import('@medplum/fhirtypes').Patient} */ (entry.resource);
    if (r?.resourceType !== 'Patient') continue;
    out.push({
      id: /** @type {string} */ (r.id),
      name: displayName(r.name),
      birthDate: r.birthDate,
      file: basename(file),
      ...(r.id === FEATURED_PATIENT_ID ? { featured: /** @type {const} */ (true) } : {}),
    });
  }
  return out;
}

/**
 * The Patient resources of the seed files (with the ids they get when seeded), for the
 * demo's patient picker.
 * @param {SeedFile[]} files
 * @returns {PatientSummary[]}
 */
export function listPatients(files) {
  return files.flatMap(({ file, bundle }) => patientsOfBatch(toSeedBatch(bundle, file), file));
}
