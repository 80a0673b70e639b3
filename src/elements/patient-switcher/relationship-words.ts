/**
 * How the caregiver is related to a patient, said in the reader's language: "you are their
 * mother", "usted es su madre". The record's own words (a RelatedPerson's
 * `relationship.coding.display`, "mother") are in the record's language, so putting them
 * inside a translated sentence gives "usted es su mother"; instead, the HL7 v3 RoleCode
 * codes (the FHIR RelatedPerson relationship value set) are translated here, and only an
 * unknown code falls back to the record's words, shown apart and marked with their language.
 */
import type { Coding } from '../../adapters/ports.js';
import { msg } from '../../core/localization.js';

/** HL7 v3 RoleCode, the code system of RelatedPerson.relationship's personal relationships. */
export const ROLE_CODE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-RoleCode';

/**
 * "You are their …" for a v3 RoleCode code, in the current language; `undefined` for a
 * code (or system) this list does not know. Called while rendering (msg needs the element's locale).
 */
export function relationshipPhrase(coding: Coding | undefined): string | undefined {
  if (!coding?.code || (coding.system && coding.system !== ROLE_CODE_SYSTEM)) return undefined;
  switch (coding.code) {
    case 'MTH':
      return msg('you are their mother', { id: 'switcher.rel.mth' });
    case 'FTH':
      return msg('you are their father', { id: 'switcher.rel.fth' });
    case 'PRN':
    case 'NPRN':
      return msg('you are their parent', { id: 'switcher.rel.prn' });
    case 'STPMTH':
      return msg('you are their stepmother', { id: 'switcher.rel.stpmth' });
    case 'STPFTH':
      return msg('you are their stepfather', { id: 'switcher.rel.stpfth' });
    case 'STPPRN':
      return msg('you are their stepparent', { id: 'switcher.rel.stpprn' });
    case 'GRMTH':
      return msg('you are their grandmother', { id: 'switcher.rel.grmth' });
    case 'GRFTH':
      return msg('you are their grandfather', { id: 'switcher.rel.grfth' });
    case 'GRPRN':
      return msg('you are their grandparent', { id: 'switcher.rel.grprn' });
    case 'GUARD':
      return msg('you are their guardian', { id: 'switcher.rel.guard' });
    case 'CHILD':
      return msg('you are their child', { id: 'switcher.rel.child' });
    case 'DAU':
    case 'DAUC':
      return msg('you are their daughter', { id: 'switcher.rel.dau' });
    case 'SON':
    case 'SONC':
      return msg('you are their son', { id: 'switcher.rel.son' });
    case 'SPS':
      return msg('you are their spouse', { id: 'switcher.rel.sps' });
    case 'HUSB':
      return msg('you are their husband', { id: 'switcher.rel.husb' });
    case 'WIFE':
      return msg('you are their wife', { id: 'switcher.rel.wife' });
    case 'DOMPART':
      return msg('you are their partner', { id: 'switcher.rel.dompart' });
    case 'SIB':
      return msg('you are their brother or sister', { id: 'switcher.rel.sib' });
    case 'BRO':
      return msg('you are their brother', { id: 'switcher.rel.bro' });
    case 'SIS':
      return msg('you are their sister', { id: 'switcher.rel.sis' });
    case 'AUNT':
      return msg('you are their aunt', { id: 'switcher.rel.aunt' });
    case 'UNCLE':
      return msg('you are their uncle', { id: 'switcher.rel.uncle' });
    case 'FRND':
      return msg('you are their friend', { id: 'switcher.rel.frnd' });
    case 'FAMMEMB':
      return msg('you are in their family', { id: 'switcher.rel.fammemb' });
    default:
      return undefined;
  }
}
