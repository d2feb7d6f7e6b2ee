fn main() {
    let mut d = fuyu::pdf::Document::new("儿童移交清单");
    d.push(fuyu::pdf::Block::Paragraph("第 1 页 共 1 页 abc".into()));
    let b = fuyu::pdf::render(&d).unwrap();
    std::fs::write("/tmp/x.pdf", b).unwrap();
}
