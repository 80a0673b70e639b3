/**
 * The age an infobutton request carries (HL7 `age.v.v` / `age.v.u`): whole months under
 * two years, so information for young children fits their age, whole years from then
 * on. Shared by the knowledge adapter and the "Learn more" element, which must not
 * import an adapter.
 */
import type { InfobuttonAge } from '../adapters/ports.js';

/** The age on `today` of someone born on `birthDate` (`YYYY-MM-DD…`); `undefined` for a partial or future date. */
export function infobuttonAge(birthDate: string | undefined, today: Date): InfobuttonAge | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(birthDate ?? '');
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  let months = (today.getFullYear() - year) * 12 + (today.getMonth() + 1 - month);
  if (today.getDate() < day) months -= 1;
  if (months < 0) return undefined;
  return months < 24 ? { value: months, unit: 'mo' } : { value: Math.floor(months / 12), unit: 'a' };
}
