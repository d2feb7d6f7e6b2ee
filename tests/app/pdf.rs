//! The PDF printer, checked with a real PDF tool (pdftotext).

use crate::support::require_tool;
use fuyu::pdf::{render, Block, Document};

fn pdftotext(bytes: &[u8]) -> String {
    let tool = require_tool("pdftotext");
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("d.pdf");
    std::fs::write(&f, bytes).unwrap();
    let out = std::process::Command::new(tool)
        .arg("-layout")
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
