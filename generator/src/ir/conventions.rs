//! Every Seam convention the analysis relies on, and nothing else: pointing the generator
//! at an API with other conventions means reading, and editing, this one file. No other
//! module of [`crate::ir`] spells one of these names (a test below keeps it so).
//!
//! What Seam's document says beyond plain OpenAPI:
//!
//! - **Which method is sent.** A path often offers the same call twice (`GET` and `POST`
//!   `/acs/credentials/list`, `PATCH` and `POST` `/acs/credentials/update`); the SDK sends
//!   one, preferring PUT > PATCH > GET > DELETE > POST ([`METHOD_PREFERENCE`]), and takes
//!   the parameters from the POST operation when there is one ([`PARAMETERS_FROM`]): its
//!   body declares them, where the GET twin often declares none.
//! - **Where the extensions of twins are.** Older documents name only one operation of a
//!   path and mark the others `x-fern-ignore`, so an operation extension is looked up on
//!   the operation sent, then on the POST twin, then on the others ([`extension`]).
//! - **SDK names.** `x-fern-sdk-group-name` (a string or a list of strings:
//!   `["acs", "credentials"]`) and `x-fern-sdk-method-name` name the group and method
//!   ([`GROUP_NAME`], [`METHOD_NAME`]); without them both come from the path.
//! - **The envelope.** Every success response is an object with `"ok": true` ([`OK`])
//!   beside the payload; `x-response-key` names the payload's property ([`RESPONSE_KEY`];
//!   `null`: none is promised), and older documents say `x-fern-sdk-return-value`
//!   ([`RETURN_VALUE`]) instead.
//! - **Pagination.** A list request takes `page_cursor` ([`CURSOR_PARAM`]); its envelope
//!   has a pagination object, found by its `next_page_cursor` property
//!   ([`NEXT_PAGE_CURSOR`]), whatever that object's key (`pagination` in Seam's document).
//!   The runtime (`runtime/src/runtime/pagination.rs`, `response.rs`) reads
//!   `next_page_cursor` and `has_next_page` from it when it walks the pages.
//! - **Docs and lifecycle.** `x-title` titles an operation ([`TITLE`]); `x-deprecated`,
//!   `x-undocumented` and `x-draft` mark operations, schemas and properties, with `true`
//!   or a note ([`DEPRECATED`], [`UNDOCUMENTED`], [`DRAFT`]). Undocumented endpoints go
//!   behind the generated crate's `unstable` feature.
//! - **Checked formats.** The API checks the string formats `uuid`, `date-time`,
//!   `date`, `time`, `email` and `uri` ([`CHECKED_FORMATS`]); the mock's request checks do
//!   the same. Other formats (`float`, `int64`, `password`) only describe values.
//! - **The client's own methods.** `Seam::new`, `from_env`, `builder`, `call` (and
//!   `clone`, `fmt` from its derives) cannot be endpoint or group names at the top level
//!   ([`CLIENT_METHODS`]).

use super::{Format, HttpMethod};
use openapiv3::{Operation, PathItem};

/// The operation extension naming an endpoint's SDK group.
pub const GROUP_NAME: &str = "x-fern-sdk-group-name";
/// The operation extension naming an endpoint's SDK method.
pub const METHOD_NAME: &str = "x-fern-sdk-method-name";
/// The older operation extension naming the envelope property that holds the payload.
pub const RETURN_VALUE: &str = "x-fern-sdk-return-value";
/// The operation extension naming the envelope property that holds the payload; `null`
/// when the response promises none.
pub const RESPONSE_KEY: &str = "x-response-key";
/// The envelope's success flag, a property beside the payload that is never the payload.
pub const OK: &str = "ok";
/// The request parameter that asks for a page after the first.
pub const CURSOR_PARAM: &str = "page_cursor";
/// The property that marks an envelope's pagination object: the next page's cursor.
pub const NEXT_PAGE_CURSOR: &str = "next_page_cursor";
/// The operation extension giving an endpoint's title.
pub const TITLE: &str = "x-title";
/// The extension marking something deprecated (`true` or a note).
pub const DEPRECATED: &str = "x-deprecated";
/// The extension marking something as not part of the documented API (`true` or a note).
pub const UNDOCUMENTED: &str = "x-undocumented";
/// The extension marking something as a draft (`true` or a note).
pub const DRAFT: &str = "x-draft";

/// The string formats the API checks, by their name in the spec.
pub const CHECKED_FORMATS: &[(&str, Format)] = &[
    ("uuid", Format::Uuid),
    ("date-time", Format::DateTime),
    ("date", Format::Date),
    ("time", Format::Time),
    ("email", Format::Email),
    ("uri", Format::Uri),
];

/// The checked format named `name` in the spec, if the API checks it.
pub fn checked_format(name: &str) -> Option<Format> {
    CHECKED_FORMATS
        .iter()
        .find(|(spelled, _)| *spelled == name)
        .map(|(_, format)| *format)
}

/// The methods a path may offer, the one the SDK sends first.
pub const METHOD_PREFERENCE: [HttpMethod; 5] = [
    HttpMethod::Put,
    HttpMethod::Patch,
    HttpMethod::Get,
    HttpMethod::Delete,
    HttpMethod::Post,
];

/// The method whose operation declares the parameters, when the path offers it.
pub const PARAMETERS_FROM: HttpMethod = HttpMethod::Post;

/// Methods the client type `Seam` has itself (from the runtime, and `Clone`/`Debug`),
/// which a top-level endpoint or group accessor must not shadow.
pub const CLIENT_METHODS: &[&str] = &["new", "from_env", "builder", "call", "clone", "fmt"];

/// The operations a path item offers, in [`METHOD_PREFERENCE`] order: the first is the
/// one the SDK sends.
pub fn offered(item: &PathItem) -> Vec<(HttpMethod, &Operation)> {
    METHOD_PREFERENCE
        .iter()
        .filter_map(|&method| {
            let operation = match method {
                HttpMethod::Put => &item.put,
                HttpMethod::Patch => &item.patch,
                HttpMethod::Get => &item.get,
                HttpMethod::Delete => &item.delete,
                HttpMethod::Post => &item.post,
            };
            operation.as_ref().map(|op| (method, op))
        })
        .collect()
}

/// The operation whose parameters the request carries: the [`PARAMETERS_FROM`] one when
/// the path offers it, else the one sent.
pub fn parameters_operation<'o>(
    sent: (HttpMethod, &'o Operation),
    offered: &[(HttpMethod, &'o Operation)],
) -> (HttpMethod, &'o Operation) {
    offered
        .iter()
        .find(|(m, _)| *m == PARAMETERS_FROM)
        .copied()
        .unwrap_or(sent)
}

/// An `x-*` extension of the operation `sent`, or else of another operation of the same
/// path ([`PARAMETERS_FROM`] first), with the method of the operation it was found on.
pub fn extension<'o>(
    sent: &'o Operation,
    offered: &[(HttpMethod, &'o Operation)],
    key: &str,
) -> Option<(&'o serde_json::Value, HttpMethod)> {
    let chosen = offered
        .iter()
        .find(|(_, op)| std::ptr::eq(*op, sent))
        .map(|(m, _)| *m);
    let others = offered
        .iter()
        .filter(|(m, _)| *m == PARAMETERS_FROM)
        .chain(offered.iter().filter(|(m, _)| *m != PARAMETERS_FROM));
    chosen
        .map(|m| (m, sent))
        .into_iter()
        .chain(others.map(|(m, op)| (*m, *op)))
        .find_map(|(m, op)| op.extensions.get(key).map(|v| (v, m)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn path_item(value: serde_json::Value) -> PathItem {
        serde_json::from_value(value).expect("a path item")
    }

    fn operation(extensions: serde_json::Value) -> serde_json::Value {
        let mut op = json!({ "responses": {} });
        op.as_object_mut()
            .unwrap()
            .extend(extensions.as_object().unwrap().clone());
        op
    }

    #[test]
    fn the_method_sent_is_put_then_patch_get_delete_post() {
        let all = path_item(json!({
            "post": operation(json!({})), "delete": operation(json!({})),
            "get": operation(json!({})), "patch": operation(json!({})),
            "put": operation(json!({})),
        }));
        let methods: Vec<HttpMethod> = offered(&all).into_iter().map(|(m, _)| m).collect();
        use HttpMethod::*;
        assert_eq!(methods, [Put, Patch, Get, Delete, Post]);

        let twins = path_item(json!({ "post": operation(json!({})), "get": operation(json!({})) }));
        assert_eq!(offered(&twins)[0].0, Get);
        let twins =
            path_item(json!({ "post": operation(json!({})), "patch": operation(json!({})) }));
        assert_eq!(offered(&twins)[0].0, Patch);
        let only_post = path_item(json!({ "post": operation(json!({})) }));
        assert_eq!(offered(&only_post)[0].0, Post);
        assert!(offered(&path_item(json!({}))).is_empty());
    }

    #[test]
    fn parameters_come_from_the_post_twin_else_from_the_operation_sent() {
        let twins = path_item(json!({ "post": operation(json!({})), "get": operation(json!({})) }));
        let offered = offered(&twins);
        let (method, op) = parameters_operation(offered[0], &offered);
        assert_eq!(method, HttpMethod::Post);
        assert!(std::ptr::eq(op, twins.post.as_ref().unwrap()));

        let get_only = path_item(json!({ "get": operation(json!({})) }));
        let offered = super::offered(&get_only);
        assert_eq!(
            parameters_operation(offered[0], &offered).0,
            HttpMethod::Get
        );
    }

    #[test]
    fn extensions_are_read_from_the_operation_sent_then_the_post_twin_then_the_rest() {
        let item = path_item(json!({
            "get": operation(json!({ "x-fern-sdk-method-name": "from_get" })),
            "post": operation(json!({
                "x-fern-sdk-method-name": "from_post",
                "x-fern-sdk-group-name": "from_post",
            })),
            "delete": operation(json!({
                "x-fern-sdk-group-name": "from_delete",
                "x-response-key": "from_delete",
            })),
        }));
        let offered = offered(&item);
        let sent = offered[0].1;
        assert_eq!(offered[0].0, HttpMethod::Get);
        assert_eq!(
            extension(sent, &offered, "x-fern-sdk-method-name"),
            Some((&json!("from_get"), HttpMethod::Get))
        );
        assert_eq!(
            extension(sent, &offered, "x-fern-sdk-group-name"),
            Some((&json!("from_post"), HttpMethod::Post))
        );
        assert_eq!(
            extension(sent, &offered, "x-response-key"),
            Some((&json!("from_delete"), HttpMethod::Delete))
        );
        assert_eq!(extension(sent, &offered, "x-title"), None);
    }

    #[test]
    fn the_constants_are_seams_names() {
        assert_eq!(GROUP_NAME, "x-fern-sdk-group-name");
        assert_eq!(METHOD_NAME, "x-fern-sdk-method-name");
        assert_eq!(RETURN_VALUE, "x-fern-sdk-return-value");
        assert_eq!(RESPONSE_KEY, "x-response-key");
        assert_eq!(OK, "ok");
        assert_eq!(CURSOR_PARAM, "page_cursor");
        assert_eq!(NEXT_PAGE_CURSOR, "next_page_cursor");
        assert_eq!(
            [TITLE, DEPRECATED, UNDOCUMENTED, DRAFT],
            ["x-title", "x-deprecated", "x-undocumented", "x-draft"]
        );
        assert!(CLIENT_METHODS.contains(&"from_env"));
    }

    /// What code that spells one of this module's names contains: the name itself, or,
    /// for a short common word (`ok`), the name in quotes.
    fn convention_patterns() -> Vec<String> {
        let names = [
            GROUP_NAME,
            METHOD_NAME,
            RETURN_VALUE,
            RESPONSE_KEY,
            OK,
            CURSOR_PARAM,
            NEXT_PAGE_CURSOR,
            TITLE,
            DEPRECATED,
            UNDOCUMENTED,
            DRAFT,
        ];
        // The client's method names are common words (`new`, `call`); the distinctive one
        // stands for the list.
        names
            .iter()
            .chain(std::iter::once(&"from_env"))
            .map(|name| {
                if name.len() <= 3 {
                    format!("{name:?}")
                } else {
                    name.to_string()
                }
            })
            .collect()
    }

    /// Code lines of a source file: comments (and doc comments) left out.
    fn code_lines(source: &str) -> impl Iterator<Item = (usize, &str)> {
        source
            .lines()
            .enumerate()
            .filter(|(_, line)| !line.trim_start().starts_with("//"))
            .map(|(i, line)| (i + 1, line))
    }

    #[test]
    fn no_other_analysis_module_spells_a_convention() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ir");
        let patterns = convention_patterns();
        let mut sources = 0;
        let mut found = Vec::new();
        for entry in std::fs::read_dir(&dir).expect("src/ir is readable") {
            let path = entry.expect("a directory entry").path();
            let file = path.file_name().unwrap().to_string_lossy().into_owned();
            if file == "conventions.rs" || !file.ends_with(".rs") {
                continue;
            }
            sources += 1;
            let source = std::fs::read_to_string(&path).expect("a source file");
            for (line_number, line) in code_lines(&source) {
                for pattern in &patterns {
                    if line.contains(pattern.as_str()) {
                        found.push(format!("{file}:{line_number}: {pattern}"));
                    }
                }
                // The method preference: only this module picks a method by its name
                // (`mod.rs` defines `HttpMethod` and spells its variants).
                if file != "mod.rs" && line.contains("HttpMethod::") {
                    found.push(format!("{file}:{line_number}: HttpMethod::"));
                }
            }
        }
        assert!(sources >= 10, "only {sources} sources found in {dir:?}");
        assert!(
            found.is_empty(),
            "Seam conventions outside ir/conventions.rs:\n{}",
            found.join("\n")
        );
    }

    #[test]
    fn the_check_sees_code_and_skips_comments() {
        let source = "// `x-response-key` in a comment\n\
                      /// \"ok\" in a doc comment\n\
                      let key = \"x-response-key\";\n\
                      warn(\"expected `x-response-key`\");\n\
                      let token = \"tokens\"; let flag = \"ok\";\n";
        let patterns = convention_patterns();
        let hits: Vec<usize> = code_lines(source)
            .filter(|(_, line)| patterns.iter().any(|p| line.contains(p.as_str())))
            .map(|(n, _)| n)
            .collect();
        assert_eq!(hits, [3, 4, 5]);
        assert!(!code_lines("let token = \"tokens\";")
            .any(|(_, line)| patterns.iter().any(|p| line.contains(p.as_str()))));
    }
}
