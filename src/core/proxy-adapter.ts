/**
 * The one place the proxy policy (`./proxy-policy.ts`) is enforced: an adapter wrapped
 * around the host's, which withholds what the policy says before any element sees it.
 * `<engage-provider>` applies it to the adapter it provides, so every element inside the
 * provider honours the policy without knowing about it; a host that gives an element an
 * adapter directly wraps that adapter itself with `withProxyPolicy()`.
 *
 * What is withheld is dropped from reads (never handed to an element, so never rendered)
 * and refused on writes (`forbidden`). Reads also pass the withheld labels to the adapter
 * (`ReadOptions.withheldLabels`), so a backend that can filter on its side (a FHIR server's
 * `_security:not`) does not even send them; this wrapper still drops them, never relying on it.
 */
import type {
  AllergyStatus,
  CareReminder,
  CareReminderPort,
  QuestionnairePort,
  ClinicalSummary,
  EducationPort,
  SchedulingPort,
  Coding,
  DecisionAidPort,
  EngageAdapter,
  ImmunizationPort,
  Message,
  MessagingPort,
  MessagingReadOptions,
  Page,
  PatientPort,
  ReadOptions,
  RecordRef,
  RefillPort,
  RefillRequest,
  Role,
  SectionNarrative,
  SummaryPort,
  SummarySectionKey,
  Thread,
} from '../adapters/ports.js';
import { recordedAllergies } from './allergy-status.js';
import { EngageError } from './errors.js';
import {
  actionDenied,
  ageInYears,
  categoryHidden,
  documentSecurity,
  labelsHidden,
  policyConcerns,
  rulesFor,
  sectionHidden,
  type ProxyAction,
  type ProxyPolicy,
  type ProxyRule,
} from './proxy-policy.js';

/** Who is acting, as the policy needs it. */
export interface ProxyContext {
  /** Role of the acting user. */
  role: Role;
  /** The session's patient, for reads whose arguments do not name one. */
  patient?: RecordRef;
  /** The clock, for the patient's age. */
  now: () => Date;
}

type Rules = (patient: RecordRef | undefined) => Promise<ProxyRule[]>;

/** The labels these rules withhold, for the adapter to filter on its side where it can. */
const withheld = (applied: readonly ProxyRule[], options: ReadOptions | undefined): ReadOptions | undefined => {
  const labels = applied.flatMap((rule) => rule.hiddenLabels ?? []);
  return labels.length ? { ...options, withheldLabels: labels } : options;
};

const notFound = () => new EngageError('not-found', 'No such record.', { status: 404 });
const refuse = (action: ProxyAction) =>
  new EngageError('forbidden', `The care team's sharing rules do not allow this (${action}).`, { status: 403 });

/**
 * The adapter as `context.role` may use it under `policy`. Returns `adapter` itself when no
 * rule concerns the role, so patients and clinicians pay nothing.
 */
export function withProxyPolicy(adapter: EngageAdapter, policy: ProxyPolicy, context: ProxyContext): EngageAdapter {
  if (!policyConcerns(policy, context.role)) return adapter;
  // a patient's age is read once per wrapped adapter (a new session makes a new wrapper)
  const ages = new Map<RecordRef, Promise<number | undefined>>();
  // the age read fetches the patient's allergies with the Patient: leave out every label a rule
  // for this role may withhold (the age is not known yet), so a withheld allergy is not sent for it
  const mayWithhold = withheld(
    policy.rules.filter((rule) => rule.roles.includes(context.role)),
    undefined,
  );
  const ageOf = (patient: RecordRef | undefined): Promise<number | undefined> => {
    if (!patient || !adapter.patient) return Promise.resolve(undefined);
    let age = ages.get(patient);
    if (!age) {
      age = adapter.patient.getPatient(patient, mayWithhold).then(
        (demographics) => ageInYears(demographics.birthDate, context.now()),
        () => undefined, // unknown age: age-banded rules apply (fail closed)
      );
      ages.set(patient, age);
    }
    return age;
  };
  const rules: Rules = async (patient) => rulesFor(policy, context.role, await ageOf(patient ?? context.patient));
  return {
    ...adapter,
    ...(adapter.patient ? { patient: patientUnder(adapter.patient, rules) } : {}),
    ...(adapter.messaging ? { messaging: messagingUnder(adapter.messaging, rules, context) } : {}),
    ...(adapter.summary ? { summary: summaryUnder(adapter.summary, rules) } : {}),
    ...(adapter.refills ? { refills: refillsUnder(adapter.refills, rules) } : {}),
    ...(adapter.immunizations ? { immunizations: immunizationsUnder(adapter.immunizations, rules) } : {}),
    ...(adapter.decisionAids ? { decisionAids: decisionAidsUnder(adapter.decisionAids, rules) } : {}),
    ...(adapter.reminders ? { reminders: remindersUnder(adapter.reminders, rules, context) } : {}),
    ...(adapter.scheduling ? { scheduling: schedulingUnder(adapter.scheduling, rules) } : {}),
    ...(adapter.education ? { education: educationUnder(adapter.education, rules) } : {}),
    ...(adapter.questionnaires ? { questionnaires: questionnairesUnder(adapter.questionnaires) } : {}),
  };
}

/**
 * The banner's allergy status without the allergies the rules withhold: counted again from
 * the visible ones, so a withheld allergy changes neither the count nor the one named. When
 * every allergy is withheld the status is "not recorded" for this reader, never "no known
 * allergies" (which would state something the record does not say).
 */
export function allergiesUnderRules(status: AllergyStatus | undefined, applied: readonly ProxyRule[]): AllergyStatus | undefined {
  if (status?.kind !== 'recorded' || !status.items) return status;
  const visible = status.items.filter((item) => !labelsHidden(applied, item.security));
  return visible.length === status.items.length ? status : recordedAllergies(visible);
}

function patientUnder(port: PatientPort, rules: Rules): PatientPort {
  return {
    ...bindAll(port),
    async getPatient(patient, options) {
      const applied = await rules(patient);
      const demographics = await port.getPatient(patient, withheld(applied, options));
      return applied.length ? { ...demographics, allergies: allergiesUnderRules(demographics.allergies, applied) } : demographics;
    },
  };
}

const hiddenThread = (rules: ProxyRule[], thread: Thread) =>
  labelsHidden(rules, thread.security) || categoryHidden(rules, thread.category?.codings);

function messagingUnder(port: MessagingPort, rules: Rules, context: ProxyContext): MessagingPort {
  const visibleThread = async (thread: Thread): Promise<Thread> => {
    const applied = await rules(thread.patient);
    if (hiddenThread(applied, thread)) throw notFound();
    // the preview may quote a withheld message: drop it whenever something could be withheld
    return applied.length ? { ...thread, preview: undefined } : thread;
  };
  /** The thread without its preview, its counts taken from the messages the rules let through. */
  const recounted = async (thread: Thread, applied: ProxyRule[], options: MessagingReadOptions | undefined): Promise<Thread> => {
    const messages = await port.listMessages(thread.id, { pageSize: 500 }, options);
    const visible = messages.items.filter((message) => !labelsHidden(applied, message.security));
    return {
      ...thread,
      preview: undefined,
      unreadCount: visible.filter((message) => !message.readByMe).length,
      ...(thread.messageCount !== undefined && !messages.next ? { messageCount: visible.length } : {}),
    };
  };
  const denyWrite = async (patient: RecordRef | undefined) => {
    if (actionDenied(await rules(patient), 'send-message')) throw refuse('send-message');
  };
  const wrapped: MessagingPort = {
    async listThreads(query, options) {
      const [page, applied] = await Promise.all([port.listThreads(query, options), rules(query.patient)]);
      if (!applied.length) return page;
      const shown = page.items.filter((thread) => !hiddenThread(applied, thread));
      // unread and message counts may include withheld messages: count the visible ones again
      const items = await Promise.all(shown.map((thread) => recounted(thread, applied, options)));
      return { ...page, items, ...(page.total !== undefined ? { total: page.total - (page.items.length - items.length) } : {}) };
    },
    async getThread(threadId, options) {
      return visibleThread(await port.getThread(threadId, options));
    },
    async listMessages(threadId, page, options) {
      const applied = await rules(context.patient);
      if (!applied.length) return port.listMessages(threadId, page, options);
      // the conversation itself may be withheld: check its header with the page
      const [thread, messages] = await Promise.all([port.getThread(threadId, options), port.listMessages(threadId, page, options)]);
      await visibleThread(thread);
      const again = await rules(thread.patient);
      return { ...messages, items: messages.items.filter((message) => !labelsHidden(again, message.security)) };
    },
    getDirectory: (patient, options) => port.getDirectory(patient, options),
    async startThread(patient, draft, options) {
      await denyWrite(patient);
      return port.startThread(patient, draft, options);
    },
    async sendMessage(threadId, draft, options) {
      await denyWrite(context.patient);
      return port.sendMessage(threadId, draft, options);
    },
    markRead: (threadId, ids, options) => port.markRead(threadId, ids, options),
    setThreadStatus: (threadId, status, options) => port.setThreadStatus(threadId, status, options),
    getAttachment: (attachment, options) => port.getAttachment(attachment, options),
  };
  if (port.subscribe) {
    const subscribe = port.subscribe.bind(port);
    wrapped.subscribe = (threadId, onMessages, options) => {
      const applied = rules(context.patient);
      subscribe(
        threadId,
        (messages: Message[]) =>
          void applied.then((list) => {
            const shown = messages.filter((message) => !labelsHidden(list, message.security));
            if (shown.length && !options.signal.aborted) onMessages(shown);
          }),
        options,
      );
    };
  }
  return wrapped;
}

/**
 * A summary with withheld sections removed, withheld entries dropped from the rest, and
 * withheld narrative parts (a restricted source section's text, `narrativeParts`) dropped
 * from what the section says.
 */
export function summaryUnderRules(summary: ClinicalSummary, applied: readonly ProxyRule[]): ClinicalSummary {
  if (!applied.length) return summary;
  const sections: ClinicalSummary['sections'] = {};
  for (const [key, section] of Object.entries(summary.sections) as [SummarySectionKey, ClinicalSummary['sections'][SummarySectionKey]][]) {
    if (!section || sectionHidden(applied, key)) continue;
    if (section.state === 'error') {
      (sections as Record<string, unknown>)[key] = section;
      continue;
    }
    const told = narrativeUnderRules(section, applied);
    if (told.state !== 'entries') {
      (sections as Record<string, unknown>)[key] = told;
      continue;
    }
    const all = told.entries as { security?: Coding[] }[];
    const entries = all.filter((entry) => !labelsHidden(applied, entry.security));
    if (entries.length === all.length) {
      (sections as Record<string, unknown>)[key] = told;
      continue;
    }
    // a narrative given whole (a C-CDA section's table, an IPS section's text) lists the
    // withheld entries too: it goes with them. Labelled parts carry the labels of the entries
    // they tell of, so the parts left tell of none withheld
    const { narrative, narrativeParts, ...rest } = told;
    const kept = narrativeParts && narrative ? { narrative, narrativeParts } : {};
    (sections as Record<string, unknown>)[key] = entries.length ? { ...rest, entries, ...kept } : { state: 'not-recorded', ...kept };
  }
  return { ...summary, sections };
}

/** A section without the narrative parts these rules withhold (its `narrative` joined again from the rest). */
function narrativeUnderRules<S extends SectionNarrative>(section: S, applied: readonly ProxyRule[]): S {
  const parts = section.narrativeParts;
  if (!parts) return section;
  const kept = parts.filter((part) => !labelsHidden(applied, part.security));
  if (kept.length === parts.length) return section;
  const { narrative: _withheld, narrativeParts: _parts, ...rest } = section;
  void _withheld;
  void _parts;
  const narrative = kept.map((part) => part.html).join('');
  return (narrative ? { ...rest, narrative, narrativeParts: kept } : rest) as S;
}

/**
 * An exchangeable document (a FHIR Bundle) without the entries the rules withhold; a document
 * whose own labels the rules withhold (`documentSecurity`: one marked restricted as a whole)
 * is refused, as every record in it is on screen.
 */
function documentUnderRules(document: unknown, applied: readonly ProxyRule[]): unknown {
  if (!applied.length || !document || typeof document !== 'object') return document;
  if (labelsHidden(applied, documentSecurity(document))) throw new EngageError('forbidden', 'The document is withheld by the sharing rules.', { status: 403 });
  const bundle = document as { entry?: unknown };
  if (!Array.isArray(bundle.entry)) return document;
  const entry = bundle.entry.filter((item) => {
    const security = (item as { resource?: { meta?: { security?: unknown } } })?.resource?.meta?.security;
    return !labelsHidden(applied, Array.isArray(security) ? (security as Coding[]) : undefined);
  });
  return { ...bundle, entry };
}

function summaryUnder(port: SummaryPort, rules: Rules): SummaryPort {
  const wrapped: SummaryPort = {
    async getSummary(patient, query, options) {
      const applied = await rules(patient);
      const sections = query?.sections?.filter((key) => !sectionHidden(applied, key));
      const summary = await port.getSummary(patient, sections ? { ...query, sections } : query, withheld(applied, options));
      return summaryUnderRules(summary, applied);
    },
  };
  if (port.getDocument) {
    const getDocument = port.getDocument.bind(port);
    wrapped.getDocument = async (patient, options) => {
      const applied = await rules(patient);
      return documentUnderRules(await getDocument(patient, withheld(applied, options)), applied);
    };
  }
  if (port.transmit) {
    const transmit = port.transmit.bind(port);
    wrapped.transmit = async (patient, request, options) => {
      const applied = await rules(patient);
      if (actionDenied(applied, 'transmit-summary')) throw refuse('transmit-summary');
      return transmit(patient, { ...request, document: documentUnderRules(request.document, applied) }, options);
    };
  }
  return wrapped;
}

function refillsUnder(port: RefillPort, rules: Rules): RefillPort {
  const requestHidden = (applied: ProxyRule[], request: RefillRequest, hiddenPrescriptions: ReadonlySet<string>) =>
    labelsHidden(applied, request.security) ||
    labelsHidden(applied, request.prescription?.security) ||
    hiddenPrescriptions.has(request.prescriptionId);
  return {
    async listPrescriptions(patient, options) {
      const applied = await rules(patient);
      const list = await port.listPrescriptions(patient, withheld(applied, options));
      return list.filter((prescription) => !labelsHidden(applied, prescription.security));
    },
    listPharmacies: (patient, options) => port.listPharmacies(patient, options),
    async submitRequest(patient, draft, options) {
      if (actionDenied(await rules(patient), 'request-refill')) throw refuse('request-refill');
      return port.submitRequest(patient, draft, options);
    },
    async listRequests(query, options): Promise<Page<RefillRequest>> {
      const applied = await rules(query.patient);
      if (!applied.length) return port.listRequests(query, options);
      // a request for a withheld prescription is withheld too, whatever its own labels
      const [page, prescriptions] = await Promise.all([
        port.listRequests(query, options),
        query.patient ? port.listPrescriptions(query.patient, options) : Promise.resolve([]),
      ]);
      const hidden = new Set(prescriptions.filter((p) => labelsHidden(applied, p.security)).map((p) => p.id));
      const items = page.items.filter((request) => !requestHidden(applied, request, hidden));
      return { ...page, items, ...(page.total !== undefined ? { total: page.total - (page.items.length - items.length) } : {}) };
    },
    async cancelRequest(requestId, options) {
      if (actionDenied(await rules(undefined), 'cancel-refill')) throw refuse('cancel-refill');
      return port.cancelRequest(requestId, options);
    },
    reviewRequest: (requestId, decision, options) => port.reviewRequest(requestId, decision, options),
  };
}

function immunizationsUnder(port: ImmunizationPort, rules: Rules): ImmunizationPort {
  return {
    ...bindAll(port),
    async getRecord(patient, options) {
      const applied = await rules(patient);
      const record = await port.getRecord(patient, withheld(applied, options));
      if (!applied.length) return record;
      return { ...record, vaccinations: record.vaccinations.filter((dose) => !labelsHidden(applied, dose.security)) };
    },
  };
}

function decisionAidsUnder(port: DecisionAidPort, rules: Rules): DecisionAidPort {
  return {
    ...bindAll(port),
    async saveResponse(response, options) {
      if (actionDenied(await rules(response.patient), 'save-decision-aid')) throw refuse('save-decision-aid');
      return port.saveResponse(response, options);
    },
  };
}

const localDay = (date: Date) =>
  `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;

/** A reminder is withheld by its own labels (the rule's sensitivity) or any of its evidence's. */
const reminderHidden = (applied: readonly ProxyRule[], reminder: CareReminder) =>
  labelsHidden(applied, reminder.security) || reminder.evidence.some((item) => labelsHidden(applied, item.security));

function remindersUnder(port: CareReminderPort, rules: Rules, context: ProxyContext): CareReminderPort {
  return {
    ...bindAll(port),
    async getReminders(patient, asOf, options) {
      const applied = await rules(patient);
      const list = await port.getReminders(patient, asOf, withheld(applied, options));
      if (!applied.length) return list;
      return { ...list, reminders: list.reminders.filter((reminder) => !reminderHidden(applied, reminder)) };
    },
    async answer(patient, reminderId, answer, options) {
      // answering a withheld reminder would reveal it exists: it is not there for this user
      const applied = await rules(patient);
      if (applied.length) {
        const list = await port.getReminders(patient, localDay(context.now()), withheld(applied, options));
        const reminder = list.reminders.find((item) => item.id === reminderId);
        if (reminder && reminderHidden(applied, reminder)) throw notFound();
      }
      return port.answer(patient, reminderId, answer, options);
    },
  };
}

/** Appointments (and with them their visit types) labelled as withheld are not listed. */
function schedulingUnder(port: SchedulingPort, rules: Rules): SchedulingPort {
  return {
    ...bindAll(port),
    async listAppointments(patient, options) {
      const applied = await rules(patient);
      const list = await port.listAppointments(patient, withheld(applied, options));
      return applied.length ? list.filter((appointment) => !labelsHidden(applied, appointment.security)) : list;
    },
  };
}

/** Assigned materials labelled as withheld are not listed. */
function educationUnder(port: EducationPort, rules: Rules): EducationPort {
  return {
    ...bindAll(port),
    async listAssigned(patient, options) {
      const applied = await rules(patient);
      const list = await port.listAssigned(patient, withheld(applied, options));
      return applied.length ? list.filter((material) => !labelsHidden(applied, material.security)) : list;
    },
  };
}

/**
 * A form's own queries (x-fhir-query) are left out for a proxy: they run with the adapter's
 * rights and return whatever the form asks for, which the policy cannot label or filter. The
 * form then behaves as on a backend without queries (the items stay unanswered).
 */
function questionnairesUnder(port: QuestionnairePort): QuestionnairePort {
  const { runQuery: _left, ...rest } = bindAll(port); // eslint-disable-line @typescript-eslint/no-unused-vars
  return rest;
}

/** The port's methods bound to it (class instances keep their methods on the prototype). */
function bindAll<T extends object>(port: T): T {
  const bound: Record<string, unknown> = {};
  let proto: object | null = port;
  while (proto && proto !== Object.prototype) {
    for (const key of Object.getOwnPropertyNames(proto)) {
      // methods only: a getter (a port's lazily checked configuration) is not run here
      const value: unknown = Object.getOwnPropertyDescriptor(proto, key)?.value;
      if (key !== 'constructor' && typeof value === 'function' && !(key in bound)) bound[key] = (value as (...args: unknown[]) => unknown).bind(port);
    }
    proto = Object.getPrototypeOf(proto);
  }
  return bound as T;
}
