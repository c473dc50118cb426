//! Help text for a terminal from the spec's documentation: Markdown links shown as their
//! text, a one-line summary for `-h` and the whole text, with the default, format and
//! lifecycle notes, for `--help`.

use crate::ir::Docs;

/// `[text](url)` as `text`, and whitespace runs as one space.
pub fn plain(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut rest = markdown;
    while let Some(start) = rest.find('[') {
        let (before, after) = rest.split_at(start);
        out.push_str(before);
        let link = after.find("](").and_then(|mid| {
            let close = after[mid..].find(')')? + mid;
            (!after[1..mid].contains('[')).then_some((mid, close))
        });
        match link {
            Some((mid, close)) => {
                out.push_str(&after[1..mid]);
                rest = &after[close + 1..];
            }
            None => {
                out.push('[');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The first sentence of `text`.
fn first_sentence(text: &str) -> &str {
    let mut from = 0;
    while let Some(i) = text[from..].find(". ") {
        let end = from + i + 1;
        // Not after an abbreviation such as `e.g.` or `i.e.`.
        let word = text[..end].rsplit(' ').next().unwrap_or_default();
        if !word.trim_end_matches('.').contains('.') {
            return &text[..end];
        }
        from = end;
    }
    text
}

/// The short help of a flag: its description's first sentence, and whether it is
/// required or deprecated.
pub fn short(docs: &Docs, required: bool) -> String {
    let text = docs
        .description
        .as_deref()
        .or(docs.title.as_deref())
        .map(plain)
        .unwrap_or_default();
    let mut line = first_sentence(&text).to_string();
    if required {
        line.push_str(" [required]");
    }
    if docs.deprecated.is_some() {
        line.push_str(" [deprecated]");
    }
    if docs.undocumented.is_some() {
        line.push_str(" [undocumented]");
    }
    line.trim().to_string()
}

/// The long help: the title, the whole description and the notes, a paragraph each.
pub fn long(docs: &Docs, extra: &[String]) -> String {
    let mut paragraphs: Vec<String> = Vec::new();
    if let Some(title) = &docs.title {
        paragraphs.push(plain(title));
    }
    if let Some(description) = &docs.description {
        paragraphs.push(plain(description));
    }
    let mut notes: Vec<String> = Vec::new();
    if let Some(format) = &docs.format {
        notes.push(format!("Format: {format}."));
    }
    if let Some(default) = &docs.default {
        notes.push(format!("Default (on the server): {default}."));
    }
    if !notes.is_empty() {
        paragraphs.push(notes.join(" "));
    }
    if let Some(note) = &docs.deprecated {
        paragraphs.push(lifecycle("Deprecated", note));
    }
    if let Some(note) = &docs.undocumented {
        paragraphs.push(lifecycle(
            "Undocumented: not part of Seam's documented API and may change",
            note,
        ));
    }
    if let Some(note) = &docs.draft {
        paragraphs.push(lifecycle("Draft", note));
    }
    paragraphs.extend(extra.iter().cloned());
    paragraphs.retain(|p| !p.is_empty());
    paragraphs.join("\n\n")
}

fn lifecycle(label: &str, note: &str) -> String {
    let note = plain(note);
    if note.is_empty() {
        format!("{label}.")
    } else {
        format!("{label}: {note}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_show_their_text_and_short_help_is_the_first_sentence() {
        assert_eq!(
            plain("See [credentials](https://x.y/z) and [a]\n  b."),
            "See credentials and [a] b."
        );
        let docs = Docs {
            description: Some("ID of the user, e.g. a UUID. More text.".into()),
            deprecated: Some(String::new()),
            ..Docs::default()
        };
        assert_eq!(
            short(&docs, true),
            "ID of the user, e.g. a UUID. [required] [deprecated]"
        );
        assert_eq!(
            long(&docs, &["Sends `GET /x`.".into()]),
            "ID of the user, e.g. a UUID. More text.\n\nDeprecated.\n\nSends `GET /x`."
        );
    }
}
