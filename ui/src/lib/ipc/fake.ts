// An in-memory backend for screen tests. It keeps just enough state to answer like the app
// does; the rules themselves are the core's and are tested there, not here.
import type { Backend } from "./backend";
import { emptyProfile } from "../profile";
import type {
  Course,
  DueItem,
  ErrorReport,
  Person,
  PersonInput,
  SafeStaffing,
  StaffRole,
  Headcount,
  ImportOutcome,
  Organisation,
  Profile,
  RegisterEntry,
  Session,
  Vocabulary,
  YoungPerson,
  YoungPersonSummary,
} from "./bindings";

const choice = (code: string, label = code, group: string | null = null) => ({ code, label, group });

export const fakeVocabulary: Vocabulary = {
  genders: ["female", "male", "non-binary", "other", "prefer not to say", "unknown"].map((c) => choice(c)),
  ethnicities: [choice("Indian", "Asian: Indian", "asian"), choice("Irish", "White: Irish", "white")],
  ethnicity_groups: ["asian", "black", "mixed", "white", "other", "prefer not to say", "unknown"].map((c) => choice(c)),
  disabilities: ["yes", "no", "prefer not to say", "unknown"].map((c) => choice(c)),
  session_types: ["open-access", "targeted", "one-to-one", "detached", "trip", "online"].map((c) => choice(c)),
  age_bands: ["under 8", "8-10", "11-13", "14-16", "17-19", "20-25", "over 25", "unknown"].map((c) => choice(c)),
  education_statuses: ["in-education", "in-employment", "in-training", "neet", "unknown"].map((c) => choice(c)),
  consent_kinds: ["data", "photos", "trips"].map((c) => choice(c)),
  consent_givers: ["young-person", "parent-carer"].map((c) => choice(c)),
  staff_roles: ["lead", "worker", "volunteer", "first-aider"].map((c) => choice(c)),
  course_kinds: ["safeguarding", "first-aid", "paediatric-first-aid", "dbs", "other"].map((c) => choice(c)),
  dbs_levels: ["enhanced", "enhanced-barred", "standard", "basic"].map((c) => choice(c)),
};

function error(kind: ErrorReport["kind"], message: string, candidates: YoungPersonSummary[] = []): ErrorReport {
  return { kind, message, details: [], candidates };
}

export class FakeBackend implements Backend {
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
    return value();
  }

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
    };
    this.people.push(person);
    return person;
  }

  addSessionToday(name: string, type: Session["session_type"] = "open-access"): Session {
    const session: Session = {
      id: this.nextId++,
      series_id: null,
      name,
      date: this.today,
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
    };
  }

  private entry(sessionId: number, personId: number, regular = false): RegisterEntry {
    const person = this.people.find((p) => p.id === personId);
    if (!person) throw error("not-found", "That young person is not on the list.");
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

  appStatus = () =>
    this.answer("app_status", () => ({
      database: "/tmp/club.sqlite3",
      exploring_demo: false,
      club: this.club,
      problem: null,
      today: this.today,
      version: "0.1.0",
    }));
  exploreDemo = () => this.answer("explore_demo", () => null);
  leaveDemo = () => this.answer("leave_demo", () => null);
  vocabulary = () => this.answer("vocabulary", () => fakeVocabulary);
  saveClub = (details: Organisation) =>
    this.answer("save_club", () => {
      if (!details.name.trim()) throw error("invalid", "Enter the club's name.");
      this.club = details;
      return details;
    });
  overview = () =>
    this.answer("overview", () => {
      if (!this.club) throw error("not-found", "The club has not been set up yet.");
      return {
        club: this.club,
        today: this.today,
        today_sessions: this.sessions.filter((s) => s.date === this.today).map((s) => this.sessionWithCounts(s.id)),
        coming_up: [],
        recent: [],
        young_people: this.people.length,
        needing_details: 0,
        quarter: {
          period: { from: "2026-10-01", to: this.today },
          measures: {
            sessions: 0,
            delivery_hours: 0,
            attendances: 0,
            unique_young_people: 0,
            new_young_people: 0,
            contact_hours: 0,
            anonymous_contacts: 0,
            volunteers: 0,
            staff: 0,
            volunteer_hours: 0,
            staff_hours: 0,
            volunteer_value_gbp: 0,
            training_compliance: null,
          },
          breakdowns: {},
        },
      };
    });
  figures = () => this.answer("figures", () => { throw error("invalid", "Not in the fake"); });

  venues = () => this.answer("venues", () => []);
  addVenue = () => this.answer("add_venue", () => { throw error("invalid", "Not in the fake"); });
  updateVenue = () => this.answer("update_venue", () => { throw error("invalid", "Not in the fake"); });
  setVenueArchived = () => this.answer("set_venue_archived", () => { throw error("invalid", "Not in the fake"); });

  searchYoungPeople = (search: { text: string; limit: number; offset: number }) =>
    this.answer("search_young_people", () => {
      const words = search.text.toLowerCase().split(/\s+/).filter(Boolean);
      const matching = this.people.filter((p) => {
        const text = `${p.profile.first_name} ${p.profile.last_name} ${p.reference}`.toLowerCase();
        return words.every((w) => text.includes(w));
      });
      return { total: matching.length, people: matching.slice(search.offset, search.offset + (search.limit || 100)).map((p) => this.summary(p)) };
    });
  youngPerson = (id: number) =>
    this.answer("young_person", () => {
      const person = this.people.find((p) => p.id === id);
      if (!person) throw error("not-found", "That young person is not on the list.");
      return person;
    });
  addYoungPerson = (_reference: string | null, profile: Profile, confirmedNew: boolean) =>
    this.answer("add_young_person", () => {
      const twins = this.people.filter(
        (p) =>
          p.profile.first_name.toLowerCase() === profile.first_name.toLowerCase() &&
          p.profile.last_name.toLowerCase() === profile.last_name.toLowerCase() &&
          p.profile.date_of_birth === profile.date_of_birth,
      );
      if (twins.length > 0 && !confirmedNew) {
        throw error("likely-duplicate", `${profile.first_name} ${profile.last_name} may already be on the list.`, twins.map((t) => this.summary(t)));
      }
      const person = this.addYoung(profile.first_name, profile.last_name, profile.date_of_birth);
      person.profile = { ...profile };
      return person;
    });
  updateYoungPerson = (id: number, _reference: string, profile: Profile) =>
    this.answer("update_young_person", () => {
      const person = this.people.find((p) => p.id === id);
      if (!person) throw error("not-found", "That young person is not on the list.");
      person.profile = { ...profile };
      return person;
    });
  setYoungPersonArchived = (id: number, archived: boolean) =>
    this.answer("set_young_person_archived", () => {
      const person = this.people.find((p) => p.id === id);
      if (!person) throw error("not-found", "That young person is not on the list.");
      person.archived = archived;
      return person;
    });

  allSeries = () => this.answer("all_series", () => []);
  addSeries = () => this.answer("add_series", () => { throw error("invalid", "Not in the fake"); });
  updateSeries = () => this.answer("update_series", () => { throw error("invalid", "Not in the fake"); });
  setSeriesArchived = () => this.answer("set_series_archived", () => { throw error("invalid", "Not in the fake"); });
  sessionsBetween = (from: string, to: string) =>
    this.answer("sessions_between", () => this.sessions.filter((s) => s.date >= from && s.date <= to).map((s) => this.sessionWithCounts(s.id)));
  session = (id: number) => this.answer("session", () => this.sessionWithCounts(id));
  addSession = () => this.answer("add_session", () => { throw error("invalid", "Not in the fake"); });
  updateSession = () => this.answer("update_session", () => { throw error("invalid", "Not in the fake"); });
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
  outcomeFrameworks = () => this.answer("outcome_frameworks", () => []);

  /** The first `regulars` people are expected, regulars first, as the core ranks them. */
  regulars: number[] = [];
  register = (sessionId: number) =>
    this.answer("register", () => {
      const expected = this.regulars.map((id) => this.entry(sessionId, id, true));
      const others = [...(this.marks.get(sessionId)?.keys() ?? [])]
        .filter((id) => !this.regulars.includes(id))
        .map((id) => this.entry(sessionId, id));
      return { session: this.sessionWithCounts(sessionId), entries: [...expected, ...others], headcounts: this.headcounts.get(sessionId) ?? [], recent_sessions: 8 };
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
      const mark = this.marks.get(sessionId)?.get(youngPersonId);
      if (!mark) throw error("invalid", "Mark them present before recording their times.");
      mark.arrived = arrived;
      mark.left = left;
      return this.entry(sessionId, youngPersonId);
    });
  addAtDoor = (sessionId: number, arrival: { first_name: string; last_name: string; date_of_birth: string | null; confirmed_new: boolean }) =>
    this.answer("add_at_door", () => {
      if (!arrival.first_name.trim()) throw error("invalid", "Enter their first name.");
      const twins = this.people.filter((p) => p.profile.first_name === arrival.first_name && p.profile.last_name === arrival.last_name);
      if (twins.length > 0 && !arrival.confirmed_new) {
        throw error("likely-duplicate", `${arrival.first_name} ${arrival.last_name} may already be on the list.`, twins.map((t) => this.summary(t)));
      }
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

  // ---- staff and training: kept simple; tests set what the core would answer ----
  adults: Person[] = [];
  courseList: Course[] = [];
  due: DueItem[] = [];
  /** What the safe-staffing check answers; the staff list is kept in step with set/remove. */
  staffing: SafeStaffing = { session_id: 0, staff: [], adults: 0, young_people: 0, adults_needed: 2, first_aiders: 0, warnings: [] };

  private staffingAnswer(sessionId: number): SafeStaffing {
    return { ...this.staffing, session_id: sessionId, adults: this.staffing.staff.length };
  }

  peopleList = () => this.answer("people_list", () => this.adults);
  addPerson = (input: PersonInput) =>
    this.answer("add_person", () => {
      if (!input.name.trim()) throw error("invalid", "Enter the person's name.");
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
  addCourse = () => this.answer("add_course", () => { throw error("invalid", "Not in the fake"); });
  updateCourse = () => this.answer("update_course", () => { throw error("invalid", "Not in the fake"); });
  setCourseArchived = () => this.answer("set_course_archived", () => { throw error("invalid", "Not in the fake"); });
  setRequirement = () => this.answer("set_requirement", () => { throw error("invalid", "Not in the fake"); });
  staffingPolicy = () => this.answer("staffing_policy", () => ({ minimum_adults: 2, expiry_warning_days: 60 }));
  setStaffingPolicy = () => this.answer("set_staffing_policy", () => { throw error("invalid", "Not in the fake"); });
  ratioRules = () => this.answer("ratio_rules", () => []);
  setRatioRules = () => this.answer("set_ratio_rules", () => { throw error("invalid", "Not in the fake"); });
  trainingRecords = () => this.answer("training_records", () => []);
  logTraining = () => this.answer("log_training", () => { throw error("invalid", "Not in the fake"); });
  updateTraining = () => this.answer("update_training", () => { throw error("invalid", "Not in the fake"); });
  deleteTraining = () => this.answer("delete_training", () => null);
  confirmTraining = () => this.answer("confirm_training", () => { throw error("invalid", "Not in the fake"); });
  attachCertificate = () => this.answer("attach_certificate", () => null);
  trainingMatrix = () => this.answer("training_matrix", () => { throw error("invalid", "Not in the fake"); });
  saveTrainingMatrix = () => this.answer("save_training_matrix", () => null);
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
}
