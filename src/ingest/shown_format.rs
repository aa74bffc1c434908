//! The text Excel shows for a number through its cell format, for the formats a 绩效
//! form's indicator values use: percentages (`0.00%`: 0.955 shows `95.50%`) and numbers
//! with words around them (`0"个"`, `"≥"0%`, `#,##0"人次"`). The form is printed as the
//! clerk sees it, not as the bare number stored.

use rust_decimal::Decimal;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShownFormat {
    prefix: String,
    suffix: String,
    decimals: u32,
    thousands: bool,
    percent: bool,
    /// The format has a section for negative numbers (`0"个";-0"个"`): only positive
    /// numbers and 0 are shown through the first, negative ones through this (their
    /// absolute value: the sign is the section's own `-`).
    sections: bool,
    negative: Option<Box<ShownFormat>>,
    /// Digits the integer part shows at least (`000`: 3).
    int_digits: usize,
}

impl ShownFormat {
    /// The first section of number format `code`, when what it shows differs from the
    /// bare number: a percentage, or words before or after it. None for plain numbers,
    /// dates, text (`@`), conditions (`[>=100]`), fills (`*`), scientific and scaling
    /// (`#,##0,`) formats.
    pub fn parse(code: &str) -> Option<ShownFormat> {
        let (mut prefix, mut suffix, mut number) = (String::new(), String::new(), String::new());
        let (mut sections, mut negative) = (false, None);
        let mut chars = code.chars();
        while let Some(c) = chars.next() {
            let literal: Option<String> = match c {
                ';' => {
                    sections = true;
                    negative = ShownFormat::parse(chars.as_str()).map(Box::new);
                    break;
                }
                '"' => Some(chars.by_ref().take_while(|&q| q != '"').collect()),
                '\\' => chars.next().map(String::from),
                '[' => {
                    // Colours and locales show nothing; a condition changes what shows.
                    let inner: String = chars.by_ref().take_while(|&q| q != ']').collect();
                    if inner.starts_with(['<', '>', '=']) {
                        return None;
                    }
                    None
                }
                // `_)`: a space as wide as `)`, nothing printed.
                '_' => {
                    chars.next();
                    None
                }
                '*' | '@' => return None,
                '0' | '#' | '?' | '.' | ',' | '%' => {
                    // Placeholders after words (`0" "0`): not one number.
                    if !suffix.is_empty() {
                        return None;
                    }
                    number.push(c);
                    None
                }
                // Dates, `General`, `E+00`.
                c if c.is_ascii_alphabetic() => return None,
                c => Some(c.to_string()),
            };
            if let Some(text) = literal {
                if number.is_empty() {
                    prefix.push_str(&text);
                } else {
                    suffix.push_str(&text);
                }
            }
        }
        if !number.contains(['0', '#', '?']) {
            return None;
        }
        let (int, frac) = number.split_once('.').unwrap_or((&number, ""));
        // A comma at the end of the integer part divides by 1000 (`#,##0,`).
        if int.ends_with(',') || frac.contains(',') {
            return None;
        }
        let percent = number.contains('%');
        let decimals = frac
            .chars()
            .filter(|c| matches!(c, '0' | '#' | '?'))
            .count();
        let fixed = frac.chars().filter(|c| *c == '0').count() == decimals;
        let int_digits = int.chars().filter(|c| *c == '0').count();
        let decorated = !prefix.trim().is_empty() || !suffix.trim().is_empty();
        // A plain format shows otherwise than the bare number when it fixes decimals
        // (`0.00`: 3 shows `3.00`), groups thousands (`#,##0`) or pads (`000`: `005`);
        // `#.##` shows what it likes and is left alone.
        let plain_differs = (decimals > 0 && fixed) || int.contains(',') || int_digits > 1;
        if !percent && !decorated && !plain_differs {
            return None;
        }
        Some(ShownFormat {
            prefix,
            suffix,
            decimals: decimals.min(10) as u32,
            int_digits: int_digits.min(20),
            thousands: int.contains(','),
            percent,
            sections,
            negative,
        })
    }

    /// The text `value` shows: `1` in `0%` is `100%`, `0.4961` in `0.00%` is `49.61%`,
    /// `12` in `0"个"` is `12个` (四舍五入 as Excel shows it). None for a negative
    /// number under a negative section that shows the bare number.
    pub fn text(&self, value: f64) -> Option<String> {
        let mut v = crate::amount::decimal_from_f64(value)?;
        if self.sections && v.is_sign_negative() && !v.is_zero() {
            return self.negative.as_ref()?.text(-value);
        }
        if self.percent {
            v = v.checked_mul(Decimal::ONE_HUNDRED)?;
        }
        let mut v = crate::amount::round(v, self.decimals);
        v.rescale(self.decimals);
        let text = v.abs().to_string();
        let (int, frac) = text
            .split_once('.')
            .map_or((text.as_str(), None), |(i, f)| (i, Some(f)));
        let int = format!("{int:0>width$}", width = self.int_digits);
        let int = if self.thousands {
            crate::amount::group_thousands(&int)
        } else {
            int
        };
        let sign = if v.is_sign_negative() && !v.is_zero() {
            "-"
        } else {
            ""
        };
        let digits = match frac {
            Some(f) => format!("{sign}{int}.{f}"),
            None => format!("{sign}{int}"),
        };
        let percent = if self.percent { "%" } else { "" };
        Some(format!("{}{digits}{percent}{}", self.prefix, self.suffix))
    }
}

#[cfg(test)]
mod tests {
    use super::ShownFormat;

    fn show(code: &str, value: f64) -> Option<String> {
        ShownFormat::parse(code)?.text(value)
    }

    #[test]
    fn percentages_and_words_around_numbers() {
        for (code, value, shown) in [
            ("0%", 1.0, "100%"),
            ("0.00%", 0.4961, "49.61%"),
            ("0.0%", 0.98765, "98.8%"),
            ("0.00%", 0.955, "95.50%"),
            ("0\"个\"", 12.0, "12个"),
            ("#,##0\"人次\"", 1200.0, "1,200人次"),
            ("#,##0.00\"元\"", 1234567.891, "1,234,567.89元"),
            ("\"≥\"0%", 0.9, "≥90%"),
            ("0.0\"万元\"", 3.25, "3.3万元"),
            ("[Red]0\"天\"", 15.0, "15天"),
            ("0\\个", 3.0, "3个"),
            ("0\"个\";-0\"个\"", 3.0, "3个"),
            ("0.00\"%\"", 12.0, "12.00%"),
            ("[$-804]0%", 1.0, "100%"),
            ("0.00", 3.0, "3.00"),
            ("#,##0", 1234.5, "1,235"),
            ("#,##0.00", 1234.5, "1,234.50"),
            ("000", 5.0, "005"),
            ("0.0", -95.0, "-95.0"),
        ] {
            assert_eq!(show(code, value).as_deref(), Some(shown), "{code}");
        }
    }

    #[test]
    fn formats_that_show_the_bare_number_or_cannot_be_followed() {
        for code in [
            "0",
            "#.##",
            "General",
            "yyyy\"年\"m\"月\"d\"日\"",
            "@",
            "[>=100]0\"个\";0",
            "#,##0,\"千\"",
            "0.00E+00",
            "* 0\"个\"",
            "0\" \"0",
        ] {
            assert_eq!(show(code, 12.0), None, "{code}");
        }
        // A negative number is shown through its own section.
        assert_eq!(show("0\"个\";-0\"个\"", -3.0).as_deref(), Some("-3个"));
        assert_eq!(
            show("#,##0.0%;[Red]-#,##0.0%", -0.05).as_deref(),
            Some("-5.0%")
        );
        assert_eq!(show("0%", -0.05).as_deref(), Some("-5%"));
    }
}
