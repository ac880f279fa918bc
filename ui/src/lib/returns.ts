// What the Returns screen and the template editor share: the measures and breakdowns a
// template may use (mirroring the core's names), the periods funders ask about, and words.
import type { AgeBandSpec, MeasureKind, Measures, Period, Scope, Section, Template } from "./ipc/bindings";

/**
 * Every measure a template may show, by the core's names (the fields of `Measures`), with
 * the words a new figure starts with. Typed by `Measures`, so a measure added to the core
 * and missing here fails the type check.
 */
export const MEASURES: Record<keyof Measures, { label: string; about: string }> = {
  sessions: { label: "Sessions held", about: "sessions held (not cancelled)" },
  delivery_hours: { label: "Hours of sessions delivered", about: "the total length of those sessions" },
  youth_work_hours: { label: "Hours of youth work", about: "hours of sessions with young people present, never multiplied" },
  attendances: { label: "Attendances", about: "present marks: one young person at one session" },
  unique_young_people: { label: "Young people who took part", about: "different young people who came at least once" },
  new_young_people: { label: "New young people", about: "of those, the ones who had never come before" },
  contact_hours: { label: "Contact hours", about: "time each young person was present, added up" },
  anonymous_contacts: { label: "Young people met but not named", about: "headcounts from detached and outreach work" },
  volunteers: { label: "Volunteers", about: "volunteers who worked at least one session" },
  staff: { label: "Paid staff", about: "paid staff who worked at least one session" },
  volunteer_hours: { label: "Volunteer hours", about: "hours given by volunteers" },
  staff_hours: { label: "Paid staff hours", about: "hours worked by paid staff" },
  volunteer_value_gbp: { label: "Value of volunteer time (£)", about: "volunteer hours at your value of an hour" },
  training_compliance: { label: "Staff and volunteers with training in date", about: "a share of those who staffed sessions" },
};

export const MEASURE_NAMES = Object.keys(MEASURES) as (keyof Measures)[];

/** How a measure is shown, as the core decides it. */
export function measureKind(name: string): MeasureKind {
  if (name === "training_compliance") return "share";
  if (name.endsWith("_gbp")) return "pounds";
  if (name.endsWith("_hours")) return "hours";
  return "count";
}

/** A measure's value as the core prints it ("1,234", "£2,530.50", "87.5%", "–"). */
export function showMeasure(value: number | null, kind: MeasureKind): string {
  if (value === null) return "–";
  switch (kind) {
    case "count":
      return Math.round(value).toLocaleString("en-GB");
    case "hours":
      return value.toLocaleString("en-GB", { maximumFractionDigits: 2 });
    case "pounds":
      return `£${value.toLocaleString("en-GB", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
    case "share":
      return `${(value * 100).toLocaleString("en-GB", { maximumFractionDigits: 2, useGrouping: false })}%`;
  }
}

/** The breakdowns a template may ask for (outcome frameworks come from the club's data). */
export const DIMENSIONS: { code: string; label: string }[] = [
  { code: "age_band", label: "Age" },
  { code: "gender", label: "Gender" },
  { code: "ethnicity_group", label: "Ethnicity (the five ONS groups)" },
  { code: "ethnicity", label: "Ethnicity (the 19 Census categories)" },
  { code: "disability", label: "Disability or SEND" },
  { code: "postcode_district", label: "Postcode district" },
  { code: "session_type", label: "Kind of session" },
  { code: "circumstance", label: "Circumstances young people face" },
];

/** Clubroom's usual age bands (DESIGN.md), used when a template sets none. */
export function usualAgeBands(): AgeBandSpec[] {
  return [
    { label: "under 8", min: null, max: 7 },
    { label: "8-10", min: 8, max: 10 },
    { label: "11-13", min: 11, max: 13 },
    { label: "14-16", min: 14, max: 16 },
    { label: "17-19", min: 17, max: 19 },
    { label: "20-25", min: 20, max: 25 },
    { label: "over 25", min: 26, max: null },
  ];
}

export const emptyScope = (): Scope => ({ project_id: null, series_ids: [], session_types: [] });

export function scopeIsEmpty(scope: Scope): boolean {
  return scope.project_id === null && scope.series_ids.length === 0 && scope.session_types.length === 0;
}

const LONG_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const SHORT_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "1 April 2026" */
export function dateInWords(date: string): string {
  const [y, m, d] = date.split("-").map(Number);
  return `${d} ${LONG_MONTHS[m - 1]} ${y}`;
}

/** "1 April 2026 to 30 June 2026" */
export function periodInWords(period: Period): string {
  return `${dateInWords(period.from)} to ${dateInWords(period.to)}`;
}

/** "Apr" for "2026-04"; "Jan 27" where the months run into another year. */
export function monthLabel(month: string, withYear = false): string {
  const [y, m] = month.split("-").map(Number);
  return withYear ? `${SHORT_MONTHS[m - 1]} ${String(y % 100).padStart(2, "0")}` : SHORT_MONTHS[m - 1];
}

/** "April 2026" for "2026-04". */
export function monthInWords(month: string): string {
  const [y, m] = month.split("-").map(Number);
  return `${LONG_MONTHS[m - 1]} ${y}`;
}

/** An id made from words: "Three most important differences" -> "three-most-important-differences". */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 50);
}

/** The file's name at the end of a path. */
export function fileName(path: string): string {
  return path.split(/[\\/]/).pop() || path;
}

/** The ids of a template's questions, the only answers a return for it may carry. */
export function questionIds(template: Pick<Template, "sections">): string[] {
  return template.sections.flatMap((s: Section) => (s.kind === "question" ? [s.id] : []));
}

/** "Sections" in words, for a badge. */
export const SECTION_KINDS: Record<Section["kind"], string> = {
  measures: "Figures",
  breakdown: "Breakdown",
  chart: "Chart",
  question: "Question",
  text: "Text",
  "outcome-change": "Outcome change",
  "checkin-coverage": "Check-in coverage",
  progression: "Progression",
  engagement: "Sustained engagement",
  differences: "Differences made",
};
