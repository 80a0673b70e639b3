// @ts-check
/**
 * Local FHIR R4 server for the ehr-engage demo and integration tests.
 *
 * Storage and most REST semantics come from `@medplum/fhir-router` 4.5.2 (`FhirRouter` +
 * `MemoryRepository`), served over node's `http`. This folder adds what the router leaves
 * to its host (see README.md in this folder for the full list):
 *   - CORS (preflight + exposed headers), `application/fhir+json` in and out,
 *     ETag / Last-Modified / Location headers, `Prefer: return=...`;
 *   - search paging with `Bundle.link` (see ./search.mjs), parameter validation (400);
 *   - sequential version ids ("1", "2", ...) and If-Match on PUT (router) and PATCH (here);
 *   - conditional create through our search (so `patient=123` / bad parameters behave);
 *   - resource validation (422) with medplum's `validateResource`;
 *   - all-or-nothing transactions (the memory repository has no rollback, so a snapshot of
 *     the store is restored when an entry fails);
 *   - OperationOutcome bodies for every error (404/400/405/410/412/415/422/500/501);
 *   - seeding from `demo/data/*.json` (see ./seed.mjs for how ids stay stable).
 *
 * This file only starts the server: it loads the definitions, builds the store and router,
 * seeds, and listens. The rest is split by concern:
 *   - ./definitions.mjs      FHIR R4 StructureDefinitions + SearchParameters into medplum;
 *   - ./repository.mjs       DemoRepository (the store);
 *   - ./router.mjs           medplum's router with our search handlers;
 *   - ./request-handler.mjs  one HTTP request: CORS, body, path checks, non-FHIR URLs;
 *   - ./interactions.mjs     create / update / patch / read / history / delete responses;
 *   - ./bundle-handler.mjs   batch / transaction Bundles;
 *   - ./capability.mjs, ./fhir-headers.mjs, ./validation.mjs  small helpers of the above.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { isOk, operationOutcomeToString, serverError } from '@medplum/core';
import { makeSimpleRequest } from '@medplum/fhir-router';
import { FHIR_JSON } from './http-common.mjs';
import { loadFhirDefinitions } from './definitions.mjs';
import { DemoRepository } from './repository.mjs';
import { createRouter } from './router.mjs';
import { FHIR_BASE_PATH, handleRequest } from './request-handler.mjs';
import { DATA_DIR, patientsOfBatch, readSeedFiles, toSeedBatch } from './seed.mjs';

// This module's public API from before the split: importers keep using this file only.
export { FHIR_BASE_PATH, DemoRepository, loadFhirDefinitions };

/** @param {string} host */
function hostForUrl(host) {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * @typedef {object} FhirServerOptions
 * @property {number} [port=8787] - 0 picks a free port
 * @property {string} [host='127.0.0.1']
 * @property {boolean} [seed=true] - load `demo/data/*.json` transaction bundles
 * @property {import('./http-common.mjs').CorsOrigins} [corsOrigins='*']
 * @property {boolean} [log=false] - log one line per request to stdout
 * @property {boolean} [validate=true] - reject invalid resources on create/update with 422
 * @property {string} [dataDir] - seed directory (default `demo/data/`)
 */

/**
 * @typedef {object} FhirServer
 * @property {string} url - FHIR base, e.g. `http://127.0.0.1:8787/fhir/R4`
 * @property {number} port
 * @property {() => Promise<void>} close
 * @property {DemoRepository} repo
 * @property {import('@medplum/fhir-router').FhirRouter} router
 * @property {number} startMs - wall time from the call to ready (definitions + seeding + listen)
 * @property {number} seedMs - time spent seeding
 * @property {number} resourceCount - resources in the store when ready
 * @property {import('./seed.mjs').PatientSummary[]} patients - seeded patients (also served at `GET /demo/patients.json`)
 */

/**
 * Starts the demo FHIR server.
 * @param {FhirServerOptions} [options]
 * @returns {Promise<FhirServer>}
 */
export async function startFhirServer({
  port = 8787,
  host = '127.0.0.1',
  seed = true,
  corsOrigins = '*',
  log = false,
  validate = true,
  dataDir = DATA_DIR,
} = {}) {
  const t0 = performance.now();
  loadFhirDefinitions();
  const repo = new DemoRepository();
  const router = createRouter();
  const startedAt = new Date().toISOString();

  /** @type {import('./seed.mjs').PatientSummary[]} */
  const patients = [];
  const tSeed = performance.now();
  if (seed) {
    for (const { file, bundle } of await readSeedFiles(dataDir)) {
      const batch = toSeedBatch(bundle, file, { clone: false });
      const req = makeSimpleRequest('POST', '', batch);
      req.config = { transactions: false };
      const [outcome, result] = await router.handleRequest(req, repo);
      if (!isOk(outcome)) throw new Error(`Seeding ${file} failed: ${operationOutcomeToString(outcome)}`);
      const failed = /** @type {any} */ (result)?.entry?.filter((/** @type {any} */ e) => !/^2/.test(e?.response?.status ?? ''));
      if (failed?.length) {
        throw new Error(
          `Seeding ${file}: ${failed.length} entries failed, first: ${operationOutcomeToString(failed[0].response.outcome)}`
        );
      }
      patients.push(...patientsOfBatch(batch, file));
    }
  }
  const seedMs = Math.round(performance.now() - tSeed);

  /** @type {string} */
  let defaultBase = '';

  /** @type {import('./request-handler.mjs').ServerContext} */
  const context = { repo, router, patients, corsOrigins, log, validate, startedAt, defaultBase: () => defaultBase };

  const server = http.createServer((req, res) => {
    handleRequest(context, req, res).catch((err) => {
      console.error('[fhir-server] fatal', err);
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': FHIR_JSON });
        res.end(JSON.stringify(serverError(err)));
      } else {
        res.destroy();
      }
    });
  });
  server.keepAliveTimeout = 5000;

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(undefined);
    });
  });
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  const url = `http://${hostForUrl(host)}:${address.port}${FHIR_BASE_PATH}`;
  defaultBase = url;
  const startMs = Math.round(performance.now() - t0);

  let closing;
  return {
    url,
    port: address.port,
    repo,
    router,
    startMs,
    seedMs,
    resourceCount: repo.countResources(),
    patients,
    close() {
      closing ??= new Promise((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve(undefined)));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
