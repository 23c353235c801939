//! Errors raised while loading rules, located by file, line and column.

use std::fmt;
use std::path::PathBuf;

/// A place in a rules file, 1-based.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceLocation {
    pub path: PathBuf,
    pub line: usize,
    pub col: usize,
}

impl SourceLocation {
    /// Locate byte `offset` of `src`, the contents of `path`.
    pub fn at(path: &std::path::Path, src: &str, offset: usize) -> SourceLocation {
        let before = &src[..baocao_viet::text::floor_char_boundary(src, offset)];
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        SourceLocation {
            path: path.to_path_buf(),
            line,
            col,
        }
    }
}

impl fmt::Display for SourceLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.path.display(), self.line, self.col)
    }
}

/// Why the rules could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum RulesError {
    #[error("{}: cannot read: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{at}: {message}")]
    Syntax { at: SourceLocation, message: String },
    #[error("{at}: {message}")]
    Invalid { at: SourceLocation, message: String },
}

impl RulesError {
    /// A TOML parse error, located.
    pub fn from_toml(path: &std::path::Path, src: &str, e: toml::de::Error) -> RulesError {
        let offset = e.span().map_or(0, |s| s.start);
        RulesError::Syntax {
            at: SourceLocation::at(path, src, offset),
            message: e.message().trim().to_string(),
        }
    }

    /// A semantic error at byte `offset` of `src`.
    pub fn invalid(
        path: &std::path::Path,
        src: &str,
        offset: usize,
        message: impl Into<String>,
    ) -> RulesError {
        RulesError::Invalid {
            at: SourceLocation::at(path, src, offset),
            message: message.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_line_and_column() {
        let src = "a = 1\nb = \"xyz\"\n";
        let at = SourceLocation::at(std::path::Path::new("r.toml"), src, 10);
        assert_eq!((at.line, at.col), (2, 5));
        assert_eq!(at.to_string(), "r.toml:2:5");
    }
}
