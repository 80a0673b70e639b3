/**
 * ehr-engage: registers every element and re-exports the public API.
 * Import an element's own entry (`ehr-engage/elements/patient-banner.js`) to load less.
 */
import './core/provider.js';
import './elements/patient-banner/patient-banner.js';

export { EngageProvider } from './core/provider.component.js';
export { EngagePatientBanner } from './elements/patient-banner/patient-banner.component.js';
export type { PatientLoadDetail } from './elements/patient-banner/patient-banner.component.js';
export { EngageElement } from './core/engage-element.js';
export { EngageError, isEngageError, toEngageError } from './core/errors.js';
export type { EngageErrorCode } from './core/errors.js';
export { adapterContext, sessionContext } from './core/context.js';
export { sanitizeToFragment, sanitizeToText, sanitizedHtml } from './core/sanitize.js';
export type { SanitizeProfile } from './core/sanitize.js';
export * from './core/format.js';
export { applyLocale, uiLocale, SUPPORTED_LOCALES } from './core/localization.js';
export { token } from './core/tokens.js';
export { newIdempotencyKey } from './core/events.js';
export { VERSION } from './core/version.js';
export { createFhirAdapter, fromSmartClient, FhirClient } from './adapters/fhir/index.js';
export type { FhirAdapter, FhirClientOptions, SmartClientLike, TokenProvider } from './adapters/fhir/index.js';
export { createMemoryAdapter } from './adapters/memory/index.js';
export type { MemoryAdapter, MemoryAdapterOptions } from './adapters/memory/index.js';
export * from './adapters/ports.js';
