// What the screens can ask of the app. Only tauri.ts talks to Tauri; fake.ts is an in-memory
// stand-in for screen tests. Types come from bindings.ts, generated from the Rust types.
import type {
  Actor,
  AppStatus,
  AuditEntry,
  Filter,
  NewUser,
  Role,
  SecretKind,
  User,
  Verification,
  Course,
  CourseInput,
  DueItem,
  Matrix,
  MatrixFilter,
  Person,
  PersonHours,
  PersonInput,
  Policy,
  RatioRule,
  RecordInput,
  SafeStaffing,
  StaffRole,
  TeamMember,
  TrainingRecord,
  DemoSummary,
  DoorArrival,
  Figures,
  Framework,
  Headcount,
  ImportOutcome,
  Organisation,
  Overview,
  Profile,
  Register,
  RegisterEntry,
  Search,
  SearchResult,
  Series,
  SeriesInput,
  Session,
  SessionInput,
  Venue,
  VenueInput,
  Vocabulary,
  YoungPerson,
  Circumstance,
  ProducedReturn,
  Project,
  Return,
  ReturnRequest,
  SavedReturnCheck,
  SavedReturnSummary,
  Template,
  TemplateEntry,
  Destination,
  LogEntry,
  OutboxEntry,
  Summary,
  Which,
  ConcernInput,
  Incident,
  IncidentCounts,
  IncidentFilter,
  IncidentSummary,
  UpdateInput,
  BackupEntry,
  BackupPreview,
  BackupsOverview,
  Restored,
  Erased,
  ErasurePreview,
  RetentionChoice,
  RetentionDone,
  RetentionReview,
  RetentionRules,
  About,
} from "./bindings";

/** The formats a return is saved in. */
export type ReturnFormat = "pdf" | "csv" | "json";

export interface Backend {
  appStatus(): Promise<AppStatus>;

  /** Checks a name and password or PIN (an encrypted club file is unlocked with it first). */
  signIn(name: string, secret: string): Promise<Actor>;
  signOut(): Promise<null>;
  lock(): Promise<null>;
  /** The same person carries on after the app locked. */
  unlock(secret: string): Promise<null>;
  /** Encrypts a plain club file in place and makes its first manager, signed in. */
  createFirstManager(name: string, password: string): Promise<Actor>;
  /** Everyone who can sign in (managers only). */
  usersList(): Promise<User[]>;
  addUser(user: NewUser): Promise<User>;
  updateUser(id: number, role: Role, personId: number | null, active: boolean): Promise<User>;
  /** A manager sets someone's new password or PIN (for when it is forgotten). */
  resetUserSecret(id: number, kind: SecretKind, secret: string): Promise<User>;
  changeOwnSecret(current: string, kind: SecretKind, secret: string): Promise<User>;
  /** Minutes without use before the app locks itself (0: never). */
  setLockAfter(minutes: number): Promise<null>;
  /** The audit log, newest first (managers only). */
  auditLog(filter: Filter): Promise<AuditEntry[]>;
  /** Checks every entry follows from the one before. */
  verifyAuditLog(): Promise<Verification>;
  exploreDemo(): Promise<DemoSummary | null>;
  leaveDemo(): Promise<null>;
  vocabulary(): Promise<Vocabulary>;
  saveClub(details: Organisation): Promise<Organisation>;
  overview(): Promise<Overview>;
  figures(from: string, to: string): Promise<Figures>;

  venues(): Promise<Venue[]>;
  addVenue(input: VenueInput): Promise<Venue>;
  updateVenue(id: number, input: VenueInput): Promise<Venue>;
  setVenueArchived(id: number, archived: boolean): Promise<Venue>;

  searchYoungPeople(search: Search): Promise<SearchResult>;
  youngPerson(id: number): Promise<YoungPerson>;
  addYoungPerson(reference: string | null, profile: Profile, confirmedNew: boolean): Promise<YoungPerson>;
  updateYoungPerson(id: number, reference: string, profile: Profile): Promise<YoungPerson>;
  setYoungPersonArchived(id: number, archived: boolean): Promise<YoungPerson>;

  allSeries(): Promise<Series[]>;
  addSeries(input: SeriesInput): Promise<Series>;
  updateSeries(id: number, input: SeriesInput): Promise<Series>;
  setSeriesArchived(id: number, archived: boolean): Promise<Series>;
  sessionsBetween(from: string, to: string): Promise<Session[]>;
  session(id: number): Promise<Session>;
  addSession(input: SessionInput): Promise<Session>;
  updateSession(id: number, input: SessionInput): Promise<Session>;
  cancelSession(id: number, reason: string | null): Promise<Session>;
  restoreSession(id: number): Promise<Session>;
  deleteSession(id: number): Promise<null>;
  outcomeFrameworks(): Promise<Framework[]>;

  register(sessionId: number): Promise<Register>;
  markPresent(sessionId: number, youngPersonId: number): Promise<RegisterEntry>;
  unmark(sessionId: number, youngPersonId: number): Promise<RegisterEntry>;
  setTimes(sessionId: number, youngPersonId: number, arrived: string | null, left: string | null): Promise<RegisterEntry>;
  addAtDoor(sessionId: number, arrival: DoorArrival): Promise<RegisterEntry>;
  setHeadcount(sessionId: number, count: Headcount): Promise<Headcount[]>;
  setSessionNotes(sessionId: number, notes: string): Promise<Session>;
  savePaperRegister(sessionId: number): Promise<string | null>;
  importYoungPeople(): Promise<ImportOutcome | null>;
  importAttendance(): Promise<ImportOutcome | null>;

  peopleList(): Promise<Person[]>;
  addPerson(input: PersonInput): Promise<Person>;
  updatePerson(id: number, input: PersonInput): Promise<Person>;
  setPersonArchived(id: number, archived: boolean): Promise<Person>;
  courses(): Promise<Course[]>;
  addCourse(input: CourseInput): Promise<Course>;
  updateCourse(id: number, input: CourseInput): Promise<Course>;
  setCourseArchived(id: number, archived: boolean): Promise<Course>;
  setRequirement(role: StaffRole, courseId: number, required: boolean): Promise<Course>;
  staffingPolicy(): Promise<Policy>;
  setStaffingPolicy(policy: Policy): Promise<Policy>;
  ratioRules(): Promise<RatioRule[]>;
  setRatioRules(rules: RatioRule[]): Promise<RatioRule[]>;
  trainingRecords(personId: number): Promise<TrainingRecord[]>;
  logTraining(input: RecordInput): Promise<TrainingRecord>;
  updateTraining(id: number, input: RecordInput): Promise<TrainingRecord>;
  deleteTraining(id: number): Promise<null>;
  confirmTraining(id: number, by: string): Promise<TrainingRecord>;
  attachCertificate(recordId: number): Promise<TrainingRecord | null>;
  trainingMatrix(on: string | null, filter: MatrixFilter): Promise<Matrix>;
  saveTrainingMatrix(on: string | null, filter: MatrixFilter, format: "csv" | "pdf"): Promise<string | null>;
  trainingDue(withinDays: number): Promise<DueItem[]>;
  sessionStaffing(sessionId: number): Promise<SafeStaffing>;
  setStaffing(sessionId: number, personId: number, role: StaffRole, hours: number | null): Promise<SafeStaffing>;
  removeStaffing(sessionId: number, personId: number): Promise<SafeStaffing>;
  staffFromSeries(sessionId: number): Promise<SafeStaffing>;
  seriesTeam(seriesId: number): Promise<TeamMember[]>;
  setSeriesTeam(seriesId: number, team: TeamMember[]): Promise<null>;
  staffHours(from: string, to: string): Promise<PersonHours[]>;

  templatesList(): Promise<TemplateEntry[]>;
  /** A copy under a new name (its id made from the name), not saved yet. */
  copyTemplate(id: string, name: string): Promise<Template>;
  /** Saves one of the club's own templates; a change raises its version. */
  saveTemplate(template: Template): Promise<Template>;
  deleteTemplate(id: string): Promise<null>;
  /** Asks where to save the file; null if cancelled. */
  exportTemplate(id: string): Promise<string | null>;
  /** Asks for a file and adds it to the club's own templates; null if cancelled. */
  importTemplate(): Promise<Template | null>;
  /** The return on screen; with `template`, one being edited rather than the saved one. */
  previewReturn(request: ReturnRequest, template: Template | null): Promise<Return>;
  /** Asks where to save, keeps the return as sent and writes the file; null if cancelled. */
  produceReturn(request: ReturnRequest, format: ReturnFormat): Promise<ProducedReturn | null>;
  /** The de-identified register (no names) for the request's period and scope. */
  saveReturnRegister(request: ReturnRequest): Promise<string | null>;
  savedReturns(): Promise<SavedReturnSummary[]>;
  checkSavedReturn(id: number): Promise<SavedReturnCheck>;
  saveSavedReturn(id: number, format: ReturnFormat): Promise<string | null>;

  projects(): Promise<Project[]>;
  addProject(name: string, funder: string | null): Promise<Project>;
  updateProject(id: number, name: string, funder: string | null): Promise<Project>;
  setProjectArchived(id: number, archived: boolean): Promise<Project>;
  circumstances(): Promise<Circumstance[]>;
  addCircumstance(label: string): Promise<Circumstance>;
  relabelCircumstance(code: string, label: string): Promise<null>;
  setCircumstanceArchived(code: string, archived: boolean): Promise<null>;

  /** Asks for a picture and makes it the logo on funder returns; null if cancelled. */
  chooseLogo(): Promise<boolean | null>;
  removeLogo(): Promise<null>;
  hasLogo(): Promise<boolean>;

  /** Where the partnership summaries go; null until it is set. */
  partnershipDestination(): Promise<Destination | null>;
  /** A WebDAV app password, if given, goes to the OS keychain, never into the club file. */
  setPartnershipDestination(destination: Destination, password: string | null): Promise<Destination>;
  /** Asks for a folder; null if cancelled. */
  chooseFolder(): Promise<string | null>;
  /** Exactly the rows that would be sent for a period, withheld cells marked. */
  previewSummary(from: string, to: string): Promise<Summary>;
  /** Queues the period's summary and tries to deliver everything waiting; the outbox after. */
  sendSummary(from: string, to: string): Promise<OutboxEntry[]>;
  retrySummaries(which: Which): Promise<OutboxEntry[]>;
  summaryOutbox(): Promise<OutboxEntry[]>;
  syncLog(): Promise<LogEntry[]>;

  /** The incident log, open follow-ups first (managers and safeguarding leads only). */
  incidents(filter: IncidentFilter): Promise<IncidentSummary[]>;
  /** One concern as it stands, with every version. */
  incident(id: number): Promise<Incident>;
  addIncident(input: ConcernInput): Promise<Incident>;
  /** A dated note, with any referral made or follow-up changed since. */
  addIncidentUpdate(id: number, input: UpdateInput): Promise<Incident>;
  /** Corrects a concern; the reason is kept and the version before stays in its history. */
  correctIncident(id: number, input: ConcernInput, reason: string): Promise<Incident>;
  /** Numbers only, for reports. */
  incidentCounts(from: string, to: string): Promise<IncidentCounts>;

  /** The backups beside the club file, newest first (managers only). */
  backups(): Promise<BackupsOverview>;
  /** Makes a backup in the backups folder now, checked. */
  backUpNow(): Promise<BackupEntry>;
  /** Asks for a folder (a USB stick) and makes a backup there; null if cancelled. */
  backUpToFolder(): Promise<BackupEntry | null>;
  /** Checks a backup and says what it holds. */
  backupPreview(path: string): Promise<BackupPreview>;
  /** Asks for a backup file (on a USB stick) and says what it holds; null if cancelled. */
  chooseBackup(): Promise<BackupPreview | null>;
  /** The newest good backup of a damaged club file, to offer on the welcome screen. */
  latestGoodBackup(): Promise<BackupPreview | null>;
  /** Replaces the club file with the backup (the current one backed up or moved aside first). */
  restoreBackup(path: string): Promise<Restored>;

  /** Asks where to save everything held about a young person (PDF); null if cancelled. */
  saveSubjectAccessPdf(youngPersonId: number): Promise<string | null>;
  /** The same as JSON (clubroom-subject-access/1). */
  saveSubjectAccessJson(youngPersonId: number): Promise<string | null>;
  /** What erasing a young person would do, and whether it can be done. */
  erasurePreview(youngPersonId: number): Promise<ErasurePreview>;
  /** Erases a young person; `typedName` must be their name, typed to confirm. */
  eraseYoungPerson(youngPersonId: number, typedName: string): Promise<Erased>;
  retentionRules(): Promise<RetentionRules>;
  setRetentionRules(rules: RetentionRules): Promise<RetentionRules>;
  /** Who and what the retention rules say is due (changes nothing). */
  retentionReview(): Promise<RetentionReview>;
  /** Does what was ticked in the review, all at once. */
  applyRetention(choice: RetentionChoice): Promise<RetentionDone>;

  /** The version, where the club file and its backups are, and the licences of what ships. */
  about(): Promise<About>;
}

let current: Backend | null = null;

export function setBackend(backend: Backend): void {
  current = backend;
}

export function backend(): Backend {
  if (!current) throw new Error("No backend has been set");
  return current;
}

/** "mark_present" -> "markPresent" */
export function methodName(command: string): string {
  return command.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}
