//! The shared PDF printer: a small document builder on printpdf with the embedded CJK font (WenQuanYi
//! Micro Hei, Apache-2.0, `templates/static/fonts/`), subset per document. Blocks: title, headings,
//! paragraphs, key–value blocks, tables that wrap and continue across pages (header repeated),
//! signature/seal blocks, and page numbers 「第 N 页 共 M 页」.

pub mod layout;

use layout::{width, wrap};
use printpdf::{
    Line, LinePoint, Mm, Op, ParsedFont, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions,
    Point, Pt, RawImage, TextItem, XObjectTransform,
};
use std::sync::OnceLock;

const PAGE_W: f32 = 595.28; // A4 in points
const PAGE_H: f32 = 841.89;
const MARGIN: f32 = 56.7; // 20 mm
const BODY: f32 = 10.5;
const LEADING: f32 = 1.45;

/// One piece of a document.
#[derive(Debug, Clone)]
pub enum Block {
    Title(String),
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
    /// One signature-and-seal box per party: the party's name.
    Signatures(Vec<String>),
    /// A JPEG or PNG picture, scaled to fit the box (points), kept in proportion.
    Image {
        bytes: Vec<u8>,
        max_width: f32,
        max_height: f32,
    },
    /// Start a new page.
    PageBreak,
}

#[derive(Debug, Clone, Default)]
pub struct Document {
    pub title: String,
    pub blocks: Vec<Block>,
}

impl Document {
    pub fn new(title: impl Into<String>) -> Self {
        let title = title.into();
        Document {
            blocks: vec![Block::Title(title.clone())],
            title,
        }
    }
    pub fn push(&mut self, b: Block) -> &mut Self {
        self.blocks.push(b);
        self
    }
}

fn font() -> Option<&'static ParsedFont> {
    static F: OnceLock<Option<ParsedFont>> = OnceLock::new();
    F.get_or_init(|| ParsedFont::from_bytes(layout::FONT_BYTES, 0, &mut Vec::new()))
        .as_ref()
}

/// Page-by-page drawing state. Text is collected as (x, y, size, text); rules as line segments.
struct Pages {
    pages: Vec<Vec<Draw>>,
    y: f32,
}

enum Draw {
    Text(f32, f32, f32, String),
    Rule(f32, f32, f32, f32),
    /// Image index, x, y (bottom-left), dpi that gives the wanted size.
    Image(usize, f32, f32, f32),
}

impl Pages {
    fn new() -> Self {
        Pages {
            pages: vec![Vec::new()],
            y: PAGE_H - MARGIN,
        }
    }
    fn bottom() -> f32 {
        MARGIN + 20.0 // room for the page number
    }
    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = PAGE_H - MARGIN;
    }
    /// Make room for `h` points, starting a new page when needed.
    fn room(&mut self, h: f32) {
        if self.y - h < Self::bottom() {
            self.new_page();
        }
    }
    fn text(&mut self, x: f32, y: f32, size: f32, s: &str) {
        if let Some(p) = self.pages.last_mut() {
            p.push(Draw::Text(x, y, size, s.to_string()));
        }
    }
    fn rule(&mut self, x1: f32, y1: f32, x2: f32, y2: f32) {
        if let Some(p) = self.pages.last_mut() {
            p.push(Draw::Rule(x1, y1, x2, y2));
        }
    }
    fn lines(&mut self, x: f32, size: f32, max: f32, text: &str) {
        for l in wrap(text, size, max) {
            self.room(size * LEADING);
            self.y -= size * LEADING;
            let y = self.y;
            self.text(x, y, size, &l);
        }
    }
}

fn table(p: &mut Pages, headers: &[String], widths: &[f32], rows: &[Vec<String>]) {
    let usable = PAGE_W - 2.0 * MARGIN;
    let total: f32 = widths.iter().sum::<f32>().max(0.0001);
    let cols: Vec<f32> = widths.iter().map(|w| w / total * usable).collect();
    let size = BODY - 1.0;
    let lh = size * LEADING;
    let pad = 3.0;
    let draw_row =
        |p: &mut Pages, cells: &[String], lines: &[Vec<String>], from: usize, to: usize| {
            let h = (to - from) as f32 * lh + 2.0 * pad;
            let top = p.y;
            let mut x = MARGIN;
            for (i, w) in cols.iter().enumerate() {
                if let Some(ls) = lines.get(i) {
                    for (k, l) in ls.iter().enumerate().skip(from).take(to - from) {
                        let yy = top - pad - (k - from + 1) as f32 * lh + 2.5;
                        p.text(x + pad, yy, size, l);
                    }
                }
                p.rule(x, top, x, top - h);
                x += w;
            }
            let _ = cells;
            p.rule(MARGIN + usable, top, MARGIN + usable, top - h);
            p.rule(MARGIN, top, MARGIN + usable, top);
            p.rule(MARGIN, top - h, MARGIN + usable, top - h);
            p.y = top - h;
        };
    let wrap_cells = |cells: &[String]| -> Vec<Vec<String>> {
        cols.iter()
            .enumerate()
            .map(|(i, w)| {
                wrap(
                    cells.get(i).map(String::as_str).unwrap_or(""),
                    size,
                    w - 2.0 * pad,
                )
            })
            .collect()
    };
    let head_lines = wrap_cells(headers);
    let head_n = head_lines.iter().map(Vec::len).max().unwrap_or(1);
    let head_h = head_n as f32 * lh + 2.0 * pad;
    p.room(head_h + lh + 2.0 * pad);
    draw_row(p, headers, &head_lines, 0, head_n);
    for row in rows {
        let lines = wrap_cells(row);
        let n = lines.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let mut from = 0;
        while from < n {
            // How many of this row's lines fit here; a row taller than a page continues on the next.
            let avail = ((p.y - Pages::bottom() - 2.0 * pad) / lh).floor().max(0.0) as usize;
            if avail == 0 || (from == 0 && avail < n && n * 2 < 40) {
                p.new_page();
                draw_row(p, headers, &head_lines, 0, head_n);
                continue;
            }
            let to = (from + avail).min(n);
            draw_row(p, row, &lines, from, to);
            from = to;
        }
    }
    p.y -= 6.0;
}

/// Lay out and serialise. The font is subset to the characters used.
pub fn render(doc: &Document) -> Result<Vec<u8>, String> {
    let font = font().ok_or("embedded font could not be parsed")?;
    let usable = PAGE_W - 2.0 * MARGIN;
    let mut p = Pages::new();
    let mut images: Vec<RawImage> = Vec::new();
    for b in &doc.blocks {
        match b {
            Block::Title(t) => {
                let size = 18.0;
                for l in wrap(t, size, usable) {
                    p.room(size * 1.6);
                    p.y -= size * 1.6;
                    let x = MARGIN + (usable - width(&l, size)) / 2.0;
                    let y = p.y;
                    p.text(x, y, size, &l);
                }
                p.y -= 8.0;
            }
            Block::Heading(t) => {
                p.room(BODY * 4.0);
                p.y -= 6.0;
                p.lines(MARGIN, BODY + 2.5, usable, t);
                p.y -= 2.0;
            }
            Block::Paragraph(t) => {
                p.lines(MARGIN, BODY, usable, t);
                p.y -= 4.0;
            }
            Block::KeyValues(kv) => {
                let label_w = usable * 0.3;
                for (k, v) in kv {
                    let kl = wrap(k, BODY, label_w - 6.0);
                    let vl = wrap(v, BODY, usable - label_w);
                    let n = kl.len().max(vl.len());
                    for i in 0..n {
                        p.room(BODY * LEADING);
                        p.y -= BODY * LEADING;
                        let y = p.y;
                        if let Some(s) = kl.get(i) {
                            p.text(MARGIN, y, BODY, s);
                        }
                        if let Some(s) = vl.get(i) {
                            p.text(MARGIN + label_w, y, BODY, s);
                        }
                    }
                }
                p.y -= 6.0;
            }
            Block::Table {
                headers,
                widths,
                rows,
            } => table(&mut p, headers, widths, rows),
            Block::Signatures(parties) => {
                let box_h = 90.0;
                let per_row = 3.min(parties.len().max(1));
                let w = usable / per_row as f32;
                for chunk in parties.chunks(per_row) {
                    p.room(box_h + 10.0);
                    p.y -= 10.0;
                    let top = p.y;
                    for (i, party) in chunk.iter().enumerate() {
                        let x = MARGIN + i as f32 * w;
                        let inner = w - 8.0;
                        p.rule(x, top, x + inner, top);
                        p.rule(x, top - box_h, x + inner, top - box_h);
                        p.rule(x, top, x, top - box_h);
                        p.rule(x + inner, top, x + inner, top - box_h);
                        p.text(x + 4.0, top - 14.0, BODY, party);
                        p.text(x + 4.0, top - 50.0, BODY - 1.0, "签字 Signature：");
                        p.text(x + 4.0, top - 66.0, BODY - 1.0, "盖章 Seal：");
                        p.text(x + 4.0, top - 82.0, BODY - 1.0, "日期 Date：");
                    }
                    p.y = top - box_h;
                }
            }
            Block::Image {
                bytes,
                max_width,
                max_height,
            } => match RawImage::decode_from_bytes(bytes, &mut Vec::new()) {
                Ok(img) if img.width > 0 && img.height > 0 => {
                    // Fit into the box, keeping proportions; printpdf sizes images by their dpi.
                    let (w, h) = (img.width as f32, img.height as f32);
                    let scale = (max_width / w).min(max_height / h);
                    let dh = h * scale;
                    p.room(dh + 6.0);
                    p.y -= dh + 6.0;
                    let idx = images.len();
                    images.push(img);
                    let y = p.y;
                    if let Some(page) = p.pages.last_mut() {
                        page.push(Draw::Image(idx, MARGIN, y, 72.0 / scale));
                    }
                }
                _ => p.lines(
                    MARGIN,
                    BODY,
                    usable,
                    "[图片无法显示 / image could not be shown]",
                ),
            },
            Block::PageBreak => p.new_page(),
        }
    }
    let total = p.pages.len();
    let mut pdf = PdfDocument::new(&doc.title);
    let fid = pdf.add_font(font);
    let image_ids: Vec<_> = images.iter().map(|i| pdf.add_image(i)).collect();
    let mut out_pages = Vec::with_capacity(total);
    for (i, draws) in p.pages.into_iter().enumerate() {
        let mut ops = vec![Op::SetOutlineThickness { pt: Pt(0.6) }];
        let footer = format!("第 {} 页 共 {} 页", i + 1, total);
        let fx = (PAGE_W - width(&footer, 10.0)) / 2.0;
        let mut all = draws;
        all.push(Draw::Text(fx, MARGIN - 10.0, 10.0, footer));
        for d in all {
            match d {
                Draw::Text(x, y, size, s) => ops.extend([
                    Op::StartTextSection,
                    Op::SetFont {
                        font: PdfFontHandle::External(fid.clone()),
                        size: Pt(size),
                    },
                    Op::SetTextCursor {
                        pos: Point { x: Pt(x), y: Pt(y) },
                    },
                    Op::ShowText {
                        items: vec![TextItem::Text(s)],
                    },
                    Op::EndTextSection,
                ]),
                Draw::Image(idx, x, y, dpi) => {
                    if let Some(id) = image_ids.get(idx) {
                        ops.push(Op::UseXobject {
                            id: id.clone(),
                            transform: XObjectTransform {
                                translate_x: Some(Pt(x)),
                                translate_y: Some(Pt(y)),
                                dpi: Some(dpi),
                                ..Default::default()
                            },
                        });
                    }
                }
                Draw::Rule(x1, y1, x2, y2) => ops.push(Op::DrawLine {
                    line: Line {
                        points: vec![
                            LinePoint {
                                p: Point {
                                    x: Pt(x1),
                                    y: Pt(y1),
                                },
                                bezier: false,
                            },
                            LinePoint {
                                p: Point {
                                    x: Pt(x2),
                                    y: Pt(y2),
                                },
                                bezier: false,
                            },
                        ],
                        is_closed: false,
                    },
                }),
            }
        }
        out_pages.push(PdfPage::new(Mm(210.0), Mm(297.0), ops));
    }
    let opts = PdfSaveOptions {
        subset_fonts: true,
        ..Default::default()
    };
    Ok(pdf.with_pages(out_pages).save(&opts, &mut Vec::new()))
}
