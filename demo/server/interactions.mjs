// @ts-check
/**
 * The FHIR interactions of the demo server, one named function each, for a request that
 * ./request-handler.mjs has already routed: create (server-assigned id, conditional create
 * through our search), update (If-Match, update-as-create answering 201), patch (If-Match,
 * validation of the patched result with rollback), batch/transaction (./bundle-handler.mjs),
 * and everything else (read/vread with If-None-Match, history, delete, search) forwarded to
 * medplum's router. Each adds what medplum 4.5.2 leaves out (see README.md in this folder)
 * and writes the response with the version headers and `Prefer: return=` honoured.
 */
import { allOk, getStatus, gone, isOk, multipleMatches, notFound, preconditionFailed } from '@medplum/core';
import { handleBundle } from './bundle-handler.mjs';
import { headerValue, parseETag, versionHeaders } from './fhir-headers.mjs';
import { executeSearch, parseSearch } from './search.mjs';
import { validationOutcome } from './validation.mjs';

/**
 * One routed FHIR request.
 * @typedef {object} InteractionContext
 * @property {import('./request-handler.mjs').ServerContext} server
 * @property {import('node:http').IncomingMessage} req - for the conditional headers
 * @property {import('@medplum/fhir-router').FhirRequest} fhirReq - what medplum's router is given
 * @property {string | undefined} interaction - medplum's route interaction ('create', 'read', 'batch', ...)
 * @property {string[]} segments - the decoded path below the FHIR base
 * @property {string | undefined} type - `segments[0]`
 * @property {string | undefined} id - `segments[1]`
 * @property {string} baseUrl - the FHIR base as the client sees it
 * @property {{ return?: string, handling?: string }} prefer - the parsed `Prefer` header
 * @property {any} body - the parsed request body (also `fhirReq.body`)
 * @property {import('./request-handler.mjs').Responder} respond
 */

/**
 * Runs one routed FHIR interaction and writes its response.
 * @param {InteractionContext} ctx
 */
export async function handleInteraction(ctx) {
  const { interaction, body, type, respond } = ctx;
  const { send, sendOutcome, sendError } = respond;
  const needsResourceBody = interaction === 'create' || interaction === 'update';
  if (needsResourceBody && (!body || typeof body !== 'object' || Array.isArray(body))) {
    return sendError(400, 'invalid', 'The request body must be a FHIR resource (JSON object)');
  }
  if (needsResourceBody && body.resourceType !== type) {
    return sendError(400, 'invalid', `Incorrect resource type: expected ${type}, but found ${body.resourceType || '<EMPTY>'}`);
  }

  switch (interaction) {
    case 'create':
      return handleCreate(ctx);
    case 'update':
      return handleUpdate(ctx);
    case 'patch':
      return handlePatch(ctx);
    case 'batch':
      return handleBundle(ctx.server, ctx.fhirReq, body, send, sendOutcome);
    default:
      return forwardToRouter(ctx);
  }
}

/**
 * `POST Type`: the server assigns the id and version (FHIR), the resource is validated, and
 * `If-None-Exist` is evaluated here before medplum creates it.
 * @param {InteractionContext} ctx
 */
async function handleCreate(ctx) {
  const { server, req, fhirReq, type, baseUrl, body } = ctx;
  const { repo, validate } = server;
  const { sendOutcome } = ctx.respond;
  delete body.id; // FHIR: the server assigns the id of a created resource
  if (body.meta) {
    delete body.meta.versionId;
    delete body.meta.lastUpdated;
  }
  if (validate) {
    const invalid = validationOutcome(body);
    if (invalid) return sendOutcome(invalid, 422);
  }
  const ifNoneExist = headerValue(req.headers['if-none-exist']);
  if (ifNoneExist) {
    // Conditional create: evaluated with our search so that parameters are validated
    // (400 on unknown ones) and reference / string parameters behave like in searches.
    const query = ifNoneExist.includes('?') ? ifNoneExist.slice(ifNoneExist.indexOf('?') + 1) : ifNoneExist;
    const parsed = parseSearch([type], [...new URLSearchParams(query)], { lenient: false });
    parsed.count = 2;
    const found = await executeSearch(repo, parsed, { baseUrl, path: type });
    const matches = /** @type {any[]} */ (found.entry ?? []);
    if (matches.length > 1) return sendOutcome(multipleMatches);
    if (matches.length === 1) {
      return sendResource(ctx, 200, matches[0].resource, allOk, { Location: locationOf(baseUrl, matches[0].resource) });
    }
  }
  delete fhirReq.headers?.['if-none-exist'];
  return forwardToRouter(ctx);
}

/**
 * `PUT Type/id`: the URL id must match the body's, `If-Match` is passed to medplum in the
 * quoted form it parses, and an update of a resource that did not exist answers 201.
 * A conditional update (`PUT Type?query`) is validated and left to medplum.
 * @param {InteractionContext} ctx
 */
async function handleUpdate(ctx) {
  const { server, req, fhirReq, segments, type, id, baseUrl, body } = ctx;
  const { repo, router, validate } = server;
  const { sendOutcome, sendError } = ctx.respond;
  if (segments.length === 2) {
    if (body.id !== id) return sendError(400, 'invalid', `Resource id "${body.id ?? ''}" does not match the URL id "${id}"`);
    if (validate) {
      const invalid = validationOutcome(body);
      if (invalid) return sendOutcome(invalid, 422);
    }
    const ifMatch = parseETag(headerValue(req.headers['if-match']));
    const existed = repo.exists(type, id);
    if (ifMatch !== undefined) {
      if (!existed) return sendError(412, 'conflict', `Precondition failed: ${type}/${id} does not exist`);
      /** @type {any} */ (fhirReq.headers)['if-match'] = `"${ifMatch}"`; // medplum's parser wants quotes
    }
    const [outcome, resource] = await router.handleRequest(fhirReq, repo);
    if (!isOk(outcome)) return sendOutcome(outcome);
    if (!existed) return sendResource(ctx, 201, resource, allOk, { Location: locationOf(baseUrl, resource) });
    return sendResource(ctx, 200, resource, outcome);
  }
  if (validate) {
    const invalid = validationOutcome(body);
    if (invalid) return sendOutcome(invalid, 422);
  }
  return forwardToRouter(ctx);
}

/**
 * `PATCH Type/id`: `If-Match` is checked here (medplum does not), 404 / 410 for a missing /
 * deleted resource, and a patch whose result is invalid is rolled back and answers 422.
 * A conditional patch is left to medplum.
 * @param {InteractionContext} ctx
 */
async function handlePatch(ctx) {
  const { server, req, fhirReq, segments, type, id } = ctx;
  const { repo, router, validate } = server;
  const { sendOutcome } = ctx.respond;
  if (segments.length === 2) {
    const ifMatch = parseETag(headerValue(req.headers['if-match']));
    if (!repo.exists(type, id)) {
      return sendOutcome(repo.isDeleted(type, id) ? gone : notFound);
    }
    const current = await repo.readResource(type, id);
    if (ifMatch !== undefined && current.meta?.versionId !== ifMatch) return sendOutcome(preconditionFailed);
    const snap = repo.snapshot();
    const [outcome, resource] = await router.handleRequest(fhirReq, repo);
    if (!isOk(outcome)) return sendOutcome(outcome);
    if (validate) {
      const invalid = validationOutcome(resource);
      if (invalid) {
        repo.restore(snap);
        return sendOutcome(invalid, 422);
      }
    }
    return sendResource(ctx, 200, resource, outcome);
  }
  return forwardToRouter(ctx);
}

/**
 * Every interaction medplum's router runs as is (read, vread, history, delete, search,
 * conditional update / patch / delete, and create after handleCreate), with the response
 * completed here: Location on 201, 410 for a read of a deleted resource, 304 for a matching
 * If-None-Match, absolute `fullUrl`s in history, and a no-op delete of a deleted resource.
 * @param {InteractionContext} ctx
 */
async function forwardToRouter(ctx) {
  const { server, req, fhirReq, interaction, segments, type, id, baseUrl } = ctx;
  const { repo, router } = server;
  const { send, sendOutcome } = ctx.respond;
  if (interaction === 'delete' && segments.length === 2 && repo.isDeleted(type, id)) {
    return send(200, allOk); // deleting a deleted resource has no effect (FHIR R4 3.1.0.7)
  }
  const [outcome, resource] = await router.handleRequest(fhirReq, repo);
  if (!isOk(outcome)) {
    if (interaction === 'read' && repo.isDeleted(type, id)) return sendOutcome(gone);
    return sendOutcome(outcome);
  }
  const status = getStatus(outcome);
  switch (interaction) {
    case 'create':
      return sendResource(ctx, status, resource, outcome, status === 201 ? { Location: locationOf(baseUrl, resource) } : {});
    case 'update':
      return sendResource(ctx, status, resource, outcome, status === 201 ? { Location: locationOf(baseUrl, resource) } : {});
    case 'read':
    case 'vread': {
      // Conditional read: If-None-Match with the current ETag -> 304 without a body.
      const ifNoneMatch = parseETag(headerValue(req.headers['if-none-match']));
      const current = /** @type {any} */ (resource)?.meta?.versionId;
      if (ifNoneMatch !== undefined && current !== undefined && ifNoneMatch === current) {
        return send(304, undefined, versionHeaders(resource));
      }
      return sendResource(ctx, status, resource, outcome);
    }
    case 'history-instance': {
      const bundle = /** @type {any} */ (resource);
      for (const e of bundle.entry ?? []) {
        e.fullUrl = `${baseUrl}/${e.resource.resourceType}/${e.resource.id}`;
      }
      return send(200, bundle);
    }
    case 'delete':
      return send(200, outcome);
    default:
      return resource ? send(status, resource) : send(status, outcome);
  }
}

/**
 * Sends a successful single-resource response honouring `Prefer: return=`.
 * @param {InteractionContext} ctx
 * @param {number} status
 * @param {any} resource
 * @param {import('@medplum/fhirtypes').OperationOutcome} outcome
 * @param {Record<string, string>} [extra]
 */
function sendResource(ctx, status, resource, outcome, extra = {}) {
  const { send } = ctx.respond;
  const headers = { ...versionHeaders(resource), ...extra };
  if (ctx.prefer.return === 'minimal') return send(status, undefined, headers);
  if (ctx.prefer.return === 'OperationOutcome') return send(status, outcome, headers);
  return send(status, resource, headers);
}

/**
 * The versioned `Location` of a created or updated resource.
 * @param {string} baseUrl
 * @param {any} resource
 */
function locationOf(baseUrl, resource) {
  return `${baseUrl}/${resource.resourceType}/${resource.id}/_history/${resource.meta?.versionId}`;
}
