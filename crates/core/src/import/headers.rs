//! Which row of a sheet names its columns. Spreadsheets kept by hand often open with a title
//! ("St Mary's Youth Club: members 2025") and a blank line; Online Scout Manager's export
//! puts a row of groups ("Contact 1", "Medical") above the column names, each group written
//! once above its first column. The header is the first row at least three fifths as full as
//! the fullest row near the top, all text; a row of groups just above it is joined on ("Contact 1.Phone
//! 1", "Medical.Allergies"), each group running on to the columns after it until the next.

use super::read::{Cell, Grid};

/// How many rows from the top the header is looked for in.
const LOOK_IN: usize = 30;

/// A sheet split into its column names and the rows below them.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// One name per column; a column without a name is called by its letter ("Column F").
    pub headers: Vec<String>,
    /// The line of the header (the lower line of a two-row header).
    pub header_line: u64,
    /// Whether a row of groups above the header was joined on.
    pub two_row_header: bool,
    pub rows: Vec<(u64, Vec<Cell>)>,
}

/// The letters a spreadsheet calls column `index` (from 0) by: A, B, ... Z, AA, AB.
pub fn column_letters(index: usize) -> String {
    let mut letters = Vec::new();
    let mut n = index + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push((b'A' + rem as u8) as char);
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

fn filled(row: &[Cell]) -> usize {
    row.iter().filter(|c| !c.is_empty()).count()
}

/// Text only, or dates (a register's header row of meeting dates is date cells).
fn all_text(row: &[Cell]) -> bool {
    row.iter()
        .all(|c| matches!(c, Cell::Empty | Cell::Text(_) | Cell::Date(_)))
}

/// Splits a grid into header and rows.
pub fn find_header(grid: &Grid) -> Option<Table> {
    split_header(grid.clone())
}

/// [`find_header`], taking the grid: its rows are moved into the table, not copied (a file
/// of 100,000 rows is half a million cells).
pub fn split_header(grid: Grid) -> Option<Table> {
    let top = &grid.rows[..grid.rows.len().min(LOOK_IN)];
    let fullest = top.iter().map(|(_, row)| filled(row)).max()?;
    let needed = (fullest * 3).div_ceil(5).max(1);
    let at = top
        .iter()
        .position(|(_, row)| filled(row) >= needed && all_text(row))?;
    let (header_line, header_row) = &top[at];
    let groups = at
        .checked_sub(1)
        .map(|above| &top[above].1)
        .filter(|above| is_group_row(above, header_row));
    let width = grid
        .rows
        .iter()
        .map(|(_, row)| row.len())
        .max()
        .unwrap_or(0);
    let mut headers = Vec::with_capacity(width);
    let mut group = String::new();
    for index in 0..width {
        if let Some(Cell::Text(name)) = groups.and_then(|g| g.get(index))
            && !name.trim().is_empty()
        {
            group = tidy(name);
        }
        let name = header_row.get(index).map(Cell::text).unwrap_or_default();
        let name = tidy(&name);
        headers.push(match (name.is_empty(), group.is_empty()) {
            (true, _) => format!("Column {}", column_letters(index)),
            (false, true) => name,
            (false, false) => format!("{group}.{name}"),
        });
    }
    let header_line = *header_line;
    let two_row_header = groups.is_some();
    let mut rows = grid.rows;
    Some(Table {
        headers,
        header_line,
        two_row_header,
        rows: rows.split_off(at + 1),
    })
}

/// A row of groups: text only, at least two groups, fewer cells than the header, and each
/// group above a named column.
fn is_group_row(above: &[Cell], header: &[Cell]) -> bool {
    let groups = filled(above);
    groups >= 2
        && groups < filled(header)
        && all_text(above)
        && above
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.is_empty())
            .all(|(i, _)| header.get(i).is_some_and(|h| !h.is_empty()))
}

/// Spaces run together and trimmed; line breaks inside a header cell become spaces.
fn tidy(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::read::FileKind;

    fn grid(rows: &[&[&str]]) -> Grid {
        Grid {
            kind: FileKind::Csv {
                delimiter: "comma".into(),
                encoding: crate::import::read::TextEncoding::Utf8,
            },
            rows: rows
                .iter()
                .enumerate()
                .map(|(i, row)| {
                    (
                        i as u64 + 1,
                        row.iter()
                            .map(|c| {
                                if c.is_empty() {
                                    Cell::Empty
                                } else {
                                    Cell::Text(c.to_string())
                                }
                            })
                            .collect(),
                    )
                })
                .collect(),
        }
    }

    #[test]
    fn the_header_is_found_below_title_rows() {
        let table = find_header(&grid(&[
            &["St Mary's Youth Club: members 2025", "", ""],
            &["", "", ""],
            &["Forename", "Surname", "DOB"],
            &["Ada", "Lovelace", "10/12/2012"],
        ]))
        .unwrap();
        assert_eq!(table.headers, ["Forename", "Surname", "DOB"]);
        assert_eq!(table.header_line, 3);
        assert!(!table.two_row_header);
        assert_eq!(table.rows.len(), 1);
        assert_eq!(table.rows[0].0, 4);
    }

    #[test]
    fn a_row_of_groups_is_joined_onto_the_header() {
        let table = find_header(&grid(&[
            &["", "", "Contact 1", "", "Medical", ""],
            &[
                "First Name",
                "Last Name",
                "Phone 1",
                "Email 1",
                "Allergies",
                "Dietary",
            ],
            &[
                "Ada",
                "Lovelace",
                "07700 900123",
                "a@example.org",
                "nuts",
                "",
            ],
        ]))
        .unwrap();
        assert!(table.two_row_header);
        assert_eq!(
            table.headers,
            [
                "First Name",
                "Last Name",
                "Contact 1.Phone 1",
                "Contact 1.Email 1",
                "Medical.Allergies",
                "Medical.Dietary"
            ]
        );
        assert_eq!(table.header_line, 2);
    }

    #[test]
    fn unnamed_columns_are_called_by_their_letter() {
        let table = find_header(&grid(&[&["Name", "", "DOB"], &["Ada", "x", "1/1/2012"]])).unwrap();
        assert_eq!(table.headers, ["Name", "Column B", "DOB"]);
        assert_eq!(column_letters(27), "AB");
    }
}
