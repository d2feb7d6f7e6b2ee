//! Laid-out pages to PDF operations: the watermark under the content, the running header on
//! continuation pages, the page numbers, and the font subset to the characters used.

use super::draw::{Draw, Laid, MARGIN, PAGE_H, PAGE_W};
use super::layout::{self, width};
use super::Document;
use printpdf::{
    Color, Line, LineDashPattern, LinePoint, Mm, Op, ParsedFont, PdfDocument, PdfFontHandle,
    PdfPage, PdfSaveOptions, Point, Pt, Rgb, TextItem, TextMatrix, XObjectTransform,
};
use std::sync::OnceLock;

const WATERMARK_SIZE: f32 = 120.0;
const HEADER_SIZE: f32 = 8.5;

fn font() -> Option<&'static ParsedFont> {
    static F: OnceLock<Option<ParsedFont>> = OnceLock::new();
    F.get_or_init(|| ParsedFont::from_bytes(layout::FONT_BYTES, 0, &mut Vec::new()))
        .as_ref()
}

fn grey(level: f32) -> Op {
    Op::SetFillColor {
        col: Color::Rgb(Rgb {
            r: level,
            g: level,
            b: level,
            icc_profile: None,
        }),
    }
}

fn point(x: f32, y: f32) -> LinePoint {
    LinePoint {
        p: Point { x: Pt(x), y: Pt(y) },
        bezier: false,
    }
}

pub(super) fn serialise(doc: &Document, laid: Laid) -> Result<Vec<u8>, String> {
    let font = font().ok_or("embedded font could not be parsed")?;
    let total = laid.pages.len();
    let mut pdf = PdfDocument::new(&doc.title);
    let fid = pdf.add_font(font);
    let image_ids: Vec<_> = laid.images.iter().map(|i| pdf.add_image(i)).collect();
    let text = |ops: &mut Vec<Op>, x: f32, y: f32, size: f32, s: String| {
        ops.extend([
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
        ])
    };
    let mut out_pages = Vec::with_capacity(total);
    for (i, page) in laid.pages.into_iter().enumerate() {
        let mut ops = vec![Op::SetOutlineThickness { pt: Pt(0.6) }];
        if let Some(mark) = &doc.watermark {
            // Diagonal through the centre of the page, light grey, under everything else.
            let w = width(mark, WATERMARK_SIZE);
            let (c, s) = (45f32.to_radians().cos(), 45f32.to_radians().sin());
            let (cx, cy) = (PAGE_W / 2.0, PAGE_H / 2.0);
            let x = cx - w / 2.0 * c + WATERMARK_SIZE * 0.35 * s;
            let y = cy - w / 2.0 * s - WATERMARK_SIZE * 0.35 * c;
            ops.extend([
                Op::SaveGraphicsState,
                grey(0.85),
                Op::StartTextSection,
                Op::SetFont {
                    font: PdfFontHandle::External(fid.clone()),
                    size: Pt(WATERMARK_SIZE),
                },
                Op::SetTextMatrix {
                    matrix: TextMatrix::TranslateRotate(Pt(x), Pt(y), 45.0),
                },
                Op::ShowText {
                    items: vec![TextItem::Text(mark.clone())],
                },
                Op::EndTextSection,
                Op::RestoreGraphicsState,
            ]);
        }
        if let (true, Some(h)) = (i > 0, &page.header) {
            let y = PAGE_H - MARGIN + 16.0;
            text(&mut ops, MARGIN, y, HEADER_SIZE, h.clone());
            ops.push(Op::DrawLine {
                line: Line {
                    points: vec![point(MARGIN, y - 5.0), point(PAGE_W - MARGIN, y - 5.0)],
                    is_closed: false,
                },
            });
        }
        let footer = doc
            .chrome
            .page_of
            .replace("{n}", &(i + 1).to_string())
            .replace("{total}", &total.to_string());
        let fx = (PAGE_W - width(&footer, 10.0)) / 2.0;
        text(&mut ops, fx, MARGIN - 10.0, 10.0, footer);
        for d in page.draws {
            match d {
                Draw::Text(x, y, size, s) => text(&mut ops, x, y, size, s),
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
                        points: vec![point(x1, y1), point(x2, y2)],
                        is_closed: false,
                    },
                }),
                Draw::Path(points, [r, g, b], w, dash) => ops.extend([
                    Op::SaveGraphicsState,
                    Op::SetOutlineColor {
                        col: Color::Rgb(Rgb {
                            r,
                            g,
                            b,
                            icc_profile: None,
                        }),
                    },
                    Op::SetOutlineThickness { pt: Pt(w) },
                    Op::SetLineDashPattern {
                        dash: LineDashPattern::new(0.0, &dash),
                    },
                    Op::DrawLine {
                        line: Line {
                            points: points.into_iter().map(|(x, y)| point(x, y)).collect(),
                            is_closed: false,
                        },
                    },
                    Op::RestoreGraphicsState,
                ]),
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
