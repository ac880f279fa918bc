//! The printable paper register: the session's expected young people with tick boxes, blank
//! rows for new faces, and (for detached work) a headcount grid, for nights the laptop stays
//! at home. Medical details are never printed: only a flag that the club holds some.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::Connection;

use crate::dates::long_date;
use crate::error::Result;
use crate::organisation;
use crate::print::{Canvas, Colour, Weight};
use crate::register::{self, RegisterEntry};
use crate::sessions::Session;
use crate::vocab::{AgeBand, SessionType};
use crate::young_people;

const MARGIN: f32 = 40.0;
const ROW: f32 = 22.0;
const FIRST_PAGE_TOP: f32 = 128.0;
const LATER_PAGE_TOP: f32 = 84.0;
const BOTTOM: f32 = 790.0;
/// Blank lines for young people who are new tonight.
pub const BLANK_ROWS: usize = 10;

/// What goes down the page, in order.
enum Item {
    Heading(&'static str, &'static str),
    ExpectedHeader,
    Expected(Box<RegisterEntry>),
    NewHeader,
    NewRow,
    HeadcountHeader,
    HeadcountRow(&'static str),
}

impl Item {
    fn height(&self) -> f32 {
        match self {
            Item::Heading(..) => 34.0,
            _ => ROW,
        }
    }

    /// The table header to repeat when this row's table carries on over a page.
    fn repeat_header(&self) -> Option<Item> {
        match self {
            Item::Expected(_) => Some(Item::ExpectedHeader),
            Item::NewRow => Some(Item::NewHeader),
            Item::HeadcountRow(_) => Some(Item::HeadcountHeader),
            _ => None,
        }
    }

    fn is_header(&self) -> bool {
        matches!(
            self,
            Item::Heading(..) | Item::ExpectedHeader | Item::NewHeader | Item::HeadcountHeader
        )
    }
}

/// A suggested file name, such as `register-2026-11-24-tuesday-juniors.pdf`.
pub fn file_name(session: &Session) -> String {
    let slug: String = session
        .details
        .name
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let slug = slug
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    format!("register-{}-{slug}.pdf", session.details.date)
}

/// The paper register of a session, as PDF bytes.
pub fn pdf(
    conn: &Connection,
    session_id: i64,
    today: NaiveDate,
    printed_at: DateTime<Utc>,
) -> Result<Vec<u8>> {
    let club = organisation::require(conn)?;
    let register = register::register(conn, session_id, today)?;
    let session = register.session;
    let mut expected = register.entries;
    // The core's one rule for names: Łucja sorts beside Lucy, not after Zara.
    expected.sort_by_key(|e| {
        (
            young_people::fold(&e.young_person.first_name),
            young_people::fold(&e.young_person.last_name),
        )
    });

    let mut items = vec![
        Item::Heading(
            "Expected young people",
            "Tick the box as each young person arrives.",
        ),
        Item::ExpectedHeader,
    ];
    if expected.is_empty() {
        items.push(Item::Heading(
            "No one is expected yet",
            "Nobody has come to this group recently: use the rows below.",
        ));
    }
    items.extend(expected.into_iter().map(|e| Item::Expected(Box::new(e))));
    items.push(Item::Heading(
        "New tonight",
        "Name, date of birth (or age), gender and postcode: enough to add them later.",
    ));
    items.push(Item::NewHeader);
    items.extend((0..BLANK_ROWS).map(|_| Item::NewRow));
    if session.details.session_type == SessionType::Detached {
        items.push(Item::Heading(
            "Anonymous headcount",
            "Young people met whose names were not taken: count by gender and age.",
        ));
        items.push(Item::HeadcountHeader);
        items.extend(["Female", "Male", "Other / not known"].map(Item::HeadcountRow));
    }
    let pages = paginate(items);

    let title = format!("Register: {}", session.describe());
    let mut canvas = Canvas::new(&title, printed_at, false)?;
    let total = pages.len();
    for (index, page) in pages.iter().enumerate() {
        if index > 0 {
            canvas.next_page();
        }
        let mut y = if index == 0 {
            draw_first_header(&mut canvas, &club.name, &session);
            FIRST_PAGE_TOP
        } else {
            draw_later_header(&mut canvas, &session);
            LATER_PAGE_TOP
        };
        let mut shade = false;
        for item in page {
            draw_item(&mut canvas, item, y, shade);
            shade = if item.is_header() { false } else { !shade };
            y += item.height();
        }
        draw_footer(&mut canvas, index + 1, total, today);
    }
    Ok(canvas.finish())
}

/// Splits the items into pages, repeating a table's header when it carries over, and never
/// leaving a heading or table header alone at the bottom of a page.
fn paginate(items: Vec<Item>) -> Vec<Vec<Item>> {
    let mut pages: Vec<Vec<Item>> = vec![Vec::new()];
    let mut y = FIRST_PAGE_TOP;
    let mut items = items.into_iter().peekable();
    while let Some(item) = items.next() {
        let needs = item.height()
            + if item.is_header() {
                items.peek().map_or(0.0, Item::height)
            } else {
                0.0
            };
        if y + needs > BOTTOM {
            pages.push(Vec::new());
            y = LATER_PAGE_TOP;
            if let Some(header) = item.repeat_header() {
                y += header.height();
                pages.last_mut().expect("a page").push(header);
            }
        }
        y += item.height();
        pages.last_mut().expect("a page").push(item);
    }
    pages
}

fn session_line(session: &Session) -> String {
    let mut parts = vec![
        long_date(session.details.date),
        format!("{}-{}", session.details.start, session.details.end),
        session
            .venue_name
            .clone()
            .unwrap_or_else(|| "No venue".into()),
        session.details.session_type.label().to_owned(),
    ];
    match (session.details.age_min, session.details.age_max) {
        (Some(min), Some(max)) => parts.push(format!("Ages {min}-{max}")),
        (Some(min), None) => parts.push(format!("Ages {min}+")),
        (None, Some(max)) => parts.push(format!("Up to age {max}")),
        (None, None) => {}
    }
    parts.join("  ·  ")
}

fn draw_first_header(canvas: &mut Canvas, club: &str, session: &Session) {
    let right = canvas.width - MARGIN;
    canvas.rect(0.0, 0.0, canvas.width, 6.0, Some(Colour::BRAND), None);
    canvas.text(
        MARGIN,
        34.0,
        &club.to_uppercase(),
        9.0,
        Weight::Bold,
        Colour::BRAND,
    );
    canvas.text_right(
        right,
        34.0,
        "PAPER REGISTER",
        9.0,
        Weight::Bold,
        Colour::MUTED,
    );
    let name = canvas.fit(&session.details.name, right - MARGIN, 20.0, Weight::Bold);
    canvas.text(MARGIN, 60.0, &name, 20.0, Weight::Bold, Colour::INK);
    canvas.text(
        MARGIN,
        78.0,
        &session_line(session),
        9.5,
        Weight::Regular,
        Colour::MUTED,
    );
    // Write-in boxes for the facts a leader records on the night.
    let boxes = ["Session lead", "Adults present", "Young people present"];
    let width = (right - MARGIN - 16.0) / 3.0;
    for (index, label) in boxes.iter().enumerate() {
        let x = MARGIN + index as f32 * (width + 8.0);
        canvas.rect(x, 88.0, width, 26.0, None, Some((Colour::RULE, 0.8)));
        canvas.text(x + 6.0, 98.0, label, 7.0, Weight::Regular, Colour::MUTED);
    }
}

fn draw_later_header(canvas: &mut Canvas, session: &Session) {
    canvas.rect(0.0, 0.0, canvas.width, 6.0, Some(Colour::BRAND), None);
    let heading = format!("{} (continued)", session.details.name);
    canvas.text(MARGIN, 40.0, &heading, 13.0, Weight::Bold, Colour::INK);
    canvas.text(
        MARGIN,
        56.0,
        &session_line(session),
        9.0,
        Weight::Regular,
        Colour::MUTED,
    );
}

/// Column x positions of the expected-young-people table.
struct Columns;
impl Columns {
    const TICK: f32 = MARGIN + 6.0;
    const NAME: f32 = MARGIN + 34.0;
    const REF: f32 = MARGIN + 250.0;
    const AGE: f32 = MARGIN + 312.0;
    const ARRIVED: f32 = MARGIN + 350.0;
    const LEFT: f32 = MARGIN + 405.0;
    const NOTE: f32 = MARGIN + 460.0;
}

fn draw_item(canvas: &mut Canvas, item: &Item, top: f32, shade: bool) {
    let right = canvas.width - MARGIN;
    let baseline = top + 14.5;
    match item {
        Item::Heading(title, hint) => {
            canvas.text(MARGIN, top + 20.0, title, 11.5, Weight::Bold, Colour::INK);
            let width = canvas.text_width(title, 11.5, Weight::Bold);
            canvas.text(
                MARGIN + width + 10.0,
                top + 20.0,
                hint,
                8.5,
                Weight::Regular,
                Colour::MUTED,
            );
        }
        Item::ExpectedHeader => {
            table_header(
                canvas,
                top,
                &[
                    (Columns::TICK - 2.0, "Here"),
                    (Columns::NAME, "Name"),
                    (Columns::REF, "Ref"),
                    (Columns::AGE, "Age"),
                    (Columns::ARRIVED, "Arrived"),
                    (Columns::LEFT, "Left"),
                    (Columns::NOTE, "Note"),
                ],
            );
        }
        Item::Expected(entry) => {
            row_background(canvas, top, shade);
            tick_box(canvas, Columns::TICK, top);
            let person = &entry.young_person;
            let name = canvas.fit(
                &person.display_name(),
                Columns::REF - Columns::NAME - 8.0,
                10.0,
                Weight::Regular,
            );
            canvas.text(
                Columns::NAME,
                baseline,
                &name,
                10.0,
                Weight::Regular,
                Colour::INK,
            );
            canvas.text(
                Columns::REF,
                baseline,
                &person.reference,
                8.5,
                Weight::Regular,
                Colour::MUTED,
            );
            let age = person
                .age
                .map(|a| a.to_string())
                .unwrap_or_else(|| "?".into());
            canvas.text(
                Columns::AGE,
                baseline,
                &age,
                10.0,
                Weight::Regular,
                Colour::INK,
            );
            write_in_line(canvas, Columns::ARRIVED, Columns::LEFT - 10.0, top);
            write_in_line(canvas, Columns::LEFT, Columns::NOTE - 10.0, top);
            let note = match (person.has_medical_notes, entry.regular) {
                (true, _) => "Medical info",
                (false, true) => "Regular",
                (false, false) => "",
            };
            canvas.text(
                Columns::NOTE,
                baseline,
                note,
                7.5,
                Weight::Regular,
                Colour::MUTED,
            );
        }
        Item::NewHeader => {
            table_header(
                canvas,
                top,
                &[
                    (Columns::TICK - 2.0, "Here"),
                    (Columns::NAME, "First and last name"),
                    (MARGIN + 230.0, "Date of birth or age"),
                    (MARGIN + 350.0, "Gender"),
                    (MARGIN + 430.0, "Postcode"),
                ],
            );
        }
        Item::NewRow => {
            row_background(canvas, top, shade);
            tick_box(canvas, Columns::TICK, top);
            write_in_line(canvas, Columns::NAME, MARGIN + 222.0, top);
            write_in_line(canvas, MARGIN + 230.0, MARGIN + 342.0, top);
            write_in_line(canvas, MARGIN + 350.0, MARGIN + 422.0, top);
            write_in_line(canvas, MARGIN + 430.0, right - 4.0, top);
        }
        Item::HeadcountHeader => {
            let bands = headcount_bands();
            let mut columns = vec![(Columns::TICK - 2.0, "Gender")];
            columns.extend(
                bands
                    .iter()
                    .enumerate()
                    .map(|(i, band)| (headcount_x(canvas, i), band.code())),
            );
            table_header(canvas, top, &columns);
        }
        Item::HeadcountRow(gender) => {
            row_background(canvas, top, shade);
            canvas.text(
                Columns::TICK - 2.0,
                baseline,
                gender,
                9.5,
                Weight::Regular,
                Colour::INK,
            );
            for index in 0..headcount_bands().len() {
                let x = headcount_x(canvas, index);
                canvas.rect(
                    x,
                    top + 3.0,
                    40.0,
                    ROW - 6.0,
                    Some(Colour::WHITE),
                    Some((Colour::RULE, 0.8)),
                );
            }
        }
    }
}

fn headcount_bands() -> Vec<AgeBand> {
    AgeBand::ALL
        .iter()
        .copied()
        .filter(|b| *b != AgeBand::Unknown)
        .collect()
}

fn headcount_x(canvas: &Canvas, index: usize) -> f32 {
    let first = MARGIN + 110.0;
    let step = (canvas.width - MARGIN - first - 40.0) / (headcount_bands().len() as f32 - 1.0);
    first + index as f32 * step
}

fn table_header(canvas: &mut Canvas, top: f32, columns: &[(f32, &str)]) {
    let right = canvas.width - MARGIN;
    canvas.rect(MARGIN, top, right - MARGIN, ROW, Some(Colour::BRAND), None);
    for (x, label) in columns {
        canvas.text(*x, top + 14.5, label, 8.0, Weight::Bold, Colour::WHITE);
    }
}

fn row_background(canvas: &mut Canvas, top: f32, shade: bool) {
    let right = canvas.width - MARGIN;
    if shade {
        canvas.rect(MARGIN, top, right - MARGIN, ROW, Some(Colour::BAND), None);
    }
    canvas.line(MARGIN, top + ROW, right, top + ROW, Colour::RULE, 0.5);
}

fn tick_box(canvas: &mut Canvas, x: f32, top: f32) {
    canvas.rect(
        x,
        top + 5.0,
        12.0,
        12.0,
        Some(Colour::WHITE),
        Some((Colour::INK, 0.9)),
    );
}

fn write_in_line(canvas: &mut Canvas, from: f32, to: f32, top: f32) {
    canvas.line(from, top + 17.0, to, top + 17.0, Colour::RULE, 0.7);
}

fn draw_footer(canvas: &mut Canvas, page: usize, pages: usize, today: NaiveDate) {
    let right = canvas.width - MARGIN;
    let y = canvas.height - 28.0;
    canvas.line(MARGIN, y - 12.0, right, y - 12.0, Colour::RULE, 0.5);
    canvas.text(
        MARGIN,
        y,
        "Private: this sheet has young people's names on it. Enter it into Clubroom, then shred it.",
        7.5,
        Weight::Regular,
        Colour::MUTED,
    );
    let stamp = format!(
        "Printed {}  ·  Page {page} of {pages}",
        today.format("%-d %b %Y")
    );
    canvas.text_right(right, y, &stamp, 7.5, Weight::Regular, Colour::MUTED);
}
