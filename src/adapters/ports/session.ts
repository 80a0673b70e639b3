/** Who is using the elements: the acting user, their role, language and clock. See `../ports.ts` for the conventions every port follows. */
import type { RecordRef } from './common.js';

/** Who is using the element, which changes wording, density and permitted actions. */
export type Role = 'patient' | 'caregiver' | 'clinician';

/** The person acting in the element. */
export interface Actor {
  /** Reference to the acting user's record (`Patient/…`, `RelatedPerson/…`, `Practitioner/…`). */
  ref: RecordRef;
  /** Display name of the acting user. */
  name?: string;
}

/**
 * What the host tells every element about the current use: whose record, who is
 * acting, in which role and language. Provided by `<engage-provider>`; a new session is
 * a new object (never mutated) so that elements update.
 */
export interface Session {
  /** The patient whose record is shown (`Patient/123`). */
  patient?: RecordRef;
  /** The acting user; absent when the host has not said. */
  user?: Actor;
  /** Role of the acting user. */
  role: Role;
  /** BCP 47 locale for text, dates and numbers (`en`, `es`, `es-MX`). */
  locale: string;
  /** The clock; tests and stories pass a fixed one. */
  now: () => Date;
}
