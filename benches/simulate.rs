//! How fast is `slatewise simulate`? One group, two measurements on the built-in gv6-2020
//! scenario (about 130,000 voters, 28 candidates, 9 seats, counted with its `nec` rule):
//!
//! - `elections/published`: 100 simulated elections under the published orders (one thread:
//!   the facade builds slatewise-sim without the `parallel` feature), reported per election;
//! - `elections/four-strategies`: 20 draws counted under uniform, published, rotation and
//!   balanced (CRN: four counts per draw).
//!
//! Run with `cargo bench --bench simulate`. The acceptance target is 10,000 elections in under
//! 10 s on 2 cores, i.e. under 2 ms per election per core; `benches/compare-votekit.sh` times
//! the parallel CLI end to end.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use slatewise_sim::{Scenario, SimulationOptions, Strategy, simulate};

fn bench(c: &mut Criterion) {
    let scenario = Scenario::builtin_gv6_2020();
    let mut group = c.benchmark_group("elections");
    group.sample_size(10);
    group.throughput(Throughput::Elements(100));
    group.bench_function("published", |b| {
        let options = SimulationOptions {
            runs: 100,
            strategies: vec![Strategy::Published],
            ..SimulationOptions::default()
        };
        b.iter(|| simulate(&scenario, &options, &|_, _| {}).map(|r| r.runs))
    });
    group.throughput(Throughput::Elements(80));
    group.bench_function("four-strategies", |b| {
        let options = SimulationOptions {
            runs: 20,
            strategies: vec![
                Strategy::Uniform,
                Strategy::Published,
                Strategy::Rotation,
                Strategy::Balanced,
            ],
            ..SimulationOptions::default()
        };
        b.iter(|| simulate(&scenario, &options, &|_, _| {}).map(|r| r.runs))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
