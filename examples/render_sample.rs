//! Scratch: render target/view/sample.json with the built-in templates into target/view/sample.pdf.
use std::time::Instant;

fn main() {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "target/view/sample.json".into());
    let out = std::env::args()
        .nth(2)
        .unwrap_or_else(|| "target/view/sample.pdf".into());
    let bytes = std::fs::read(&path).expect("read view json");
    let fonts = juesuan::render::Fonts::embedded();
    let templates = juesuan::render::Templates::builtin();
    let opts = juesuan::render::RenderOptions::new("sample", 2024, 1, 1);
    for round in 0..2 {
        let start = Instant::now();
        match juesuan::render::compile_pdf(fonts, &templates, &bytes, &opts) {
            Ok(pdf) => {
                eprintln!(
                    "round {round}: {} bytes in {:?}",
                    pdf.len(),
                    start.elapsed()
                );
                std::fs::write(&out, pdf).expect("write pdf");
            }
            Err(e) => {
                eprintln!("{e}");
                std::process::exit(1);
            }
        }
    }
}
