/**
 * The sends of the FHIR messaging port: starting a conversation (its header, and the
 * routing Task of a pool) and sending a message, each a conditional create keyed by the
 * idempotency key, with the write protocol's re-keying of an edited retry. Apart from the
 * port, whose own body is the reads.
 */
import { EngageError } from '../../../core/errors.js';
import type {
  ActingAs,
  CodedValue,
  Message,
  MessageDraft,
  MessagePool,
  MessagingWriteOptions,
  Participant,
  RecordRef,
  Thread,
  ThreadDraft,
} from '../../ports.js';
import type { FhirClient } from '../client.js';
import { createOnce, holdSent, rekey, settleEarlier, type KeyIdentity } from '../write-protocol.js';
import type { Reference, Resource } from '../fhir-types.js';
import {
  IDEMPOTENCY_SYSTEM,
  MESSAGING_SYSTEM,
  isHeader,
  isWithdrawn,
  kindOf,
  refOf,
  threadIdOf,
  toMessage,
  toParticipant,
  toReference,
  toThread,
} from '../mapping/messaging.js';
import { idOf } from '../refs.js';
import { base64, storeBinary } from './attachments.js';
import { requireKey, type Communication } from './shared.js';

const keyIdentifier = (key: string) => ({ system: IDEMPOTENCY_SYSTEM, value: key });

/** How a message's idempotency key is written on it (and on a thread and its routing Task). */
const MESSAGE_KEYS: KeyIdentity = { system: IDEMPOTENCY_SYSTEM };
const THREAD_KEYS: KeyIdentity = { system: IDEMPOTENCY_SYSTEM, value: (key) => `${key}#thread` };
const ROUTE_KEYS: KeyIdentity = { system: IDEMPOTENCY_SYSTEM, value: (key) => `${key}#route` };

/**
 * What a record an earlier attempt stored must hold of what the user wrote (the write
 * protocol's `holdSent`): a message its words, files and the message it answers; a
 * conversation its subject, category and who it goes to; a routing Task its pool.
 */
const MESSAGE_CONTENT = ['payload', 'inResponseTo'] as const;
const HEADER_CONTENT = ['topic', 'category', 'recipient'] as const;
const ROUTE_CONTENT = ['owner'] as const;

/** A message as compared with what an earlier attempt stored: an attachment's `creation` is each attempt's own. */
function withoutCreation(message: Resource): Resource {
  const payload = Array.isArray(message.payload) ? (message.payload as Record<string, unknown>[]) : undefined;
  if (!payload) return message;
  return {
    ...message,
    payload: payload.map((part) => {
      const attachment = part?.contentAttachment as Record<string, unknown> | undefined;
      if (!attachment || typeof attachment !== 'object') return part;
      const rest = { ...attachment };
      delete rest.creation;
      return { ...part, contentAttachment: rest };
    }),
  };
}

/**
 * A message holding new words: not yet received by anyone, whoever read the ones it
 * replaces, and sent now (so the live poll delivers it again as a rewrite).
 */
function rewritten(stored: Communication): Communication {
  const revised: Communication = { ...stored, status: 'in-progress', sent: new Date().toISOString() };
  delete revised.received;
  return revised;
}

/**
 * The one rule for a write that finds what it stored earlier withdrawn (retracted,
 * `entered-in-error`, or marked never sent): it is not "sent" — answering with it would
 * tell the user their words reached the care team when nothing they can see holds them —
 * and it is neither rewritten nor stored again behind the care team's back. The write is
 * refused as `withdrawn`; the element keeps the text, and sending it again is a new write.
 */
function refuseWithdrawn<T extends Resource>(resource: T): T {
  if (isWithdrawn(resource)) throw new EngageError('withdrawn', 'What this write stored earlier was withdrawn since.');
  return resource;
}

/** Starts a conversation and sends its first message (`FhirMessagingPort.startThread`). */
export async function writeThread(
  client: FhirClient,
  patient: RecordRef,
  draft: ThreadDraft,
  options: MessagingWriteOptions,
  inlineAttachmentLimit: number,
): Promise<{ thread: Thread; message: Message }> {
  const key = requireKey(options);
  const patientRef = `Patient/${idOf(patient, 'Patient')}`;
  const sender = senderOf(options.as, patientRef);
  const isPool = !('kind' in draft.recipient);
  const recipient: Participant = isPool
    ? { ref: draft.recipient.ref, kind: 'pool', name: draft.recipient.name }
    : (draft.recipient as Participant);
  const patientParticipant: Participant =
    sender.ref === patientRef ? sender : { ref: patientRef, kind: 'patient', name: '' };
  const participants = [patientParticipant, sender, recipient].filter(
    (p, index, all) => all.findIndex((q) => q.ref === p.ref) === index,
  );
  const now = new Date().toISOString();
  const header: Resource = {
    resourceType: 'Communication',
    identifier: [keyIdentifier(`${key}#thread`)],
    status: 'in-progress',
    ...(draft.category ? { category: [codeableConcept(draft.category)] } : {}),
    subject: toReference(patientParticipant),
    topic: { text: draft.subject },
    sender: toReference(sender),
    recipient: participants.map(toReference),
    sent: now,
  };
  // the write protocol: an edited retry re-keys the conversation an earlier attempt started
  const settledHeader = await settleEarlier<Communication>(client, 'Communication', THREAD_KEYS, options, options.signal);
  // a conversation this intent started that was retracted since is not started again
  for (const stored of [settledHeader.current, ...settledHeader.earlier]) if (stored) refuseWithdrawn(stored);
  const earlierHeader = settledHeader.earlier.find(isHeader);
  if (earlierHeader) {
    const revise = (stored: Communication): Communication => {
      const revised: Communication = { ...stored, topic: header.topic, recipient: header.recipient };
      if (header.category) revised.category = header.category;
      else delete revised.category;
      return revised;
    };
    await rekey(client, earlierHeader, THREAD_KEYS, key, revise, options.signal);
  }
  const headerResource = await createOnce<Communication>(client, header as Communication, THREAD_KEYS, key, {
    content: HEADER_CONTENT,
    judge: refuseWithdrawn,
    signal: options.signal,
  });
  const threadId = headerResource.id!;
  let pool: MessagePool | undefined;
  if (isPool) {
    pool = draft.recipient as MessagePool;
    const task: Resource = {
      resourceType: 'Task',
      identifier: [keyIdentifier(`${key}#route`)],
      status: 'requested',
      intent: 'order',
      code: { coding: [{ system: MESSAGING_SYSTEM, code: 'message-routing', display: 'Route a message thread' }] },
      focus: { reference: `Communication/${threadId}` },
      for: toReference(patientParticipant),
      owner: toReference({ ref: pool.ref, name: pool.name }),
      authoredOn: now,
    };
    const settledRoute = await settleEarlier<Resource>(client, 'Task', ROUTE_KEYS, options, options.signal);
    const earlierRoute = settledRoute.earlier.find((t) => refOf(t.focus) === `Communication/${threadId}`);
    if (earlierRoute) {
      await rekey(client, earlierRoute, ROUTE_KEYS, key, (stored) => ({ ...stored, owner: task.owner }), options.signal);
    }
    await createOnce(client, task, ROUTE_KEYS, key, { content: ROUTE_CONTENT, signal: options.signal });
  }
  const message = await writeMessage(client, threadId, draft.message, { ...options, idempotencyKey: key }, inlineAttachmentLimit);
  return {
    thread: {
      ...toThread(headerResource, [], options.as, [], pool),
      lastActivity: message.sent,
      preview: undefined,
      messageCount: 1,
      unreadCount: 0,
    },
    message,
  };
}

/** Sends a message in a conversation (`FhirMessagingPort.sendMessage`); larger attachments become a `Binary`. */
export async function writeMessage(
  client: FhirClient,
  threadId: string,
  draft: MessageDraft,
  options: MessagingWriteOptions,
  inlineAttachmentLimit: number,
): Promise<Message> {
  const key = requireKey(options);
  const header = (await client.read<Communication>('Communication', threadId, { signal: options.signal })) as Communication;
  if (!isHeader(header)) throw new EngageError('not-found', 'No such conversation.', { status: 404 });
  const patientRef = refOf(header.subject) ?? '';
  const sender = senderOf(options.as, patientRef);
  const recipients = ((header.recipient ?? []) as Reference[]).filter((r) => refOf(r) && refOf(r) !== sender.ref);
  const payload: Record<string, unknown>[] = [];
  if (draft.body.trim() !== '') payload.push({ contentString: draft.body });
  for (const file of draft.attachments) {
    const attachment: Record<string, unknown> = {
      contentType: file.contentType,
      title: file.title,
      size: file.data.size,
      creation: new Date().toISOString(),
    };
    if (file.data.size <= inlineAttachmentLimit) {
      attachment.data = base64(await file.data.arrayBuffer());
    } else {
      attachment.url = await storeBinary(client, file, patientRef, options.signal);
    }
    payload.push({ contentAttachment: attachment });
  }
  const as = options.as ?? { user: { ref: sender.ref }, role: 'patient' as const };
  const view = (stored: Resource) => toMessage(stored as Communication, threadId, as, [], toParticipant(header.subject));
  const resource: Resource = {
    resourceType: 'Communication',
    identifier: [keyIdentifier(key)],
    partOf: [{ reference: `Communication/${threadId}` }],
    status: 'in-progress',
    ...(Array.isArray(header.category) ? { category: header.category } : {}),
    subject: header.subject,
    topic: header.topic,
    sender: toReference(sender),
    recipient: recipients,
    sent: new Date().toISOString(),
    ...(draft.inResponseTo ? { inResponseTo: [{ reference: `Communication/${draft.inResponseTo}` }] } : {}),
    payload,
  };
  // the write protocol: an edited retry updates the earlier message if it landed
  const settled = await settleEarlier<Communication>(client, 'Communication', MESSAGE_KEYS, options, options.signal);
  // this very key landed: it holds these words, or is made to (never when withdrawn)
  const hold = { content: MESSAGE_CONTENT, revise: rewritten, compared: withoutCreation, signal: options.signal };
  if (settled.current) return view(await holdSent(client, refuseWithdrawn(settled.current), resource, hold));
  const earlier = settled.earlier.find((m) => threadIdOf(m) === threadId);
  if (earlier) {
    // a retracted attempt is never rewritten to the new text (that would bring it back)
    refuseWithdrawn(earlier);
    const revise = (stored: Communication): Communication => {
      // new words: not yet received by anyone, whoever read the ones they replace
      const revised: Communication = { ...rewritten(stored), topic: header.topic, payload };
      if (draft.inResponseTo) revised.inResponseTo = [{ reference: `Communication/${draft.inResponseTo}` }];
      else delete revised.inResponseTo;
      return revised;
    };
    return view(await rekey(client, earlier, MESSAGE_KEYS, key, revise, options.signal));
  }
  // an unchanged retry finds what the first attempt stored: if it was retracted since, it is
  // no success; if the server dropped the words, they are put back
  return view(await createOnce(client, resource as Communication, MESSAGE_KEYS, key, { ...hold, judge: refuseWithdrawn }));
}

/** Who writes: the acting user, or the patient when no one acts for them. */
function senderOf(as: ActingAs | undefined, patientRef: string): Participant {
  const ref = as?.user.ref ?? patientRef;
  return { ref, kind: kindOf(ref), name: as?.user.name ?? '' };
}

function codeableConcept(value: CodedValue): Record<string, unknown> {
  return {
    ...(value.text ? { text: value.text } : {}),
    coding: value.codings.map((c) => ({
      ...(c.system ? { system: c.system } : {}),
      ...(c.code ? { code: c.code } : {}),
      ...(c.display ? { display: c.display } : {}),
    })),
  };
}
