//! Time `Rules::load` on the shipped rules/: `cargo run --release -p
//! baocao-rules --example load_time` (issue #11: ≤ 50 ms).

use std::path::Path;
use std::time::Instant;

use baocao_rules::Rules;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules");
    let mut times = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        let rules = Rules::load(&dir).unwrap_or_else(|e| panic!("{e}"));
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        std::hint::black_box(rules);
    }
    times.sort_by(f64::total_cmp);
    println!(
        "rules load: min {:.1} ms, median {:.1} ms, max {:.1} ms (5 loads)",
        times[0], times[2], times[4]
    );
}
