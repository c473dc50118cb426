//! Server-supplied text made safe to show: control characters escaped, length bounded.

use std::fmt;

/// Writes `text` with control characters (newlines, ANSI escapes, ...) and bidirectional
/// overrides escaped, cut after `limit` bytes of input with a note saying how long it was.
/// It never allocates, so `Display` implementations can use it on any input.
pub(crate) struct Bounded<'a> {
    text: &'a str,
    limit: usize,
}

/// `text`, escaped and cut after `limit` bytes, for `Display`.
pub(crate) fn bounded(text: &str, limit: usize) -> Bounded<'_> {
    Bounded { text, limit }
}

impl fmt::Display for Bounded<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut end = self.text.len().min(self.limit);
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let shown = &self.text[..end];
        let mut start = 0;
        for (index, c) in shown.char_indices() {
            if needs_escape(c) {
                f.write_str(&shown[start..index])?;
                match c {
                    '\n' => f.write_str("\\n")?,
                    '\r' => f.write_str("\\r")?,
                    '\t' => f.write_str("\\t")?,
                    other => write!(f, "\\u{{{:x}}}", u32::from(other))?,
                }
                start = index + c.len_utf8();
            }
        }
        f.write_str(&shown[start..])?;
        if end < self.text.len() {
            write!(f, "… [cut: {} bytes in all]", self.text.len())?;
        }
        Ok(())
    }
}

fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}')
}

/// [`bounded`] as an owned string.
pub(crate) fn escape(text: &str, limit: usize) -> String {
    bounded(text, limit).to_string()
}
