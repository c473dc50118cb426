//! Rustdoc from the spec's descriptions: titles, lifecycle notes, defaults and formats,
//! with the Markdown made safe for rustdoc (no broken intra-doc links, bare URLs or stray
//! HTML tags, which `cargo doc` would warn about).

use crate::ir::Docs;
use proc_macro2::{Delimiter, Group, Ident, Literal, Punct, Spacing, Span, TokenStream, TokenTree};
use quote::quote;

/// `#[doc = ...]` attributes for an item, plus `#[deprecated]` when it is.
pub fn attrs(docs: &Docs, extra: &[String]) -> TokenStream {
    attrs_gated(docs, extra, None)
}

/// [`attrs`] with `gate` (a `#[cfg]`) between the `#[doc]` attributes and the rest.
pub fn attrs_gated(docs: &Docs, extra: &[String], gate: Option<&TokenStream>) -> TokenStream {
    let mut paragraphs: Vec<String> = Vec::new();
    if let Some(title) = &docs.title {
        paragraphs.push(format!("**{}**", sanitize(title.trim())));
    }
    if let Some(description) = &docs.description {
        paragraphs.push(sanitize(&unindent(description.trim())));
    }
    let mut notes = Vec::new();
    if let Some(format) = &docs.format {
        notes.push(format!("Format: {}.", code_or_text(format)));
    }
    if let Some(default) = &docs.default {
        let shown = serde_json::to_string(default).unwrap_or_default();
        notes.push(format!(
            "The server uses `{}` when this is not set.",
            shown.replace('`', "'")
        ));
    }
    if !notes.is_empty() {
        paragraphs.push(notes.join(" "));
    }
    if let Some(note) = &docs.undocumented {
        paragraphs.push(lifecycle(
            "Undocumented",
            "not part of Seam's documented API and may change",
            note,
        ));
    }
    if let Some(note) = &docs.draft {
        paragraphs.push(lifecycle("Draft", "a draft and may change", note));
    }
    paragraphs.extend(extra.iter().cloned());

    let mut lines: Vec<String> = Vec::new();
    for (i, paragraph) in paragraphs.iter().enumerate() {
        if i > 0 {
            lines.push(String::new());
        }
        lines.extend(paragraph.lines().map(|l| {
            // Each line is its own `#[doc]`, a space after the `///` unless it is empty.
            let l = l.trim_end();
            let mut line = String::with_capacity(l.len() + 1);
            if !l.is_empty() {
                line.push(' ');
                line.push_str(l);
            }
            line
        }));
    }
    let mut attrs: TokenStream = lines.iter().flat_map(|line| doc_attr(line)).collect();
    let deprecated = docs.deprecated.as_ref().map(|note| {
        if note.trim().is_empty() {
            quote!(#[deprecated])
        } else {
            let note = note.trim();
            quote!(#[deprecated(note = #note)])
        }
    });
    attrs.extend(quote! { #gate #deprecated });
    attrs
}

/// `#[doc = "line"]`, made from its tokens: what `quote!(#[doc = #line])` makes, without
/// the intermediate streams and copies (the emission makes one for every line of
/// documentation, a quarter of the output's lines).
fn doc_attr(line: &str) -> [TokenTree; 2] {
    let span = Span::call_site();
    let inner: TokenStream = [
        TokenTree::Ident(Ident::new("doc", span)),
        TokenTree::Punct(Punct::new('=', Spacing::Alone)),
        TokenTree::Literal(str_literal(line)),
    ]
    .into_iter()
    .collect();
    [
        TokenTree::Punct(Punct::new('#', Spacing::Alone)),
        TokenTree::Group(Group::new(Delimiter::Bracket, inner)),
    ]
}

/// The string literal `text`, as `quote` makes it from a `&str` (`Literal::string`), but
/// without escaping character by character when nothing needs escaping (no quote,
/// backslash or control character), which is most doc lines: the emission makes one per
/// line of documentation, and `Literal::string` costs twice as much.
pub fn str_literal(text: &str) -> Literal {
    let plain = text
        .bytes()
        .all(|b| b >= b' ' && b != b'"' && b != b'\\' && b != 0x7f);
    if plain {
        if let Ok(literal) = format!("\"{text}\"").parse() {
            return literal;
        }
    }
    Literal::string(text)
}

/// Spec descriptions are often indented template strings: the first line flush, the rest
/// indented. Markdown reads a line indented by four spaces as a code block, which rustdoc
/// would compile as a Rust doctest; so the common indentation goes, and what is left of
/// four or more spaces outside fenced blocks goes too. Fences without a language are
/// marked `text`, so that rustdoc does not compile them either.
fn unindent(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let indent = |l: &str| l.len() - l.trim_start().len();
    let common = lines
        .iter()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| indent(l))
        .min()
        .unwrap_or(0);
    let mut out = Vec::with_capacity(lines.len());
    let mut fence: Option<String> = None;
    for (i, line) in lines.iter().enumerate() {
        let line = if i == 0 {
            *line
        } else {
            line.get(common..).unwrap_or_else(|| line.trim_start())
        };
        let trimmed = line.trim_start();
        let marker: String = trimmed
            .chars()
            .take_while(|c| *c == '`' || *c == '~')
            .collect();
        let is_fence = marker.len() >= 3
            && marker
                .chars()
                .all(|c| c == marker.chars().next().unwrap_or('`'));
        match &fence {
            Some(open) if is_fence && trimmed.trim_end() == open.as_str() => {
                fence = None;
                out.push(trimmed.to_string());
            }
            Some(_) => out.push(line.to_string()),
            None if is_fence => {
                let info = trimmed[marker.len()..].trim();
                fence = Some(marker.clone());
                if info.is_empty() {
                    out.push(format!("{marker}text"));
                } else {
                    out.push(trimmed.to_string());
                }
            }
            None if indent(line) >= 4 => out.push(trimmed.to_string()),
            None => out.push(line.to_string()),
        }
    }
    if let Some(open) = fence {
        out.push(open);
    }
    out.join("\n")
}

fn lifecycle(label: &str, meaning: &str, note: &str) -> String {
    if note.trim().is_empty() {
        format!("*{label}:* this is {meaning}.")
    } else {
        // "(Not final.)." would end twice.
        let note = note.trim();
        let note = note.strip_suffix('.').unwrap_or(note);
        format!("*{label}:* this is {meaning} ({}).", sanitize(note))
    }
}

fn code_or_text(format: &str) -> String {
    if format.contains('`') {
        format.to_string()
    } else {
        format!("`{format}`")
    }
}

/// Makes Markdown from the spec safe for rustdoc: `[text]` that is not a link is escaped,
/// bare URLs are wrapped in `<...>`, and `<` that would open an HTML tag is escaped.
/// Code spans are left alone.
pub fn sanitize(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len() + 16);
    let chars: Vec<char> = markdown.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '`' => {
                // Copy a code span through its closing backticks.
                let ticks = chars[i..].iter().take_while(|&&t| t == '`').count();
                let close = (i + ticks..chars.len()).find(|&j| {
                    chars[j..].iter().take_while(|&&t| t == '`').count() == ticks
                        && (j == 0 || chars[j - 1] != '`')
                });
                match close {
                    Some(j) => {
                        out.extend(&chars[i..j + ticks]);
                        i = j + ticks;
                    }
                    None => {
                        out.extend(std::iter::repeat_n('\'', ticks));
                        i += ticks;
                    }
                }
                continue;
            }
            '[' => {
                if let Some(end) = matching_bracket(&chars, i) {
                    let next = chars.get(end + 1);
                    if next == Some(&'(') {
                        if let Some(close) = chars[end + 1..].iter().position(|&c| c == ')') {
                            let text: String = chars[i + 1..end].iter().collect();
                            let target: String = chars[end + 2..end + 1 + close].iter().collect();
                            out.push('[');
                            out.push_str(&sanitize(&text));
                            out.push_str("](");
                            out.push_str(target.trim());
                            out.push(')');
                            i = end + 2 + close;
                            continue;
                        }
                    }
                }
                out.push_str("\\[");
            }
            ']' => out.push_str("\\]"),
            '<' => {
                if starts_url(&chars, i + 1) {
                    out.push('<');
                } else {
                    out.push_str("&lt;");
                }
            }
            'h' if starts_url(&chars, i)
                && (i == 0 || !matches!(chars[i - 1], '<' | '(' | '/')) =>
            {
                let end = (i..chars.len())
                    .find(|&j| {
                        chars[j].is_whitespace() || matches!(chars[j], ')' | '>' | '"' | '\'')
                    })
                    .unwrap_or(chars.len());
                let mut url: String = chars[i..end].iter().collect();
                let mut trailing = String::new();
                while url.ends_with(['.', ',', ';', ':']) {
                    trailing.insert(0, url.pop().unwrap_or('.'));
                }
                out.push('<');
                out.push_str(&url);
                out.push('>');
                out.push_str(&trailing);
                i = end;
                continue;
            }
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

/// Whether `http://` or `https://` starts at `chars[i]` (compared in place: this runs at
/// every `h` and `<` of every description).
fn starts_url(chars: &[char], i: usize) -> bool {
    let starts = |prefix: &str| {
        let rest = chars.get(i..).unwrap_or_default();
        rest.len() >= prefix.len() && prefix.chars().zip(rest).all(|(p, c)| p == *c)
    };
    starts("http://") || starts("https://")
}

fn matching_bracket(chars: &[char], open: usize) -> Option<usize> {
    let mut depth = 0;
    for (j, &c) in chars.iter().enumerate().skip(open) {
        match c {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    return Some(j);
                }
            }
            '\n' => return None,
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::sanitize;

    #[test]
    fn string_literals_read_back_as_their_text() {
        use super::{str_literal, Literal};
        use quote::quote;
        for text in [
            "",
            " plain text, with `code` and [links](https://example.com)",
            " non-ASCII: née, 東京, 🔑",
            " a \"quote\" and a \\ backslash",
            " a tab\there and a bell \u{7}",
            "\u{7f}",
        ] {
            let literal = str_literal(text);
            let read: syn::LitStr = syn::parse2(quote!(#literal)).expect("a string literal");
            assert_eq!(read.value(), text);
        }
        // Plain text is written as it is; the rest as `Literal::string` escapes it.
        assert_eq!(str_literal(" a b").to_string(), "\" a b\"");
        assert_eq!(
            str_literal("a\"b").to_string(),
            Literal::string("a\"b").to_string()
        );
    }

    #[test]
    fn links_are_kept_and_brackets_escaped() {
        assert_eq!(
            sanitize("See [docs](https://x.y/z)."),
            "See [docs](https://x.y/z)."
        );
        assert_eq!(sanitize("a [b] c"), "a \\[b\\] c");
        assert_eq!(sanitize("`[x]` stays"), "`[x]` stays");
    }

    #[test]
    fn indentation_never_makes_a_code_block() {
        use super::unindent;
        assert_eq!(
            unindent("First.\n\n      Second,\n        third."),
            "First.\n\nSecond,\n  third."
        );
        assert_eq!(unindent("a\n```\nlet x;\n```"), "a\n```text\nlet x;\n```");
        assert_eq!(unindent("a\n```json\n{}"), "a\n```json\n{}\n```");
    }

    #[test]
    fn bare_urls_and_tags_are_made_safe() {
        assert_eq!(sanitize("go to https://a.b/c."), "go to <https://a.b/c>.");
        assert_eq!(sanitize("a <string> here"), "a &lt;string> here");
        assert_eq!(sanitize("<https://a.b>"), "<https://a.b>");
    }
}
