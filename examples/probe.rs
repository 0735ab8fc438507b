fn main() {
    for path in std::env::args().skip(1) {
        let text = std::fs::read_to_string(&path).unwrap();
        let ex = pledger::figures::extract(&text, &Default::default());
        for (i, f) in ex.figures.iter().enumerate() {
            println!("{i}\t{}\t{:?}\t{:?}\t{}\t{:?}", f, f.currency_source, f.restates, f.rule, &text[f.start..f.end]);
        }
    }
}
