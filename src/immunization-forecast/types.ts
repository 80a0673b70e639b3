/** Public input and output types of the CDSi forecaster. */

/** A coded CDSi observation about the patient (codes as in ScheduleSupportingData.xml, e.g. '042'). */
export interface PatientObservation { code: string; date?: string | null }

/** What the engine needs to know about the patient. */
export interface ForecastPatient {
  /** 'YYYY-MM-DD'. */
  birthDate: string;
  /** 'F', 'M' or anything else (unknown). */
  gender?: string;
  observations?: PatientObservation[];
}

/** One vaccine dose administered. */
export interface AdministeredDose { date: string; cvx: string; mvx?: string | null }

export interface ForecastInput {
  patient: ForecastPatient;
  doses: AdministeredDose[];
  /** 'YYYY-MM-DD'. */
  assessmentDate: string;
}

/** CDSi evaluation status of one dose for one antigen. */
export type EvaluationStatus = 'Valid' | 'Not Valid' | 'Extraneous' | 'Sub-standard';

export interface DoseEvaluation {
  /** Index of the dose in the input `doses`. */
  doseIndex: number;
  date: string;
  cvx: string;
  status: EvaluationStatus;
  /** CDSi reason, e.g. 'Age: Too Young', 'Interval: too Soon'. */
  reason: string | null;
  /** Name of the patient series the evaluation belongs to. */
  series: string;
  /** Target dose the dose satisfied (1-based), when valid. */
  targetDose: number | null;
}

/** CDSi patient series status. */
export type SeriesStatus = 'Not Complete' | 'Complete' | 'Immune' | 'Contraindicated' | 'Aged Out' | 'Not Recommended';

/** The forecast shared by antigen and vaccine-group results. */
export interface Forecast {
  status: SeriesStatus;
  /** Next target dose number (1-based) when a dose is due. */
  forecastDoseNumber: number | null;
  earliestDate: string | null;
  recommendedDate: string | null;
  pastDueDate: string | null;
  latestDate: string | null;
}

/**
 * CDSi series type of a forecast: 'Risk' for a series chosen because of an indication
 * (increased risk), 'Standard' for every other series.
 */
export type SeriesType = 'Standard' | 'Risk';

export interface AntigenResult extends Forecast {
  antigen: string;
  /** The chosen (best) patient series, null when no series applies. */
  series: string | null;
  /** Series type of `series`; absent when no series applies. */
  seriesType?: SeriesType;
  evaluations: DoseEvaluation[];
}

/** A vaccine-group forecast blended from the best patient series of one series type. */
export interface SeriesTypeForecast extends Forecast {
  seriesType: SeriesType;
  /** The antigens whose best series of this type were blended. */
  antigens: string[];
}

export interface VaccineGroupResult extends Forecast {
  vaccineGroup: string;
  antigens: string[];
  /**
   * Series type of this forecast; absent when no antigen of the group has a series. When the
   * group has forecasts of both types (see `forecasts`) this one is the risk forecast.
   */
  seriesType?: SeriesType;
  /**
   * Present only when the patient has more than one forecast for the group: an antigen
   * has best patient series of both types in series groups the supporting data does not
   * declare equivalent (a pregnant patient's pertussis risk series next to the standard
   * diphtheria/tetanus/pertussis series). One entry per type, risk first; CDSi blends only
   * series of the same type, so neither is a mix of the two.
   */
  forecasts?: SeriesTypeForecast[];
}

export interface ForecastResult {
  assessmentDate: string;
  antigens: Record<string, AntigenResult>;
  vaccineGroups: Record<string, VaccineGroupResult>;
  /** Input problems that were skipped (unknown CVX, dose after the assessment date, …). */
  warnings: string[];
}
