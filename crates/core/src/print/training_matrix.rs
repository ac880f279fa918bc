//! The training matrix as an A4 landscape PDF: people down the side, courses across the
//! top, each cell's state in words and colour (never colour alone), and the expiry date.

use chrono::{DateTime, Utc};

use crate::error::Result;
use crate::print::{Canvas, Colour, Weight};
use crate::training::{Matrix, MatrixCell};
use crate::vocab::TrainingStatus;

const MARGIN: f32 = 36.0;
const NAME_WIDTH: f32 = 150.0;
const HEADER_TOP: f32 = 96.0;
const HEADER_HEIGHT: f32 = 44.0;
const ROW: f32 = 28.0;

/// The matrix as PDF bytes.
pub fn pdf(matrix: &Matrix, club: &str, produced_at: DateTime<Utc>) -> Result<Vec<u8>> {
    let title = format!("Training matrix on {}", matrix.on.format("%-d %B %Y"));
    let mut canvas = Canvas::new(&title, produced_at, true)?;
    let columns = matrix.courses.len().max(1) as f32;
    let column = ((canvas.width - 2.0 * MARGIN - NAME_WIDTH) / columns).min(110.0);
    let first_row = HEADER_TOP + HEADER_HEIGHT;
    let per_page = (((canvas.height - 44.0 - first_row) / ROW).floor() as usize).max(1);
    let pages: Vec<_> = if matrix.rows.is_empty() {
        vec![&matrix.rows[..]]
    } else {
        matrix.rows.chunks(per_page).collect()
    };
    for (index, rows) in pages.iter().enumerate() {
        if index > 0 {
            canvas.next_page();
        }
        draw_header(&mut canvas, club, &title, matrix);
        draw_course_headings(&mut canvas, matrix, column);
        for (n, row) in rows.iter().enumerate() {
            let top = first_row + n as f32 * ROW;
            if n % 2 == 1 {
                canvas.rect(
                    MARGIN,
                    top,
                    canvas.width - 2.0 * MARGIN,
                    ROW,
                    Some(Colour::BAND),
                    None,
                );
            }
            let name = canvas.fit(
                &row.person.details.name,
                NAME_WIDTH - 8.0,
                9.5,
                Weight::Bold,
            );
            canvas.text(
                MARGIN + 6.0,
                top + 12.0,
                &name,
                9.5,
                Weight::Bold,
                Colour::INK,
            );
            let role = format!(
                "{}{}",
                row.person.main_role().label(),
                if row.unconfirmed > 0 {
                    format!(" · {} to confirm", row.unconfirmed)
                } else {
                    String::new()
                }
            );
            canvas.text(
                MARGIN + 6.0,
                top + 22.0,
                &role,
                7.0,
                Weight::Regular,
                Colour::MUTED,
            );
            for (i, cell) in row.cells.iter().enumerate() {
                draw_cell(
                    &mut canvas,
                    cell,
                    MARGIN + NAME_WIDTH + i as f32 * column,
                    top,
                    column,
                );
            }
            canvas.line(
                MARGIN,
                top + ROW,
                canvas.width - MARGIN,
                top + ROW,
                Colour::RULE,
                0.4,
            );
        }
        if matrix.rows.is_empty() {
            canvas.text(
                MARGIN,
                first_row + 20.0,
                "No one matches these filters.",
                10.0,
                Weight::Regular,
                Colour::MUTED,
            );
        }
        let footer = format!("Page {} of {}", index + 1, pages.len());
        canvas.text_right(
            canvas.width - MARGIN,
            canvas.height - 20.0,
            &footer,
            7.5,
            Weight::Regular,
            Colour::MUTED,
        );
        canvas.text(
            MARGIN,
            canvas.height - 20.0,
            "Expiry is worked out from each course's validity (the club's policy). Unconfirmed records are counted but not yet checked by a manager.",
            7.0,
            Weight::Regular,
            Colour::MUTED,
        );
    }
    Ok(canvas.finish())
}

fn draw_header(canvas: &mut Canvas, club: &str, title: &str, matrix: &Matrix) {
    let right = canvas.width - MARGIN;
    canvas.rect(0.0, 0.0, canvas.width, 6.0, Some(Colour::BRAND), None);
    canvas.text(
        MARGIN,
        30.0,
        &club.to_uppercase(),
        8.5,
        Weight::Bold,
        Colour::BRAND,
    );
    canvas.text(MARGIN, 54.0, title, 18.0, Weight::Bold, Colour::INK);
    let note = format!(
        "“Expiring” means within {} days. Required courses are outlined.",
        matrix.warning_days
    );
    canvas.text(MARGIN, 70.0, &note, 8.5, Weight::Regular, Colour::MUTED);
    let mut x = right;
    for status in [
        TrainingStatus::Missing,
        TrainingStatus::Expired,
        TrainingStatus::Expiring,
        TrainingStatus::Valid,
    ] {
        let (fill, ink) = colours(Some(status));
        let label = status.label();
        let width = canvas.text_width(label, 7.5, Weight::Bold) + 14.0;
        x -= width;
        canvas.rect(x, 46.0, width, 14.0, Some(fill), None);
        canvas.text(x + 7.0, 56.0, label, 7.5, Weight::Bold, ink);
        x -= 6.0;
    }
}

fn draw_course_headings(canvas: &mut Canvas, matrix: &Matrix, column: f32) {
    canvas.rect(
        MARGIN,
        HEADER_TOP,
        canvas.width - 2.0 * MARGIN,
        HEADER_HEIGHT,
        Some(Colour::BRAND),
        None,
    );
    canvas.text(
        MARGIN + 6.0,
        HEADER_TOP + 26.0,
        "Person",
        8.0,
        Weight::Bold,
        Colour::WHITE,
    );
    for (i, course) in matrix.courses.iter().enumerate() {
        let x = MARGIN + NAME_WIDTH + i as f32 * column;
        let lines = canvas.wrap(&course.details.name, column - 8.0, 7.0, Weight::Bold);
        for (n, line) in lines.iter().take(4).enumerate() {
            canvas.text(
                x + 4.0,
                HEADER_TOP + 12.0 + n as f32 * 8.5,
                line,
                7.0,
                Weight::Bold,
                Colour::WHITE,
            );
        }
    }
}

fn colours(status: Option<TrainingStatus>) -> (Colour, Colour) {
    match status {
        Some(TrainingStatus::Valid) => (Colour::OK_SOFT, Colour::OK),
        Some(TrainingStatus::Expiring) => (Colour::WARN_SOFT, Colour::WARN),
        Some(TrainingStatus::Expired) | Some(TrainingStatus::Missing) => {
            (Colour::DANGER_SOFT, Colour::DANGER)
        }
        None => (Colour::WHITE, Colour::MUTED),
    }
}

fn draw_cell(canvas: &mut Canvas, cell: &MatrixCell, x: f32, top: f32, width: f32) {
    let Some(status) = cell.status else {
        canvas.text(x + 6.0, top + 16.0, "–", 8.0, Weight::Regular, Colour::RULE);
        return;
    };
    let (fill, ink) = colours(Some(status));
    let stroke = cell.required.then_some((ink, 0.8));
    canvas.rect(
        x + 3.0,
        top + 3.0,
        width - 6.0,
        ROW - 6.0,
        Some(fill),
        stroke,
    );
    canvas.text(x + 7.0, top + 12.5, status.label(), 7.5, Weight::Bold, ink);
    let detail = match (status, cell.expires_on) {
        (TrainingStatus::Missing, _) => "not on record".to_owned(),
        (TrainingStatus::Expired, Some(expiry)) => format!("since {}", expiry.format("%-d %b %Y")),
        (_, Some(expiry)) => format!("to {}", expiry.format("%-d %b %Y")),
        (_, None) => "no expiry".to_owned(),
    };
    let detail = canvas.fit(&detail, width - 12.0, 6.5, Weight::Regular);
    canvas.text(x + 7.0, top + 21.0, &detail, 6.5, Weight::Regular, ink);
}
