use std::ops::Range;

/// One file of the rules table, with what is needed to point at a place in it.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as shown in diagnostics: relative to the rules directory as the person gave it.
    pub path: String,
    pub text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> SourceFile {
        let text = text.into();
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        SourceFile {
            path: path.into(),
            text,
            line_starts,
        }
    }

    /// The file name without extension: `gdpr` for `jurisdictions/gdpr.toml`.
    pub fn stem(&self) -> &str {
        let name = self.path.rsplit(['/', '\\']).next().unwrap_or(&self.path);
        name.strip_suffix(".toml").unwrap_or(name)
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let start = self.line_starts[line];
        let column = self.text[start..offset].chars().count() + 1;
        (line + 1, column)
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line(&self, line: usize) -> &str {
        let start = self.line_starts[line - 1];
        let end = self
            .line_starts
            .get(line)
            .map_or(self.text.len(), |&next| next - 1);
        self.text[start..end].trim_end_matches('\r')
    }

    /// A location for a byte span of this file.
    pub fn location(&self, span: Range<usize>) -> Location {
        let (line, column) = self.line_col(span.start);
        let line_text = self.line(line).to_string();
        let line_rest = line_text.chars().count().saturating_sub(column - 1);
        let span_chars = self
            .text
            .get(span.clone())
            .map_or(1, |s| s.lines().next().unwrap_or("").chars().count());
        Location {
            path: self.path.clone(),
            line,
            column,
            line_text,
            width: span_chars.clamp(1, line_rest.max(1)),
        }
    }
}

/// A place in a rules file: the path, 1-based line and column, and the line itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub line_text: String,
    /// How many characters of the line to underline.
    pub width: usize,
}

impl Location {
    /// Where the byte at `at` of a file that is not UTF-8 is: its line and column, the line shown
    /// with the bad bytes replaced.
    pub fn of_byte(path: &str, bytes: &[u8], at: usize) -> Location {
        let start = bytes[..at]
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |i| i + 1);
        let end = bytes[at..]
            .iter()
            .position(|b| *b == b'\n')
            .map_or(bytes.len(), |i| at + i);
        let before = String::from_utf8_lossy(&bytes[start..at]);
        Location {
            path: path.to_string(),
            line: bytes[..at].iter().filter(|b| **b == b'\n').count() + 1,
            column: before.chars().count() + 1,
            line_text: String::from_utf8_lossy(&bytes[start..end]).into_owned(),
            width: 1,
        }
    }
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.path, self.line, self.column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_lines_and_columns() {
        let file = SourceFile::new("x.toml", "a = 1\nname = \"Zürich\"\nlast");
        assert_eq!(file.line_col(0), (1, 1));
        assert_eq!(file.line_col(6), (2, 1));
        let offset = file.text.find("\"Z").unwrap();
        assert_eq!(file.line_col(offset), (2, 8));
        assert_eq!(file.line(2), "name = \"Zürich\"");
        assert_eq!(file.line(3), "last");
        let location = file.location(offset..offset + "\"Zürich\"".len());
        assert_eq!(location.width, 8);
        assert_eq!(location.to_string(), "x.toml:2:8");
    }

    #[test]
    fn knows_its_stem() {
        assert_eq!(
            SourceFile::new("jurisdictions/gdpr.toml", "").stem(),
            "gdpr"
        );
    }
}
