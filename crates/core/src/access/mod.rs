//! Who may do what. Every operation the app or the command line offers asks for one
//! [`Permission`]; each [`Role`] holds a fixed set of them. The table here is the one in
//! docs/permissions.md, and a test checks the two agree, so the document cannot drift.
//!
//! The check lives in the core, never in the window: a hidden button is not a permission.
//! Rules finer than one permission (a volunteer sees only the registers of the sessions they
//! staff; medical notes are left out of a profile for those who may not see them) are applied
//! by the module that owns the data, using the signed-in [`Actor`].

use serde::{Deserialize, Serialize};

use rusqlite::Connection;

use crate::error::{Error, Result};
pub use crate::vocab::Role;

/// One thing a person may be allowed to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Permission {
    /// Names and the basic details needed to take a register.
    SeeYoungPeople,
    /// Add, edit, archive young people; consents, contacts.
    EditYoungPeople,
    /// Medical and allergy notes, and the sensitive circumstances.
    SeeMedicalNotes,
    /// Mark present or absent, arrival and leaving times, headcounts, adding at the door.
    TakeRegister,
    /// Create, change and cancel sessions and series; projects.
    ManageSessions,
    /// See staff and volunteers, their training and the safe-staffing checks.
    SeeStaff,
    /// Add and change staff, courses, role requirements and anyone's training.
    ManageStaff,
    /// Record and see one's own training.
    OwnTraining,
    /// Figures, funder returns and their previews.
    SeeReports,
    /// Anything that writes a file of the club's data: returns, CSVs, PDFs, registers.
    Export,
    /// Import young people or attendance from a file.
    Import,
    /// The incident and safeguarding log: details, adding and correcting.
    Incidents,
    /// The partnership summary: destination, preview, sending.
    Partnership,
    /// The club's details, logo, templates, ratios, policies and lock time.
    ClubSettings,
    /// Add people who sign in, change their roles, reset their passwords.
    ManageUsers,
    /// Read the audit log.
    SeeAuditLog,
    /// Back up, and restore from a backup.
    Backups,
    /// Subject access exports, erasure and the retention review.
    DataRights,
    /// The answers of check-ins recorded by anyone (everyone sees those they recorded).
    SeeCheckInAnswers,
}

impl Permission {
    pub const ALL: &'static [Permission] = &[
        Permission::SeeYoungPeople,
        Permission::EditYoungPeople,
        Permission::SeeMedicalNotes,
        Permission::TakeRegister,
        Permission::ManageSessions,
        Permission::SeeStaff,
        Permission::ManageStaff,
        Permission::OwnTraining,
        Permission::SeeReports,
        Permission::Export,
        Permission::Import,
        Permission::Incidents,
        Permission::Partnership,
        Permission::ClubSettings,
        Permission::ManageUsers,
        Permission::SeeAuditLog,
        Permission::Backups,
        Permission::DataRights,
        Permission::SeeCheckInAnswers,
    ];

    /// How the permission reads in messages and docs/permissions.md.
    pub fn describe(self) -> &'static str {
        match self {
            Permission::SeeYoungPeople => "see young people",
            Permission::EditYoungPeople => "add or change young people",
            Permission::SeeMedicalNotes => "see medical notes and circumstances",
            Permission::TakeRegister => "take registers",
            Permission::ManageSessions => "plan and change sessions",
            Permission::SeeStaff => "see staff and their training",
            Permission::ManageStaff => "manage staff and training",
            Permission::OwnTraining => "record their own training",
            Permission::SeeReports => "see figures and returns",
            Permission::Export => "export or print the club's data",
            Permission::Import => "import files",
            Permission::Incidents => "see and record incidents",
            Permission::Partnership => "send the partnership summary",
            Permission::ClubSettings => "change the club's settings",
            Permission::ManageUsers => "manage who can sign in",
            Permission::SeeAuditLog => "read the audit log",
            Permission::Backups => "back up and restore",
            Permission::DataRights => "handle data-protection requests",
            Permission::SeeCheckInAnswers => "see the answers of everyone's check-ins",
        }
    }
}

/// Whether `role` holds `permission`.
pub fn allowed(role: Role, permission: Permission) -> bool {
    use Permission::*;
    match role {
        Role::Manager => true,
        Role::SafeguardingLead => !matches!(
            permission,
            ManageStaff
                | ClubSettings
                | ManageUsers
                | SeeAuditLog
                | Backups
                | DataRights
                | SeeCheckInAnswers
        ),
        Role::Leader => !matches!(
            permission,
            ManageStaff
                | Incidents
                | ClubSettings
                | ManageUsers
                | SeeAuditLog
                | Backups
                | DataRights
                | Partnership
                | SeeCheckInAnswers
        ),
        Role::Volunteer => matches!(permission, SeeYoungPeople | TakeRegister | OwnTraining),
    }
}

/// The person signed in, as the core sees them while it does something on their behalf.
/// It reaches the window as [`SignedIn`], with the permissions their role holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(into = "SignedIn")]
pub struct Actor {
    pub user_id: i64,
    pub name: String,
    pub role: Role,
    /// Their record among staff and volunteers, if linked: a volunteer's registers and
    /// training are found through it.
    pub person_id: Option<i64>,
}

/// The person signed in as the window sees them: who they are and every permission their
/// role holds, worked out here, so the window hides what a role cannot use without keeping
/// its own copy of the role table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "Actor"))]
pub struct SignedIn {
    pub user_id: i64,
    pub name: String,
    pub role: Role,
    pub person_id: Option<i64>,
    pub permissions: Vec<Permission>,
}

impl From<Actor> for SignedIn {
    fn from(actor: Actor) -> SignedIn {
        SignedIn {
            permissions: permissions_of(actor.role),
            user_id: actor.user_id,
            name: actor.name,
            role: actor.role,
            person_id: actor.person_id,
        }
    }
}

/// Every permission `role` holds, in the order of [`Permission::ALL`].
pub fn permissions_of(role: Role) -> Vec<Permission> {
    Permission::ALL
        .iter()
        .copied()
        .filter(|p| allowed(role, *p))
        .collect()
}

impl Actor {
    pub fn can(&self, permission: Permission) -> bool {
        allowed(self.role, permission)
    }

    /// Ok if the actor holds `permission`, else a refusal that says what and why.
    pub fn require(&self, permission: Permission) -> Result<()> {
        if self.can(permission) {
            return Ok(());
        }
        Err(Error::Denied(format!(
            "Signed in as {} ({}), you cannot {}. Ask a manager if you need to.",
            self.name,
            self.role.label().to_lowercase(),
            permission.describe()
        )))
    }

    /// Nobody yet: the stand-in until someone signs in on a file that has accounts. A
    /// volunteer's role, the narrowest, in case anything reads it before the check that
    /// refuses everything to someone not signed in.
    pub fn not_signed_in() -> Actor {
        Actor {
            user_id: 0,
            name: "Not signed in".to_owned(),
            role: Role::Volunteer,
            person_id: None,
        }
    }

    /// A manager standing for the club itself, for tests, demos and first-run set-up.
    pub fn club_manager() -> Actor {
        Actor {
            user_id: 0,
            name: "Clubroom".to_owned(),
            role: Role::Manager,
            person_id: None,
        }
    }
}

/// Declares every operation the app and the command line offer, with the permission it
/// needs (`None`: open to anyone, signed in or not), how the audit log names it, whether the
/// window offers it (as the command of the same name) and which CLI subcommands perform it.
/// docs/permissions.md is generated from this table, and the core, CLI and window tests
/// check every cell of it.
macro_rules! operations {
    ($($variant:ident = $code:literal, $permission:expr, $label:literal, $window:literal, [$($cli:literal),*];)+) => {
        /// One thing a person does through the app or the command line. The window and the
        /// CLI name the operation; the core decides whether the signed-in person may.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Operation {
            $($variant,)+
        }

        impl Operation {
            pub const ALL: &'static [Operation] = &[$(Operation::$variant,)+];

            /// The name of the app command (and the row of docs/permissions.md).
            pub fn code(self) -> &'static str {
                match self { $(Operation::$variant => $code,)+ }
            }

            /// How the audit log describes it.
            pub fn label(self) -> &'static str {
                match self { $(Operation::$variant => $label,)+ }
            }

            pub fn permission(self) -> Option<Permission> {
                use Permission::*;
                match self { $(Operation::$variant => $permission,)+ }
            }

            pub fn from_code(code: &str) -> Option<Operation> {
                Operation::ALL.iter().copied().find(|op| op.code() == code)
            }

            /// Whether the window offers it, as the command named [`Operation::code`].
            pub fn in_window(self) -> bool {
                match self { $(Operation::$variant => $window,)+ }
            }

            /// The `clubroom-cli` subcommands that perform it (none: the window only).
            pub fn cli_commands(self) -> &'static [&'static str] {
                match self { $(Operation::$variant => &[$($cli),*],)+ }
            }
        }
    };
}

operations! {
    AppStatus = "app_status", None, "open the app", true, [];
    SetZoom = "set_zoom", None, "zoom the window", true, [];
    ExploreDemo = "explore_demo", None, "explore the demo club", true, ["demo"];
    LeaveDemo = "leave_demo", None, "leave the demo club", true, [];
    Vocabulary = "vocabulary", None, "read the word lists", true, [];
    SaveClub = "save_club", Some(ClubSettings), "save the club's details", true, ["init"];
    Overview = "overview", Some(SeeYoungPeople), "see the home screen", true, [];
    Figures = "figures", Some(SeeReports), "see figures", true, ["stats"];
    Venues = "venues", Some(SeeYoungPeople), "see venues", true, ["venue list"];
    AddVenue = "add_venue", Some(ManageSessions), "add a venue", true, ["venue add"];
    UpdateVenue = "update_venue", Some(ManageSessions), "change a venue", true, [];
    SetVenueArchived = "set_venue_archived", Some(ManageSessions), "archive a venue", true, [];
    SearchYoungPeople = "search_young_people", Some(SeeYoungPeople), "search young people", true, ["young-people list"];
    YoungPerson = "young_person", Some(SeeYoungPeople), "open a young person", true, [];
    AddYoungPerson = "add_young_person", Some(EditYoungPeople), "add a young person", true, ["young-people add"];
    UpdateYoungPerson = "update_young_person", Some(EditYoungPeople), "change a young person", true, [];
    SetYoungPersonArchived = "set_young_person_archived", Some(EditYoungPeople), "archive a young person", true, ["young-people archive", "young-people restore"];
    AllSeries = "all_series", Some(SeeYoungPeople), "see session series", true, ["series list"];
    AddSeries = "add_series", Some(ManageSessions), "add a series", true, ["series add"];
    UpdateSeries = "update_series", Some(ManageSessions), "change a series", true, [];
    SetSeriesArchived = "set_series_archived", Some(ManageSessions), "stop a series", true, [];
    SessionsBetween = "sessions_between", Some(SeeYoungPeople), "see sessions", true, ["sessions list"];
    Session = "session", Some(SeeYoungPeople), "open a session", true, [];
    AddSession = "add_session", Some(ManageSessions), "add a session", true, ["sessions add"];
    UpdateSession = "update_session", Some(ManageSessions), "change a session", true, [];
    CancelSession = "cancel_session", Some(ManageSessions), "cancel a session", true, ["sessions cancel"];
    RestoreSession = "restore_session", Some(ManageSessions), "restore a session", true, ["sessions restore"];
    DeleteSession = "delete_session", Some(ManageSessions), "delete a session", true, [];
    OutcomeFrameworks = "outcome_frameworks", Some(SeeYoungPeople), "see outcome frameworks", true, [];
    Register = "register", Some(TakeRegister), "open a register", true, ["register show"];
    MarkPresent = "mark_present", Some(TakeRegister), "mark present", true, ["register mark", "register take"];
    Unmark = "unmark", Some(TakeRegister), "undo a mark", true, ["register unmark"];
    SetTimes = "set_times", Some(TakeRegister), "set arrival and leaving times", true, ["register times"];
    AddAtDoor = "add_at_door", Some(TakeRegister), "add a young person at the door", true, ["register door"];
    SetHeadcount = "set_headcount", Some(TakeRegister), "set a headcount", true, ["register headcount"];
    SetSessionNotes = "set_session_notes", Some(TakeRegister), "write session notes", true, ["register notes"];
    SavePaperRegister = "save_paper_register", Some(Export), "print a paper register", true, ["paper-register"];
    ImportYoungPeople = "import_young_people", Some(Import), "import young people", true, ["import young-people"];
    ImportAttendance = "import_attendance", Some(Import), "import attendance", true, ["import attendance"];
    ExportAttendance = "export_attendance", Some(Export), "export attendance", true, ["export attendance"];
    // Every row adds or changes a member of staff: only those who may do that by hand may import them.
    ImportPeople = "import_people", Some(ManageStaff), "import staff and volunteers", true, ["import people"];
    ImportTraining = "import_training", Some(Import), "import training records", true, ["import training"];
    // The wizard's steps: each asks again for the kind's own import operation as it runs.
    ChooseImportFile = "choose_import_file", Some(Import), "choose a file to import", true, [];
    ProposeImport = "propose_import", Some(Import), "read a file to import and suggest its mapping", true, [];
    PreviewImport = "preview_import", Some(Import), "rehearse an import (a dry run)", true, [];
    ImportMapped = "import_mapped", Some(Import), "import a file through a mapping", true, [];
    PeopleList = "people_list", Some(OwnTraining), "see staff and volunteers (or only oneself)", true, ["people list"];
    AddPerson = "add_person", Some(ManageStaff), "add a member of staff", true, ["people add"];
    UpdatePerson = "update_person", Some(ManageStaff), "change a member of staff", true, [];
    SetPersonArchived = "set_person_archived", Some(ManageStaff), "archive a member of staff", true, [];
    Courses = "courses", Some(OwnTraining), "see courses", true, ["training courses"];
    AddCourse = "add_course", Some(ManageStaff), "add a course", true, [];
    UpdateCourse = "update_course", Some(ManageStaff), "change a course", true, ["training validity"];
    SetCourseArchived = "set_course_archived", Some(ManageStaff), "archive a course", true, [];
    SetRequirement = "set_requirement", Some(ManageStaff), "change role requirements", true, ["training require"];
    StaffingPolicy = "staffing_policy", Some(SeeStaff), "see the staffing policy", true, [];
    SetStaffingPolicy = "set_staffing_policy", Some(ManageStaff), "change the staffing policy", true, [];
    RatioRules = "ratio_rules", Some(SeeStaff), "see ratio rules", true, [];
    SetRatioRules = "set_ratio_rules", Some(ManageStaff), "change ratio rules", true, [];
    TrainingRecords = "training_records", Some(OwnTraining), "see training records", true, ["training records"];
    LogTraining = "log_training", Some(OwnTraining), "log training", true, ["training log"];
    UpdateTraining = "update_training", Some(OwnTraining), "change a training record", true, [];
    DeleteTraining = "delete_training", Some(OwnTraining), "delete a training record", true, [];
    ConfirmTraining = "confirm_training", Some(ManageStaff), "confirm training", true, ["training confirm"];
    AttachCertificate = "attach_certificate", Some(OwnTraining), "attach a certificate", true, [];
    TrainingMatrix = "training_matrix", Some(SeeStaff), "see the training matrix", true, ["training matrix"];
    SaveTrainingMatrix = "save_training_matrix", Some(Export), "export the training matrix", true, ["training matrix --csv/--pdf/--xlsx"];
    TrainingDue = "training_due", Some(OwnTraining), "see training due", true, ["training due"];
    SessionStaffing = "session_staffing", Some(SeeYoungPeople), "see who is staffing", true, ["staffing show"];
    SetStaffing = "set_staffing", Some(ManageSessions), "change staffing", true, ["staffing add"];
    RemoveStaffing = "remove_staffing", Some(ManageSessions), "remove staffing", true, ["staffing remove"];
    StaffFromSeries = "staff_from_series", Some(ManageSessions), "staff from the series team", true, [];
    SeriesTeam = "series_team", Some(SeeStaff), "see a series team", true, [];
    SetSeriesTeam = "set_series_team", Some(ManageSessions), "change a series team", true, [];
    StaffHours = "staff_hours", Some(SeeReports), "see staff hours", true, ["staffing hours"];
    TemplatesList = "templates_list", Some(SeeReports), "see templates", true, ["templates list"];
    CopyTemplate = "copy_template", Some(ClubSettings), "copy a template", true, [];
    SaveTemplate = "save_template", Some(ClubSettings), "change a template", true, [];
    DeleteTemplate = "delete_template", Some(ClubSettings), "delete a template", true, ["templates delete"];
    ExportTemplate = "export_template", Some(Export), "export a template", true, ["templates export"];
    ImportTemplate = "import_template", Some(ClubSettings), "import a template", true, ["templates import"];
    PreviewReturn = "preview_return", Some(SeeReports), "preview a return", true, [];
    ProduceReturn = "produce_return", Some(Export), "produce a return", true, ["report"];
    SaveReturnRegister = "save_return_register", Some(Export), "export the de-identified register", true, [];
    SavedReturns = "saved_returns", Some(SeeReports), "see saved returns", true, ["returns list"];
    CheckSavedReturn = "check_saved_return", Some(SeeReports), "check a saved return", true, ["returns check"];
    SaveSavedReturn = "save_saved_return", Some(Export), "export a saved return", true, ["returns write"];
    Projects = "projects", Some(SeeYoungPeople), "see projects", true, [];
    AddProject = "add_project", Some(ManageSessions), "add a project", true, [];
    UpdateProject = "update_project", Some(ManageSessions), "change a project", true, [];
    SetProjectArchived = "set_project_archived", Some(ManageSessions), "archive a project", true, [];
    Circumstances = "circumstances", Some(SeeYoungPeople), "see the circumstances list", true, [];
    AddCircumstance = "add_circumstance", Some(ClubSettings), "add a circumstance", true, [];
    RelabelCircumstance = "relabel_circumstance", Some(ClubSettings), "rename a circumstance", true, [];
    SetCircumstanceArchived = "set_circumstance_archived", Some(ClubSettings), "archive a circumstance", true, [];
    ChooseLogo = "choose_logo", Some(ClubSettings), "choose the logo", true, [];
    RemoveLogo = "remove_logo", Some(ClubSettings), "remove the logo", true, [];
    HasLogo = "has_logo", Some(SeeYoungPeople), "see the logo", true, [];
    PartnershipDestination = "partnership_destination", Some(Partnership), "see the partnership destination", true, [];
    SetPartnershipDestination = "set_partnership_destination", Some(Partnership), "set the partnership destination", true, ["summary destination"];
    ChooseFolder = "choose_folder", None, "choose a folder", true, [];
    PreviewSummary = "preview_summary", Some(Partnership), "preview the partnership summary", true, [];
    SendSummary = "send_summary", Some(Partnership), "send the partnership summary", true, ["summary send"];
    SaveSummary = "save_summary", Some(Partnership), "write the partnership summary to a folder", false, ["summary write"];
    RetrySummaries = "retry_summaries", None, "retry waiting summaries", true, [];
    DueSummaryPeriod = "due_summary_period", None, "work out the period a summary is due for", true, [];
    SummaryOutbox = "summary_outbox", Some(Partnership), "see the outbox", true, ["summary outbox"];
    SyncLog = "sync_log", Some(Partnership), "see the sync log", true, ["summary log"];
    MergePartnership = "merge_partnership", None, "merge the member groups' summaries (the partnership's side: no club file)", false, ["partnership merge"];
    SignIn = "sign_in", None, "sign in", true, [];
    Lock = "lock", None, "lock the app", true, [];
    Unlock = "unlock", None, "unlock the app", true, [];
    SignOut = "sign_out", None, "sign out", true, [];
    CreateFirstManager = "create_first_manager", None, "create the first manager", true, [];
    UsersList = "users_list", Some(ManageUsers), "see who can sign in", true, ["users list"];
    AddUser = "add_user", Some(ManageUsers), "add someone who signs in", true, ["users add"];
    UpdateUser = "update_user", Some(ManageUsers), "change someone's role", true, [];
    ResetUserSecret = "reset_user_secret", Some(ManageUsers), "reset a password or PIN", true, ["users reset"];
    ChangeOwnSecret = "change_own_secret", None, "change their own password or PIN", true, ["users password"];
    SetLockAfter = "set_lock_after", Some(ClubSettings), "change the lock time", true, [];
    AuditLog = "audit_log", Some(SeeAuditLog), "read the audit log", true, ["audit list"];
    VerifyAuditLog = "verify_audit_log", Some(SeeAuditLog), "check the audit log", true, ["audit verify"];
    SaveSubjectAccessPdf = "save_subject_access_pdf", Some(DataRights), "export everything held about a young person (PDF)", true, ["rights access --out *.pdf"];
    SaveSubjectAccessJson = "save_subject_access_json", Some(DataRights), "export everything held about a young person (JSON)", true, ["rights access --out *.json"];
    ErasurePreview = "erasure_preview", Some(DataRights), "preview an erasure", true, [];
    EraseYoungPerson = "erase_young_person", Some(DataRights), "erase a young person", true, ["rights erase"];
    RetentionRules = "retention_rules", Some(DataRights), "see the retention rules", true, ["rights retention show"];
    SetRetentionRules = "set_retention_rules", Some(DataRights), "change the retention rules", true, ["rights retention set"];
    RetentionReview = "retention_review", Some(DataRights), "review records past retention", true, ["rights retention review"];
    ApplyRetention = "apply_retention", Some(DataRights), "apply the retention rules", true, ["rights retention apply"];
    Incidents = "incidents", Some(Incidents), "see incidents", true, ["incidents list"];
    Incident = "incident", Some(Incidents), "open an incident", true, ["incidents show", "incidents history"];
    AddIncident = "add_incident", Some(Incidents), "record an incident", true, ["incidents add"];
    AddIncidentUpdate = "add_incident_update", Some(Incidents), "add to an incident", true, ["incidents update"];
    CorrectIncident = "correct_incident", Some(Incidents), "correct an incident", true, ["incidents correct"];
    IncidentCounts = "incident_counts", Some(SeeReports), "see how many incidents", true, ["incidents count"];
    Backups = "backups", Some(Backups), "see backups", true, ["backup list"];
    BackUpNow = "back_up_now", Some(Backups), "back up now", true, ["backup now"];
    BackUpToFolder = "back_up_to_folder", Some(Backups), "back up to a folder", true, [];
    BackupPreview = "backup_preview", Some(Backups), "preview a backup", true, ["backup show", "backup verify"];
    ChooseBackup = "choose_backup", Some(Backups), "choose a backup", true, [];
    LatestGoodBackup = "latest_good_backup", None, "find the latest good backup", true, [];
    RestoreBackup = "restore_backup", Some(Backups), "restore a backup", true, ["backup restore"];
    Measures = "measures", Some(SeeYoungPeople), "see measures", true, ["measures list"];
    ExportMeasure = "export_measure", Some(Export), "export a measure", false, ["measures export"];
    ImportMeasure = "import_measure", Some(ClubSettings), "import a measure", true, ["measures import"];
    SaveClubScale = "save_club_scale", Some(ClubSettings), "make or reword a club scale", true, [];
    CheckinPlans = "checkin_plans", Some(SeeYoungPeople), "see check-in plans", true, ["checkins plans"];
    SaveCheckinPlan = "save_checkin_plan", Some(ManageSessions), "set a check-in plan", true, ["checkins plan"];
    RecordCheckin = "record_checkin", Some(TakeRegister), "record a check-in", true, ["checkins add"];
    Checkins = "checkins", Some(TakeRegister), "see check-ins (answers: managers and whoever recorded them)", true, ["checkins list"];
    CheckinsDue = "checkins_due", Some(TakeRegister), "see whose check-in is due", true, ["checkins due"];
    DistanceTravelled = "distance_travelled", Some(SeeReports), "see distance travelled", true, ["outcomes change"];
    SustainedEngagement = "sustained_engagement", Some(SeeReports), "see sustained engagement", true, ["outcomes engagement"];
    ProgressionCounts = "progression_counts", Some(SeeReports), "see progression counts", true, ["progress counts"];
    ProgressionKinds = "progression_kinds", Some(SeeYoungPeople), "see the kinds of progression", true, [];
    SaveProgressionKind = "save_progression_kind", Some(ClubSettings), "change the kinds of progression", true, [];
    AddProgression = "add_progression", Some(EditYoungPeople), "record progression", true, ["progress add"];
    Progression = "progression", Some(SeeYoungPeople), "see a young person's progression", true, ["progress list"];
    // Who may read each story is finer: the story's audience (stories::may_read).
    Stories = "stories", Some(EditYoungPeople), "see stories (those for managers: managers and whoever recorded them)", true, ["stories list"];
    AddStory = "add_story", Some(EditYoungPeople), "record a story", true, ["stories add"];
    UpdateStory = "update_story", Some(EditYoungPeople), "change a story", true, [];
    RemoveStory = "remove_story", Some(EditYoungPeople), "remove a story", true, ["stories remove"];
    CheckStory = "check_story", Some(EditYoungPeople), "check a story for names, dates of birth and places", true, [];
}

/// The record an operation is about, where the rule depends on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Nothing,
    /// A session: volunteers take only the registers of sessions they staff.
    Session(i64),
    /// A member of staff or volunteer: without the staff permissions, only oneself.
    Person(i64),
    /// A training record: the same rule, for the person it belongs to.
    TrainingRecord(i64),
    /// A change to a training record, which may give it to someone else: the rule holds for
    /// the person it belongs to now and for the one it would belong to after.
    TrainingChange {
        record: i64,
        person: i64,
    },
}

/// Whether `actor` may do `operation` to `target`: the role's permission first, then the
/// finer rules.
pub fn check(conn: &Connection, actor: &Actor, operation: Operation, target: Target) -> Result<()> {
    if let Some(permission) = operation.permission() {
        actor.require(permission)?;
    }
    match target {
        Target::Nothing => Ok(()),
        Target::Session(session) => check_session(conn, actor, operation, session),
        Target::Person(person) => check_person(actor, operation, person),
        Target::TrainingRecord(record) => {
            check_person(actor, operation, owner_of_record(conn, record)?)
        }
        Target::TrainingChange { record, person } => {
            check_person(actor, operation, owner_of_record(conn, record)?)?;
            check_person(actor, operation, person)
        }
    }
}

/// The person a training record belongs to.
fn owner_of_record(conn: &Connection, record: i64) -> Result<i64> {
    conn.query_row(
        "SELECT person_id FROM training_records WHERE id = ?1",
        [record],
        |row| row.get(0),
    )
    .map_err(|_| Error::NotFound("That training record no longer exists.".into()))
}

/// A volunteer's registers are those of the sessions they are down to staff.
fn check_session(
    conn: &Connection,
    actor: &Actor,
    operation: Operation,
    session: i64,
) -> Result<()> {
    if operation.permission() != Some(Permission::TakeRegister) || actor.role != Role::Volunteer {
        return Ok(());
    }
    if staffs_session(conn, actor, session)? {
        return Ok(());
    }
    Err(Error::Denied(format!(
        "{}, you can take the registers of the sessions you are down to staff. Ask the session \
         lead to add you to this one.",
        actor.name
    )))
}

/// Whether the signed-in person is down to staff `session` (through their linked record
/// among staff and volunteers).
pub fn staffs_session(conn: &Connection, actor: &Actor, session: i64) -> Result<bool> {
    Ok(match actor.person_id {
        Some(person) => conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM staffing WHERE session_id = ?1 AND person_id = ?2)",
            [session, person],
            |row| row.get(0),
        )?,
        None => false,
    })
}

/// Training is one's own unless one may see (or manage) everyone's.
fn check_person(actor: &Actor, operation: Operation, person: i64) -> Result<()> {
    let needed = if operation == Operation::TrainingRecords || operation == Operation::TrainingDue {
        Permission::SeeStaff
    } else {
        Permission::ManageStaff
    };
    if actor.can(needed) || actor.person_id == Some(person) {
        return Ok(());
    }
    Err(Error::Denied(format!(
        "{}, you can see and record your own training only.",
        actor.name
    )))
}

#[cfg(test)]
mod tests;
