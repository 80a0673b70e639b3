/**
 * Shapes of CDC's CDSi supporting data as compiled by scripts/compile-cdsi.mjs: the XML's own
 * element names, text as strings, empty elements left out, a repeated element an array
 * (a single one is not, hence {@link list}).
 */

/** One or many: the compiled XML keeps a lone child as itself. */
export type Many<T> = T | T[] | undefined;

/** Normalises a {@link Many} to an array. */
export function list<T>(value: Many<T>): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

export interface RawAge {
  absMinAge?: string; minAge?: string; earliestRecAge?: string; latestRecAge?: string; maxAge?: string;
  effectiveDate?: string; cessationDate?: string;
}
export interface RawInterval {
  fromPrevious?: string; fromTargetDose?: string; fromMostRecent?: string;
  fromRelevantObs?: { code?: string };
  absMinInt?: string; minInt?: string; earliestRecInt?: string; latestRecInt?: string;
  intervalPriority?: string; effectiveDate?: string; cessationDate?: string;
}
export interface RawVaccine { cvx: string; beginAge?: string; endAge?: string; mvx?: string; forecastVaccineType?: string }
export interface RawCondition {
  conditionID?: string; conditionType: string; startDate?: string; endDate?: string; beginAge?: string; endAge?: string;
  interval?: string; doseCount?: string; doseType?: string; doseCountLogic?: string; vaccineTypes?: string; seriesGroups?: string;
}
export interface RawSet { setID?: string; effectiveDate?: string; cessationDate?: string; conditionLogic?: string; condition: Many<RawCondition> }
export interface RawSkip { context: string; setLogic?: string; set: Many<RawSet> }
export interface RawSeriesDose {
  doseNumber: string;
  age?: Many<RawAge>;
  interval?: Many<RawInterval>;
  allowableInterval?: Many<RawInterval>;
  preferableVaccine?: Many<RawVaccine>;
  allowableVaccine?: Many<RawVaccine>;
  inadvertentVaccine?: Many<RawVaccine>;
  conditionalSkip?: Many<RawSkip>;
  recurringDose?: string;
  seasonalRecommendation?: { startDate?: string; endDate?: string };
}
export interface RawIndication { observationCode?: { code?: string }; beginAge?: string; endAge?: string }
export interface RawSeries {
  seriesName: string; targetDisease: string; vaccineGroup: string; seriesType: string;
  equivalentSeriesGroups?: Many<string>; requiredGender?: Many<string>;
  selectSeries: {
    defaultSeries?: string; productPath?: string; seriesGroupName?: string; seriesGroup?: string;
    seriesPriority?: string; seriesPreference?: string; minAgeToStart?: string; maxAgeToStart?: string;
  };
  indication?: Many<RawIndication>;
  seriesDose: Many<RawSeriesDose>;
}
export interface RawContraindication {
  observationCode: string; beginAge?: string; endAge?: string;
  contraindicatedVaccine?: Many<RawVaccine>;
}
export interface RawAntigen {
  immunity?: {
    clinicalHistory?: Many<{ guidelineCode: string }>;
    dateOfBirth?: Many<{ immunityBirthDate?: string; birthCountry?: string; exclusion?: Many<{ exclusionCode: string }> }>;
  };
  contraindications?: { vaccineGroup?: { contraindication?: Many<RawContraindication> }; vaccine?: { contraindication?: Many<RawContraindication> } };
  series: Many<RawSeries>;
}
export interface RawLiveVirusConflict {
  previous: { cvx: string }; current: { cvx: string };
  conflictBeginInterval: string; minConflictEndInterval: string; conflictEndInterval: string;
}
export interface RawSchedule {
  liveVirusConflicts?: { liveVirusConflict?: Many<RawLiveVirusConflict> };
  vaccineGroups: { vaccineGroup: Many<{ name: string; administerFullVaccineGroup?: string }> };
  vaccineGroupToAntigenMap: { vaccineGroupMap: Many<{ name: string; antigen: Many<string> }> };
  cvxToAntigenMap: { cvxMap: Many<{ cvx: string; association?: Many<{ antigen: string; associationBeginAge?: string; associationEndAge?: string }> }> };
}
export interface RawSupportingData { version: string; antigens: Record<string, RawAntigen>; schedule: RawSchedule }
