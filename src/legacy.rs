//! The legacy-encoding stage: TCVN3/VNI runs decoded to Unicode, per span.
//!
//! Detection is per text run (a span of a line), never per document: real
//! files mix legacy runs with Unicode ones. Content-based detection
//! (`baocao_viet::legacy::detect`) scores each run against Vietnamese
//! syllable statistics and refuses runs that already read as Unicode.

use baocao_pdf::PageText;
use baocao_viet::legacy::{self, LegacyEncoding};

/// What the stage found and converted.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub tcvn3_runs: usize,
    pub vni_runs: usize,
    /// Up to a few (before → after) examples, for `baocao text --explain`.
    pub examples: Vec<(u32, String, String)>,
}

impl Summary {
    /// documents.csv `encoding` for a document with some text.
    pub fn encoding(&self) -> &'static str {
        match (self.tcvn3_runs > 0, self.vni_runs > 0) {
            (false, false) => "unicode",
            (true, false) => "tcvn3",
            (false, true) => "vni",
            (true, true) => "mixed",
        }
    }

    pub fn converted(&self) -> usize {
        self.tcvn3_runs + self.vni_runs
    }
}

const MAX_EXAMPLES: usize = 20;

/// Decode every legacy run of `pages` in place.
pub fn decode_pages(pages: &mut [PageText]) -> Summary {
    let mut summary = Summary::default();
    for page in pages.iter_mut() {
        for line in &mut page.lines {
            for span in &mut line.spans {
                let Some(enc) = legacy::detect(&span.text).encoding else {
                    continue;
                };
                let decoded = enc.decode(&span.text);
                match enc {
                    LegacyEncoding::Tcvn3 => summary.tcvn3_runs += 1,
                    LegacyEncoding::Vni => summary.vni_runs += 1,
                }
                if summary.examples.len() < MAX_EXAMPLES {
                    summary
                        .examples
                        .push((page.number, span.text.clone(), decoded.clone()));
                }
                span.text = decoded;
            }
        }
    }
    summary
}
