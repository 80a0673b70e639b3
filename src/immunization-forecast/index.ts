/**
 * CDSi immunization forecaster: CDC's Clinical Decision Support for Immunization logic over
 * CDC's supporting data (compiled into supporting-data.generated.ts). No DOM; runs in the
 * browser (load this module on demand, it carries the data) and in Node.
 */
import { runForecast } from './engine.js';
import { SUPPORTING_DATA } from './supporting-data.generated.js';
import type { ForecastInput, ForecastResult } from './types.js';

export { ForecastInputError } from './engine.js';
export type * from './types.js';

/** Version of CDC's supporting data the engine carries. */
export const SUPPORTING_DATA_VERSION = SUPPORTING_DATA.version;

/**
 * Evaluates every dose and forecasts every antigen and vaccine group for one patient on
 * `assessmentDate`. Throws ForecastInputError only when the birth or assessment date is
 * unusable; doses it cannot use are listed in `warnings`.
 */
export function evaluateAndForecast(input: ForecastInput): ForecastResult {
  return runForecast(SUPPORTING_DATA, input);
}
