/**
 * What every MessagingPort promises, whatever the backend. Run against the FHIR adapter
 * (over HTTP to the local FHIR server) and the memory adapter by contract-messaging.test.ts.
 * The FHIR server is shared by every test file in a run, so each test works on the
 * conversations it creates and never assumes the inbox is otherwise empty.
 */
import { expect } from '@open-wc/testing';
import type { ActingAs, MessagingPort, Participant } from '../../../src/adapters/ports.js';
import { newIdempotencyKey } from '../../../src/core/events.js';
import { waitFor } from '../helpers.js';
import { rejection } from './rejection.js';

export interface MessagingPortSubject {
  port: MessagingPort;
  /** A patient who exists in the backend. */
  patient: string;
  /** A clinician of the practice. */
  clinician: ActingAs;
  /** A caregiver of the patient. */
  caregiver: ActingAs;
  /** The number of messages in the backend for this thread, counted without the port. */
  countMessages: (threadId: string) => Promise<number>;
  /** The care team retracts a message (FHIR: `entered-in-error`), without the port where the backend allows it. */
  retract: (threadId: string, messageId: string) => Promise<void>;
}

function bytes(size: number, seed = 7): Uint8Array<ArrayBuffer> {
  const data = new Uint8Array(new ArrayBuffer(size));
  for (let i = 0; i < size; i++) data[i] = (i * seed + 13) % 251;
  return data;
}

export function messagingPortContract(name: string, subject: () => Promise<MessagingPortSubject>): void {
  describe(`MessagingPort contract: ${name}`, function () {
    let s: MessagingPortSubject;
    let me: ActingAs;

    before(async () => {
      s = await subject();
      me = { user: { ref: s.patient, name: 'Pat Example' }, role: 'patient' };
    });

    async function start(subjectLine = `Question ${newIdempotencyKey()}`, body = '<p>Hello <b>team</b></p>') {
      const directory = await s.port.getDirectory(s.patient);
      const pool = directory.pools[0]!;
      return s.port.startThread(
        s.patient,
        { subject: subjectLine, category: directory.categories[0], recipient: pool, message: { body, attachments: [] } },
        { idempotencyKey: newIdempotencyKey(), as: me },
      );
    }

    it('offers pools and categories, and care-team members with names', async () => {
      const directory = await s.port.getDirectory(s.patient);
      expect(directory.pools.length).to.be.greaterThan(0);
      for (const pool of directory.pools) expect(pool.name).to.be.a('string').and.not.equal('');
      expect(directory.categories.length).to.be.greaterThan(0);
      for (const member of directory.careTeam) expect(member.name).to.not.equal('');
    });

    it('starts a conversation that the inbox lists first, routed to the pool, with a plain-text preview', async () => {
      const subjectLine = `Rash question ${newIdempotencyKey()}`;
      const { thread, message } = await start(subjectLine, '<p>My <b>rash</b> is &amp; spreading</p>');
      expect(thread.subject).to.equal(subjectLine);
      expect(thread.status).to.equal('open');
      expect(message.threadId).to.equal(thread.id);
      expect(message.sender.ref).to.equal(s.patient);
      const page = await s.port.listThreads({ patient: s.patient }, { as: me });
      const listed = page.items[0]!;
      expect(listed.id).to.equal(thread.id);
      expect(listed.preview).to.equal('My rash is & spreading');
      expect(listed.unreadCount).to.equal(0);
      expect(listed.pool?.ref).to.equal((await s.port.getDirectory(s.patient)).pools[0]!.ref);
      expect(listed.participants.map((p) => p.ref)).to.include(s.patient);
    });

    it('a retried send with the same key creates exactly one message', async () => {
      const { thread } = await start();
      const key = newIdempotencyKey();
      const first = await s.port.sendMessage(thread.id, { body: 'Once only', attachments: [] }, { idempotencyKey: key, as: me });
      const second = await s.port.sendMessage(thread.id, { body: 'Once only', attachments: [] }, { idempotencyKey: key, as: me });
      expect(second.id).to.equal(first.id);
      expect(await s.countMessages(thread.id)).to.equal(2);
    });

    it('a send retried after its message was retracted is refused as withdrawn, plain or edited; a new send stores it', async () => {
      const { thread, message: opening } = await start();
      const key = newIdempotencyKey();
      const draft = { body: 'Sent, then retracted', attachments: [] };
      const first = await s.port.sendMessage(thread.id, draft, { idempotencyKey: key, as: me });
      await s.retract(thread.id, first.id);
      const plain = await rejection(s.port.sendMessage(thread.id, draft, { idempotencyKey: key, as: me }));
      expect([plain.code, plain.retryable]).to.deep.equal(['withdrawn', false]);
      const edited = { body: 'Sent, then retracted, then edited', attachments: [] };
      const replacing = { idempotencyKey: newIdempotencyKey(), replaces: [key], as: me };
      expect((await rejection(s.port.sendMessage(thread.id, edited, replacing))).code).to.equal('withdrawn');
      expect((await s.port.listMessages(thread.id, {}, { as: me })).items.map((m) => m.id)).to.deep.equal([opening.id]);
      // the user's deliberate send again is a new write (a new key), stored beside the retracted one
      const again = await s.port.sendMessage(thread.id, draft, { idempotencyKey: newIdempotencyKey(), as: me });
      expect(again.id).to.not.equal(first.id);
      expect((await s.port.listMessages(thread.id, {}, { as: me })).items.map((m) => [m.id, m.body])).to.deep.equal([
        [opening.id, opening.body],
        [again.id, draft.body],
      ]);
    });

    it('a conversation retried after its first message was retracted is refused as withdrawn', async () => {
      const directory = await s.port.getDirectory(s.patient);
      const key = newIdempotencyKey();
      const draft = { subject: `Retracted ${key}`, recipient: directory.pools[0]!, message: { body: 'hi', attachments: [] } };
      const started = await s.port.startThread(s.patient, draft, { idempotencyKey: key, as: me });
      await s.retract(started.thread.id, started.message.id);
      expect((await rejection(s.port.startThread(s.patient, draft, { idempotencyKey: key, as: me }))).code).to.equal('withdrawn');
    });

    it('a retried start with the same key creates one conversation', async () => {
      const directory = await s.port.getDirectory(s.patient);
      const key = newIdempotencyKey();
      const draft = {
        subject: `Twice ${key}`,
        recipient: directory.pools[0]!,
        message: { body: 'hi', attachments: [] },
      };
      const a = await s.port.startThread(s.patient, draft, { idempotencyKey: key, as: me });
      const b = await s.port.startThread(s.patient, draft, { idempotencyKey: key, as: me });
      expect(b.thread.id).to.equal(a.thread.id);
      expect(b.message.id).to.equal(a.message.id);
      const all = await s.port.listThreads({ patient: s.patient, status: 'all', pageSize: 100 }, { as: me });
      expect(all.items.filter((t) => t.subject === draft.subject)).to.have.length(1);
    });

    it('an edited start after an unanswered first attempt, sent to another pool: one conversation, with the last pool and words', async function () {
      const directory = await s.port.getDirectory(s.patient);
      if (directory.pools.length < 2) this.skip();
      const [first, then] = [directory.pools[0]!, directory.pools[1]!];
      const key = newIdempotencyKey();
      const subjectLine = `Rerouted ${key}`;
      // the first attempt landed (its answer, in the element's eyes, never came): the edit names its key
      await s.port.startThread(s.patient, { subject: subjectLine, recipient: first, message: { body: 'first words', attachments: [] } }, { idempotencyKey: key, as: me });
      const edited = await s.port.startThread(
        s.patient,
        { subject: subjectLine, recipient: then, message: { body: 'last words', attachments: [] } },
        { idempotencyKey: newIdempotencyKey(), replaces: [key], as: me },
      );
      const all = await s.port.listThreads({ patient: s.patient, status: 'all', pageSize: 100 }, { as: me });
      expect(all.items.filter((t) => t.subject === subjectLine).map((t) => t.id)).to.deep.equal([edited.thread.id]);
      const thread = await s.port.getThread(edited.thread.id, { as: me });
      expect(thread.pool?.ref).to.equal(then.ref);
      expect(thread.participants.map((p) => p.ref)).to.include(then.ref);
      expect(thread.participants.map((p) => p.ref)).not.to.include(first.ref);
      expect(await s.countMessages(edited.thread.id)).to.equal(1);
    });

    it('lists messages oldest first across pages, with replies linked', async () => {
      const { thread, message } = await start();
      for (let i = 1; i <= 4; i++) {
        await s.port.sendMessage(
          thread.id,
          { body: `Reply ${i}`, attachments: [], inResponseTo: message.id },
          { idempotencyKey: newIdempotencyKey(), as: i % 2 ? s.clinician : me },
        );
      }
      const seen = [];
      let cursor: string | undefined;
      do {
        const page = await s.port.listMessages(thread.id, { cursor, pageSize: 2 }, { as: me });
        expect(page.items.length).to.be.at.most(2);
        seen.push(...page.items);
        cursor = page.next;
      } while (cursor);
      expect(seen.map((m) => m.body)).to.deep.equal(['<p>Hello <b>team</b></p>', 'Reply 1', 'Reply 2', 'Reply 3', 'Reply 4']);
      expect(seen[1]!.inResponseTo).to.equal(message.id);
      expect(seen[1]!.sender.ref).to.equal(s.clinician.user.ref);
      expect(seen[1]!.sender.name).to.equal(s.clinician.user.name);
      const times = seen.map((m) => Date.parse(m.sent));
      expect([...times].sort((a, b) => a - b)).to.deep.equal(times);
    });

    it('keeps read state per reader: unread counts, read receipts, safe to repeat', async () => {
      const { thread, message } = await start();
      const reply = await s.port.sendMessage(
        thread.id,
        { body: 'We can help', attachments: [] },
        { idempotencyKey: newIdempotencyKey(), as: s.clinician },
      );
      const mine = (await s.port.listThreads({ patient: s.patient, pageSize: 100 }, { as: me })).items.find((t) => t.id === thread.id)!;
      expect(mine.unreadCount).to.equal(1);
      const theirs = (await s.port.listThreads({ patient: s.patient, pageSize: 100 }, { as: s.clinician })).items.find(
        (t) => t.id === thread.id,
      )!;
      expect(theirs.unreadCount).to.equal(1);

      await s.port.markRead(thread.id, [reply.id], { idempotencyKey: newIdempotencyKey(), as: me });
      await s.port.markRead(thread.id, [reply.id], { idempotencyKey: newIdempotencyKey(), as: me });
      expect((await s.port.getThread(thread.id, { as: me })).unreadCount).to.equal(0);
      const asMe = (await s.port.listMessages(thread.id, {}, { as: me })).items;
      expect(asMe.find((m) => m.id === reply.id)!.readByMe).to.equal(true);
      // the clinician still has my first message unread; it is not yet "read" for me
      expect(asMe.find((m) => m.id === message.id)!.delivery).to.equal('delivered');

      await s.port.markRead(thread.id, [message.id], { idempotencyKey: newIdempotencyKey(), as: s.clinician });
      const after = (await s.port.listMessages(thread.id, {}, { as: me })).items;
      expect(after.find((m) => m.id === message.id)!.delivery).to.equal('read');
      expect((await s.port.getThread(thread.id, { as: s.clinician })).unreadCount).to.equal(0);
    });

    it('closes and reopens a conversation; the inbox filters on it', async () => {
      const { thread } = await start();
      const closed = await s.port.setThreadStatus(thread.id, 'closed', { idempotencyKey: newIdempotencyKey(), as: s.clinician });
      expect(closed.status).to.equal('closed');
      const open = await s.port.listThreads({ patient: s.patient, status: 'open', pageSize: 100 }, { as: me });
      expect(open.items.map((t) => t.id)).to.not.include(thread.id);
      const closedList = await s.port.listThreads({ patient: s.patient, status: 'closed', pageSize: 100 }, { as: me });
      expect(closedList.items.map((t) => t.id)).to.include(thread.id);
      const reopened = await s.port.setThreadStatus(thread.id, 'open', { idempotencyKey: newIdempotencyKey(), as: s.clinician });
      expect(reopened.status).to.equal('open');
    });

    it('pages the inbox without repeating a conversation', async () => {
      await start();
      await start();
      await start();
      const ids: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await s.port.listThreads({ patient: s.patient, status: 'all', pageSize: 2, cursor }, { as: me });
        ids.push(...page.items.map((t) => t.id));
        cursor = page.next;
      } while (cursor);
      expect(ids.length).to.be.at.least(3);
      expect(new Set(ids).size).to.equal(ids.length);
    });

    it('round-trips small and large attachments byte for byte', async () => {
      const { thread } = await start();
      const small = bytes(2_000);
      const large = bytes(200_000, 11);
      const sent = await s.port.sendMessage(
        thread.id,
        {
          body: '',
          attachments: [
            { title: 'small.png', contentType: 'image/png', data: new Blob([small], { type: 'image/png' }) },
            { title: 'large.pdf', contentType: 'application/pdf', data: new Blob([large], { type: 'application/pdf' }) },
          ],
        },
        { idempotencyKey: newIdempotencyKey(), as: me },
      );
      const listed = (await s.port.listMessages(thread.id, {}, { as: s.clinician })).items.find((m) => m.id === sent.id)!;
      expect(listed.attachments.map((a) => [a.title, a.contentType])).to.deep.equal([
        ['small.png', 'image/png'],
        ['large.pdf', 'application/pdf'],
      ]);
      for (const [index, expected] of [small, large].entries()) {
        const blob = await s.port.getAttachment(listed.attachments[index]!);
        expect(new Uint8Array(await blob.arrayBuffer())).to.deep.equal(expected);
      }
    });

    it('shows a caregiver writing for the patient', async () => {
      const { thread } = await start();
      const sent = await s.port.sendMessage(thread.id, { body: 'For my mother', attachments: [] }, { idempotencyKey: newIdempotencyKey(), as: s.caregiver });
      expect(sent.sender.kind).to.equal('related-person');
      expect(sent.onBehalfOf?.ref).to.equal(s.patient);
    });

    it('an edited retry is new words: read by no one yet, whoever read what it replaced', async () => {
      const { thread } = await start();
      const key = newIdempotencyKey();
      const sent = await s.port.sendMessage(thread.id, { body: 'Is 5.9 high?', attachments: [] }, { idempotencyKey: key, as: me });
      await s.port.markRead(thread.id, [sent.id], { idempotencyKey: newIdempotencyKey(), as: s.clinician });
      expect((await s.port.listMessages(thread.id, {}, { as: me })).items.find((m) => m.id === sent.id)!.delivery, 'read before the edit').to.equal('read');
      // the answer to the first send was lost; the patient edited the text and sent again
      const edited = await s.port.sendMessage(thread.id, { body: 'Is a potassium of 5.9 too high?', attachments: [] }, { idempotencyKey: newIdempotencyKey(), replaces: [key], as: me });
      expect(edited.id).to.equal(sent.id);
      const mine = (await s.port.listMessages(thread.id, {}, { as: me })).items.find((m) => m.id === sent.id)!;
      expect([mine.body, mine.delivery]).to.deep.equal(['Is a potassium of 5.9 too high?', 'delivered']);
      const theirs = (await s.port.listMessages(thread.id, {}, { as: s.clinician })).items.find((m) => m.id === sent.id)!;
      expect(theirs.readByMe, 'unread by the care team').to.equal(false);
    });

    it('delivers new messages to a subscriber until its signal aborts', async () => {
      const { thread } = await start();
      const received: string[] = [];
      const controller = new AbortController();
      s.port.subscribe?.(thread.id, (messages) => received.push(...messages.map((m) => m.body)), { signal: controller.signal, as: me });
      await new Promise((resolve) => setTimeout(resolve, 300));
      await s.port.sendMessage(thread.id, { body: 'Live one', attachments: [] }, { idempotencyKey: newIdempotencyKey(), as: s.clinician });
      await waitFor(() => received.includes('Live one'), 'the live message');
      controller.abort();
      await s.port.sendMessage(thread.id, { body: 'After abort', attachments: [] }, { idempotencyKey: newIdempotencyKey(), as: s.clinician });
      await new Promise((resolve) => setTimeout(resolve, 800));
      expect(received).to.not.include('After abort');
      expect(received.filter((b) => b === 'Live one')).to.have.length(1);
    });

    it('tells a subscriber when a message it delivered is withdrawn', async () => {
      const { thread } = await start();
      const received: string[] = [];
      const withdrawn: string[] = [];
      const controller = new AbortController();
      const onWithdrawn = (ids: string[]) => withdrawn.push(...ids);
      s.port.subscribe?.(thread.id, (messages) => received.push(...messages.map((m) => m.id)), { signal: controller.signal, as: me, onWithdrawn });
      await new Promise((resolve) => setTimeout(resolve, 300));
      const live = await s.port.sendMessage(thread.id, { body: 'Meant for another patient', attachments: [] }, { idempotencyKey: newIdempotencyKey(), as: s.clinician });
      await waitFor(() => received.includes(live.id), 'the live message');
      await s.retract(thread.id, live.id);
      await waitFor(() => withdrawn.includes(live.id), 'the withdrawal');
      controller.abort();
      expect(received.filter((id) => id === live.id)).to.have.length(1);
    });

    it('rejects an unknown conversation with not-found, and an aborted read with aborted', async () => {
      expect((await rejection(s.port.getThread('does-not-exist-0000', { as: me }))).code).to.equal('not-found');
      expect((await rejection(s.port.listMessages('does-not-exist-0000', {}, { as: me }))).code).to.equal('not-found');
      const controller = new AbortController();
      controller.abort();
      expect((await rejection(s.port.listThreads({ patient: s.patient }, { signal: controller.signal }))).code).to.equal('aborted');
    });

    it('refuses a write without an idempotency key', async () => {
      const { thread } = await start();
      const error = await rejection(s.port.sendMessage(thread.id, { body: 'x', attachments: [] }, { idempotencyKey: '', as: me }));
      expect(error.code).to.equal('invalid');
    });
  });
}

/** A clinician and a caregiver for contract subjects. */
export function actors(clinician: Participant, caregiverRef: string): { clinician: ActingAs; caregiver: ActingAs } {
  return {
    clinician: { user: { ref: clinician.ref, name: clinician.name }, role: 'clinician' },
    caregiver: { user: { ref: caregiverRef, name: 'Rosa Example' }, role: 'caregiver' },
  };
}
