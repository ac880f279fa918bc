//! TypeScript types for the IPC, generated from the Rust types (ts-rs) into one file,
//! `ui/src/lib/ipc/bindings.ts`, which is never edited by hand. A test fails when the file
//! drifts; `CLUBROOM_WRITE_BINDINGS=1 cargo test -p clubroom-app bindings` rewrites it.

use clubroom_core::{
    demo, error, figures, import, organisation, outcomes, overview, people, register, sessions,
    staffing, training, vocab, young_people,
};
use ts_rs::{Config, TS};

fn declare<T: TS>(out: &mut String, cfg: &Config) {
    out.push_str("export ");
    out.push_str(&T::decl(cfg));
    out.push_str("\n\n");
}

/// The whole generated file.
pub fn typescript() -> String {
    // Ids and counts stay far below 2^53, and JSON carries them as plain numbers.
    let cfg = Config::new().with_large_int("number");
    let mut out = String::from(
        "// Generated from the Rust types by src-tauri/src/bindings.rs (ts-rs). Do not edit by hand:\n\
         // run `CLUBROOM_WRITE_BINDINGS=1 cargo test -p clubroom-app bindings` after changing them.\n\n",
    );
    macro_rules! declare_all {
        ($($ty:ty),* $(,)?) => { $( declare::<$ty>(&mut out, &cfg); )* };
    }
    declare_all!(
        clubroom_core::access::SignedIn,
        clubroom_core::access::Permission,
        vocab::Role,
        clubroom_core::users::SecretKind,
        clubroom_core::users::User,
        clubroom_core::users::NewUser,
        clubroom_core::audit::AuditEntry,
        clubroom_core::audit::Filter,
        clubroom_core::audit::ChainHead,
        clubroom_core::audit::WitnessCheck,
        clubroom_core::audit::Verification,
        error::ErrorKind,
        error::ErrorReport,
        error::DuplicateCandidate,
        error::RowError,
        error::LikelyPerson,
        vocab::Gender,
        vocab::Ethnicity,
        vocab::EthnicityGroup,
        vocab::Disability,
        vocab::SessionType,
        vocab::AgeBand,
        vocab::EducationStatus,
        vocab::ConsentKind,
        vocab::ConsentGiver,
        vocab::StaffRole,
        vocab::Choice,
        vocab::RoleChoice,
        vocab::Vocabulary,
        clubroom_core::dates::ClockTime,
        clubroom_core::dates::Period,
        clubroom_core::dates::NamedPeriod,
        clubroom_core::dates::Periods,
        organisation::Organisation,
        organisation::Venue,
        organisation::VenueInput,
        young_people::Circumstances,
        young_people::Consent,
        young_people::EmergencyContact,
        young_people::Profile,
        young_people::YoungPerson,
        young_people::YoungPersonSummary,
        young_people::Search,
        young_people::SearchResult,
        clubroom_core::rights::ErasurePreview,
        clubroom_core::rights::Erased,
        clubroom_core::rights::RetentionRules,
        clubroom_core::rights::UnseenPerson,
        clubroom_core::rights::OldRegister,
        clubroom_core::rights::RetentionReview,
        clubroom_core::rights::RetentionChoice,
        clubroom_core::rights::RetentionDone,
        outcomes::Framework,
        outcomes::Outcome,
        outcomes::OutcomeTag,
        sessions::SeriesInput,
        sessions::Series,
        sessions::SessionInput,
        sessions::Session,
        register::RegisterEntry,
        register::Headcount,
        register::Register,
        register::DoorArrival,
        figures::Measures,
        figures::Figures,
        import::ImportOutcome,
        import::ImportKind,
        import::read::TextEncoding,
        import::read::FileKind,
        import::mapping::ColumnChoice,
        import::mapping::RegisterSession,
        import::mapping::Mapping,
        import::apply::FieldOffer,
        import::apply::SeriesMatch,
        import::apply::Proposal,
        import::progress::RowStatus,
        import::progress::RowPerson,
        import::progress::RowCounts,
        import::apply::MappedImport,
        demo::DemoSummary,
        overview::Overview,
        vocab::CourseKind,
        vocab::DbsLevel,
        vocab::TrainingStatus,
        people::PersonInput,
        people::Person,
        training::CourseInput,
        training::Course,
        training::Policy,
        training::RecordInput,
        training::CertificateCheck,
        training::Certificate,
        training::TrainingRecord,
        training::MatrixFilter,
        training::MatrixCell,
        training::MatrixRow,
        training::Matrix,
        training::DueItem,
        staffing::StaffingEntry,
        staffing::RatioRule,
        staffing::WarningKind,
        staffing::StaffingWarning,
        staffing::SafeStaffing,
        staffing::PersonHours,
        figures::Scope,
        figures::AgeBandSpec,
        figures::MeasureKind,
        figures::Month,
        clubroom_core::projects::Project,
        clubroom_core::young_people::circumstances::Circumstance,
        clubroom_core::returns::templates::MeasureItem,
        clubroom_core::returns::templates::Section,
        clubroom_core::returns::templates::Template,
        clubroom_core::returns::templates::TemplateEntry,
        clubroom_core::returns::DifferenceChoice,
        clubroom_core::returns::ReturnRequest,
        clubroom_core::returns::TemplateRef,
        clubroom_core::returns::MeasureRow,
        clubroom_core::returns::CategoryRow,
        clubroom_core::returns::Part,
        clubroom_core::returns::Return,
        clubroom_core::returns::SavedReturn,
        clubroom_core::returns::SavedReturnSummary,
        clubroom_core::returns::Difference,
        clubroom_core::returns::SavedReturnCheck,
        crate::ProducedReturn,
        clubroom_core::summary::Row,
        clubroom_core::summary::Summary,
        clubroom_core::summary::outcomes::OutcomeMeasure,
        clubroom_core::summary::outcomes::OutcomeItem,
        clubroom_core::sync::DestinationKind,
        clubroom_core::sync::Calendar,
        clubroom_core::sync::Destination,
        clubroom_core::sync::Status,
        clubroom_core::sync::OutboxFile,
        clubroom_core::sync::OutboxEntry,
        clubroom_core::sync::LogEntry,
        clubroom_core::sync::Which,
        vocab::ReferralKind,
        clubroom_core::incidents::Referral,
        clubroom_core::incidents::FollowUp,
        clubroom_core::incidents::ConcernInput,
        clubroom_core::incidents::UpdateInput,
        clubroom_core::incidents::Named,
        clubroom_core::incidents::SessionRef,
        clubroom_core::incidents::Concern,
        clubroom_core::incidents::VersionKind,
        clubroom_core::incidents::Change,
        clubroom_core::incidents::Version,
        clubroom_core::incidents::Incident,
        clubroom_core::incidents::IncidentSummary,
        clubroom_core::incidents::IncidentFilter,
        clubroom_core::incidents::ReferralCount,
        clubroom_core::incidents::IncidentCounts,
        clubroom_core::backup::Reason,
        clubroom_core::backup::BackupEntry,
        clubroom_core::backup::BackupPreview,
        clubroom_core::backup::BackupsOverview,
        clubroom_core::backup::ChangesNotRestored,
        clubroom_core::backup::Restored,
        clubroom_core::club_file::AppStatus,
        crate::TeamMember,
        clubroom_core::about::Component,
        clubroom_core::about::About,
        clubroom_core::measures::Licence,
        clubroom_core::measures::Scoring,
        clubroom_core::measures::ScaleLabel,
        clubroom_core::measures::Scale,
        clubroom_core::measures::Question,
        clubroom_core::measures::Measure,
        clubroom_core::measures::MeasureEntry,
        clubroom_core::checkins::Wave,
        clubroom_core::checkins::Mode,
        clubroom_core::checkins::Who,
        clubroom_core::checkins::PlanInput,
        clubroom_core::checkins::Plan,
        clubroom_core::checkins::Answer,
        clubroom_core::checkins::CheckInInput,
        clubroom_core::checkins::CheckIn,
        clubroom_core::checkins::Due,
        clubroom_core::distance::Coverage,
        clubroom_core::distance::ChangeRow,
        clubroom_core::distance::MeasureChange,
        clubroom_core::distance::DistanceTravelled,
        clubroom_core::engagement::Retention,
        clubroom_core::engagement::Engagement,
        clubroom_core::progression::Kind,
        clubroom_core::progression::EventInput,
        clubroom_core::progression::Event,
        clubroom_core::progression::GroupCount,
        clubroom_core::progression::Counts,
        vocab::StoryKind,
        vocab::StoryConsent,
        vocab::StoryAudience,
        clubroom_core::stories::StoryInput,
        clubroom_core::stories::Found,
        clubroom_core::stories::Finding,
        clubroom_core::stories::Story,
        clubroom_core::stories::StoriesOnErasure,
    );
    out.push_str(&recorded_answers());
    out
}

/// What the real core answers about its fixed tables, written into bindings.ts so that the
/// test fake (ui/src/lib/ipc/fake.ts) replays the core's answers instead of keeping copies
/// that could drift: the word lists, each role's permissions and each command's permission.
fn recorded_answers() -> String {
    use clubroom_core::access::{Operation, permissions_of};
    let json = |value: &dyn erased::Json| value.to_json();
    let mut out = String::from(
        "/** The core's word lists, as `vocabulary` answers (recorded from clubroom-core). */\n",
    );
    out.push_str(&format!(
        "export const VOCABULARY: Vocabulary = {};\n\n",
        json(&vocab::vocabulary())
    ));
    out.push_str("/** The permissions each role holds (recorded from clubroom-core's access table). */\nexport const ROLE_PERMISSIONS: Record<Role, Permission[]> = {\n");
    for role in vocab::Role::ALL {
        out.push_str(&format!(
            "  {}: {},\n",
            json(role),
            json(&permissions_of(*role))
        ));
    }
    out.push_str(&format!(
        "}};\n\n/** The zoom levels Ctrl+= and Ctrl+- step through (clubroom-core's `zoom::STEPS`). */\nexport const ZOOM_STEPS: number[] = {};\n\n",
        json(&clubroom_core::zoom::STEPS.to_vec())
    ));
    out.push_str("/** The permission each command needs (null: anyone), from the core's operations. */\nexport const COMMAND_PERMISSIONS: Record<string, Permission | null> = {\n");
    for command in crate::COMMANDS {
        let permission = Operation::from_code(command).and_then(|op| op.permission());
        out.push_str(&format!("  {command}: {},\n", json(&permission)));
    }
    out.push_str("};\n");
    out
}

mod erased {
    /// Any serialisable value as JSON (one line).
    pub trait Json {
        fn to_json(&self) -> String;
    }
    impl<T: serde::Serialize> Json for T {
        fn to_json(&self) -> String {
            serde_json::to_string(self).expect("the core's tables serialise")
        }
    }
}

/// The front end's calls, one per command, generated at build time from the commands'
/// own declarations (build/commands.rs).
pub fn commands_typescript() -> &'static str {
    include_str!(concat!(env!("OUT_DIR"), "/commands.ts"))
}

#[cfg(test)]
mod tests {
    /// Compares a generated file with the one in ui/ (or writes it, when asked to).
    fn check(file: &str, generated: &str) {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../ui/src/lib/ipc")
            .join(file);
        if std::env::var_os("CLUBROOM_WRITE_BINDINGS").is_some() {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, generated).unwrap();
        }
        let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            on_disk == generated,
            "ui/src/lib/ipc/{file} is out of date: run CLUBROOM_WRITE_BINDINGS=1 cargo test -p clubroom-app bindings"
        );
    }

    #[test]
    fn bindings_are_up_to_date() {
        check("bindings.ts", &super::typescript());
    }

    /// A command whose TypeScript and Rust disagree (a renamed argument, a changed type, a
    /// command added or removed) fails here until the calls are generated again.
    #[test]
    fn command_calls_are_up_to_date() {
        check("commands.ts", super::commands_typescript());
    }

    #[test]
    fn every_registered_command_has_a_call() {
        let calls = super::commands_typescript();
        for name in crate::COMMANDS {
            assert!(
                calls.contains(&format!("invoke(\"{name}\"")),
                "{name} is registered but has no TypeScript call"
            );
        }
    }
}
