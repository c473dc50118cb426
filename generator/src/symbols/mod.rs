//! Symbols: every Rust name and layout choice of the generated crate, decided once, between
//! the analysis ([`crate::ir`]) and emission ([`crate::emit`]), which only spells them.
//!
//! | module | decides |
//! | --- | --- |
//! | [`spelling`] | how a spec name is spelled in Rust: case, keywords (`r#type`, `self_`), digits, punctuation |
//! | [`scope`] | the one uniquifier: which names must differ, and how they are made to |
//! | [`cycles`] | which by-value references between types lie on a cycle (facts) |
//! | [`layout`] | which fields and variants are boxed: one edge of each cycle, and large union payloads |
//! | [`cli`] | the command line's names: command words and their aliases, flags and theirs, the CLI's modules and functions |
//!
//! and this module: the name of every type, field, variant, module, handle, method and
//! endpoint constant, where each type lives, and how a type is named from another module
//! (by its bare name, imported with `use`, or by its path when the bare name is taken
//! there). Types are keyed by [`TypeId`].

pub mod cli;
pub mod cycles;
pub mod layout;
pub mod scope;
pub mod spelling;

use crate::ir::{Api, Endpoint, Field, Home, Struct, TypeKind};
use heck::ToShoutySnakeCase;
use layout::Layout;
use scope::Scope;
use spelling::{snake_name, variant_name, CATCH_ALL};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// A named type of the [`Api`], by its place in [`Api::types`] (name order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(u32);

/// A Rust identifier as written in the source (`r#type` included).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Name(String);

impl Name {
    /// The identifier for `spelled`, raw when it is a keyword ([`spelling::ident_text`]).
    fn new(spelled: &str) -> Name {
        Name(spelling::ident_text(spelled))
    }

    /// As written in Rust source, e.g. `r#type`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Without the `r#` of a raw identifier: what serde and docs see, e.g. `type`.
    pub fn unraw(&self) -> &str {
        self.0.strip_prefix("r#").unwrap_or(&self.0)
    }

    pub fn ident(&self) -> proc_macro2::Ident {
        let span = proc_macro2::Span::call_site();
        match self.0.strip_prefix("r#") {
            Some(raw) => proc_macro2::Ident::new_raw(raw, span),
            None => proc_macro2::Ident::new(&self.0, span),
        }
    }
}

impl std::fmt::Display for Name {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A module of the generated crate that holds types or methods.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Module {
    /// `src/lib.rs`.
    Root,
    /// `src/models/<file>.rs`, whose types `models` re-exports.
    Model(String),
    /// The resource module of an endpoint group (IR group path, not empty).
    Group(Vec<String>),
}

/// A struct field or a field of a union variant.
#[derive(Debug, Clone)]
pub struct FieldSymbol {
    pub name: Name,
    /// The name on the wire, when serde must be told it (it differs from the field's).
    pub rename: Option<String>,
    /// Holds its (named) value in a `Box`.
    pub boxed: bool,
    /// The setter that sends an explicit `null`: for an optional, nullable request field
    /// (`page_cursor_null`), claimed after every field so a field keeps its own name.
    pub null_setter: Option<Name>,
}

/// An enum variant: a string enum's value, a tagged or untagged union's variant.
#[derive(Debug, Clone)]
pub struct VariantSymbol {
    pub name: Name,
    /// Holds its named payload in a `Box`.
    pub boxed: bool,
    /// The fields of a variant that holds them inline.
    pub fields: Vec<FieldSymbol>,
}

/// The names of one type and its members.
#[derive(Debug, Clone)]
pub struct TypeSymbols {
    pub name: Name,
    pub module: Module,
    /// A struct's fields, in the IR's order.
    pub fields: Vec<FieldSymbol>,
    /// A struct's field holding a merged `oneOf` choice.
    pub one_of_field: Option<Name>,
    /// An enum's or union's variants, in the IR's order (the catch-all not included).
    pub variants: Vec<VariantSymbol>,
}

/// The names of an endpoint group's module.
#[derive(Debug, Clone)]
pub struct GroupSymbols {
    /// The module of each segment from the root, e.g. `acs`, `credentials`.
    pub modules: Vec<Name>,
    /// The handle struct, e.g. `AcsCredentials`.
    pub handle: Name,
    /// Its twin in a mock client (the `testing` feature), e.g. `MockAcsCredentials`, whose
    /// methods return each endpoint's rules; `MockSeam` (the runtime's) for the root.
    pub mock_handle: Name,
    /// The method of the parent's handle (or `Seam`) that returns this one.
    pub accessor: Name,
    /// `src/acs/credentials/mod.rs` (with sub-groups) or `src/acs/credentials.rs`.
    pub file: String,
    /// `seam.acs().credentials()`, as it is written in Rust.
    pub call_chain: String,
}

/// The names of an endpoint.
#[derive(Debug, Clone)]
pub struct EndpointSymbols {
    pub method: Name,
    /// The method walking every page, for a paginated endpoint.
    pub paginator: Option<Name>,
    /// The `const` holding its method and path, in the group's module.
    pub endpoint_const: Name,
}

/// How a module names a type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reference {
    /// By its bare name: it is defined there.
    Local,
    /// By its bare name, with this `use` path.
    Import(String),
    /// By this path, as its bare name means something else there.
    Path(String),
}

/// The runtime's items that generated modules name, imported with `use crate::...` unless
/// a generated type of the same name exists.
pub const RUNTIME_ITEMS: &[&str] = &[
    "Endpoint",
    "Error",
    "HttpMethod",
    "Page",
    "Paginator",
    "Seam",
    "Timestamp",
];

/// Every name the runtime exports, which the generated `lib.rs` re-exports at the crate root
/// with `pub use runtime::*;`: an import of the same name there would hide it from users,
/// so a type of such a name is named by its path in `lib.rs`.
const RUNTIME_EXPORTS: &[&str] = &[
    "ApiError",
    "Call",
    "DEFAULT_CONNECT_TIMEOUT",
    "DEFAULT_ENDPOINT",
    "DEFAULT_MAX_BODY_SIZE",
    "DEFAULT_MAX_ERROR_BODY_SIZE",
    "DEFAULT_MAX_PAGES",
    "DEFAULT_TIMEOUT",
    "DEFAULT_TOTAL_TIMEOUT",
    "Endpoint",
    "Error",
    "HttpMethod",
    "Page",
    "Paginator",
    "Response",
    "ResponseMetadata",
    "RetryPolicy",
    "SDK_NAME",
    "SDK_VERSION",
    "Seam",
    "SeamBuilder",
    "Timestamp",
    "TimestampError",
    "decode",
    "impl_open_enum",
    "query_string",
    "validate",
];

/// Names from the prelude, `std` and `serde` that generated code uses by their bare name
/// unless a generated type is called so.
const SHADOWABLE: &[&str] = &[
    "String",
    "Option",
    "Vec",
    "Result",
    "Box",
    "Some",
    "None",
    "Ok",
    "Err",
    "Into",
    "IntoIterator",
    "Default",
    "BTreeMap",
    "Serialize",
    "Deserialize",
];

/// Every name and layout choice of the crate generated from one [`Api`].
#[derive(Debug)]
pub struct Symbols {
    ids: HashMap<String, TypeId>,
    types: Vec<TypeSymbols>,
    groups: BTreeMap<Vec<String>, GroupSymbols>,
    endpoints: Vec<EndpointSymbols>,
    /// Bare names each module defines (types, its handle), which imports must not shadow.
    locals: HashMap<Module, BTreeSet<String>>,
    /// Prelude, `std` and `serde` names a generated type shadows (spelled in full).
    shadowed: BTreeSet<&'static str>,
}

impl Symbols {
    pub fn of(api: &Api) -> Symbols {
        let layout = Layout::of(api);
        let ids: HashMap<String, TypeId> = api
            .types
            .keys()
            .enumerate()
            .map(|(i, name)| (name.clone(), TypeId(i as u32)))
            .collect();
        let types: Vec<TypeSymbols> = api
            .types
            .values()
            .map(|def| {
                let name = Name::new(&def.name);
                let module = match &def.home {
                    Home::Model { component } => Module::Model(snake_name(component)),
                    Home::Request { group, .. } if group.is_empty() => Module::Root,
                    Home::Request { group, .. } => Module::Group(group.clone()),
                };
                let is_request = matches!(def.home, Home::Request { .. });
                let boxed = |target: &str| layout.boxes(&def.name, target);
                let unions_boxed = layout.boxed_unions.contains(&def.name);
                let mut symbols = TypeSymbols {
                    name,
                    module,
                    fields: Vec::new(),
                    one_of_field: None,
                    variants: Vec::new(),
                };
                match &def.kind {
                    TypeKind::Struct(s) => {
                        let (fields, one_of) = struct_fields(s, is_request, &boxed);
                        symbols.fields = fields;
                        symbols.one_of_field = one_of;
                    }
                    TypeKind::StringEnum { values } => {
                        let mut scope = variant_scope();
                        symbols.variants = values
                            .iter()
                            .map(|v| variant(&mut scope, variant_name(&v.value), false))
                            .collect();
                    }
                    TypeKind::TaggedUnion { variants, .. } => {
                        let mut scope = variant_scope();
                        symbols.variants = variants
                            .iter()
                            .map(|v| {
                                let boxed = unions_boxed || boxed(&v.ty);
                                variant(&mut scope, variant_name(&v.tag_value), boxed)
                            })
                            .collect();
                    }
                    TypeKind::Union { variants } => {
                        let mut scope = variant_scope();
                        symbols.variants = variants
                            .iter()
                            .map(|v| match &v.shape {
                                crate::ir::VariantShape::Type(t) => {
                                    let named = t
                                        .named()
                                        .filter(|_| matches!(t, crate::ir::TypeRef::Named(_)));
                                    let boxed = named.is_some_and(|n| unions_boxed || boxed(n));
                                    variant(&mut scope, variant_name(&v.name), boxed)
                                }
                                crate::ir::VariantShape::Fields(fields) => {
                                    let mut symbol =
                                        variant(&mut scope, variant_name(&v.name), false);
                                    symbol.fields =
                                        fields_in(&mut Scope::default(), fields, &boxed);
                                    symbol
                                }
                            })
                            .collect();
                    }
                    TypeKind::Alias(_) => {}
                }
                symbols
            })
            .collect();

        let groups = group_symbols(api);
        let endpoints = endpoint_symbols(api);

        let mut locals: HashMap<Module, BTreeSet<String>> = HashMap::new();
        for symbols in &types {
            locals
                .entry(symbols.module.clone())
                .or_default()
                .insert(symbols.name.as_str().to_string());
        }
        for (path, group) in &groups {
            let module = if path.is_empty() {
                Module::Root
            } else {
                Module::Group(path.clone())
            };
            let names = locals.entry(module).or_default();
            names.insert(group.handle.as_str().to_string());
            names.insert(group.mock_handle.as_str().to_string());
        }
        locals
            .entry(Module::Root)
            .or_default()
            .extend(RUNTIME_EXPORTS.iter().map(|n| n.to_string()));
        // A type or a group's handle named like a prelude, `std`, `serde` or runtime item.
        let shadowed = SHADOWABLE
            .iter()
            .chain(RUNTIME_ITEMS)
            .copied()
            .filter(|n| {
                ids.contains_key(*n)
                    || groups
                        .iter()
                        .any(|(path, g)| !path.is_empty() && g.handle.as_str() == *n)
            })
            .collect();
        Symbols {
            ids,
            types,
            groups,
            endpoints,
            locals,
            shadowed,
        }
    }

    /// The id of the IR type `name`. Panics if the [`Api`] has no such type, which the
    /// analysis guarantees for every name it hands out.
    pub fn id(&self, name: &str) -> TypeId {
        self.ids[name]
    }

    pub fn of_type(&self, id: TypeId) -> &TypeSymbols {
        &self.types[id.0 as usize]
    }

    /// The symbols of the IR type `name`.
    pub fn type_named(&self, name: &str) -> &TypeSymbols {
        self.of_type(self.id(name))
    }

    /// The group at IR path `path` (empty: the root, whose handle is `Seam`).
    pub fn group(&self, path: &[String]) -> &GroupSymbols {
        &self.groups[path]
    }

    /// The endpoint at index `index` of [`Api::endpoints`].
    pub fn endpoint(&self, index: usize) -> &EndpointSymbols {
        &self.endpoints[index]
    }

    /// Whether the prelude, `std` or `serde` item (or runtime item) `name` is shadowed by a
    /// generated type, so that code spells it in full.
    pub fn is_shadowed(&self, name: &str) -> bool {
        self.shadowed.contains(name)
    }

    /// Whether code in `from` names the runtime item `name` by its path (`crate::Seam`),
    /// as a generated type or handle has that name (there, or anywhere for the prelude's
    /// sake), rather than by its bare name.
    pub fn runtime_by_path(&self, from: &Module, name: &str) -> bool {
        self.shadowed.contains(name)
            || (*from != Module::Root
                && self
                    .locals
                    .get(from)
                    .is_some_and(|names| names.contains(name)))
    }

    /// How code in `from` names the type `id`.
    pub fn reference(&self, from: &Module, id: TypeId) -> Reference {
        let target = self.of_type(id);
        if &target.module == from {
            return Reference::Local;
        }
        let name = target.name.as_str();
        let path = self.path_of(&target.module, from);
        let taken = self
            .locals
            .get(from)
            .is_some_and(|names| names.contains(name))
            || self.shadowed.contains(name)
            || RUNTIME_ITEMS.contains(&name);
        if taken {
            Reference::Path(format!(
                "{}::{name}",
                self.path_of(&target.module, &Module::Root)
            ))
        } else {
            Reference::Import(format!("{path}::{name}"))
        }
    }

    /// The path of the type `id` from the crate's root, as another crate names it after
    /// the crate's name: `models::AcsCredential`, `acs::credentials::AcsCredentialsCreateRequest`.
    pub fn public_path(&self, id: TypeId) -> String {
        let target = self.of_type(id);
        match self
            .path_of(&target.module, &Module::Root)
            .strip_prefix("crate")
        {
            Some("") | None => target.name.to_string(),
            Some(path) => format!("{}::{}", path.trim_start_matches("::"), target.name),
        }
    }

    /// The path of `module` (where its types can be named) as written in `from`.
    fn path_of(&self, module: &Module, from: &Module) -> String {
        match module {
            Module::Root => "crate".to_string(),
            Module::Model(_) if matches!(from, Module::Model(_)) => "super".to_string(),
            Module::Model(_) => "crate::models".to_string(),
            Module::Group(path) => {
                let mut out = "crate".to_string();
                for m in &self.group(path).modules {
                    out.push_str("::");
                    out.push_str(m.as_str());
                }
                out
            }
        }
    }
}

/// The scope of an enum's variants, with [`CATCH_ALL`] kept for the catch-all.
fn variant_scope() -> Scope {
    Scope::with_reserved([CATCH_ALL])
}

/// A variant called `wanted`: a spec value spelled like the catch-all (`unknown`) becomes
/// `UnknownValue`, so that the catch-all is `Unknown` in every enum.
fn variant(scope: &mut Scope, wanted: String, boxed: bool) -> VariantSymbol {
    let wanted = if wanted == CATCH_ALL {
        format!("{wanted}Value")
    } else {
        wanted
    };
    VariantSymbol {
        name: Name::new(&scope.claim(&wanted)),
        boxed,
        fields: Vec::new(),
    }
}

fn fields_in(
    scope: &mut Scope,
    fields: &[Field],
    boxed: &dyn Fn(&str) -> bool,
) -> Vec<FieldSymbol> {
    fields
        .iter()
        .map(|f| {
            let name = Name::new(&scope.claim(&snake_name(&f.name)));
            let rename = (name.unraw() != f.name).then(|| f.name.clone());
            let boxed = matches!(f.ty.non_null(), crate::ir::TypeRef::Named(t) if boxed(t));
            FieldSymbol {
                name,
                rename,
                boxed,
                null_setter: None,
            }
        })
        .collect()
}

/// A struct's fields and its `oneOf` field: a request's `new` is taken (its constructor).
fn struct_fields(
    s: &Struct,
    is_request: bool,
    boxed: &dyn Fn(&str) -> bool,
) -> (Vec<FieldSymbol>, Option<Name>) {
    let mut reserved: Vec<&str> = Vec::new();
    if is_request {
        reserved.push("new");
    }
    let one_of = s.one_of.as_ref().map(|o| snake_name(&o.field));
    reserved.extend(one_of.as_deref());
    let mut scope = Scope::with_reserved(reserved);
    let mut fields = fields_in(&mut scope, &s.fields, boxed);
    if is_request {
        for (symbol, field) in fields.iter_mut().zip(&s.fields) {
            if !field.required && field.ty.is_nullable() {
                let wanted = format!("{}_null", symbol.name.unraw());
                symbol.null_setter = Some(Name::new(&scope.claim(&wanted)));
            }
        }
    }
    (fields, one_of.map(|n| Name::new(&n)))
}

/// Every group, the root (`[]`) included.
fn group_symbols(api: &Api) -> BTreeMap<Vec<String>, GroupSymbols> {
    let mut paths: BTreeSet<Vec<String>> = BTreeSet::new();
    paths.insert(Vec::new());
    for endpoint in &api.endpoints {
        for depth in 1..=endpoint.group.len() {
            paths.insert(endpoint.group[..depth].to_vec());
        }
    }
    let has_children = |path: &Vec<String>| {
        paths
            .iter()
            .any(|p| p.len() == path.len() + 1 && p.starts_with(path))
    };
    let mut groups = BTreeMap::new();
    for path in &paths {
        let modules: Vec<Name> = (0..path.len())
            .map(|i| Name::new(&module_name(path, i)))
            .collect();
        let files: Vec<&str> = modules.iter().map(Name::unraw).collect();
        let file = if path.is_empty() {
            "src/lib.rs".to_string()
        } else if has_children(path) {
            format!("src/{}/mod.rs", files.join("/"))
        } else {
            format!("src/{}.rs", files.join("/"))
        };
        let parts: Vec<&str> = path.iter().map(String::as_str).collect();
        let handle = if path.is_empty() {
            Name::new("Seam")
        } else {
            Name::new(&crate::ir::naming::pascal(&parts))
        };
        let mock_handle = Name::new(&format!("Mock{}", handle.unraw()));
        let accessor = Name::new(&snake_name(path.last().map_or("seam", String::as_str)));
        let mut call_chain = "seam".to_string();
        for depth in 1..=path.len() {
            let segment = Name::new(&snake_name(&path[depth - 1]));
            call_chain.push_str(&format!(".{segment}()"));
        }
        groups.insert(
            path.clone(),
            GroupSymbols {
                modules,
                handle,
                mock_handle,
                accessor,
                file,
                call_chain,
            },
        );
    }
    groups
}

/// Each endpoint's method, paginator and constant; constants are unique within their
/// module, and the root's keep clear of the runtime's constants re-exported there.
fn endpoint_symbols(api: &Api) -> Vec<EndpointSymbols> {
    let mut consts: BTreeMap<&[String], Scope> = BTreeMap::new();
    api.endpoints
        .iter()
        .map(|endpoint: &Endpoint| {
            let scope = consts
                .entry(&endpoint.group)
                .or_insert_with(|| Scope::with_reserved(RUNTIME_EXPORTS.iter().copied()));
            let method = snake_name(&endpoint.name);
            let mut wanted = method.to_shouty_snake_case();
            if wanted.is_empty() || wanted.starts_with(|c: char| c.is_ascii_digit()) {
                wanted.insert(0, '_');
            }
            let paginator = matches!(endpoint.response, crate::ir::Response::Page { .. })
                .then(|| Name::new(&crate::ir::naming::paginator_method(&method)));
            EndpointSymbols {
                method: Name::new(&method),
                paginator,
                endpoint_const: Name::new(&scope.claim(&wanted)),
            }
        })
        .collect()
}

/// The module name of the `i`th segment of a group path. Top-level names that would clash
/// with the crate's own modules or files, or with crates the generated code names, get an
/// `_api` suffix.
pub fn module_name(group: &[String], i: usize) -> String {
    let name = snake_name(&group[i]);
    // `src/models`, `src/runtime` and `src/lib.rs` are the crate's own, the runtime's
    // public `decode` (and, with the `testing` feature, `validate`) module is re-exported
    // at the root, `testing` is the generated test support, `src/main.rs` and `src/bin/`
    // would be taken by cargo for binaries, and `serde`, `serde_json` and `std` are the
    // crates generated code names.
    if i == 0
        && [
            "models",
            "runtime",
            "decode",
            "validate",
            "testing",
            "lib",
            "main",
            "bin",
            "serde",
            "serde_json",
            "std",
        ]
        .contains(&name.as_str())
    {
        format!("{name}_api")
    } else if ["self", "super", "crate", "Self"].contains(&name.as_str()) {
        // Keywords that cannot be raw identifiers; the module and its file get a `_`.
        format!("{name}_")
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::build::build;
    use crate::ir::test_schemas as schemas;
    use serde_json::json;

    fn symbols_of(schemas_json: serde_json::Value) -> (Api, Symbols) {
        let (api, _) = build(&schemas(schemas_json), "/").expect("builds");
        let symbols = Symbols::of(&api);
        (api, symbols)
    }

    #[test]
    fn fields_are_snake_case_unique_and_renamed_when_they_differ_from_the_wire() {
        let (_, symbols) = symbols_of(json!({
            "thing": { "type": "object", "properties": {
                "type": { "type": "string" },
                "Type": { "type": "string" },
                "camelCase": { "type": "string" },
            }},
        }));
        let thing = symbols.type_named("Thing");
        let names: Vec<(&str, Option<&str>)> = thing
            .fields
            .iter()
            .map(|f| (f.name.as_str(), f.rename.as_deref()))
            .collect();
        assert_eq!(
            names,
            [
                ("r#type", Some("Type")),
                ("camel_case", Some("camelCase")),
                ("type2", Some("type")),
            ]
        );
        assert_eq!(thing.module, Module::Model("thing".into()));
    }

    #[test]
    fn enum_variants_keep_unknown_for_the_catch_all() {
        let (_, symbols) = symbols_of(json!({
            "mode": { "type": "string", "enum": ["unknown", "a-b", "ab", "1", ""] },
        }));
        let names: Vec<&str> = symbols
            .type_named("Mode")
            .variants
            .iter()
            .map(|v| v.name.as_str())
            .collect();
        assert_eq!(names, ["UnknownValue", "Ab", "Ab2", "V1", "Empty"]);
    }

    #[test]
    fn a_type_is_imported_unless_its_name_is_taken_where_it_is_named() {
        let (_, symbols) = symbols_of(json!({
            "a": { "type": "object", "properties": { "b": { "$ref": "#/components/schemas/b" } } },
            "b": { "type": "object", "properties": { "x": { "type": "string" } } },
            "error": { "type": "object", "properties": { "x": { "type": "string" } } },
        }));
        let b = symbols.id("B");
        assert_eq!(
            symbols.reference(&Module::Model("b".into()), b),
            Reference::Local
        );
        assert_eq!(
            symbols.reference(&Module::Model("a".into()), b),
            Reference::Import("super::B".into())
        );
        assert_eq!(
            symbols.reference(&Module::Group(vec!["x".into()]), b),
            Reference::Import("crate::models::B".into())
        );
        assert_eq!(
            symbols.reference(&Module::Root, symbols.id("Error")),
            Reference::Path("crate::models::Error".into())
        );
        assert!(symbols.is_shadowed("Error"));
        assert!(!symbols.is_shadowed("String"));
    }

    #[test]
    fn the_runtime_exports_are_all_known_so_that_lib_rs_imports_none_of_their_names() {
        let runtime = include_str!("../../../runtime/src/runtime/mod.rs");
        let mut exported = Vec::new();
        // `pub use a::{B, C};` items, which may span lines, and `pub mod` modules.
        let mut statement = String::new();
        for line in runtime.lines() {
            if line.starts_with("pub use ") || !statement.is_empty() {
                statement.push_str(line);
                if !line.trim_end().ends_with(';') {
                    continue;
                }
                let rest = statement.trim_start_matches("pub use ");
                let items = rest.split_once('{').map_or(rest, |(_, items)| items);
                let items = items.trim_end().trim_end_matches(';').trim_end_matches('}');
                exported.extend(
                    items
                        .split(',')
                        .map(|item| {
                            item.trim()
                                .rsplit("::")
                                .next()
                                .unwrap_or_default()
                                .to_string()
                        })
                        .filter(|item| !item.is_empty()),
                );
                statement.clear();
            } else if let Some(module) = line.strip_prefix("pub mod ") {
                exported.push(module.trim_end_matches(';').to_string());
            }
        }
        let runtime_decode = include_str!("../../../runtime/src/runtime/decode.rs");
        for line in runtime_decode.lines() {
            if let Some(name) = line.strip_prefix("macro_rules! ") {
                exported.push(name.trim_end_matches(" {").to_string());
            }
        }
        assert!(exported.len() > 10, "{exported:?}");
        for name in &exported {
            assert!(
                RUNTIME_EXPORTS.contains(&name.as_str()),
                "{name} is not in RUNTIME_EXPORTS"
            );
        }
    }

    #[test]
    fn module_names_avoid_the_crates_own_and_keywords() {
        let group = |s: &str| vec![s.to_string(), "self".to_string()];
        assert_eq!(module_name(&group("models"), 0), "models_api");
        assert_eq!(module_name(&group("serde"), 0), "serde_api");
        assert_eq!(module_name(&group("widgets"), 0), "widgets");
        assert_eq!(module_name(&group("widgets"), 1), "self_");
    }
}
