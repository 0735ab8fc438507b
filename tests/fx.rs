//! Exchange rates: the bundled ECB data, the rate-choice policies and conversion arithmetic.

use std::str::FromStr;

use pledger::Currency;
use pledger::fx::{Date, FxError, FxPolicy, Rates, Unconvertible};
use rust_decimal::Decimal;

const BUNDLED_CSV: &str = include_str!("../data/ecb/eurofxref-hist.csv");

fn cur(code: &str) -> Currency {
    Currency::new(code).unwrap()
}

fn day(text: &str) -> Option<Date> {
    Some(Date::parse(text).unwrap())
}

fn dec(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap()
}

/// The cell of `code` on `date` in the bundled CSV, read without the library.
fn bundled_cell(date: &str, code: &str) -> Decimal {
    let mut lines = BUNDLED_CSV.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let column = header.iter().position(|h| *h == code).unwrap();
    let row = lines.find(|l| l.starts_with(date)).unwrap();
    dec(row.split(',').nth(column).unwrap())
}

#[test]
fn gbp_to_usd_on_a_sunday_uses_fridays_rates() {
    // The values the ECB published for Friday 2025-02-28, hard-coded so that an unexpected
    // change to the bundled data fails here.
    let (usd, gbp) = (bundled_cell("2025-02-28", "USD"), bundled_cell("2025-02-28", "GBP"));
    assert_eq!((usd, gbp), (dec("1.0411"), dec("0.82608")));

    let c = Rates::bundled().convert(Decimal::ONE, cur("GBP"), cur("USD"), day("2025-03-02")).unwrap();
    assert_eq!(c.rate, usd / gbp);
    assert_eq!(c.rate_date, Date::parse("2025-02-28").unwrap());
    assert_eq!(c.policy, FxPolicy::LastKnown);
    assert_eq!(c.amount, dec("1.26"));
    assert_eq!(c.to_string(), format!("1.26 at {} (2025-02-28, last_known)", usd / gbp));

    // On the Friday itself the rate is exact.
    let c = Rates::bundled().convert(Decimal::ONE, cur("GBP"), cur("USD"), day("2025-02-28")).unwrap();
    assert_eq!((c.rate, c.policy), (usd / gbp, FxPolicy::Exact));
}

#[test]
fn a_printed_equivalent_checks_out() {
    // "£1.6 billion ($2 billion)" in an article of Sunday 2025-03-02.
    let amount = dec("1600000000");
    let c = Rates::bundled().convert(amount, cur("GBP"), cur("USD"), day("2025-03-02")).unwrap();
    let stated = dec("2000000000");
    let deviation = ((c.amount - stated) / stated).abs();
    assert!(deviation < dec("0.05"), "{c}");
    assert_eq!(c.amount.to_string(), "2016463296.53");
}

#[test]
fn euro_to_euro_is_exact_at_one() {
    let eur = cur("EUR");
    let c = Rates::bundled().convert(dec("12.5"), eur, eur, day("2025-03-02")).unwrap();
    assert_eq!((c.amount.to_string().as_str(), c.rate, c.policy), ("12.50", Decimal::ONE, FxPolicy::Exact));
    // EUR against a published currency on a publication day is exact too.
    let c = Rates::bundled().convert(Decimal::ONE, eur, cur("USD"), day("2025-02-28")).unwrap();
    assert_eq!((c.rate, c.policy), (dec("1.0411"), FxPolicy::Exact));
}

#[test]
fn without_a_date_the_latest_rate_is_used_and_flagged() {
    let rates = Rates::bundled();
    let last = rates.range().1;
    let c = rates.convert(Decimal::ONE, cur("EUR"), cur("USD"), None).unwrap();
    assert_eq!((c.rate_date, c.policy), (last, FxPolicy::LastKnown));
    assert_eq!(c.rate, bundled_cell(&last.to_string(), "USD"));
}

#[test]
fn rub_after_the_ecb_stopped_is_missing() {
    let err = Rates::bundled().convert(Decimal::ONE, cur("RUB"), cur("EUR"), day("2023-01-10")).unwrap_err();
    assert_eq!(err, Unconvertible::NoRate { currency: cur("RUB"), on: day("2023-01-10") });
    assert_eq!(err.to_string(), "no rate for RUB on 2023-01-10");
}

#[test]
fn uah_is_missing_unless_the_user_adds_it() {
    let (uah, usd) = (cur("UAH"), cur("USD"));
    assert!(Rates::bundled().convert(Decimal::ONE, uah, usd, day("2025-03-03")).is_err());

    let mut rates = Rates::bundled().clone();
    let csv = "# National Bank of Ukraine, via EUR\ndate,currency,per_eur\n2025-03-03,UAH,43.5\n";
    rates.add_user_csv(csv.as_bytes(), "uah.csv").unwrap();
    let c = rates.convert(dec("43.5"), uah, cur("EUR"), day("2025-03-03")).unwrap();
    assert_eq!((c.amount.to_string().as_str(), c.policy), ("1.00", FxPolicy::Exact));
    assert_eq!(c.rate_date, Date::parse("2025-03-03").unwrap());
    // After it: carried forward, flagged; through USD the older date is reported.
    let c = rates.convert(dec("43.5"), uah, usd, day("2025-03-10")).unwrap();
    assert_eq!((c.rate_date, c.policy), (Date::parse("2025-03-03").unwrap(), FxPolicy::LastKnown));
    assert_eq!(c.rate, bundled_cell("2025-03-10", "USD") / dec("43.5"));
    // Before it: missing.
    assert!(rates.convert(Decimal::ONE, uah, usd, day("2025-03-02")).is_err());
    // The bundled rates are untouched.
    assert!(Rates::bundled().rate(uah, day("2025-03-10")).is_err());
}

#[test]
fn deutsche_marks_use_the_fixed_rate_from_1999_only() {
    let (dem, eur) = (cur("DEM"), cur("EUR"));
    let c = Rates::bundled().convert(dec("1.95583"), dem, eur, day("2001-06-01")).unwrap();
    assert_eq!((c.amount.to_string().as_str(), c.policy), ("1.00", FxPolicy::Exact));
    assert_eq!(c.rate, Decimal::ONE / dec("1.95583"));
    let q = Rates::bundled().rate(dem, day("2001-06-01")).unwrap();
    assert_eq!(q.per_eur.to_string(), "1.95583");
    // Marks to francs: both fixed, through the euro.
    let c = Rates::bundled().convert(dec("100"), dem, cur("FRF"), day("2001-06-01")).unwrap();
    assert_eq!(c.amount.to_string(), "335.39"); // 100 × 6.55957 ÷ 1.95583 = 335.386...
    // 1987: there was no euro, so no rate.
    let err = Rates::bundled().convert(dec("100"), dem, eur, day("1987-03-24")).unwrap_err();
    assert_eq!(err, Unconvertible::NoRate { currency: dem, on: day("1987-03-24") });
}

#[test]
fn dollars_before_the_ecb_data_are_missing() {
    let rates = Rates::bundled();
    assert_eq!(rates.range().0, Date::parse("1999-01-04").unwrap());
    assert!(rates.convert(Decimal::ONE, cur("USD"), cur("EUR"), day("1999-01-03")).is_err());
    assert!(rates.convert(Decimal::ONE, cur("USD"), cur("EUR"), day("1998-12-31")).is_err());
    assert!(rates.convert(Decimal::ONE, cur("USD"), cur("EUR"), day("1999-01-04")).is_ok());
}

#[test]
fn rounding_is_half_away_from_zero_to_the_minor_unit() {
    let csv = "Date,JPY,USD,\n2025-01-06,100,2,\n";
    let rates = Rates::from_ecb_csv(csv.as_bytes(), "rates.csv").unwrap();
    let on = day("2025-01-06");
    let (eur, jpy, usd) = (cur("EUR"), cur("JPY"), cur("USD"));
    // 0.125 EUR = 12.5 JPY exactly: JPY has no minor unit.
    assert_eq!(rates.convert(dec("0.125"), eur, jpy, on).unwrap().amount.to_string(), "13");
    assert_eq!(rates.convert(dec("-0.125"), eur, jpy, on).unwrap().amount.to_string(), "-13");
    assert_eq!(rates.convert(dec("0.135"), eur, jpy, on).unwrap().amount.to_string(), "14");
    // 4.69 USD = 2.345 EUR exactly.
    assert_eq!(rates.convert(dec("4.69"), usd, eur, on).unwrap().amount.to_string(), "2.35");
    assert_eq!(rates.convert(dec("-4.69"), usd, eur, on).unwrap().amount.to_string(), "-2.35");
    // The rate itself is not rounded: 1 USD = 50 JPY; 1 JPY = 0.02 USD.
    assert_eq!(rates.convert(Decimal::ONE, jpy, usd, on).unwrap().rate, dec("0.02"));
}

#[test]
fn a_newer_ecb_file_replaces_the_bundled_one() {
    let csv = "Date,USD,RUB,\n2030-01-04,1.2,N/A,\n2030-01-03,1.1,99,\n";
    let rates = Rates::from_ecb_csv(csv.as_bytes(), "newer.csv").unwrap();
    assert_eq!(rates.range(), (Date::parse("2030-01-03").unwrap(), Date::parse("2030-01-04").unwrap()));
    assert_eq!(rates.rate(cur("USD"), day("2030-01-05")).unwrap().per_eur, dec("1.2"));
    assert!(rates.rate(cur("RUB"), day("2030-01-04")).is_err());
    assert!(rates.rate(cur("USD"), day("1999-01-04")).is_err());
}

fn ecb_error(csv: &str) -> String {
    Rates::from_ecb_csv(csv.as_bytes(), "rates.csv").unwrap_err().to_string()
}

#[test]
fn malformed_rates_files_name_the_line() {
    let csv = "Date,USD,GBP,\n2025-01-03,1.0299,0.8296,\n2025-01-02,1.0321,abc,\n";
    assert_eq!(ecb_error(csv), "rates.csv:3: `abc` is not a decimal (column GBP)");
    assert_eq!(
        ecb_error("Date,USD\n2025-02-30,1.1\n"),
        "rates.csv:2: `2025-02-30` is not a date (YYYY-MM-DD)"
    );
    assert_eq!(ecb_error("Date,USD\n2025-01-03,0\n"), "rates.csv:2: `0` is not a positive rate (column USD)");
    assert_eq!(ecb_error("Date,USD\n2025-01-03,1e3\n"), "rates.csv:2: `1e3` is not a decimal (column USD)");
    assert_eq!(ecb_error("Date,USD\n2025-01-03,1,2\n"), "rates.csv:2: `2` is under no currency column");
    assert_eq!(ecb_error("Date,usd\n"), "rates.csv:1: `usd` is not a currency code");
    assert_eq!(ecb_error("Day,USD\n"), "rates.csv:1: the header must begin with `Date`");
    assert_eq!(ecb_error("Date,USD\n"), "rates.csv:1: no dated rows");
    assert_eq!(
        ecb_error("Date,USD\n2025-01-03,1\n2025-01-02,1\n2025-01-03,2\n"),
        "rates.csv:4: 2025-01-03 was already given on line 2"
    );
    let err = Rates::from_ecb_csv("Date,USD\nx,1\n".as_bytes(), "rates.csv").unwrap_err();
    assert!(matches!(err, FxError::Syntax { line: 2, .. }));
}

#[test]
fn malformed_user_files_name_the_line_and_add_nothing() {
    let mut rates = Rates::bundled().clone();
    let err = |rates: &mut Rates, csv: &str| {
        rates.add_user_csv(csv.as_bytes(), "user.csv").unwrap_err().to_string()
    };
    let csv = "date,currency,per_eur\n2025-03-03,UAH,43.5\n2025-03-04,XDR,x\n";
    assert_eq!(err(&mut rates, csv), "user.csv:3: `x` is not a decimal (column XDR)");
    assert!(rates.rate(cur("UAH"), day("2025-03-03")).is_err());
    assert_eq!(err(&mut rates, "date,cur,rate\n"), "user.csv:1: the header must be `date,currency,per_eur`");
    assert_eq!(
        err(&mut rates, "date,currency,per_eur\n2025-03-03,EUR,1\n"),
        "user.csv:2: EUR is always 1: rates are per 1 EUR"
    );
    assert_eq!(
        err(&mut rates, "date,currency,per_eur\n2025-03-03,UAH,43\n2025-03-03,UAH,44\n"),
        "user.csv:3: UAH on 2025-03-03 was already given on line 2"
    );
    assert_eq!(
        err(&mut rates, "date,currency,per_eur\n2025-03-03,UAH\n"),
        "user.csv:2: 2 cells; expected date,currency,per_eur"
    );
}
