/**
 * Spanish words of the patient view (./patient-words.ts), collected by
 * src/core/locales/es.ts. Test names come from the curated table in Spanish
 * (src/core/clinical-names/loinc-names.es.ts); medicine names stay as the record gives them.
 */
import { str } from '../../core/localization.js';

export const templates = {
  'summary.form.auto-injector': 'autoinyector',
  'summary.form.capsule': 'cápsula',
  'summary.form.chewable-tablet': 'tableta masticable',
  'summary.form.cream': 'crema',
  'summary.form.dr-capsule': 'cápsula de liberación retardada',
  'summary.form.dr-tablet': 'tableta de liberación retardada',
  'summary.form.ear-drops': 'gotas para los oídos',
  'summary.form.er-capsule': 'cápsula de liberación prolongada',
  'summary.form.er-tablet': 'tableta de liberación prolongada',
  'summary.form.eye-drops': 'gotas para los ojos',
  'summary.form.gel': 'gel',
  'summary.form.implant': 'implante',
  'summary.form.inhalation-liquid': 'líquido para nebulizador',
  'summary.form.inhaler': 'inhalador',
  'summary.form.injection': 'inyección',
  'summary.form.lozenge': 'pastilla para chupar',
  'summary.form.nasal-spray': 'aerosol para la nariz',
  'summary.form.ointment': 'pomada',
  'summary.form.oral-liquid': 'líquido para tomar',
  'summary.form.pen-injector': 'pluma de inyección',
  'summary.form.powder': 'polvo',
  'summary.form.prefilled-syringe': 'jeringa precargada',
  'summary.form.skin-patch': 'parche para la piel',
  'summary.form.suppository': 'supositorio',
  'summary.form.tablet': 'tableta',
  'summary.form.vaginal-ring': 'anillo vaginal',
  'summary.medicine-name': str`${0} (${1}), ${2}`,
  'summary.recorded-as': str`(registrado como ${0})`,
  'summary.strength.per-day': str`${0} por día`,
  'summary.strength.per-hour': str`${0} por hora`,
  'summary.strength.per-ml': str`${0} por mL`,
  'summary.strength.per-puff': str`${0} por inhalación`,
  'summary.strength.units': str`${0} unidades`,
};
