// A local FHIR server (demo/server) with the fault proxy in front of it, for a node test suite:
// started before the suite's tests and closed after them. Call it inside `describe`.
import { after, before } from 'node:test';
import { startFaultProxy } from '../../demo/server/fault-proxy.mjs';
import { startFhirServer } from '../../demo/server/fhir-server.mjs';

/**
 * The suite's servers, set once `before` has run: `fhir` (its `url`) and `proxy` (its `url`,
 * `setFault`, `clear`, `applied`, `requests`).
 * @returns {{ fhir: Awaited<ReturnType<typeof startFhirServer>>, proxy: Awaited<ReturnType<typeof startFaultProxy>> }}
 */
export function fhirBehindProxy() {
  const servers = /** @type {any} */ ({});
  before(async () => {
    servers.fhir = await startFhirServer({ port: 0 });
    servers.proxy = await startFaultProxy({ target: servers.fhir.url });
  });
  after(async () => {
    await servers.proxy?.close();
    await servers.fhir?.close();
  });
  return servers;
}
