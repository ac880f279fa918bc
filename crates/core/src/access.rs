//! Who may do what. Every operation the app or the command line offers asks for one
//! [`Permission`]; each [`Role`] holds a fixed set of them. The table here is the one in
//! docs/permissions.md, and a test checks the two agree, so the document cannot drift.
//!
//! The check lives in the core, never in the window: a hidden button is not a permission.
//! Rules finer than one permission (a volunteer sees only the registers of the sessions they
//! staff; medical notes are left out of a profile for those who may not see them) are applied
//! by the module that owns the data, using the signed-in [`Actor`].

use serde::{Deserialize, Serialize};

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
            ManageStaff | ClubSettings | ManageUsers | SeeAuditLog | Backups | DataRights
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
        ),
        Role::Volunteer => matches!(permission, SeeYoungPeople | TakeRegister | OwnTraining),
    }
}

/// The person signed in, as the core sees them while it does something on their behalf.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Actor {
    pub user_id: i64,
    pub name: String,
    pub role: Role,
    /// Their record among staff and volunteers, if linked: a volunteer's registers and
    /// training are found through it.
    pub person_id: Option<i64>,
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
