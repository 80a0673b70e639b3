/**
 * A SMART on FHIR app launch (`FHIR.oauth2.ready()`) turned into an adapter and a session.
 * Apart from `index.ts` so that the script-tag entry can offer it over its on-demand
 * adapter (`lazy-adapter.ts`) without loading every port up front.
 */
import type { EngageAdapter, Role, Session } from '../ports.js';
import type { FhirClient, FhirClientOptions } from './client.js';

/**
 * The parts of a `fhirclient` (SMART on FHIR JS client) `Client` this adapter uses;
 * typed structurally so the library does not depend on `fhirclient`.
 */
export interface SmartClientLike {
  state: { serverUrl: string; tokenResponse?: { access_token?: string } };
  patient?: { id?: string | null };
  user?: { fhirUser?: string | null; resourceType?: string | null };
  refreshIfNeeded?: () => Promise<unknown>;
}

/** A SMART launch's user type decides the role: a RelatedPerson acts as a caregiver. */
const ROLE_OF_USER_TYPE: Record<string, Role> = {
  Practitioner: 'clinician',
  PractitionerRole: 'clinician',
  RelatedPerson: 'caregiver',
  Patient: 'patient',
};

/**
 * The adapter `create` builds for the launch's server, with the access token (refreshed
 * when it expires) read from the SMART client at each request and never copied anywhere,
 * and the session the launch names: its patient, its user and that user's role.
 */
export function smartLaunch<A extends EngageAdapter & { readonly client: FhirClient }>(
  smart: SmartClientLike,
  options: Omit<FhirClientOptions, 'baseUrl' | 'getToken'>,
  create: (options: FhirClientOptions) => A,
): { adapter: A; session: Partial<Session> } {
  const adapter = create({
    ...options,
    baseUrl: smart.state.serverUrl,
    getToken: async () => {
      await smart.refreshIfNeeded?.();
      return smart.state.tokenResponse?.access_token;
    },
  });
  const userRef = smart.user?.fhirUser ?? undefined;
  const userType = smart.user?.resourceType ?? userRef?.split('/').at(-2);
  const role = userType ? ROLE_OF_USER_TYPE[userType] : undefined;
  const session: Partial<Session> = {
    ...(smart.patient?.id ? { patient: `Patient/${smart.patient.id}` } : {}),
    ...(userRef ? { user: { ref: userRef } } : {}),
    ...(role ? { role } : {}),
  };
  return { adapter, session };
}
