//! For template authors and performance work: `JUESUAN_TIMINGS=file.json` writes where
//! Typst spent its time (a Chrome trace: open it in `chrome://tracing` or Perfetto),
//! each span named by its template file and line. Off unless the variable is set; it
//! changes nothing in the PDF.

use std::num::NonZeroU64;

use typst::syntax::Span;
use typst::WorldExt;

use super::world::RenderWorld;

const VARIABLE: &str = "JUESUAN_TIMINGS";

/// Starts recording when the variable is set; returns where to write the trace.
pub(super) fn start() -> Option<std::path::PathBuf> {
    let path = std::env::var_os(VARIABLE)?;
    typst_timing::clear();
    typst_timing::enable();
    Some(path.into())
}

/// Writes what was recorded since [`start`]. A failure to write is said on stderr and
/// otherwise ignored: the trace is a diagnostic, never a reason to fail the document.
pub(super) fn finish(path: &std::path::Path, world: &RenderWorld) {
    typst_timing::disable();
    let written = std::fs::File::create(path)
        .map_err(|e| e.to_string())
        .and_then(|file| {
            typst_timing::export_json(std::io::BufWriter::new(file), |raw: NonZeroU64| {
                let span = Span::from_raw(raw);
                let file = span
                    .id()
                    .and_then(|id| world.templates().origin_of(id))
                    .map(|origin| origin.to_string())
                    .unwrap_or_default();
                let line = world
                    .range(span)
                    .zip(span.id().and_then(|id| world.templates().source(id)?.ok()))
                    .and_then(|(range, source)| source.lines().byte_to_line(range.start))
                    .map_or(0, |l| l as u32 + 1);
                (file, line)
            })
        });
    if let Err(e) = written {
        eprintln!("{VARIABLE}: 未能写出 {}：{e}", path.display());
    }
}
