// @ts-check
/**
 * FHIR-specific HTTP header handling for the demo server: `Prefer` (return= / handling=),
 * ETags (If-Match / If-None-Match) and the ETag / Last-Modified a response carries for a
 * resource version. The CORS and OperationOutcome helpers the fault proxy shares live in
 * ./http-common.mjs; these are the FHIR server's own.
 */

/** @param {string | string[] | undefined} value */
export function headerValue(value) {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * @param {string | undefined} prefer
 * @returns {{ return?: string, handling?: string }}
 */
export function parsePrefer(prefer) {
  /** @type {Record<string, string>} */
  const out = {};
  for (const part of (prefer ?? '').split(/[;,]/)) {
    const [k, v] = part.split('=').map((s) => s?.trim());
    if (k && v) out[k.toLowerCase()] = v.replace(/^"|"$/g, '');
  }
  return out;
}

/**
 * `W/"3"`, `"3"` or `3` -> `3`.
 * @param {string | undefined} value
 */
export function parseETag(value) {
  if (!value) return undefined;
  const m = /"([^"]*)"/.exec(value);
  return m ? m[1] : value.replace(/^W\//, '').trim();
}

/** @param {any} resource */
export function versionHeaders(resource) {
  /** @type {Record<string, string>} */
  const headers = {};
  if (resource?.meta?.versionId) headers.ETag = `W/"${resource.meta.versionId}"`;
  if (resource?.meta?.lastUpdated) headers['Last-Modified'] = new Date(resource.meta.lastUpdated).toUTCString();
  return headers;
}

