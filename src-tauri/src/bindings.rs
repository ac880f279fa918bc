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
        clubroom_core::access::Actor,
        clubroom_core::access::Permission,
        vocab::Role,
        clubroom_core::users::SecretKind,
        clubroom_core::users::User,
        clubroom_core::users::NewUser,
        clubroom_core::audit::AuditEntry,
        clubroom_core::audit::Filter,
        clubroom_core::audit::Verification,
        error::ErrorKind,
        error::ErrorReport,
        error::RowError,
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
        vocab::Vocabulary,
        clubroom_core::dates::ClockTime,
        clubroom_core::dates::Period,
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
        clubroom_core::circumstances::Circumstance,
        clubroom_core::templates::MeasureItem,
        clubroom_core::templates::Section,
        clubroom_core::templates::Template,
        clubroom_core::templates::TemplateEntry,
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
        clubroom_core::backup::Restored,
        crate::AppStatus,
        crate::TeamMember,
        clubroom_core::about::Component,
        clubroom_core::about::About,
    );
    out.push_str("/** Every command the window may call (src-tauri/src/lib.rs). */\nexport const COMMANDS = [\n");
    for name in crate::COMMANDS {
        out.push_str(&format!("  \"{name}\",\n"));
    }
    out.push_str("] as const;\n");
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn bindings_are_up_to_date() {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/ipc/bindings.ts");
        let generated = super::typescript();
        if std::env::var_os("CLUBROOM_WRITE_BINDINGS").is_some() {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &generated).unwrap();
        }
        let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            on_disk == generated,
            "ui/src/lib/ipc/bindings.ts is out of date: run CLUBROOM_WRITE_BINDINGS=1 cargo test -p clubroom-app bindings"
        );
    }
}
