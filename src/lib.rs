//! pledger reads news articles, press releases and reports and pulls out the money and the
//! promises in them.
//!
//! The data flows text → [`segment`] (sentences) → [`token`] → [`figures`] (candidate spans,
//! then figures in context) → writers ([`output`]).
//!
//! ```
//! use pledger::figures::{extract, Options};
//! let found = extract("The fund lent 300 mln dlrs.", &Options::default());
//! assert_eq!(found.figures[0].to_string(), "money 300000000 USD");
//! ```
pub mod dates;
pub mod figure;
pub mod figures;
pub mod fx;
pub mod input;
pub mod lexicon;
pub mod number;
pub mod output;
pub mod phrases;
pub mod pipeline;
pub mod pledges;
pub mod report;
pub mod segment;
pub mod token;
pub mod warc;

pub use figure::{Currency, CurrencySource, Figure, Kind, Qualifier, Unit, plain};
