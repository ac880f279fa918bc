// Dates and times the British way. Dates travel as "YYYY-MM-DD" strings and are handled as
// UTC calendar days so that no time zone can shift them.

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const LONG_DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const LONG_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

function parts(date: string): Date {
  const [y, m, d] = date.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

/** "Tue 24 Nov 2026" */
export function shortDate(date: string | null | undefined): string {
  if (!date) return "";
  const d = parts(date);
  return `${DAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** "Tue 24 Nov" */
export function dayAndMonth(date: string): string {
  const d = parts(date);
  return `${DAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`;
}

/** "Tuesday 24 November 2026" */
export function longDate(date: string): string {
  const d = parts(date);
  return `${LONG_DAYS[d.getUTCDay()]} ${d.getUTCDate()} ${LONG_MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

export function addDays(date: string, days: number): string {
  const d = parts(date);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The same day a year later (29 February becomes 28 February), when a consent is due again. */
export function oneYearOn(date: string): string {
  const [y, m, d] = date.split("-").map(Number);
  const next = new Date(Date.UTC(y + 1, m - 1, d));
  // 29 February in a year without one rolls into March; clamp it back to 28 February.
  if (next.getUTCMonth() !== m - 1) next.setUTCDate(0);
  return next.toISOString().slice(0, 10);
}

/** The Monday of the week holding `date`. */
export function mondayOf(date: string): string {
  const day = parts(date).getUTCDay();
  return addDays(date, day === 0 ? -6 : 1 - day);
}

/** ISO weekday, 1 = Monday ... 7 = Sunday. */
export function isoWeekday(date: string): number {
  const day = parts(date).getUTCDay();
  return day === 0 ? 7 : day;
}

export const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/** "Tuesdays" for weekday 2. */
export function weekdayPlural(weekday: number): string {
  return `${WEEKDAYS[weekday - 1] ?? "?"}s`;
}

/** "18:00–20:00" */
export function timeRange(start: string, end: string): string {
  return `${start}–${end}`;
}

/** "1,286.5": hours to one decimal place, with thousands separated. */
export function hours(value: number): string {
  return value.toLocaleString("en-GB", { maximumFractionDigits: 1 });
}

export function count(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString("en-GB")} ${n === 1 ? one : many}`;
}

export function ageRange(min: number | null, max: number | null): string {
  if (min !== null && max !== null) return `Ages ${min}–${max}`;
  if (min !== null) return `Ages ${min}+`;
  if (max !== null) return `Up to ${max}`;
  return "All ages";
}

/** "5 Nov 2026" */
export function dayMonthYear(date: string): string {
  const d = parts(date);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}
