//! The test support of the generated crate (its `testing` feature): `src/testing/mod.rs`
//! (the runtime's mock client re-exported, see [`super::mock`] for the mock handles),
//! `requests.rs` (per endpoint, a static description of the request the API accepts, as
//! the runtime's `validate` types, and `validate_request`) and `fixtures.rs` (a
//! `fixture()` of each model, from [`crate::ir::examples`]).
//!
//! The request tables are data, not code: one `static` per request and per named type a
//! request reaches (structs, enums, unions), fields as one line each; primitives are the
//! runtime's constants (`Shape::UUID`) or an inline `StringShape`/`NumberShape`.

use super::{format, inner_docs, Emitter};
use crate::ir::{
    Bound, Constraints, Field, Format, Home, Response, Struct, TypeKind, TypeRef, VariantShape,
};
use crate::symbols::scope::Scope;
use crate::symbols::spelling::snake_name;
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote, ToTokens};
use std::collections::BTreeMap;

/// The files of `src/testing/`.
#[derive(Debug, Clone, Copy)]
pub(super) enum File {
    Mod,
    Requests,
    Fixtures,
}

impl File {
    pub(super) const ALL: [File; 3] = [File::Mod, File::Requests, File::Fixtures];
}

impl Emitter<'_> {
    /// One file of `src/testing/`: its path and text.
    pub(super) fn testing_file(&self, file: File) -> (String, String) {
        match file {
            File::Mod => self.testing_mod(),
            File::Requests => self.requests_file(),
            File::Fixtures => self.fixtures_file(),
        }
    }

    fn testing_mod(&self) -> (String, String) {
        let lib = self.options.crate_name.replace('-', "_");
        let mut lines: Vec<String> = mock_docs(&lib).lines().map(str::to_string).collect();
        lines.extend([
            String::new(),
            "## Requests checked, models without JSON".to_string(),
            String::new(),
            "[`validate_request`] checks a request's parameters, as JSON, against what the spec"
                .to_string(),
            "says its endpoint accepts (required parameters, one-of groups, types, `null`, enum"
                .to_string(),
            "values, formats, patterns, limits), and gives the `invalid_input` body Seam answers"
                .to_string(),
            "a bad request with:".to_string(),
        ]);
        if let Some(example) = self.validation_example(&lib) {
            lines.extend(example);
        }
        lines.extend([
            String::new(),
            "Every model has a `fixture()`: a value with every required field set to a plausible"
                .to_string(),
            "value (UUIDs, timestamps and enum values well formed), optional fields `None`; set"
                .to_string(),
            "the fields a test cares about on it.".to_string(),
        ]);
        if let Some(example) = self.fixture_example(&lib) {
            lines.extend(example);
        }
        let docs = inner_docs(lines.iter().map(String::as_str));
        let tokens = quote! {
            #docs

            pub use crate::runtime::mock::*;

            mod fixtures;
            mod requests;

            pub use requests::{check_request, request_shape, validate_request};
        };
        let path = "src/testing/mod.rs".to_string();
        let text = format::file(&path, &self.header(), tokens);
        (path, text)
    }

    /// A doc example calling `validate_request` on the first endpoint with a required
    /// parameter, sending nothing.
    fn validation_example(&self, lib: &str) -> Option<Vec<String>> {
        let (endpoint, field) = self.api.endpoints.iter().find_map(|e| {
            let TypeKind::Struct(s) = &self.api.types.get(&e.request)?.kind else {
                return None;
            };
            s.fields.iter().find(|f| f.required).map(|f| (e, f))
        })?;
        Some(vec![
            String::new(),
            "```".to_string(),
            format!("use {lib}::{{Endpoint, HttpMethod}};"),
            String::new(),
            format!(
                "let endpoint = Endpoint {{ method: HttpMethod::{}, path: {:?} }};",
                method_variant(endpoint.method),
                endpoint.path
            ),
            format!("let body = {lib}::testing::validate_request(&endpoint, &serde_json::json!({{}}))"),
            "    .expect_err(\"a required parameter is missing\");".to_string(),
            "assert_eq!(body[\"error\"][\"type\"], \"invalid_input\");".to_string(),
            format!(
                "assert_eq!(body[\"error\"][\"validation_errors\"][{:?}][\"_errors\"][0], \"Required\");",
                field.name
            ),
            "```".to_string(),
        ])
    }

    /// A doc example taking the fixture of the first endpoint's payload model and setting
    /// a string field of it.
    fn fixture_example(&self, lib: &str) -> Option<Vec<String>> {
        let model = self.api.endpoints.iter().find_map(|e| {
            let ty = match &e.response {
                Response::Payload { ty, .. } => ty,
                Response::Page { item, .. } => item,
                Response::Empty => return None,
            };
            let name = ty.non_null().named()?;
            let def = self.api.types.get(name)?;
            matches!(def.kind, TypeKind::Struct(_)).then_some(def)
        })?;
        let TypeKind::Struct(s) = &model.kind else {
            return None;
        };
        let symbols = self.symbols.type_named(&model.name);
        let (index, field) = s
            .fields
            .iter()
            .enumerate()
            .find(|(_, f)| f.required && f.ty == TypeRef::String)?;
        let rust_field = &symbols.fields.get(index)?.name;
        Some(vec![
            String::new(),
            "```".to_string(),
            format!("use {lib}::models::{};", symbols.name),
            String::new(),
            format!("let mut model = {}::fixture();", symbols.name),
            format!("assert!(!model.{rust_field}.is_empty());"),
            format!("model.{rust_field} = \"mine\".into();"),
            format!(
                "assert_eq!(serde_json::to_value(&model).unwrap()[{:?}], \"mine\");",
                field.name
            ),
            "```".to_string(),
        ])
    }

    fn requests_file(&self) -> (String, String) {
        let tables = RequestTables::of(self.api);
        let statics = tables.statics.values();
        let arms = self.api.endpoints.iter().map(|e| {
            let path = &e.path;
            let name = format_ident!("{}", tables.names[&e.request]);
            quote!(#path => Some(&#name),)
        });
        let docs = inner_docs([
            "What each endpoint's request may be, as the spec says (see the runtime's `validate`).",
        ]);
        let result = self.std_item("Result");
        let option = self.std_item("Option");
        let tokens = quote! {
            #docs

            use crate::runtime::validate::{
                ArrayShape, Bound, Field, Format, InvalidInput, NumberShape, ObjectShape, Selector,
                Shape, StringShape, TaggedShape,
            };
            use crate::Endpoint;
            use serde_json::Value;

            /// Checks a request's parameters against what the spec says `endpoint` accepts:
            /// its JSON body, or its query parameters as a JSON object (see
            /// [`ObjectShape::query_value`]). `Err` is the `invalid_input` error body Seam
            /// answers with (HTTP 400), naming each bad parameter. An endpoint this crate
            /// does not include is not checked.
            pub fn validate_request(endpoint: &Endpoint, request: &Value) -> #result<(), Value> {
                check_request(endpoint, request).map_err(|invalid| invalid.to_body(None))
            }

            /// [`validate_request`], with the issues as a value rather than a body.
            pub fn check_request(endpoint: &Endpoint, request: &Value) -> #result<(), InvalidInput> {
                match request_shape(endpoint) {
                    Some(shape) => shape.check(request),
                    None => Ok(()),
                }
            }

            /// What `endpoint`'s request may be, by its path; `None` for an endpoint this
            /// crate does not include.
            pub fn request_shape(endpoint: &Endpoint) -> #option<&'static ObjectShape> {
                match endpoint.path {
                    #(#arms)*
                    _ => None,
                }
            }

            #(#statics)*
        };
        // Imports a crate without some kind of shape does not use.
        let text = format::file("src/testing/requests.rs", &self.header(), tokens);
        let text = prune_unused_imports(&text);
        ("src/testing/requests.rs".to_string(), text)
    }

    fn fixtures_file(&self) -> (String, String) {
        let models: Vec<&crate::ir::TypeDef> = self
            .api
            .types
            .values()
            .filter(|t| {
                matches!(t.home, Home::Model { .. }) && matches!(t.kind, TypeKind::Struct(_))
            })
            .collect();
        // Each model's name and example, as the `impl` and the round-trip test both use them.
        let examples: Vec<_> = models
            .iter()
            .map(|def| {
                let name = &self.symbols.type_named(&def.name).name;
                let example = crate::ir::examples::example(self.api, &def.name).to_string();
                (name, raw_string(&example))
            })
            .collect();
        let impls = examples.iter().map(|(name, json)| {
            let doc = super::docs::str_literal(&format!(
                " An example `{name}`: every required field set to a plausible value, every optional one `None`."
            ));
            let name = name.ident();
            quote! {
                impl crate::models::#name {
                    #[doc = #doc]
                    pub fn fixture() -> Self {
                        fixture(#json)
                    }
                }
            }
        });
        let checks = examples.iter().map(|(name, json)| {
            let name = name.ident();
            quote!(round_trips(&mut failed, &crate::models::#name::fixture(), #json);)
        });
        let docs = inner_docs(["The `fixture()` of each model (feature `testing`)."]);
        if models.is_empty() {
            let path = "src/testing/fixtures.rs".to_string();
            let text = format::file(&path, &self.header(), quote!(#docs));
            return (path, text);
        }
        let tokens = quote! {
            #docs
            #![allow(deprecated)]

            /// Decodes a fixture written by the generator.
            fn fixture<T: serde::de::DeserializeOwned>(json: &str) -> T {
                match serde_json::from_str(json) {
                    Ok(value) => value,
                    Err(error) => panic!("generator bug: a fixture does not decode ({error}): {json}"),
                }
            }

            #(#impls)*

            #[cfg(test)]
            mod tests {
                /// Every fixture decodes, and encodes back to the JSON it came from: every
                /// value it states is one the model keeps.
                #[test]
                fn every_fixture_round_trips() {
                    let mut failed = Vec::new();
                    #(#checks)*
                    assert!(failed.is_empty(), "{}", failed.join("\n"));
                }

                fn round_trips<T: serde::Serialize>(failed: &mut Vec<String>, model: &T, json: &str) {
                    let expected: serde_json::Value = serde_json::from_str(json).unwrap();
                    let actual = serde_json::to_value(model).unwrap();
                    if actual != expected {
                        failed.push(format!("{json} became {actual}"));
                    }
                }
            }
        };
        let path = "src/testing/fixtures.rs".to_string();
        let text = format::file(&path, &self.header(), tokens);
        (path, text)
    }
}

/// `text` as a raw string literal, `r#"..."#`, with as many `#` as it needs.
fn raw_string(text: &str) -> TokenStream {
    let mut hashes = String::from("#");
    while text.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    format!("r{hashes}\"{text}\"{hashes}")
        .parse()
        .unwrap_or_else(|_| Literal::string(text).into_token_stream())
}

fn method_variant(method: crate::ir::HttpMethod) -> &'static str {
    match method {
        crate::ir::HttpMethod::Get => "Get",
        crate::ir::HttpMethod::Post => "Post",
        crate::ir::HttpMethod::Put => "Put",
        crate::ir::HttpMethod::Patch => "Patch",
        crate::ir::HttpMethod::Delete => "Delete",
    }
}

/// Drops the names of `use crate::runtime::validate::{..}` that the file does not use
/// elsewhere (a crate without enums has no `Selector`, ...).
fn prune_unused_imports(text: &str) -> String {
    let Some(start) = text.find("use crate::runtime::validate::{") else {
        return text.to_string();
    };
    let Some(len) = text[start..].find("};") else {
        return text.to_string();
    };
    let end = start + len + 2;
    let inner = &text[start + "use crate::runtime::validate::{".len()..end - 2];
    let rest = format!("{}{}", &text[..start], &text[end..]);
    let used: Vec<&str> = inner
        .split(',')
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .filter(|name| {
            rest.match_indices(name).any(|(i, _)| {
                let before = rest[..i].chars().next_back();
                let after = rest[i + name.len()..].chars().next();
                !before.is_some_and(|c| c.is_alphanumeric() || c == '_')
                    && !after.is_some_and(|c| c.is_alphanumeric() || c == '_')
            })
        })
        .collect();
    let import = match used.as_slice() {
        [] => String::new(),
        [one] => format!("use crate::runtime::validate::{one};"),
        many => format!("use crate::runtime::validate::{{{}}};", many.join(", ")),
    };
    format!("{}{import}{}", &text[..start], &text[end..])
}

/// The statics of the request tables, by IR type name.
struct RequestTables<'a> {
    api: &'a crate::ir::Api,
    /// IR type name -> the static's name.
    names: BTreeMap<String, String>,
    /// IR type name -> its static, in the order reached.
    statics: BTreeMap<String, TokenStream>,
    scope: Scope,
}

impl<'a> RequestTables<'a> {
    fn of(api: &'a crate::ir::Api) -> Self {
        let mut tables = RequestTables {
            api,
            names: BTreeMap::new(),
            statics: BTreeMap::new(),
            scope: Scope::default(),
        };
        for endpoint in &api.endpoints {
            tables.named(&endpoint.request);
        }
        tables
    }

    /// The static of the named type `name` (defined the first time), for a struct, enum
    /// or union; `None` for an alias, which is spelled in place.
    fn named(&mut self, name: &str) -> Option<proc_macro2::Ident> {
        if let Some(existing) = self.names.get(name) {
            return Some(format_ident!("{existing}"));
        }
        let def = self.api.types.get(name)?;
        if matches!(def.kind, TypeKind::Alias(_)) {
            return None;
        }
        let static_name = self.scope.claim(&snake_name(name).to_uppercase());
        self.names.insert(name.to_string(), static_name.clone());
        let ident = format_ident!("{static_name}");
        let item = match &def.kind {
            TypeKind::Struct(s) => {
                let object = self.object(s);
                quote!(static #ident: ObjectShape = #object;)
            }
            TypeKind::StringEnum { values } => {
                let values = values.iter().map(|v| &v.value);
                quote!(static #ident: &[&str] = &[#(#values),*];)
            }
            TypeKind::TaggedUnion { tag, variants } => {
                let variants: Vec<TokenStream> = variants
                    .iter()
                    .map(|v| {
                        let value = &v.tag_value;
                        match self.named(&v.ty) {
                            Some(object) => quote!((#value, &#object)),
                            None => quote!((#value, &ObjectShape { fields: &[], selector: None })),
                        }
                    })
                    .collect();
                quote!(static #ident: TaggedShape = TaggedShape { tag: #tag, variants: &[#(#variants),*] };)
            }
            TypeKind::Union { variants } => {
                let shapes: Vec<TokenStream> = variants
                    .iter()
                    .map(|v| match &v.shape {
                        VariantShape::Type(ty) => self.shape(ty, &Constraints::default()),
                        VariantShape::Fields(fields) => {
                            let fields = self.fields(fields);
                            quote!(Shape::Object(&ObjectShape { fields: &[#(#fields),*], selector: None }))
                        }
                    })
                    .collect();
                let count = shapes.len();
                quote!(static #ident: [Shape; #count] = [#(#shapes),*];)
            }
            TypeKind::Alias(_) => return None,
        };
        self.statics.insert(name.to_string(), item);
        Some(ident)
    }

    fn object(&mut self, s: &Struct) -> TokenStream {
        let fields = self.fields(&s.fields);
        let selector = match &s.one_of {
            Some(one_of) => {
                let choices: Vec<TokenStream> =
                    match self.api.types.get(&one_of.ty).map(|t| &t.kind) {
                        Some(TypeKind::Union { variants }) => variants
                            .iter()
                            .map(|v| match &v.shape {
                                VariantShape::Fields(fields) => {
                                    let fields = self.fields(fields);
                                    quote!(&[#(#fields),*])
                                }
                                VariantShape::Type(_) => quote!(&[]),
                            })
                            .collect(),
                        _ => Vec::new(),
                    };
                let required = !one_of.optional;
                quote!(Some(&Selector { required: #required, choices: &[#(#choices),*] }))
            }
            None => quote!(None),
        };
        quote!(ObjectShape { fields: &[#(#fields),*], selector: #selector })
    }

    fn fields(&mut self, fields: &[Field]) -> Vec<TokenStream> {
        fields
            .iter()
            .map(|f| {
                let name = &f.name;
                let shape = self.shape(&f.ty, &f.constraints);
                if f.required {
                    quote!(Field::required(#name, #shape))
                } else {
                    quote!(Field::optional(#name, #shape))
                }
            })
            .collect()
    }

    /// The `Shape` of a value of `ty` with `constraints`.
    fn shape(&mut self, ty: &TypeRef, constraints: &Constraints) -> TokenStream {
        match ty {
            TypeRef::String => string_shape(constraints),
            TypeRef::Timestamp => quote!(Shape::DATE_TIME),
            TypeRef::Integer => number_shape("Integer", "INTEGER", constraints),
            TypeRef::Number => number_shape("Number", "NUMBER", constraints),
            TypeRef::Boolean => quote!(Shape::Boolean),
            TypeRef::Json => quote!(Shape::Any),
            TypeRef::Array(item) => {
                let items = self.shape(
                    item,
                    constraints
                        .items
                        .as_deref()
                        .unwrap_or(&Constraints::default()),
                );
                match (constraints.min_items, constraints.max_items) {
                    (None, None) => quote!(Shape::Array(&ArrayShape::of(#items))),
                    (min, max) => {
                        let min = option_u64(min);
                        let max = option_u64(max);
                        quote!(Shape::Array(&ArrayShape { items: #items, min_items: #min, max_items: #max }))
                    }
                }
            }
            TypeRef::Map(value) => {
                let value = self.shape(value, &Constraints::default());
                quote!(Shape::Map(&#value))
            }
            TypeRef::Nullable(inner) => {
                let inner = self.shape(inner, constraints);
                quote!(Shape::Nullable(&#inner))
            }
            TypeRef::Named(name) => {
                let Some(def) = self.api.types.get(name) else {
                    return quote!(Shape::Any);
                };
                match &def.kind {
                    TypeKind::Alias(target) => {
                        let own = if constraints.is_empty() {
                            def.constraints.clone()
                        } else {
                            constraints.clone()
                        };
                        self.shape(target, &own)
                    }
                    kind => {
                        let kind = match kind {
                            TypeKind::Struct(_) => quote!(Object),
                            TypeKind::StringEnum { .. } => quote!(Enum),
                            TypeKind::TaggedUnion { .. } => quote!(Tagged),
                            _ => quote!(AnyOf),
                        };
                        let ident = self.named(name);
                        match (ident, kind.to_string().as_str()) {
                            (Some(ident), "Enum") => quote!(Shape::Enum(#ident)),
                            (Some(ident), _) => quote!(Shape::#kind(&#ident)),
                            (None, _) => quote!(Shape::Any),
                        }
                    }
                }
            }
        }
    }
}

fn option_u64(n: Option<u64>) -> TokenStream {
    match n {
        Some(n) => {
            let n = Literal::u64_unsuffixed(n);
            quote!(Some(#n))
        }
        None => quote!(None),
    }
}

fn string_shape(c: &Constraints) -> TokenStream {
    let plain = c.pattern.is_none() && c.min_length.is_none() && c.max_length.is_none();
    match (c.format, plain) {
        (None, true) => return quote!(Shape::STRING),
        (Some(Format::Uuid), true) => return quote!(Shape::UUID),
        (Some(Format::DateTime), true) => return quote!(Shape::DATE_TIME),
        _ => {}
    }
    let mut parts = Vec::new();
    if let Some(format) = c.format {
        let format = format_ident!("{}", format_variant(format));
        parts.push(quote!(format: Some(Format::#format)));
    }
    if let Some(pattern) = &c.pattern {
        parts.push(quote!(pattern: Some(#pattern)));
    }
    if let Some(min) = c.min_length {
        let min = Literal::u64_unsuffixed(min);
        parts.push(quote!(min_length: Some(#min)));
    }
    if let Some(max) = c.max_length {
        let max = Literal::u64_unsuffixed(max);
        parts.push(quote!(max_length: Some(#max)));
    }
    quote!(Shape::String(&StringShape { #(#parts,)* ..StringShape::ANY }))
}

fn format_variant(format: Format) -> &'static str {
    match format {
        Format::Uuid => "Uuid",
        Format::DateTime => "DateTime",
        Format::Date => "Date",
        Format::Time => "Time",
        Format::Email => "Email",
        Format::Uri => "Uri",
    }
}

fn number_shape(variant: &str, constant: &str, c: &Constraints) -> TokenStream {
    if c.minimum.is_none() && c.maximum.is_none() {
        let constant = format_ident!("{constant}");
        return quote!(Shape::#constant);
    }
    let variant = format_ident!("{variant}");
    let bound = |b: Option<Bound>| match b {
        Some(Bound { value, exclusive }) => {
            let value = Literal::f64_unsuffixed(value);
            quote!(Some(Bound { value: #value, exclusive: #exclusive }))
        }
        None => quote!(None),
    };
    let (min, max) = (bound(c.minimum), bound(c.maximum));
    quote!(Shape::#variant(&NumberShape { minimum: #min, maximum: #max }))
}

/// The mock client's part of the documentation of `src/testing/mod.rs`, with examples
/// naming the crate.
fn mock_docs(lib_name: &str) -> String {
    format!(
        r#"Test support for the code that uses this SDK (the `testing` cargo feature): mock
clients, requests checked as Seam checks them, and models without hand-written JSON.

Enable it for your tests only:

```toml
[dev-dependencies]
{crate_name} = {{ version = "*", features = ["testing"] }}
```

A [`MockSeam`] answers a real [`Seam`](crate::Seam) client's calls in memory, with no
network: hand [`MockSeam::client`] to the code under test. The call runs every step it runs
in production (request building, retries, deadlines, body limits, decoding); only the socket
is replaced, and retry waits are recorded ([`MockSeam::retry_waits`]) instead of slept.

`mock.acs().credentials().create()` mirrors `seam.acs().credentials().create(..)` and returns
that endpoint's [`MockEndpoint`], typed with its request and result: narrow a rule with
[`when`](MockEndpoint::when) (a predicate on the typed request) and
[`times`](MockEndpoint::times), then answer with [`respond`](MockEndpoint::respond),
[`fail`](MockEndpoint::fail), [`respond_sequence`](MockEndpoint::respond_sequence) or
[`respond_with`](MockEndpoint::respond_with). Rules are tried in the order they were added.
A call no rule matches fails with HTTP 501, type `mock_no_matching_rule`, and a message
listing the request and the rules. Requests are checked as Seam checks them first (an invalid
one gets Seam's `invalid_input` answer); [`MockSeam::validate_requests`] turns that off.

[`Fault`] sends what Seam sends when things go wrong: its error bodies (`invalid_input` with
per-parameter messages, `*_not_found`, `401`, `429` with `Retry-After`, `5xx`), timeouts
and broken connections; the client retries them as in production.

```no_run
use {lib_name}::testing::{{Fault, MockEndpoint, MockSeam}};
use {lib_name}::{{Endpoint, Error, HttpMethod, Seam}};

const GET_WORKSPACE: Endpoint = Endpoint {{
    method: HttpMethod::Get,
    path: "/workspaces/get",
}};

// The code under test takes the production client.
async fn workspace_name(seam: &Seam) -> Result<String, Error> {{
    let workspace: serde_json::Value = seam
        .call_typed(&GET_WORKSPACE, serde_json::json!({{}}))
        .await?
        .payload("workspace")?;
    Ok(workspace["name"].as_str().unwrap_or_default().to_owned())
}}

// A test (under `#[tokio::test]`): a 503, retried, then the workspace.
# async fn test() {{
let mock = MockSeam::new();
// The generated accessors return such a rule set for each endpoint, typed with its
// request and result: `mock.acs().credentials().create()`.
let rules: MockEndpoint<'_, serde_json::Value, serde_json::Value> =
    MockEndpoint::new(&mock, &GET_WORKSPACE, |workspace| {{
        serde_json::json!({{ "workspace": workspace, "ok": true }})
    }});
rules.respond_sequence([
    Err(Fault::service_unavailable()),
    Ok(serde_json::json!({{ "name": "Front desk" }})),
]);
assert_eq!(workspace_name(&mock.client()).await.unwrap(), "Front desk");
assert_eq!(mock.calls().len(), 2);
assert_eq!(mock.retry_waits().len(), 1);
# }}
```
"#,
        crate_name = lib_name.replace('_', "-"),
    )
}
