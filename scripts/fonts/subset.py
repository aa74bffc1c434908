#!/usr/bin/env python3
"""Build the CJK font subsets shipped in fonts/ from Debian's font packages.

Sources (Debian 12 "bookworm", main):

  fonts-noto-cjk     1:20220127+repack1-1   OFL-1.1
      /usr/share/fonts/opentype/noto/NotoSerifCJK-{Regular,Bold}.ttc   (Noto Serif CJK 2.001)
      /usr/share/fonts/opentype/noto/NotoSansCJK-{Regular,Bold}.ttc    (Noto Sans CJK 2.004)
      Each .ttc holds JP, KR, SC, TC, HK (and for Sans the Mono) members; index 2 is SC.
  fonts-lxgw-wenkai  1.250+repack-1         OFL-1.1, Reserved Font Names "霞鹜" and "LXGW"
      /usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf

Get them without installing (any directory will do):

    apt-get update
    apt-get download fonts-noto-cjk fonts-lxgw-wenkai
    for d in fonts-noto-cjk_*.deb fonts-lxgw-wenkai_*.deb; do dpkg-deb -x "$d" debroot; done
    python3 scripts/fonts/subset.py --root debroot

(--root defaults to "/", i.e. the packages installed with apt-get install.)  Without
--root and with the files missing, the script runs the apt-get download / dpkg-deb -x steps
itself in a temporary directory.

Requires fontTools (pip install fonttools; tested with 4.68.0).  The character list is
scripts/fonts/charset.txt (made by make_charset.py).

What is done to each face:
  * the SC member is taken from the TTC and written as a single static OTF (CFF);
  * only the default and ZHS OpenType language systems are kept (the JAN/KOR/ZHT/ZHH ones
    carry `locl` substitutions to non-SC glyph forms, see prune_langsys);
  * glyphs are subset to charset.txt plus whatever the kept OpenType layout features
    (fontTools' default feature list, which includes locl/vert/vrt2/vkrn/vpal/palt/halt/
    kern/ccmp, plus a few CJK/number features, see FEATURES) reach from those characters;
  * hinting is dropped (CFF hints, TrueType instructions), glyph names dropped, all name
    records kept; timestamps are not touched, so reruns are byte-identical;
  * for Noto the CFF FontName/FamilyName/FullName inside the shared TTC CFF (which say JP)
    are set to the SC member's names; the family name stays "Noto Serif CJK SC" /
    "Noto Sans CJK SC" (the Noto licence reserves only the name "Source");
  * LXGW WenKai's licence reserves the names "霞鹜" and "LXGW" and a subset is a Modified
    Version under the OFL, so the subset is renamed to "WenKai Subset" (all name records
    that carried a reserved name are rewritten or dropped; copyright and licence records
    are kept unchanged);
  * in the WenKai subset the curly quotes “ ” ‘ ’ (U+201C U+201D U+2018 U+2019), which LXGW
    WenKai draws proportional (advance 350/1000), are made full width in the Simplified
    Chinese manner of Noto CJK SC: advance one em, opening quotes at the right edge of the
    em box, closing quotes at the left edge (see fullwidth_quotes).

It also writes fonts/LICENSE-OFL-NotoCJK.txt and fonts/LICENSE-OFL-WenKai.txt: the OFL
text from each package's /usr/share/doc/<package>/copyright, with a header giving the
copyright notices and Reserved Font Names.

After writing, every output is reloaded and checked: every code point of charset.txt must
be in the cmap (missing ones are printed; the run fails only for missing hanzi unless
--strict), and the family name is printed together with glyph count and size.
"""
from __future__ import annotations

import argparse
import glob
import os
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

from fontTools import subset
from fontTools.pens.boundsPen import BoundsPen
from fontTools.ttLib import TTFont

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent

NOTO_DIR = "usr/share/fonts/opentype/noto"
WENKAI_DIR = "usr/share/fonts/truetype/lxgw-wenkai"

# (source path relative to root, TTC index or -1, output file, expected family, rename)
JOBS = [
    (f"{NOTO_DIR}/NotoSerifCJK-Regular.ttc", 2, "NotoSerifCJKsc-Regular.otf", "Noto Serif CJK SC", None),
    (f"{NOTO_DIR}/NotoSerifCJK-Bold.ttc", 2, "NotoSerifCJKsc-Bold.otf", "Noto Serif CJK SC", None),
    (f"{NOTO_DIR}/NotoSansCJK-Regular.ttc", 2, "NotoSansCJKsc-Regular.otf", "Noto Sans CJK SC", None),
    (f"{NOTO_DIR}/NotoSansCJK-Bold.ttc", 2, "NotoSansCJKsc-Bold.otf", "Noto Sans CJK SC", None),
    (f"{WENKAI_DIR}/LXGWWenKai-Regular.ttf", -1, "WenKaiSubset-Regular.ttf", "LXGW WenKai",
     {"family": "WenKai Subset", "style": "Regular", "ps": "WenKaiSubset-Regular"}),
]

# OpenType language systems kept besides each script's default (Simplified Chinese only).
KEEP_LANGSYS = {"ZHS "}

DEBS = ["fonts-noto-cjk", "fonts-lxgw-wenkai"]

FEATURES = [
    "*default*",
    # CJK width / spacing variants and vertical forms (some already in the default list)
    "locl", "vert", "vrt2", "vkrn", "vpal", "valt", "palt", "halt", "vhal", "chws", "vchw",
    "fwid", "hwid", "pwid", "qwid", "twid", "ruby", "hkna", "vkna",
    # figures and super/subscripts for tables and notes
    "tnum", "pnum", "lnum", "onum", "zero", "sups", "subs", "ordn", "case",
]


# Outputs whose curly quotes are made full width (see fullwidth_quotes).
FULLWIDTH_QUOTES = {"WenKaiSubset-Regular.ttf"}

# Quote code point -> (side of the em box the outline is moved to, inner margin).  The
# inner margin is the gap between the ink and the em edge it is pushed against (the side of
# the quoted text), in 1/1000 em.  The values are those of Noto Serif CJK SC Regular 2.001
# (glyph bounds: “ 571..924, ” 76..429, ‘ 767..915, ’ 85..233 in a 1000-unit em box), so that
# the WenKai quotes sit like the 宋体 ones: opening quotes hug the following character,
# closing quotes the preceding one.
QUOTES = {
    0x201C: ("right", 76),  # “ LEFT DOUBLE QUOTATION MARK
    0x201D: ("left", 76),   # ” RIGHT DOUBLE QUOTATION MARK
    0x2018: ("right", 85),  # ‘ LEFT SINGLE QUOTATION MARK
    0x2019: ("left", 85),   # ’ RIGHT SINGLE QUOTATION MARK
}


def read_charset(path: Path) -> list[int]:
    cps = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("U+"):
            cps.append(int(line.split("\t", 1)[0][2:], 16))
    return cps


def fetch_debs() -> str:
    tmp = tempfile.mkdtemp(prefix="cjkfonts-")
    subprocess.run(["apt-get", "download", *DEBS], cwd=tmp, check=True)
    root = os.path.join(tmp, "root")
    for deb in glob.glob(os.path.join(tmp, "*.deb")):
        subprocess.run(["dpkg-deb", "-x", deb, root], check=True)
    return root


def make_options() -> subset.Options:
    opts = subset.Options()
    feats = []
    for f in FEATURES:
        if f == "*default*":
            feats.extend(opts.layout_features)
        elif f not in feats:
            feats.append(f)
    opts.layout_features = feats
    opts.layout_scripts = ["*"]
    opts.hinting = False
    opts.desubroutinize = False
    opts.glyph_names = False
    opts.legacy_kern = True
    opts.name_IDs = ["*"]
    opts.name_languages = ["*"]
    opts.name_legacy = True
    opts.notdef_glyph = True
    opts.notdef_outline = True
    opts.recommended_glyphs = True
    opts.prune_unicode_ranges = True
    return opts


def prune_langsys(font: TTFont, keep: set[str]) -> list[str]:
    """Drop OpenType language systems other than `keep` (plus each script's default).

    In the SC member of the Noto CJK TTCs the default language system already gives the
    Simplified Chinese forms; the JAN/KOR/ZHT/ZHH systems only add `locl` lookups mapping
    thousands of hanzi to Japanese/Korean/Traditional forms, which would otherwise be pulled
    into the subset by the glyph closure (~6800 extra glyphs).  ZHS is kept.
    """
    dropped = set()
    for tag in ("GSUB", "GPOS"):
        if tag not in font or font[tag].table.ScriptList is None:
            continue
        for sr in font[tag].table.ScriptList.ScriptRecord:
            recs = sr.Script.LangSysRecord
            dropped.update(r.LangSysTag for r in recs if r.LangSysTag not in keep)
            sr.Script.LangSysRecord = [r for r in recs if r.LangSysTag in keep]
            sr.Script.LangSysCount = len(sr.Script.LangSysRecord)
    return sorted(dropped)


def fix_cff_names(font: TTFont) -> None:
    """The TTC members share one CFF whose internal names say JP; use the member's names."""
    if "CFF " not in font:
        return
    name = font["name"]
    ps = name.getDebugName(6)
    fam = name.getDebugName(16) or name.getDebugName(1)
    full = name.getDebugName(4)
    cff = font["CFF "].cff
    td = cff.topDictIndex[0]
    cff.fontNames = [ps]
    td.FamilyName = fam
    td.FullName = full


def rename(font: TTFont, family: str, style: str, ps: str) -> None:
    """Give a Modified Version of an RFN-carrying OFL font its own name."""
    name = font["name"]
    version = name.getDebugName(5) or ""
    ver_short = version.split(";")[0].replace("Version ", "")
    new = {
        1: family, 2: style, 6: ps,
        4: family if style == "Regular" else f"{family} {style}",
        3: f"{family}{'' if style == 'Regular' else ' ' + style}:Version {ver_short}",
    }
    keep = []
    for rec in name.names:
        english = (rec.platformID == 3 and rec.langID == 0x409) or (rec.platformID == 1 and rec.langID == 0)
        if rec.nameID in (0, 5, 7, 13, 14):
            keep.append(rec)  # copyright, version, trademark, licence: unchanged
        elif rec.nameID in new and english:
            rec.string = new[rec.nameID]
            keep.append(rec)
        elif rec.nameID in (16, 17, 18, 21, 22) or not english:
            continue  # localized names (霞鹜文楷) and typographic-family duplicates: dropped
        elif any(r in rec.toUnicode() for r in ("LXGW", "Lxgw", "霞鹜", "霞鶩")):
            continue  # any other record naming the original font: dropped
        else:
            keep.append(rec)
    name.names = keep
    fix_cff_names(font)


def _gsub_outputs(font: TTFont) -> set[str]:
    """Glyphs that some GSUB lookup (single, multiple, alternate, ligature) substitutes to."""
    out: set[str] = set()
    if "GSUB" not in font or font["GSUB"].table.LookupList is None:
        return out
    for lookup in font["GSUB"].table.LookupList.Lookup:
        for st in lookup.SubTable:
            if lookup.LookupType == 7:
                st = st.ExtSubTable
            kind = st.LookupType if lookup.LookupType == 7 else lookup.LookupType
            if kind == 1:
                out.update(st.mapping.values())
            elif kind in (2, 3):
                for seq in (st.mapping if kind == 2 else st.alternates).values():
                    out.update(seq)
            elif kind == 4:
                for ligs in st.ligatures.values():
                    out.update(l.LigGlyph for l in ligs)
    return out


def fullwidth_quotes(font: TTFont) -> list[str]:
    """Make the curly quotes full width, placed like Noto Serif CJK SC's (see QUOTES).

    LXGW WenKai gives “ ” ‘ ’ a proportional advance of 350/1000 with the ink roughly
    centred, so in Chinese text a closing ” touches the next hanzi.  Typst treats these code
    points as CJK punctuation (compressible, trimmed at line ends) only when the advance is a
    full em, as in Noto CJK SC.  Here each quote glyph gets advance = unitsPerEm, and its
    outline is shifted horizontally (y unchanged) so that an opening quote ends at
    em - margin and a closing quote starts at margin.  Simple and composite glyf glyphs are
    both handled (for composites the component offsets are shifted); bounds and the hmtx
    left side bearing are recomputed.  vmtx is left alone: vertical text uses the `vert`
    substitutes (U+FE41–FE44), not these glyphs.

    The quote glyphs are modified in place, which is only right if nothing else uses them,
    so the build stops if another code point (any cmap subtable), a composite glyph, or a
    GSUB substitution output refers to one of them, or if the font has GPOS or `kern`
    positioning (tuned for the proportional shapes).  None of this holds for the LXGW WenKai
    1.250 subset.
    """
    glyf, hmtx = font["glyf"], font["hmtx"]
    em = font["head"].unitsPerEm
    best = font.getBestCmap()
    names = {cp: best[cp] for cp in QUOTES}
    if len(set(names.values())) != len(names):
        sys.exit(f"quote glyphs are shared between quote code points: {names}")
    targets = set(names.values())
    problems = []
    for table in font["cmap"].tables:
        for cp, gn in getattr(table, "cmap", {}).items():
            if gn in targets and cp not in QUOTES:
                problems.append(f"cmap ({table.platformID},{table.platEncID}) U+{cp:04X} -> {gn}")
        if table.format == 14:
            for seqs in table.uvsDict.values():
                problems.extend(f"cmap format 14 -> {gn}" for _, gn in seqs if gn in targets)
    for gn, g in glyf.glyphs.items():  # raw glyphs: isComposite/getComponentNames need no expand
        used = targets & set(g.getComponentNames(glyf)) if g.isComposite() else set()
        if used:
            problems.append(f"composite {gn} uses {sorted(used)}")
    problems.extend(f"GSUB outputs {gn}" for gn in sorted(targets & _gsub_outputs(font)))
    problems.extend(f"has a {tag} table" for tag in ("GPOS", "kern") if tag in font)
    if problems:
        sys.exit("fullwidth_quotes: the quote glyphs are not private to the quote code points:\n  "
                 + "\n  ".join(problems))

    done = []
    for cp, (side, margin) in QUOTES.items():
        gn = names[cp]
        g = glyf[gn]
        g.recalcBounds(glyf)
        target = round(margin * em / 1000)
        dx = (em - target - g.xMax) if side == "right" else (target - g.xMin)
        if g.isComposite():
            for c in g.components:
                c.x += dx
        else:
            g.coordinates.translate((dx, 0))
        g.recalcBounds(glyf)
        old = hmtx[gn][0]
        hmtx[gn] = (em, g.xMin)
        done.append(f"U+{cp:04X} {'composite' if g.isComposite() else 'simple'} advance {old}->{em} "
                    f"x {g.xMin}..{g.xMax}")
    return done


LICENSES = [
    # (output file, Debian copyright file, licence stanza name, header)
    ("LICENSE-OFL-NotoCJK.txt", "usr/share/doc/fonts-noto-cjk/copyright", "SIL-1.1",
     """Licence of NotoSerifCJKsc-Regular.otf, NotoSerifCJKsc-Bold.otf,
NotoSansCJKsc-Regular.otf and NotoSansCJKsc-Bold.otf (subsets made by
scripts/fonts/subset.py from Debian's fonts-noto-cjk 1:20220127+repack1-1).

Copyright notices carried in the fonts:
  Noto Serif CJK: (c) 2017-2022 Adobe (http://www.adobe.com/). Noto is a trademark of Google Inc.
  Noto Sans CJK:  (c) 2014-2021 Adobe (http://www.adobe.com/). Noto is a trademark of Google Inc.
Upstream (github.com/notofonts/noto-cjk) states the Reserved Font Name 'Source'.
The subsets do not use that name.

The licence text below is copied from the package's
/usr/share/doc/fonts-noto-cjk/copyright (stanza "License: SIL-1.1").
"""),
    ("LICENSE-OFL-WenKai.txt", "usr/share/doc/fonts-lxgw-wenkai/copyright", "OFL-1.1",
     """Licence of WenKaiSubset-Regular.ttf, a subset (Modified Version under the OFL) of
LXGW WenKai Regular 1.250 made by scripts/fonts/subset.py from Debian's
fonts-lxgw-wenkai 1.250+repack-1.

Copyright notice carried in the font:
  Copyright 2021-2023 LXGW (https://github.com/lxgw/LxgwWenKai)
  Copyright 2020 The Klee Project Authors (https://github.com/fontworks-fonts/Klee)
The original is published with the Reserved Font Names "霞鹜" and "LXGW"
(see the package's copyright file); because this file is a Modified Version it
is renamed "WenKai Subset" and carries neither reserved name.
Klee is a trademark of Fontworks Inc.

The licence text below is copied from the package's
/usr/share/doc/fonts-lxgw-wenkai/copyright (stanza "License: OFL-1.1").
"""),
]


def write_licenses(root: str, out_dir: Path) -> None:
    for out_name, rel, stanza, header in LICENSES:
        lines = Path(root, rel).read_text(encoding="utf-8").splitlines()
        body, inside = [], False
        for line in lines:
            if line.startswith("License: ") or line.startswith("Files: "):
                inside = line == f"License: {stanza}"
                continue
            if inside:
                text = line[1:] if line.startswith(" ") else line
                body.append("" if text == "." else text)
        while body and not body[-1].strip():
            body.pop()
        if not any("SIL OPEN FONT LICENSE" in l for l in body):
            sys.exit(f"{rel}: no OFL text found in stanza {stanza}")
        (out_dir / out_name).write_text(header + "\n" + "\n".join(body) + "\n", encoding="utf-8")
        print(f"[licence] {out_dir / out_name}", file=sys.stderr)


def build(root: str, out_dir: Path, charset: list[int], only: list[str]) -> list[dict]:
    results = []
    for src_rel, index, out_name, expect_family, ren in JOBS:
        if only and out_name not in only:
            continue
        src = os.path.join(root, src_rel)
        print(f"[subset] {src}#{index} -> {out_dir / out_name}", file=sys.stderr)
        font = TTFont(src, fontNumber=index, recalcTimestamp=False, lazy=False)
        fam = font["name"].getDebugName(16) or font["name"].getDebugName(1)
        if fam != expect_family:
            sys.exit(f"{src}#{index}: family is {fam!r}, expected {expect_family!r}")
        dropped = prune_langsys(font, KEEP_LANGSYS)
        if dropped:
            print(f"[subset]   dropped language systems {dropped}", file=sys.stderr)
        opts = make_options()
        sub = subset.Subsetter(options=opts)
        sub.populate(unicodes=charset)
        sub.subset(font)
        if out_name in FULLWIDTH_QUOTES:
            for line in fullwidth_quotes(font):
                print(f"[subset]   full-width quote {line}", file=sys.stderr)
        if ren:
            rename(font, ren["family"], ren["style"], ren["ps"])
        else:
            fix_cff_names(font)
        out = out_dir / out_name
        font.save(str(out))
        font.close()
        results.append({"file": out_name, "source": f"{src_rel}" + (f"#{index}" if index >= 0 else "")})
    return results


def check_quotes(f: TTFont) -> list[str]:
    """Every output must have full-width “ ” ‘ ’: advance one em, the ink of an opening quote
    in the right half of the em box, that of a closing quote in the left half (as in Noto
    CJK SC; WenKai's are made so by fullwidth_quotes).  Returns the offending code points."""
    em = f["head"].unitsPerEm
    cmap, gs, hmtx = f.getBestCmap(), f.getGlyphSet(), f["hmtx"]
    bad = []
    for cp, (side, _) in QUOTES.items():
        gn = cmap.get(cp)
        if gn is None:
            continue  # missing code points are reported with the coverage check
        pen = BoundsPen(gs)
        gs[gn].draw(pen)
        adv = hmtx[gn][0]
        b = pen.bounds
        if adv != em or b is None or (b[0] < em / 2 if side == "right" else b[2] > em / 2):
            bad.append(f"U+{cp:04X} advance {adv} bounds {b}")
    return bad


def verify(out_dir: Path, charset: list[int], names: list[str], strict: bool) -> bool:
    ok = True
    print("| file | family (nameID 16/1) | style (17/2) | weight | glyphs | size |")
    print("|---|---|---|---|---|---|")
    for n in names:
        path = out_dir / n
        f = TTFont(str(path))  # full load: fails loudly on a broken file
        for tag in f.keys():
            f[tag]  # decompile every table
        cmap = f.getBestCmap()
        missing = [cp for cp in charset if cp not in cmap]
        name = f["name"]
        fam = name.getDebugName(16) or name.getDebugName(1)
        sty = name.getDebugName(17) or name.getDebugName(2)
        size = path.stat().st_size
        print(f"| {n} | {fam} | {sty} | {f['OS/2'].usWeightClass} | {f['maxp'].numGlyphs} | "
              f"{size / 1048576:.2f} MiB ({size} B) |")
        bad_quotes = check_quotes(f)
        if bad_quotes:
            print(f"  {n}: curly quotes not full width / not placed CJK style: {bad_quotes}",
                  file=sys.stderr)
            ok = False
        if missing:
            hanzi = [cp for cp in missing if unicodedata.name(chr(cp), "").startswith("CJK UNIFIED")]
            print(f"  {n}: {len(missing)} charset code points not in cmap "
                  f"({len(hanzi)} of them hanzi):", file=sys.stderr)
            print("   " + " ".join(f"U+{cp:04X}({chr(cp)})" for cp in missing), file=sys.stderr)
            if hanzi or strict:
                ok = False
        f.close()
    return ok


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--root", default=None,
                    help="directory the .deb files were extracted into (default: / if the fonts are installed, "
                         "else download them with apt-get download)")
    ap.add_argument("--out", default=str(REPO / "fonts"))
    ap.add_argument("--charset", default=str(HERE / "charset.txt"))
    ap.add_argument("--only", action="append", default=[], help="build only this output file name")
    ap.add_argument("--verify-only", action="store_true", help="only check the existing outputs")
    ap.add_argument("--strict", action="store_true", help="fail on any missing charset code point")
    args = ap.parse_args()

    charset = read_charset(Path(args.charset))
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    names = [j[2] for j in JOBS if not args.only or j[2] in args.only]

    if not args.verify_only:
        root = args.root
        if root is None:
            root = "/" if all(os.path.exists(os.path.join("/", j[0])) for j in JOBS) else fetch_debs()
        build(root, out_dir, charset, args.only)
        write_licenses(root, out_dir)

    if not verify(out_dir, charset, names, args.strict):
        sys.exit(1)
    total = sum((out_dir / n).stat().st_size for n in names)
    print(f"\ntotal {total / 1048576:.2f} MiB for {len(names)} files", file=sys.stderr)


if __name__ == "__main__":
    main()
