// Generated from the Rust types by src-tauri/src/bindings.rs (ts-rs). Do not edit by hand:
// run `CLUBROOM_WRITE_BINDINGS=1 cargo test -p clubroom-app bindings` after changing them.

export type ErrorKind = "invalid" | "not-found" | "likely-duplicate" | "import" | "database-too-new" | "file" | "database";

export type ErrorReport = { kind: ErrorKind, message: string, 
/**
 * Extra lines, such as each bad row of an import.
 */
details: Array<string>, 
/**
 * Young people this one may duplicate (only for `likely-duplicate`).
 */
candidates: Array<YoungPersonSummary>, };

export type RowError = { 
/**
 * The line of the file, counting the header as line 1.
 */
line: number, column: string | null, reason: string, };

export type Gender = "female" | "male" | "non-binary" | "other" | "prefer not to say" | "unknown";

export type Ethnicity = "Bangladeshi" | "Chinese" | "Indian" | "Pakistani" | "Other Asian" | "African" | "Caribbean" | "Other Black" | "White and Asian" | "White and Black African" | "White and Black Caribbean" | "Other Mixed or Multiple ethnic groups" | "English, Welsh, Scottish, Northern Irish or British" | "Irish" | "Gypsy or Irish Traveller" | "Roma" | "Other White" | "Arab" | "Any other ethnic group" | "prefer not to say";

export type EthnicityGroup = "asian" | "black" | "mixed" | "white" | "other" | "prefer not to say" | "unknown";

export type Disability = "yes" | "no" | "prefer not to say" | "unknown";

export type SessionType = "open-access" | "targeted" | "one-to-one" | "detached" | "trip" | "online";

export type AgeBand = "under 8" | "8-10" | "11-13" | "14-16" | "17-19" | "20-25" | "over 25" | "unknown";

export type EducationStatus = "in-education" | "in-employment" | "in-training" | "neet" | "unknown";

export type ConsentKind = "data" | "photos" | "trips";

export type ConsentGiver = "young-person" | "parent-carer";

export type StaffRole = "lead" | "worker" | "volunteer" | "first-aider";

export type Choice = { code: string, label: string, 
/**
 * For ethnicities: the ONS high-level group the category belongs to.
 */
group: string | null, };

export type Vocabulary = { genders: Array<Choice>, ethnicities: Array<Choice>, ethnicity_groups: Array<Choice>, disabilities: Array<Choice>, session_types: Array<Choice>, age_bands: Array<Choice>, education_statuses: Array<Choice>, consent_kinds: Array<Choice>, consent_givers: Array<Choice>, staff_roles: Array<Choice>, };

export type ClockTime = string;

export type Period = { from: string, to: string, };

export type Organisation = { name: string, charity_number: string | null, 
/**
 * The Local Youth Partnership the club belongs to ("Coventry Youth Partnership").
 */
lyp_name: string | null, 
/**
 * The club's member code at that partnership ("COV-0042").
 */
lyp_member_code: string | null, 
/**
 * What an hour of volunteering is worth, in pounds, for in-kind reporting.
 */
volunteer_hour_value_gbp: number, 
/**
 * From this age young people give their own consents; younger, a parent or carer must.
 */
consent_self_age: number, 
/**
 * True for the synthetic "Explore a demo club" data.
 */
is_demo: boolean, };

export type Venue = { id: number, name: string, address: string | null, postcode: string | null, archived: boolean, };

export type VenueInput = { name: string, address: string | null, postcode: string | null, };

export type Circumstances = { care_experienced: boolean | null, young_carer: boolean | null, looked_after: boolean | null, care_leaver: boolean | null, child_protection_plan: boolean | null, newly_arrived: boolean | null, };

export type Consent = { kind: ConsentKind, 
/**
 * False records a refusal, which matters as much as a yes.
 */
given: boolean, given_by: ConsentGiver, giver_name: string | null, recorded_on: string, };

export type EmergencyContact = { name: string, relationship: string | null, phone: string, };

export type Profile = { first_name: string, last_name: string, preferred_name: string | null, date_of_birth: string | null, 
/**
 * Age in years, used only when the date of birth is not known (given at the door).
 */
age: number | null, gender: Gender, ethnicity: Ethnicity | null, disability: Disability, 
/**
 * Special educational needs or disability: what helps them take part.
 */
send_notes: string | null, postcode: string | null, school: string | null, education_status: EducationStatus | null, circumstances: Circumstances, 
/**
 * Who referred them (a school, social care, self-referral). Never offence details.
 */
referred_by: string | null, 
/**
 * Where they were referred on to.
 */
referred_to: string | null, medical_notes: string | null, allergies: string | null, consents: Array<Consent>, emergency_contacts: Array<EmergencyContact>, };

export type YoungPerson = { id: number, 
/**
 * The club's own reference ("YP00042"), used in files instead of names.
 */
reference: string, profile: Profile, archived: boolean, 
/**
 * What is still to be filled in (for someone added at the door).
 */
missing: Array<string>, 
/**
 * The date of their most recent attendance.
 */
last_seen: string | null, attendances: number, };

export type YoungPersonSummary = { id: number, reference: string, first_name: string, last_name: string, preferred_name: string | null, date_of_birth: string | null, age: number | null, gender: Gender, postcode: string | null, archived: boolean, 
/**
 * Added at the door or imported without the essentials: still to complete.
 */
needs_details: boolean, has_medical_notes: boolean, last_seen: string | null, };

export type Search = { 
/**
 * Any part of a first, last or preferred name, or of a reference; several words narrow it.
 */
text: string, include_archived: boolean, 
/**
 * Only those still needing details.
 */
needs_details_only: boolean, limit: number, offset: number, };

export type SearchResult = { 
/**
 * How many match in all (the page holds at most `limit`).
 */
total: number, people: Array<YoungPersonSummary>, };

export type Framework = { code: string, name: string, outcomes: Array<Outcome>, };

export type Outcome = { code: string, label: string, };

export type OutcomeTag = { framework: string, code: string, };

export type SeriesInput = { name: string, 
/**
 * ISO weekday: 1 = Monday ... 7 = Sunday.
 */
weekday: number, start: ClockTime, end: ClockTime, venue_id: number | null, session_type: SessionType, age_min: number | null, age_max: number | null, starts_on: string, ends_on: string | null, };

export type Series = { id: number, venue_name: string | null, archived: boolean, 
/**
 * The next session on or after today that is not cancelled.
 */
next_date: string | null, name: string, 
/**
 * ISO weekday: 1 = Monday ... 7 = Sunday.
 */
weekday: number, start: ClockTime, end: ClockTime, venue_id: number | null, session_type: SessionType, age_min: number | null, age_max: number | null, starts_on: string, ends_on: string | null, };

export type SessionInput = { name: string, date: string, start: ClockTime, end: ClockTime, venue_id: number | null, session_type: SessionType, age_min: number | null, age_max: number | null, activities: Array<string>, outcomes: Array<OutcomeTag>, notes: string, };

export type Session = { id: number, series_id: number | null, venue_name: string | null, cancelled: boolean, cancel_reason: string | null, 
/**
 * Young people marked present.
 */
present: number, 
/**
 * The sum of anonymous headcounts.
 */
headcount: number, name: string, date: string, start: ClockTime, end: ClockTime, venue_id: number | null, session_type: SessionType, age_min: number | null, age_max: number | null, activities: Array<string>, outcomes: Array<OutcomeTag>, notes: string, };

export type RegisterEntry = { young_person: YoungPersonSummary, present: boolean, arrived: ClockTime | null, left: ClockTime | null, 
/**
 * Came to at least half of the recent sessions.
 */
regular: boolean, 
/**
 * Sessions attended out of the recent ones looked at.
 */
recent_attendances: number, };

export type Headcount = { gender: Gender, age_band: AgeBand, count: number, };

export type Register = { session: Session, 
/**
 * Expected young people (regulars first) and anyone else marked present.
 */
entries: Array<RegisterEntry>, headcounts: Array<Headcount>, 
/**
 * How many recent sessions the regulars were judged on.
 */
recent_sessions: number, };

export type DoorArrival = { first_name: string, last_name: string, date_of_birth: string | null, age: number | null, gender: Gender, postcode: string | null, 
/**
 * The leader has seen the "may already be on the list" warning and this is someone new.
 */
confirmed_new: boolean, };

export type Measures = { sessions: number, delivery_hours: number, attendances: number, unique_young_people: number, new_young_people: number, contact_hours: number, anonymous_contacts: number, };

export type Figures = { period: Period, measures: Measures, breakdowns: Record<string, Record<string, number>>, };

export type ImportOutcome = { rows: number, added: number, updated: number, unchanged: number, 
/**
 * For attendance files: the sessions that had to be created.
 */
sessions_added: number, };

export type DemoSummary = { young_people: number, series: number, sessions_held: number, sessions_cancelled: number, attendances: number, anonymous_contacts: number, staff_and_volunteers: number, };

export type Overview = { club: Organisation, today: string, today_sessions: Array<Session>, 
/**
 * The next seven days after today.
 */
coming_up: Array<Session>, 
/**
 * The last seven days before today, with their counts.
 */
recent: Array<Session>, young_people: number, needing_details: number, 
/**
 * The financial quarter holding today, up to today.
 */
quarter: Figures, };

export type AppStatus = { database: string, exploring_demo: boolean, club: Organisation | null, problem: ErrorReport | null, today: string, version: string, };

/** Every command the window may call (src-tauri/src/lib.rs). */
export const COMMANDS = [
  "app_status",
  "explore_demo",
  "leave_demo",
  "vocabulary",
  "save_club",
  "overview",
  "figures",
  "venues",
  "add_venue",
  "update_venue",
  "set_venue_archived",
  "search_young_people",
  "young_person",
  "add_young_person",
  "update_young_person",
  "set_young_person_archived",
  "all_series",
  "add_series",
  "update_series",
  "set_series_archived",
  "sessions_between",
  "session",
  "add_session",
  "update_session",
  "cancel_session",
  "restore_session",
  "delete_session",
  "outcome_frameworks",
  "register",
  "mark_present",
  "unmark",
  "set_times",
  "add_at_door",
  "set_headcount",
  "set_session_notes",
  "save_paper_register",
  "import_young_people",
  "import_attendance",
] as const;
