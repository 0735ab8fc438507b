//! Fuzzes the ledger: any bytes, decoded lossily as UTF-8, give figures and then pledges
//! whose spans lie in the document and whose figure indices exist, with every option set.
//! The invariants are those of the property tests (`tests/properties/invariants.rs`).
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/properties/invariants.rs"]
mod invariants;

fuzz_target!(|data: &[u8]| {
    let doc = String::from_utf8_lossy(data);
    if let Err(e) = invariants::check_document(&doc, true) {
        panic!("{e}\nin {doc:?}");
    }
});
