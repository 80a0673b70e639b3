// @ts-check
/**
 * A scratch host project outside the repository, set up the way a vendor installs the
 * library: `npm pack` of the built package, the tarball extracted into
 * `node_modules/ehr-engage`, and its runtime dependencies beside it. There is no network
 * on the test machine, so the dependencies are symlinks to the repository's own
 * node_modules instead of an `npm install` of the tarball.
 *
 * The host's app is a few small modules: one entry per way of importing the library,
 * a `mount.js` that puts each element inside a provider with the memory adapter, and
 * `seed.js`, the stories' sample data compiled to plain JavaScript (no import of the
 * library, so it cannot define anything).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync, existsSync, createReadStream, statSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { extname, join, resolve, sep } from 'node:path';
import { build } from 'esbuild';

const REPO = resolve(import.meta.dirname, '../../..');

/** Every tag the package defines: the provider and one per element entry. */
export function packageTags(packageDir) {
  const names = readdirSync(join(packageDir, 'dist/elements')).filter((f) => f.endsWith('.js')).map((f) => f.slice(0, -3));
  return { provider: 'engage-provider', elements: names.map((name) => ({ name, tag: `engage-${name}` })) };
}

/** Packs the repository (its dist/ must be built) into `dir`; returns the tarball's path and file list. */
export function pack(dir) {
  const [result] = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], { cwd: REPO, encoding: 'utf8' }),
  );
  return { tarball: join(dir, result.filename), files: result.files.map((f) => f.path), size: result.size, unpackedSize: result.unpackedSize };
}

/** The runtime dependencies of a package in the repository's node_modules, transitively. */
function runtimeClosure(names) {
  const seen = new Set();
  const queue = [...names];
  while (queue.length) {
    const name = /** @type {string} */ (queue.pop());
    if (seen.has(name)) continue;
    seen.add(name);
    const manifest = JSON.parse(readFileSync(join(REPO, 'node_modules', name, 'package.json'), 'utf8'));
    queue.push(...Object.keys(manifest.dependencies ?? {}));
  }
  return [...seen];
}

/**
 * Creates the scratch project with the packed package installed.
 * @returns {{ root: string, packageDir: string, packed: ReturnType<typeof pack>, dependencies: string[] }}
 */
export function createScratch() {
  const root = mkdtempSync(join(tmpdir(), 'ehr-engage-host-'));
  const packed = pack(root);
  const packageDir = join(root, 'node_modules/ehr-engage');
  mkdirSync(packageDir, { recursive: true });
  execFileSync('tar', ['-xzf', packed.tarball, '-C', packageDir, '--strip-components=1']);
  const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
  const dependencies = runtimeClosure(Object.keys(manifest.dependencies ?? {}));
  for (const name of dependencies) {
    const link = join(root, 'node_modules', name);
    mkdirSync(resolve(link, '..'), { recursive: true });
    if (!existsSync(link)) symlinkSync(join(REPO, 'node_modules', name), link, 'dir');
  }
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'host-app', private: true, type: 'module' }));
  return { root, packageDir, packed, dependencies };
}

/**
 * Compiles the stories' sample data into `app/seed.js` and adds the decision aid the
 * package exports (resolved through its `exports`, as a host would).
 */
export async function writeSeed(root) {
  const aidFile = createRequire(join(root, 'package.json')).resolve('ehr-engage/aids/statin-primary-prevention.json');
  const aid = readFileSync(aidFile, 'utf8');
  const result = await build({
    stdin: {
      contents: `
        export { carla } from './stories/data/patients.ts';
        export { messagingData, MESSAGE_PATIENT, PATIENT_USER, CLINICIAN_USER } from './stories/data/messages.ts';
        export { typicalSummary } from './stories/data/summaries.ts';
        export { queueData, REFILL_PATIENT } from './stories/data/refills.ts';
        export { PRINTED as immunizations } from './stories/data/immunizations.ts';
        export { TRACKER_PATIENT, TRACKER_READINGS, TRACKER_GOALS } from './stories/data/health-tracker.ts';
        export const aid = ${aid};
      `,
      resolveDir: REPO,
      loader: 'ts',
      sourcefile: 'seed.ts',
    },
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  mkdirSync(join(root, 'app'), { recursive: true });
  writeFileSync(join(root, 'app/seed.js'), result.outputFiles[0].text);
  return /** @type {Promise<any>} */ (import(join(root, 'app/seed.js')));
}

/** The sample patient of the clinical summary (the stories' summary has no patient of its own). */
export const SUMMARY_PATIENT = 'Patient/host-summary';

/**
 * What each element must show once its data has loaded, read from the sample data (not
 * through the library): a name, subject, condition, medicine or title it holds.
 */
export function expectedTexts(seed) {
  const openThread = seed.messagingData().threads.find((t) => t.status === 'open');
  const queue = seed.queueData();
  const waiting = queue.requests.filter((r) => r.status === 'requested' || r.status === 'in-review');
  return {
    'engage-patient-banner': [seed.carla.names[0].family],
    'engage-message-inbox': [openThread.subject],
    'engage-message-thread': [openThread.subject],
    'engage-clinical-summary': [seed.typicalSummary.sections.problems.entries[0].name.text],
    'engage-refill-request': [queue.prescriptions[seed.REFILL_PATIENT][0].medication.text],
    'engage-refill-queue': waiting.map((r) => queue.patientNames[r.patient]),
    'engage-decision-aid': [seed.aid.title],
    'engage-immunizations': [seed.immunizations.record.vaccinations[0].vaccine.text],
    'engage-health-tracker': [seed.TRACKER_GOALS[0].description],
  };
}

/**
 * `app/mount.js`: records which engage tags the entry defined, waits for the provider
 * (loading it on demand when the entry imported only an element), then puts each
 * element in its own provider with the memory adapter. Takes `createMemoryAdapter`
 * from the caller, so it imports nothing of the library itself.
 */
function mountSource(allTags) {
  return `import * as seed from './seed.js';

const ALL_TAGS = ${JSON.stringify(allTags)};
const defined = () => ALL_TAGS.filter((tag) => customElements.get(tag));
const openThread = seed.messagingData().threads.find((t) => t.status === 'open');

const SETUP = {
  'engage-patient-banner': { patient: seed.carla.ref },
  'engage-message-inbox': { patient: seed.MESSAGE_PATIENT, acting: seed.PATIENT_USER },
  'engage-message-thread': { patient: seed.MESSAGE_PATIENT, acting: seed.PATIENT_USER, attrs: { 'thread-id': openThread.id } },
  'engage-clinical-summary': { patient: ${JSON.stringify(SUMMARY_PATIENT)} },
  'engage-refill-request': { patient: seed.REFILL_PATIENT },
  'engage-refill-queue': { acting: seed.CLINICIAN_USER },
  'engage-decision-aid': { patient: seed.carla.ref, attrs: { 'aid-id': seed.aid.id } },
  'engage-immunizations': { patient: seed.immunizations.record.patient.ref, attrs: { 'as-of': seed.immunizations.asOf } },
  'engage-health-tracker': { patient: seed.TRACKER_PATIENT },
};

export async function mount({ createMemoryAdapter, tags, loadProvider }) {
  const state = (window.__host = { definedByEntry: defined(), mounted: false });
  try {
    if (loadProvider) await loadProvider();
    state.definedAfterProvider = defined();
    for (const tag of tags) {
      // an element without sample data here is mounted bare: it must still define and render
      const setup = SETUP[tag] ?? {};
      const provider = document.createElement('engage-provider');
      provider.adapter = createMemoryAdapter({
        patients: [seed.carla],
        messaging: seed.messagingData(),
        summary: { summaries: { ${JSON.stringify(SUMMARY_PATIENT)}: seed.typicalSummary } },
        refills: seed.queueData(),
        decisionAids: { aids: [seed.aid] },
        immunizations: { records: [seed.immunizations.record] },
        healthTracker: { readings: seed.TRACKER_READINGS, goals: seed.TRACKER_GOALS },
      });
      if (setup.patient) provider.setAttribute('patient', setup.patient);
      if (setup.acting) {
        provider.setAttribute('user', setup.acting.user.ref);
        provider.setAttribute('user-name', setup.acting.user.name);
        provider.setAttribute('user-role', setup.acting.role);
      }
      const element = document.createElement(tag);
      for (const [name, value] of Object.entries(setup.attrs ?? {})) element.setAttribute(name, value);
      provider.append(element);
      document.body.append(provider);
    }
    state.mounted = true;
  } catch (error) {
    state.error = String(error?.stack ?? error);
  }
}
`;
}

/**
 * Writes the host's app: `app/mount.js`, and one entry per way of importing the library:
 * `all` (the package root), `provider`, and per element one entry that imports only
 * that element and loads the provider on demand.
 * @returns {Array<{ name: string, file: string, expected: string[], render: string[] }>}
 */
export function writeApp(root, tags) {
  const allTags = [tags.provider, ...tags.elements.map((e) => e.tag)];
  const app = join(root, 'app');
  mkdirSync(join(app, 'entries'), { recursive: true });
  writeFileSync(join(app, 'mount.js'), mountSource(allTags));
  const memory = `import { createMemoryAdapter } from 'ehr-engage/adapters/memory';\nimport { mount } from '../mount.js';\n`;
  const entries = [
    {
      name: 'all',
      source: `import 'ehr-engage';\n${memory}mount({ createMemoryAdapter, tags: ${JSON.stringify(allTags.slice(1))} });\n`,
      expected: allTags,
      render: allTags.slice(1),
    },
    {
      name: 'provider',
      source: `import 'ehr-engage/provider.js';\n${memory}mount({ createMemoryAdapter, tags: [] });\n`,
      expected: [tags.provider],
      render: [],
    },
    ...tags.elements.map(({ name, tag }) => ({
      name,
      source:
        `import 'ehr-engage/elements/${name}.js';\n${memory}` +
        `mount({ createMemoryAdapter, tags: [${JSON.stringify(tag)}], loadProvider: () => import('ehr-engage/provider.js') });\n`,
      expected: [tag],
      render: [tag],
    })),
  ];
  return entries.map(({ name, source, expected, render }) => {
    const file = join(app, 'entries', `${name}.js`);
    writeFileSync(file, source);
    return { name, file, expected, render };
  });
}

const MIME = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.json': 'application/json', '.css': 'text/css' };

/** A static file server for the scratch project (symlinks followed, nothing outside it). */
export async function serve(root) {
  const server = http.createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://host').pathname);
    const file = resolve(root, `.${path}`);
    const type = MIME[/** @type {keyof typeof MIME} */ (extname(file))];
    if (!file.startsWith(root + sep) || !type || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': `${type}; charset=utf-8` });
    createReadStream(file).pipe(res);
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', () => done(undefined)));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((done) => server.close(() => done(undefined))) };
}
