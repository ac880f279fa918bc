// An in-memory backend for screen tests. It keeps just enough state to answer like the app
// does; the rules themselves are the core's and are tested there, not here.
import type { Backend, ImportProgress, ReturnFormat } from "./backend";
import { commandsOver } from "./commands";
import { emptyProfile } from "../profile";
import { COMMAND_PERMISSIONS, ROLE_PERMISSIONS, VOCABULARY } from "./bindings";
import recorded from "./recorded.json";
import recordedReturns from "./recorded-returns.json";
import recordedSearch from "./recorded-search.json";
import type {
  Finding,
  Story,
  StoryInput,
  CheckIn,
  CheckInInput,
  ProgressionCounts,
  Engagement,
  DistanceTravelled,
  Due,
  Event,
  Kind,
  Measure,
  MeasureEntry,
  Plan,
  Actor,
  AppStatus,
  Periods,
  AuditEntry,
  Filter,
  NewUser,
  Role,
  SecretKind,
  User,
  Verification,
  Circumstance,
  Framework,
  Period,
  Project,
  Return,
  ReturnRequest,
  SavedReturn,
  SavedReturnCheck,
  Series,
  Template,
  TemplateEntry,
  Course,
  DueItem,
  ErrorReport,
  Person,
  PersonInput,
  SafeStaffing,
  StaffRole,
  Headcount,
  ImportOutcome,
  ImportKind,
  Mapping,
  MappedImport,
  Proposal,
  Organisation,
  Profile,
  RegisterEntry,
  Session,
  Vocabulary,
  YoungPerson,
  YoungPersonSummary,
  DuplicateCandidate,
  Destination,
  LogEntry,
  OutboxEntry,
  Summary,
  Which,
  Change,
  Concern,
  ConcernInput,
  Incident,
  IncidentCounts,
  IncidentFilter,
  IncidentSummary,
  ReferralKind,
  UpdateInput,
  Version,
  BackupEntry,
  BackupPreview,
  BackupsOverview,
  Overview,
  Restored,
  RetentionChoice,
  RetentionReview,
  RetentionRules,
  Policy,
  RatioRule,
  Venue,
  About,
} from "./bindings";

/** The core's word lists as `vocabulary` answers them (recorded in bindings.ts). */
export const fakeVocabulary: Vocabulary = VOCABULARY;

/** A role's word as the core names it (for the fake's made-up names: "Leader Person"). */
const roleWordOf = (role: Role) => fakeVocabulary.roles.find((r) => r.role === role)?.label ?? role;

/**
 * What the real core answered, recorded by src-tauri/tests/recorded.rs through the window's
 * commands on synthetic clubs set up as the screen tests set up theirs (one scenario each),
 * and what `Store::begin` answers each role for each command. The fake replays these where a
 * rule decides the answer, so a screen test cannot pass against a rule the core does not have.
 */
interface Recorded {
  today: string;
  /** Stands for the signed-in person's name in a recorded refusal. */
  name: string;
  refusals: Record<string, Record<Role, ErrorReport | null>>;
  scenarios: Record<string, Record<string, { args: Record<string, unknown>; ok?: unknown; error?: ErrorReport }[]>>;
}
const RECORDED: Recorded = {
  ...(recorded as unknown as Recorded),
  // The returns club is recorded in its own process (recorded_returns.rs): its records
  // would change the partnership scenario's figures.
  scenarios: {
    ...(recorded as unknown as Recorded).scenarios,
    ...(recordedReturns as unknown as Pick<Recorded, "scenarios">).scenarios,
    // Young people as the core answers them (recorded_search.rs): an age given at the door.
    "door-age": (recordedSearch as unknown as Pick<Recorded, "scenarios">).scenarios["door-age"],
    // How the core folds names and typed text (recorded_search.rs): any club's, so the new club's.
    "new-club": { ...(recorded as unknown as Recorded).scenarios["new-club"], ...(recordedSearch as unknown as Pick<Recorded, "scenarios">).scenarios["new-club"] },
  },
};

/** Every scenario grows from the new club: what is not recorded in one is the new club's. */
export type Scenario = "new-club" | "partnership" | "partnership-outcomes" | "partnership-without-member-code" | "accounts" | "returns" | "returns-late-mark" | "one-concern" | "three-concerns" | "door-age";

/** A scenario that grows from another (besides the new club every one grows from). */
const GROWS_FROM: Partial<Record<Scenario, Scenario>> = { "returns-late-mark": "returns" };

/** JSON with its keys in order, so arguments compare whatever order they were written in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The error the core answered to `command` in `scenario` (the first recorded), for a test to
 *  make the fake refuse as the core does: `fake.failNext[command] = recordedError(...)`. */
export function recordedError(scenario: Scenario, command: string): ErrorReport {
  const found = RECORDED.scenarios[scenario]?.[command]?.find((call) => call.error);
  if (!found?.error) throw new Error(`No refusal of ${command} is recorded for “${scenario}”: add it to src-tauri/tests/recorded.rs.`);
  return structuredClone(found.error);
}

/** Throws the core's recorded refusal of exactly this call, if one is recorded; a call the core
 *  accepted, or one not recorded, is left to the fake's state. */
function refuseAsRecorded(scenario: Scenario, command: string, args: Record<string, unknown>): void {
  for (const name of chainOf(scenario)) {
    const found = RECORDED.scenarios[name]?.[command]?.find((call) => canonical(call.args) === canonical(args));
    if (found?.error) throw structuredClone(found.error);
    if (found) return;
  }
}

/** A scenario, what it grows from, and the new club every one grows from. */
function chainOf(scenario: Scenario): Scenario[] {
  return [scenario, GROWS_FROM[scenario], "new-club"].filter((name): name is Scenario => name !== undefined);
}

/** The core's recorded answer to `command` with these arguments: its value, or its error thrown. */
export function replay<T>(scenario: Scenario, command: string, args: Record<string, unknown> = {}): T {
  for (const name of chainOf(scenario)) {
    const found = RECORDED.scenarios[name]?.[command]?.find((call) => canonical(call.args) === canonical(args));
    if (!found) continue;
    if (found.error) throw structuredClone(found.error);
    return structuredClone(found.ok) as T;
  }
  throw error("invalid", `No answer to ${command} ${canonical(args)} is recorded for “${scenario}”: add it to src-tauri/tests/recorded.rs.`);
}



/** The periods the Home and Returns screens offer, as the core named them on the recording's
 *  today (which is the fake's). */
export function recordedPeriods(): Periods {
  return replay<Pick<AppStatus, "periods">>("new-club", "app_status").periods;
}

/** The five built-in templates, read from the same files the core builds in. */
const BUILT_IN_ORDER = ["general", "nlcf-progress", "children-in-need", "dcms-yif", "local-authority"];
const builtInFiles = import.meta.glob("../../../../assets/templates/*.json", { eager: true, import: "default" });
export function builtInTemplates(): Template[] {
  return (Object.values(builtInFiles) as Template[])
    .map((t) => structuredClone(t))
    .sort((a, b) => BUILT_IN_ORDER.indexOf(a.id) - BUILT_IN_ORDER.indexOf(b.id));
}

/**
 * A young person's search key as the core folds it (young_people::fold: accents off, Ł as L,
 * lower case), recorded by src-tauri/tests/recorded_search.rs for every name the screen tests
 * use: the fake folds nothing. (The key's reference is the recording club's.)
 */
function coreSearchKey(profile: Pick<Profile, "first_name" | "last_name" | "preferred_name">): string {
  return replay<string>("new-club", "search_key", { first_name: profile.first_name, last_name: profile.last_name, preferred_name: profile.preferred_name });
}

/** The words the core folds a typed search into (recorded_search.rs records each text typed). */
function coreSearchWords(text: string): string[] {
  return replay<string[]>("new-club", "search_words", { text });
}

/** What the fake says of a command it holds no answer for: not a rule, only that a screen test
 *  calling it must set the answer (`fake.failNext`, a recorded one) or record the core's. */
export function notInFakeMessage(command: string): string {
  return `The test fake holds no answer to ${command}: record the core's in src-tauri/tests/recorded.rs, or set one in the test.`;
}

function notInFake(command: string): never {
  throw error("invalid", notInFakeMessage(command));
}

function error(kind: ErrorReport["kind"], message: string, twins: YoungPersonSummary[] = []): ErrorReport {
  const candidates: DuplicateCandidate[] = twins.map((t) => ({
    id: t.id,
    reference: t.reference,
    first_name: t.first_name,
    last_name: t.last_name,
    preferred_name: t.preferred_name,
    date_of_birth: t.date_of_birth,
    age: t.age,
    postcode: t.postcode,
    archived: t.archived,
    last_seen: t.last_seen,
  }));
  return { kind, message, details: [], candidates };
}

/** Who the audit log names for an action before anyone has an account: the core's stand-in
 *  manager, as recorded.rs found it in the log of a new club. */
function standIn(): Pick<AuditEntry, "user_id" | "user_name" | "role"> {
  return replay("new-club", "audit_stand_in");
}

/** Someone signed in, as the core sends them: with their role's permissions. */
export function actorFor(role: Role, name = `${roleWordOf(role)} Person`, userId = 0, personId: number | null = null): Actor {
  return { user_id: userId, name, role, person_id: personId, permissions: [...ROLE_PERMISSIONS[role]] };
}

/**
 * A young person as `role` sees them: the core withholds some details from some roles, and
 * src-tauri/tests/recorded.rs records one young person with every detail given as each role
 * sees them. Each field the core withheld from `role` there (it differs from a manager's view)
 * takes the core's withheld value here; the fake keeps no list of its own.
 */
function asSeenBy(person: YoungPerson, role: Role): YoungPerson {
  const whole = replay<YoungPerson>("new-club", "young_person_seen_by", { role: "manager" });
  const seen = replay<YoungPerson>("new-club", "young_person_seen_by", { role });
  const copy = structuredClone(person);
  const profile = copy.profile as unknown as Record<string, unknown>;
  const wholeProfile = whole.profile as unknown as Record<string, unknown>;
  const seenProfile = seen.profile as unknown as Record<string, unknown>;
  for (const field of Object.keys(wholeProfile)) {
    if (canonical(wholeProfile[field]) !== canonical(seenProfile[field])) profile[field] = structuredClone(seenProfile[field]);
  }
  copy.restricted_withheld = seen.restricted_withheld;
  return copy;
}

/** The core's answer to a new password or PIN for someone of `role` (the first manager is a
 *  manager), as recorded from `add_user`: nothing, or its refusal thrown. */
function checkSecret(kind: SecretKind, secret: string, role: Role | null = null): void {
  replay("accounts", "secret", { kind, role: role ?? "manager", secret });
}

/**
 * The commands the class below does not define answer `notInFake(command)` (through `answer`,
 * so the call is counted, `failNext` and the core's recorded refusals still come first). They
 * are filled in by the constructor from the generated list of every command (`commandsOver`),
 * and this declaration, merged with the class, gives them their types: a new command needs no
 * line here, and a command the class defines must still match its generated signature.
 */
export interface FakeBackend extends Backend {}

export class FakeBackend implements Backend {
  constructor() {
    // The class's fields (every command it answers) are set before this runs.
    const unanswered = commandsOver((command) => this.answer(command, () => notInFake(command)));
    for (const [method, call] of Object.entries(unanswered)) {
      if (!(method in this)) Object.assign(this, { [method]: call });
    }
  }

  today = "2026-11-24";
  club: Organisation | null = null;
  people: YoungPerson[] = [];
  sessions: Session[] = [];
  marks = new Map<number, Map<number, { arrived: string | null; left: string | null }>>();
  headcounts = new Map<number, Headcount[]>();
  calls: string[] = [];
  /** Set to make the next call of that name fail with this report. */
  failNext: Record<string, ErrorReport> = {};

  private nextId = 1;

  private async answer<T>(name: string, value: () => T): Promise<T> {
    this.calls.push(name);
    const failure = this.failNext[name];
    if (failure) {
      delete this.failNext[name];
      throw failure;
    }
    // As the core's `begin`, with its recorded refusals. A damaged file has no club open to
    // ask: the few commands that still answer (preview and restore its backup) take the
    // damaged file's own path, as in the app.
    if (!this.problem) this.refuseAsTheCore(name);
    return value();
  }

  /** Which recorded club the answers decided by rules come from. */
  scenario: Scenario = "new-club";

  addYoung(first: string, last: string, dob: string | null = null): YoungPerson {
    const id = this.nextId++;
    const person: YoungPerson = {
      id,
      reference: `YP${String(id).padStart(5, "0")}`,
      profile: { ...emptyProfile(first, last), date_of_birth: dob, age: dob ? 12 : null },
      archived: false,
      missing: [],
      last_seen: null,
      attendances: 0,
      restricted_withheld: false,
    };
    this.people.push(person);
    return person;
  }

  addSessionToday(name: string, type: Session["session_type"] = "open-access"): Session {
    return this.addSessionOn(this.today, name, type);
  }

  addSessionOn(date: string, name: string, type: Session["session_type"] = "open-access"): Session {
    const session: Session = {
      id: this.nextId++,
      series_id: null,
      project_id: null,
      name,
      date,
      start: "18:00",
      end: "20:00",
      venue_id: null,
      venue_name: "St Mary's Hall",
      session_type: type,
      age_min: 8,
      age_max: 12,
      activities: [],
      outcomes: [],
      notes: "",
      cancelled: false,
      cancel_reason: null,
      present: 0,
      headcount: 0,
    };
    this.sessions.push(session);
    return session;
  }

  summary(person: YoungPerson): YoungPersonSummary {
    return {
      id: person.id,
      reference: person.reference,
      first_name: person.profile.first_name,
      last_name: person.profile.last_name,
      preferred_name: person.profile.preferred_name,
      date_of_birth: person.profile.date_of_birth,
      age: person.profile.age,
      gender: person.profile.gender,
      postcode: person.profile.postcode,
      archived: person.archived,
      needs_details: person.profile.date_of_birth === null,
      has_medical_notes: person.profile.medical_notes !== null,
      last_seen: null,
      search_key: coreSearchKey(person.profile),
    };
  }

  private entry(sessionId: number, personId: number, regular = false): RegisterEntry {
    const person = this.people.find((p) => p.id === personId);
    if (!person) throw error("not-found", "That young person is not on the list (they may have been removed).");
    const mark = this.marks.get(sessionId)?.get(personId);
    return {
      young_person: this.summary(person),
      present: mark !== undefined,
      arrived: mark?.arrived ?? null,
      left: mark?.left ?? null,
      regular,
      recent_attendances: regular ? 6 : 0,
    };
  }

  private sessionWithCounts(id: number): Session {
    const session = this.sessions.find((s) => s.id === id);
    if (!session) throw error("not-found", "That session no longer exists.");
    const headcount = (this.headcounts.get(id) ?? []).reduce((sum, h) => sum + h.count, 0);
    return { ...session, present: this.marks.get(id)?.size ?? 0, headcount };
  }

  /**
   * The core's likely-duplicate refusal of exactly this addition, as recorded on a club of the
   * screen tests' names (recorded_search.rs): thrown with the candidates the core named that
   * the fake holds (the same name and date of birth), its reference in the message the
   * fake's. An addition the core accepted, or one not recorded, is left to the fake's state.
   */
  private refuseAsRecordedDuplicate(command: string, args: { first_name: string; last_name: string; date_of_birth: string | null; confirmed_new: boolean }): void {
    let refusal: ErrorReport;
    try {
      refuseAsRecorded(this.scenario, command, args);
      return;
    } catch (thrown) {
      refusal = thrown as ErrorReport;
    }
    const held = refusal.candidates.flatMap((candidate) => {
      const person = this.people.find((p) => p.profile.first_name === candidate.first_name && p.profile.last_name === candidate.last_name && p.profile.date_of_birth === candidate.date_of_birth);
      return person ? [{ candidate, person }] : [];
    });
    if (held.length === 0) return;
    const message = held.reduce((text, { candidate, person }) => text.replace(candidate.reference, person.reference), refusal.message);
    throw error(refusal.kind, message, held.map(({ person }) => this.summary(person)));
  }

  appStatus = () =>
    this.answer("app_status", (): AppStatus => {
      const noAccounts = this.accounts.length === 0;
      return {
        database: "/tmp/club.sqlite3",
        exploring_demo: false,
        // An encrypted file says nothing about the club until someone signs in.
        club: this.fileLocked ? null : this.club,
        problem: structuredClone(this.problem),
        today: this.today,
        // The core's named periods as of the recording's today (the fake's too).
        periods: recordedPeriods(),
        version: "0.1.0",
        // The core's answer for the file and accounts as the fake holds them (recorded.rs); when
        // it names someone signed in, that is whoever the fake signed in (the recording's
        // names are its own).
        ...this.signingIn(noAccounts),
        // The core's answer for the file, club and accounts as the fake holds them (recorded.rs).
        needs_first_manager: replay<boolean>("new-club", "needs_first_manager", {
          locked: this.fileLocked,
          club: this.fileLocked || this.club === null ? "none" : this.club.is_demo ? "demo" : "real",
          accounts: this.fileLocked || !noAccounts,
        }),
        locked: this.locked,
        lock_after_minutes: this.lockAfterMinutes,
        sign_in_names: this.accounts.filter((a) => a.active).map((a) => a.name).sort((a, b) => a.localeCompare(b)),
      };
    });
  /** Who is signed in and whether a sign-in is asked for, as the core answered for this state. */
  private signingIn(noAccounts: boolean): Pick<AppStatus, "signed_in" | "needs_sign_in"> {
    const state = this.problem ? { problem: true } : this.fileLocked ? { locked: true } : { accounts: !noAccounts, signed_in: this.signedIn !== null };
    const core = replay<Pick<AppStatus, "signed_in" | "needs_sign_in">>("new-club", "signing_in", state);
    return { needs_sign_in: core.needs_sign_in, signed_in: core.signed_in && this.signedIn ? structuredClone(this.signedIn) : core.signed_in };
  }
  exploreDemo = () => this.answer("explore_demo", () => null);
  leaveDemo = () => this.answer("leave_demo", () => null);
  vocabulary = () => this.answer("vocabulary", () => fakeVocabulary);
  saveClub = (details: Organisation) =>
    this.answer("save_club", () => {
      this.club = details;
      return details;
    });
  overview = () =>
    this.answer("overview", () => {
      if (!this.club) throw error("not-found", "The club has not been set up yet: enter its details first.");
      // The parts the core cuts by role (concern counts, this quarter's figures), as it
      // answered each role on the scenario's club (recorded.rs); the rest is the fake's club.
      const cut = replay<Pick<Overview, "concerns_this_quarter" | "concerns_to_follow_up" | "quarter">>(this.scenario, "overview_seen_by", {
        role: this.signedIn?.role ?? "manager",
      });
      return {
        club: this.club,
        today: this.today,
        today_sessions: this.sessions.filter((s) => s.date === this.today).map((s) => this.sessionWithCounts(s.id)),
        coming_up: [],
        recent: [],
        young_people: this.people.length,
        needing_details: 0,
        ...cut,
      };
    });

  venues = () => this.answer("venues", () => replay<Venue[]>(this.scenario, "venues"));

  searchYoungPeople = (search: { text: string; limit: number; offset: number }) =>
    this.answer("search_young_people", () => {
      const words = coreSearchWords(search.text);
      // As the core (and the register, which compares the same way): a key holding every word.
      const matching = this.people.filter((p) => words.every((w) => this.summary(p).search_key.includes(w)));
      return { total: matching.length, people: matching.slice(search.offset, search.offset + (search.limit || 100)).map((p) => this.summary(p)), words };
    });
  youngPerson = (id: number) =>
    this.answer("young_person", () => {
      const person = this.people.find((p) => p.id === id);
      if (!person) throw error("not-found", "That young person is not on the list (they may have been removed).");
      return this.signedIn ? asSeenBy(person, this.signedIn.role) : person;
    });
  addYoungPerson = (_reference: string | null, profile: Profile, confirmedNew: boolean) =>
    this.answer("add_young_person", () => {
      this.refuseAsRecordedDuplicate("add_young_person", { first_name: profile.first_name, last_name: profile.last_name, date_of_birth: profile.date_of_birth, confirmed_new: confirmedNew });
      const person = this.addYoung(profile.first_name, profile.last_name, profile.date_of_birth);
      person.profile = { ...profile };
      return person;
    });
  updateYoungPerson = (id: number, _reference: string, profile: Profile) =>
    this.answer("update_young_person", () => {
      const person = this.people.find((p) => p.id === id);
      if (!person) throw error("not-found", "That young person is not on the list (they may have been removed).");
      person.profile = { ...profile };
      return person;
    });
  setYoungPersonArchived = (id: number, archived: boolean) =>
    this.answer("set_young_person_archived", () => {
      const person = this.people.find((p) => p.id === id);
      if (!person) throw error("not-found", "That young person is not on the list (they may have been removed).");
      person.archived = archived;
      return person;
    });

  seriesList: Series[] = [];
  allSeries = () => this.answer("all_series", () => this.seriesList);
  sessionsBetween = (from: string, to: string) =>
    this.answer("sessions_between", () => this.sessions.filter((s) => s.date >= from && s.date <= to).map((s) => this.sessionWithCounts(s.id)));
  session = (id: number) => this.answer("session", () => this.sessionWithCounts(id));
  cancelSession = (id: number, reason: string | null) =>
    this.answer("cancel_session", () => {
      const session = this.sessions.find((s) => s.id === id)!;
      session.cancelled = true;
      session.cancel_reason = reason;
      return this.sessionWithCounts(id);
    });
  restoreSession = (id: number) =>
    this.answer("restore_session", () => {
      const session = this.sessions.find((s) => s.id === id)!;
      session.cancelled = false;
      return this.sessionWithCounts(id);
    });
  deleteSession = () => this.answer("delete_session", () => null);
  frameworks: Framework[] = [];
  /** Which frameworks apply to the club is the core's rule: a test sets what it answers. */
  outcomeFrameworks = (_every: boolean) => this.answer("outcome_frameworks", () => this.frameworks);

  /** The first `regulars` people are expected, regulars first, as the core ranks them. */
  regulars: number[] = [];
  /** Attendances kept with no name at a session (young people erased since they came). */
  erasedPresent = new Map<number, number>();
  register = (sessionId: number) =>
    this.answer("register", () => {
      const expected = this.regulars.map((id) => this.entry(sessionId, id, true));
      const others = [...(this.marks.get(sessionId)?.keys() ?? [])]
        .filter((id) => !this.regulars.includes(id))
        .map((id) => this.entry(sessionId, id));
      return { session: this.sessionWithCounts(sessionId), entries: [...expected, ...others], headcounts: this.headcounts.get(sessionId) ?? [], recent_sessions: 8, erased_present: this.erasedPresent.get(sessionId) ?? 0 };
    });
  markPresent = (sessionId: number, youngPersonId: number) =>
    this.answer("mark_present", () => {
      const marks = this.marks.get(sessionId) ?? new Map();
      if (!marks.has(youngPersonId)) marks.set(youngPersonId, { arrived: null, left: null });
      this.marks.set(sessionId, marks);
      return this.entry(sessionId, youngPersonId);
    });
  unmark = (sessionId: number, youngPersonId: number) =>
    this.answer("unmark", () => {
      this.marks.get(sessionId)?.delete(youngPersonId);
      return this.entry(sessionId, youngPersonId);
    });
  setTimes = (sessionId: number, youngPersonId: number, arrived: string | null, left: string | null) =>
    this.answer("set_times", () => {
      const mark = this.marks.get(sessionId)?.get(youngPersonId) ?? { arrived: null, left: null };
      mark.arrived = arrived;
      mark.left = left;
      return this.entry(sessionId, youngPersonId);
    });
  addAtDoor = (sessionId: number, arrival: { first_name: string; last_name: string; date_of_birth: string | null; confirmed_new: boolean }) =>
    this.answer("add_at_door", () => {
      this.refuseAsRecordedDuplicate("add_at_door", { first_name: arrival.first_name, last_name: arrival.last_name, date_of_birth: arrival.date_of_birth, confirmed_new: arrival.confirmed_new });
      const person = this.addYoung(arrival.first_name, arrival.last_name, arrival.date_of_birth);
      const marks = this.marks.get(sessionId) ?? new Map();
      marks.set(person.id, { arrived: null, left: null });
      this.marks.set(sessionId, marks);
      return this.entry(sessionId, person.id);
    });
  setHeadcount = (sessionId: number, count: Headcount) =>
    this.answer("set_headcount", () => {
      const cells = (this.headcounts.get(sessionId) ?? []).filter((h) => h.gender !== count.gender || h.age_band !== count.age_band);
      if (count.count > 0) cells.push(count);
      this.headcounts.set(sessionId, cells);
      return cells;
    });
  setSessionNotes = (sessionId: number, notes: string) =>
    this.answer("set_session_notes", () => {
      const session = this.sessions.find((s) => s.id === sessionId)!;
      session.notes = notes.trim();
      return this.sessionWithCounts(sessionId);
    });
  savePaperRegister = () => this.answer("save_paper_register", () => "/tmp/register.pdf");
  /** What the next import answers: null is a cancelled file dialog. */
  importOutcome: ImportOutcome | null = null;
  importYoungPeople = () => this.answer("import_young_people", () => this.importOutcome);
  importAttendance = () => this.answer("import_attendance", () => this.importOutcome);
  importPeople = () => this.answer("import_people", () => this.importOutcome);
  importTraining = () => this.answer("import_training", () => this.importOutcome);

  // ---- the import wizard: tests set the core's proposal and previews; the fake keeps the
  // mappings it was sent, so a test sees what the user chose ----
  wizardFile: string | null = "/tmp/members.xlsx";
  wizardProposal: Proposal | null = null;
  /** Answers to previewImport, given the mapping sent (as the core's dry run would). */
  wizardPreview: (mapping: Mapping) => MappedImport = () => ({
    dry_run: true,
    outcome: null,
    problems: [],
    problems_total: 0,
    notes: [],
    people: [],
    people_counts: { new: 0, update: 0, unchanged: 0, doubtful: 0 },
    people_not_listed: { new: 0, update: 0, unchanged: 0, doubtful: 0 },
  });
  wizardSent: { command: string; mapping: Mapping }[] = [];
  chooseImportFile = (_kind: ImportKind) => this.answer("choose_import_file", () => this.wizardFile);
  /** Asked again with the user's mapping, the fake keeps it (the core also lists new values). */
  proposeImport = (_path: string, _kind: ImportKind, _sheet: string | null, mapping: Mapping | null) =>
    this.answer("propose_import", () => ({ ...structuredClone(this.wizardProposal!), ...(mapping ? { mapping: structuredClone(mapping) } : {}) }));
  previewImport = (_path: string, mapping: Mapping) =>
    this.answer("preview_import", () => (this.wizardSent.push({ command: "preview", mapping }), this.wizardPreview(mapping)));
  importMapped = (_path: string, mapping: Mapping) =>
    this.answer("import_mapped", () => (this.wizardSent.push({ command: "import", mapping }), { ...this.wizardPreview(mapping), dry_run: false }));
  /** The import's progress as the app would send it: a test calls `importProgress` (say, while
   *  an answer is held back) and the wizard's listeners see it. */
  private progressListeners = new Set<(progress: ImportProgress) => void>();
  importProgress(progress: ImportProgress): void {
    for (const show of this.progressListeners) show(progress);
  }
  onImportProgress = async (show: (progress: ImportProgress) => void) => {
    this.progressListeners.add(show);
    return () => void this.progressListeners.delete(show);
  };
  cancelledImports = 0;
  cancelImport = () => this.answer("cancel_import", () => (this.cancelledImports++, null));

  // ---- staff and training: kept simple; tests set what the core would answer ----
  adults: Person[] = [];
  /** The new club's course catalogue, as the core makes it. */
  courseList: Course[] = replay("new-club", "courses");
  due: DueItem[] = [];
  /** What the safe-staffing check answers; the staff list is kept in step with set/remove. */
  staffing: SafeStaffing = { session_id: 0, staff: [], adults: 0, young_people: 0, adults_needed: 2, first_aiders: 0, warnings: [] };

  private staffingAnswer(sessionId: number): SafeStaffing {
    return { ...this.staffing, session_id: sessionId, adults: this.staffing.staff.length };
  }

  // As the core: without seeing staff (volunteers), only one's own record.
  peopleList = () =>
    this.answer("people_list", () => {
      const who = this.signedIn;
      return who?.role === "volunteer" ? this.adults.filter((adult) => adult.id === who.person_id) : this.adults;
    });
  addPerson = (input: PersonInput) =>
    this.answer("add_person", () => {
      const person: Person = { id: this.nextId++, ...input, archived: false };
      this.adults.push(person);
      return person;
    });
  updatePerson = (id: number, input: PersonInput) =>
    this.answer("update_person", () => {
      const person = this.adults.find((p) => p.id === id)!;
      Object.assign(person, input);
      return person;
    });
  setPersonArchived = (id: number, archived: boolean) =>
    this.answer("set_person_archived", () => {
      const person = this.adults.find((p) => p.id === id)!;
      person.archived = archived;
      return person;
    });
  courses = () => this.answer("courses", () => this.courseList);
  staffingPolicy = () => this.answer("staffing_policy", () => replay<Policy>(this.scenario, "staffing_policy"));
  ratioRules = () => this.answer("ratio_rules", () => replay<RatioRule[]>(this.scenario, "ratio_rules"));
  trainingRecords = () => this.answer("training_records", () => []);
  deleteTraining = () => this.answer("delete_training", () => null);
  attachCertificate = () => this.answer("attach_certificate", () => null);
  saveTrainingMatrix = () => this.answer("save_training_matrix", () => null);
  exportAttendance = () => this.answer("export_attendance", () => null);
  trainingDue = () => this.answer("training_due", () => this.due);
  sessionStaffing = (sessionId: number) => this.answer("session_staffing", () => this.staffingAnswer(sessionId));
  setStaffing = (sessionId: number, personId: number, role: StaffRole, hours: number | null) =>
    this.answer("set_staffing", () => {
      const person = this.adults.find((p) => p.id === personId)!;
      const others = this.staffing.staff.filter((s) => s.person_id !== personId);
      this.staffing.staff = [...others, { person_id: personId, person_name: person.name, paid: person.paid, role, hours: hours ?? 2 }];
      return this.staffingAnswer(sessionId);
    });
  removeStaffing = (sessionId: number, personId: number) =>
    this.answer("remove_staffing", () => {
      this.staffing.staff = this.staffing.staff.filter((s) => s.person_id !== personId);
      return this.staffingAnswer(sessionId);
    });
  staffFromSeries = (sessionId: number) => this.answer("staff_from_series", () => this.staffingAnswer(sessionId));
  seriesTeam = () => this.answer("series_team", () => []);
  setSeriesTeam = () => this.answer("set_series_team", () => null);
  staffHours = () => this.answer("staff_hours", () => []);

  // ---- funder returns: figures worked out roughly from the marks above, enough for screens ----
  templates: TemplateEntry[] = builtInTemplates().map((template) => ({ template, built_in: true }));
  projectList: Project[] = [];
  /** The new club's list, as the core makes it. */
  circumstanceList: Circumstance[] = replay("new-club", "circumstances");
  saved: { saved: SavedReturn; template: Template; recordedId: number | null }[] = [];
  /** What the next save dialog answers: a path, or null when it is cancelled. */
  savePath: string | null = "/home/club/Documents/return.pdf";
  /** What the next template file dialog gives: null when it is cancelled. */
  importedTemplate: Template | null = null;
  /** Every request a preview or a produced return was asked for, latest last. */
  requests: { command: string; request: ReturnRequest; template?: Template | null; format?: string }[] = [];
  private template(id: string): Template {
    const entry = this.templates.find((e) => e.template.id === id);
    if (!entry) throw error("not-found", `There is no template called “${id}”.`);
    return entry.template;
  }

  /** A return's figures and parts, as the core counted them for this request on the
   *  returns club (recorded-returns.json): the fake counts nothing. */
  private recordedReturn(request: ReturnRequest, template: Template | null): Return {
    return replay<Return>(this.scenario, "preview_return", { request, template });
  }

  templatesList = () => this.answer("templates_list", () => structuredClone(this.templates));
  copyTemplate = (id: string, name: string) =>
    this.answer("copy_template", () => {
      const source = this.template(id);
      const clean = name.trim().replace(/\s+/g, " ");
      const base = clean.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 50) || "my-template";
      let newId = base;
      for (let n = 2; this.templates.some((e) => e.template.id === newId); n++) newId = `${base}-${n}`;
      return { ...structuredClone(source), id: newId, name: clean, version: 1 };
    });
  saveTemplate = (template: Template) =>
    this.answer("save_template", () => {
      const checked = structuredClone(template);
      const existing = this.templates.find((e) => e.template.id === checked.id);
      if (existing?.built_in) refuseAsRecorded(this.scenario, "save_template", { id: checked.id });
      if (existing) {
        if (JSON.stringify(existing.template) === JSON.stringify(checked)) return structuredClone(checked);
        checked.version = Math.max(checked.version, existing.template.version + 1);
        existing.template = checked;
      } else {
        this.templates.push({ template: checked, built_in: false });
      }
      return structuredClone(checked);
    });
  deleteTemplate = (id: string) =>
    this.answer("delete_template", () => {
      const index = this.templates.findIndex((e) => e.template.id === id && !e.built_in);
      if (index < 0) throw error("not-found", `The club has no template “${id}” of its own.`);
      this.templates.splice(index, 1);
      return null;
    });
  exportTemplate = (id: string) =>
    this.answer("export_template", () => {
      this.template(id);
      return this.savePath === null ? null : `/home/club/Documents/${id}.clubroom-template.json`;
    });
  importTemplate = () =>
    this.answer("import_template", () => {
      const template = this.importedTemplate;
      if (template === null) return null;
      return this.saveTemplateNow(template);
    });
  private saveTemplateNow(template: Template): Template {
    const checked = structuredClone(template);
    if (this.templates.some((e) => e.built_in && e.template.id === checked.id)) refuseAsRecorded(this.scenario, "import_template", { id: checked.id });
    this.templates = [...this.templates.filter((e) => e.template.id !== checked.id), { template: checked, built_in: false }];
    return checked;
  }
  previewReturn = (request: ReturnRequest, template: Template | null) =>
    this.answer("preview_return", () => {
      this.requests.push({ command: "preview_return", request: structuredClone(request), template: structuredClone(template) });
      return this.recordedReturn(request, template);
    });
  produceReturn = (request: ReturnRequest, format: ReturnFormat) =>
    this.answer("produce_return", () => {
      this.requests.push({ command: "produce_return", request: structuredClone(request), format });
      const template = this.template(request.template_id);
      const report = this.recordedReturn(request, null);
      if (this.savePath === null) return null;
      const id = this.nextId++;
      // The core's number for the same return kept on the recording's club, to replay its
      // check by; none where the tests never check it.
      let recordedId: number | null = null;
      try {
        recordedId = replay<{ saved_id: number }>(this.scenario, "produce_return", { request, format }).saved_id;
      } catch {
        recordedId = null;
      }
      this.saved.unshift({
        saved: { id, produced_at: `${this.today}T10:00:00Z`, produced_on: this.today, fingerprint: `recorded ${recordedId ?? "-"}`, report },
        template: structuredClone(template),
        recordedId,
      });
      return { saved_id: id, path: this.savePath.replace(/\.[a-z]+$/, `.${format}`) };
    });
  saveReturnRegister = (request: ReturnRequest) =>
    this.answer("save_return_register", () => {
      this.requests.push({ command: "save_return_register", request: structuredClone(request) });
      return this.savePath === null ? null : `/home/club/Documents/register-${request.period.from}-to-${request.period.to}.csv`;
    });
  savedReturns = () =>
    this.answer("saved_returns", () =>
      this.saved.map(({ saved }) => ({
        id: saved.id,
        template: saved.report.template,
        period: saved.report.period,
        covers: saved.report.covers,
        produced_at: saved.produced_at,
        produced_on: saved.produced_on,
      })),
    );
  checkSavedReturn = (id: number) =>
    this.answer("check_saved_return", () => {
      const found = this.saved.find((s) => s.saved.id === id);
      if (!found) throw error("not-found", `There is no saved return number ${id}.`);
      if (found.recordedId === null) throw error("invalid", `No check of saved return ${id} is recorded: add it to src-tauri/tests/recorded_returns.rs.`);
      // Whether the records changed and which figures differ are the core's answer on the
      // scenario's club (a test that adds a late mark picks "returns-late-mark").
      const check = replay<Pick<SavedReturnCheck, "records_changed" | "differences">>(this.scenario, "check_saved_return", { id: found.recordedId });
      return { saved: structuredClone(found.saved), ...check };
    });
  saveSavedReturn = (id: number, format: ReturnFormat) =>
    this.answer("save_saved_return", () => {
      if (!this.saved.some((s) => s.saved.id === id)) throw error("not-found", `There is no saved return number ${id}.`);
      return this.savePath === null ? null : `/home/club/Documents/saved-return-${id}.${format}`;
    });

  projects = () => this.answer("projects", () => structuredClone(this.projectList));
  addProject = (name: string, funder: string | null) =>
    this.answer("add_project", () => {
      refuseAsRecorded(this.scenario, "add_project", { name, funder });
      const project: Project = { id: this.nextId++, name: name.trim(), funder: funder?.trim() || null, archived: false };
      this.projectList.push(project);
      return structuredClone(project);
    });
  updateProject = (id: number, name: string, funder: string | null) =>
    this.answer("update_project", () => {
      const project = this.projectList.find((p) => p.id === id);
      if (!project) throw error("not-found", "That project no longer exists.");
      refuseAsRecorded(this.scenario, "update_project", { name, funder });
      project.name = name.trim();
      project.funder = funder?.trim() || null;
      return structuredClone(project);
    });
  setProjectArchived = (id: number, archived: boolean) =>
    this.answer("set_project_archived", () => {
      const project = this.projectList.find((p) => p.id === id);
      if (!project) throw error("not-found", "That project no longer exists.");
      project.archived = archived;
      return structuredClone(project);
    });
  circumstances = () => this.answer("circumstances", () => structuredClone(this.circumstanceList));
  addCircumstance = (label: string) =>
    this.answer("add_circumstance", () => {
      const clean = label.trim().replace(/\s+/g, " ");
      const code = clean.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
      refuseAsRecorded(this.scenario, "add_circumstance", { label });
      const circumstance = { code, label: clean, archived: false };
      this.circumstanceList.push(circumstance);
      return structuredClone(circumstance);
    });
  relabelCircumstance = (code: string, label: string) =>
    this.answer("relabel_circumstance", () => {
      const circumstance = this.circumstanceList.find((c) => c.code === code);
      if (!circumstance) throw error("invalid", `“${code}” is not on the list of circumstances.`);
      circumstance.label = label.trim();
      return null;
    });
  setCircumstanceArchived = (code: string, archived: boolean) =>
    this.answer("set_circumstance_archived", () => {
      const circumstance = this.circumstanceList.find((c) => c.code === code);
      if (!circumstance) throw error("invalid", `“${code}” is not on the list of circumstances.`);
      circumstance.archived = archived;
      return null;
    });

  // ---- the logo on returns ----
  logo = false;
  /** What the next picture dialog gives: false when it is cancelled. */
  logoChosen = true;
  chooseLogo = () =>
    this.answer("choose_logo", () => {
      if (!this.logoChosen) return null;
      if (!this.club) throw recordedError("new-club", "choose_logo_before_details");
      this.logo = true;
      return true;
    });
  removeLogo = () =>
    this.answer("remove_logo", () => {
      this.logo = false;
      return null;
    });
  hasLogo = () => this.answer("has_logo", () => this.logo);

  // ---- the partnership summary: an in-memory destination, outbox and log ----
  destination: Destination | null = null;
  /** The app password as the keychain would hold it (never in the club file). */
  keychainPassword: string | null = null;
  /** What the next folder dialog gives: null when it is cancelled. */
  folderChosen: string | null = "/home/club/Nextcloud/Partnership";
  /** Set to make every delivery fail with this message (the network down, a 401...). */
  deliveryFailure: { message: string; status: "waiting" | "failed" } | null = null;
  outbox: OutboxEntry[] = [];
  log: LogEntry[] = [];
  /** The clock the fake's outbox and log use. */
  now = "2026-11-24T10:15:00Z";

  partnershipDestination = () => this.answer("partnership_destination", () => structuredClone(this.destination));
  setPartnershipDestination = (destination: Destination, password: string | null) =>
    this.answer("set_partnership_destination", () => {
      const location = destination.location.trim();
      this.destination = { ...structuredClone(destination), location, user_name: destination.kind === "webdav" ? destination.user_name!.trim() : null };
      if (password) this.keychainPassword = password;
      return structuredClone(this.destination);
    });
  chooseFolder = () => this.answer("choose_folder", () => this.folderChosen);
  dueSummaryPeriod = (calendar: Destination["calendar"] | null, customPeriods: Period[]) =>
    this.answer("due_summary_period", () => replay<Period>(this.scenario, "due_summary_period", { calendar, customPeriods }));

  /** The summary the core previewed for this period on the scenario's club. */
  private buildSummary(period: Period): Summary {
    return replay<Summary>(this.scenario, "preview_summary", { from: period.from, to: period.to });
  }

  private deliver(which: Which): void {
    if (!this.destination) return;
    const destination = this.destination.kind === "webdav" ? `${this.destination.user_name} at ${this.destination.location}` : this.destination.location;
    for (const entry of this.outbox) {
      if (entry.status === "sent") continue;
      if (which === "due" && entry.next_attempt_at && entry.next_attempt_at > this.now) continue;
      entry.attempts += 1;
      const failure = this.deliveryFailure;
      if (failure) {
        entry.status = failure.status;
        entry.last_error = failure.message;
        entry.next_attempt_at = "2026-11-24T10:20:00Z";
      } else {
        entry.status = "sent";
        entry.sent_at = this.now;
        entry.last_error = null;
        entry.next_attempt_at = null;
      }
      this.log.unshift({
        id: this.log.length + 1,
        attempted_at: this.now,
        period: { ...entry.period },
        destination,
        file_names: entry.files.map((f) => f.name),
        csv_sha256: entry.files[0]?.sha256 ?? "",
        result: entry.status,
        message: failure ? failure.message : `Sent ${entry.files.length} files.`,
      });
    }
  }

  previewSummary = (from: string, to: string) => this.answer("preview_summary", () => this.buildSummary({ from, to }));
  sendSummary = (from: string, to: string, beforePeriodEnds: boolean) =>
    this.answer("send_summary", () => {
      if (!this.destination) throw recordedError("new-club", "send_summary_without_destination");
      refuseAsRecorded(this.scenario, "send_summary", { from, to, beforePeriodEnds });
      const summary = this.buildSummary({ from, to });
      const stem = `${summary.org_code}_${from}_${to}_lyp-summary-2`;
      const files = [
        { name: `${stem}.csv`, bytes: 120 + summary.rows.length * 80, sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08" },
        { name: "lyp-summary-2.schema.json", bytes: 2140, sha256: "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752" },
        { name: `${stem}_manifest.json`, bytes: 610, sha256: "fd61a03af4f77d870fc21e05e7e80678095c92d808cfb3b5c279ee04c74aca13" },
      ];
      // Sending a period again replaces its earlier entry: nothing is duplicated.
      this.outbox = this.outbox.filter((e) => !(e.period.from === from && e.period.to === to));
      this.outbox.unshift({ id: this.nextId++, period: { from, to }, status: "waiting", attempts: 0, queued_at: this.now, next_attempt_at: this.now, sent_at: null, last_error: null, files });
      this.deliver("all");
      return structuredClone(this.outbox);
    });
  retrySummaries = (which: Which) =>
    this.answer("retry_summaries", () => {
      this.deliver(which);
      return structuredClone(this.outbox);
    });
  summaryOutbox = () => this.answer("summary_outbox", () => structuredClone(this.outbox));
  syncLog = () => this.answer("sync_log", () => structuredClone(this.log));

  // ---- the incident and safeguarding log: concerns kept as versions, never deleted ----
  concerns: { id: number; versions: Version[] }[] = [];
  /** Who the fake says recorded a version. */
  actorName = "Sam Okafor";
  private concernOf(command: "add_incident" | "correct_incident", input: ConcernInput): Concern {
    refuseAsRecorded(this.scenario, command, { what_happened: input.what_happened });
    const session = input.session_id === null ? null : this.sessions.find((s) => s.id === input.session_id);
    if (session === undefined) throw error("not-found", "The session chosen no longer exists: choose another, or none.");
    const to = [...new Set(input.referral.to.filter((k) => k !== "none"))];
    const followUp = input.follow_up && input.follow_up.what.trim() ? { ...input.follow_up, what: input.follow_up.what.trim() } : null;
    return {
      occurred_on: input.occurred_on,
      occurred_at: input.occurred_at,
      session: session ? { id: session.id, name: session.name, date: session.date } : null,
      young_people: input.young_people.map((id) => {
        const person = this.people.find((p) => p.id === id);
        if (!person) throw error("not-found", `Young person number ${id} is not on the list of young people.`);
        return { id, reference: person.reference, name: `${person.profile.first_name} ${person.profile.last_name}` };
      }),
      what_happened: input.what_happened.trim(),
      action_taken: input.action_taken.trim(),
      referral: { to, detail: input.referral.detail?.trim() || null, on: to.length > 0 ? input.referral.on : null },
      follow_up: followUp,
    };
  }

  private addVersion(id: number, kind: Version["kind"], concern: Concern, extra: Partial<Version> = {}): Incident {
    let entry = this.concerns.find((c) => c.id === id);
    if (!entry) {
      entry = { id, versions: [] };
      this.concerns.push(entry);
    }
    const before = entry.versions.at(-1)?.concern;
    const changes: Change[] = [];
    if (before) {
      if (before.what_happened !== concern.what_happened) changes.push({ field: "What happened", before: before.what_happened, after: concern.what_happened });
      if (before.action_taken !== concern.action_taken) changes.push({ field: "Action taken", before: before.action_taken, after: concern.action_taken });
      if ((before.follow_up?.done ?? false) !== (concern.follow_up?.done ?? false)) changes.push({ field: "Follow-up done", before: before.follow_up?.done ? "Yes" : "No", after: concern.follow_up?.done ? "Yes" : "No" });
    }
    entry.versions.push({ number: entry.versions.length + 1, kind, note: null, noted_on: null, reason: null, recorded_by: this.actorName, recorded_at: this.now, concern, changes, ...extra });
    return this.incidentOf(entry);
  }

  private incidentOf(entry: { id: number; versions: Version[] }): Incident {
    return structuredClone({ id: entry.id, current: entry.versions.at(-1)!.concern, versions: entry.versions });
  }

  private findConcern(id: number) {
    const entry = this.concerns.find((c) => c.id === id);
    if (!entry) throw error("not-found", `There is no concern number ${id} in the incident log.`);
    return entry;
  }

  incidents = (filter: IncidentFilter) =>
    this.answer("incidents", () => {
      const open = (c: Concern) => !!c.follow_up && !c.follow_up.done;
      return this.concerns
        .map((entry): IncidentSummary => {
          const last = entry.versions.at(-1)!;
          return { id: entry.id, concern: structuredClone(last.concern), versions: entry.versions.length, recorded_by: entry.versions[0].recorded_by, last_changed_by: last.recorded_by, last_changed_at: last.recorded_at };
        })
        .filter(({ concern }) =>
          (!filter.from || concern.occurred_on >= filter.from) &&
          (!filter.to || concern.occurred_on <= filter.to) &&
          (!filter.open_only || open(concern)) &&
          (filter.young_person_id === null || concern.young_people.some((p) => p.id === filter.young_person_id)) &&
          (filter.referred_to === null || (filter.referred_to === "none" ? concern.referral.to.length === 0 : concern.referral.to.includes(filter.referred_to))),
        )
        .sort((a, b) => Number(open(b.concern)) - Number(open(a.concern)) || (open(a.concern) ? (a.concern.follow_up!.by ?? "9999") .localeCompare(b.concern.follow_up!.by ?? "9999") : 0) || b.concern.occurred_on.localeCompare(a.concern.occurred_on) || b.id - a.id);
    });
  incident = (id: number) =>
    this.answer("incident", () => {
      return this.incidentOf(this.findConcern(id));
    });
  addIncident = (input: ConcernInput) =>
    this.answer("add_incident", () => {
      return this.addVersion(this.nextId++, "recorded", this.concernOf("add_incident", input));
    });
  addIncidentUpdate = (id: number, input: UpdateInput) =>
    this.answer("add_incident_update", () => {
      const entry = this.findConcern(id);
      const current = structuredClone(entry.versions.at(-1)!.concern);
      if (input.referral) current.referral = { ...input.referral, to: input.referral.to.filter((k) => k !== "none") };
      if (input.follow_up) current.follow_up = input.follow_up;
      return this.addVersion(id, "update", current, { note: input.note.trim(), noted_on: input.on });
    });
  correctIncident = (id: number, input: ConcernInput, reason: string) =>
    this.answer("correct_incident", () => {
      this.findConcern(id);
      return this.addVersion(id, "correction", this.concernOf("correct_incident", input), { reason: reason.trim() });
    });
  incidentCounts = (from: string, to: string) =>
    this.answer("incident_counts", (): IncidentCounts => {
      const inPeriod = this.concerns.map((c) => c.versions.at(-1)!.concern).filter((c) => c.occurred_on >= from && c.occurred_on <= to);
      const kinds = fakeVocabulary.referral_kinds.map((c) => c.code as ReferralKind);
      return {
        period: { from, to },
        total: inPeriod.length,
        by_referral: kinds.map((kind) => ({ kind, count: inPeriod.filter((c) => (kind === "none" ? c.referral.to.length === 0 : c.referral.to.includes(kind))).length })),
        open_follow_ups: inPeriod.filter((c) => c.follow_up && !c.follow_up.done).length,
      };
    });

  // ---- backups: files are only names and counts here ----
  backupList: BackupEntry[] = [];
  backupProblem: string | null = null;
  /** What the folder dialog answers for "back up to a folder" (null: cancelled). */
  backupFolderChosen: string | null = null;
  /** What the file dialog answers for "restore from a file" (null: cancelled). */
  backupFileChosen: string | null = null;
  /** Why the club file cannot be opened (the status's problem), once it is known. */
  problem: ErrorReport | null = null;
  /** An encrypted club file damaged behind its key file: found only when someone unlocks. */
  damagedBehindKey: ErrorReport | null = null;
  /** The good backup offered when the club file is damaged. */
  goodBackup: BackupPreview | null = null;
  restoredFrom: string[] = [];

  fakeBackup(reason: BackupEntry["reason"], madeAt: string, folder = "/tmp/club-backups"): BackupEntry {
    const stamp = madeAt.replace(/:/g, "").replace(/\.\d+/, "").replace("+0000", "Z");
    const name = `${stamp}-${reason}.clubroom`;
    const labels: Record<BackupEntry["reason"], string> = {
      daily: "Daily backup",
      "before-migration": "Before Clubroom updated the file",
      "before-import": "Before an import",
      "before-restore": "Before a restore",
      manual: "Made by hand",
    };
    return {
      path: `${folder}/${name}`,
      file_name: name,
      made_at: madeAt,
      made_at_label: new Date(madeAt).toUTCString(),
      reason,
      reason_label: labels[reason],
      size_bytes: 245_760,
      has_keys: true,
    };
  }

  private previewOf(entry: BackupEntry): BackupPreview {
    return {
      entry: structuredClone(entry),
      club_name: this.club?.name ?? null,
      young_people: this.people.length,
      sessions: this.sessions.length,
      attendances: [...this.marks.values()].reduce((n, m) => n + m.size, 0),
      latest_session: this.sessions.map((s) => s.date).sort().at(-1) ?? null,
      schema_version: 8,
    };
  }

  backups = () =>
    this.answer("backups", (): BackupsOverview => ({ folder: "/tmp/club-backups", backups: structuredClone(this.backupList), problem: this.backupProblem }));
  backUpNow = () =>
    this.answer("back_up_now", () => {
      const made = this.fakeBackup("manual", `${this.today}T18:05:00+00:00`);
      this.backupList.unshift(made);
      return structuredClone(made);
    });
  backUpToFolder = () =>
    this.answer("back_up_to_folder", () =>
      this.backupFolderChosen === null ? null : this.fakeBackup("manual", `${this.today}T18:06:00+00:00`, this.backupFolderChosen),
    );
  backupPreview = (path: string) =>
    this.answer("backup_preview", () => {
      const entry = this.backupList.find((b) => b.path === path);
      if (!entry) throw error("not-found", `There is no backup at ${path}.`);
      return this.previewOf(entry);
    });
  chooseBackup = () =>
    this.answer("choose_backup", () =>
      this.backupFileChosen === null ? null : this.previewOf(this.fakeBackup("manual", `${this.today}T09:00:00+00:00`, this.backupFileChosen)),
    );
  latestGoodBackup = () => this.answer("latest_good_backup", () => structuredClone(this.goodBackup));
  restoreBackup = (path: string) =>
    this.answer("restore_backup", (): Restored => {
      this.restoredFrom.push(path);
      const restored_from = this.fakeBackup("manual", `${this.today}T18:05:00+00:00`);
      if (this.problem) {
        // Over a damaged file: it is set aside, and a restored encrypted file waits for sign-in.
        this.problem = null;
        this.damagedBehindKey = null;
        const damaged_kept_as = "/tmp/club.sqlite3.damaged-2026-11-24T190000Z";
        return {
          club_file: "/tmp/club.sqlite3",
          restored_from,
          before_restore: null,
          damaged_kept_as,
          not_in_it: null,
          summary: `Restored /tmp/club.sqlite3 from the backup made ${restored_from.made_at_label}: the club is as it was then. Anything recorded after ${restored_from.made_at_label} (registers taken, young people added or changed, training logged) is not in it, and the damaged file could not be read to say what: check the paper registers and notes since then. The damaged file was moved aside, unchanged, to ${damaged_kept_as}.`,
        };
      }
      const before = this.fakeBackup("before-restore", `${this.today}T19:00:00+00:00`);
      this.backupList.unshift(before);
      return {
        club_file: "/tmp/club.sqlite3",
        restored_from,
        before_restore: before,
        damaged_kept_as: null,
        not_in_it: [],
        summary: `Restored /tmp/club.sqlite3 from the backup made ${restored_from.made_at_label}: the club is as it was then. Nothing was recorded after then, so nothing is missing. The file as it was is kept as ${before.path}.`,
      };
    });

  // ---- data-protection rights ----
  /** Where a subject access file is "saved"; null answers as a cancelled dialog. */
  accessSavedTo: string | null = "/tmp/everything-held.pdf";
  /** Concerns naming each young person (blocks erasure). */
  incidentsNaming = new Map<number, number>();
  retention: RetentionRules = replay("new-club", "retention_rules");
  review: RetentionReview = {
    rules: { unseen_years: 3, register_years: 7 },
    unseen_before: "2023-11-24",
    registers_before: "2019-04-01",
    people: [],
    registers: [],
  };
  applied: RetentionChoice[] = [];

  private fakeName(id: number): { name: string; reference: string; attendances: number } {
    const person = this.people.find((p) => p.id === id);
    if (!person) throw error("not-found", "That young person is not on the list (they may have been erased already).");
    const p = person.profile;
    return {
      name: `${p.first_name} ${p.last_name}`,
      reference: person.reference,
      attendances: [...this.marks.values()].filter((m) => m.has(id)).length,
    };
  }

  saveSubjectAccessPdf = (id: number) =>
    this.answer("save_subject_access_pdf", () => (this.fakeName(id), this.accessSavedTo));
  saveSubjectAccessJson = (id: number) =>
    this.answer("save_subject_access_json", () =>
      (this.fakeName(id), this.accessSavedTo?.replace(/\.pdf$/, ".json") ?? null),
    );
  erasurePreview = (id: number) =>
    this.answer("erasure_preview", () => {
      const { name, reference, attendances } = this.fakeName(id);
      const incidents = this.incidentsNaming.get(id) ?? 0;
      return {
        young_person_id: id,
        name,
        reference,
        attendances,
        notes: 0,
        incidents,
        stories: this.storiesOnErasure(id),
        blocked: incidents > 0 ? `${name} is named in the incident log. Nothing was changed.` : null,
      };
    });
  /** As the core decides: a clean anonymous story stays (linked to no one), every other goes. */
  private storiesOnErasure(id: number) {
    const theirs = this.storyList.filter((s) => s.young_person_id === id);
    const stays = (s: Story) => s.consent === "anonymous" && s.findings.length === 0;
    return { stay: theirs.filter(stays).map((s) => s.title), go: theirs.filter((s) => !stays(s)).map((s) => s.title) };
  }
  eraseYoungPerson = (id: number, _typedName: string) =>
    this.answer("erase_young_person", () => {
      const { attendances } = this.fakeName(id);
      const stories = this.storiesOnErasure(id);
      this.people = this.people.filter((p) => p.id !== id);
      return { attendances, notes: 0, stories };
    });
  retentionRules = () => this.answer("retention_rules", () => structuredClone(this.retention));
  setRetentionRules = (rules: RetentionRules) =>
    this.answer("set_retention_rules", () => {
      this.retention = structuredClone(rules);
      this.review.rules = structuredClone(rules);
      return structuredClone(rules);
    });
  retentionReview = () => this.answer("retention_review", () => structuredClone(this.review));
  applyRetention = (choice: RetentionChoice) =>
    this.answer("apply_retention", () => {
      this.applied.push(structuredClone(choice));
      const erased = new Set(choice.erase);
      const anonymised = new Set(choice.anonymise);
      const attendances = this.review.registers
        .filter((r) => anonymised.has(r.session_id))
        .reduce((n, r) => n + r.named, 0);
      this.review.people = this.review.people.filter((p) => !erased.has(p.id));
      this.review.registers = this.review.registers.filter((r) => !anonymised.has(r.session_id));
      this.people = this.people.filter((p) => !erased.has(p.id));
      return { erased: erased.size, registers: anonymised.size, attendances };
    });

  // ---- signing in, accounts, the lock and the audit log ----
  /** Everyone who can sign in, with the secret the fake compares (the core keeps only hashes). */
  accounts: (User & { secret: string })[] = [
    { id: 9001, name: "Sam Okafor", role: "manager", person_id: null, secret_kind: "password", active: true, secret: "a long manager password" },
  ];
  signedIn: Actor | null = actorFor("manager", "Sam Okafor", 9001);
  locked = false;
  lockAfterMinutes = 10;
  /** An encrypted club file not opened yet: only the names of who may unlock it are known. */
  fileLocked = false;
  auditEntries: AuditEntry[] = [];
  /** Set to make the audit log's check find a break at this entry. */
  auditBrokenAt: number | null = null;

  /** Signs the fake in as someone with this role (an account is made if there is none). */
  signInAs(role: Role, name = `${roleWordOf(role)} Person`, personId: number | null = null): Actor {
    let account = this.accounts.find((a) => a.name === name);
    if (account) account.role = role;
    else {
      account = { id: this.nextId++, name, role, person_id: personId, secret_kind: role === "volunteer" ? "pin" : "password", active: true, secret: role === "volunteer" ? "402917" : "a long enough password" };
      this.accounts.push(account);
    }
    this.signedIn = this.actorOf(account);
    this.locked = false;
    return this.signedIn;
  }

  private actorOf(account: User): Actor {
    return actorFor(account.role, account.name, account.id, account.person_id);
  }

  private userOf(account: User & { secret: string }): User {
    const { secret: _secret, ...user } = account;
    return structuredClone(user);
  }

  /** As the core's `begin`: signed in, not locked, then the role's recorded refusal. With no
   *  accounts yet, the club's stand-in manager acts. */
  private refuseAsTheCore(command: string): void {
    if ((COMMAND_PERMISSIONS[command] ?? null) === null || this.accounts.length === 0) return;
    if (!this.signedIn) throw recordedError("accounts", "while_signed_out");
    if (this.locked) throw recordedError("accounts", "while_locked");
    const refusal = RECORDED.refusals[command]?.[this.signedIn.role];
    if (refusal) throw { ...structuredClone(refusal), message: refusal.message.replace(RECORDED.name, this.signedIn.name) };
  }
  private audit(action: string, record: string, change: string): void {
    const who = this.signedIn ? { user_id: this.signedIn.user_id, user_name: this.signedIn.name, role: this.signedIn.role } : standIn();
    const id = (this.auditEntries[0]?.id ?? 0) + 1;
    const previous = this.auditEntries[0]?.hash ?? "0".repeat(64);
    const hash = (id * 2654435761).toString(16).padStart(64, "a").slice(-64);
    this.auditEntries.unshift({ id, at: `${this.today}T18:${String(id % 60).padStart(2, "0")}:00Z`, ...who, action, record, change, described: record, previous_hash: previous, hash });
  }

  private account(id: number) {
    const account = this.accounts.find((a) => a.id === id);
    if (!account) throw error("not-found", "That person no longer has an account.");
    return account;
  }

  signIn = (name: string, secret: string) =>
    this.answer("sign_in", () => {
      const account = this.accounts.find((a) => a.name === name.trim());
      if (!account || !account.active || account.secret !== secret) throw recordedError("accounts", "sign_in");
      if (this.fileLocked && this.damagedBehindKey) {
        // As the core: the key file unlocked, the file behind it did not.
        this.problem = this.damagedBehindKey;
        throw structuredClone(this.damagedBehindKey);
      }
      this.fileLocked = false;
      this.signedIn = this.actorOf(account);
      this.locked = false;
      this.audit("sign in", "users", "signed in");
      return structuredClone(this.signedIn);
    });
  signOut = () =>
    this.answer("sign_out", () => {
      if (this.accounts.length > 0) {
        this.audit("sign out", "users", "signed out");
        this.signedIn = null;
        this.locked = false;
      }
      return null;
    });
  /** The zoom the window was last asked for (the fake has no webview to zoom). */
  zoom = 1;
  setZoom = (factor: number) =>
    this.answer("set_zoom", () => {
      this.zoom = Math.min(3, Math.max(0.5, factor));
      return null;
    });
  // The window's unsaved-changes flag and its close (set_unsaved_changes, close_window).
  unsavedChanges = false;
  windowClosed = false;
  setUnsavedChanges = (unsaved: boolean) =>
    this.answer("set_unsaved_changes", () => {
      this.unsavedChanges = unsaved;
      return null;
    });
  closeWindow = (confirmed: boolean) =>
    this.answer("close_window", () => {
      if (confirmed) this.windowClosed = true;
      return null;
    });
  lock = () =>
    this.answer("lock", () => {
      if (this.signedIn && this.accounts.length > 0) this.locked = true;
      return null;
    });
  unlock = (secret: string) =>
    this.answer("unlock", () => {
      const account = this.signedIn && this.accounts.find((a) => a.id === this.signedIn!.user_id);
      if (!account || account.secret !== secret) throw recordedError("accounts", "sign_in");
      this.locked = false;
      return null;
    });
  createFirstManager = (name: string, password: string) =>
    this.answer("create_first_manager", () => {
      checkSecret("password", password);
      const account = { id: this.nextId++, name: name.trim(), role: "manager" as Role, person_id: null, secret_kind: "password" as SecretKind, active: true, secret: password };
      this.accounts.push(account);
      this.signedIn = this.actorOf(account);
      this.audit("create the first manager", `users ${account.id}`, "added");
      return structuredClone(this.signedIn);
    });
  usersList = () =>
    this.answer("users_list", () => {
      return this.accounts
        .map((a) => this.userOf(a))
        .sort((a, b) => Number(b.active) - Number(a.active) || a.name.localeCompare(b.name));
    });
  addUser = (user: NewUser) =>
    this.answer("add_user", () => {
      const name = user.name.trim();
      checkSecret(user.secret_kind, user.secret, user.role);
      const account = { id: this.nextId++, name, role: user.role, person_id: user.person_id, secret_kind: user.secret_kind, active: true, secret: user.secret };
      this.accounts.push(account);
      this.audit("add someone who signs in", `users ${account.id}`, "added");
      return this.userOf(account);
    });
  updateUser = (id: number, role: Role, personId: number | null, active: boolean) =>
    this.answer("update_user", () => {
      const account = this.account(id);
      Object.assign(account, { role, person_id: personId, active });
      this.audit("change someone's role", `users ${id}`, "changed");
      return this.userOf(account);
    });
  resetUserSecret = (id: number, kind: SecretKind, secret: string) =>
    this.answer("reset_user_secret", () => {
      const account = this.account(id);
      checkSecret(kind, secret, account.role);
      Object.assign(account, { secret_kind: kind, secret });
      this.audit("reset a password or PIN", `users ${id}`, "changed");
      return this.userOf(account);
    });
  changeOwnSecret = (current: string, kind: SecretKind, secret: string) =>
    this.answer("change_own_secret", () => {
      const account = this.signedIn && this.accounts.find((a) => a.id === this.signedIn!.user_id);
      if (!account) throw recordedError("new-club", "change_own_secret_before_first_manager");
      if (account.secret !== current) throw recordedError("accounts", "change_own_secret");
      checkSecret(kind, secret, account.role);
      Object.assign(account, { secret_kind: kind, secret });
      this.audit("change their own password or PIN", `users ${account.id}`, "changed");
      return this.userOf(account);
    });
  setLockAfter = (minutes: number) =>
    this.answer("set_lock_after", () => {
      this.lockAfterMinutes = minutes;
      return null;
    });
  auditLog = (filter: Filter) =>
    this.answer("audit_log", () => {
      const has = (text: string, part: string | null) => !part || text.toLowerCase().includes(part.toLowerCase());
      return structuredClone(
        this.auditEntries
          .filter((e) => has(e.user_name, filter.user) && (has(e.action, filter.text) || has(e.record, filter.text)))
          .filter((e) => (!filter.from || e.at.slice(0, 10) >= filter.from) && (!filter.to || e.at.slice(0, 10) <= filter.to))
          .slice(0, filter.limit ?? 500),
      );
    });
  verifyAuditLog = () =>
    this.answer("verify_audit_log", (): Verification => {
      const broken = this.auditBrokenAt;
      return {
        entries: this.auditEntries.length,
        head: this.auditEntries[0]?.hash ?? "",
        head_sequence: this.auditEntries[0]?.id ?? 0,
        broken_at: broken,
        witnesses: [],
        problem: broken === null ? null : `Entry ${broken} does not follow from the one before: it was changed or one was taken out after it was written.`,
      };
    });

  // ---- about ----
  aboutInfo: About = {
    version: "0.1.0",
    licence: "AGPL-3.0-or-later",
    licence_name: "GNU Affero General Public License, version 3 or (at your option) any later version",
    club_file: "/tmp/club.sqlite3",
    key_file: "/tmp/club.sqlite3.keys",
    backups_folder: "/tmp/club-backups",
    rust_crates: [
      { name: "rusqlite", version: "0.43.0", licence: "MIT", repository: "github.com/rusqlite/rusqlite", authors: ["The rusqlite developers"] },
      { name: "serde", version: "1.0.228", licence: "MIT OR Apache-2.0", repository: "github.com/serde-rs/serde", authors: [] },
      { name: "tauri", version: "2.12.5", licence: "Apache-2.0 OR MIT", repository: "github.com/tauri-apps/tauri", authors: [] },
    ],
    npm_packages: [{ name: "svelte", version: "5.57.3", licence: "MIT", repository: "github.com/sveltejs/svelte", authors: [] }],
    fonts: [{ name: "Inter", version: "4", licence: "OFL-1.1", repository: "github.com/rsms/inter", authors: ["The Inter Project Authors"] }],
    font_licence_text: "The goals of the Open Font License (OFL) are to stimulate worldwide development of collaborative font projects.",
  };
  about = () => this.answer("about", () => structuredClone(this.aboutInfo));

  // ---- outcomes (issue #14): measures and who is due as a test sets them; a check-in is
  // kept as recorded. The rules (who is due, who sees answers, distance travelled) are the
  // core's, tested there. ----
  measureList: MeasureEntry[] = [];
  dueList: Due[] = [];
  checkInsRecorded: CheckInInput[] = [];
  measures = () => this.answer("measures", () => this.measureList);
  saveClubScale = (measure: Measure) =>
    this.answer("save_club_scale", (): Measure => {
      this.measureList = [...this.measureList.filter((m) => m.measure.code !== measure.code), { measure, built_in: false, registered_by: null }];
      return measure;
    });
  checkinPlans = () => this.answer("checkin_plans", (): Plan[] => []);
  recordCheckin = (input: CheckInInput) =>
    this.answer("record_checkin", (): CheckIn => {
      this.checkInsRecorded.push(structuredClone(input));
      this.dueList = this.dueList.filter((d) => !(d.young_person_id === input.young_person_id && d.measure_code === input.measure_code));
      const { measure_version, answers, ...rest } = input;
      return { ...rest, id: this.checkInsRecorded.length, young_person_id: input.young_person_id, measure_version: measure_version ?? 1, recorded_by: "Fake", answers };
    });
  /** What `checkins` answers: the core cuts the list to the person signed in (tested there
   * and in the window); a test sets the cut list the core would send. */
  checkInList: CheckIn[] = [];
  checkins = (youngPersonId: number | null) =>
    this.answer("checkins", (): CheckIn[] => this.checkInList.filter((c) => youngPersonId === null || c.young_person_id === youngPersonId));
  checkinsDue = () => this.answer("checkins_due", () => this.dueList);
  /** What distance travelled answers (the core counts it; tests set the answer). */
  distanceAnswer: DistanceTravelled | null = null;
  distanceTravelled = (period: Period) =>
    this.answer("distance_travelled", (): DistanceTravelled => {
      if (!this.distanceAnswer) notInFake("distance_travelled");
      return { ...this.distanceAnswer, period };
    });
  /** What sustained engagement and progression counts answer (the core counts them; tests
   * set the answers). */
  engagementAnswer: Engagement | null = null;
  sustainedEngagement = (period: Period) =>
    this.answer("sustained_engagement", (): Engagement => {
      if (!this.engagementAnswer) notInFake("sustained_engagement");
      return { ...this.engagementAnswer, period };
    });
  progressionCountsAnswer: ProgressionCounts | null = null;
  progressionCounts = () =>
    this.answer("progression_counts", (): ProgressionCounts => {
      if (!this.progressionCountsAnswer) notInFake("progression_counts");
      return structuredClone(this.progressionCountsAnswer);
    });
  progressionKinds = () => this.answer("progression_kinds", (): Kind[] => []);
  progression = () => this.answer("progression", (): Event[] => []);

  // ---- stories (issue #14): kept as a test sets them. Who may read which, and what the
  // anonymity check finds, are the core's (tested there); a test sets the findings. ----
  storyList: Story[] = [];
  storyFindings: Finding[] = [];
  stories = (youngPersonId: number | null) =>
    this.answer("stories", () => this.storyList.filter((s) => youngPersonId === null || s.young_person_id === youngPersonId));
  addStory = (input: StoryInput) =>
    this.answer("add_story", (): Story => {
      const story: Story = {
        ...structuredClone(input),
        id: this.storyList.length + 1,
        about: "A young person",
        recorded_by: "Fake",
        findings: input.consent === "anonymous" ? structuredClone(this.storyFindings) : [],
        ready_for_return: input.consent === "anonymous" && this.storyFindings.length === 0 && input.audience === "team",
      };
      this.storyList = [story, ...this.storyList];
      return story;
    });
  removeStory = (id: number) =>
    this.answer("remove_story", () => {
      this.storyList = this.storyList.filter((s) => s.id !== id);
      return null;
    });
  checkStory = () => this.answer("check_story", () => structuredClone(this.storyFindings));
}
