//! The vocabulary every stage shares: [`Figure`], [`Qualifier`], [`Currency`], [`Unit`].
//!
//! A figure is a span of a document's text together with its exact normalised value. Values
//! are [`Decimal`] from the text to the output; nothing on a value's path is floating point.
//! Each type has one canonical [`fmt::Display`] form, used by the writers, the tests and the
//! error messages alike.

use std::fmt;

use rust_decimal::Decimal;

/// An ISO 4217 alphabetic currency code, such as `GBP`.
///
/// Withdrawn codes (`DEM`, `FRF`, `XEU`...) are valid currencies too: an amount stated in
/// Deutsche marks in 1987 stays in marks.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency([u8; 3]);

impl Currency {
    /// The code for "no currency" (ISO 4217 `XXX`): used for amounts known to be money whose
    /// currency the text does not state (see `--latent`).
    pub const UNKNOWN: Currency = Currency(*b"XXX");

    /// Parses a three-letter upper-case code. Returns `None` for anything else.
    ///
    /// # Example
    /// ```
    /// use pledger::Currency;
    /// assert_eq!(Currency::new("GBP").unwrap().as_str(), "GBP");
    /// assert!(Currency::new("gbp").is_none());
    /// ```
    pub fn new(code: &str) -> Option<Currency> {
        let b = code.as_bytes();
        if b.len() == 3 && b.iter().all(u8::is_ascii_uppercase) {
            Some(Currency([b[0], b[1], b[2]]))
        } else {
            None
        }
    }

    /// The code as a string slice.
    pub fn as_str(&self) -> &str {
        // The constructor admits only ASCII upper-case letters.
        std::str::from_utf8(&self.0).unwrap_or("XXX")
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How the text bounds a figure: `over 5,000` is [`Qualifier::Over`], `$1-2 billion` is a
/// [`Qualifier::Range`] whose upper end is in [`Figure::high`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Qualifier {
    /// No qualifier word.
    #[default]
    Exact,
    /// over, more than, above, at least, upwards of, a minimum of, -plus, or more.
    Over,
    /// up to, less than, under, nearly, almost, close to, as much as, not to exceed.
    Under,
    /// about, around, roughly, some, approximately, an estimated, -odd.
    Approx,
    /// a low and a high end: `between £5m and £10m`, `$1-2 billion`.
    Range,
}

impl Qualifier {
    /// The lower-case name written in the `qualifier` column.
    pub fn as_str(&self) -> &'static str {
        match self {
            Qualifier::Exact => "exact",
            Qualifier::Over => "over",
            Qualifier::Under => "under",
            Qualifier::Approx => "approx",
            Qualifier::Range => "range",
        }
    }
}

impl fmt::Display for Qualifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a figure counts: money in a currency, or a quantity of a named thing.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Unit {
    /// An amount of money.
    Money(Currency),
    /// A count or measure; the string is the thing counted, as a noun phrase from the text
    /// ("air defense missiles", "tonnes of wheat").
    Quantity(String),
}

/// The two kinds of figure, as written in the `kind` column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// An amount of money.
    Money,
    /// A counted or measured quantity.
    Quantity,
}

impl Kind {
    /// `money` or `quantity`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Kind::Money => "money",
            Kind::Quantity => "quantity",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a money figure's currency came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CurrencySource {
    /// Stated on the figure itself (`£`, `USD`, `euros`).
    Stated,
    /// A generic word (`$`, `dollars`, `rupees`) resolved by the document or the default.
    Resolved,
    /// Not stated on the figure; taken from a figure nearby or from the document.
    Context,
}

/// One amount of money or counted quantity found in a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Figure {
    /// Byte offset of the first byte of the span (including qualifier words).
    pub start: usize,
    /// Byte offset one past the span.
    pub end: usize,
    /// The value, or the low end of a range.
    pub value: Decimal,
    /// The high end of a range.
    pub high: Option<Decimal>,
    /// How the text bounds the value.
    pub qualifier: Qualifier,
    /// Money in a currency, or the thing counted.
    pub unit: Unit,
    /// Byte span of the number itself (without qualifier words or the counted noun), used to
    /// pair restatements such as `£1.6 billion ($2 billion)`.
    pub core: (usize, usize),
    /// For money, where the currency came from.
    pub currency_source: Option<CurrencySource>,
    /// The name of the rule that recognised the figure (for `--explain` and audits).
    pub rule: &'static str,
    /// For a restatement in parentheses (`($2 billion)` after `£1.6 billion`), the index of
    /// the figure it restates in the same extraction.
    pub restates: Option<usize>,
}

impl Figure {
    /// The same figure with its byte offsets moved `by` bytes later: a figure found in a piece
    /// of a document, placed in the whole document.
    #[must_use]
    pub fn shifted(mut self, by: usize) -> Figure {
        self.start += by;
        self.end += by;
        self.core = (self.core.0 + by, self.core.1 + by);
        self
    }

    /// `money` or `quantity`.
    pub fn kind(&self) -> Kind {
        match self.unit {
            Unit::Money(_) => Kind::Money,
            Unit::Quantity(_) => Kind::Quantity,
        }
    }

    /// The currency, for money.
    pub fn currency(&self) -> Option<Currency> {
        match self.unit {
            Unit::Money(c) => Some(c),
            Unit::Quantity(_) => None,
        }
    }

    /// The text the figure was read from.
    ///
    /// Returns the empty string if the span does not lie on character boundaries of `doc`
    /// (which would be a bug; extraction never produces such spans).
    pub fn text<'a>(&self, doc: &'a str) -> &'a str {
        doc.get(self.start..self.end).unwrap_or("")
    }

    /// The `unit` column: the ISO code for money, the counted thing for quantities.
    pub fn unit_str(&self) -> &str {
        match &self.unit {
            Unit::Money(c) => c.as_str(),
            Unit::Quantity(s) => s,
        }
    }
}

impl fmt::Display for Figure {
    /// `money 1600000000 GBP` / `quantity 5000 air defense missiles over` /
    /// `money 1000000000..2000000000 USD range`: kind, value (`..high` for a range), unit, and
    /// the qualifier unless exact.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.kind(), plain(self.value))?;
        if let Some(h) = self.high {
            write!(f, "..{}", plain(h))?;
        }
        write!(f, " {}", self.unit_str())?;
        if self.qualifier != Qualifier::Exact {
            write!(f, " {}", self.qualifier)?;
        }
        Ok(())
    }
}

/// Formats a decimal in the one canonical plain form: no exponent, no separators, no trailing
/// zeros after the point (`1600000000`, `0.5`, `2.5`).
///
/// # Example
/// ```
/// use pledger::plain;
/// use rust_decimal::Decimal;
/// assert_eq!(plain(Decimal::new(16000, 4)), "1.6");
/// assert_eq!(plain(Decimal::new(5, 0) * Decimal::new(1_000_000, 0)), "5000000");
/// ```
pub fn plain(d: Decimal) -> String {
    d.normalize().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_strips_trailing_zeros_and_never_uses_exponents() {
        assert_eq!(plain(Decimal::new(72_000, 4)), "7.2");
        assert_eq!(plain(Decimal::new(1, 10)), "0.0000000001");
        assert_eq!(plain(Decimal::new(1_600_000_000, 0)), "1600000000");
        assert_eq!(plain(Decimal::new(-0, 2)), "0");
    }

    #[test]
    fn currency_rejects_non_codes() {
        assert!(Currency::new("GB").is_none());
        assert!(Currency::new("GBPX").is_none());
        assert!(Currency::new("Gbp").is_none());
        assert_eq!(Currency::new("XDR").unwrap().to_string(), "XDR");
    }
}
