//! Money and ratio arithmetic on `Decimal`, and the way the document prints them.
//!
//! Every amount in the crate is a `Decimal` in 万元 with 2 decimals. Floats from the
//! spreadsheet library are converted once, here, through their shortest decimal
//! representation so that `0.1 + 0.2` noise never enters the model.

use rust_decimal::prelude::*;
use rust_decimal::RoundingStrategy;

/// 四舍五入 to `dp` places (half away from zero, as Chinese finance rounding expects).
pub fn round(value: Decimal, dp: u32) -> Decimal {
    let mut r = value.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero);
    r.rescale(dp);
    r
}

/// The largest amount (in the unit it is written in) read from any file: 10^15 is beyond
/// any budget in 元, and sums of millions of such figures stay far inside `Decimal`'s range,
/// so no arithmetic on read amounts can overflow.
pub const MAX_ABS_AMOUNT: i64 = 1_000_000_000_000_000;

/// Is `value` within `MAX_ABS_AMOUNT`?
pub fn in_range(value: Decimal) -> bool {
    value.abs() <= Decimal::from(MAX_ABS_AMOUNT)
}

/// Round to 2 places and fix the scale at 2, so `0.6` prints as `0.60` everywhere.
pub fn cents(value: Decimal) -> Decimal {
    round(value, 2)
}

/// Convert a spreadsheet float to a Decimal without binary noise. A typed figure's
/// shortest round-trip form is what the user typed; a figure the spreadsheet calculated
/// (`=C9+C10`) may carry noise in its 17th digit (`230.35999999999999`). Excel keeps and
/// shows 15 significant digits, so the float is read at 15 significant digits: what the
/// clerk saw in the cell.
pub fn decimal_from_f64(value: f64) -> Option<Decimal> {
    if !value.is_finite() {
        return None;
    }
    let shortest = format!("{value}");
    let digits = shortest.chars().filter(|c| c.is_ascii_digit()).count();
    if digits <= 15 {
        if let Ok(d) = Decimal::from_str(&shortest) {
            return Some(d);
        }
    }
    Decimal::from_scientific(&format!("{value:.14e}"))
        .ok()
        .map(|d| d.normalize())
}

/// A full-width digit (`３`, as Chinese input methods type it) as its ASCII digit; any
/// other character unchanged.
pub fn half_width_digit(c: char) -> char {
    match c {
        '０'..='９' => half_width(c),
        c => c,
    }
}

/// Any full-width form of ASCII (`！` … `～`: digits, letters, `（）：，`) as its ASCII
/// self; other characters unchanged. The forms sit at a fixed distance from ASCII.
pub fn half_width(c: char) -> char {
    match c {
        '！'..='～' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        c => c,
    }
}

/// Parse an amount typed as text: thousands separators (`1,156.59`), full-width digits,
/// surrounding spaces, a trailing `万元`/`元`. Returns `None` when it is not a number.
pub fn parse_amount_text(text: &str) -> Option<Decimal> {
    parse_amount_text_with_unit(text).map(|(v, _)| v)
}

/// Like `parse_amount_text`, also telling the unit written after the figure, so that a
/// `823200元` in a 万元 table is not read as 823,200 万元.
pub fn parse_amount_text_with_unit(text: &str) -> Option<(Decimal, Option<&'static str>)> {
    let s: String = text
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => half_width_digit(c),
            '．' => '.',
            '－' | '−' => '-',
            // Full-width brackets: the accounting negative `（12.50）` as typed in Chinese.
            '（' => '(',
            '）' => ')',
            _ => c,
        })
        // Spaces of any width between digits group thousands (`1 156.59`, a thin space
        // as some systems print it), as a comma does; elsewhere they are dropped.
        .map(|c| match c {
            '，' => ',',
            ' ' | '\u{3000}' | '\u{a0}' | '\u{2009}' | '\u{202f}' | '\u{2007}' => ' ',
            c => c,
        })
        .collect::<String>()
        .trim()
        .to_string();
    let chars: Vec<char> = s.chars().collect();
    let mut spaced = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' {
            let digit = |j: Option<&char>| j.is_some_and(char::is_ascii_digit);
            let between = digit(i.checked_sub(1).and_then(|j| chars.get(j)))
                && digit(chars[i + 1..].iter().find(|&&n| n != ' '));
            if between {
                // `2 9.56` or `3 48` is two numbers in a cell, not one.
                if s.contains(',') {
                    return None;
                }
                spaced.push(',');
            }
        } else {
            spaced.push(c);
        }
    }
    let mut s = spaced;
    // Thousands separators only where they group thousands: `1,083.51` yes, `0,5` no.
    if s.contains(',') {
        let body = s.trim_start_matches(['-', '+', '(']);
        let int = body.split('.').next().unwrap_or("");
        let groups: Vec<&str> = int.split(',').collect();
        let grouped = groups[0].len() <= 3
            && !groups[0].is_empty()
            && groups[1..].iter().all(|g| g.len() == 3);
        if !grouped || body.split('.').nth(1).is_some_and(|f| f.contains(',')) {
            return None;
        }
        s = s.replace(',', "");
    }
    let mut unit = None;
    // `1,083.51万` is written as often as `1,083.51万元`.
    for (u, is) in [("万元", "万元"), ("元", "元"), ("万", "万元")] {
        if let Some(stripped) = s.strip_suffix(u) {
            s = stripped.to_string();
            unit = Some(is);
            break;
        }
    }
    // Accounting negative: (1.00)
    if s.starts_with('(') && s.ends_with(')') && s.len() > 2 {
        s = format!("-{}", &s[1..s.len() - 1]);
    }
    if s.is_empty() || !s.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    if !s
        .chars()
        .all(|c| c.is_ascii_digit() || c == '.' || c == '-' || c == '+')
    {
        return None;
    }
    Decimal::from_str(&s).ok().map(|v| (v, unit))
}

/// Is this cell text one of the ways exports write "no amount"?
pub fn is_blank_marker(text: &str) -> bool {
    let t = text.trim();
    t.is_empty()
        || t.chars().all(|c| {
            matches!(
                c,
                '-' | '—' | '─' | '━' | '–' | '－' | '/' | '／' | ' ' | '\u{3000}'
            )
        })
}

/// `1156.59` → `1,156.59`: thousands separators, always 2 decimals.
pub fn format_money(value: Decimal) -> String {
    format_money_dp(cents(value))
}

/// `value` with exactly `places` decimals (四舍五入), thousands grouped: the figures of
/// one 绩效 form printed alike (`30.000`, `14.882`).
pub fn format_money_places(value: Decimal, places: u32) -> String {
    format_money_dp(round(value, places))
}

/// Group the integer part of `v` by thousands, its fraction printed as it is.
fn format_money_dp(v: Decimal) -> String {
    let negative = v.is_sign_negative() && !v.is_zero();
    let text = v.abs().to_string();
    let (int, frac) = text.split_once('.').unwrap_or((&text, "00"));
    format!(
        "{}{}.{frac}",
        if negative { "-" } else { "" },
        group_thousands(int)
    )
}

/// The digits of an integer part grouped by thousands: `1234567` → `1,234,567`.
pub fn group_thousands(int: &str) -> String {
    let mut grouped = String::with_capacity(int.len() + int.len() / 3);
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    grouped
}

/// `1156.59` → `1156.59` (tables print without separators in some styles).
pub fn format_plain(value: Decimal) -> String {
    cents(value).to_string()
}

/// Ratio `part / whole` as a percentage rounded to 2 places; `None` when `whole` is zero.
pub fn percent(part: Decimal, whole: Decimal) -> Option<Decimal> {
    if whole.is_zero() {
        return None;
    }
    part.checked_mul(Decimal::ONE_HUNDRED)
        .and_then(|p| p.checked_div(whole))
        .map(|p| round(p, 2))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    /// A space between digits groups thousands, of whatever width; anywhere else in a
    /// number it makes two numbers, not one.
    #[test]
    fn spaces_group_thousands_only() {
        for t in [
            "1 156.59",
            "1\u{2009}156.59",
            "1\u{a0}156.59",
            " 1156.59 ",
            "12 345 678.00",
        ] {
            assert!(parse_amount_text(t).is_some(), "{t:?}");
        }
        assert_eq!(parse_amount_text("1\u{2009}156.59"), Some(d("1156.59")));
        for t in ["2 9.56", "3 48", "1.5 6", "1,156 000.00"] {
            assert_eq!(parse_amount_text(t), None, "{t:?}");
        }
        assert_eq!(
            parse_amount_text_with_unit("30 万元"),
            Some((d("30"), Some("万元")))
        );
    }

    #[test]
    fn full_width_forms_become_ascii() {
        let text: String = "２０２３（Ａ）：，".chars().map(half_width).collect();
        assert_eq!(text, "2023(A):,");
        let digits: String = "２０２３（万元）".chars().map(half_width_digit).collect();
        assert_eq!(digits, "2023（万元）");
        // Outside the block: unchanged, the ideographic space included.
        assert_eq!(half_width('　'), '　');
        assert_eq!(half_width('元'), '元');
    }

    #[test]
    fn floats_convert_without_noise() {
        assert_eq!(decimal_from_f64(1156.59).unwrap(), d("1156.59"));
        assert_eq!(decimal_from_f64(0.1 + 0.2).unwrap().round_dp(2), d("0.30"));
        assert_eq!(decimal_from_f64(14.882).unwrap(), d("14.882"));
        assert_eq!(decimal_from_f64(f64::NAN), None);
    }

    #[test]
    fn rounding_is_half_up() {
        assert_eq!(round(d("0.005"), 2), d("0.01"));
        assert_eq!(round(d("15.415"), 2), d("15.42"));
        assert_eq!(round(d("-0.005"), 2), d("-0.01"));
        assert_eq!(round(d("49.605"), 2).to_string(), "49.61");
    }

    #[test]
    fn text_amounts() {
        assert_eq!(parse_amount_text("1,156.59"), Some(d("1156.59")));
        assert_eq!(parse_amount_text(" 0.60 "), Some(d("0.60")));
        assert_eq!(parse_amount_text("(3.00)"), Some(d("-3.00")));
        assert_eq!(parse_amount_text("（1,012.50）"), Some(d("-1012.50")));
        assert_eq!(parse_amount_text("１２．５"), Some(d("12.5")));
        assert_eq!(parse_amount_text("一千"), None);
        assert_eq!(
            parse_amount_text_with_unit("1,083.51万"),
            Some((d("1083.51"), Some("万元")))
        );
        assert_eq!(
            parse_amount_text_with_unit("823200元"),
            Some((d("823200"), Some("元")))
        );
        assert_eq!(parse_amount_text("12a"), None);
        assert_eq!(parse_amount_text("0,5"), None);
        assert_eq!(parse_amount_text("1.083,51"), None);
        assert_eq!(parse_amount_text("10,835,100"), Some(d("10835100")));
        assert!(is_blank_marker("────"));
        assert!(is_blank_marker("-"));
        assert!(is_blank_marker("—"));
        assert!(!is_blank_marker("0"));
    }

    #[test]
    fn money_format() {
        assert_eq!(format_money(d("1156.59")), "1,156.59");
        assert_eq!(format_money(d("0.6")), "0.60");
        assert_eq!(format_money(d("2232.54")), "2,232.54");
        assert_eq!(format_money(d("1234567.5")), "1,234,567.50");
        assert_eq!(format_money(d("-210.93")), "-210.93");
        assert_eq!(format_money(d("0")), "0.00");
    }

    #[test]
    fn percentages() {
        assert_eq!(percent(d("303.44"), d("1156.59")), Some(d("26.24")));
        assert_eq!(percent(d("37.42"), d("30.35")), Some(d("123.29")));
        assert_eq!(percent(d("1"), d("0")), None);
    }
}
