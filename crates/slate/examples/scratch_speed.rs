use slatewise_slate::{PartitionConfig, partition};
use std::time::Instant;
fn main() {
    let mut s: u64 = 99;
    let mut next = |below: u64| {
        s = s
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (s >> 33) % below
    };
    for m in 2..=12 {
        for spread in [30u64, 1000, 70_000, 100_000_000, 1u64 << 40] {
            let mut worst = 0.0f64;
            let mut nodes = 0;
            let mut unproved = 0;
            for _ in 0..20 {
                let w: Vec<f64> = (0..20).map(|_| (1000 + next(spread)) as f64).collect();
                let t = vec![w.iter().sum::<f64>() / m as f64; m];
                let st = Instant::now();
                let p = partition(&w, &t, &PartitionConfig::default()).unwrap();
                worst = worst.max(st.elapsed().as_secs_f64());
                nodes = nodes.max(p.nodes);
                if !p.proved_optimal {
                    unproved += 1;
                }
            }
            println!("m={m} spread={spread}: worst {worst:.3}s nodes {nodes} unproved {unproved}");
        }
    }
}
