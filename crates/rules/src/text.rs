//! A report's normalised text as the rules see it. The type lives in
//! `baocao-viet` ([`baocao_viet::text`]); it is re-exported here so rules
//! code can keep naming it `crate::text::DocText`.

pub use baocao_viet::text::{DocText, DocTextBuilder};
