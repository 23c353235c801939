//! The reports of a run, kept out of memory so that the parent's memory
//! does not grow with the batch: each file's [`DocReport`] is written as it
//! arrives ([`Spill::put`]), as one JSON line, to an unnamed temporary file
//! (beside the run's outputs; the system removes it when the run ends, even
//! killed), and read back one at a time by the stages after the batch
//! stage ([`Reports::each`]). What the batch stage needs of each report —
//! its [`Head`]: file, status, unit, kind, date, last signing time — stays
//! in memory, and what the batch stage finds (a report superseded, the
//! checks it adds) is kept on the head and applied to the report whenever
//! it is read back.

use std::fs::File;
use std::io;
use std::os::unix::fs::FileExt;
use std::path::Path;
use std::sync::Mutex;

use baocao_rules::checks::Severity;

use crate::model::{Check, DocReport, Status};

/// Why the reports could not be kept or read back.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the run's reports (temporary file): {0}")]
    Io(#[from] io::Error),
    #[error("the run's reports (temporary file): report {index} does not read back: {source}")]
    Corrupt {
        index: usize,
        source: serde_json::Error,
    },
    #[error("the run's reports: no report for file {0} of the batch")]
    Missing(usize),
}

impl From<StoreError> for io::Error {
    fn from(e: StoreError) -> io::Error {
        match e {
            StoreError::Io(e) => e,
            e => io::Error::other(e),
        }
    }
}

/// What the batch stage and the counts need of one report.
#[derive(Debug, Clone, PartialEq)]
pub struct Head {
    pub file: String,
    pub status: Status,
    pub message: String,
    pub unit: String,
    pub kind: String,
    pub doc_date: String,
    /// The latest signing time ([`DocReport::last_signed_at`]).
    pub last_signed_at: Option<String>,
    /// How many figures the report holds.
    pub figures: usize,
    /// How many signatures it bears.
    pub signatures: usize,
    /// Whether its content is unchanged since it was signed.
    pub unchanged: Unchanged,
    /// The report's own checks (the run's findings, listed and counted
    /// without reading every report back).
    pub checks: Vec<Check>,
    /// Set by the batch stage: a later report of the same unit and kind exists.
    pub superseded: bool,
    /// The checks the batch stage added to the report.
    pub added: Vec<Check>,
}

impl Head {
    /// The head of a report as a worker answered it.
    pub fn of(d: &DocReport) -> Head {
        Head {
            file: d.file.clone(),
            status: d.status,
            message: d.message.clone(),
            unit: d.unit.clone(),
            kind: d.kind.clone(),
            doc_date: d.doc_date.clone(),
            last_signed_at: d.last_signed_at().map(str::to_string),
            figures: d.figures.len(),
            signatures: d.signatures.len(),
            unchanged: Unchanged::of(d),
            checks: d.checks.clone(),
            superseded: d.superseded,
            added: Vec::new(),
        }
    }

    /// Whether the report counts in the tables across units
    /// ([`DocReport::counts`]).
    pub fn counts(&self) -> bool {
        crate::model::counts(self.status, &self.unit, self.superseded)
    }

    /// The report's checks: its own, then the batch stage's.
    pub fn all_checks(&self) -> impl Iterator<Item = &Check> {
        self.checks.iter().chain(&self.added)
    }

    /// How many of the report's checks are of severity `s`.
    pub fn checks_of(&self, s: Severity) -> usize {
        self.all_checks().filter(|c| c.severity == s).count()
    }

    /// The report as the batch stage left it.
    pub(crate) fn apply(&self, d: &mut DocReport) {
        d.superseded = self.superseded;
        d.checks.extend(self.added.iter().cloned());
    }
}

/// Whether a file's content is unchanged since it was signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unchanged {
    /// It bears no signature.
    Unsigned,
    /// Every signature's digest matches and nothing was changed after.
    Yes,
    /// A digest does not match, or the file was changed after signing.
    No,
    /// Some digest could not be checked.
    Unknown,
}

impl Unchanged {
    pub fn of(d: &DocReport) -> Unchanged {
        use baocao_sig::Verdict;
        let changed_after = d
            .checks
            .iter()
            .any(|c| c.id == baocao_rules::checks::CheckId::ModifiedAfterSigning);
        if d.signatures.is_empty() {
            Unchanged::Unsigned
        } else if changed_after || d.signatures.iter().any(|s| s.digest_ok == Verdict::False) {
            Unchanged::No
        } else if d.signatures.iter().all(|s| s.digest_ok == Verdict::True) {
            Unchanged::Yes
        } else {
            Unchanged::Unknown
        }
    }
}

/// Where one report's line lies in the temporary file.
#[derive(Debug, Clone, Copy)]
struct Span {
    at: u64,
    len: usize,
}

/// Reports being kept as they arrive, in any order, each at its place in
/// the batch; shared by the threads that fetch them.
pub struct Spill {
    inner: Mutex<Filling>,
}

struct Filling {
    file: File,
    end: u64,
    slots: Vec<Option<(Head, Span)>>,
}

impl Spill {
    /// Room for `n` reports, in an unnamed temporary file in `dir`.
    pub fn new_in(dir: &Path, n: usize) -> Result<Spill, StoreError> {
        Ok(Spill::with(tempfile::tempfile_in(dir)?, n))
    }

    /// Room for `n` reports, in an unnamed file of the system's temporary
    /// folder.
    pub fn new(n: usize) -> Result<Spill, StoreError> {
        Ok(Spill::with(tempfile::tempfile()?, n))
    }

    fn with(file: File, n: usize) -> Spill {
        Spill {
            inner: Mutex::new(Filling {
                file,
                end: 0,
                slots: vec![None; n],
            }),
        }
    }

    /// Keep `report` as the batch's `index`-th.
    pub fn put(&self, index: usize, report: &DocReport) -> Result<(), StoreError> {
        let mut line = serde_json::to_vec(report).map_err(io::Error::other)?;
        line.push(b'\n');
        let head = Head::of(report);
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if index >= inner.slots.len() {
            return Err(StoreError::Missing(index));
        }
        let span = Span {
            at: inner.end,
            len: line.len(),
        };
        inner.file.write_all_at(&line, span.at)?;
        inner.end += line.len() as u64;
        inner.slots[index] = Some((head, span));
        Ok(())
    }

    /// Every report kept, in batch order; an error names the first place
    /// left empty.
    pub fn finish(self) -> Result<Reports, StoreError> {
        let inner = self.inner.into_inner().unwrap_or_else(|e| e.into_inner());
        let mut heads = Vec::with_capacity(inner.slots.len());
        let mut spans = Vec::with_capacity(inner.slots.len());
        for (i, slot) in inner.slots.into_iter().enumerate() {
            let (head, span) = slot.ok_or(StoreError::Missing(i))?;
            heads.push(head);
            spans.push(span);
        }
        Ok(Reports {
            heads,
            spans,
            file: inner.file,
        })
    }
}

/// Every report of a batch, in batch order: the heads in memory, the
/// reports read back from the temporary file one at a time.
pub struct Reports {
    heads: Vec<Head>,
    spans: Vec<Span>,
    file: File,
}

impl std::fmt::Debug for Reports {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reports")
            .field("heads", &self.heads)
            .finish_non_exhaustive()
    }
}

impl Reports {
    /// Reports already in memory (tests, small batches), kept like a run's.
    pub fn of(docs: Vec<DocReport>) -> Result<Reports, StoreError> {
        let spill = Spill::new(docs.len())?;
        for (i, d) in docs.iter().enumerate() {
            spill.put(i, d)?;
        }
        spill.finish()
    }

    pub fn len(&self) -> usize {
        self.heads.len()
    }

    pub fn is_empty(&self) -> bool {
        self.heads.is_empty()
    }

    /// The heads, in batch order.
    pub fn heads(&self) -> &[Head] {
        &self.heads
    }

    /// The heads, for the batch stage to mark.
    pub fn heads_mut(&mut self) -> &mut [Head] {
        &mut self.heads
    }

    /// The `index`-th report, as the batch stage left it.
    pub fn get(&self, index: usize) -> Result<DocReport, StoreError> {
        let (head, span) = self
            .heads
            .get(index)
            .zip(self.spans.get(index))
            .ok_or(StoreError::Missing(index))?;
        let mut line = vec![0; span.len];
        self.file.read_exact_at(&mut line, span.at)?;
        let mut d: DocReport = serde_json::from_slice(&line)
            .map_err(|source| StoreError::Corrupt { index, source })?;
        head.apply(&mut d);
        Ok(d)
    }

    /// Call `f` on every report in batch order, one in memory at a time.
    pub fn each<E: From<StoreError>>(
        &self,
        mut f: impl FnMut(&DocReport) -> Result<(), E>,
    ) -> Result<(), E> {
        for i in 0..self.len() {
            f(&self.get(i)?)?;
        }
        Ok(())
    }

    /// The reports that count in the tables across units
    /// ([`Head::counts`]): at most one per unit and kind once duplicates
    /// are superseded, so their number is bounded by the registry, not by
    /// the batch.
    pub fn counted(&self) -> Result<Vec<DocReport>, StoreError> {
        (0..self.len())
            .filter(|&i| self.heads[i].counts())
            .map(|i| self.get(i))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use baocao_rules::checks::CheckId;

    fn doc(file: &str, unit: &str) -> DocReport {
        let mut d = DocReport::failed(file, Status::Ok, "");
        d.unit = unit.into();
        d.kind = "k".into();
        d
    }

    #[test]
    fn reports_kept_out_of_order_read_back_in_batch_order() {
        let spill = Spill::new(3).unwrap();
        spill.put(2, &doc("c.pdf", "")).unwrap();
        spill.put(0, &doc("a.pdf", "Phường Kim Trà")).unwrap();
        spill.put(1, &doc("b.pdf", "Phường Thuận Hóa")).unwrap();
        let reports = spill.finish().unwrap();
        let mut files = Vec::new();
        reports
            .each(|d| {
                files.push(d.file.clone());
                Ok::<_, StoreError>(())
            })
            .unwrap();
        assert_eq!(files, ["a.pdf", "b.pdf", "c.pdf"]);
        assert_eq!(reports.get(1).unwrap(), doc("b.pdf", "Phường Thuận Hóa"));
        assert_eq!(reports.heads()[0].unit, "Phường Kim Trà");
    }

    #[test]
    fn a_report_never_kept_is_named() {
        let spill = Spill::new(2).unwrap();
        spill.put(0, &doc("a.pdf", "")).unwrap();
        assert!(matches!(spill.finish(), Err(StoreError::Missing(1))));
    }

    #[test]
    fn what_the_batch_stage_marks_is_read_back_and_counted_follows_it() {
        let mut reports = Reports::of(vec![
            doc("a.pdf", "Phường Kim Trà"),
            doc("b.pdf", "Phường Kim Trà"),
        ])
        .unwrap();
        let h = &mut reports.heads_mut()[0];
        h.superseded = true;
        h.added.push(Check {
            id: CheckId::DuplicateReport,
            severity: Severity::Warning,
            subject: String::new(),
            detail: crate::model::Detail::Superseded {
                by: "b.pdf".into(),
                dated: String::new(),
            },
        });
        let a = reports.get(0).unwrap();
        assert!(a.superseded);
        assert_eq!(a.checks.len(), 1);
        assert_eq!(reports.heads()[0].checks_of(Severity::Warning), 1);
        let counted = reports.counted().unwrap();
        assert_eq!(counted.len(), 1);
        assert_eq!(counted[0].file, "b.pdf");
    }
}
