// The partnership summary's words, shared by its screen and the home card. The period a
// summary is due for is the core's rule (`due_summary_period`).
import type { OutboxEntry, OutcomeMeasure, Period, Row, Summary } from "./ipc/bindings";
import { dayMonthYear } from "./format";

/** "1 Jul 2026 to 30 Sep 2026" */
export function periodText(period: Period): string {
  return `${dayMonthYear(period.from)} to ${dayMonthYear(period.to)}`;
}

/** "24 Nov 2026, 10:15" in the computer's own time. */
export function dateTime(stamp: string | null | undefined): string {
  if (!stamp) return "";
  const d = new Date(stamp);
  if (Number.isNaN(d.getTime())) return stamp;
  const date = dayMonthYear(`${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`);
  return `${date}, ${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}`;
}

export const STATUS_WORDS: Record<OutboxEntry["status"], string> = {
  sent: "Sent",
  waiting: "Waiting to send",
  failed: "Not delivered",
};

export const MEASURE_WORDS: Record<string, string> = {
  sessions: "Sessions held",
  delivery_hours: "Hours of delivery",
  youth_work_hours: "Hours of youth work",
  attendances: "Attendances",
  unique_young_people: "Different young people",
  new_young_people: "New young people",
  contact_hours: "Contact hours",
  anonymous_contacts: "Anonymous contacts",
  volunteers: "Volunteers",
  staff: "Staff",
  volunteer_hours: "Volunteer hours",
  staff_hours: "Staff hours",
  volunteer_value_gbp: "Value of volunteering (£)",
  training_compliance: "Training up to date",
};

export const DIMENSION_WORDS: Record<string, string> = {
  age_band: "Age",
  gender: "Gender",
  ethnicity_group: "Ethnic group",
  disability: "Disability",
  postcode_district: "Postcode district",
  session_type: "Kind of session",
};

/** The coverage of a measure with check-ins, in the order the summary sends it. */
export const COVERAGE_WORDS: Record<string, string> = {
  checkin_in_scope: "In scope",
  checkin_with_baseline: "With a baseline",
  checkin_paired: "Asked twice (paired)",
  checkin_declined: "Said no",
};

/** The columns of an item's change, in the order the summary sends them. */
export const CHANGE_WORDS: [string, string][] = [
  ["change_paired", "Paired"],
  ["change_improved", "Improved"],
  ["change_no_change", "No change"],
  ["change_worse", "Worse"],
  ["change_mean", "Mean change"],
];

/** A row's value as the partnership will read it. */
export function rowValue(row: Row): string {
  if (row.value === null) return "";
  if (row.measure === "change_mean") return `${row.value > 0 ? "+" : ""}${row.value.toLocaleString("en-GB", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  if (row.measure === "training_compliance") return `${Math.round(row.value * 100)}%`;
  if (row.measure === "volunteer_value_gbp") return `£${row.value.toLocaleString("en-GB", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  return row.value.toLocaleString("en-GB");
}

/** One measure's outcome rows: its coverage, then each item's change (a row per question). */
export interface OutcomeGroup {
  measure: OutcomeMeasure;
  coverage: Row[];
  items: { category: string; label: string; rows: Row[] }[];
}

/** The headline rows, each breakdown, then each measure's outcomes, in the order the summary
 * lists them. The core names the measures whose rows are outcomes (`outcome_measures`). */
export function groupRows(summary: Pick<Summary, "rows" | "outcome_measures">): {
  headline: Row[];
  breakdowns: { dimension: string; rows: Row[] }[];
  outcomes: OutcomeGroup[];
} {
  const rows = summary.rows;
  const headline = rows.filter((r) => r.dimension === "all");
  const outcomes: OutcomeGroup[] = summary.outcome_measures.map((measure) => ({
    measure,
    coverage: rows.filter((r) => r.dimension === measure.dimension && r.measure in COVERAGE_WORDS),
    items: measure.items.map((item) => ({
      ...item,
      rows: rows.filter((r) => r.dimension === measure.dimension && r.category === item.category && !(r.measure in COVERAGE_WORDS)),
    })),
  }));
  const outcomeDimensions = new Set(summary.outcome_measures.map((m) => m.dimension));
  const breakdowns: { dimension: string; rows: Row[] }[] = [];
  for (const row of rows) {
    if (row.dimension === "all" || outcomeDimensions.has(row.dimension)) continue;
    let group = breakdowns.find((b) => b.dimension === row.dimension);
    if (!group) breakdowns.push((group = { dimension: row.dimension, rows: [] }));
    group.rows.push(row);
  }
  return { headline, breakdowns, outcomes };
}
