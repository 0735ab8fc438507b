//! Exact arithmetic on numerals: digit strings with any thousands and decimal separators,
//! number words, scale words. Everything is [`Decimal`]; nothing here is floating point, and
//! nothing panics: a value that does not fit a `Decimal` is `None`.

use rust_decimal::Decimal;

/// The largest number of significant digits a `Decimal` holds exactly.
const MAX_DIGITS: usize = 28;

/// Parses a numeral written with digits and separators, as printed: `1,600`, `1.6`,
/// `1 600`, `1'200.20`, `1.049,95`, `12,99`.
///
/// The separators are read the way the text most likely means them:
/// - with both `,` and `.`, the last one is the decimal point;
/// - `,` alone is a thousands separator when every group after it has three digits
///   (`1,600`, `1,000,000`), else a decimal comma (`12,99`);
/// - `.` alone is a decimal point, unless it appears more than once with three-digit groups
///   (`1.000.000`);
/// - `'`, `’` and spaces (including thin and no-break spaces) only separate thousands.
///
/// Returns `None` for anything else, or when the value does not fit a `Decimal`.
///
/// # Example
/// ```
/// use pledger::number::parse_digits;
/// assert_eq!(parse_digits("1,600").unwrap().to_string(), "1600");
/// assert_eq!(parse_digits("1.049,95").unwrap().to_string(), "1049.95");
/// assert_eq!(parse_digits("1'200.20").unwrap().normalize().to_string(), "1200.2");
/// ```
pub fn parse_digits(s: &str) -> Option<Decimal> {
    // Most numerals are plain digits ("2024", "500"), and fit a u64 up to 19 digits: the
    // value at once, as the general path below would read it (scale 0).
    if (1..=19).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) {
        return s.parse::<u64>().ok().map(Decimal::from);
    }
    let mut groups: Vec<(char, &str)> = Vec::new(); // (separator before, digits)
    let mut sep = '\0';
    let mut start = None;
    for (i, ch) in s.char_indices() {
        if ch.is_ascii_digit() {
            if start.is_none() {
                start = Some(i);
            }
            continue;
        }
        let st = start.take()?;
        groups.push((sep, &s[st..i]));
        sep = match ch {
            ',' | '.' | '\'' | '’' => ch,
            c if c.is_whitespace() => ' ',
            _ => return None,
        };
    }
    groups.push((sep, &s[start?..]));

    if is_indian_grouping(&groups) {
        return indian(&groups);
    }
    let has = |c: char| groups.iter().any(|(s, _)| *s == c);
    let last_sep = groups.last().map(|g| g.0).unwrap_or('\0');
    let decimal_sep = if has(',') && has('.') {
        // The later of the two is the decimal point.
        let last_dot = groups.iter().rposition(|g| g.0 == '.');
        let last_comma = groups.iter().rposition(|g| g.0 == ',');
        if last_dot > last_comma { '.' } else { ',' }
    } else if has(',') {
        let commas: Vec<&str> = groups.iter().filter(|g| g.0 == ',').map(|g| g.1).collect();
        if commas.iter().all(|g| g.len() == 3) || last_sep != ',' {
            '\0'
        } else if commas.len() == 1 {
            ','
        } else {
            return None;
        }
    } else if has('.') {
        let dots = groups.iter().filter(|g| g.0 == '.').count();
        if dots == 1 && last_sep == '.' {
            '.'
        } else if groups.iter().filter(|g| g.0 == '.').all(|g| g.1.len() == 3) {
            '\0'
        } else {
            return None;
        }
    } else {
        '\0'
    };

    let mut int_part = String::new();
    let mut frac_part = "";
    for (i, (sep, digits)) in groups.iter().enumerate() {
        if i > 0 && *sep == decimal_sep {
            if i != groups.len() - 1 {
                return None;
            }
            frac_part = digits;
        } else {
            // Thousands groups after the first must have three digits.
            if i > 0 && digits.len() != 3 {
                return None;
            }
            int_part.push_str(digits);
        }
    }
    decimal_from_parts(&int_part, frac_part)
}

/// Indian digit grouping: `12,34,567.89`, `1,00,000` — two-digit groups, then a final group
/// of three before the decimal point.
fn is_indian_grouping(groups: &[(char, &str)]) -> bool {
    let ints: Vec<&(char, &str)> = groups.iter().filter(|g| g.0 != '.').collect();
    let n = ints.len();
    n >= 3
        && ints[0].1.len() <= 2
        && ints[1..n - 1].iter().all(|g| g.0 == ',' && g.1.len() == 2)
        && ints[n - 1].0 == ','
        && ints[n - 1].1.len() == 3
        && groups.iter().filter(|g| g.0 == '.').count() <= 1
        && groups.iter().position(|g| g.0 == '.').is_none_or(|p| p == groups.len() - 1)
}

fn indian(groups: &[(char, &str)]) -> Option<Decimal> {
    let int: String = groups.iter().filter(|g| g.0 != '.').map(|g| g.1).collect();
    let frac = groups.iter().find(|g| g.0 == '.').map(|g| g.1).unwrap_or("");
    decimal_from_parts(&int, frac)
}

/// Builds a decimal from integer and fraction digit strings, exactly, or `None` if it does
/// not fit.
pub fn decimal_from_parts(int_part: &str, frac_part: &str) -> Option<Decimal> {
    let int_trim = int_part.trim_start_matches('0');
    let frac_trim = frac_part.trim_end_matches('0');
    if int_trim.len() + frac_trim.len() > MAX_DIGITS || frac_trim.len() > MAX_DIGITS {
        return None;
    }
    let mut digits = String::with_capacity(int_trim.len() + frac_trim.len());
    digits.push_str(int_trim);
    digits.push_str(frac_trim);
    if digits.is_empty() {
        return Some(Decimal::ZERO);
    }
    let mantissa: i128 = digits.parse().ok()?;
    Decimal::try_from_i128_with_scale(mantissa, frac_trim.len() as u32).ok()
}

/// `10^exp` as a decimal (`exp` ≤ 28).
pub fn pow10(exp: u32) -> Option<Decimal> {
    if exp > 28 {
        return None;
    }
    Decimal::try_from_i128_with_scale(10i128.pow(exp), 0).ok()
}

/// `value × 10^exp`, or `None` on overflow.
pub fn scale(value: Decimal, exp: u32) -> Option<Decimal> {
    value.checked_mul(pow10(exp)?)
}

/// Accumulates number words the usual way: `five hundred thousand` = 500 000;
/// `two million five hundred thousand` = 2 500 000; `one and a half` = 1.5.
#[derive(Clone, Copy, Debug, Default)]
pub struct WordNumber {
    total: Decimal,
    current: Decimal,
    /// A fraction waiting for its scale: "half a million", "three quarters of a billion".
    fraction: Option<Decimal>,
    any: bool,
}

impl WordNumber {
    /// A number word with a value below 100.
    pub fn add_small(&mut self, v: u32) {
        self.current += Decimal::from(v);
        self.any = true;
    }

    /// `a`/`an` before a scale word counts as one.
    pub fn add_one_if_empty(&mut self) {
        if self.current.is_zero() {
            self.current = Decimal::ONE;
        }
        self.any = true;
    }

    /// `hundred`.
    pub fn hundred(&mut self) -> Option<()> {
        let c = if self.current.is_zero() { Decimal::ONE } else { self.current };
        self.current = c.checked_mul(Decimal::ONE_HUNDRED)?;
        self.any = true;
        Some(())
    }

    /// `dozen`: multiplies what came before (or one) by twelve.
    pub fn dozen(&mut self) -> Option<()> {
        let c = if self.current.is_zero() { Decimal::ONE } else { self.current };
        self.current = c.checked_mul(Decimal::from(12))?;
        if let Some(f) = self.fraction.take() {
            self.current = self.current.checked_mul(f)?;
        }
        self.any = true;
        Some(())
    }

    /// A fraction word: `half` (1/2), `quarter(s)` (1/4 × what came before).
    /// "one and a half" adds; "half a" / "three quarters of a" waits for a scale.
    pub fn fraction(&mut self, num: u32, den: u32, additive: bool) -> Option<()> {
        let mut f = Decimal::from(num).checked_div(Decimal::from(den))?;
        if additive {
            self.current = self.current.checked_add(f)?;
        } else {
            if !self.current.is_zero() {
                f = f.checked_mul(self.current)?;
                self.current = Decimal::ZERO;
            }
            self.fraction = Some(f);
        }
        self.any = true;
        Some(())
    }

    /// A scale word above a hundred (`thousand`, `million`, `lakh`...): `10^exp`.
    pub fn big(&mut self, exp: u32) -> Option<()> {
        let mut c = if self.current.is_zero() { Decimal::ONE } else { self.current };
        if let Some(f) = self.fraction.take() {
            c = if self.current.is_zero() { f } else { c.checked_mul(f)? };
        }
        // "lakh crore": a bigger scale right after a smaller one multiplies the whole.
        let p = pow10(exp)?;
        if self.current.is_zero() && !self.total.is_zero() && self.total < p {
            self.total = self.total.checked_mul(p)?;
        } else {
            self.total = self.total.checked_add(c.checked_mul(p)?)?;
        }
        self.current = Decimal::ZERO;
        self.any = true;
        Some(())
    }

    /// The value so far, or `None` if no number word was read or a fraction is left waiting.
    pub fn value(&self) -> Option<Decimal> {
        if !self.any || self.fraction.is_some() {
            return None;
        }
        self.total.checked_add(self.current)
    }

    /// True once a fraction word waits for its scale ("half a").
    pub fn pending_fraction(&self) -> bool {
        self.fraction.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn thousands_and_decimal_separators() {
        let cases = [
            ("1,600", "1600"),
            ("1.6", "1.6"),
            ("1,600.50", "1600.5"),
            ("1.049,95", "1049.95"),
            ("12,99", "12.99"),
            ("1'200.20", "1200.2"),
            ("1’200", "1200"),
            ("1 600", "1600"),
            ("1\u{202f}600", "1600"),
            ("1\u{a0}600", "1600"),
            ("1.000.000", "1000000"),
            ("1,000,000", "1000000"),
            ("007", "7"),
            ("0.5", "0.5"),
            ("7.20000", "7.2"),
            ("1.11000000000000009770", "1.1100000000000000977"),
            ("12,34,567.89", "1234567.89"),
            ("1,00,000", "100000"),
        ];
        for (input, want) in cases {
            let got = parse_digits(input).map(|v| v.normalize().to_string());
            assert_eq!(got.as_deref(), Some(want), "{input}");
        }
    }

    #[test]
    fn malformed_numerals_are_rejected() {
        for input in ["1,60,0", "1.2.3", "12,3,4", "", ",5", "1,,000", "1.000,000.5"] {
            assert_eq!(parse_digits(input), None, "{input}");
        }
    }

    #[test]
    fn overflow_is_none_not_a_panic() {
        let huge = "9".repeat(40);
        assert_eq!(parse_digits(&huge), None);
        let million_digits = "1".repeat(1_000_000);
        assert_eq!(parse_digits(&million_digits), None);
        assert_eq!(scale(d("79228162514264337593543950335"), 3), None);
        assert_eq!(pow10(29), None);
    }

    #[test]
    fn word_numbers_accumulate() {
        let mut w = WordNumber::default();
        w.add_small(5);
        w.hundred().unwrap();
        w.big(3).unwrap();
        assert_eq!(w.value(), Some(d("500000")));

        let mut w = WordNumber::default();
        w.add_small(2);
        w.big(6).unwrap();
        w.add_small(5);
        w.hundred().unwrap();
        w.big(3).unwrap();
        assert_eq!(w.value(), Some(d("2500000")));

        // one and a half million
        let mut w = WordNumber::default();
        w.add_small(1);
        w.fraction(1, 2, true).unwrap();
        w.big(6).unwrap();
        assert_eq!(w.value(), Some(d("1500000")));

        // half a billion
        let mut w = WordNumber::default();
        w.fraction(1, 2, false).unwrap();
        assert!(w.pending_fraction());
        w.add_one_if_empty();
        w.big(9).unwrap();
        assert_eq!(w.value(), Some(d("500000000")));

        // three quarters of a billion
        let mut w = WordNumber::default();
        w.add_small(3);
        w.fraction(1, 4, false).unwrap();
        w.add_one_if_empty();
        w.big(9).unwrap();
        assert_eq!(w.value(), Some(d("750000000")));

        // a dozen, half a dozen
        let mut w = WordNumber::default();
        w.add_one_if_empty();
        w.dozen().unwrap();
        assert_eq!(w.value(), Some(d("12")));
        let mut w = WordNumber::default();
        w.fraction(1, 2, false).unwrap();
        w.add_one_if_empty();
        w.dozen().unwrap();
        assert_eq!(w.value(), Some(d("6")));

        // five lakh crore
        let mut w = WordNumber::default();
        w.add_small(5);
        w.big(5).unwrap();
        w.big(7).unwrap();
        assert_eq!(w.value(), Some(d("5000000000000")));
    }
}
