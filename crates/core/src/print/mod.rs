//! A small A4 drawing kit over printpdf: the Inter typeface embedded from assets/, text that
//! is measured so it can be fitted or right-aligned, boxes and rules, in points measured from
//! the top-left corner of the page (the way people think about a page, not the way PDF does).

pub mod funder_return;
pub mod paper_register;
pub mod partnership_report;
pub mod subject_access;
pub mod training_matrix;

use chrono::{DateTime, Utc};
use printpdf::{
    Color, FontId, Line, LinePoint, Mm, Op, PaintMode, ParsedFont, PdfDocument, PdfFontHandle,
    PdfPage, PdfSaveOptions, Point, Pt, Rect, Rgb, TextItem, XObjectTransform,
};

use crate::error::{Error, Result};

const INTER_REGULAR: &[u8] = include_bytes!("../../../../assets/fonts/Inter-Regular.otf");
const INTER_BOLD: &[u8] = include_bytes!("../../../../assets/fonts/Inter-Bold.otf");

/// A4 in points.
pub const A4_WIDTH: f32 = 595.28;
pub const A4_HEIGHT: f32 = 841.89;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    Regular,
    Bold,
}

/// An sRGB colour from 0-255 components.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Colour(pub u8, pub u8, pub u8);

impl Colour {
    pub const INK: Colour = Colour(0x1f, 0x29, 0x37);
    pub const MUTED: Colour = Colour(0x5b, 0x65, 0x73);
    pub const RULE: Colour = Colour(0xc9, 0xcf, 0xd8);
    pub const BAND: Colour = Colour(0xf1, 0xf4, 0xf8);
    pub const BRAND: Colour = Colour(0x0f, 0x5f, 0x5c);
    pub const WHITE: Colour = Colour(0xff, 0xff, 0xff);
    pub const OK: Colour = Colour(0x15, 0x80, 0x3d);
    pub const OK_SOFT: Colour = Colour(0xe3, 0xf4, 0xe8);
    pub const WARN: Colour = Colour(0x8a, 0x5a, 0x00);
    pub const WARN_SOFT: Colour = Colour(0xff, 0xf4, 0xdc);
    pub const DANGER: Colour = Colour(0x91, 0x20, 0x18);
    pub const DANGER_SOFT: Colour = Colour(0xfd, 0xec, 0xeb);

    fn pdf(self) -> Color {
        Color::Rgb(Rgb {
            r: f32::from(self.0) / 255.0,
            g: f32::from(self.1) / 255.0,
            b: f32::from(self.2) / 255.0,
            icc_profile: None,
        })
    }
}

struct Face {
    id: FontId,
    font: ParsedFont,
}

impl Face {
    fn load(doc: &mut PdfDocument, bytes: &[u8]) -> Result<Face> {
        let font = ParsedFont::from_bytes(bytes, 0, &mut Vec::new()).ok_or_else(|| {
            Error::Invalid("The typeface built into Clubroom could not be read.".into())
        })?;
        Ok(Face {
            id: doc.add_font(&font),
            font,
        })
    }

    /// Width of `text` in points at `size`, as printed (see [`Face::printable`]).
    fn width(&self, text: &str, size: f32) -> f32 {
        let units_per_em = f32::from(self.font.units_per_em.max(1));
        let units: u32 = self
            .printable(text)
            .chars()
            .map(|c| {
                self.font
                    .lookup_glyph_index(c as u32)
                    .and_then(|g| self.font.get_glyph_width(g))
                    .map_or(units_per_em as u32 / 2, u32::from)
            })
            .sum();
        units as f32 / units_per_em * size
    }

    /// `text` without the characters this font has no letter for (emoji, and the joiners
    /// and variation selectors that build them), which a PDF viewer would draw as empty
    /// boxes. Inter has no emoji, and printpdf 0.12 draws each run of text in one embedded
    /// font with no fallback, so they are left out and the document says so
    /// ([`Canvas::finish`]).
    fn printable<'t>(&self, text: &'t str) -> std::borrow::Cow<'t, str> {
        let has = |c: char| c.is_whitespace() || self.font.lookup_glyph_index(c as u32).is_some();
        if text.chars().all(has) {
            return text.into();
        }
        let kept: String = text.chars().filter(|c| has(*c)).collect();
        // "Jay 😀" is "Jay", not "Jay " with a space before nothing.
        kept.trim_end().to_owned().into()
    }
}

/// Printed when some text had characters the font has no letter for.
pub const LEFT_OUT_NOTE: &str = "Some characters in names or answers (such as emoji) cannot be printed in this font and were left out.";

/// A document being drawn, page by page.
pub struct Canvas {
    doc: PdfDocument,
    regular: Face,
    bold: Face,
    pages: Vec<PdfPage>,
    ops: Vec<Op>,
    pub width: f32,
    pub height: f32,
    /// Some text had characters the font cannot print (emoji), left out.
    left_out: bool,
}

impl Canvas {
    /// A new A4 document (portrait unless `landscape`), dated `produced_at` so that the same
    /// data always gives the same file.
    pub fn new(title: &str, produced_at: DateTime<Utc>, landscape: bool) -> Result<Canvas> {
        let mut doc = PdfDocument::new(title);
        let date =
            printpdf::DateTime::from_unix_timestamp(produced_at.timestamp()).map_err(|e| {
                Error::Invalid(format!("The date of the document can't be written: {e}"))
            })?;
        doc.metadata.info.creation_date = date;
        doc.metadata.info.modification_date = date;
        doc.metadata.info.metadata_date = date;
        doc.metadata.info.creator = "Clubroom".into();
        doc.metadata.info.producer = "Clubroom".into();
        let regular = Face::load(&mut doc, INTER_REGULAR)?;
        let bold = Face::load(&mut doc, INTER_BOLD)?;
        let (width, height) = if landscape {
            (A4_HEIGHT, A4_WIDTH)
        } else {
            (A4_WIDTH, A4_HEIGHT)
        };
        Ok(Canvas {
            doc,
            regular,
            bold,
            pages: Vec::new(),
            ops: Vec::new(),
            width,
            height,
            left_out: false,
        })
    }

    fn face(&self, weight: Weight) -> &Face {
        match weight {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }

    pub fn text_width(&self, text: &str, size: f32, weight: Weight) -> f32 {
        self.face(weight).width(text, size)
    }

    /// `text`, shortened with an ellipsis if it would be wider than `max_width`.
    pub fn fit(&self, text: &str, max_width: f32, size: f32, weight: Weight) -> String {
        if self.text_width(text, size, weight) <= max_width {
            return text.to_owned();
        }
        // The longest start that fits with its ellipsis, found by halving (widths grow with
        // every character): dropping one character at a time measured a 10,000-character
        // word 10,000 times over, and a long name or note took minutes to print.
        let ends: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain([text.len()])
            .collect();
        let fits = |n: usize| {
            self.text_width(&format!("{}…", &text[..ends[n]]), size, weight) <= max_width
        };
        let (mut low, mut high) = (0usize, ends.len() - 1);
        while low < high {
            let mid = (low + high).div_ceil(2);
            if fits(mid) { low = mid } else { high = mid - 1 }
        }
        format!("{}…", text[..ends[low]].trim_end())
    }

    /// Breaks `text` into lines no wider than `max_width` (a word too long for a line is
    /// shortened with an ellipsis).
    pub fn wrap(&self, text: &str, max_width: f32, size: f32, weight: Weight) -> Vec<String> {
        let mut lines: Vec<String> = Vec::new();
        let mut line = String::new();
        for word in text.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if self.text_width(&candidate, size, weight) <= max_width || line.is_empty() {
                line = candidate;
            } else {
                lines.push(std::mem::take(&mut line));
                line = word.to_owned();
            }
        }
        if !line.is_empty() {
            lines.push(line);
        }
        lines
            .into_iter()
            .map(|l| self.fit(&l, max_width, size, weight))
            .collect()
    }

    /// Draws text with its baseline at `y` points from the top.
    pub fn text(&mut self, x: f32, y: f32, text: &str, size: f32, weight: Weight, colour: Colour) {
        let printable = self.face(weight).printable(text).into_owned();
        self.left_out |= printable != text;
        let text = printable.as_str();
        let font = self.face(weight).id.clone();
        let baseline = self.height - y;
        self.ops.extend([
            Op::SaveGraphicsState,
            Op::SetFillColor { col: colour.pdf() },
            Op::StartTextSection,
            Op::SetTextCursor {
                pos: Point {
                    x: Pt(x),
                    y: Pt(baseline),
                },
            },
            Op::SetFont {
                font: PdfFontHandle::External(font),
                size: Pt(size),
            },
            Op::ShowText {
                items: vec![TextItem::Text(text.to_owned())],
            },
            Op::EndTextSection,
            Op::RestoreGraphicsState,
        ]);
    }

    /// Draws text ending at `right`.
    pub fn text_right(
        &mut self,
        right: f32,
        y: f32,
        text: &str,
        size: f32,
        weight: Weight,
        colour: Colour,
    ) {
        let width = self.text_width(text, size, weight);
        self.text(right - width, y, text, size, weight, colour);
    }

    /// A filled and/or outlined box whose top-left corner is at (`x`, `y`).
    pub fn rect(
        &mut self,
        x: f32,
        y: f32,
        width: f32,
        height: f32,
        fill: Option<Colour>,
        stroke: Option<(Colour, f32)>,
    ) {
        let shape = |mode| Rect {
            x: Pt(x),
            y: Pt(self.height - y - height),
            width: Pt(width),
            height: Pt(height),
            mode: Some(mode),
            winding_order: None,
        };
        self.ops.push(Op::SaveGraphicsState);
        if let Some(fill) = fill {
            self.ops.push(Op::SetFillColor { col: fill.pdf() });
            self.ops.push(Op::DrawRectangle {
                rectangle: shape(PaintMode::Fill),
            });
        }
        if let Some((colour, thickness)) = stroke {
            self.ops.push(Op::SetOutlineColor { col: colour.pdf() });
            self.ops.push(Op::SetOutlineThickness { pt: Pt(thickness) });
            self.ops.push(Op::DrawRectangle {
                rectangle: shape(PaintMode::Stroke),
            });
        }
        self.ops.push(Op::RestoreGraphicsState);
    }

    /// A straight rule from (`x1`, `y1`) to (`x2`, `y2`).
    pub fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, colour: Colour, thickness: f32) {
        let point = |x: f32, y: f32| LinePoint {
            p: Point {
                x: Pt(x),
                y: Pt(self.height - y),
            },
            bezier: false,
        };
        let line = Line {
            points: vec![point(x1, y1), point(x2, y2)],
            is_closed: false,
        };
        self.ops.extend([
            Op::SaveGraphicsState,
            Op::SetOutlineColor { col: colour.pdf() },
            Op::SetOutlineThickness { pt: Pt(thickness) },
            Op::DrawLine { line },
            Op::RestoreGraphicsState,
        ]);
    }

    /// Draws a PNG or JPEG picture as large as fits in the box whose top-right corner is at
    /// (`right`, `y`), keeping its shape. Returns the width and height drawn.
    pub fn picture(
        &mut self,
        bytes: &[u8],
        right: f32,
        y: f32,
        max_width: f32,
        max_height: f32,
    ) -> Result<(f32, f32)> {
        let image = crate::pictures::decode(bytes)?;
        let (pixels_wide, pixels_high) = (image.width.max(1) as f32, image.height.max(1) as f32);
        let scale = (max_width / pixels_wide).min(max_height / pixels_high);
        let (width, height) = (pixels_wide * scale, pixels_high * scale);
        let id = self.doc.add_image(&image);
        // printpdf places one pixel at 72/dpi points: choose the dpi that gives this size.
        let dpi = 72.0 / scale;
        self.ops.push(Op::UseXobject {
            id,
            transform: XObjectTransform {
                translate_x: Some(Pt(right - width)),
                translate_y: Some(Pt(self.height - y - height)),
                dpi: Some(dpi),
                ..XObjectTransform::default()
            },
        });
        Ok((width, height))
    }

    /// Ends the current page and starts a new one.
    pub fn next_page(&mut self) {
        let ops = std::mem::take(&mut self.ops);
        let to_mm = |pt: f32| Mm(pt * 25.4 / 72.0);
        self.pages
            .push(PdfPage::new(to_mm(self.width), to_mm(self.height), ops));
    }

    /// The finished PDF.
    pub fn finish(mut self) -> Vec<u8> {
        if self.left_out {
            // Said once, at the foot of the last page, below any footer.
            if self.ops.is_empty()
                && let Some(last) = self.pages.pop()
            {
                self.ops = last.ops;
            }
            let y = self.height - 6.0;
            self.text(24.0, y, LEFT_OUT_NOTE, 6.5, Weight::Regular, Colour::MUTED);
        }
        if !self.ops.is_empty() || self.pages.is_empty() {
            self.next_page();
        }
        let pages = std::mem::take(&mut self.pages);
        self.doc
            .with_pages(pages)
            .save(&PdfSaveOptions::default(), &mut Vec::new())
    }
}

/// The margin of a flowing report's pages, in points.
pub const FLOW_MARGIN: f32 = 42.0;
/// Where content starts below a later page's running header.
const FLOW_TOP: f32 = 58.0;
/// The space kept at the foot of each page for its footer.
const FLOW_BOTTOM_SPACE: f32 = 52.0;

/// A report that flows down A4 pages (funder returns, the partnership report): a new page
/// starts when something will not fit, later pages get a running header, and every page a
/// footer with its number ("Page 2 of 3" once the total is known, from a first pass).
pub struct Flow {
    pub canvas: Canvas,
    /// Where the next thing goes, in points from the top of the page.
    pub y: f32,
    pages: usize,
    total: Option<usize>,
    header: String,
    footer: String,
}

impl Flow {
    pub fn new(canvas: Canvas, header: String, footer: String, total: Option<usize>) -> Flow {
        Flow {
            canvas,
            y: 0.0,
            pages: 1,
            total,
            header,
            footer,
        }
    }

    /// Pages so far.
    pub fn pages(&self) -> usize {
        self.pages
    }

    pub fn width(&self) -> f32 {
        self.canvas.width - 2.0 * FLOW_MARGIN
    }

    fn bottom(&self) -> f32 {
        self.canvas.height - FLOW_BOTTOM_SPACE
    }

    /// Starts a new page unless `needed` points still fit on this one.
    pub fn ensure(&mut self, needed: f32) -> bool {
        if self.y + needed <= self.bottom() {
            return false;
        }
        self.finish_page();
        self.canvas.next_page();
        self.pages += 1;
        self.running_header();
        true
    }

    fn running_header(&mut self) {
        let c = &mut self.canvas;
        c.rect(0.0, 0.0, c.width, 4.0, Some(Colour::BRAND), None);
        let header = c.fit(&self.header, c.width - 2.0 * FLOW_MARGIN, 8.0, Weight::Bold);
        c.text(FLOW_MARGIN, 28.0, &header, 8.0, Weight::Bold, Colour::MUTED);
        c.line(
            FLOW_MARGIN,
            36.0,
            c.width - FLOW_MARGIN,
            36.0,
            Colour::RULE,
            0.5,
        );
        self.y = FLOW_TOP;
    }

    /// Draws this page's footer: call it once more after the last page's content.
    pub fn finish_page(&mut self) {
        let y = self.canvas.height - 24.0;
        let right = self.canvas.width - FLOW_MARGIN;
        let footer = self
            .canvas
            .fit(&self.footer, self.width() - 70.0, 7.0, Weight::Regular);
        self.canvas
            .line(FLOW_MARGIN, y - 12.0, right, y - 12.0, Colour::RULE, 0.5);
        self.canvas
            .text(FLOW_MARGIN, y, &footer, 7.0, Weight::Regular, Colour::MUTED);
        let number = match self.total {
            Some(total) => format!("Page {} of {total}", self.pages),
            None => format!("Page {}", self.pages),
        };
        self.canvas
            .text_right(right, y, &number, 7.0, Weight::Regular, Colour::MUTED);
    }

    /// A section heading, kept on the same page as the first `keep_with` points under it.
    pub fn heading(&mut self, title: &str, keep_with: f32) {
        self.ensure(22.0 + keep_with);
        self.canvas.text(
            FLOW_MARGIN,
            self.y + 12.0,
            title,
            12.5,
            Weight::Bold,
            Colour::BRAND,
        );
        self.y += 22.0;
    }

    /// Small muted text, wrapped, such as a note under a table.
    pub fn note(&mut self, text: &str) {
        for line in self.canvas.wrap(text, self.width(), 7.5, Weight::Regular) {
            self.ensure(10.0);
            self.canvas.text(
                FLOW_MARGIN,
                self.y + 7.0,
                &line,
                7.5,
                Weight::Regular,
                Colour::MUTED,
            );
            self.y += 10.0;
        }
    }
}
