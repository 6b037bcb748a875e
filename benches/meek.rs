//! How fast is a Meek count? The `meek` preset (PR Foundation reference: fixed point, 9 places,
//! omega 10^-6, no batch defeats) on the 10,000-line random profile of the corpus
//! (`perf/rand_hypergeometric_10k.blt`: 20 candidates, 10 seats, equal rankings), and on the
//! same file with every `=` replaced by a space (strict rankings):
//!
//! - `meek/parse`: reading the BLT file;
//! - `meek/count-strict`, `meek/count-equal`: the count alone, outcome only (no transcript);
//! - `meek/transcript-strict`: the count with its full transcript.
//!
//! Run with `cargo bench --bench meek`. `benches/compare-stv-rs.sh` times the CLI end to end on
//! the 100,000-line file against stv-rs 0.5.1.

use std::path::PathBuf;

use criterion::{Criterion, criterion_group, criterion_main};
use slatewise_stv::{Election, Method, Rules, count, count_outcome, io};

fn corpus_file(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpus/perf")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn read(bytes: &[u8]) -> Election {
    io::blt::read(bytes, "rand_hypergeometric_10k.blt").expect("the corpus file reads")
}

fn bench(c: &mut Criterion) {
    let equal_bytes = corpus_file("rand_hypergeometric_10k.blt");
    let strict_bytes: Vec<u8> = equal_bytes
        .iter()
        .map(|&b| if b == b'=' { b' ' } else { b })
        .collect();
    let equal = read(&equal_bytes);
    let strict = read(&strict_bytes);
    let rules = Rules::preset(Method::Meek);

    let mut group = c.benchmark_group("meek");
    group.sample_size(10);
    group.bench_function("parse", |b| b.iter(|| read(&equal_bytes)));
    group.bench_function("count-strict", |b| {
        b.iter(|| count_outcome(&strict, &rules).expect("counts"))
    });
    group.bench_function("count-equal", |b| {
        b.iter(|| count_outcome(&equal, &rules).expect("counts"))
    });
    group.bench_function("transcript-strict", |b| {
        b.iter(|| count(&strict, &rules).expect("counts"))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
