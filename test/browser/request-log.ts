/**
 * A fetch that records every request the FHIR client sends to the local server (issue 20:
 * "a test counts requests"), and, for a batch, the reads inside it, so a test can count
 * both round trips and duplicate reads. The requests still go to the real server.
 */

/** One request: its method, its URL relative to the FHIR base, and the reads it carries. */
export interface LoggedRequest {
  method: string;
  url: string;
  /** The GET URLs it reads: itself for a GET, its GET entries for a batch. */
  reads: string[];
}

interface BatchBody {
  resourceType?: string;
  entry?: { request?: { method?: string; url?: string } }[];
}

/** A fetch for `FhirClientOptions.fetch` and the log it fills. */
export function requestLog(baseUrl: string): {
  fetch: typeof fetch;
  requests: LoggedRequest[];
  reads: () => string[];
  /** Starts and answers in the order they happened: `start 0`, `start 1`, `end 0`… */
  order: string[];
} {
  const requests: LoggedRequest[] = [];
  const order: string[] = [];
  const relative = (url: string) => url.slice(url.indexOf(baseUrl) === 0 ? baseUrl.length : 0).replace(/^\/+/, '');
  const logged: typeof fetch = (input, init) => {
    const url = relative(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const method = (init?.method ?? 'GET').toUpperCase();
    let reads: string[] = [];
    if (method === 'GET') reads = [url];
    else if (url === '' && typeof init?.body === 'string') {
      const body = JSON.parse(init.body) as BatchBody;
      if (body.resourceType === 'Bundle') {
        reads = (body.entry ?? []).filter((e) => e.request?.method === 'GET').map((e) => e.request?.url ?? '');
      }
    }
    const index = requests.push({ method, url, reads }) - 1;
    order.push(`start ${index}`);
    return fetch(input, init).finally(() => order.push(`end ${index}`));
  };
  return { fetch: logged, requests, order, reads: () => requests.flatMap((r) => r.reads) };
}

/** The reads that appear more than once in the list. */
export function duplicates(reads: string[]): string[] {
  return [...new Set(reads.filter((read, index) => reads.indexOf(read) !== index))];
}
