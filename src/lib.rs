//! `baocao`, the library: the pipeline that turns the signed PDF reports of
//! Huế's wards and communes into statistics. The binary (`src/main.rs`,
//! `src/cli.rs`, `src/cmd/`) only parses arguments and calls in here.
//!
//! Per file, in a worker process ([`worker`]): [`analyze`] reads the text
//! (`baocao_pdf::read_text`; with OCR of scanned pages through a
//! [`reading::Reader`], corrected against the rules' [`lexicon`]), facts,
//! outline and figures (`baocao_rules`),
//! signatures (`baocao_sig`) and runs the per-report [`checks`], answering
//! one [`model::DocReport`]. Across files ([`pipeline`]): the [`batch`]
//! stage, the [`tables`] across units, every table through the [`output`]
//! sinks (CSV, Parquet, XLSX) and the HTML [`report`], in the language of
//! [`lang`], into a folder swapped in for OUT whole ([`output::outdir`]);
//! a run stops in order on Ctrl-C ([`interrupt`]). The rules are built in
//! or read from a folder ([`rules_source`]). See ARCHITECTURE.md for the map.

pub mod analyze;
pub mod batch;
pub mod cache;
pub mod checks;
pub mod extraction;
pub mod interrupt;
pub mod lang;
pub mod lexicon;
pub mod model;
pub mod output;
pub mod pipeline;
pub mod reading;
pub mod report;
pub mod rules_source;
pub mod stamps;
pub mod store;
pub mod summary;
pub mod tables;
pub mod worker;
