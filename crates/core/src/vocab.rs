//! The shared vocabulary of DESIGN.md: the codes that files, JSON and templates use, their
//! labels for people, and the friendly synonyms that imports accept.
//!
//! Every list here is closed: a value that is not a code, a label or a documented synonym
//! (compared case-insensitively, ignoring extra spaces) is refused with a message naming the
//! accepted values, so that a typo in a spreadsheet never becomes a silent `unknown`.

use std::fmt;

/// "a gender", "an ethnicity", "an age band": the article English puts before `what` (every
/// vocabulary's name starts with a letter that is sounded as written).
pub fn with_article(what: &str) -> String {
    let vowel = what
        .chars()
        .next()
        .is_some_and(|c| "aeiouAEIOU".contains(c));
    format!("{} {what}", if vowel { "an" } else { "a" })
}

/// Declares a closed vocabulary: an enum serialised by its code, with a label and synonyms.
macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        $name:ident, $what:literal {
            $( $variant:ident = $code:literal, $label:literal $(, [$($syn:literal),*])? ; )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
        pub enum $name {
            $( #[serde(rename = $code)] $variant, )+
        }

        impl $name {
            /// Every value, in the order forms and reports list them.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// What this list is called in messages ("gender", "session type").
            pub const WHAT: &'static str = $what;

            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            fn synonyms(self) -> &'static [&'static str] {
                match self { $($name::$variant => &[$($($syn),*)?]),+ }
            }

            /// Reads an exact code, as stored in the database (fast: no allocation).
            pub fn from_code(code: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|value| value.code() == code)
            }

            /// Reads a code, a label or a synonym, case-insensitively.
            pub fn parse(text: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|value| {
                    same_words(value.code(), text)
                        || same_words(value.label(), text)
                        || value.synonyms().iter().any(|syn| same_words(syn, text))
                })
            }

            /// Like [`Self::parse`], with a message listing the accepted codes.
            pub fn parse_or_explain(text: &str) -> Result<Self, String> {
                Self::parse(text).ok_or_else(|| {
                    let codes: Vec<&str> = Self::ALL.iter().map(|v| v.code()).collect();
                    format!("“{}” is not {} Clubroom knows (use one of: {})", text.trim(), with_article($what), codes.join(", "))
                })
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.code())
            }
        }

        impl rusqlite::types::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(self.code().into())
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
                let text = value.as_str()?;
                Self::from_code(text).or_else(|| Self::parse(text)).ok_or_else(|| rusqlite::types::FromSqlError::Other(
                    format!("unknown {} code in the database: {text}", $what).into()))
            }
        }
    };
}

/// Whether two texts are the same words without regard to case or the spaces around and
/// between them ("Prefer  not to say" is "prefer not to say"), compared as they are: an
/// import parses a coded cell per row against every value's code, label and synonyms.
fn same_words(a: &str, b: &str) -> bool {
    words_lowercase(a).eq(words_lowercase(b))
}

/// The text's words, lowercased, one space between each.
fn words_lowercase(text: &str) -> impl Iterator<Item = char> + '_ {
    text.split_whitespace().enumerate().flat_map(|(n, word)| {
        (n > 0)
            .then_some(' ')
            .into_iter()
            .chain(word.chars().flat_map(char::to_lowercase))
    })
}

vocabulary! {
    /// Gender as the young person describes it.
    Gender, "gender" {
        Female = "female", "Female", ["f", "girl", "woman"];
        Male = "male", "Male", ["m", "boy", "man"];
        NonBinary = "non-binary", "Non-binary", ["nonbinary", "nb"];
        Other = "other", "Other";
        PreferNotToSay = "prefer not to say", "Prefer not to say", ["prefer-not-to-say"];
        Unknown = "unknown", "Not known", ["not known", "not recorded"];
    }
}

vocabulary! {
    /// The 19 ethnic groups of the 2021 Census of England and Wales, plus "prefer not to say".
    Ethnicity, "ethnicity" {
        Bangladeshi = "Bangladeshi", "Asian, Asian British or Asian Welsh: Bangladeshi";
        Chinese = "Chinese", "Asian, Asian British or Asian Welsh: Chinese";
        Indian = "Indian", "Asian, Asian British or Asian Welsh: Indian";
        Pakistani = "Pakistani", "Asian, Asian British or Asian Welsh: Pakistani";
        OtherAsian = "Other Asian", "Asian, Asian British or Asian Welsh: Other Asian", ["Any other Asian background"];
        African = "African", "Black, Black British, Black Welsh, Caribbean or African: African", ["Black African"];
        Caribbean = "Caribbean", "Black, Black British, Black Welsh, Caribbean or African: Caribbean", ["Black Caribbean"];
        OtherBlack = "Other Black", "Black, Black British, Black Welsh, Caribbean or African: Other Black", ["Any other Black, Black British or Caribbean background"];
        WhiteAndAsian = "White and Asian", "Mixed or Multiple ethnic groups: White and Asian";
        WhiteAndBlackAfrican = "White and Black African", "Mixed or Multiple ethnic groups: White and Black African";
        WhiteAndBlackCaribbean = "White and Black Caribbean", "Mixed or Multiple ethnic groups: White and Black Caribbean";
        OtherMixed = "Other Mixed or Multiple ethnic groups", "Mixed or Multiple ethnic groups: Other Mixed or Multiple ethnic groups", ["Other Mixed", "Any other Mixed or Multiple background"];
        British = "English, Welsh, Scottish, Northern Irish or British", "White: English, Welsh, Scottish, Northern Irish or British", ["White British", "British"];
        Irish = "Irish", "White: Irish", ["White Irish"];
        GypsyOrIrishTraveller = "Gypsy or Irish Traveller", "White: Gypsy or Irish Traveller";
        Roma = "Roma", "White: Roma";
        OtherWhite = "Other White", "White: Other White", ["Any other White background"];
        Arab = "Arab", "Other ethnic group: Arab";
        AnyOther = "Any other ethnic group", "Other ethnic group: Any other ethnic group";
        PreferNotToSay = "prefer not to say", "Prefer not to say", ["prefer-not-to-say"];
    }
}

vocabulary! {
    /// The five ONS high-level ethnic groups, plus the two answers that are not a group.
    EthnicityGroup, "ethnicity group" {
        Asian = "asian", "Asian, Asian British or Asian Welsh";
        Black = "black", "Black, Black British, Black Welsh, Caribbean or African";
        Mixed = "mixed", "Mixed or Multiple ethnic groups";
        White = "white", "White";
        Other = "other", "Other ethnic group";
        PreferNotToSay = "prefer not to say", "Prefer not to say";
        Unknown = "unknown", "Not known";
    }
}

impl Ethnicity {
    pub fn group(self) -> EthnicityGroup {
        use Ethnicity::*;
        match self {
            Bangladeshi | Chinese | Indian | Pakistani | OtherAsian => EthnicityGroup::Asian,
            African | Caribbean | OtherBlack => EthnicityGroup::Black,
            WhiteAndAsian | WhiteAndBlackAfrican | WhiteAndBlackCaribbean | OtherMixed => {
                EthnicityGroup::Mixed
            }
            British | Irish | GypsyOrIrishTraveller | Roma | OtherWhite => EthnicityGroup::White,
            Arab | AnyOther => EthnicityGroup::Other,
            PreferNotToSay => EthnicityGroup::PreferNotToSay,
        }
    }
}

/// The group of an optional ethnicity: a missing value counts as `unknown`, never dropped.
pub fn ethnicity_group(ethnicity: Option<Ethnicity>) -> EthnicityGroup {
    ethnicity.map_or(EthnicityGroup::Unknown, Ethnicity::group)
}

vocabulary! {
    /// Whether the young person has a disability or special educational needs (SEND).
    Disability, "disability answer" {
        Yes = "yes", "Yes", ["y", "true"];
        No = "no", "No", ["n", "false"];
        PreferNotToSay = "prefer not to say", "Prefer not to say", ["prefer-not-to-say"];
        Unknown = "unknown", "Not known", ["not known"];
    }
}

vocabulary! {
    /// The six kinds of youth-work session.
    SessionType, "session type" {
        OpenAccess = "open-access", "Open access", ["open access", "open"];
        Targeted = "targeted", "Targeted group", ["targeted group"];
        OneToOne = "one-to-one", "One-to-one", ["one to one", "1:1", "1-1"];
        Detached = "detached", "Detached / outreach", ["outreach", "detached/outreach", "street"];
        Trip = "trip", "Trip / residential", ["residential", "trip/residential"];
        Online = "online", "Online", ["virtual"];
    }
}

vocabulary! {
    /// The default age bands of DESIGN.md.
    AgeBand, "age band" {
        Under8 = "under 8", "Under 8";
        From8To10 = "8-10", "8 to 10";
        From11To13 = "11-13", "11 to 13";
        From14To16 = "14-16", "14 to 16";
        From17To19 = "17-19", "17 to 19";
        From20To25 = "20-25", "20 to 25";
        Over25 = "over 25", "Over 25";
        Unknown = "unknown", "Not known";
    }
}

impl AgeBand {
    pub fn of_age(age: Option<u32>) -> AgeBand {
        match age {
            None => AgeBand::Unknown,
            Some(0..=7) => AgeBand::Under8,
            Some(8..=10) => AgeBand::From8To10,
            Some(11..=13) => AgeBand::From11To13,
            Some(14..=16) => AgeBand::From14To16,
            Some(17..=19) => AgeBand::From17To19,
            Some(20..=25) => AgeBand::From20To25,
            Some(_) => AgeBand::Over25,
        }
    }
}

vocabulary! {
    /// What a young person aged 16 or over is doing.
    EducationStatus, "education or employment status" {
        InEducation = "in-education", "In education", ["education", "school", "college", "university"];
        InEmployment = "in-employment", "In employment", ["employed", "employment", "working"];
        InTraining = "in-training", "In training or an apprenticeship", ["training", "apprenticeship"];
        Neet = "neet", "Not in education, employment or training", ["not in education, employment or training"];
        Unknown = "unknown", "Not known";
    }
}

vocabulary! {
    /// What a consent covers.
    ConsentKind, "consent" {
        Data = "data", "Keeping their details";
        Photos = "photos", "Photos and film";
        Trips = "trips", "Trips and outings";
    }
}

vocabulary! {
    /// Who gave (or refused) a consent.
    ConsentGiver, "consent giver" {
        YoungPerson = "young-person", "The young person", ["young person", "self", "yp"];
        ParentCarer = "parent-carer", "A parent or carer", ["parent or carer", "parent", "carer", "guardian"];
    }
}

vocabulary! {
    /// What a story is: a young person's words, or a worker's short account of what changed.
    StoryKind, "kind of story" {
        Quote = "quote", "A quote";
        CaseStudy = "case-study", "A case study", ["case study"];
    }
}

vocabulary! {
    /// The consent a story was given under: it may be used with their name, only without
    /// anything that identifies them, or not at all outside the club's own records.
    StoryConsent, "story consent" {
        Named = "named", "May be used with their name";
        Anonymous = "anonymous", "May be used without their name", ["anon"];
        NotForUse = "not-for-use", "Not for use outside the club", ["not for use", "none", "no"];
    }
}

vocabulary! {
    /// Who may read a story: the team (everyone who may add or change young people), or
    /// only managers and whoever recorded it.
    StoryAudience, "story audience" {
        Team = "team", "The team";
        Managers = "managers", "Managers and whoever recorded it", ["manager"];
    }
}

vocabulary! {
    /// The part a member of staff or a volunteer plays at a session.
    StaffRole, "staff role" {
        Lead = "lead", "Session lead", ["session lead", "leader"];
        Worker = "worker", "Youth worker", ["youth worker", "staff"];
        Volunteer = "volunteer", "Volunteer";
        FirstAider = "first-aider", "First aider", ["first aider", "first aid"];
    }
}

vocabulary! {
    /// What sort of training a course is; the safe-staffing rules look for first aid and DBS.
    CourseKind, "course kind" {
        Safeguarding = "safeguarding", "Safeguarding";
        FirstAid = "first-aid", "First aid", ["first aid"];
        PaediatricFirstAid = "paediatric-first-aid", "Paediatric first aid", ["paediatric first aid", "pediatric first aid"];
        Dbs = "dbs", "DBS check", ["dbs check", "criminal record check"];
        FoodHygiene = "food-hygiene", "Food hygiene", ["food hygiene"];
        MentalHealthFirstAid = "mental-health-first-aid", "Mental health first aid", ["mental health first aid", "mhfa"];
        Minibus = "minibus", "Minibus driving", ["minibus driving", "midas"];
        Other = "other", "Other";
    }
}

impl CourseKind {
    /// Counts as first aid on site for the safe-staffing check.
    pub fn is_first_aid(self) -> bool {
        matches!(self, CourseKind::FirstAid | CourseKind::PaediatricFirstAid)
    }
}

vocabulary! {
    /// The level of a DBS check.
    DbsLevel, "DBS level" {
        Enhanced = "enhanced", "Enhanced";
        EnhancedBarred = "enhanced-barred", "Enhanced with barred list check", ["enhanced with barred list", "enhanced barred"];
        Standard = "standard", "Standard";
        Basic = "basic", "Basic";
    }
}

vocabulary! {
    /// What a person who signs in to Clubroom may do (docs/permissions.md has the table).
    Role, "role" {
        Manager = "manager", "Manager";
        SafeguardingLead = "safeguarding-lead", "Safeguarding lead", ["safeguarding lead", "dsl", "designated safeguarding lead"];
        Leader = "leader", "Leader", ["youth leader", "session leader"];
        Volunteer = "volunteer", "Volunteer";
    }
}

impl Role {
    /// One line on what the role may do, beside its label wherever a role is chosen
    /// (docs/permissions.md has the whole table).
    pub fn hint(self) -> &'static str {
        match self {
            Role::Manager => "Everything, including who can sign in, backups and the audit log.",
            Role::SafeguardingLead => "What a leader does, and the incident and safeguarding log.",
            Role::Leader => {
                "Young people (with medical notes), sessions, registers, figures and returns."
            }
            Role::Volunteer => {
                "Registers of the sessions they staff and their own training. No medical notes."
            }
        }
    }
}

vocabulary! {
    /// Who a safeguarding concern was passed on to (the incident log). `none`: kept in the
    /// club's own log only.
    ReferralKind, "referral" {
        NotReferred = "none", "Not referred", ["no one", "nobody", "not referred"];
        ChildrensServices = "childrens-services", "Children's services front door / MASH", ["children's services", "front door", "mash", "social care", "children's social care"];
        Police = "police", "Police";
        Lado = "lado", "LADO (allegation against an adult)", ["local authority designated officer"];
        Nspcc = "nspcc", "NSPCC";
        School = "school", "School or college", ["school or college", "college"];
        Health = "health", "GP or health", ["gp", "gp or health", "nhs"];
        Other = "other", "Other";
    }
}

vocabulary! {
    /// Where someone stands with a course on a given day.
    TrainingStatus, "training status" {
        Valid = "valid", "Valid";
        Expiring = "expiring", "Expiring soon";
        Expired = "expired", "Expired";
        Missing = "missing", "Missing";
    }
}

/// A code and its label, for a form's choices.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Choice {
    pub code: String,
    pub label: String,
    /// For ethnicities: the ONS high-level group the category belongs to.
    pub group: Option<String>,
}

/// A role as the window names it: its label, and a line on what it may do.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RoleChoice {
    pub role: Role,
    pub label: String,
    pub hint: String,
}

/// Every closed list, so the app's forms show exactly the codes and labels the rules accept.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Vocabulary {
    pub genders: Vec<Choice>,
    pub ethnicities: Vec<Choice>,
    pub ethnicity_groups: Vec<Choice>,
    pub disabilities: Vec<Choice>,
    pub session_types: Vec<Choice>,
    pub age_bands: Vec<Choice>,
    pub education_statuses: Vec<Choice>,
    pub consent_kinds: Vec<Choice>,
    pub consent_givers: Vec<Choice>,
    pub staff_roles: Vec<Choice>,
    pub course_kinds: Vec<Choice>,
    pub dbs_levels: Vec<Choice>,
    pub referral_kinds: Vec<Choice>,
    /// The roles of people who sign in, most powerful first.
    pub roles: Vec<RoleChoice>,
}

macro_rules! choices {
    ($name:ident) => {
        $name::ALL
            .iter()
            .map(|v| Choice {
                code: v.code().to_owned(),
                label: v.label().to_owned(),
                group: None,
            })
            .collect()
    };
}

pub fn vocabulary() -> Vocabulary {
    Vocabulary {
        genders: choices!(Gender),
        ethnicities: Ethnicity::ALL
            .iter()
            .map(|e| Choice {
                code: e.code().to_owned(),
                label: e.label().to_owned(),
                group: Some(e.group().code().to_owned()),
            })
            .collect(),
        ethnicity_groups: choices!(EthnicityGroup),
        disabilities: choices!(Disability),
        session_types: choices!(SessionType),
        age_bands: choices!(AgeBand),
        education_statuses: choices!(EducationStatus),
        consent_kinds: choices!(ConsentKind),
        consent_givers: choices!(ConsentGiver),
        staff_roles: choices!(StaffRole),
        course_kinds: choices!(CourseKind),
        dbs_levels: choices!(DbsLevel),
        referral_kinds: choices!(ReferralKind),
        roles: Role::ALL
            .iter()
            .map(|&role| RoleChoice {
                role,
                label: role.label().to_owned(),
                hint: role.hint().to_owned(),
            })
            .collect(),
    }
}

/// The outward code ("CV6") of a UK postcode or bare district; `None` if it is not one.
pub fn postcode_district(postcode: &str) -> Option<String> {
    normalise_postcode(postcode).map(|pc| pc.split(' ').next().unwrap_or_default().to_owned())
}

/// Tidies a UK postcode ("cv64ab" → "CV6 4AB") or a bare district ("cv6" → "CV6").
/// Returns `None` for anything that is not shaped like one.
pub fn normalise_postcode(text: &str) -> Option<String> {
    let compact: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    // Only ASCII can be a postcode, and splitting anything else by bytes could cut a letter.
    if compact.is_ascii() && (5..=7).contains(&compact.len()) {
        let (outward, inward) = compact.split_at(compact.len() - 3);
        if is_outward_code(outward) && is_inward_code(inward) {
            return Some(format!("{outward} {inward}"));
        }
    }
    is_outward_code(&compact).then_some(compact)
}

/// An outward code: area letters (1-2), then a district (a digit, then an optional digit or letter).
fn is_outward_code(code: &str) -> bool {
    let bytes = code.as_bytes();
    let letters = bytes.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    if !(1..=2).contains(&letters) {
        return false;
    }
    let rest = &bytes[letters..];
    match rest {
        [d] => d.is_ascii_digit(),
        [d, x] => d.is_ascii_digit() && x.is_ascii_alphanumeric(),
        _ => false,
    }
}

fn is_inward_code(code: &str) -> bool {
    let bytes = code.as_bytes();
    bytes.len() == 3 && bytes[0].is_ascii_digit() && bytes[1..].iter().all(u8::is_ascii_alphabetic)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_labels_and_synonyms_parse_case_insensitively() {
        assert_eq!(Gender::parse("F"), Some(Gender::Female));
        assert_eq!(Gender::parse(" girl "), Some(Gender::Female));
        assert_eq!(
            Gender::parse("Prefer  not to SAY"),
            Some(Gender::PreferNotToSay)
        );
        assert_eq!(
            Ethnicity::parse("bangladeshi"),
            Some(Ethnicity::Bangladeshi)
        );
        assert_eq!(Ethnicity::parse("White: Irish"), Some(Ethnicity::Irish));
        assert_eq!(Ethnicity::parse("white british"), Some(Ethnicity::British));
        assert_eq!(
            SessionType::parse("Detached / outreach"),
            Some(SessionType::Detached)
        );
        assert_eq!(Gender::parse("Martian"), None);
    }

    /// The comparison a coded cell is parsed by, as `parse` made it before: both texts'
    /// words joined by one space and lowercased, then compared as strings.
    fn old_same_words(a: &str, b: &str) -> bool {
        let normalise = |text: &str| {
            text.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase()
        };
        normalise(a) == normalise(b)
    }

    proptest::proptest! {
        #[test]
        fn words_compare_as_the_normalised_texts_did(
            a in "[ \t\nA-Za-zÀ-ÿİıẞß/:-]{0,12}",
            b in "[ \t\nA-Za-zÀ-ÿİıẞß/:-]{0,12}",
        ) {
            proptest::prop_assert_eq!(same_words(&a, &b), old_same_words(&a, &b));
            proptest::prop_assert!(same_words(&a, &a));
            let spaced = format!("  {}  ", a.split_whitespace().collect::<Vec<_>>().join("   "));
            proptest::prop_assert_eq!(same_words(&spaced, &a.to_uppercase()), old_same_words(&spaced, &a.to_uppercase()));
        }
    }

    #[test]
    fn an_unknown_value_is_explained_with_the_right_article() {
        let ethnicity = Ethnicity::parse_or_explain("Martian").unwrap_err();
        assert!(
            ethnicity.starts_with("“Martian” is not an ethnicity Clubroom knows"),
            "{ethnicity}"
        );
        let gender = Gender::parse_or_explain("Martian").unwrap_err();
        assert!(
            gender.starts_with("“Martian” is not a gender Clubroom knows"),
            "{gender}"
        );
        let status = EducationStatus::parse_or_explain("x").unwrap_err();
        assert!(status.starts_with("“x” is not an education"), "{status}");
    }

    #[test]
    fn the_vocabulary_names_every_role_with_its_label_and_a_hint() {
        let roles = vocabulary().roles;
        let listed: Vec<Role> = roles.iter().map(|r| r.role).collect();
        assert_eq!(listed, Role::ALL);
        let leader = roles.iter().find(|r| r.role == Role::Leader).unwrap();
        assert_eq!(leader.label, "Leader");
        assert!(leader.hint.contains("medical notes"), "{}", leader.hint);
        let volunteer = roles.iter().find(|r| r.role == Role::Volunteer).unwrap();
        assert!(
            volunteer.hint.contains("No medical notes"),
            "{}",
            volunteer.hint
        );
        for role in &roles {
            assert!(role.hint.ends_with('.'), "{}", role.hint);
        }
    }

    #[test]
    fn every_code_round_trips_through_serde_and_parse() {
        for g in Gender::ALL {
            let json = serde_json::to_string(g).unwrap();
            assert_eq!(json, format!("\"{}\"", g.code()));
            assert_eq!(Gender::parse(g.code()), Some(*g));
            assert_eq!(Gender::parse(g.label()), Some(*g));
        }
        for e in Ethnicity::ALL {
            assert_eq!(Ethnicity::parse(e.code()), Some(*e));
            assert_eq!(Ethnicity::parse(e.label()), Some(*e));
        }
    }

    #[test]
    fn the_census_has_nineteen_categories_in_five_groups() {
        let census: Vec<_> = Ethnicity::ALL
            .iter()
            .filter(|e| **e != Ethnicity::PreferNotToSay)
            .collect();
        assert_eq!(census.len(), 19);
        let count = |g| census.iter().filter(|e| e.group() == g).count();
        assert_eq!(
            [
                EthnicityGroup::Asian,
                EthnicityGroup::Black,
                EthnicityGroup::Mixed,
                EthnicityGroup::White,
                EthnicityGroup::Other
            ]
            .map(count),
            [5, 3, 4, 5, 2]
        );
        assert_eq!(ethnicity_group(None), EthnicityGroup::Unknown);
    }

    #[test]
    fn unknown_labels_are_explained() {
        let message = Disability::parse_or_explain("maybe").unwrap_err();
        assert!(
            message.contains("“maybe”") && message.contains("yes, no"),
            "{message}"
        );
    }

    #[test]
    fn age_bands_follow_design() {
        let bands: Vec<_> = [
            None,
            Some(7),
            Some(8),
            Some(10),
            Some(11),
            Some(13),
            Some(14),
            Some(16),
            Some(17),
            Some(19),
            Some(20),
            Some(25),
            Some(26),
        ]
        .into_iter()
        .map(|a| AgeBand::of_age(a).code())
        .collect();
        assert_eq!(
            bands,
            [
                "unknown", "under 8", "8-10", "8-10", "11-13", "11-13", "14-16", "14-16", "17-19",
                "17-19", "20-25", "20-25", "over 25"
            ]
        );
    }

    #[test]
    fn postcodes_are_tidied_and_districts_taken() {
        assert_eq!(normalise_postcode("cv64ab").as_deref(), Some("CV6 4AB"));
        assert_eq!(normalise_postcode(" CV1  2AB ").as_deref(), Some("CV1 2AB"));
        assert_eq!(normalise_postcode("sw1a1aa").as_deref(), Some("SW1A 1AA"));
        assert_eq!(normalise_postcode("B1 1AA").as_deref(), Some("B1 1AA"));
        assert_eq!(normalise_postcode("cv6").as_deref(), Some("CV6"));
        assert_eq!(postcode_district("cv64ab").as_deref(), Some("CV6"));
        assert_eq!(postcode_district("W1A 0AX").as_deref(), Some("W1A"));
        assert_eq!(normalise_postcode("hello"), None);
        assert_eq!(normalise_postcode("12345"), None);
        assert_eq!(normalise_postcode(""), None);
    }

    #[test]
    fn a_postcode_with_letters_from_other_scripts_is_refused_not_cut_in_half() {
        // Found by the import fuzz test: five bytes, the last four one letter.
        assert_eq!(normalise_postcode("A\u{1EE27}"), None);
        assert_eq!(normalise_postcode("CV6 4AÉ"), None);
    }
}
