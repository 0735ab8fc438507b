//! Figures extraction and the ledger over realistic news text, reported in bytes per second.
//!
//! The text is the dev articles (`../shared/eval/dev/*.txt`), read at bench time (where they
//! are absent, the articles under `fixtures/`), extracted as one concatenated document and
//! one document per article; throughput counts the bytes of all the articles. Run with
//! `cargo bench --bench figures` (add `-- --warm-up-time 1 --measurement-time 5` for a
//! quick look). `scripts/bench.sh` measures the binary end to end.

use std::fs;
use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use pledger::figures::{Options, extract};

/// The bench articles and where they came from.
fn corpus() -> (Vec<String>, String) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (dir, exts) in
        [(root.join("../shared/eval/dev"), &["txt"][..]), (root.join("fixtures"), &["txt", "md"][..])]
    {
        let mut files: Vec<PathBuf> = match fs::read_dir(&dir) {
            Ok(rd) => rd
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().and_then(|x| x.to_str()).is_some_and(|x| exts.contains(&x)))
                .collect(),
            Err(_) => continue,
        };
        files.sort();
        let articles: Vec<String> = files.iter().filter_map(|f| fs::read_to_string(f).ok()).collect();
        if !articles.is_empty() {
            return (articles, format!("{} files from {}", files.len(), dir.display()));
        }
    }
    panic!("no bench text: neither ../shared/eval/dev nor fixtures/ has articles");
}

fn figures(c: &mut Criterion) {
    let (articles, source) = corpus();
    let text = articles.join("\n\n");
    eprintln!("figures bench: {} bytes of text ({source})", text.len());
    let opts = Options::default();
    let mut group = c.benchmark_group("figures");
    group.throughput(Throughput::Bytes(text.len() as u64));
    // All the articles as one document.
    group.bench_function("extract/concatenated", |b| {
        b.iter(|| extract(black_box(&text), &opts).figures.len())
    });
    // One document per article, as `pledger figures` reads a directory or JSON Lines file.
    group.bench_function("extract/per_article", |b| {
        b.iter(|| articles.iter().map(|a| extract(black_box(a), &opts).figures.len()).sum::<usize>())
    });
    group.finish();
}

/// The ledger per article, given its figures (as `pledger ledger` runs it), and both steps.
fn ledger(c: &mut Criterion) {
    let (articles, _) = corpus();
    let bytes: usize = articles.iter().map(String::len).sum();
    let opts = Options::default();
    let found: Vec<_> = articles.iter().map(|a| extract(a, &opts).figures).collect();
    let mut group = c.benchmark_group("ledger");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("link/per_article", |b| {
        b.iter(|| {
            articles
                .iter()
                .zip(&found)
                .map(|(a, f)| pledger::pledges::extract(black_box(a), f).len())
                .sum::<usize>()
        })
    });
    group.bench_function("figures_and_link/per_article", |b| {
        b.iter(|| {
            articles
                .iter()
                .map(|a| pledger::pledges::extract(black_box(a), &extract(a, &opts).figures).len())
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, figures, ledger);
criterion_main!(benches);
