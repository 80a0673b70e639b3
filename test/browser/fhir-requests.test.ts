/**
 * What the elements ask the local FHIR server for when they open (issue 20, items 2 and
 * 3): every request is logged at the client's fetch, with the reads inside each batch,
 * while the requests themselves go to the real server.
 */
import { expect, fixture as mount, html } from '@open-wc/testing';
import '../../src/elements/message-thread/message-thread.js';
import '../../src/elements/patient-banner/patient-banner.js';
import '../../src/elements/clinical-summary/clinical-summary.js';
import '../../src/core/provider.js';
import type { EngageMessageThread } from '../../src/elements/message-thread/message-thread.component.js';
import {
  FhirClient,
  createFhirAdapter,
  createFhirImmunizations,
  createFhirMessaging,
  createFhirPatient,
  createFhirReminders,
  createFhirSummary,
} from '../../src/adapters/fhir/index.js';
import type { ReminderRuleSet } from '../../src/adapters/ports.js';
import type { Resource } from '../../src/adapters/fhir/fhir-types.js';
import type { EngageProvider } from '../../src/core/provider.component.js';
import { newIdempotencyKey } from '../../src/core/events.js';
import { fhirEndpoints, shadowText, waitFor } from './helpers.js';
import { ignoreResizeObserverLoop } from './message-helpers.js';
import { duplicates, requestLog } from './request-log.js';
import { knownSyntheaPatients, resourcesOf } from './synthea.js';

ignoreResizeObserverLoop();

const KERMIT = 'Patient/1f456f0a-acb1-4728-82af-01ca57083c7b';
const AS_KERMIT = { user: { ref: KERMIT, name: 'Kermit' }, role: 'patient' as const };
const NOW = () => new Date('2026-11-25T12:00:00Z');

interface MessageBundle {
  entry?: { resource: { sent?: string } }[];
}

describe('requests on open (local FHIR server)', function () {
  let fhirUrl: string;

  before(async () => {
    ({ fhirUrl } = await fhirEndpoints());
  });

  it('a conversation opens with one request that reads its messages once; the first poll comes later and asks only for newer', async () => {
    // a fresh conversation of two messages, written straight to the server
    const direct = createFhirAdapter({ baseUrl: fhirUrl });
    const directory = await direct.messaging!.getDirectory(KERMIT);
    const { thread } = await direct.messaging!.startThread(
      KERMIT,
      { subject: 'Request count test', recipient: directory.pools[0]!, message: { body: 'First', attachments: [] } },
      { idempotencyKey: newIdempotencyKey(), as: AS_KERMIT },
    );
    await direct.messaging!.sendMessage(thread.id, { body: 'Second', attachments: [] }, { idempotencyKey: newIdempotencyKey(), as: AS_KERMIT });
    const stored = (await (await fetch(`${fhirUrl}/Communication?part-of=Communication/${thread.id}&_count=100`)).json()) as MessageBundle;
    const sent = (stored.entry ?? []).map((e) => e.resource.sent!);
    expect(sent).to.have.length(2);
    const newest = sent.sort((a, b) => Date.parse(a) - Date.parse(b)).at(-1)!;

    const log = requestLog(fhirUrl);
    const adapter = createFhirMessaging({ baseUrl: fhirUrl, fetch: log.fetch }, { pollIntervalMs: 50 });
    const el = await mount<EngageMessageThread>(
      html`<engage-message-thread
        thread-id=${thread.id}
        .adapter=${adapter}
        .session=${{ patient: KERMIT, user: AS_KERMIT.user, role: 'patient', now: NOW, locale: 'en-US' }}
      ></engage-message-thread>`,
    );
    await waitFor(() => el.shadowRoot!.querySelectorAll('[part~="message"]').length === 2, 'both messages');
    const firstPoll = await waitFor(() => log.requests.findIndex((r) => r.method === 'GET' && r.url.startsWith('Communication?part-of=')) + 1, 'the first poll');

    const opening = log.requests.slice(0, firstPoll - 1);
    expect(opening, 'one round trip opens the conversation').to.have.length(1);
    const messageReads = opening[0]!.reads.filter((read) => read.startsWith('Communication?part-of=') && !read.includes('_count=1&') && !read.endsWith('_count=1'));
    expect(messageReads, 'the messages are read once').to.have.length(1);
    expect(duplicates(opening[0]!.reads)).to.deep.equal([]);

    // what changed after the newest message shown (`_lastUpdated`: a retraction rewrites a message, not its `sent`)
    const poll = log.requests[firstPoll - 1]!;
    // from a little before it (the server's clock may be behind the writer's), never all of it
    const asked = Date.parse(decodeURIComponent(/_lastUpdated=ge([^&]+)/.exec(poll.url)?.[1] ?? ''));
    expect(Date.parse(newest) - asked, poll.url).to.be.within(0, 11 * 60_000);

    // a message written elsewhere arrives through the poll, which keeps asking only for newer
    const third = `Third ${newIdempotencyKey()}`;
    await direct.messaging!.sendMessage(thread.id, { body: third, attachments: [] }, { idempotencyKey: newIdempotencyKey(), as: AS_KERMIT });
    await waitFor(() => shadowText(el).includes(third), 'the new message');
    const polls = log.requests.filter((r) => r.method === 'GET' && r.url.startsWith('Communication?part-of='));
    expect(polls.every((r) => r.url.includes('_lastUpdated=ge'))).to.equal(true);
    expect(el.shadowRoot!.querySelectorAll('[part~="message"]')).to.have.length(3);
  });

  /** A banner and a summary of the medium Synthea patient under one provider, over one logged client. */
  async function bannerAndSummary(log: ReturnType<typeof requestLog>, client = new FhirClient({ baseUrl: fhirUrl, fetch: log.fetch })) {
    const { known } = await knownSyntheaPatients(['synthea-jill-tillman-c4b7d178.json']);
    const patient = known[0]!;
    const provider = await mount<EngageProvider>(html`
      <engage-provider .adapter=${{ ...createFhirPatient(client), ...createFhirSummary(client) }} patient=${patient.ref} user-role="clinician" locale="en-US">
        <engage-patient-banner></engage-patient-banner>
        <engage-clinical-summary></engage-clinical-summary>
      </engage-provider>`);
    const banner = provider.querySelector('engage-patient-banner')!;
    const summary = provider.querySelector('engage-clinical-summary')!;
    await waitFor(() => banner.shadowRoot?.querySelector('[part~="name"]'), 'the banner');
    await waitFor(() => summary.shadowRoot?.querySelector('[part~="section"]'), 'the summary');
    return { patient, banner, summary, client };
  }

  it('a banner and a summary opened together read the Patient and the allergies once, and no read twice', async () => {
    const log = requestLog(fhirUrl);
    const { patient, banner } = await bannerAndSummary(log);
    expect(shadowText(banner)).to.contain(patient.family.toUpperCase());
    const reads = log.reads();
    expect(duplicates(reads), 'no read sent twice').to.deep.equal([]);
    expect(reads.filter((r) => r === patient.ref)).to.have.length(1);
    expect(reads.filter((r) => r.startsWith('AllergyIntolerance?'))).to.have.length(1);
    expect(reads.filter((r) => r === 'metadata')).to.have.length(1);
  });

  it('the summary asks for the CapabilityStatement beside its searches, not before them, and once per client', async () => {
    const log = requestLog(fhirUrl);
    const { client } = await bannerAndSummary(log);
    const metadata = log.requests.findIndex((r) => r.url === 'metadata');
    const searches = log.requests.findIndex((r) => r.reads.some((read) => read.startsWith('Condition?')));
    expect(metadata).to.be.at.least(0);
    expect(searches).to.be.at.least(0);
    // the searches went out before the CapabilityStatement came back
    expect(log.order.indexOf(`start ${searches}`)).to.be.below(log.order.indexOf(`end ${metadata}`));

    // a banner and a summary again on the same client: the Patient and the allergies are
    // shared, the CapabilityStatement known; one request for the summary's other searches
    const before = log.requests.length;
    await bannerAndSummary(log, client);
    const again = log.requests.slice(before);
    expect(again).to.have.length(1);
    expect(again[0]!.reads.some((r) => r.startsWith('Patient/') || r.startsWith('AllergyIntolerance?') || r === 'metadata')).to.equal(false);
  });

  it("the largest patient's summary (more Observations than one page of 500) opens without a second round trip", async () => {
    const { known, bundles } = await knownSyntheaPatients(['synthea-vito-feeney-63dd4423.json']);
    const observations = resourcesOf(bundles[0]!, 'Observation').length;
    expect(observations, 'the fixture needs more than one page of 500').to.be.above(500);
    const log = requestLog(fhirUrl);
    const summary = await mount(
      html`<engage-clinical-summary
        .adapter=${createFhirSummary({ baseUrl: fhirUrl, fetch: log.fetch })}
        .session=${{ patient: known[0]!.ref, role: 'clinician', locale: 'en-US' }}
      ></engage-clinical-summary>`,
    );
    await waitFor(() => summary.shadowRoot?.querySelector('[part~="section"]'), 'the summary');
    // every request went out before the first answer came back: one round trip
    const firstAnswer = log.order.findIndex((event) => event.startsWith('end'));
    expect(log.order.slice(firstAnswer).filter((event) => event.startsWith('start')), 'requests sent after an answer').to.deep.equal([]);
    expect(log.requests.filter((r) => r.url.includes('Observation')), 'no next page of Observations').to.deep.equal([]);
  });

  it("the patient's own record is shared without being asked for; other reads are not, and `shared: false` sends it", async () => {
    const { known } = await knownSyntheaPatients(['synthea-jill-tillman-c4b7d178.json']);
    const ref = known[0]!.ref;
    const log = requestLog(fhirUrl);
    const client = new FhirClient({ baseUrl: fhirUrl, fetch: log.fetch });
    // what the reminder and the immunization ports each send on open, neither asking to share
    const reads = [
      { method: 'GET', url: ref },
      { method: 'GET', url: `Immunization?patient=${ref}&_count=500` },
    ];
    const [first, second] = await Promise.all([client.batch(reads), client.batch(reads)]);
    expect(first[0]!.ok && first[0]!.resource?.id).to.equal(ref.split('/')[1]);
    expect(second[0]!.ok && second[0]!.resource?.id).to.equal(ref.split('/')[1]);
    expect(log.reads().filter((r) => r === ref), 'the Patient, once').to.have.length(1);
    expect(log.reads().filter((r) => r.startsWith('Immunization?')), 'the search, each time').to.have.length(2);

    await client.batch([{ method: 'GET', url: ref }], { shared: false });
    expect(log.reads().filter((r) => r === ref), 'a reader that declines sends it').to.have.length(2);
  });

  it('the same read alone and inside a batch is sent once, whichever comes first', async () => {
    const { known } = await knownSyntheaPatients(['synthea-jill-tillman-c4b7d178.json', 'synthea-kermit-trantow-f1a650a5.json']);
    const log = requestLog(fhirUrl);
    const client = new FhirClient({ baseUrl: fhirUrl, fetch: log.fetch });
    const [first, second] = known.map((p) => ({ ref: p.ref, id: p.ref.split('/')[1]! }));
    // alone first (in flight when the batch asks), then inside a batch
    const [alone, batched] = await Promise.all([client.read('Patient', first!.id), client.batch([{ method: 'GET', url: first!.ref }])]);
    expect(alone.id).to.equal(first!.id);
    expect(batched[0]!.ok && batched[0]!.resource?.id).to.equal(first!.id);
    // inside a batch first, then alone
    const [batchedFirst, aloneAfter] = await Promise.all([client.batch([{ method: 'GET', url: second!.ref }]), client.read('Patient', second!.id)]);
    expect(batchedFirst[0]!.ok && batchedFirst[0]!.resource?.id).to.equal(second!.id);
    expect(aloneAfter.id).to.equal(second!.id);
    expect(log.reads().filter((r) => r === first!.ref), 'the first Patient, once').to.have.length(1);
    expect(log.reads().filter((r) => r === second!.ref), 'the second Patient, once').to.have.length(1);
    // a read of a patient the server does not hold fails alike either way, and is not kept
    const missing = 'Patient/no-such-patient-perf-test';
    const [batchMiss, aloneMiss] = await Promise.allSettled([client.batch([{ method: 'GET', url: missing }]), client.read('Patient', 'no-such-patient-perf-test')]);
    expect(batchMiss.status === 'fulfilled' && !batchMiss.value[0]!.ok && batchMiss.value[0]!.error.code).to.equal('not-found');
    expect(aloneMiss.status === 'rejected' && (aloneMiss.reason as { code?: string }).code).to.equal('not-found');
    await client.read('Patient', 'no-such-patient-perf-test').catch(() => undefined);
    expect(log.reads().filter((r) => r === missing), 'a failed read is asked again').to.have.length(2);
  });

  it('the immunization forecast and the summary under one client ask for the CapabilityStatement once', async () => {
    const { known } = await knownSyntheaPatients(['synthea-jill-tillman-c4b7d178.json']);
    const ref = known[0]!.ref;
    const log = requestLog(fhirUrl);
    const client = new FhirClient({ baseUrl: fhirUrl, fetch: log.fetch });
    const { immunizations } = createFhirImmunizations(client);
    const { summary } = createFhirSummary(client);
    // the local server holds no ImmunizationRecommendation, so the forecast asks what the server offers
    await Promise.all([immunizations!.getForecast(ref, '2026-11-25'), summary!.getSummary(ref)]);
    expect(log.reads().filter((r) => r.startsWith('ImmunizationRecommendation?')), 'the forecast looked for a recommendation').to.have.length(1);
    expect(log.reads().filter((r) => r === 'metadata')).to.have.length(1);
  });

  it("a worklist does not keep its patients for the page view: a patient's reminders opened after it read the Patient again", async () => {
    const { known } = await knownSyntheaPatients(['synthea-jill-tillman-c4b7d178.json', 'synthea-kermit-trantow-f1a650a5.json']);
    const rules = (await (await fetch('/rules/preventive-care.json')).json()) as ReminderRuleSet;
    const setup = new FhirClient({ baseUrl: fhirUrl });
    const group = await setup.create<Resource>({
      resourceType: 'Group',
      type: 'person',
      actual: true,
      member: known.map((p) => ({ entity: { reference: p.ref } })),
    });
    const log = requestLog(fhirUrl);
    const { reminders } = createFhirReminders(new FhirClient({ baseUrl: fhirUrl, fetch: log.fetch }), { rules });
    await reminders.worklist({ group: `Group/${group.body.id}` }, '2026-11-25');
    for (const p of known) expect(log.reads().filter((r) => r === p.ref), 'the worklist read each Patient').to.have.length(1);
    await reminders.getReminders(known[0]!.ref, '2026-11-25');
    expect(log.reads().filter((r) => r === known[0]!.ref), 'read again, not kept by the worklist').to.have.length(2);
  });

  it('a write through the client ends the sharing: the next open reads the server again', async () => {
    const log = requestLog(fhirUrl);
    const { client } = await bannerAndSummary(log);
    const first = log.requests.length;
    await client.create({ resourceType: 'Basic', code: { text: 'ehr-engage request-cache test' } });
    const afterWrite = log.requests.length;
    expect(afterWrite).to.equal(first + 1);
    await bannerAndSummary(log, client);
    const again = log.reads().slice(log.requests.slice(0, afterWrite).flatMap((r) => r.reads).length);
    expect(again.filter((r) => r.startsWith('Patient/'))).to.have.length(1);
    expect(again.filter((r) => r.startsWith('AllergyIntolerance?'))).to.have.length(1);
    expect(again.filter((r) => r === 'metadata'), 'the CapabilityStatement stays known').to.have.length(0);
  });

  it('a shared read cancelled by the caller that sent it is sent again for the others; each caller gets its own copy', async () => {
    const { known } = await knownSyntheaPatients(['synthea-jill-tillman-c4b7d178.json']);
    const id = known[0]!.ref.split('/')[1]!;
    const log = requestLog(fhirUrl);
    const client = new FhirClient({ baseUrl: fhirUrl, fetch: log.fetch });
    const reads = [{ method: 'GET', url: `Patient/${id}` }];
    const first = new AbortController();
    const cancelled = client.batch(reads, { signal: first.signal, shared: true });
    const waiting = client.batch(reads, { shared: true });
    first.abort();
    const [a, b] = await Promise.allSettled([cancelled, waiting]);
    expect(a.status === 'rejected' && (a.reason as { code?: string }).code).to.equal('aborted');
    const result = b.status === 'fulfilled' ? b.value[0] : undefined;
    expect(result?.ok && result.resource?.id).to.equal(id);

    // a caller that changes what it received does not change what the next one receives
    if (result?.ok) result.resource!.id = 'changed-by-a-caller';
    const again = await client.batch(reads, { shared: true });
    expect(again[0]!.ok && again[0]!.resource?.id).to.equal(id);
    expect(log.reads().filter((r) => r === `Patient/${id}`)).to.have.length(2);
  });
});
