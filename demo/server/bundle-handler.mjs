// @ts-check
/**
 * `POST [base]` with a batch or transaction Bundle. medplum's batch processor runs the
 * entries; this module adds what it lacks for the demo server: up-front validation of
 * create/update payloads (422), all-or-nothing transactions by snapshot/restore (the memory
 * repository has no rollback), and response entries with status, etag, location,
 * lastModified and fullUrl. One concern, apart from single-resource requests, because a
 * Bundle answers for many interactions at once.
 */
import { badRequest, isOk, isResourceType } from '@medplum/core';
import { validationOutcome } from './validation.mjs';

/**
 * batch / transaction Bundles POSTed to the base.
 * medplum 4.5.2 processes a `transaction` atomically only with `config.transactions`, and
 * then limits it (max 50 updates; max 8 entries when conditional); the memory repository
 * has no rollback anyway. So every bundle is run through medplum's batch processor (which
 * orders entries DELETE, POST, PUT, PATCH, GET and resolves `urn:uuid:` references), and a
 * transaction is made all-or-nothing here: the store is snapshotted and restored if any
 * entry fails, and the failing entry's error is returned.
 * @param {Pick<import('./request-handler.mjs').ServerContext, 'repo' | 'router' | 'validate'>} server
 * @param {import('@medplum/fhir-router').FhirRequest} fhirReq
 * @param {any} body
 * @param {(status: number, body: unknown, headers?: Record<string, string>) => void} send
 * @param {(outcome: import('@medplum/fhirtypes').OperationOutcome, status?: number) => void} sendOutcome
 */
export async function handleBundle(server, fhirReq, body, send, sendOutcome) {
  const { repo, router, validate } = server;
  const baseUrl = /** @type {any} */ (fhirReq.config).baseUrl;
  if (!body || body.resourceType !== 'Bundle') {
    return sendOutcome(badRequest('Expected a Bundle of type batch or transaction'));
  }
  if (body.type !== 'batch' && body.type !== 'transaction') {
    return sendOutcome(badRequest(`Unsupported Bundle.type "${body.type}": expected batch or transaction`, 'Bundle.type'));
  }
  const entries = Array.isArray(body.entry) ? body.entry : [];
  if (!entries.length) return sendOutcome(badRequest('Bundle has no entries', 'Bundle.entry'));
  const isTransaction = body.type === 'transaction';
  // Entry URLs may be absolute on this server; the router only understands relative ones.
  for (const e of entries) {
    const url = e?.request?.url;
    if (typeof url === 'string' && url.startsWith(baseUrl + '/')) e.request.url = url.slice(baseUrl.length + 1);
  }

  // Validate create/update payloads up front (medplum's memory repo stores anything).
  /** @type {Map<number, import('@medplum/fhirtypes').OperationOutcome>} */
  const rejected = new Map();
  entries.forEach((/** @type {any} */ e, /** @type {number} */ i) => {
    const m = e?.request?.method;
    if ((m === 'POST' || m === 'PUT') && e.resource && !String(e.request?.url ?? '').includes('_search')) {
      if (e.resource.resourceType && !isResourceType(e.resource.resourceType)) {
        rejected.set(i, badRequest(`Unknown resource type: ${e.resource.resourceType}`, `Bundle.entry[${i}].resource`));
      } else if (validate) {
        const invalid = validationOutcome(e.resource, `Bundle.entry[${i}].resource`);
        if (invalid) rejected.set(i, invalid);
      }
    }
  });
  if (isTransaction && rejected.size) {
    const [i, outcome] = [...rejected][0];
    return sendOutcome(prefixDiagnostics(outcome, `Transaction rejected: entry ${i} is invalid`), 422);
  }

  const keep = entries.map((/** @type {any} */ _e, /** @type {number} */ i) => i).filter((/** @type {number} */ i) => !rejected.has(i));
  /** @type {any[]} */
  let results = [];
  const snap = isTransaction ? repo.snapshot() : undefined;
  if (keep.length) {
    const sub = { ...body, type: 'batch', entry: keep.map((/** @type {number} */ i) => entries[i]) };
    const [outcome, result] = await router.handleRequest({ ...fhirReq, url: '', body: sub }, repo);
    if (!isOk(outcome)) {
      if (snap) repo.restore(snap);
      return sendOutcome(outcome);
    }
    results = /** @type {any} */ (result).entry ?? [];
  }
  /** @type {any[]} */
  const responseEntries = new Array(entries.length);
  keep.forEach((/** @type {number} */ i, /** @type {number} */ k) => (responseEntries[i] = results[k]));
  for (const [i, outcome] of rejected) {
    responseEntries[i] = { response: { status: '422 Unprocessable Entity', outcome } };
  }

  if (isTransaction) {
    const failedIndex = responseEntries.findIndex((e) => !/^2/.test(String(e?.response?.status ?? '')));
    if (failedIndex >= 0) {
      repo.restore(/** @type {any} */ (snap));
      const failed = responseEntries[failedIndex];
      const status = parseInt(String(failed?.response?.status ?? '400'), 10) || 400;
      const outcome = failed?.response?.outcome ?? badRequest('Transaction entry failed');
      return sendOutcome(prefixDiagnostics(outcome, `Transaction failed at entry ${failedIndex} and was rolled back`), status);
    }
  }

  for (const e of responseEntries) {
    if (!e?.response) continue;
    const statusCode = parseInt(String(e.response.status), 10);
    e.response.status = String(statusCode);
    const r = e.resource;
    if (r?.resourceType && r.id && r.resourceType !== 'Bundle' && r.resourceType !== 'OperationOutcome') {
      e.fullUrl = `${baseUrl}/${r.resourceType}/${r.id}`;
      if (r.meta?.versionId) {
        e.response.etag = `W/"${r.meta.versionId}"`;
        if (statusCode === 201 || statusCode === 200) e.response.location = `${r.resourceType}/${r.id}/_history/${r.meta.versionId}`;
      }
      if (r.meta?.lastUpdated) e.response.lastModified = r.meta.lastUpdated;
    }
    if (statusCode < 300 && e.response.outcome && isOk(e.response.outcome)) delete e.response.outcome;
    if (e.response.location === undefined) delete e.response.location;
  }
  return send(200, {
    resourceType: 'Bundle',
    type: `${body.type}-response`,
    entry: responseEntries,
  });
}

/**
 * @param {import('@medplum/fhirtypes').OperationOutcome} outcome
 * @param {string} message
 * @returns {import('@medplum/fhirtypes').OperationOutcome}
 */
function prefixDiagnostics(outcome, message) {
  const issue = (outcome.issue ?? []).map((i, n) =>
    n === 0 ? { ...i, diagnostics: i.diagnostics ? `${message}: ${i.diagnostics}` : message } : i
  );
  const copy = { ...outcome, issue };
  delete copy.id; // the id would map the status back to e.g. 404 in getStatus()
  return copy;
}
