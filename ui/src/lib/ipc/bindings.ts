// Generated from the Rust types by src-tauri/src/bindings.rs (ts-rs). Do not edit by hand:
// run `CLUBROOM_WRITE_BINDINGS=1 cargo test -p clubroom-app bindings` after changing them.

export type Actor = { user_id: number, name: string, role: Role, person_id: number | null, permissions: Array<Permission>, };

export type Permission = "see-young-people" | "edit-young-people" | "see-medical-notes" | "take-register" | "manage-sessions" | "see-staff" | "manage-staff" | "own-training" | "see-reports" | "export" | "import" | "incidents" | "partnership" | "club-settings" | "manage-users" | "see-audit-log" | "backups" | "data-rights" | "see-check-in-answers";

export type Role = "manager" | "safeguarding-lead" | "leader" | "volunteer";

export type SecretKind = "password" | "pin";

export type User = { id: number, name: string, role: Role, 
/**
 * Their record among staff and volunteers, if linked.
 */
person_id: number | null, secret_kind: SecretKind, active: boolean, };

export type NewUser = { name: string, role: Role, person_id: number | null, secret_kind: SecretKind, secret: string, };

export type AuditEntry = { id: number, 
/**
 * UTC, RFC 3339.
 */
at: string, user_id: number | null, user_name: string, role: string, action: string, record: string, 
/**
 * `added`, `changed`, `removed`, `exported`, `signed in`...
 */
change: string, 
/**
 * The entry in words ("Added: young person on a concern: Concern 1, Zara Ahmed
 * (RYG102)"): see [`describe`]. `record` keeps the raw record for a manager who needs it.
 */
described: string, previous_hash: string, hash: string, };

export type Filter = { 
/**
 * Part of the person's name.
 */
user: string | null, 
/**
 * Part of the words shown, the action or the record ("Zara", "export", "young_people 12").
 */
text: string | null, 
/**
 * Dates (YYYY-MM-DD, UTC), inclusive.
 */
from: string | null, to: string | null, 
/**
 * At most this many, newest first (default [`DEFAULT_LIMIT`]).
 */
limit: number | null, };

export type ChainHead = { sequence: number, hash: string, };

export type WitnessCheck = { 
/**
 * What it is, for people ("the backup made Tuesday 1 December 2026, 18:05").
 */
witness: string, head: ChainHead, 
/**
 * The first entry of the log that no longer matches it (changed or removed).
 */
first_mismatch: number | null, };

export type Verification = { entries: number, 
/**
 * The hash of the last entry: note it down to catch entries removed from the end.
 */
head: string, 
/**
 * The number of the last entry, written down with its hash.
 */
head_sequence: number, 
/**
 * The first entry that does not follow from the one before, or no longer matches a
 * witness, and why.
 */
broken_at: number | null, problem: string | null, 
/**
 * The heads recorded outside the log that were checked.
 */
witnesses: Array<WitnessCheck>, };

export type ErrorKind = "invalid" | "not-found" | "likely-duplicate" | "import" | "denied" | "database-too-new" | "damaged" | "file" | "busy" | "cancelled" | "database";

export type ErrorReport = { kind: ErrorKind, message: string, 
/**
 * Extra lines, such as each bad row of an import.
 */
details: Array<string>, 
/**
 * Young people this one may duplicate (only for `likely-duplicate`).
 */
candidates: Array<DuplicateCandidate>, };

export type DuplicateCandidate = { id: number, reference: string, first_name: string, last_name: string, preferred_name: string | null, date_of_birth: string | null, age: number | null, postcode: string | null, archived: boolean, last_seen: string | null, };

export type RowError = { 
/**
 * The line of the file, counting the header as line 1.
 */
line: number, column: string | null, reason: string, 
/**
 * When the row may be someone already on the list: who, for the user to decide.
 */
likely: LikelyPerson | null, };

export type LikelyPerson = { 
/**
 * The row's young person as the mapping names them ("jay smith 2011-03-04").
 */
key: string, candidates: Array<DuplicateCandidate>, };

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

export type RoleChoice = { role: Role, label: string, hint: string, };

export type Vocabulary = { genders: Array<Choice>, ethnicities: Array<Choice>, ethnicity_groups: Array<Choice>, disabilities: Array<Choice>, session_types: Array<Choice>, age_bands: Array<Choice>, education_statuses: Array<Choice>, consent_kinds: Array<Choice>, consent_givers: Array<Choice>, staff_roles: Array<Choice>, course_kinds: Array<Choice>, dbs_levels: Array<Choice>, referral_kinds: Array<Choice>, 
/**
 * The roles of people who sign in, most powerful first.
 */
roles: Array<RoleChoice>, };

export type ClockTime = string;

export type Period = { from: string, to: string, };

export type NamedPeriod = { 
/**
 * Stable, for the screens to keep a choice by.
 */
key: string, label: string, 
/**
 * Words beside the label ("Oct–Dec", "2026/27"); empty where the label says it all.
 */
detail: string, from: string, to: string, };

export type Periods = { 
/**
 * The Home screen's: this quarter and this year so far (ending today: later sessions
 * count nowhere yet), and the last whole quarter and year.
 */
so_far: Array<NamedPeriod>, 
/**
 * A return's: this and last quarter, this and last year, each whole (a return counts
 * sessions held, so a period still running counts up to today whatever its end).
 */
whole: Array<NamedPeriod>, };

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
is_demo: boolean, 
/**
 * The council area the club works in ("Coventry"): its council's outcome framework is
 * offered when tagging sessions (`sessions::frameworks_for_club`).
 */
area: string | null, 
/**
 * Frameworks of another area the club chose to use all the same, by code.
 */
frameworks_added: Array<string>, };

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
 * Codes from the club's editable list of circumstances (the kinds of disadvantage they
 * face), recorded only when known; reported only as counts.
 */
circumstance_codes: Array<string>, 
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
last_seen: string | null, attendances: number, 
/**
 * True when medical notes and circumstances were left out because the person viewing
 * may not see them (the window says so rather than showing empty boxes).
 */
restricted_withheld: boolean, };

export type YoungPersonSummary = { id: number, reference: string, first_name: string, last_name: string, preferred_name: string | null, date_of_birth: string | null, age: number | null, gender: Gender, postcode: string | null, archived: boolean, 
/**
 * Added at the door or imported without the essentials: still to complete.
 */
needs_details: boolean, has_medical_notes: boolean, last_seen: string | null, 
/**
 * Their names and reference folded by the core's one rule ([`fold`]): what a search
 * matches, so a screen filtering a list it already has needs no rule of its own.
 */
search_key: string, };

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
total: number, people: Array<YoungPersonSummary>, 
/**
 * The words searched for, folded by the core's one rule: a list already on screen (the
 * register) keeps those of its people whose `search_key` holds every one.
 */
words: Array<string>, };

export type ErasurePreview = { young_person_id: number, name: string, reference: string, 
/**
 * Attendances that will stay in the figures, with no name attached.
 */
attendances: number, 
/**
 * Session notes whose mentions of them will be replaced by "[name removed]".
 */
notes: number, 
/**
 * Concerns in the incident log that name them: while there are any, they cannot be
 * erased (safeguarding records are kept).
 */
incidents: number, 
/**
 * The stories about them that stay (anonymous, with nothing in them that could identify
 * anyone: kept, linked to no one) and that go, by title.
 */
stories: StoriesOnErasure, 
/**
 * Why they cannot be erased, if they cannot.
 */
blocked: string | null, };

export type Erased = { 
/**
 * Attendances kept, now anonymous.
 */
attendances: number, 
/**
 * Session notes the name was taken out of.
 */
notes: number, 
/**
 * The stories about them that stayed, linked to no one, and that went, by title.
 */
stories: StoriesOnErasure, };

export type RetentionRules = { 
/**
 * Young people not seen for this many years are listed for erasure.
 */
unseen_years: number, 
/**
 * Named registers of financial years that ended more than this many years ago are
 * listed for anonymising ("some funders ask for 7 years").
 */
register_years: number, };

export type UnseenPerson = { id: number, reference: string, name: string, 
/**
 * Their last attendance, if they ever came.
 */
last_seen: string | null, added_on: string, 
/**
 * Why they are kept even so (named in the incident log); such a person cannot be ticked.
 */
kept_because: string | null, };

export type OldRegister = { session_id: number, date: string, session: string, 
/**
 * Named attendances that would become anonymous.
 */
named: number, };

export type RetentionReview = { rules: RetentionRules, 
/**
 * People last seen (or, never seen, added) before this day are listed.
 */
unseen_before: string, 
/**
 * Registers of sessions before this day (the start of a financial year) are listed.
 */
registers_before: string, people: Array<UnseenPerson>, registers: Array<OldRegister>, };

export type RetentionChoice = { erase: Array<number>, anonymise: Array<number>, };

export type RetentionDone = { erased: number, registers: number, 
/**
 * Named attendances made anonymous (the erased people's and the registers').
 */
attendances: number, };

export type Framework = { code: string, name: string, 
/**
 * The council area it belongs to ("Coventry"); `None`: everywhere.
 */
area: string | null, outcomes: Array<Outcome>, };

export type Outcome = { code: string, label: string, };

export type OutcomeTag = { framework: string, code: string, };

export type SeriesInput = { name: string, 
/**
 * ISO weekday: 1 = Monday ... 7 = Sunday.
 */
weekday: number, start: ClockTime, end: ClockTime, venue_id: number | null, session_type: SessionType, age_min: number | null, age_max: number | null, starts_on: string, ends_on: string | null, 
/**
 * The project (often a grant) its sessions belong to.
 */
project_id: number | null, 
/**
 * Outcome areas every session of the series works towards.
 */
outcomes: Array<OutcomeTag>, };

export type Series = { id: number, venue_name: string | null, archived: boolean, 
/**
 * The next session on or after today that is not cancelled.
 */
next_date: string | null, name: string, 
/**
 * ISO weekday: 1 = Monday ... 7 = Sunday.
 */
weekday: number, start: ClockTime, end: ClockTime, venue_id: number | null, session_type: SessionType, age_min: number | null, age_max: number | null, starts_on: string, ends_on: string | null, 
/**
 * The project (often a grant) its sessions belong to.
 */
project_id: number | null, 
/**
 * Outcome areas every session of the series works towards.
 */
outcomes: Array<OutcomeTag>, };

export type SessionInput = { name: string, date: string, start: ClockTime, end: ClockTime, venue_id: number | null, session_type: SessionType, age_min: number | null, age_max: number | null, activities: Array<string>, outcomes: Array<OutcomeTag>, notes: string, 
/**
 * The project (often a grant) the session belongs to.
 */
project_id: number | null, };

export type Session = { id: number, series_id: number | null, venue_name: string | null, cancelled: boolean, cancel_reason: string | null, 
/**
 * Young people marked present, erased ones included (their attendances are kept with no
 * name and still count: docs/counting-rules.md, "Erased young people").
 */
present: number, 
/**
 * The sum of anonymous headcounts.
 */
headcount: number, name: string, date: string, start: ClockTime, end: ClockTime, venue_id: number | null, session_type: SessionType, age_min: number | null, age_max: number | null, activities: Array<string>, outcomes: Array<OutcomeTag>, notes: string, 
/**
 * The project (often a grant) the session belongs to.
 */
project_id: number | null, };

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
recent_sessions: number, 
/**
 * Young people marked present here who have since been erased (or whose old registers
 * were anonymised): their attendances are kept with no name and still count
 * (docs/counting-rules.md, "Erased young people"), so the number present is the named
 * entries marked present plus these, the same number as `session.present`.
 */
erased_present: number, };

export type DoorArrival = { first_name: string, last_name: string, date_of_birth: string | null, age: number | null, gender: Gender, postcode: string | null, 
/**
 * The leader has seen the "may already be on the list" warning and this is someone new.
 */
confirmed_new: boolean, };

export type Measures = { sessions: number, delivery_hours: number, 
/**
 * Hours of sessions at which at least one young person was present (named or counted):
 * hours of youth work, never multiplied by the number of staff or young people.
 */
youth_work_hours: number, attendances: number, unique_young_people: number, new_young_people: number, contact_hours: number, anonymous_contacts: number, 
/**
 * People who volunteered at a session held in the period.
 */
volunteers: number, 
/**
 * Paid staff who worked a session held in the period.
 */
staff: number, volunteer_hours: number, staff_hours: number, 
/**
 * Volunteer hours at the organisation's value of a volunteer hour.
 */
volunteer_value_gbp: number, 
/**
 * The share (0 to 1) of the people who staffed a session in the period who held, on
 * every date they staffed, every course their role required; `null` if nobody staffed.
 */
training_compliance: number | null, };

export type Figures = { period: Period, measures: Measures, breakdowns: Record<string, Record<string, number>>, months: Array<Month>, };

export type ImportOutcome = { rows: number, added: number, updated: number, unchanged: number, 
/**
 * For attendance files: the sessions that had to be created.
 */
sessions_added: number, };

export type ImportKind = "young-people" | "attendance" | "people" | "training";

export type TextEncoding = "utf8" | "utf16-le" | "utf16-be" | "windows1252";

export type FileKind = { "kind": "csv", delimiter: string, encoding: TextEncoding, } | { "kind": "workbook", 
/**
 * Every sheet of the workbook, in its order.
 */
sheets: Array<string>, 
/**
 * The sheet read.
 */
sheet: string, };

export type ColumnChoice = { 
/**
 * The column's header as read (a two-row header joined: "Contact 1.Phone 1").
 */
header: string, 
/**
 * The Clubroom field it fills, or `None` to leave the column out.
 */
field: string | null, };

export type RegisterSession = { session: string, 
/**
 * "HH:MM".
 */
start: string, end: string, 
/**
 * A session type code (open-access, targeted, ...).
 */
type: string, venue: string | null, 
/**
 * A weekly series the register belongs to (its id): each date's marks go to the
 * series' session on that date, made from its pattern where there is none, and the
 * session, times, type and venue above are the series' own.
 */
series_id: number | null, };

export type Mapping = { format: string, kind: ImportKind, 
/**
 * What the user calls the file's source ("OSM members", "Our old register").
 */
source: string, 
/**
 * The workbook sheet read (none for CSV).
 */
sheet: string | null, 
/**
 * One choice per column of the file, in the file's order.
 */
columns: Array<ColumnChoice>, 
/**
 * For each coded field: each value found in the file and the Clubroom value it means
 * (`None`: not chosen yet, so a row holding it is a problem).
 */
values: { [key in string]: { [key in string]: string | null } }, 
/**
 * For an old register (a column of marks per date): the session the marks are
 * attendance at.
 */
register: RegisterSession | null, 
/**
 * Young people the user has said are someone new, though a young person like them is
 * already on the list ("Jay Smith 2011-03-04": name and date of birth, as the problem
 * that asked says it).
 */
confirmed_new: Array<string>, 
/**
 * Young people the user has said are someone already on the list: the row's young
 * person (named as in `confirmed_new`) and the reference of the one they are.
 */
same_as: { [key in string]: string }, };

export type FieldOffer = { 
/**
 * The field's name, as in Clubroom's own CSV columns (docs/file-formats.md).
 */
name: string, 
/**
 * For a coded field: every value it takes, as its code (empty for text and dates).
 */
codes: Array<string>, };

export type SeriesMatch = { series_id: number, name: string, 
/**
 * ISO weekday: 1 = Monday ... 7 = Sunday.
 */
weekday: number, start: string, end: string, 
/**
 * Of the register's dates, how many fall on the series' weekday.
 */
dates_on_weekday: number, dates: number, 
/**
 * The series the wizard proposes: every date of the register on its weekday, and the
 * first such series by weekday and time.
 */
suggested: boolean, };

export type Proposal = { file: FileKind, header_line: number, two_row_header: boolean, rows: number, 
/**
 * The first rows as text, for the user to see what each column holds.
 */
sample: Array<Array<string>>, mapping: Mapping, 
/**
 * The source of the saved mapping offered (the file has the headers it was made for).
 */
saved: string | null, 
/**
 * The Clubroom fields a column of this kind of file can fill, and for a coded field the
 * values a file's value can be mapped to: what the wizard offers beside each column.
 */
fields: Array<FieldOffer>, 
/**
 * For an old register (marks by date): the club's running weekly series, the one whose
 * weekday the register's dates fall on first (`suggested`), for the user to confirm or
 * change. Empty for other files (and until the shell asks with the club's store).
 */
series: Array<SeriesMatch>, };

export type RowStatus = "new" | "update" | "unchanged" | "doubtful";

export type RowPerson = { line: number, 
/**
 * The row's name, as the file gives it.
 */
in_file: string, status: RowStatus, 
/**
 * The young person's reference: the one the row updates or may be, or a new one's.
 */
reference: string, 
/**
 * Their name on the record (the row's own for someone new).
 */
on_record: string, };

export type RowCounts = { new: number, update: number, unchanged: number, doubtful: number, };

export type MappedImport = { dry_run: boolean, 
/**
 * The counts; `None` when the file has problems (nothing would be or was imported).
 */
outcome: ImportOutcome | null, 
/**
 * Every problem row (up to the import's limit), by line, the file's column and reason.
 */
problems: Array<RowError>, problems_total: number, 
/**
 * Things worth saying that are not problems (two-digit years read).
 */
notes: Array<string>, 
/**
 * A young people file: its rows beside the young person each updates (or leaves as they
 * are), "new", or the one it may be, in the file's order. Every row waiting for the
 * user's decision ([`RowStatus::Doubtful`]) is here; of the others only the first
 * [`PEOPLE_LISTED`], so a file of 100,000 rows does not send 100,000 to the window
 * (`people_not_listed` counts the rest). A row with a problem is in `problems`
 * instead. Empty for other kinds and when stopped.
 */
people: Array<RowPerson>, 
/**
 * The rows of a young people file by status, listed in `people` or not.
 */
people_counts: RowCounts, 
/**
 * The rows left out of `people`, by status (never a doubtful one).
 */
people_not_listed: RowCounts, };

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
 * The financial quarter holding today, up to today; none for someone who may not see
 * figures and returns.
 */
quarter: Figures | null, 
/**
 * Concerns in the incident log that happened this quarter (a count only: the details
 * are in the log itself); none for someone who does not keep the log.
 */
concerns_this_quarter: number | null, 
/**
 * Of those, how many have a follow-up still to do.
 */
concerns_to_follow_up: number | null, };

export type CourseKind = "safeguarding" | "first-aid" | "paediatric-first-aid" | "dbs" | "food-hygiene" | "mental-health-first-aid" | "minibus" | "other";

export type DbsLevel = "enhanced" | "enhanced-barred" | "standard" | "basic";

export type TrainingStatus = "valid" | "expiring" | "expired" | "missing";

export type PersonInput = { name: string, email: string | null, phone: string | null, 
/**
 * Paid staff; otherwise a volunteer.
 */
paid: boolean, roles: Array<StaffRole>, started_on: string | null, left_on: string | null, };

export type Person = { id: number, archived: boolean, name: string, email: string | null, phone: string | null, 
/**
 * Paid staff; otherwise a volunteer.
 */
paid: boolean, roles: Array<StaffRole>, started_on: string | null, left_on: string | null, };

export type CourseInput = { name: string, kind: CourseKind, 
/**
 * Months a completion stays valid; `None` never expires.
 */
validity_months: number | null, 
/**
 * A lower level this course also counts as (safeguarding level 2 covers level 1).
 */
covers_course_id: number | null, };

export type Course = { id: number, archived: boolean, 
/**
 * The roles that need this course.
 */
required_for: Array<StaffRole>, name: string, kind: CourseKind, 
/**
 * Months a completion stays valid; `None` never expires.
 */
validity_months: number | null, 
/**
 * A lower level this course also counts as (safeguarding level 2 covers level 1).
 */
covers_course_id: number | null, };

export type Policy = { 
/**
 * Fewer adults than this at a session is always a warning.
 */
minimum_adults: number, 
/**
 * How long before expiry a course counts as `expiring`.
 */
expiry_warning_days: number, };

export type RecordInput = { person_id: number, course_id: number, completed_on: string, provider: string | null, certificate_number: string | null, 
/**
 * DBS checks only.
 */
dbs_level: DbsLevel | null, 
/**
 * DBS checks only: whether the certificate is on the DBS Update Service.
 */
dbs_update_service: boolean | null, };

export type CertificateCheck = "ok" | "missing" | "altered";

export type Certificate = { 
/**
 * The file's name in the club's attachments folder.
 */
file_name: string, sha256: string, check: CertificateCheck, };

export type TrainingRecord = { id: number, person_name: string, course_name: string, course_kind: CourseKind, 
/**
 * Derived from the completion date and the course's validity; never typed.
 */
expires_on: string | null, 
/**
 * Where this record stands today.
 */
status: TrainingStatus, certificate: Certificate | null, confirmed_by: string | null, confirmed_at: string | null, person_id: number, course_id: number, completed_on: string, provider: string | null, certificate_number: string | null, 
/**
 * DBS checks only.
 */
dbs_level: DbsLevel | null, 
/**
 * DBS checks only: whether the certificate is on the DBS Update Service.
 */
dbs_update_service: boolean | null, };

export type MatrixFilter = { include_archived: boolean, 
/**
 * Only people who work sessions (staffed one in the last year, or are down to).
 */
working_only: boolean, role: StaffRole | null, 
/**
 * Only people with at least one required course in this state.
 */
status: TrainingStatus | null, 
/**
 * Part of a name.
 */
text: string, };

export type MatrixCell = { course_id: number, 
/**
 * One of the person's roles needs this course.
 */
required: boolean, 
/**
 * `None` when the course is not required and was never done.
 */
status: TrainingStatus | null, completed_on: string | null, expires_on: string | null, 
/**
 * A required course held through a higher level: that course's id.
 */
covered_by: number | null, };

export type MatrixRow = { person: Person, cells: Array<MatrixCell>, 
/**
 * The worst state of any required course (valid when everything required is in date).
 */
worst: TrainingStatus, 
/**
 * Records still waiting for a manager to confirm them.
 */
unconfirmed: number, };

export type Matrix = { on: string, warning_days: number, 
/**
 * The columns: courses required by some role or held by someone shown.
 */
courses: Array<Course>, rows: Array<MatrixRow>, };

export type DueItem = { person_id: number, person_name: string, course_id: number, course_name: string, status: TrainingStatus, expires_on: string | null, 
/**
 * Days until expiry (negative once expired; `None` when missing).
 */
days_left: number | null, 
/**
 * The reminder this falls in: 60, 30 or 7 days before expiry.
 */
reminder: number | null, };

export type StaffingEntry = { person_id: number, person_name: string, paid: boolean, role: StaffRole, hours: number, };

export type RatioRule = { age_from: number, age_to: number, young_people_per_adult: number, };

export type WarningKind = "too-few-adults" | "ratio" | "no-first-aider" | "lapsed-training";

export type StaffingWarning = { kind: WarningKind, message: string, };

export type SafeStaffing = { session_id: number, staff: Array<StaffingEntry>, adults: number, 
/**
 * Young people present plus those counted anonymously.
 */
young_people: number, 
/**
 * Adults the ratio rules and the club's minimum call for.
 */
adults_needed: number, first_aiders: number, warnings: Array<StaffingWarning>, };

export type PersonHours = { person_id: number, name: string, paid: boolean, sessions: number, hours: number, };

export type Scope = { project_id: number | null, series_ids: Array<number>, session_types: Array<SessionType>, };

export type AgeBandSpec = { label: string, min: number | null, max: number | null, };

export type MeasureKind = "count" | "hours" | "pounds" | "share";

export type Month = { 
/**
 * "2026-04".
 */
month: string, sessions: number, attendances: number, anonymous_contacts: number, };

export type Project = { id: number, name: string, 
/**
 * Who funds it, if anyone in particular.
 */
funder: string | null, archived: boolean, };

export type Circumstance = { code: string, label: string, archived: boolean, };

export type MeasureItem = { 
/**
 * A measure's name (docs/counting-rules.md).
 */
measure: string, 
/**
 * What the funder calls it.
 */
label: string, note?: string | null, };

export type Section = { "kind": "measures", title: string, items: Array<MeasureItem>, } | { "kind": "breakdown", title: string, 
/**
 * `age_band`, `gender`, ... or `outcome:<framework>`.
 */
dimension: string, 
/**
 * The funder's words for categories (category code -> label); others show as they are.
 */
labels?: { [key in string]: string }, note?: string | null, } | { "kind": "chart", title: string, chart: string, } | { "kind": "question", id: string, title: string, hint?: string | null, } | { "kind": "text", title: string, body: string, } | { "kind": "outcome-change", title: string, measure?: string | null, outcome?: string | null, note?: string | null, } | { "kind": "checkin-coverage", title: string, measure?: string | null, } | { "kind": "progression", title: string, note?: string | null, } | { "kind": "engagement", title: string, } | { "kind": "differences", id: string, title: string, count: number, hint?: string | null, };

export type Template = { schema: string, id: string, name: string, funder: string, version: number, description: string, modelled_on?: string | null, 
/**
 * Age bands for the `age_band` breakdown; none means DESIGN.md's defaults.
 */
age_bands?: Array<AgeBandSpec> | null, sections: Array<Section>, };

export type TemplateEntry = { template: Template, built_in: boolean, };

export type DifferenceChoice = { outcome: OutcomeTag, 
/**
 * What changed, who it was for and how they know, in the manager's words.
 */
words: string, story_id: number | null, };

export type ReturnRequest = { template_id: string, period: Period, scope: Scope, answers: { [key in string]: string }, 
/**
 * The outcomes chosen for the template's "differences we made", in order (left out of a
 * request for a template without them).
 */
differences?: Array<DifferenceChoice>, };

export type TemplateRef = { id: string, name: string, funder: string, version: number, };

export type MeasureRow = { measure: string, label: string, 
/**
 * `null` only for a share with nobody to share (training compliance with no staffing).
 */
value: number | null, kind: MeasureKind, 
/**
 * The value as printed ("1,234", "£2,530.50", "87.5%").
 */
shown: string, note?: string | null, };

export type CategoryRow = { category: string, label: string, young_people: number, 
/**
 * Of all unique young people in the return, as a percentage to one decimal place.
 */
percent: number, };

export type Part = { "kind": "measures", title: string, rows: Array<MeasureRow>, } | { "kind": "breakdown", title: string, dimension: string, rows: Array<CategoryRow>, 
/**
 * Unique young people in the return.
 */
young_people: number, 
/**
 * A young person can be in more than one row (session types, circumstances,
 * outcome areas), so the rows add up to more than the total.
 */
overlapping: boolean, note?: string | null, } | { "kind": "chart", title: string, chart: string, months: Array<Month>, } | { "kind": "question", id: string, title: string, hint?: string | null, answer: string, } | { "kind": "text", title: string, body: string, };

export type Return = { schema: string, organisation: string, charity_number?: string | null, template: TemplateRef, period: Period, scope: Scope, 
/**
 * "All of the club's work", or the project, series and session types it covers.
 */
covers: string, measures: Measures, breakdowns: Record<string, Record<string, number>>, months: Array<Month>, parts: Array<Part>, 
/**
 * The outcomes chosen for "the differences we made", so a return kept as sent can be
 * made again to see what changed.
 */
differences?: Array<DifferenceChoice>, };

export type SavedReturn = { id: number, 
/**
 * When it was produced (UTC, RFC 3339).
 */
produced_at: string, 
/**
 * The day its figures were counted on.
 */
produced_on: string, fingerprint: string, report: Return, };

export type SavedReturnSummary = { id: number, template: TemplateRef, period: Period, covers: string, produced_at: string, produced_on: string, };

export type Difference = { 
/**
 * `unique_young_people`, or `gender/female` for a breakdown cell.
 */
figure: string, 
/**
 * What the return calls it ("Young people who took part", "Gender: Female").
 */
label: string, sent: string, now: string, };

export type SavedReturnCheck = { saved: SavedReturn, 
/**
 * The records behind the return are not as they were when it was produced.
 */
records_changed: boolean, 
/**
 * The figures that would now come out differently (none if the changes do not touch
 * any figure).
 */
differences: Array<Difference>, };

export type ProducedReturn = { saved_id: number, path: string, };

export type Row = { measure: string, 
/**
 * `all`, or one of [`DIMENSIONS`].
 */
dimension: string, 
/**
 * `all`, or a code of the dimension's vocabulary.
 */
category: string, 
/**
 * `None` when withheld, or for a share with nobody to share.
 */
value: number | null, 
/**
 * Withheld so that nobody can be identified.
 */
suppressed: boolean, };

export type Summary = { schema: string, org_code: string, org_name: string, period: Period, rows: Array<Row>, 
/**
 * The audit log's head when the summary was sent: carried in its manifest, a record of
 * the log outside the club file. `None` in a preview or files written by hand.
 */
audit_head: ChainHead | null, 
/**
 * Said when the period has not ended yet: what sending it now means. Never in the files.
 */
not_ended: string | null, 
/**
 * The names of the measures whose outcome rows are in `rows`, for a preview. Never in
 * the files.
 */
outcome_measures: Array<OutcomeMeasure>, };

export type OutcomeMeasure = { 
/**
 * The rows' `dimension`: `ons4/1`.
 */
dimension: string, name: string, attribution: string, 
/**
 * Each item's `category` and its question (or `all` and the measure's name for a score).
 */
items: Array<OutcomeItem>, };

export type OutcomeItem = { category: string, label: string, };

export type DestinationKind = "folder" | "webdav";

export type Calendar = "monthly" | "quarterly" | "custom";

export type Destination = { kind: DestinationKind, 
/**
 * The folder's path, or the WebDAV folder's web address.
 */
location: string, 
/**
 * The WebDAV user name (none for a folder).
 */
user_name: string | null, calendar: Calendar, 
/**
 * The partnership's own periods, when the calendar is custom.
 */
custom_periods: Array<Period>, };

export type Status = "waiting" | "sent" | "failed";

export type OutboxFile = { name: string, bytes: number, sha256: string, };

export type OutboxEntry = { id: number, period: Period, status: Status, attempts: number, queued_at: string, 
/**
 * When it will be tried again (none once sent).
 */
next_attempt_at: string | null, sent_at: string | null, 
/**
 * Why the last attempt did not deliver, in words for a youth worker.
 */
last_error: string | null, 
/**
 * In the order they are delivered: the CSV, the schema, the manifest.
 */
files: Array<OutboxFile>, };

export type LogEntry = { id: number, attempted_at: string, period: Period, 
/**
 * The folder or web address (with the user name), never the password.
 */
destination: string, file_names: Array<string>, 
/**
 * The SHA-256 of the summary CSV that was sent (or tried).
 */
csv_sha256: string, result: Status, message: string, };

export type Which = "due" | "all";

export type ReferralKind = "none" | "childrens-services" | "police" | "lado" | "nspcc" | "school" | "health" | "other";

export type Referral = { 
/**
 * Empty (or only `none`) when it was not referred.
 */
to: Array<ReferralKind>, 
/**
 * Names, reference numbers, who was spoken to ("Coventry front door, ref 12345").
 */
detail: string | null, on: string | null, };

export type FollowUp = { what: string, by: string | null, done: boolean, };

export type ConcernInput = { occurred_on: string, occurred_at: ClockTime | null, session_id: number | null, 
/**
 * The young people involved, by id (none is allowed: a concern about the building, an
 * adult, or someone whose name is not known).
 */
young_people: Array<number>, what_happened: string, action_taken: string, referral: Referral, follow_up: FollowUp | null, };

export type UpdateInput = { 
/**
 * The day the note is about (a phone call, a meeting).
 */
on: string, note: string, 
/**
 * Replaces the referral recorded so far, when given.
 */
referral: Referral | null, 
/**
 * Replaces the follow-up recorded so far, when given (marking it done, say).
 */
follow_up: FollowUp | null, };

export type Named = { id: number, reference: string, name: string, };

export type SessionRef = { id: number, name: string, date: string, };

export type Concern = { occurred_on: string, occurred_at: ClockTime | null, session: SessionRef | null, young_people: Array<Named>, what_happened: string, action_taken: string, referral: Referral, follow_up: FollowUp | null, };

export type VersionKind = "recorded" | "update" | "correction";

export type Change = { field: string, before: string, after: string, };

export type Version = { number: number, kind: VersionKind, 
/**
 * An update's note.
 */
note: string | null, 
/**
 * The day an update is about.
 */
noted_on: string | null, 
/**
 * Why a correction was made.
 */
reason: string | null, recorded_by: string, 
/**
 * When it was saved (UTC, RFC 3339).
 */
recorded_at: string, concern: Concern, 
/**
 * What differs from the version before (empty for the first).
 */
changes: Array<Change>, };

export type Incident = { id: number, current: Concern, versions: Array<Version>, };

export type IncidentSummary = { id: number, concern: Concern, versions: number, recorded_by: string, last_changed_by: string, last_changed_at: string, };

export type IncidentFilter = { from: string | null, to: string | null, young_person_id: number | null, 
/**
 * Passed on to this (`none`: not referred at all).
 */
referred_to: ReferralKind | null, 
/**
 * Only concerns with a follow-up still to do.
 */
open_only: boolean, };

export type ReferralCount = { kind: ReferralKind, count: number, };

export type IncidentCounts = { period: Period, 
/**
 * Concerns that happened in the period (each once, however often it was changed).
 */
total: number, 
/**
 * By who they were passed on to, every kind listed (zeros too). A concern referred to
 * two places counts under each, so these may add up to more than the total.
 */
by_referral: Array<ReferralCount>, 
/**
 * Of those, concerns with a follow-up still to do.
 */
open_follow_ups: number, };

export type Reason = "daily" | "before-migration" | "before-import" | "before-restore" | "manual";

export type BackupEntry = { path: string, file_name: string, 
/**
 * When it was made, UTC (RFC 3339).
 */
made_at: string, 
/**
 * "Tuesday 1 December 2026, 18:05", in the club's time zone.
 */
made_at_label: string, reason: Reason, reason_label: string, size_bytes: number, 
/**
 * Whether the club's key file was kept with it.
 */
has_keys: boolean, };

export type BackupPreview = { entry: BackupEntry, club_name: string | null, young_people: number, 
/**
 * Sessions held up to the day it was made (not cancelled, not planned ahead).
 */
sessions: number, attendances: number, 
/**
 * The date of the latest of those sessions.
 */
latest_session: string | null, schema_version: number, };

export type BackupsOverview = { folder: string, 
/**
 * Newest first.
 */
backups: Array<BackupEntry>, 
/**
 * Why the last automatic backup failed, if it did (the app fills this in).
 */
problem: string | null, };

export type ChangesNotRestored = { action: string, count: number, };

export type Restored = { club_file: string, restored_from: BackupEntry, 
/**
 * The backup of the file as it was just before (absent when that file was damaged).
 */
before_restore: BackupEntry | null, 
/**
 * Where a damaged club file was moved aside to, untouched.
 */
damaged_kept_as: string | null, 
/**
 * What the file it replaced recorded after the backup was made, which the backup does
 * not hold: each kind of change with how many (from the replaced file's audit log).
 * `None` when that file could not be read to say.
 */
not_in_it: Array<ChangesNotRestored> | null, 
/**
 * All of the above in one paragraph for people: what was restored, from when, what is
 * not in it.
 */
summary: string, };

export type AppStatus = { database: string, exploring_demo: boolean, club: Organisation | null, problem: ErrorReport | null, today: string, 
/**
 * The periods the Home and Returns screens offer, as of today (`dates::periods`).
 */
periods: Periods, version: string, 
/**
 * Who is signed in (on a club with no accounts yet, the club's stand-in manager).
 */
signed_in: Actor | null, 
/**
 * Someone must sign in before anything else (the file has accounts, or is encrypted).
 */
needs_sign_in: boolean, 
/**
 * A real club with no manager account yet: its data is not protected until one is made.
 */
needs_first_manager: boolean, locked: boolean, 
/**
 * Minutes without use before the app locks itself (0: never).
 */
lock_after_minutes: number, 
/**
 * The names on the sign-in screen (only names).
 */
sign_in_names: Array<string>, };

export type TeamMember = { person_id: number, role: StaffRole, };

export type Component = { name: string, version: string, 
/**
 * An SPDX licence expression as its authors declared it ("MIT OR Apache-2.0").
 */
licence: string, repository: string | null, 
/**
 * Who wrote it, as its package says (often empty for npm packages and newer crates).
 */
authors: Array<string>, };

export type About = { version: string, 
/**
 * "AGPL-3.0-or-later".
 */
licence: string, 
/**
 * The licence in words, for people.
 */
licence_name: string, club_file: string, 
/**
 * The key file beside an encrypted club file (present or not: it is where it would be).
 */
key_file: string, 
/**
 * Where the automatic backups go (backups saved to a USB stick are wherever they were put).
 */
backups_folder: string, 
/**
 * Rust crates compiled into the app and `clubroom-cli`.
 */
rust_crates: Array<Component>, 
/**
 * npm packages bundled into the window.
 */
npm_packages: Array<Component>, 
/**
 * Typefaces embedded in the PDFs Clubroom writes.
 */
fonts: Array<Component>, 
/**
 * The full text of the typeface's licence (the SIL Open Font License asks for it to travel
 * with the font).
 */
font_licence_text: string, };

export type Licence = "open" | "registration" | "club";

export type Scoring = "per-item" | "sum" | "mean";

export type ScaleLabel = { value: number, label: string, };

export type Scale = { min: number, max: number, labels: Array<ScaleLabel>, };

export type Question = { 
/**
 * Stable within the measure: answers are kept under it.
 */
id: string, text: string, scale: Scale, 
/**
 * Not asked of anyone younger (nor of anyone whose age is not known, when set).
 */
min_age?: number | null, 
/**
 * A higher answer is worse (ONS4's anxiety): turned round before scoring.
 */
reverse?: boolean, };

export type Measure = { schema: string, code: string, version: number, name: string, description?: string | null, licence: Licence, 
/**
 * Printed on every form and report that uses the measure (its copyright line, for a
 * measure that needs registration). May be empty only for a club's own scale.
 */
attribution: string, 
/**
 * What the file followed in choosing who is asked what (ONS4's guidance for under-16s).
 */
guidance?: string | null, scoring: Scoring, higher_is_better: boolean, 
/**
 * The smallest change in a score counted as improved or worse.
 */
meaningful_change: number, 
/**
 * The outcomes it evidences, in any number of frameworks.
 */
outcomes: Array<OutcomeTag>, questions: Array<Question>, };

export type MeasureEntry = { measure: Measure, built_in: boolean, registered_by: string | null, };

export type Wave = "baseline" | "review" | "exit" | "other";

export type Mode = "self" | "with-worker" | "worker-rated";

export type Who = { "kind": "everyone" } | { "kind": "regulars", min_attendances: number, } | { "kind": "chosen", young_people: Array<number>, };

export type PlanInput = { project_id: number | null, series_id: number | null, measures: Array<string>, 
/**
 * The baseline is due at the first N sessions someone comes to once they are asked.
 */
baseline_within: number, 
/**
 * A review every N weeks; `None`: only at exit.
 */
review_weeks: number | null, 
/**
 * Weeks between a baseline and the later check-in it pairs with, at least.
 */
min_gap_weeks: number, who: Who, };

export type Plan = { id: number, archived: boolean, project_id: number | null, series_id: number | null, measures: Array<string>, 
/**
 * The baseline is due at the first N sessions someone comes to once they are asked.
 */
baseline_within: number, 
/**
 * A review every N weeks; `None`: only at exit.
 */
review_weeks: number | null, 
/**
 * Weeks between a baseline and the later check-in it pairs with, at least.
 */
min_gap_weeks: number, who: Who, };

export type Answer = { question_id: string, value: number | null, };

export type CheckInInput = { young_person_id: number, measure_code: string, 
/**
 * `None`: the measure's latest version.
 */
measure_version: number | null, taken_on: string, wave: Wave, mode: Mode, 
/**
 * "I'd rather not": counted as declined, never chased. No answers.
 */
declined: boolean, answers: Array<Answer>, plan_id: number | null, };

export type CheckIn = { id: number, young_person_id: number | null, measure_code: string, measure_version: number, taken_on: string, wave: Wave, mode: Mode, declined: boolean, plan_id: number | null, recorded_by: string, 
/**
 * `None` when the person looking may not see them.
 */
answers: Array<Answer> | null, };

export type Due = { young_person_id: number, plan_id: number, measure_code: string, wave: Wave, };

export type Coverage = { 
/**
 * Came to a session in the period that a plan using the measure covers, and that plan
 * asks them.
 */
in_scope: number, 
/**
 * Of those, with an answered check-in on the measure by the period's end.
 */
with_baseline: number, 
/**
 * Of those, with a pair whose later check-in falls in the period.
 */
paired: number, 
/**
 * Of those in scope, who said "I'd rather not" in the period.
 */
declined: number, };

export type ChangeRow = { 
/**
 * The question, for items reported separately; `None`: the measure's score.
 */
question_id: string | null, label: string, higher_is_better: boolean, 
/**
 * Pairs with this item (or score) answered both times.
 */
n: number, improved: number, no_change: number, worse: number, 
/**
 * Means of the n baselines and of the n later answers (two places); none when n is 0.
 */
mean_before: number | null, mean_after: number | null, };

export type MeasureChange = { code: string, version: number, name: string, attribution: string, meaningful_change: number, outcomes: Array<OutcomeTag>, coverage: Coverage, rows: Array<ChangeRow>, 
/**
 * The sentence every report carries: who these figures are about.
 */
sentence: string, };

export type DistanceTravelled = { period: Period, measures: Array<MeasureChange>, };

export type Retention = { months: number, 
/**
 * First attendance ever in the period, and at least `months` months before today.
 */
cohort: number, 
/**
 * Of the cohort, those with an attendance `months` months or more after their first.
 */
retained: number, };

export type Engagement = { period: Period, retention: Array<Retention>, 
/**
 * Young people who came in the period.
 */
young_people: number, 
/**
 * Whole weeks from each one's first to last attendance in the period, plus one, summed.
 */
weeks_engaged: number, 
/**
 * The same, per young person (two places); none when nobody came.
 */
mean_weeks_engaged: number | null, };

export type Kind = { code: string, label: string, grouping: string, archived: boolean, };

export type EventInput = { young_person_id: number, kind: string, happened_on: string, note: string | null, };

export type Event = { id: number, young_person_id: number, kind: string, kind_label: string, happened_on: string, note: string | null, recorded_by: string, };

export type GroupCount = { grouping: string, 
/**
 * How the group reads ("Awards and accreditations"): [`grouping_label`].
 */
label: string, 
/**
 * Young people (named, or kept with no name after erasure) with at least one step of a
 * kind in the group dated in the period.
 */
young_people: number, 
/**
 * Their steps of those kinds in the period.
 */
steps: number, };

export type ProgressionCounts = { 
/**
 * Every group, in the order of [`GROUPINGS`] (zeros included).
 */
groups: Array<GroupCount>, 
/**
 * Young people with at least one step of any kind in the period.
 */
young_people: number, };

export type StoryKind = "quote" | "case-study";

export type StoryConsent = "named" | "anonymous" | "not-for-use";

export type StoryAudience = "team" | "managers";

export type StoryInput = { young_person_id: number, kind: StoryKind, title: string, body: string, consent: StoryConsent, consent_given_by: ConsentGiver, told_on: string, audience: StoryAudience, 
/**
 * The outcomes it evidences.
 */
outcomes: Array<OutcomeTag>, };

export type Found = "name" | "date-of-birth" | "place";

export type Finding = { found: Found, 
/**
 * The words as the check found them.
 */
words: string, 
/**
 * The sentence the worker reads.
 */
message: string, };

export type Story = { id: number, 
/**
 * `None` once the young person was erased (only anonymous stories stay).
 */
young_person_id: number | null, 
/**
 * Their name as the list shows it ("a young person since erased" once erased).
 */
about: string, kind: StoryKind, title: string, body: string, consent: StoryConsent, consent_given_by: ConsentGiver, told_on: string, audience: StoryAudience, outcomes: Array<OutcomeTag>, recorded_by: string, 
/**
 * For an anonymous story: what could identify someone (empty: none found). Other
 * stories are not checked (a named one may name them; one not for use goes nowhere).
 */
findings: Array<Finding>, 
/**
 * Whether it can go in a return: consented anonymous, nothing found, and for the team.
 */
ready_for_return: boolean, };

export type StoriesOnErasure = { stay: Array<string>, go: Array<string>, };

/** The core's word lists, as `vocabulary` answers (recorded from clubroom-core). */
export const VOCABULARY: Vocabulary = {"genders":[{"code":"female","label":"Female","group":null},{"code":"male","label":"Male","group":null},{"code":"non-binary","label":"Non-binary","group":null},{"code":"other","label":"Other","group":null},{"code":"prefer not to say","label":"Prefer not to say","group":null},{"code":"unknown","label":"Not known","group":null}],"ethnicities":[{"code":"Bangladeshi","label":"Asian, Asian British or Asian Welsh: Bangladeshi","group":"asian"},{"code":"Chinese","label":"Asian, Asian British or Asian Welsh: Chinese","group":"asian"},{"code":"Indian","label":"Asian, Asian British or Asian Welsh: Indian","group":"asian"},{"code":"Pakistani","label":"Asian, Asian British or Asian Welsh: Pakistani","group":"asian"},{"code":"Other Asian","label":"Asian, Asian British or Asian Welsh: Other Asian","group":"asian"},{"code":"African","label":"Black, Black British, Black Welsh, Caribbean or African: African","group":"black"},{"code":"Caribbean","label":"Black, Black British, Black Welsh, Caribbean or African: Caribbean","group":"black"},{"code":"Other Black","label":"Black, Black British, Black Welsh, Caribbean or African: Other Black","group":"black"},{"code":"White and Asian","label":"Mixed or Multiple ethnic groups: White and Asian","group":"mixed"},{"code":"White and Black African","label":"Mixed or Multiple ethnic groups: White and Black African","group":"mixed"},{"code":"White and Black Caribbean","label":"Mixed or Multiple ethnic groups: White and Black Caribbean","group":"mixed"},{"code":"Other Mixed or Multiple ethnic groups","label":"Mixed or Multiple ethnic groups: Other Mixed or Multiple ethnic groups","group":"mixed"},{"code":"English, Welsh, Scottish, Northern Irish or British","label":"White: English, Welsh, Scottish, Northern Irish or British","group":"white"},{"code":"Irish","label":"White: Irish","group":"white"},{"code":"Gypsy or Irish Traveller","label":"White: Gypsy or Irish Traveller","group":"white"},{"code":"Roma","label":"White: Roma","group":"white"},{"code":"Other White","label":"White: Other White","group":"white"},{"code":"Arab","label":"Other ethnic group: Arab","group":"other"},{"code":"Any other ethnic group","label":"Other ethnic group: Any other ethnic group","group":"other"},{"code":"prefer not to say","label":"Prefer not to say","group":"prefer not to say"}],"ethnicity_groups":[{"code":"asian","label":"Asian, Asian British or Asian Welsh","group":null},{"code":"black","label":"Black, Black British, Black Welsh, Caribbean or African","group":null},{"code":"mixed","label":"Mixed or Multiple ethnic groups","group":null},{"code":"white","label":"White","group":null},{"code":"other","label":"Other ethnic group","group":null},{"code":"prefer not to say","label":"Prefer not to say","group":null},{"code":"unknown","label":"Not known","group":null}],"disabilities":[{"code":"yes","label":"Yes","group":null},{"code":"no","label":"No","group":null},{"code":"prefer not to say","label":"Prefer not to say","group":null},{"code":"unknown","label":"Not known","group":null}],"session_types":[{"code":"open-access","label":"Open access","group":null},{"code":"targeted","label":"Targeted group","group":null},{"code":"one-to-one","label":"One-to-one","group":null},{"code":"detached","label":"Detached / outreach","group":null},{"code":"trip","label":"Trip / residential","group":null},{"code":"online","label":"Online","group":null}],"age_bands":[{"code":"under 8","label":"Under 8","group":null},{"code":"8-10","label":"8 to 10","group":null},{"code":"11-13","label":"11 to 13","group":null},{"code":"14-16","label":"14 to 16","group":null},{"code":"17-19","label":"17 to 19","group":null},{"code":"20-25","label":"20 to 25","group":null},{"code":"over 25","label":"Over 25","group":null},{"code":"unknown","label":"Not known","group":null}],"education_statuses":[{"code":"in-education","label":"In education","group":null},{"code":"in-employment","label":"In employment","group":null},{"code":"in-training","label":"In training or an apprenticeship","group":null},{"code":"neet","label":"Not in education, employment or training","group":null},{"code":"unknown","label":"Not known","group":null}],"consent_kinds":[{"code":"data","label":"Keeping their details","group":null},{"code":"photos","label":"Photos and film","group":null},{"code":"trips","label":"Trips and outings","group":null}],"consent_givers":[{"code":"young-person","label":"The young person","group":null},{"code":"parent-carer","label":"A parent or carer","group":null}],"staff_roles":[{"code":"lead","label":"Session lead","group":null},{"code":"worker","label":"Youth worker","group":null},{"code":"volunteer","label":"Volunteer","group":null},{"code":"first-aider","label":"First aider","group":null}],"course_kinds":[{"code":"safeguarding","label":"Safeguarding","group":null},{"code":"first-aid","label":"First aid","group":null},{"code":"paediatric-first-aid","label":"Paediatric first aid","group":null},{"code":"dbs","label":"DBS check","group":null},{"code":"food-hygiene","label":"Food hygiene","group":null},{"code":"mental-health-first-aid","label":"Mental health first aid","group":null},{"code":"minibus","label":"Minibus driving","group":null},{"code":"other","label":"Other","group":null}],"dbs_levels":[{"code":"enhanced","label":"Enhanced","group":null},{"code":"enhanced-barred","label":"Enhanced with barred list check","group":null},{"code":"standard","label":"Standard","group":null},{"code":"basic","label":"Basic","group":null}],"referral_kinds":[{"code":"none","label":"Not referred","group":null},{"code":"childrens-services","label":"Children's services front door / MASH","group":null},{"code":"police","label":"Police","group":null},{"code":"lado","label":"LADO (allegation against an adult)","group":null},{"code":"nspcc","label":"NSPCC","group":null},{"code":"school","label":"School or college","group":null},{"code":"health","label":"GP or health","group":null},{"code":"other","label":"Other","group":null}],"roles":[{"role":"manager","label":"Manager","hint":"Everything, including who can sign in, backups and the audit log."},{"role":"safeguarding-lead","label":"Safeguarding lead","hint":"What a leader does, and the incident and safeguarding log."},{"role":"leader","label":"Leader","hint":"Young people (with medical notes), sessions, registers, figures and returns."},{"role":"volunteer","label":"Volunteer","hint":"Registers of the sessions they staff and their own training. No medical notes."}]};

/** The permissions each role holds (recorded from clubroom-core's access table). */
export const ROLE_PERMISSIONS: Record<Role, Permission[]> = {
  "manager": ["see-young-people","edit-young-people","see-medical-notes","take-register","manage-sessions","see-staff","manage-staff","own-training","see-reports","export","import","incidents","partnership","club-settings","manage-users","see-audit-log","backups","data-rights","see-check-in-answers"],
  "safeguarding-lead": ["see-young-people","edit-young-people","see-medical-notes","take-register","manage-sessions","see-staff","own-training","see-reports","export","import","incidents","partnership"],
  "leader": ["see-young-people","edit-young-people","see-medical-notes","take-register","manage-sessions","see-staff","own-training","see-reports","export","import"],
  "volunteer": ["see-young-people","take-register","own-training"],
};

/** The zoom levels Ctrl+= and Ctrl+- step through (clubroom-core's `zoom::STEPS`). */
export const ZOOM_STEPS: number[] = [0.5,0.67,0.75,0.8,0.9,1.0,1.1,1.25,1.5,1.75,2.0,2.5,3.0];

/** The permission each command needs (null: anyone), from the core's operations. */
export const COMMAND_PERMISSIONS: Record<string, Permission | null> = {
  about: null,
  app_status: null,
  set_zoom: null,
  set_unsaved_changes: null,
  close_window: null,
  explore_demo: null,
  leave_demo: null,
  vocabulary: null,
  save_club: "club-settings",
  overview: "see-young-people",
  figures: "see-reports",
  sign_in: null,
  sign_out: null,
  lock: null,
  unlock: null,
  create_first_manager: null,
  users_list: "manage-users",
  add_user: "manage-users",
  update_user: "manage-users",
  reset_user_secret: "manage-users",
  change_own_secret: null,
  set_lock_after: "club-settings",
  audit_log: "see-audit-log",
  verify_audit_log: "see-audit-log",
  backups: "backups",
  back_up_now: "backups",
  back_up_to_folder: "backups",
  backup_preview: "backups",
  choose_backup: "backups",
  latest_good_backup: null,
  restore_backup: "backups",
  venues: "see-young-people",
  add_venue: "manage-sessions",
  update_venue: "manage-sessions",
  set_venue_archived: "manage-sessions",
  choose_import_file: "import",
  propose_import: "import",
  preview_import: "import",
  import_mapped: "import",
  cancel_import: null,
  incidents: "incidents",
  incident: "incidents",
  add_incident: "incidents",
  add_incident_update: "incidents",
  correct_incident: "incidents",
  incident_counts: "see-reports",
  measures: "see-young-people",
  save_club_scale: "club-settings",
  import_measure: "club-settings",
  checkin_plans: "see-young-people",
  save_checkin_plan: "manage-sessions",
  record_checkin: "take-register",
  checkins: "take-register",
  checkins_due: "take-register",
  distance_travelled: "see-reports",
  sustained_engagement: "see-reports",
  progression_counts: "see-reports",
  progression_kinds: "see-young-people",
  save_progression_kind: "club-settings",
  add_progression: "edit-young-people",
  progression: "see-young-people",
  partnership_destination: "partnership",
  set_partnership_destination: "partnership",
  choose_folder: null,
  due_summary_period: null,
  preview_summary: "partnership",
  send_summary: "partnership",
  retry_summaries: null,
  summary_outbox: "partnership",
  sync_log: "partnership",
  register: "take-register",
  mark_present: "take-register",
  unmark: "take-register",
  set_times: "take-register",
  add_at_door: "take-register",
  set_headcount: "take-register",
  set_session_notes: "take-register",
  save_paper_register: "export",
  export_attendance: "export",
  import_young_people: "import",
  import_attendance: "import",
  templates_list: "see-reports",
  copy_template: "club-settings",
  save_template: "club-settings",
  delete_template: "club-settings",
  export_template: "export",
  import_template: "club-settings",
  preview_return: "see-reports",
  produce_return: "export",
  save_return_register: "export",
  saved_returns: "see-reports",
  check_saved_return: "see-reports",
  save_saved_return: "export",
  projects: "see-young-people",
  add_project: "manage-sessions",
  update_project: "manage-sessions",
  set_project_archived: "manage-sessions",
  circumstances: "see-young-people",
  add_circumstance: "club-settings",
  relabel_circumstance: "club-settings",
  set_circumstance_archived: "club-settings",
  choose_logo: "club-settings",
  remove_logo: "club-settings",
  has_logo: "see-young-people",
  save_subject_access_pdf: "data-rights",
  save_subject_access_json: "data-rights",
  erasure_preview: "data-rights",
  erase_young_person: "data-rights",
  retention_rules: "data-rights",
  set_retention_rules: "data-rights",
  retention_review: "data-rights",
  apply_retention: "data-rights",
  all_series: "see-young-people",
  add_series: "manage-sessions",
  update_series: "manage-sessions",
  set_series_archived: "manage-sessions",
  sessions_between: "see-young-people",
  session: "see-young-people",
  add_session: "manage-sessions",
  update_session: "manage-sessions",
  cancel_session: "manage-sessions",
  restore_session: "manage-sessions",
  delete_session: "manage-sessions",
  outcome_frameworks: "see-young-people",
  stories: "edit-young-people",
  add_story: "edit-young-people",
  update_story: "edit-young-people",
  remove_story: "edit-young-people",
  check_story: "edit-young-people",
  people_list: "own-training",
  add_person: "manage-staff",
  update_person: "manage-staff",
  set_person_archived: "manage-staff",
  courses: "own-training",
  add_course: "manage-staff",
  update_course: "manage-staff",
  set_course_archived: "manage-staff",
  set_requirement: "manage-staff",
  staffing_policy: "see-staff",
  set_staffing_policy: "manage-staff",
  ratio_rules: "see-staff",
  set_ratio_rules: "manage-staff",
  training_records: "own-training",
  log_training: "own-training",
  update_training: "own-training",
  delete_training: "own-training",
  confirm_training: "manage-staff",
  attach_certificate: "own-training",
  training_matrix: "see-staff",
  save_training_matrix: "export",
  training_due: "own-training",
  session_staffing: "see-young-people",
  set_staffing: "manage-sessions",
  remove_staffing: "manage-sessions",
  staff_from_series: "manage-sessions",
  series_team: "see-staff",
  set_series_team: "manage-sessions",
  staff_hours: "see-reports",
  import_people: "manage-staff",
  import_training: "import",
  search_young_people: "see-young-people",
  young_person: "see-young-people",
  add_young_person: "edit-young-people",
  update_young_person: "edit-young-people",
  set_young_person_archived: "edit-young-people",
};
