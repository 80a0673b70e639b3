/** The messaging port: threads, messages, attachments, the directory of care-team pools. See `../ports.ts` for the conventions every port follows. */
import type { CodedValue, Coding, DateValue, Page, PageRequest, Participant, ReadOptions, RecordRef, WriteOptions } from './common.js';
import type { Actor, Role } from './session.js';

/** A group inbox a patient can write to ("Nurse line", "Billing"). */
export interface MessagePool {
  /** Reference to the pool (for example a `Group`, `HealthcareService` or code). */
  ref: RecordRef;
  /** Display name. */
  name: string;
  /** What the pool handles, in plain words. */
  description?: string;
}

/** Who a patient can write to and about what. */
export interface MessagingDirectory {
  /** The patient's care team members who accept messages. */
  careTeam: Participant[];
  /** The practice's message pools. */
  pools: MessagePool[];
  /** Categories a new conversation can have (for example "Medical question"). */
  categories: CodedValue[];
}

/** State of a conversation. */
export type ThreadStatus = 'open' | 'closed';

/** A conversation (its header), as the inbox lists it. */
export interface Thread {
  /** The conversation's id, stable across reads. */
  id: string;
  /** Subject line (untrusted text). */
  subject: string;
  /** Category of the conversation. */
  category?: CodedValue;
  /** Open or closed. */
  status: ThreadStatus;
  /** The patient the conversation is about. */
  patient: RecordRef;
  /** Everyone on the conversation. */
  participants: Participant[];
  /** The pool the conversation was routed to, when routed. */
  pool?: MessagePool;
  /** When it was started. */
  created: DateValue;
  /** When the last message was sent; the inbox sorts on it, newest first. */
  lastActivity: DateValue;
  /** Plain-text preview of the last message (no markup). */
  preview?: string;
  /** Number of messages the acting user has not read. */
  unreadCount: number;
  /** Number of messages in the conversation, when known. */
  messageCount?: number;
  /** Version tag for optimistic concurrency on status changes. */
  version?: string;
  /**
   * Security labels from the record (FHIR `meta.security`: confidentiality such as `R`,
   * sensitivity such as `MH`); the proxy policy (`src/core/proxy-policy.ts`) reads them.
   */
  security?: Coding[];
}

/** An attachment on a received message. */
export interface MessageAttachment {
  /** Id within the message, stable across reads. */
  id: string;
  /** File name or title (untrusted text). */
  title: string;
  /** MIME type. */
  contentType: string;
  /** Size in bytes, when known. */
  size?: number;
  /** Where to fetch it (pass to {@link MessagingPort.getAttachment}). */
  url?: string;
}

/** A file the user attaches to a message before sending. */
export interface OutgoingAttachment {
  /** File name (untrusted text). */
  title: string;
  /** MIME type. */
  contentType: string;
  /** The content. */
  data: Blob;
}

/** Delivery state of a message from the acting user's point of view. */
export type DeliveryState = 'sent' | 'delivered' | 'read';

/** One message in a conversation. */
export interface Message {
  /** The message's id. */
  id: string;
  /** The conversation it belongs to. */
  threadId: string;
  /** Who wrote it. */
  sender: Participant;
  /** When a caregiver writes for the patient: the patient. */
  onBehalfOf?: Participant;
  /** When it was sent. */
  sent: DateValue;
  /** Body as limited HTML (untrusted: render only through the sanitizer). */
  body: string;
  /** Attachments. */
  attachments: MessageAttachment[];
  /** The message this one answers, when it answers a specific one. */
  inResponseTo?: string;
  /** Delivery state for messages the acting user sent; read state for the others. */
  delivery: DeliveryState;
  /** Whether the acting user has read it (always true for their own). */
  readByMe: boolean;
  /**
   * Security labels from the record (FHIR `meta.security`: confidentiality such as `R`,
   * sensitivity such as `MH`); the proxy policy (`src/core/proxy-policy.ts`) reads them.
   */
  security?: Coding[];
}

/** A message the acting user is about to send. */
export interface MessageDraft {
  /** Body as limited HTML or plain text. */
  body: string;
  /** Files to attach. */
  attachments: OutgoingAttachment[];
  /** Id of the message being answered, when answering a specific one. */
  inResponseTo?: string;
}

/** A new conversation. */
export interface ThreadDraft {
  /** Subject line. */
  subject: string;
  /** Category chosen from {@link MessagingDirectory.categories}. */
  category?: CodedValue;
  /** A care-team member or a pool. */
  recipient: Participant | MessagePool;
  /** The first message. */
  message: MessageDraft;
}

/** Query for the inbox. */
export interface ThreadQuery extends PageRequest {
  /** Whose conversations. */
  patient: RecordRef;
  /** Which conversations; default `open`. */
  status?: ThreadStatus | 'all';
}

/**
 * Who is reading or writing, for messaging, whose answers depend on it: read state and
 * unread counts are per reader, and a sent message needs its sender. Elements pass the
 * session's user and role; a port without it may fall back to its own notion of the user.
 * (Added to the port's options, not to its methods, so the port keeps its shape.)
 */
export interface ActingAs {
  /** The acting user (`Patient/…`, `RelatedPerson/…`, `Practitioner/…`) and their name. */
  user: Actor;
  /** Their role. */
  role: Role;
}

/** {@link ReadOptions} for messaging: who is reading. */
export interface MessagingReadOptions extends ReadOptions {
  /** The reader, for `readByMe`, `delivery` and `unreadCount`. */
  as?: ActingAs;
}

/** {@link WriteOptions} for messaging: who is writing. */
export interface MessagingWriteOptions extends WriteOptions {
  /** The sender or reader. */
  as?: ActingAs;
}

/** Secure messaging between a patient (or caregiver) and the care team. */
export interface MessagingPort {
  /** Conversations, newest activity first. */
  listThreads(query: ThreadQuery, options?: MessagingReadOptions): Promise<Page<Thread>>;
  /** One conversation's header. Rejects with `not-found` when it does not exist. */
  getThread(threadId: string, options?: MessagingReadOptions): Promise<Thread>;
  /**
   * Messages in a conversation, oldest first. The first page without a cursor holds
   * the oldest messages; follow `next` for newer ones.
   */
  listMessages(threadId: string, page?: PageRequest, options?: MessagingReadOptions): Promise<Page<Message>>;
  /** Care team, pools and categories the patient may write to. */
  getDirectory(patient: RecordRef, options?: ReadOptions): Promise<MessagingDirectory>;
  /** Starts a conversation with its first message. */
  startThread(
    patient: RecordRef,
    draft: ThreadDraft,
    options: MessagingWriteOptions,
  ): Promise<{ thread: Thread; message: Message }>;
  /** Adds a message to a conversation. */
  sendMessage(threadId: string, draft: MessageDraft, options: MessagingWriteOptions): Promise<Message>;
  /** Records that the acting user has read these messages. Safe to repeat. */
  markRead(threadId: string, messageIds: string[], options: MessagingWriteOptions): Promise<void>;
  /** Closes or reopens a conversation (clinician role). */
  setThreadStatus(threadId: string, status: ThreadStatus, options: MessagingWriteOptions): Promise<Thread>;
  /** The content of a received attachment. */
  getAttachment(attachment: MessageAttachment, options?: ReadOptions): Promise<Blob>;
  /**
   * Optional: calls `onMessages` with messages that arrive after the call, until the
   * signal aborts. Adapters without push may poll. Elements fall back to reloading
   * when it is absent. `since` is the `sent` time of the newest message the caller
   * already shows (or the conversation's start): a polling adapter asks only for what is
   * newer and needs no first look to learn where it stands. `onWithdrawn` is called with
   * the ids of messages withdrawn after `since` (FHIR: retracted, `entered-in-error`), so
   * the caller takes them off the screen; a port that cannot tell never calls it. A message
   * the caller has, delivered again (the same id), is its newer version: an edited retry
   * rewrote it (the write protocol stores what the writer last saw), and the caller shows
   * it as it is now stored, in place.
   */
  subscribe?(threadId: string, onMessages: (messages: Message[]) => void, options: MessageSubscribeOptions): void;
}

/** Options of {@link MessagingPort.subscribe}. */
export interface MessageSubscribeOptions {
  /** Ends the subscription. */
  signal: AbortSignal;
  /** The reader, for `readByMe` and `delivery` of what is delivered. */
  as?: ActingAs;
  /** The `sent` time of the newest message the caller shows (or the conversation's start). */
  since?: string;
  /**
   * Ids of the messages the caller shows: never delivered as new, only again once rewritten.
   * Without it a polling port takes what was sent after `since` as new, which a writer's clock
   * running behind can defeat.
   */
  shown?: string[];
  /** Ids of messages withdrawn since (retracted or marked never sent): no longer messages. */
  onWithdrawn?: (messageIds: string[]) => void;
}
