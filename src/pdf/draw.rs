//! Page layout: blocks become positioned text, rules and images, page by page (no PDF types here).

use super::layout::{width, wrap};
use super::{Block, Chrome, Document, Shape};
use printpdf::RawImage;

pub(super) const PAGE_W: f32 = 595.28; // A4 in points
pub(super) const PAGE_H: f32 = 841.89;
pub(super) const MARGIN: f32 = 56.7; // 20 mm
const BODY: f32 = 10.5;
const LEADING: f32 = 1.45;
pub(super) const USABLE: f32 = PAGE_W - 2.0 * MARGIN;
const TOP: f32 = PAGE_H - MARGIN;

/// What is drawn on a page.
pub(super) enum Draw {
    /// x, y, size, text.
    Text(f32, f32, f32, String),
    Rule(f32, f32, f32, f32),
    /// Image index, x, y (bottom-left), dpi that gives the wanted size.
    Image(usize, f32, f32, f32),
    /// A polyline: points, colour, width, dash pattern.
    Path(Vec<(f32, f32)>, [f32; 3], f32, Vec<f32>),
}

pub(super) struct Page {
    pub draws: Vec<Draw>,
    /// The running header in force when the page started (never drawn on the first page).
    pub header: Option<String>,
}

/// The laid-out document: pages and the decoded images they refer to.
pub(super) struct Laid {
    pub pages: Vec<Page>,
    pub images: Vec<RawImage>,
}

/// Page-by-page drawing state.
struct Pages<'a> {
    pages: Vec<Page>,
    y: f32,
    header: Option<String>,
    images: Vec<RawImage>,
    chrome: &'a Chrome,
}

impl<'a> Pages<'a> {
    fn new(chrome: &'a Chrome) -> Self {
        Pages {
            pages: vec![Page {
                draws: Vec::new(),
                header: None,
            }],
            y: TOP,
            header: None,
            images: Vec::new(),
            chrome,
        }
    }
    fn bottom() -> f32 {
        MARGIN + 20.0 // room for the page number
    }
    fn new_page(&mut self) {
        self.pages.push(Page {
            draws: Vec::new(),
            header: self.header.clone(),
        });
        self.y = TOP;
    }
    /// Make room for `h` points, starting a new page when needed.
    fn room(&mut self, h: f32) {
        if self.y - h < Self::bottom() {
            self.new_page();
        }
    }
    fn push(&mut self, d: Draw) {
        if let Some(p) = self.pages.last_mut() {
            p.draws.push(d);
        }
    }
    fn text(&mut self, x: f32, y: f32, size: f32, s: &str) {
        self.push(Draw::Text(x, y, size, s.to_string()));
    }
    fn rule(&mut self, x1: f32, y1: f32, x2: f32, y2: f32) {
        self.push(Draw::Rule(x1, y1, x2, y2));
    }
    fn rect(&mut self, x: f32, top: f32, w: f32, h: f32) {
        self.rule(x, top, x + w, top);
        self.rule(x, top - h, x + w, top - h);
        self.rule(x, top, x, top - h);
        self.rule(x + w, top, x + w, top - h);
    }
    fn lines(&mut self, x: f32, size: f32, max: f32, text: &str) {
        for l in wrap(text, size, max) {
            self.room(size * LEADING);
            self.y -= size * LEADING;
            let y = self.y;
            self.text(x, y, size, &l);
        }
    }
    fn centered(&mut self, size: f32, step: f32, text: &str) {
        for l in wrap(text, size, USABLE) {
            self.room(size * step);
            self.y -= size * step;
            let x = MARGIN + (USABLE - width(&l, size)) / 2.0;
            let y = self.y;
            self.text(x, y, size, &l);
        }
    }
}

/// Lay the whole document out.
pub(super) fn lay_out(doc: &Document) -> Laid {
    let mut p = Pages::new(&doc.chrome);
    for (i, b) in doc.blocks.iter().enumerate() {
        match b {
            Block::Table {
                headers,
                widths,
                rows,
            } => {
                let keep = kept_after(&doc.chrome, &doc.blocks[i + 1..]);
                table(&mut p, headers, widths, rows, keep);
            }
            Block::Paragraph(_) | Block::KeyValues(_) | Block::Signatures(_) => {
                // The first block of a run that ends in signatures starts a page the run fits on,
                // unless a table before it already kept room for the run.
                let after_glue = matches!(
                    i.checked_sub(1).and_then(|j| doc.blocks.get(j)),
                    Some(Block::Table { .. } | Block::Paragraph(_) | Block::KeyValues(_))
                );
                if !after_glue {
                    let run = kept_after(&doc.chrome, &doc.blocks[i..]);
                    if run > 0.0 && run <= TOP - Pages::bottom() {
                        p.room(run);
                    }
                }
                block(&mut p, b);
            }
            Block::Heading(_) => {
                // A heading stays with the figure after it.
                if let Some(Block::Figure { height, .. }) = doc.blocks.get(i + 1) {
                    p.room(height + BODY * 4.0 + 6.0);
                }
                block(&mut p, b);
            }
            _ => block(&mut p, b),
        }
    }
    Laid {
        pages: p.pages,
        images: p.images,
    }
}

/// The height that must stay on the page with what comes before `rest`: the run of paragraphs and
/// key–value blocks that ends in a signature block (0 when the run does not end in signatures).
fn kept_after(chrome: &Chrome, rest: &[Block]) -> f32 {
    let mut run = Vec::new();
    for b in rest {
        match b {
            Block::Paragraph(_) | Block::KeyValues(_) => run.push(b),
            Block::Signatures(_) => {
                run.push(b);
                return measure(chrome, &run);
            }
            _ => return 0.0,
        }
    }
    0.0
}

/// The height the blocks take when laid out from the top of a fresh page (more than a page when
/// they do not fit on one).
fn measure(chrome: &Chrome, blocks: &[&Block]) -> f32 {
    let mut p = Pages::new(chrome);
    for b in blocks {
        block(&mut p, b);
    }
    (p.pages.len() - 1) as f32 * PAGE_H + (TOP - p.y) + 1.0
}

fn block(p: &mut Pages, b: &Block) {
    match b {
        Block::Title(t) => {
            p.centered(18.0, 1.6, t);
            p.y -= 8.0;
        }
        Block::Centered(t) => {
            p.centered(BODY + 1.5, 1.2, t);
            p.y -= 10.0;
        }
        Block::Banner(t) => {
            let size = BODY + 1.5;
            let lines = wrap(t, size, USABLE - 16.0);
            let h = lines.len() as f32 * size * LEADING + 12.0;
            p.room(h + 6.0);
            let top = p.y - 2.0;
            p.rect(MARGIN, top, USABLE, h);
            p.rect(MARGIN + 2.0, top - 2.0, USABLE - 4.0, h - 4.0);
            for (k, l) in lines.iter().enumerate() {
                let y = top - 6.0 - (k + 1) as f32 * size * LEADING + 3.0;
                p.text(MARGIN + 8.0, y, size, l);
            }
            p.y = top - h - 8.0;
        }
        Block::Heading(t) => {
            p.room(BODY * 4.0);
            p.y -= 6.0;
            p.lines(MARGIN, BODY + 2.5, USABLE, t);
            p.y -= 2.0;
        }
        Block::Paragraph(t) => {
            p.lines(MARGIN, BODY, USABLE, t);
            p.y -= 4.0;
        }
        Block::KeyValues(kv) => {
            let label_w = USABLE * 0.3;
            for (k, v) in kv {
                let kl = wrap(k, BODY, label_w - 6.0);
                let vl = wrap(v, BODY, USABLE - label_w);
                for i in 0..kl.len().max(vl.len()) {
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
        } => table(p, headers, widths, rows, 0.0),
        Block::Signatures(parties) => signatures(p, parties),
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
                let idx = p.images.len();
                p.images.push(img);
                let y = p.y;
                p.push(Draw::Image(idx, MARGIN, y, 72.0 / scale));
            }
            _ => {
                let missing = p.chrome.image_missing.clone();
                p.lines(MARGIN, BODY, USABLE, &missing);
            }
        },
        Block::RunningHeader(h) => p.header = Some(h.clone()),
        Block::PageBreak => p.new_page(),
        Block::Figure { height, shapes } => figure(p, *height, shapes),
    }
}

/// A figure, whole on one page: its shapes moved to where it lands.
fn figure(p: &mut Pages, height: f32, shapes: &[Shape]) {
    p.room(height + 6.0);
    p.y -= height + 6.0;
    let (x0, y0) = (MARGIN, p.y);
    for s in shapes {
        match s.moved(x0, y0) {
            Shape::Line {
                points,
                rgb,
                width,
                dash,
            } => p.push(Draw::Path(points, rgb, width, dash)),
            Shape::Text { x, y, size, text } => p.text(x, y, size, &text),
        }
    }
}

fn signatures(p: &mut Pages, parties: &[String]) {
    let box_h = 90.0;
    let per_row = 3.min(parties.len().max(1));
    let w = USABLE / per_row as f32;
    let small = BODY - 1.0;
    let labels = [
        p.chrome.signature.clone(),
        p.chrome.seal.clone(),
        p.chrome.date.clone(),
    ];
    for chunk in parties.chunks(per_row) {
        p.room(box_h + 10.0);
        p.y -= 10.0;
        let top = p.y;
        for (i, party) in chunk.iter().enumerate() {
            let x = MARGIN + i as f32 * w;
            let inner = w - 8.0;
            p.rect(x, top, inner, box_h);
            for (k, l) in wrap(party, BODY, inner - 8.0).iter().take(2).enumerate() {
                p.text(x + 4.0, top - 14.0 - k as f32 * BODY * 1.3, BODY, l);
            }
            for (k, label) in labels.iter().enumerate() {
                p.text(x + 4.0, top - 50.0 - k as f32 * 16.0, small, label);
            }
        }
        p.y = top - box_h;
    }
}

/// A table; `keep_after` is the height of what must stay on the page with its last row.
fn table(p: &mut Pages, headers: &[String], widths: &[f32], rows: &[Vec<String>], keep_after: f32) {
    let total: f32 = widths.iter().sum::<f32>().max(0.0001);
    let cols: Vec<f32> = widths.iter().map(|w| w / total * USABLE).collect();
    let size = BODY - 1.0;
    let lh = size * LEADING;
    let pad = 3.0;
    let draw_row = |p: &mut Pages, lines: &[Vec<String>], from: usize, to: usize| {
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
        p.rule(MARGIN + USABLE, top, MARGIN + USABLE, top - h);
        p.rule(MARGIN, top, MARGIN + USABLE, top);
        p.rule(MARGIN, top - h, MARGIN + USABLE, top - h);
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
    draw_row(p, &head_lines, 0, head_n);
    for (r, row) in rows.iter().enumerate() {
        let lines = wrap_cells(row);
        let n = lines.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let row_h = n as f32 * lh + 2.0 * pad;
        // The last row goes to the next page with what is kept after the table when they do not fit
        // here together (and do on a fresh page).
        let keep = if r + 1 == rows.len() && keep_after > 0.0 {
            keep_after + 6.0
        } else {
            0.0
        };
        if keep > 0.0
            && p.y - row_h - keep < Pages::bottom()
            && head_h + row_h + keep <= TOP - Pages::bottom()
        {
            p.new_page();
            draw_row(p, &head_lines, 0, head_n);
        }
        let mut from = 0;
        while from < n {
            // How many of this row's lines fit here; a row taller than a page continues on the next.
            let avail = ((p.y - Pages::bottom() - 2.0 * pad) / lh).floor().max(0.0) as usize;
            if avail == 0 || (from == 0 && avail < n && n * 2 < 40) {
                p.new_page();
                draw_row(p, &head_lines, 0, head_n);
                continue;
            }
            let to = (from + avail).min(n);
            draw_row(p, &lines, from, to);
            from = to;
        }
    }
    p.y -= 6.0;
}
