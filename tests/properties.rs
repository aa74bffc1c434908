//! Property tests: formatting round-trips, 四舍五入 at the .005 boundaries, shares of
//! parts against their total, and the wording of a change agreeing with its sign.

use std::str::FromStr;

use juesuan::amount::{cents, format_money, parse_amount_text, percent};
use juesuan::derive::NumberStyle;
use juesuan::profile::Money;
use proptest::prelude::*;
use rust_decimal::Decimal;

/// An amount in 万元 with 2 decimals, up to a hundred million.
fn money() -> impl Strategy<Value = Decimal> {
    (-10_000_000_000i64..10_000_000_000i64).prop_map(|cents| Decimal::new(cents, 2))
}

proptest! {
    #[test]
    fn formatted_money_parses_back(v in money()) {
        let text = format_money(v);
        prop_assert_eq!(parse_amount_text(&text), Some(v));
        prop_assert!(text.contains('.'));
        prop_assert_eq!(text.split('.').nth(1).unwrap().len(), 2);
    }

    #[test]
    fn half_cents_round_away_from_zero(whole in 0i64..1_000_000_000, digit in 0i64..10) {
        // x.xx5 always rounds up in magnitude (四舍五入), never to even.
        let v = Decimal::new(whole * 1000 + digit * 100 + 5, 3) ;
        let r = cents(v);
        prop_assert_eq!(r, Decimal::new(whole * 100 + digit * 10 + 1, 2) - Decimal::new(9, 2) + Decimal::new(9, 2));
        prop_assert_eq!(cents(-v), -r);
    }

    #[test]
    fn shares_of_parts_sum_to_about_100(parts in prop::collection::vec(0i64..100_000_000, 1..12)) {
        let parts: Vec<Decimal> = parts.into_iter().map(|c| Decimal::new(c, 2)).collect();
        let total: Decimal = parts.iter().sum();
        prop_assume!(!total.is_zero());
        let shares: Decimal = parts.iter().map(|p| percent(*p, total).unwrap()).sum();
        // Each share is rounded to 0.01: the sum is 100 within half a cent per part.
        let tolerance = Decimal::new(5 * parts.len() as i64, 3);
        prop_assert!((shares - Decimal::ONE_HUNDRED).abs() <= tolerance, "{} vs 100", shares);
    }

    /// Every number style prints the same value: `1156.59` and `1,156.59`, `100%` and
    /// `100.00%` are one figure.
    #[test]
    fn number_styles_print_the_same_value(part in money(), whole in money()) {
        let plain = NumberStyle { thousands: false, trim_percent: true };
        let full = NumberStyle::default();
        prop_assert_eq!(
            parse_amount_text(&plain.amt(part).text),
            parse_amount_text(&full.amt(part).text)
        );
        let (a, b) = (plain.pct(part, whole).text, full.pct(part, whole).text);
        prop_assert_eq!(a.is_some(), b.is_some());
        if let (Some(a), Some(b)) = (a, b) {
            prop_assert_eq!(Decimal::from_str(&a).unwrap(), Decimal::from_str(&b).unwrap());
            prop_assert!(!a.contains('.') || !a.ends_with('0'), "{}", a);
        }
    }

    #[test]
    fn change_wording_agrees_with_sign(now in money(), before in money()) {
        let c = NumberStyle::default().change(now, Some(Money(before)));
        let diff = now - before;
        if diff.is_zero() {
            prop_assert_eq!(c.direction.as_str(), "持平");
        } else if diff > Decimal::ZERO {
            prop_assert_eq!((c.direction.as_str(), c.rate_word.as_str()), ("增加", "增长"));
        } else {
            prop_assert_eq!((c.direction.as_str(), c.rate_word.as_str()), ("减少", "下降"));
        }
        prop_assert_eq!(c.amount.value, diff.abs());
        prop_assert_eq!(c.rate.is_none(), before.is_zero());
    }
}

#[test]
fn boundaries_from_the_reference() {
    let d = |s: &str| Decimal::from_str(s).unwrap();
    assert_eq!(
        percent(d("210.93"), d("1367.52")).unwrap().to_string(),
        "15.42"
    );
    assert_eq!(percent(d("2.05"), d("20.69")).unwrap().to_string(), "9.91");
    assert_eq!(cents(d("2.965")).to_string(), "2.97");
    assert_eq!(cents(d("0.005")).to_string(), "0.01");
}
