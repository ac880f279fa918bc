// Typed dates: what someone writes in a date field (day first, as in Britain) read into the
// "YYYY-MM-DD" form dates travel in, or a sentence saying what is wrong with it. Every date
// field uses this (through DateField), so the same text means the same date on every screen.

import { longDate } from "./format";

const LONG_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

export type ReadDate = { date: string | null; problem: string | null };

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** "2013-03-14" from its parts, or null when there is no such day (31 February). */
export function isoDate(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1 || year < 1000 || year > 9999) return null;
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/** "14/03/2013" for "2013-03-14": what a filled-in field shows. */
export function typedForm(date: string): string {
  const [y, m, d] = date.split("-");
  return y && m && d ? `${d}/${m}/${y}` : "";
}

/** Reads what was typed: day/month/year (with /, -, . or spaces between), eight digits
 *  (14032013), or the ISO form. An empty field is no date and no problem. */
export function readTypedDate(text: string, limits: { min?: string | null; max?: string | null } = {}): ReadDate {
  const typed = text.trim();
  if (typed === "") return { date: null, problem: null };
  const whole = `Write the whole date as day/month/year, like 14/03/2013.`;
  let year: number, month: number, day: number;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(typed);
  const dayFirst = /^(\d{1,2})\s*[/.\- ]\s*(\d{1,2})\s*[/.\- ]\s*(\d+)$/.exec(typed);
  const digits = /^(\d{2})(\d{2})(\d{4})$/.exec(typed);
  if (iso) [year, month, day] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (dayFirst) {
    if (dayFirst[3].length !== 4) return { date: null, problem: `Write the year in full (like 2013): “${typed}” is not a whole date.` };
    [day, month, year] = [Number(dayFirst[1]), Number(dayFirst[2]), Number(dayFirst[3])];
  } else if (digits) [day, month, year] = [Number(digits[1]), Number(digits[2]), Number(digits[3])];
  else return { date: null, problem: `“${typed}” is not a whole date. ${whole}` };
  if (month < 1 || month > 12) return { date: null, problem: `There is no month ${month}: the month comes second, from 1 to 12. ${whole}` };
  const date = isoDate(year, month, day);
  if (!date) return { date: null, problem: `There is no ${day} ${LONG_MONTHS[month - 1]} ${year}.` };
  if (limits.max && date > limits.max) return { date: null, problem: `This date is after ${longDate(limits.max)}: it cannot be later than that.` };
  if (limits.min && date < limits.min) return { date: null, problem: `This date is before ${longDate(limits.min)}: it cannot be earlier than that.` };
  return { date, problem: null };
}

/** The weeks of a month for a calendar, Monday first: each day as "YYYY-MM-DD", null
 *  where the month has not started or has ended. */
export function monthGrid(year: number, month: number): (string | null)[][] {
  const first = new Date(Date.UTC(year, month - 1, 1));
  const lead = (first.getUTCDay() + 6) % 7;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const cells: (string | null)[] = [...Array(lead).fill(null), ...Array.from({ length: days }, (_, i) => isoDate(year, month, i + 1))];
  while (cells.length % 7 !== 0) cells.push(null);
  const weeks: (string | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}

export const MONTH_NAMES = LONG_MONTHS;
