//! Rust spellings of spec names: identifiers that are keywords, start with digits or are
//! made of punctuation get stable, readable forms here and nowhere else. (Which of them
//! must differ from which is [`super::scope`]'s.)

use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span};
use std::borrow::Cow;

const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
    "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super", "_"];

/// A snake-case identifier for a field, method or module.
pub fn snake_ident(name: &str) -> Ident {
    ident(&snake_name(name))
}

/// The snake-case spelling (before keyword escaping), e.g. for comparing with wire names.
pub fn snake_name(name: &str) -> String {
    // Most spec names are snake case already, which heck would return as they are.
    let mut s = if is_snake_case(name) {
        name.to_string()
    } else {
        spell_symbols(name).to_snake_case()
    };
    if s.is_empty() {
        s = "value".to_string();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, '_');
    }
    s
}

/// An upper-camel-case identifier for an enum variant.
pub fn variant_ident(value: &str) -> Ident {
    ident(&variant_name(value))
}

///
/// Spelled twice, so that the words of an acronym-like result read as one (`a-b` ->
/// `AB` -> `Ab`), and so that a name already in upper camel case is left as it is.
pub fn variant_name(value: &str) -> String {
    upper_camel(&upper_camel(value))
}

fn upper_camel(value: &str) -> String {
    let mut s = String::with_capacity(value.len());
    push_upper_camel(&spell_symbols(value), &mut s);
    if s.is_empty() {
        s = "Empty".to_string();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, 'V');
    }
    s
}

/// Appends heck's upper camel case of `word` to `out`. ASCII words (most spec names: the
/// analysis and the symbols spell one for every type, field and enum value) are spelled
/// here directly, as heck would: heck splits a word at whatever is not a letter or digit
/// (`_`, `.`, `/`, ..), and spells each piece apart; a piece in upper camel case stays,
/// one in lower or upper case only is capitalized. Other pieces and words go to heck.
pub fn push_upper_camel(word: &str, out: &mut String) {
    if is_upper_camel_case(word) {
        out.push_str(word);
        return;
    }
    if !word.is_ascii() {
        out.push_str(&word.to_upper_camel_case());
        return;
    }
    let pieces = word.split(|c: char| !c.is_ascii_alphanumeric());
    for piece in pieces.filter(|piece| !piece.is_empty()) {
        if is_upper_camel_case(piece) {
            out.push_str(piece);
        } else if !piece.bytes().any(|b| b.is_ascii_uppercase()) {
            out.push(char::from(piece.as_bytes()[0].to_ascii_uppercase()));
            out.push_str(&piece[1..]);
        } else if !piece.bytes().any(|b| b.is_ascii_lowercase()) {
            out.push(char::from(piece.as_bytes()[0]));
            out.extend(
                piece[1..]
                    .bytes()
                    .map(|b| char::from(b.to_ascii_lowercase())),
            );
        } else {
            out.push_str(&piece.to_upper_camel_case());
        }
    }
}

/// A type name (already upper camel case in the IR).
pub fn type_ident(name: &str) -> Ident {
    ident(name)
}

/// An identifier, raw (`r#type`) when it is a keyword.
pub fn ident(name: &str) -> Ident {
    let text = ident_text(name);
    match text.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(&text, Span::call_site()),
    }
}

/// The identifier `name` is written as: `r#type` for a keyword, `self_` for a keyword
/// that cannot be raw, else `name`.
pub fn ident_text(name: &str) -> String {
    // Every keyword is one letter case and at most eight letters (or `_`): most names
    // are told apart without a comparison.
    let may_be_keyword = name.len() <= 8
        && (name.bytes().all(|b| b.is_ascii_lowercase()) || name == "Self" || name == "_");
    if !may_be_keyword {
        name.to_string()
    } else if NOT_RAW.contains(&name) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name) {
        format!("r#{name}")
    } else {
        name.to_string()
    }
}

/// The name serde sees for an identifier (raw prefix stripped).
pub fn unraw(ident: &Ident) -> String {
    let s = ident.to_string();
    s.strip_prefix("r#").map(str::to_string).unwrap_or(s)
}

/// Whether heck's snake case leaves `name` as it is: ASCII lowercase letters and digits in
/// words joined by single underscores (heck splits on anything else, drops empty words
/// and lowercases).
pub(crate) fn is_snake_case(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('_')
        && !name.ends_with('_')
        && !name.contains("__")
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// Whether heck's upper camel case leaves `name` as it is: ASCII letters and digits, an
/// uppercase letter first, and every other uppercase letter right after a lowercase one
/// (heck starts a word there, capitalizes each word and lowercases the rest of it).
fn is_upper_camel_case(name: &str) -> bool {
    let bytes = name.as_bytes();
    bytes.first().is_some_and(u8::is_ascii_uppercase)
        && bytes.iter().all(u8::is_ascii_alphanumeric)
        && bytes
            .windows(2)
            .all(|pair| !pair[1].is_ascii_uppercase() || pair[0].is_ascii_lowercase())
}

/// Values made only of symbols (`-`, `+`, `.`, ...) would vanish in case conversion.
fn spell_symbols(value: &str) -> Cow<'_, str> {
    if value.chars().any(|c| c.is_alphanumeric()) {
        return Cow::Borrowed(value);
    }
    value
        .chars()
        .map(|c| match c {
            '-' => "minus ",
            '+' => "plus ",
            '*' => "star ",
            '.' => "dot ",
            '/' => "slash ",
            '_' => "underscore ",
            ' ' => "space ",
            ':' => "colon ",
            '@' => "at ",
            '#' => "hash ",
            _ => "symbol ",
        })
        .collect::<String>()
        .into()
}

/// Methods of std traits that clippy's `should_implement_trait` expects a method of this
/// name to implement.
const TRAIT_METHODS: &[&str] = &[
    "add",
    "as_mut",
    "as_ref",
    "bitand",
    "bitor",
    "bitxor",
    "borrow",
    "borrow_mut",
    "clone",
    "cmp",
    "default",
    "deref",
    "deref_mut",
    "div",
    "drop",
    "eq",
    "from_iter",
    "from_str",
    "hash",
    "index",
    "index_mut",
    "into_iter",
    "mul",
    "neg",
    "next",
    "not",
    "rem",
    "shl",
    "shr",
    "sub",
];

/// Lints a method named after the spec trips only because of its name (`new` that does not
/// return `Self`, `add` that is not `Add::add`): allowed on that method, since the name is
/// the API's.
pub fn method_name_allows(method: &str) -> proc_macro2::TokenStream {
    if method == "new" {
        quote::quote!(#[allow(clippy::new_ret_no_self)])
    } else if TRAIT_METHODS.contains(&method) {
        quote::quote!(#[allow(clippy::should_implement_trait)])
    } else {
        proc_macro2::TokenStream::new()
    }
}

/// The variant of every model enum and union that keeps values this SDK does not know.
pub const CATCH_ALL: &str = "Unknown";

#[cfg(test)]
mod tests {
    use super::*;

    /// The shortcuts for names already in case agree with heck on every string of up to
    /// five characters drawn from letters of both cases, a digit, `_`, `-` and `/`.
    #[test]
    fn names_already_in_case_are_spelled_as_heck_spells_them() {
        let alphabet = ['a', 'b', 'A', 'B', '1', '_', '-', '/'];
        let mut words = vec![String::new()];
        let mut checked = 0;
        for _ in 0..5 {
            words = words
                .iter()
                .flat_map(|w| alphabet.iter().map(move |c| format!("{w}{c}")))
                .collect();
            for word in &words {
                if is_snake_case(word) {
                    assert_eq!(spell_symbols(word).to_snake_case(), *word, "snake: {word}");
                    checked += 1;
                }
                let mut camel = String::new();
                push_upper_camel(word, &mut camel);
                assert_eq!(camel, word.to_upper_camel_case(), "camel: {word}");
                if is_upper_camel_case(word) {
                    assert_eq!(
                        spell_symbols(word).to_upper_camel_case(),
                        *word,
                        "camel: {word}"
                    );
                    checked += 1;
                }
            }
        }
        // Both shortcuts were taken, and not only on trivial words.
        assert!(checked > 1000, "{checked}");
        assert!(is_snake_case("acs_user_id") && !is_snake_case("acsUserId"));
        assert!(is_upper_camel_case("AcsUser") && !is_upper_camel_case("ACSUser"));
        assert!(!is_upper_camel_case("A1B"), "heck spells it A1b");
    }

    #[test]
    fn keywords_become_raw_or_suffixed() {
        assert_eq!(snake_ident("type").to_string(), "r#type");
        assert_eq!(snake_ident("self").to_string(), "self_");
        assert_eq!(unraw(&snake_ident("type")), "type");
        // The shortcut for names that cannot be keywords lets none through.
        for keyword in KEYWORDS.iter().chain(NOT_RAW) {
            assert_ne!(ident_text(keyword), *keyword, "{keyword}");
        }
    }

    #[test]
    fn digits_and_symbols_get_readable_names() {
        assert_eq!(variant_name("1"), "V1");
        assert_eq!(variant_name("-"), "Minus");
        assert_eq!(variant_name(""), "Empty");
        assert_eq!(variant_name("mobile_key"), "MobileKey");
        assert_eq!(snake_name("2fa_enabled"), "_2fa_enabled");
        assert_eq!(snake_name("camelCase"), "camel_case");
    }
}
