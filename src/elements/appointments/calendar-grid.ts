/**
 * The month calendar of the booking flow, as the ARIA grid pattern describes it: one tab
 * stop (the focused day), arrow keys move by a day or a week, Home / End to the start or
 * end of the week, Page Up / Page Down by a month, Enter or Space picks the day. Days
 * without open times can be focused (so the keyboard can pass over them) but not picked.
 * Dates are calendar dates in the clinic's zone (`YYYY-MM-DD`): no zone arithmetic here.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { addDays, addMonths } from '../../core/calendar-date.js';

/** What the grid needs from its element. */
export interface CalendarView {
  /** The month shown (`YYYY-MM`). */
  month: string;
  /** The day holding the tab stop. */
  focused: string;
  /** The day picked, if any. */
  selected?: string;
  /** Days with open times. */
  open: ReadonlySet<string>;
  /** First and last day that may be shown. */
  first: string;
  last: string;
  locale: string;
  /** Accessible name of the grid. */
  label: string;
  /** Moves the tab stop (and the month with it). */
  onFocus: (date: string) => void;
  /** Picks a day. */
  onPick: (date: string) => void;
}

/** Weekday (0 = Sunday) of a calendar date. */
function weekday(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

/** The date a key moves the tab stop to, or `undefined` for a key the grid does not use. */
export function moveFor(key: string, date: string): string | undefined {
  switch (key) {
    case 'ArrowLeft':
      return addDays(date, -1);
    case 'ArrowRight':
      return addDays(date, 1);
    case 'ArrowUp':
      return addDays(date, -7);
    case 'ArrowDown':
      return addDays(date, 7);
    case 'Home':
      return addDays(date, -weekday(date));
    case 'End':
      return addDays(date, 6 - weekday(date));
    case 'PageUp':
      return addMonths(date, -1);
    case 'PageDown':
      return addMonths(date, 1);
    default:
      return undefined;
  }
}

/** The grid of one month. */
export function renderCalendar(view: CalendarView): TemplateResult {
  const monthStart = `${view.month}-01`;
  const gridStart = addDays(monthStart, -weekday(monthStart));
  const monthEnd = addDays(addMonths(monthStart, 1), -1);
  const weeks: string[][] = [];
  for (let week = gridStart; week <= monthEnd; week = addDays(week, 7)) weeks.push(Array.from({ length: 7 }, (_, i) => addDays(week, i)));
  const dayNames = weeks[0]!.map((day) => {
    const [y, m, d] = day.split('-').map(Number) as [number, number, number];
    const when = new Date(Date.UTC(y, m - 1, d));
    return {
      short: new Intl.DateTimeFormat(view.locale, { weekday: 'narrow', timeZone: 'UTC' }).format(when),
      long: new Intl.DateTimeFormat(view.locale, { weekday: 'long', timeZone: 'UTC' }).format(when),
    };
  });
  const keydown = (event: KeyboardEvent) => {
    let next = moveFor(event.key, view.focused);
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      if (view.open.has(view.focused)) view.onPick(view.focused);
      return;
    }
    if (!next) return;
    event.preventDefault();
    if (next < view.first) next = view.first;
    if (next > view.last) next = view.last;
    view.onFocus(next);
  };
  const [year, month] = view.month.split('-').map(Number) as [number, number];
  const title = new Intl.DateTimeFormat(view.locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(year, month - 1, 1)));
  return html`<div class="calendar">
    <div class="calendar-title" aria-hidden="true">${title}</div>
    <table role="grid" aria-label=${`${view.label}, ${title}`} @keydown=${keydown}>
      <thead>
        <tr>
          ${dayNames.map((n) => html`<th scope="col" abbr=${n.long}>${n.short}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${weeks.map(
          (week) => html`<tr>
            ${week.map((day) => {
              const inMonth = day.slice(0, 7) === view.month;
              const inRange = day >= view.first && day <= view.last;
              if (!inMonth || !inRange) return html`<td role="gridcell" class="outside" aria-hidden=${inMonth ? nothing : 'true'}></td>`;
              const open = view.open.has(day);
              const [dy, dm, dd] = day.split('-').map(Number) as [number, number, number];
              const label = new Intl.DateTimeFormat(view.locale, { weekday: 'long', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(
                new Date(Date.UTC(dy, dm - 1, dd)),
              );
              return html`<td
                role="gridcell"
                data-date=${day}
                tabindex=${day === view.focused ? 0 : -1}
                class=${open ? 'day open' : 'day'}
                aria-selected=${day === view.selected ? 'true' : 'false'}
                aria-disabled=${open ? 'false' : 'true'}
                aria-label=${label}
                @click=${() => open && view.onPick(day)}
                @focus=${() => day !== view.focused && view.onFocus(day)}
              >
                ${dd}
              </td>`;
            })}
          </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}
