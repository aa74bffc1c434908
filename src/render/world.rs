//! A small, explicit Typst `World`: everything is in memory, nothing is read
//! from the network or the disk, and `today()` is fixed for reproducible output.

use std::path::PathBuf;
use std::sync::LazyLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, Source};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use super::fonts::Fonts;
use super::templates::{file_id, Templates, MAIN_FILE};

/// Virtual path of the view-model JSON, read by templates with `json("/data.json")`.
pub const DATA_PATH: &str = "/data.json";

/// The standard library, built once per process and shared by all worlds.
static LIBRARY: LazyLock<LazyHash<Library>> =
    LazyLock::new(|| LazyHash::new(Library::builder().build()));

/// One compilation's world: shared fonts and templates plus this document's data.
pub(crate) struct RenderWorld<'a> {
    fonts: &'a Fonts,
    templates: &'a Templates,
    main: FileId,
    data_id: FileId,
    data: Bytes,
    today: Datetime,
}

impl<'a> RenderWorld<'a> {
    pub(crate) fn new(
        fonts: &'a Fonts,
        templates: &'a Templates,
        data: Bytes,
        today: Datetime,
    ) -> Self {
        Self {
            fonts,
            templates,
            main: file_id(&format!("/{MAIN_FILE}")).expect("valid main path"),
            data_id: file_id(DATA_PATH).expect("valid data path"),
            data,
            today,
        }
    }

    pub(crate) fn templates(&self) -> &Templates {
        self.templates
    }

    pub(crate) fn data_id(&self) -> FileId {
        self.data_id
    }

    pub(crate) fn data(&self) -> &Bytes {
        &self.data
    }
}

impl World for RenderWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.fonts.book()
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.data_id {
            return Err(FileError::NotSource);
        }
        self.templates
            .source(id)
            .unwrap_or_else(|| Err(not_found(id)))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.data_id {
            return Ok(self.data.clone());
        }
        self.templates
            .bytes(id)
            .cloned()
            .ok_or_else(|| not_found(id))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.font(index)
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}

fn not_found(id: FileId) -> FileError {
    FileError::NotFound(PathBuf::from(id.vpath().get_with_slash()))
}
