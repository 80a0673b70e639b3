// @ts-check
/**
 * Changes of a time zone's UTC offset between two instants, through `Intl` (the seed
 * uses it to find the next daylight-saving change).
 */

/**
 * @param {Date} instant @param {string} zone
 * @returns {number} minutes east of UTC
 */
function offsetAt(instant, zone) {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' }).formatToParts(instant).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

/**
 * @param {string} zone @param {Date} from @param {Date} to
 * @returns {{ at: Date, before: number, after: number }[]}
 */
export function offsetChanges(zone, from, to) {
  const changes = [];
  const step = 24 * 3600_000;
  let previous = from.getTime();
  let before = offsetAt(from, zone);
  for (let t = previous + step; t <= to.getTime(); t += step) {
    const after = offsetAt(new Date(t), zone);
    if (after !== before) {
      let low = previous;
      let high = t;
      while (high - low > 60_000) {
        const mid = low + Math.floor((high - low) / 120_000) * 60_000;
        if (offsetAt(new Date(mid), zone) === before) low = mid;
        else high = mid;
      }
      changes.push({ at: new Date(high), before, after });
      before = after;
    }
    previous = t;
  }
  return changes;
}
