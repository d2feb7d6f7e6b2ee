//! The shared PDF printer: a small document builder on printpdf with the embedded CJK font (WenQuanYi
//! Micro Hei, Apache-2.0, `templates/static/fonts/`), subset per document. Blocks: title, a centred
//! line (a reference number), a banner, headings, paragraphs, key–value blocks, tables that wrap and
//! continue across pages (header repeated), signature/seal blocks, images, vector figures (charts:
//! lines and texts); a running header on
//! continuation pages, an optional watermark on every page, and page numbers 「第 N 页 共 M 页」.
//!
//! Layout rules a signed document needs (docs/transfer-design.md, "Printing"):
//! - a signature block is never alone on a page: it is kept with the end of the table before it (and
//!   with the paragraphs between them), so the last table row moves to the next page with it;
//! - the running header ([`Block::RunningHeader`]) names what a continuation page continues;
//! - the printed chrome (page numbers, signature labels) is in the document's language ([`Chrome`]).

mod draw;
mod file_name;
pub mod layout;
mod output;

pub use file_name::content_disposition;

use crate::platform::Catalogue;

/// One piece of a document.
#[derive(Debug, Clone)]
pub enum Block {
    Title(String),
    /// One centred line under the title (e.g. the reference number 农安移〔2026〕1号).
    Centered(String),
    /// A boxed notice across the page (e.g. 未完成).
    Banner(String),
    Heading(String),
    Paragraph(String),
    /// Label–value pairs in two columns.
    KeyValues(Vec<(String, String)>),
    /// Column headers, relative column widths, rows.
    Table {
        headers: Vec<String>,
        widths: Vec<f32>,
        rows: Vec<Vec<String>>,
    },
    /// One signature-and-seal box per party: the party's name. Kept on one page with the end of the
    /// table before it and the paragraphs between them.
    Signatures(Vec<String>),
    /// A JPEG or PNG picture, scaled to fit the box (points), kept in proportion.
    Image {
        bytes: Vec<u8>,
        max_width: f32,
        max_height: f32,
    },
    /// From here on, every page that starts shows this line at its top (the first page never does).
    RunningHeader(String),
    /// Start a new page.
    PageBreak,
    /// A vector drawing (e.g. a growth chart) across the text width ([`TEXT_WIDTH`]), `height`
    /// points tall: lines and texts placed from its bottom-left corner. Kept whole on one page, and
    /// with the heading just before it.
    Figure {
        height: f32,
        shapes: Vec<Shape>,
    },
}

/// The width of the text column in points (A4 less the margins): the width of a [`Block::Figure`].
pub const TEXT_WIDTH: f32 = draw::USABLE;

/// One mark of a [`Block::Figure`], in points from the figure's bottom-left corner.
#[derive(Debug, Clone)]
pub enum Shape {
    /// A polyline: its points, colour (red, green, blue, 0–1), width and dash pattern (dash, gap, …;
    /// empty: solid).
    Line {
        points: Vec<(f32, f32)>,
        rgb: [f32; 3],
        width: f32,
        dash: Vec<f32>,
    },
    /// A text: left end of its baseline, size.
    Text {
        x: f32,
        y: f32,
        size: f32,
        text: String,
    },
}

impl Shape {
    /// The same mark moved by `dx`, `dy` points (a figure's part lifted within it, or the figure placed
    /// on its page).
    pub fn moved(&self, dx: f32, dy: f32) -> Shape {
        match self {
            Shape::Line {
                points,
                rgb,
                width,
                dash,
            } => Shape::Line {
                points: points.iter().map(|(x, y)| (x + dx, y + dy)).collect(),
                rgb: *rgb,
                width: *width,
                dash: dash.clone(),
            },
            Shape::Text { x, y, size, text } => Shape::Text {
                x: x + dx,
                y: y + dy,
                size: *size,
                text: text.clone(),
            },
        }
    }
}

/// The words the printer itself puts on the page, in the document's language.
#[derive(Debug, Clone)]
pub struct Chrome {
    /// Page footer with `{n}` and `{total}`.
    pub page_of: String,
    pub signature: String,
    pub seal: String,
    pub date: String,
    pub image_missing: String,
}

impl Chrome {
    /// The chrome in the reader's language (`pdf.page_of`, `pdf.sign`, … in the catalogues).
    pub fn from_catalogue(tr: &Catalogue) -> Chrome {
        Chrome {
            page_of: tr.t("pdf.page_of").into(),
            signature: tr.t("pdf.sign").into(),
            seal: tr.t("pdf.seal").into(),
            date: tr.t("pdf.date").into(),
            image_missing: tr.t("pdf.image_missing").into(),
        }
    }
}

impl Default for Chrome {
    /// Chinese, the default language.
    fn default() -> Chrome {
        Chrome::from_catalogue(crate::platform::i18n::catalogue(
            crate::platform::i18n::Lang::Zh,
        ))
    }
}

#[derive(Debug, Clone, Default)]
pub struct Document {
    pub title: String,
    pub blocks: Vec<Block>,
    pub chrome: Chrome,
    /// Drawn large and light across every page, under the content (e.g. 未完成 on an unfinished list).
    pub watermark: Option<String>,
    /// The name to save the file under (may be Chinese) and its plain-ASCII fallback for old clients;
    /// see [`content_disposition`].
    pub file_name: String,
    pub file_name_ascii: String,
}

impl Document {
    /// A document with Chinese chrome, named after its title.
    pub fn new(title: impl Into<String>) -> Self {
        let title = title.into();
        Document {
            blocks: vec![Block::Title(title.clone())],
            file_name: format!("{title}.pdf"),
            file_name_ascii: "document.pdf".into(),
            title,
            ..Default::default()
        }
    }
    /// A document whose chrome (page numbers, signature labels) is in the reader's language.
    pub fn for_reader(title: impl Into<String>, tr: &Catalogue) -> Self {
        Document {
            chrome: Chrome::from_catalogue(tr),
            ..Document::new(title)
        }
    }
    pub fn push(&mut self, b: Block) -> &mut Self {
        self.blocks.push(b);
        self
    }
}

/// The rendered document as a download (its file name in the Content-Disposition; never cached — a
/// printout of a child's or a division's records is not kept by browsers or proxies).
pub fn http_response(doc: &Document) -> crate::error::AppResult<actix_web::HttpResponse> {
    let bytes = render(doc).map_err(crate::error::AppError::internal)?;
    Ok(actix_web::HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header(("Content-Disposition", content_disposition(doc)))
        .insert_header(("Cache-Control", "no-store"))
        .body(bytes))
}

/// Lay out and serialise. The font is subset to the characters used.
pub fn render(doc: &Document) -> Result<Vec<u8>, String> {
    let laid = draw::lay_out(doc);
    let out = output::serialise(doc, laid);
    // The font subset and the page streams took megabytes that are free again now.
    crate::platform::memory::trim();
    out
}
