//! `ntm-bench`: the national-scale benchmark (`cargo bench -p ntm-bench --bench engine`).
//! The library is empty; everything is in `benches/engine.rs`. See BENCHMARKS.md.
