//! The PDF printer, checked with a real PDF tool (pdftotext).

use crate::support::require_tool;
use fuyu::pdf::{render, Block, Document};

fn pdftotext(bytes: &[u8]) -> String {
    pdftotext_with(bytes, "-layout")
}

/// The text in the order it is drawn (`-raw`): per page the watermark, the running header and the
/// page number come before the body.
fn pdftotext_with(bytes: &[u8], mode: &str) -> String {
    let tool = require_tool("pdftotext");
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("d.pdf");
    std::fs::write(&f, bytes).unwrap();
    let out = std::process::Command::new(tool)
        .arg(mode)
        .arg(&f)
        .arg("-")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "pdftotext failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn one_page_chinese_document_is_small_and_extractable() {
    let mut d = Document::new("儿童移交清单");
    d.push(Block::KeyValues(vec![
        ("移出机构".into(), "农安县儿童福利院".into()),
        ("接收机构".into(), "长春市儿童福利院".into()),
    ]));
    d.push(Block::Signatures(vec![
        "移出机构".into(),
        "接收机构".into(),
        "民政局".into(),
    ]));
    let bytes = render(&d).unwrap();
    assert!(
        bytes.len() < 100_000,
        "subset font keeps it small: {} bytes",
        bytes.len()
    );
    let text = pdftotext(&bytes);
    for s in [
        "儿童移交清单",
        "农安县儿童福利院",
        "长春市儿童福利院",
        "签字",
    ] {
        assert!(text.contains(s), "{s} in {text}");
    }
    // pdftotext drops the spaces between CJK characters, so compare the footer without them.
    assert!(squeeze(&text).contains("第1页共1页"), "{text}");
}

#[test]
fn tables_wrap_and_continue_across_pages_with_page_numbers() {
    let mut d = Document::new("档案目录 Archive index");
    d.push(Block::Heading("一、入院材料".into()));
    d.push(Block::Paragraph("本清单列出每一项材料及其状态。".repeat(6)));
    let rows: Vec<Vec<String>> = (1..=120)
        .map(|i| vec![format!("{i}"), format!("材料第{i}项：公安机关出具的捡拾报案证明及寻亲公告（含较长的说明文字以测试换行）"), if i % 2 == 0 { "已收到".into() } else { "缺失".into() }])
        .collect();
    d.push(Block::Table {
        headers: vec!["序号".into(), "材料".into(), "状态".into()],
        widths: vec![1.0, 6.0, 1.5],
        rows,
    });
    let bytes = render(&d).unwrap();
    let text = squeeze(&pdftotext(&bytes));
    let total: usize = text
        .split("第1页共")
        .nth(1)
        .and_then(|s| s.split('页').next())
        .and_then(|n| n.parse().ok())
        .expect("page footer");
    assert!(total >= 3, "several pages: {total}");
    for n in 1..=total {
        assert!(
            text.contains(&format!("第{n}页共{total}页")),
            "footer of page {n}"
        );
    }
    assert!(
        text.contains("材料第1项") && text.contains("材料第120项"),
        "first and last rows present"
    );
    assert_eq!(
        text.matches("序号").count(),
        total,
        "header repeated on every page"
    );
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn images_are_drawn_and_bad_images_say_so() {
    let mut d = Document::new("照片页");
    d.push(Block::Image {
        bytes: fuyu::archive::demo::PNG_1X1.to_vec(),
        max_width: 100.0,
        max_height: 130.0,
    });
    d.push(Block::Image {
        bytes: b"not an image".to_vec(),
        max_width: 100.0,
        max_height: 130.0,
    });
    let bytes = render(&d).unwrap();
    let text = pdftotext(&bytes);
    assert!(text.contains("图片无法显示"), "{text}");
    let tool = require_tool("pdfimages");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("i.pdf"), &bytes).unwrap();
    let out = std::process::Command::new(tool)
        .arg("-list")
        .arg(dir.path().join("i.pdf"))
        .output()
        .unwrap();
    let list = String::from_utf8_lossy(&out.stdout);
    assert_eq!(list.lines().count(), 3, "header, rule, one image: {list}");
}

/// The text of each page in drawing order (pdftotext separates pages with a form feed), without
/// whitespace.
fn pages(bytes: &[u8]) -> Vec<String> {
    let mut p: Vec<String> = pdftotext_with(bytes, "-raw")
        .split('\x0c')
        .map(squeeze)
        .collect();
    if p.last().is_some_and(String::is_empty) {
        p.pop();
    }
    p
}

fn rows(n: usize) -> Block {
    Block::Table {
        headers: vec!["序号".into(), "事项".into()],
        widths: vec![1.0, 6.0],
        rows: (1..=n)
            .map(|i| vec![i.to_string(), format!("第{i}行材料")])
            .collect(),
    }
}

#[test]
fn the_signature_block_is_never_alone_on_a_page() {
    // Tables ending at every height of a page: wherever the signatures would fall, they share their
    // page with the last row and the closing paragraph.
    let mut moved = 0;
    for n in 30..=75 {
        let mut d = Document::new("儿童移交清单");
        d.push(rows(n));
        d.push(Block::Paragraph("以上清单经双方核对无误。".into()));
        d.push(Block::Signatures(vec![
            "移出机构".into(),
            "接收机构".into(),
            "民政局".into(),
        ]));
        let p = pages(&render(&d).unwrap());
        let last = p.last().unwrap();
        assert!(
            last.contains("签字：") && last.contains(&format!("第{n}行材料")),
            "{n} rows: the last page has the last row and the signatures: {last}"
        );
        assert!(last.contains("以上清单经双方核对无误。"));
        assert_eq!(p.iter().filter(|x| x.contains("签字：")).count(), 1);
        // Count the tables whose last row had to leave the row before it behind.
        let before = format!("第{}行材料", n - 1);
        if !last.contains(&before) {
            moved += 1;
            let footer = format!("第{0}页共{0}页", p.len());
            assert!(
                last.starts_with(&format!("{footer}序号事项")),
                "the table header comes along: {last}"
            );
        }
    }
    assert!(moved > 0, "some tables ended too low for the signatures");
}

#[test]
fn continuation_pages_carry_the_running_header_in_force_when_they_start() {
    let mut d = Document::new("儿童移交清单");
    d.push(Block::Centered("农安移〔2026〕1号".into()));
    d.push(Block::RunningHeader("农安移〔2026〕1号（续）".into()));
    d.push(rows(80));
    d.push(Block::RunningHeader("农安移〔2026〕1号（续）张小红".into()));
    d.push(Block::Heading("2．张小红".into()));
    d.push(rows(80));
    let p = pages(&render(&d).unwrap());
    assert!(p.len() >= 4, "{} pages", p.len());
    assert!(p[0].contains("农安移〔2026〕1号") && !p[0].contains("（续）"));
    let second = p.iter().position(|x| x.contains("2．张小红")).unwrap();
    for (i, text) in p.iter().enumerate().skip(1) {
        assert!(
            text.starts_with("农安移〔2026〕1号（续）"),
            "page {}",
            i + 1
        );
        assert_eq!(
            text.contains("（续）张小红"),
            i > second,
            "page {}: the header names what the page continues",
            i + 1
        );
    }
}

#[test]
fn the_chrome_follows_the_readers_language_and_the_watermark_is_on_every_page() {
    use fuyu::platform::i18n::{catalogue, Lang};
    let mut d = Document::for_reader("Handover list", catalogue(Lang::En));
    d.watermark = Some("UNFINISHED".into());
    d.push(rows(100));
    d.push(Block::Image {
        bytes: b"not an image".to_vec(),
        max_width: 10.0,
        max_height: 10.0,
    });
    d.push(Block::Signatures(vec!["Sending institution".into()]));
    let p = pages(&render(&d).unwrap());
    let total = p.len();
    assert!(total >= 2);
    for (i, text) in p.iter().enumerate() {
        assert!(text.starts_with("UNFINISHED"), "page {}: {text}", i + 1);
        assert!(text.contains(&format!("Page{}of{total}", i + 1)), "{text}");
    }
    let all = p.concat();
    for s in ["Signature:", "Seal:", "Date:", "[imagecouldnotbeshown]"] {
        assert!(all.contains(s), "{s}");
    }
    for s in ["页", "签字", "盖章", "日期", "图片"] {
        assert!(!all.contains(s), "no {s} on the English document");
    }
}

#[test]
fn a_figure_is_drawn_with_lines_whole_on_one_page_with_its_heading() {
    use fuyu::pdf::{Shape, TEXT_WIDTH};
    let figure = || Block::Figure {
        height: 200.0,
        shapes: vec![
            Shape::Line {
                points: vec![(0.0, 20.0), (TEXT_WIDTH / 2.0, 120.0), (TEXT_WIDTH, 90.0)],
                rgb: [0.7, 0.4, 0.0],
                width: 1.0,
                dash: vec![3.0, 2.0],
            },
            Shape::Text {
                x: 0.0,
                y: 190.0,
                size: 8.0,
                text: "图上方文字".into(),
            },
            Shape::Text {
                x: 0.0,
                y: 2.0,
                size: 8.0,
                text: "图下方文字".into(),
            },
        ],
    };
    // Tables ending at every height of a page: the heading and the whole figure share a page.
    let mut moved = 0;
    for n in 30..=60 {
        let mut d = Document::new("生长曲线");
        d.push(rows(n));
        d.push(Block::Heading("曲线图标题".into()));
        d.push(figure());
        let bytes = render(&d).unwrap();
        let p = pages(&bytes);
        let with = |s: &str| p.iter().position(|x| x.contains(s));
        let at = with("曲线图标题").expect("the heading is printed");
        assert_eq!(with("图上方文字"), Some(at), "{n} rows: {p:?}");
        assert_eq!(with("图下方文字"), Some(at), "{n} rows: {p:?}");
        if !p[at].contains(&format!("第{n}行材料")) {
            moved += 1;
        }
    }
    assert!(moved > 0, "some tables ended too low for the figure");
    // Vector lines, not a picture: no image in the file.
    let mut d = Document::new("生长曲线");
    d.push(figure());
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("d.pdf");
    std::fs::write(&f, render(&d).unwrap()).unwrap();
    let out = std::process::Command::new(require_tool("pdfimages"))
        .arg("-list")
        .arg(&f)
        .output()
        .unwrap();
    assert!(out.status.success());
    let list = String::from_utf8(out.stdout).unwrap();
    assert_eq!(list.lines().count(), 2, "header and rule only: {list}");
}
