import { createContext } from '@lit/context';
import type { EngageAdapter, Session } from '../adapters/ports.js';

/*
 * Keys are registered symbols (Symbol.for), not fresh ones, so that a provider from
 * the npm build and an element from the script-tag bundle on the same page still
 * find each other.
 */

/** The adapter (the set of ports) that elements read and write through. */
export const adapterContext = createContext<EngageAdapter | undefined>(
  Symbol.for('ehr-engage.adapter'),
);

/** The session: patient, acting user, role, locale and clock. */
export const sessionContext = createContext<Session | undefined>(Symbol.for('ehr-engage.session'));
