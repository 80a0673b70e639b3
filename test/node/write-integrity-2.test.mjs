// The fault proxy's opt-in `thin-answer` fault (used by test/browser/write-integrity-2.fhir.test.ts):
// the server applies the request, and its Bundle answer reaches the client without its entries'
// resources (or without entries), as a batch answer that does not show what was stored. What the
// server holds is read from the server itself, not through the proxy.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fhirBehindProxy } from './fhir-behind-proxy.mjs';

describe('fault proxy: thin-answer', () => {
  const servers = fhirBehindProxy();

  const batch = (marker) => ({
    resourceType: 'Bundle',
    type: 'batch',
    entry: [{ resource: { resourceType: 'Basic', code: { text: marker } }, request: { method: 'POST', url: 'Basic' } }],
  });
  const post = (url, body) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify(body) });
  const stored = async (marker) => {
    const bundle = await (await fetch(`${servers.fhir.url}/Basic?_count=500`, { cache: 'no-store' })).json();
    return (bundle.entry ?? []).filter((e) => e.resource.code?.text === marker).length;
  };

  for (const lose of ['resources', 'entries']) {
    it(`lose: '${lose}' — the server stores the entry; the answer does not show it`, async () => {
      const marker = `thin-${lose}-${crypto.randomUUID()}`;
      servers.proxy.setFault({ kind: 'thin-answer', lose, count: 1 });
      const response = await post(servers.proxy.url, batch(marker));
      assert.equal(response.status, 200);
      const answer = await response.json();
      assert.equal(answer.resourceType, 'Bundle');
      if (lose === 'entries') assert.equal(answer.entry, undefined);
      else {
        assert.equal(answer.entry.length, 1);
        assert.equal(answer.entry[0].resource, undefined);
        assert.equal(answer.entry[0].response.location, undefined);
        assert.match(answer.entry[0].response.status, /^201/);
      }
      assert.equal(await stored(marker), 1);
      // the fault is spent: the next answer is whole
      const whole = await (await post(servers.proxy.url, batch(`${marker}-2`))).json();
      assert.equal(whole.entry[0].resource.code.text, `${marker}-2`);
    });
  }

  it('refuses a thin-answer without a valid `lose`', () => {
    assert.throws(() => servers.proxy.setFault({ kind: 'thin-answer', lose: 'all' }), /fault\.lose/);
  });
});
