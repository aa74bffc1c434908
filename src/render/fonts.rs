//! Fonts: the faces embedded in the binary plus optional runtime font directories.
//! No system font scanning, ever: output must not depend on the machine.

use std::path::{Path, PathBuf};
use std::sync::{LazyLock, OnceLock};

use typst::foundations::Bytes;
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;

use super::error::RenderError;

/// Faces compiled into the binary: (file name, bytes). One line per face.
/// Families (see fonts/README.md): 宋体 `Noto Serif CJK SC`, 黑体 `Noto Sans CJK SC`,
/// 楷体 `WenKai Subset` (regular only). No 仿宋 is shipped: load it with `with_extra_dirs`.
#[rustfmt::skip]
const EMBEDDED_FONTS: &[(&str, &[u8])] = &[
    ("NotoSerifCJKsc-Regular.otf", include_bytes!("../../fonts/NotoSerifCJKsc-Regular.otf")),
    ("NotoSerifCJKsc-Bold.otf", include_bytes!("../../fonts/NotoSerifCJKsc-Bold.otf")),
    ("NotoSansCJKsc-Regular.otf", include_bytes!("../../fonts/NotoSansCJKsc-Regular.otf")),
    ("NotoSansCJKsc-Bold.otf", include_bytes!("../../fonts/NotoSansCJKsc-Bold.otf")),
    ("WenKaiSubset-Regular.ttf", include_bytes!("../../fonts/WenKaiSubset-Regular.ttf")),
];

/// Font file extensions read from extra directories (compared case-insensitively).
const FONT_EXTENSIONS: &[&str] = &["ttf", "otf", "ttc", "otc"];

/// The embedded faces, parsed once per process on first use.
static EMBEDDED: LazyLock<Fonts> = LazyLock::new(|| {
    let fonts: Vec<Font> = EMBEDDED_FONTS
        .iter()
        .flat_map(|(_, data)| Font::iter(Bytes::new(*data)))
        .collect();
    Fonts::from_fonts(fonts)
});

/// A set of parsed fonts and the Typst font book describing them.
///
/// Cheap to share: `Fonts::embedded()` is a `&'static`, and a set with extra
/// directories can be wrapped in an `Arc` and used by many compiles at once.
pub struct Fonts {
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    /// One bit per code point: covered by at least one face. Built on first use; the
    /// glyph checks ask for every character of every document, and asking each face's
    /// run-length coverage was an eighth of a batch's CPU time.
    covered: OnceLock<Vec<u64>>,
    /// Every family name a face's name table gives in any language (`仿宋_GB2312` beside
    /// `FangSong_GB2312`), lowercased, with the family Typst knows the face by: clerks
    /// know fonts by the names Word shows them.
    aliases: Vec<(String, String)>,
}

impl Fonts {
    /// The fonts embedded in the binary (parsed lazily, once per process).
    pub fn embedded() -> &'static Fonts {
        &EMBEDDED
    }

    /// The embedded fonts plus every `.ttf/.otf/.ttc/.otc` file found (recursively,
    /// in sorted order) in the given directories, e.g. a district's licensed 仿宋_GB2312.
    pub fn with_extra_dirs(dirs: &[PathBuf]) -> Result<Fonts, RenderError> {
        let mut fonts = Fonts::embedded().fonts.clone();
        for dir in dirs {
            let mut files = Vec::new();
            collect_font_files(dir, &mut files)?;
            // A folder given for fonts and holding none is a slip (the wrong folder, the
            // fonts not copied yet): the document would silently keep the shipped faces.
            if files.is_empty() {
                return Err(RenderError::FontDir {
                    path: dir.clone(),
                    reason: "其中没有字体文件（.ttf、.otf、.ttc、.otc）".into(),
                });
            }
            files.sort();
            for path in files {
                let data = std::fs::read(&path).map_err(|cause| RenderError::FontIo {
                    path: path.clone(),
                    cause,
                })?;
                let before = fonts.len();
                fonts.extend(Font::iter(Bytes::new(data)));
                if fonts.len() == before {
                    return Err(RenderError::FontParse { path });
                }
            }
        }
        Ok(Fonts::from_fonts(fonts))
    }

    fn from_fonts(fonts: Vec<Font>) -> Fonts {
        let book = FontBook::from_fonts(&fonts);
        let mut aliases = Vec::new();
        for font in &fonts {
            let family = &font.info().family;
            let Ok(face) = ttf_parser::Face::parse(font.data(), font.index()) else {
                continue;
            };
            // Name IDs 1 (family) and 16 (typographic family).
            for name in face.names() {
                if name.name_id != 1 && name.name_id != 16 {
                    continue;
                }
                if let Some(alias) = name_text(&name) {
                    let alias = alias.trim().to_lowercase();
                    if !alias.is_empty() && alias != family.to_lowercase() {
                        aliases.push((alias, family.clone()));
                    }
                }
            }
        }
        aliases.sort();
        aliases.dedup();
        Fonts {
            book: LazyHash::new(book),
            fonts,
            covered: OnceLock::new(),
            aliases,
        }
    }

    /// The family Typst knows by `name`: the family itself (any case), or the family of
    /// a face whose name table also calls it `name` (`仿宋_GB2312`, `方正小标宋简体`).
    pub fn family_named(&self, name: &str) -> Option<String> {
        let wanted = name.trim().to_lowercase();
        self.fonts
            .iter()
            .map(|f| &f.info().family)
            .find(|f| f.to_lowercase() == wanted)
            .cloned()
            .or_else(|| {
                self.aliases
                    .iter()
                    .find(|(alias, _)| *alias == wanted)
                    .map(|(_, family)| family.clone())
            })
    }

    /// The Typst font book (metadata of all faces).
    pub fn book(&self) -> &LazyHash<FontBook> {
        &self.book
    }

    /// The face with the given index in the book.
    pub fn font(&self, index: usize) -> Option<Font> {
        self.fonts.get(index).cloned()
    }

    /// Number of faces loaded (a `.ttc` file can hold several).
    pub fn face_count(&self) -> usize {
        self.fonts.len()
    }

    /// Sorted, de-duplicated family names as Typst sees them (match `set text(font: ..)`
    /// against these, case-insensitively).
    pub fn families(&self) -> Vec<String> {
        let mut families: Vec<String> = self
            .fonts
            .iter()
            .map(|font| font.info().family.clone())
            .collect();
        families.sort();
        families.dedup();
        families
    }

    /// Whether the family (matched case-insensitively) has a bold face (weight 600 or
    /// more): Typst does not make one up, so bold text in a family without one is
    /// printed regular.
    pub fn has_bold(&self, family: &str) -> bool {
        self.fonts.iter().any(|font| {
            font.info().family.eq_ignore_ascii_case(family)
                && font.info().variant.weight.to_number() >= 600
        })
    }

    /// Whether at least one loaded face has a glyph for `c`.
    pub fn covers(&self, c: char) -> bool {
        let bits = self.covered.get_or_init(|| {
            let mut bits = vec![0u64; (char::MAX as usize >> 6) + 1];
            for font in &self.fonts {
                for cp in font.info().coverage.iter() {
                    if let Some(word) = bits.get_mut(cp as usize >> 6) {
                        *word |= 1 << (cp & 63);
                    }
                }
            }
            bits
        });
        let cp = c as usize;
        bits[cp >> 6] & (1 << (cp & 63)) != 0
    }
}

/// The text of a name record: Unicode (UTF-16BE), or GBK as older Chinese fonts store
/// it (Windows platform, encoding 3, each character in two bytes).
fn name_text(name: &ttf_parser::name::Name) -> Option<String> {
    if let Some(text) = name.to_string() {
        return Some(text);
    }
    if name.platform_id == ttf_parser::PlatformId::Windows && name.encoding_id == 3 {
        let bytes: Vec<u8> = name.name.iter().copied().filter(|&b| b != 0).collect();
        let (text, _, bad) = encoding_rs::GBK.decode(&bytes);
        return (!bad).then(|| text.into_owned());
    }
    None
}

impl std::fmt::Debug for Fonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fonts")
            .field("faces", &self.fonts.len())
            .field("families", &self.families())
            .finish()
    }
}

/// The font files of a font folder (a few faces; a CJK family is tens of MB a face).
fn collect_font_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), RenderError> {
    let limits = super::walk::Limits {
        max_files: 500,
        max_bytes: 2_000_000_000,
        max_depth: 6,
        what: "字体文件夹",
        io_error: |path, cause| RenderError::FontIo { path, cause },
    };
    let is_font = |path: &Path| {
        path.extension()
            .and_then(|ext| ext.to_str())
            .is_some_and(|ext| {
                FONT_EXTENSIONS
                    .iter()
                    .any(|known| ext.eq_ignore_ascii_case(known))
            })
    };
    let refuse = |reason: &str| RenderError::FontDir {
        path: dir.to_path_buf(),
        reason: reason.to_string(),
    };
    if !dir.exists() {
        return Err(refuse("不存在（请检查路径；相对路径从当前文件夹算起）"));
    }
    if !dir.is_dir() {
        // One font file named directly is taken as it is.
        if is_font(dir) {
            out.push(dir.to_path_buf());
            return Ok(());
        }
        return Err(refuse(
            "不是文件夹，也不是字体文件（应为存放 .ttf/.otf/.ttc 字体的文件夹）",
        ));
    }
    out.extend(super::walk::files_below(dir, &limits, &is_font)?);
    Ok(())
}
