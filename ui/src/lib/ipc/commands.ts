// Generated from src-tauri/src/commands/*.rs by src-tauri/build/commands.rs: one method per
// #[tauri::command], with its arguments and result as the Rust function declares them.
// Do not edit by hand: run `CLUBROOM_WRITE_BINDINGS=1 cargo test -p clubroom-app bindings`.

import type {
  About,
  Actor,
  AppStatus,
  AuditEntry,
  BackupEntry,
  BackupPreview,
  BackupsOverview,
  Calendar,
  CheckIn,
  CheckInInput,
  Circumstance,
  ConcernInput,
  Course,
  CourseInput,
  DemoSummary,
  Destination,
  DistanceTravelled,
  DoorArrival,
  Due,
  DueItem,
  Engagement,
  Erased,
  ErasurePreview,
  Event,
  EventInput,
  Figures,
  Filter,
  Finding,
  Framework,
  Headcount,
  ImportKind,
  ImportOutcome,
  Incident,
  IncidentCounts,
  IncidentFilter,
  IncidentSummary,
  Kind,
  LogEntry,
  MappedImport,
  Mapping,
  Matrix,
  MatrixFilter,
  Measure,
  MeasureEntry,
  NewUser,
  Organisation,
  OutboxEntry,
  Overview,
  Period,
  Person,
  PersonHours,
  PersonInput,
  Plan,
  PlanInput,
  Policy,
  ProducedReturn,
  Profile,
  ProgressionCounts,
  Project,
  Proposal,
  RatioRule,
  RecordInput,
  Register,
  RegisterEntry,
  Restored,
  RetentionChoice,
  RetentionDone,
  RetentionReview,
  RetentionRules,
  Return,
  ReturnRequest,
  Role,
  SafeStaffing,
  SavedReturnCheck,
  SavedReturnSummary,
  Scope,
  Search,
  SearchResult,
  SecretKind,
  Series,
  SeriesInput,
  Session,
  SessionInput,
  StaffRole,
  Story,
  StoryInput,
  Summary,
  TeamMember,
  Template,
  TemplateEntry,
  TrainingRecord,
  UpdateInput,
  User,
  Venue,
  VenueInput,
  Verification,
  Vocabulary,
  Which,
  YoungPerson,
} from "./bindings";

/** Every command the window may call. */
export const COMMANDS = [
  "about",
  "app_status",
  "set_zoom",
  "set_unsaved_changes",
  "close_window",
  "explore_demo",
  "leave_demo",
  "vocabulary",
  "save_club",
  "overview",
  "figures",
  "sign_in",
  "sign_out",
  "lock",
  "unlock",
  "create_first_manager",
  "users_list",
  "add_user",
  "update_user",
  "reset_user_secret",
  "change_own_secret",
  "set_lock_after",
  "audit_log",
  "verify_audit_log",
  "backups",
  "back_up_now",
  "back_up_to_folder",
  "backup_preview",
  "choose_backup",
  "latest_good_backup",
  "restore_backup",
  "venues",
  "add_venue",
  "update_venue",
  "set_venue_archived",
  "choose_import_file",
  "propose_import",
  "preview_import",
  "import_mapped",
  "cancel_import",
  "incidents",
  "incident",
  "add_incident",
  "add_incident_update",
  "correct_incident",
  "incident_counts",
  "measures",
  "save_club_scale",
  "import_measure",
  "checkin_plans",
  "save_checkin_plan",
  "record_checkin",
  "checkins",
  "checkins_due",
  "distance_travelled",
  "sustained_engagement",
  "progression_counts",
  "progression_kinds",
  "save_progression_kind",
  "add_progression",
  "progression",
  "partnership_destination",
  "set_partnership_destination",
  "choose_folder",
  "due_summary_period",
  "preview_summary",
  "send_summary",
  "retry_summaries",
  "summary_outbox",
  "sync_log",
  "register",
  "mark_present",
  "unmark",
  "set_times",
  "add_at_door",
  "set_headcount",
  "set_session_notes",
  "save_paper_register",
  "export_attendance",
  "import_young_people",
  "import_attendance",
  "templates_list",
  "copy_template",
  "save_template",
  "delete_template",
  "export_template",
  "import_template",
  "preview_return",
  "produce_return",
  "save_return_register",
  "saved_returns",
  "check_saved_return",
  "save_saved_return",
  "projects",
  "add_project",
  "update_project",
  "set_project_archived",
  "circumstances",
  "add_circumstance",
  "relabel_circumstance",
  "set_circumstance_archived",
  "choose_logo",
  "remove_logo",
  "has_logo",
  "save_subject_access_pdf",
  "save_subject_access_json",
  "erasure_preview",
  "erase_young_person",
  "retention_rules",
  "set_retention_rules",
  "retention_review",
  "apply_retention",
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
  "stories",
  "add_story",
  "update_story",
  "remove_story",
  "check_story",
  "people_list",
  "add_person",
  "update_person",
  "set_person_archived",
  "courses",
  "add_course",
  "update_course",
  "set_course_archived",
  "set_requirement",
  "staffing_policy",
  "set_staffing_policy",
  "ratio_rules",
  "set_ratio_rules",
  "training_records",
  "log_training",
  "update_training",
  "delete_training",
  "confirm_training",
  "attach_certificate",
  "training_matrix",
  "save_training_matrix",
  "training_due",
  "session_staffing",
  "set_staffing",
  "remove_staffing",
  "staff_from_series",
  "series_team",
  "set_series_team",
  "staff_hours",
  "import_people",
  "import_training",
  "search_young_people",
  "young_person",
  "add_young_person",
  "update_young_person",
  "set_young_person_archived",
] as const;

/** What the screens can ask of the app: one method per command. */
export interface Commands {
  /** The version, where the club file, its key file and its backups are, and the licences of everything shipped (the core's generated lists). Asks nothing of the club file, so it answers even when that file is locked or damaged. */
  about(): Promise<About>;
  /** What the window needs to know first: the club file's state, the club, who is signed in (the core's `club_file::status`). */
  appStatus(): Promise<AppStatus>;
  /** Zooms the window's page (1 is 100%; Ctrl+= / Ctrl+- / Ctrl+0 in the window): WebKit's own page zoom, so the layout reflows as a browser's does at that zoom, within the core's limits (`zoom::level`). Touches no club data. */
  setZoom(factor: number): Promise<null>;
  /** Tells the app whether a form in the window holds changes not yet saved, so that closing the window asks "Save / Discard / Keep editing" first. Touches no club data. */
  setUnsavedChanges(unsaved: boolean): Promise<null>;
  /** Closes the window once the person has answered about their unsaved changes (`confirmed`: they saved or discarded them); without it nothing closes. */
  closeWindow(confirmed: boolean): Promise<null>;
  /** Switches to the demo club file, creating the demo club the first time. */
  exploreDemo(): Promise<DemoSummary | null>;
  /** Leaves the demo for the club's own file (empty until "Set up my club"). */
  leaveDemo(): Promise<null>;
  vocabulary(): Promise<Vocabulary>;
  saveClub(details: Organisation): Promise<Organisation>;
  overview(): Promise<Overview>;
  figures(from: string, to: string): Promise<Figures>;
  /** Signs someone in, and what follows (see `ClubFile::sign_in`): an encrypted club file is unlocked with their password or PIN first. An async command runs off the window's thread, so the moment Argon2 takes does not freeze the window. */
  signIn(name: string, secret: string): Promise<Actor>;
  signOut(): Promise<null>;
  lock(): Promise<null>;
  /** The same person carries on after the app locked. */
  unlock(secret: string): Promise<null>;
  /** Protects a club: its first manager account, and the club file encrypted in place. */
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
  /** The backups beside the club file, newest first, and the last automatic backup's problem. */
  backups(): Promise<BackupsOverview>;
  /** Makes a backup into the backups folder now. */
  backUpNow(): Promise<BackupEntry>;
  /** Asks for a folder (a USB stick) and makes a backup there. `None` if cancelled. */
  backUpToFolder(): Promise<BackupEntry | null>;
  /** What a backup holds, after checking it. */
  backupPreview(path: string): Promise<BackupPreview>;
  /** Asks for a backup file (from a USB stick) and shows what it holds. `None` if cancelled. */
  chooseBackup(): Promise<BackupPreview | null>;
  /** The newest good backup of a club file that is damaged, to offer on the welcome screen. */
  latestGoodBackup(): Promise<BackupPreview | null>;
  /** Replaces the club file with a backup, then opens it again. The open file is backed up first; a damaged one (which could not be opened) is moved aside untouched. */
  restoreBackup(path: string): Promise<Restored>;
  venues(): Promise<Venue[]>;
  addVenue(input: VenueInput): Promise<Venue>;
  updateVenue(id: number, input: VenueInput): Promise<Venue>;
  setVenueArchived(id: number, archived: boolean): Promise<Venue>;
  /** Asks for a spreadsheet to import (refused before the dialog opens if the person may not import this kind of file). `None` if they cancelled. */
  chooseImportFile(kind: ImportKind): Promise<string | null>;
  /** Reads the file and suggests how to map it (a saved mapping for the same headers offered in place of the suggestion). Given the user's mapping so far, keeps it and lists the values of the columns they have newly mapped to coded fields. For an old register, the weekly series its dates may belong to. */
  proposeImport(path: string, kind: ImportKind, sheet: string | null, mapping: Mapping | null): Promise<Proposal>;
  /** Rehearses the import through the user's mapping: the counts and every problem row, nothing kept. */
  previewImport(path: string, mapping: Mapping): Promise<MappedImport>;
  /** Imports the file through the user's mapping, all or nothing; the mapping is saved under its source name if it has one. */
  importMapped(path: string, mapping: Mapping): Promise<MappedImport>;
  /** Stops the import (or dry run) running now: the core sees the flag at its next batch of rows and rolls the whole import back, so nothing is saved. Nothing running: nothing to do. */
  cancelImport(): Promise<null>;
  /** The log, filtered, open follow-ups first. */
  incidents(filter: IncidentFilter): Promise<IncidentSummary[]>;
  /** One concern as it stands, with every version. */
  incident(id: number): Promise<Incident>;
  addIncident(input: ConcernInput): Promise<Incident>;
  /** A dated note, with any referral made or follow-up changed since. */
  addIncidentUpdate(id: number, input: UpdateInput): Promise<Incident>;
  /** Corrects a concern; the reason is kept and the version before stays in its history. */
  correctIncident(id: number, input: ConcernInput, reason: string): Promise<Incident>;
  /** Numbers only: how many concerns in a period, by referral. */
  incidentCounts(from: string, to: string): Promise<IncidentCounts>;
  /** Every measure, latest versions: built in and the club's own. */
  measures(): Promise<MeasureEntry[]>;
  /** Saves a club scale made in the window (new wording becomes a new version). */
  saveClubScale(measure: Measure): Promise<Measure>;
  /** Asks for a measure file and adds it. One whose licence needs registration (SWEMWBS) is taken only when `registered` says the club has registered with its owner (the core refuses it otherwise, and keeps who confirmed). `None` if cancelled. */
  importMeasure(registered: boolean): Promise<Measure | null>;
  checkinPlans(): Promise<Plan[]>;
  /** Adds a plan (`id` none) or changes one. */
  saveCheckinPlan(id: number | null, plan: PlanInput): Promise<Plan>;
  /** Records a check-in (answered, partly skipped, or "I'd rather not"). */
  recordCheckin(input: CheckInInput): Promise<CheckIn>;
  /** A young person's check-ins (or everyone's), as the person signed in may see them. */
  checkins(youngPersonId: number | null): Promise<CheckIn[]>;
  /** Whose baseline or review is due among those marked present at a session. */
  checkinsDue(sessionId: number): Promise<Due[]>;
  distanceTravelled(period: Period, scope: Scope, measure: string | null): Promise<DistanceTravelled>;
  sustainedEngagement(period: Period): Promise<Engagement>;
  /** Progression in a period for the whole club: young people with a step, by group. */
  progressionCounts(period: Period): Promise<ProgressionCounts>;
  progressionKinds(): Promise<Kind[]>;
  /** Adds a kind to the club's list (or renames one). */
  saveProgressionKind(label: string, grouping: string): Promise<Kind>;
  addProgression(input: EventInput): Promise<Event>;
  /** A young person's progression, newest first. */
  progression(youngPersonId: number): Promise<Event[]>;
  /** Where the partnership summaries go; null until it is set. */
  partnershipDestination(): Promise<Destination | null>;
  /** Sets where summaries go. A WebDAV app password, if given, goes to the OS keychain, never into the club file. */
  setPartnershipDestination(destination: Destination, password: string | null): Promise<Destination>;
  /** Asks for a folder (a shared drive or a sync folder). `None` if cancelled. */
  chooseFolder(): Promise<string | null>;
  /** The period a summary is due for today by the partnership's calendar (none chosen yet: quarterly): the screen asks with the calendar being edited, the home card with the saved one. */
  dueSummaryPeriod(calendar: Calendar | null, customPeriods: Period[]): Promise<Period>;
  /** Exactly the rows that would be sent for a period, withheld cells marked. */
  previewSummary(from: string, to: string): Promise<Summary>;
  /** Puts a period's summary in the outbox and tries to deliver everything waiting. A period that has not ended goes only when the manager has chosen to send it before it ends. */
  sendSummary(from: string, to: string, beforePeriodEnds: boolean): Promise<OutboxEntry[]>;
  /** Tries again to deliver summaries that are waiting (`all`: the app starting, a person pressing "Try again"; `due`: only those whose wait is over). */
  retrySummaries(which: Which): Promise<OutboxEntry[]>;
  summaryOutbox(): Promise<OutboxEntry[]>;
  syncLog(): Promise<LogEntry[]>;
  register(sessionId: number): Promise<Register>;
  markPresent(sessionId: number, youngPersonId: number): Promise<RegisterEntry>;
  unmark(sessionId: number, youngPersonId: number): Promise<RegisterEntry>;
  setTimes(sessionId: number, youngPersonId: number, arrived: string | null, left: string | null): Promise<RegisterEntry>;
  addAtDoor(sessionId: number, arrival: DoorArrival): Promise<RegisterEntry>;
  setHeadcount(sessionId: number, count: Headcount): Promise<Headcount[]>;
  setSessionNotes(sessionId: number, notes: string): Promise<Session>;
  /** Makes the paper register and asks where to save it. `None` if the user cancelled. */
  savePaperRegister(sessionId: number): Promise<string | null>;
  /** Saves the attendance in a period (`from`, `to`: dates as typed) as CSV or Excel (`format`: "csv" or "xlsx"), the columns the attendance import reads, through a save dialog. `None` if the user cancelled. */
  exportAttendance(from: string, to: string, format: string): Promise<string | null>;
  /** Asks for a CSV of young people and imports it, all or nothing. */
  importYoungPeople(): Promise<ImportOutcome | null>;
  /** Asks for a CSV of attendance and imports it, all or nothing. */
  importAttendance(): Promise<ImportOutcome | null>;
  templatesList(): Promise<TemplateEntry[]>;
  /** A copy of a template under a new name, not yet saved. */
  copyTemplate(id: string, name: string): Promise<Template>;
  /** Saves one of the club's own templates; a change raises its version. */
  saveTemplate(template: Template): Promise<Template>;
  deleteTemplate(id: string): Promise<null>;
  /** Saves a template as a `.json` file to hand to others. `None` if cancelled. */
  exportTemplate(id: string): Promise<string | null>;
  /** Asks for a template file and adds it to the club's own templates. `None` if cancelled. */
  importTemplate(): Promise<Template | null>;
  /** The return on screen: with the saved template, or with one being edited. */
  previewReturn(request: ReturnRequest, template: Template | null): Promise<Return>;
  /** Produces a return for the funder: counted once, then asks where to save it, keeps it as sent and writes the file, all or nothing. `None` if cancelled. */
  produceReturn(request: ReturnRequest, format: string): Promise<ProducedReturn | null>;
  /** Saves the de-identified register (no names) for the return's period and scope. */
  saveReturnRegister(request: ReturnRequest): Promise<string | null>;
  savedReturns(): Promise<SavedReturnSummary[]>;
  /** A saved return as sent, and whether its records have changed since. */
  checkSavedReturn(id: number): Promise<SavedReturnCheck>;
  /** Saves a copy of a return exactly as it was sent. `None` if cancelled. */
  saveSavedReturn(id: number, format: string): Promise<string | null>;
  projects(): Promise<Project[]>;
  addProject(name: string, funder: string | null): Promise<Project>;
  updateProject(id: number, name: string, funder: string | null): Promise<Project>;
  setProjectArchived(id: number, archived: boolean): Promise<Project>;
  circumstances(): Promise<Circumstance[]>;
  addCircumstance(label: string): Promise<Circumstance>;
  relabelCircumstance(code: string, label: string): Promise<null>;
  setCircumstanceArchived(code: string, archived: boolean): Promise<null>;
  /** Asks for a picture and makes it the club's logo on funder returns. `None` if cancelled. */
  chooseLogo(): Promise<boolean | null>;
  removeLogo(): Promise<null>;
  /** Whether the club has a logo. */
  hasLogo(): Promise<boolean>;
  /** Asks where to save everything held about a young person (PDF); null if cancelled. */
  saveSubjectAccessPdf(youngPersonId: number): Promise<string | null>;
  /** The same as JSON (clubroom-subject-access/1). */
  saveSubjectAccessJson(youngPersonId: number): Promise<string | null>;
  /** What erasing a young person would do, and whether it can be done. */
  erasurePreview(youngPersonId: number): Promise<ErasurePreview>;
  /** Erases a young person once their name has been typed, then rewrites the file so nothing erased is left in it. */
  eraseYoungPerson(youngPersonId: number, typedName: string): Promise<Erased>;
  retentionRules(): Promise<RetentionRules>;
  setRetentionRules(rules: RetentionRules): Promise<RetentionRules>;
  /** Who and what the retention rules say is due (changes nothing). */
  retentionReview(): Promise<RetentionReview>;
  /** Does what the manager ticked in the review, in one transaction, then rewrites the file. */
  applyRetention(choice: RetentionChoice): Promise<RetentionDone>;
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
  /** The frameworks that apply to this club (what the outcome pickers offer), or with `every` all of them (Club details, where a club may add another area's). */
  outcomeFrameworks(every: boolean): Promise<Framework[]>;
  /** Stories the signed-in person may read (of one young person, or all), newest first. */
  stories(youngPersonId: number | null): Promise<Story[]>;
  addStory(input: StoryInput): Promise<Story>;
  updateStory(id: number, input: StoryInput): Promise<Story>;
  removeStory(id: number): Promise<null>;
  /** What the anonymity check finds in words being written, before they are saved. */
  checkStory(youngPersonId: number | null, text: string): Promise<Finding[]>;
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
  /** Asks for a scan or PDF of a certificate and keeps it with the record. `None` if cancelled. */
  attachCertificate(recordId: number): Promise<TrainingRecord | null>;
  trainingMatrix(on: string | null, filter: MatrixFilter): Promise<Matrix>;
  /** Saves the matrix as CSV, PDF or Excel (xlsx) through a save dialog. `None` if cancelled. */
  saveTrainingMatrix(on: string | null, filter: MatrixFilter, format: string): Promise<string | null>;
  trainingDue(withinDays: number): Promise<DueItem[]>;
  sessionStaffing(sessionId: number): Promise<SafeStaffing>;
  setStaffing(sessionId: number, personId: number, role: StaffRole, hours: number | null): Promise<SafeStaffing>;
  removeStaffing(sessionId: number, personId: number): Promise<SafeStaffing>;
  staffFromSeries(sessionId: number): Promise<SafeStaffing>;
  seriesTeam(seriesId: number): Promise<TeamMember[]>;
  setSeriesTeam(seriesId: number, team: TeamMember[]): Promise<null>;
  staffHours(from: string, to: string): Promise<PersonHours[]>;
  /** Asks for a CSV of staff and volunteers and imports it, all or nothing (the same import as `clubroom-cli import people`). */
  importPeople(): Promise<ImportOutcome | null>;
  /** Asks for a CSV of training records and imports it, all or nothing (the same import as `clubroom-cli import training`). */
  importTraining(): Promise<ImportOutcome | null>;
  searchYoungPeople(search: Search): Promise<SearchResult>;
  youngPerson(id: number): Promise<YoungPerson>;
  addYoungPerson(reference: string | null, profile: Profile, confirmedNew: boolean): Promise<YoungPerson>;
  updateYoungPerson(id: number, reference: string, profile: Profile): Promise<YoungPerson>;
  setYoungPersonArchived(id: number, archived: boolean): Promise<YoungPerson>;
}

export type Invoke = <T>(command: string, args?: Record<string, unknown>) => Promise<T>;

/** Each command over an invoke function (tauri.ts passes Tauri's). Argument keys are
 * camelCase: Tauri maps them to the Rust commands' snake_case parameters. */
export function commandsOver(invoke: Invoke): Commands {
  return {
    about: () => invoke("about"),
    appStatus: () => invoke("app_status"),
    setZoom: (factor) => invoke("set_zoom", { factor }),
    setUnsavedChanges: (unsaved) => invoke("set_unsaved_changes", { unsaved }),
    closeWindow: (confirmed) => invoke("close_window", { confirmed }),
    exploreDemo: () => invoke("explore_demo"),
    leaveDemo: () => invoke("leave_demo"),
    vocabulary: () => invoke("vocabulary"),
    saveClub: (details) => invoke("save_club", { details }),
    overview: () => invoke("overview"),
    figures: (from, to) => invoke("figures", { from, to }),
    signIn: (name, secret) => invoke("sign_in", { name, secret }),
    signOut: () => invoke("sign_out"),
    lock: () => invoke("lock"),
    unlock: (secret) => invoke("unlock", { secret }),
    createFirstManager: (name, password) => invoke("create_first_manager", { name, password }),
    usersList: () => invoke("users_list"),
    addUser: (user) => invoke("add_user", { user }),
    updateUser: (id, role, personId, active) => invoke("update_user", { id, role, personId, active }),
    resetUserSecret: (id, kind, secret) => invoke("reset_user_secret", { id, kind, secret }),
    changeOwnSecret: (current, kind, secret) => invoke("change_own_secret", { current, kind, secret }),
    setLockAfter: (minutes) => invoke("set_lock_after", { minutes }),
    auditLog: (filter) => invoke("audit_log", { filter }),
    verifyAuditLog: () => invoke("verify_audit_log"),
    backups: () => invoke("backups"),
    backUpNow: () => invoke("back_up_now"),
    backUpToFolder: () => invoke("back_up_to_folder"),
    backupPreview: (path) => invoke("backup_preview", { path }),
    chooseBackup: () => invoke("choose_backup"),
    latestGoodBackup: () => invoke("latest_good_backup"),
    restoreBackup: (path) => invoke("restore_backup", { path }),
    venues: () => invoke("venues"),
    addVenue: (input) => invoke("add_venue", { input }),
    updateVenue: (id, input) => invoke("update_venue", { id, input }),
    setVenueArchived: (id, archived) => invoke("set_venue_archived", { id, archived }),
    chooseImportFile: (kind) => invoke("choose_import_file", { kind }),
    proposeImport: (path, kind, sheet, mapping) => invoke("propose_import", { path, kind, sheet, mapping }),
    previewImport: (path, mapping) => invoke("preview_import", { path, mapping }),
    importMapped: (path, mapping) => invoke("import_mapped", { path, mapping }),
    cancelImport: () => invoke("cancel_import"),
    incidents: (filter) => invoke("incidents", { filter }),
    incident: (id) => invoke("incident", { id }),
    addIncident: (input) => invoke("add_incident", { input }),
    addIncidentUpdate: (id, input) => invoke("add_incident_update", { id, input }),
    correctIncident: (id, input, reason) => invoke("correct_incident", { id, input, reason }),
    incidentCounts: (from, to) => invoke("incident_counts", { from, to }),
    measures: () => invoke("measures"),
    saveClubScale: (measure) => invoke("save_club_scale", { measure }),
    importMeasure: (registered) => invoke("import_measure", { registered }),
    checkinPlans: () => invoke("checkin_plans"),
    saveCheckinPlan: (id, plan) => invoke("save_checkin_plan", { id, plan }),
    recordCheckin: (input) => invoke("record_checkin", { input }),
    checkins: (youngPersonId) => invoke("checkins", { youngPersonId }),
    checkinsDue: (sessionId) => invoke("checkins_due", { sessionId }),
    distanceTravelled: (period, scope, measure) => invoke("distance_travelled", { period, scope, measure }),
    sustainedEngagement: (period) => invoke("sustained_engagement", { period }),
    progressionCounts: (period) => invoke("progression_counts", { period }),
    progressionKinds: () => invoke("progression_kinds"),
    saveProgressionKind: (label, grouping) => invoke("save_progression_kind", { label, grouping }),
    addProgression: (input) => invoke("add_progression", { input }),
    progression: (youngPersonId) => invoke("progression", { youngPersonId }),
    partnershipDestination: () => invoke("partnership_destination"),
    setPartnershipDestination: (destination, password) => invoke("set_partnership_destination", { destination, password }),
    chooseFolder: () => invoke("choose_folder"),
    dueSummaryPeriod: (calendar, customPeriods) => invoke("due_summary_period", { calendar, customPeriods }),
    previewSummary: (from, to) => invoke("preview_summary", { from, to }),
    sendSummary: (from, to, beforePeriodEnds) => invoke("send_summary", { from, to, beforePeriodEnds }),
    retrySummaries: (which) => invoke("retry_summaries", { which }),
    summaryOutbox: () => invoke("summary_outbox"),
    syncLog: () => invoke("sync_log"),
    register: (sessionId) => invoke("register", { sessionId }),
    markPresent: (sessionId, youngPersonId) => invoke("mark_present", { sessionId, youngPersonId }),
    unmark: (sessionId, youngPersonId) => invoke("unmark", { sessionId, youngPersonId }),
    setTimes: (sessionId, youngPersonId, arrived, left) => invoke("set_times", { sessionId, youngPersonId, arrived, left }),
    addAtDoor: (sessionId, arrival) => invoke("add_at_door", { sessionId, arrival }),
    setHeadcount: (sessionId, count) => invoke("set_headcount", { sessionId, count }),
    setSessionNotes: (sessionId, notes) => invoke("set_session_notes", { sessionId, notes }),
    savePaperRegister: (sessionId) => invoke("save_paper_register", { sessionId }),
    exportAttendance: (from, to, format) => invoke("export_attendance", { from, to, format }),
    importYoungPeople: () => invoke("import_young_people"),
    importAttendance: () => invoke("import_attendance"),
    templatesList: () => invoke("templates_list"),
    copyTemplate: (id, name) => invoke("copy_template", { id, name }),
    saveTemplate: (template) => invoke("save_template", { template }),
    deleteTemplate: (id) => invoke("delete_template", { id }),
    exportTemplate: (id) => invoke("export_template", { id }),
    importTemplate: () => invoke("import_template"),
    previewReturn: (request, template) => invoke("preview_return", { request, template }),
    produceReturn: (request, format) => invoke("produce_return", { request, format }),
    saveReturnRegister: (request) => invoke("save_return_register", { request }),
    savedReturns: () => invoke("saved_returns"),
    checkSavedReturn: (id) => invoke("check_saved_return", { id }),
    saveSavedReturn: (id, format) => invoke("save_saved_return", { id, format }),
    projects: () => invoke("projects"),
    addProject: (name, funder) => invoke("add_project", { name, funder }),
    updateProject: (id, name, funder) => invoke("update_project", { id, name, funder }),
    setProjectArchived: (id, archived) => invoke("set_project_archived", { id, archived }),
    circumstances: () => invoke("circumstances"),
    addCircumstance: (label) => invoke("add_circumstance", { label }),
    relabelCircumstance: (code, label) => invoke("relabel_circumstance", { code, label }),
    setCircumstanceArchived: (code, archived) => invoke("set_circumstance_archived", { code, archived }),
    chooseLogo: () => invoke("choose_logo"),
    removeLogo: () => invoke("remove_logo"),
    hasLogo: () => invoke("has_logo"),
    saveSubjectAccessPdf: (youngPersonId) => invoke("save_subject_access_pdf", { youngPersonId }),
    saveSubjectAccessJson: (youngPersonId) => invoke("save_subject_access_json", { youngPersonId }),
    erasurePreview: (youngPersonId) => invoke("erasure_preview", { youngPersonId }),
    eraseYoungPerson: (youngPersonId, typedName) => invoke("erase_young_person", { youngPersonId, typedName }),
    retentionRules: () => invoke("retention_rules"),
    setRetentionRules: (rules) => invoke("set_retention_rules", { rules }),
    retentionReview: () => invoke("retention_review"),
    applyRetention: (choice) => invoke("apply_retention", { choice }),
    allSeries: () => invoke("all_series"),
    addSeries: (input) => invoke("add_series", { input }),
    updateSeries: (id, input) => invoke("update_series", { id, input }),
    setSeriesArchived: (id, archived) => invoke("set_series_archived", { id, archived }),
    sessionsBetween: (from, to) => invoke("sessions_between", { from, to }),
    session: (id) => invoke("session", { id }),
    addSession: (input) => invoke("add_session", { input }),
    updateSession: (id, input) => invoke("update_session", { id, input }),
    cancelSession: (id, reason) => invoke("cancel_session", { id, reason }),
    restoreSession: (id) => invoke("restore_session", { id }),
    deleteSession: (id) => invoke("delete_session", { id }),
    outcomeFrameworks: (every) => invoke("outcome_frameworks", { every }),
    stories: (youngPersonId) => invoke("stories", { youngPersonId }),
    addStory: (input) => invoke("add_story", { input }),
    updateStory: (id, input) => invoke("update_story", { id, input }),
    removeStory: (id) => invoke("remove_story", { id }),
    checkStory: (youngPersonId, text) => invoke("check_story", { youngPersonId, text }),
    peopleList: () => invoke("people_list"),
    addPerson: (input) => invoke("add_person", { input }),
    updatePerson: (id, input) => invoke("update_person", { id, input }),
    setPersonArchived: (id, archived) => invoke("set_person_archived", { id, archived }),
    courses: () => invoke("courses"),
    addCourse: (input) => invoke("add_course", { input }),
    updateCourse: (id, input) => invoke("update_course", { id, input }),
    setCourseArchived: (id, archived) => invoke("set_course_archived", { id, archived }),
    setRequirement: (role, courseId, required) => invoke("set_requirement", { role, courseId, required }),
    staffingPolicy: () => invoke("staffing_policy"),
    setStaffingPolicy: (policy) => invoke("set_staffing_policy", { policy }),
    ratioRules: () => invoke("ratio_rules"),
    setRatioRules: (rules) => invoke("set_ratio_rules", { rules }),
    trainingRecords: (personId) => invoke("training_records", { personId }),
    logTraining: (input) => invoke("log_training", { input }),
    updateTraining: (id, input) => invoke("update_training", { id, input }),
    deleteTraining: (id) => invoke("delete_training", { id }),
    confirmTraining: (id, by) => invoke("confirm_training", { id, by }),
    attachCertificate: (recordId) => invoke("attach_certificate", { recordId }),
    trainingMatrix: (on, filter) => invoke("training_matrix", { on, filter }),
    saveTrainingMatrix: (on, filter, format) => invoke("save_training_matrix", { on, filter, format }),
    trainingDue: (withinDays) => invoke("training_due", { withinDays }),
    sessionStaffing: (sessionId) => invoke("session_staffing", { sessionId }),
    setStaffing: (sessionId, personId, role, hours) => invoke("set_staffing", { sessionId, personId, role, hours }),
    removeStaffing: (sessionId, personId) => invoke("remove_staffing", { sessionId, personId }),
    staffFromSeries: (sessionId) => invoke("staff_from_series", { sessionId }),
    seriesTeam: (seriesId) => invoke("series_team", { seriesId }),
    setSeriesTeam: (seriesId, team) => invoke("set_series_team", { seriesId, team }),
    staffHours: (from, to) => invoke("staff_hours", { from, to }),
    importPeople: () => invoke("import_people"),
    importTraining: () => invoke("import_training"),
    searchYoungPeople: (search) => invoke("search_young_people", { search }),
    youngPerson: (id) => invoke("young_person", { id }),
    addYoungPerson: (reference, profile, confirmedNew) => invoke("add_young_person", { reference, profile, confirmedNew }),
    updateYoungPerson: (id, reference, profile) => invoke("update_young_person", { id, reference, profile }),
    setYoungPersonArchived: (id, archived) => invoke("set_young_person_archived", { id, archived }),
  };
}
