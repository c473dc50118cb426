//! Rust spellings of spec names: identifiers that are keywords, start with digits or are
//! made of punctuation get stable, readable forms here and nowhere else. (Which of them
//! must differ from which is [`super::scope`]'s.)

use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span};

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
    let mut s = spell_symbols(name).to_snake_case();
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
    let mut s = spell_symbols(value).to_upper_camel_case();
    if s.is_empty() {
        s = "Empty".to_string();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, 'V');
    }
    s
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
    if NOT_RAW.contains(&name) {
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

/// Values made only of symbols (`-`, `+`, `.`, ...) would vanish in case conversion.
fn spell_symbols(value: &str) -> String {
    if value.chars().any(|c| c.is_alphanumeric()) {
        return value.to_string();
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
        .collect()
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

    #[test]
    fn keywords_become_raw_or_suffixed() {
        assert_eq!(snake_ident("type").to_string(), "r#type");
        assert_eq!(snake_ident("self").to_string(), "self_");
        assert_eq!(unraw(&snake_ident("type")), "type");
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
