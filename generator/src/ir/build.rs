//! Analysis: an OpenAPI document and a path prefix in, an [`Api`] out.
//!
//! The passes, in order: select the paths under the prefix; pick for each the HTTP method the
//! SDK sends (PUT > PATCH > GET > DELETE > POST) while taking parameters from the POST body;
//! read the SDK group and method names and the response key from the `x-*` extensions; then
//! convert every schema reached into named types, merging `allOf`, classifying `oneOf`, and
//! naming inline types after where they sit.

use super::naming::{pascal, singular, Names};
use super::*;
use crate::error::{GenerateError, Pointer, Warning};
use openapiv3::{
    AdditionalProperties, OpenAPI, Operation, ReferenceOr, Schema, SchemaData, SchemaKind, Type,
    VariantOrUnknownOrEmpty,
};
use std::collections::{BTreeMap, BTreeSet};

type Result<T> = std::result::Result<T, GenerateError>;

/// Builds the IR for the operations under `prefix` (`/` selects every path). It recurses
/// once per level of schema nesting on the caller's stack; [`crate::generate_from`] runs it
/// on a thread with a stack large enough for any depth the limits allow.
pub fn build(doc: &OpenAPI, prefix: &str) -> Result<(Api, Vec<Warning>)> {
    let mut builder = Builder::new(doc);
    let prefix = normalize_prefix(prefix);
    let endpoints = builder.endpoints(&prefix)?;
    if prefix == "/" {
        // The whole API: every component schema is a model, also those no endpoint
        // returns (webhook payloads, for one).
        builder.all_components()?;
    }

    let api = Api {
        prefix,
        endpoints,
        types: builder.types,
    };
    Ok((api, builder.warnings))
}

/// `prefix` as a path: leading `/`, no trailing `/`; empty is `/`.
pub(crate) fn normalize_prefix(prefix: &str) -> String {
    let trimmed = prefix.trim().trim_end_matches('/');
    if trimmed.is_empty() {
        "/".to_string()
    } else if trimmed.starts_with('/') {
        trimmed.to_string()
    } else {
        format!("/{trimmed}")
    }
}

/// Whether `path` is selected by the (normalized) `prefix`.
pub(crate) fn under_prefix(path: &str, prefix: &str) -> bool {
    prefix == "/" || path == prefix || path.starts_with(&format!("{prefix}/"))
}

/// A schema position: a reference to follow or a schema in place.
#[derive(Clone, Copy)]
enum Node<'a> {
    Ref(&'a str),
    Schema(&'a Schema),
}

impl<'a> Node<'a> {
    fn plain(r: &'a ReferenceOr<Schema>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => Node::Ref(reference),
            ReferenceOr::Item(schema) => Node::Schema(schema),
        }
    }

    fn boxed(r: &'a ReferenceOr<Box<Schema>>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => Node::Ref(reference),
            ReferenceOr::Item(schema) => Node::Schema(schema),
        }
    }
}

/// Where a schema is being converted: the name an inline type would get, where its own
/// inline children go, and its pointer.
#[derive(Clone)]
struct Ctx {
    name: String,
    /// The property this schema is the value of, if any.
    property: Option<String>,
    /// Name for the items of an array at this position.
    item: Option<String>,
    pointer: Pointer,
    home: Home,
}

impl Ctx {
    fn child(&self, name: String, pointer: Pointer) -> Ctx {
        Ctx {
            name,
            property: None,
            item: None,
            pointer,
            home: self.home.clone(),
        }
    }

    fn is_request(&self) -> bool {
        matches!(self.home, Home::Request { .. })
    }
}

/// An object's properties after following `$ref`s and merging `allOf`.
#[derive(Default)]
struct ObjectView<'a> {
    properties: Vec<(String, Node<'a>, Pointer)>,
    required: Vec<String>,
    one_of: Option<(Vec<Node<'a>>, Pointer)>,
}

impl<'a> ObjectView<'a> {
    fn add_property(&mut self, name: &str, node: Node<'a>, pointer: Pointer) {
        if let Some(existing) = self.properties.iter_mut().find(|(n, _, _)| n == name) {
            existing.1 = node;
            existing.2 = pointer;
        } else {
            self.properties.push((name.to_string(), node, pointer));
        }
    }

    fn add_required(&mut self, names: &[String]) {
        for name in names {
            if !self.required.contains(name) {
                self.required.push(name.clone());
            }
        }
    }
}

/// An object schema's properties, required names, `allOf` and `oneOf` members.
type ObjectParts<'a> = (
    Option<&'a indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>>,
    &'a [String],
    &'a [ReferenceOr<Schema>],
    &'a [ReferenceOr<Schema>],
);

/// How a schema maps onto the IR, before any name is handed out.
enum Class<'a> {
    Primitive(TypeRef),
    Array(Option<Node<'a>>),
    Map(Option<Node<'a>>),
    Struct,
    StringEnum(Vec<String>),
    Union(Vec<Node<'a>>, Option<String>),
    /// `allOf` with one member: the member, with the outer docs.
    Delegate(Node<'a>),
}

struct Builder<'a> {
    doc: &'a OpenAPI,
    names: Names,
    /// Component schema name -> its type name, for every component.
    component_names: BTreeMap<String, String>,
    in_progress: BTreeSet<String>,
    /// Model string enums by (property, values), so that a request parameter with the
    /// same name and values as a model field shares its type.
    shared_enums: BTreeMap<(String, Vec<String>), String>,
    types: BTreeMap<String, TypeDef>,
    warnings: Vec<Warning>,
    /// How many `type_ref`s are under way (bounded by [`MAX_TYPE_DEPTH`]).
    depth: usize,
    /// How many `object_view`s are under way (bounded by [`MAX_TYPE_DEPTH`]).
    view_depth: std::cell::Cell<usize>,
}

const TYPE_KIND_STRUCT: &str = "object";

/// How deeply the analysis follows types into one another (properties, items, union
/// members, references to components not yet converted). The Seam document needs 11; the bound keeps a pathological document from exhausting the stack.
pub const MAX_TYPE_DEPTH: usize = 128;

impl<'a> Builder<'a> {
    fn new(doc: &'a OpenAPI) -> Self {
        let mut names = Names::default();
        let mut component_names = BTreeMap::new();
        if let Some(components) = &doc.components {
            let mut sorted: Vec<&String> = components.schemas.keys().collect();
            sorted.sort();
            for component in sorted {
                let name = names.claim(&pascal(&[component]));
                component_names.insert(component.clone(), name);
            }
        }
        Builder {
            doc,
            names,
            component_names,
            in_progress: BTreeSet::new(),
            shared_enums: BTreeMap::new(),
            types: BTreeMap::new(),
            warnings: Vec::new(),
            depth: 0,
            view_depth: std::cell::Cell::new(0),
        }
    }

    /// Records a warning, once: a schema can be looked at from more than one place.
    fn warn(&mut self, pointer: &Pointer, message: impl Into<String>) {
        let warning = Warning {
            pointer: pointer.as_str().to_string(),
            message: message.into(),
        };
        if !self.warnings.contains(&warning) {
            self.warnings.push(warning);
        }
    }

    fn all_components(&mut self) -> Result<()> {
        let names: Vec<&'a String> = match &self.doc.components {
            Some(components) => components.schemas.keys().collect(),
            None => Vec::new(),
        };
        for name in names {
            let reference = format!(
                "#/components/schemas/{}",
                name.replace('~', "~0").replace('/', "~1")
            );
            let pointer = Pointer::root()
                .push("components")
                .push("schemas")
                .push(name);
            self.component_ref(&reference, &pointer)?;
        }
        Ok(())
    }

    // ---------------------------------------------------------------- endpoints

    fn endpoints(&mut self, prefix: &str) -> Result<Vec<Endpoint>> {
        let doc = self.doc;
        let mut paths: Vec<(&String, &ReferenceOr<openapiv3::PathItem>)> = doc
            .paths
            .paths
            .iter()
            .filter(|(path, _)| under_prefix(path, prefix))
            .collect();
        paths.sort_by(|a, b| a.0.cmp(b.0));

        let mut endpoints = Vec::new();
        let mut path_named = BTreeSet::new();
        for (path, item) in paths {
            let pointer = Pointer::root().push("paths").push(path);
            let item = match item {
                ReferenceOr::Item(item) => item,
                ReferenceOr::Reference { reference } => {
                    return Err(GenerateError::spec(
                        pointer.as_str(),
                        format!("path item references (`{reference}`) are not supported"),
                    ))
                }
            };
            let offered: Vec<(HttpMethod, &Operation)> = [
                (HttpMethod::Put, &item.put),
                (HttpMethod::Patch, &item.patch),
                (HttpMethod::Get, &item.get),
                (HttpMethod::Delete, &item.delete),
                (HttpMethod::Post, &item.post),
            ]
            .into_iter()
            .filter_map(|(m, op)| op.as_ref().map(|op| (m, op)))
            .collect();
            let Some(&(method, operation)) = offered.first() else {
                self.warn(
                    &pointer,
                    "no GET, POST, PUT, PATCH or DELETE operation; skipped",
                );
                continue;
            };
            let (endpoint, named_by_path) =
                self.endpoint(path, method, operation, &offered, &pointer)?;
            if named_by_path {
                path_named.insert(endpoint.pointer.clone());
            }
            endpoints.push(endpoint);
        }
        check_method_names(&mut endpoints, &path_named, &mut self.warnings)?;
        endpoints.sort_by(|a, b| (&a.group, &a.name).cmp(&(&b.group, &b.name)));
        Ok(endpoints)
    }

    /// An `x-*` extension of the operation the SDK sends, or else of another operation of
    /// the same path (POST first): older documents name only one of them (the others carry
    /// `x-fern-ignore`).
    fn operation_ext(
        &self,
        operation: &'a Operation,
        offered: &[(HttpMethod, &'a Operation)],
        key: &str,
    ) -> Option<(&'a serde_json::Value, HttpMethod)> {
        let chosen = offered
            .iter()
            .find(|(_, op)| std::ptr::eq(*op, operation))
            .map(|(m, _)| *m);
        let others = offered
            .iter()
            .filter(|(m, _)| *m == HttpMethod::Post)
            .chain(offered.iter().filter(|(m, _)| *m != HttpMethod::Post));
        chosen
            .map(|m| (m, operation))
            .into_iter()
            .chain(others.map(|(m, op)| (*m, *op)))
            .find_map(|(m, op)| op.extensions.get(key).map(|v| (v, m)))
    }

    fn endpoint(
        &mut self,
        path: &str,
        method: HttpMethod,
        operation: &'a Operation,
        offered: &[(HttpMethod, &'a Operation)],
        path_pointer: &Pointer,
    ) -> Result<(Endpoint, bool)> {
        let op_pointer = path_pointer.push(&method.as_str().to_ascii_lowercase());
        // Parameters come from the POST body when the path offers POST (Seam's GET
        // variants often declare none), otherwise from the chosen operation.
        let (param_method, param_op) = offered
            .iter()
            .find(|(m, _)| *m == HttpMethod::Post)
            .copied()
            .unwrap_or((method, operation));
        let param_pointer = path_pointer.push(&param_method.as_str().to_ascii_lowercase());

        let segments: Vec<String> = path
            .split('/')
            .map(snake)
            .filter(|s| !s.is_empty())
            .collect();
        let path_group = || segments[..segments.len().saturating_sub(1)].to_vec();
        let group = match self.operation_ext(operation, offered, "x-fern-sdk-group-name") {
            None => path_group(),
            Some((serde_json::Value::String(s), _)) => vec![snake(s)],
            Some((serde_json::Value::Array(items), _)) if items.iter().all(|i| i.is_string()) => {
                items.iter().filter_map(|i| i.as_str()).map(snake).collect()
            }
            Some((_, m)) => {
                self.warn(
                    &path_pointer
                        .push(&m.as_str().to_ascii_lowercase())
                        .push("x-fern-sdk-group-name"),
                    "ignored: expected a string or an array of strings; the group comes from the path",
                );
                path_group()
            }
        };
        let group: Vec<String> = group.into_iter().filter(|s| !s.is_empty()).collect();
        let path_name = || {
            segments
                .last()
                .cloned()
                .unwrap_or_else(|| "call".to_string())
        };
        let explicit = matches!(
            self.operation_ext(operation, offered, "x-fern-sdk-method-name"),
            Some((serde_json::Value::String(s), _)) if !snake(s).is_empty()
        );
        let name = match self.operation_ext(operation, offered, "x-fern-sdk-method-name") {
            Some((serde_json::Value::String(s), _)) if !snake(s).is_empty() => snake(s),
            None => path_name(),
            Some((_, m)) => {
                self.warn(
                    &path_pointer
                        .push(&m.as_str().to_ascii_lowercase())
                        .push("x-fern-sdk-method-name"),
                    "ignored: expected a non-empty name; the method is named after the path",
                );
                path_name()
            }
        };
        let group_parts: Vec<&str> = group.iter().map(String::as_str).collect();
        let mut base: Vec<&str> = group_parts.clone();
        base.push(&name);
        let base_name = pascal(&base);
        // Documentation and lifecycle flags come from the operation that names the method
        // (the chosen one, unless only a sibling carries the `x-fern-*` names).
        let doc_op = match self.operation_ext(operation, offered, "x-fern-sdk-method-name") {
            Some((_, m)) => offered
                .iter()
                .find(|(om, _)| *om == m)
                .map_or(operation, |(_, op)| *op),
            None => operation,
        };
        let mut docs = self.operation_docs(doc_op);
        if docs.title.is_none() {
            docs.title = doc_op.summary.clone().filter(|s| s != path);
        }
        let unstable = docs.undocumented.is_some();

        let request_ctx = Ctx {
            name: base_name.clone(),
            property: None,
            item: None,
            pointer: param_pointer.clone(),
            home: Home::Request {
                group: group.clone(),
                unstable,
            },
        };
        let request = self.request(param_op, &base_name, &request_ctx)?;
        let cursor_param = self.types.get(&request).and_then(|t| match &t.kind {
            TypeKind::Struct(s) => s
                .fields
                .iter()
                .find(|f| f.name == "page_cursor")
                .map(|f| f.name.clone()),
            _ => None,
        });
        let response_ctx = Ctx {
            name: base_name.clone(),
            property: None,
            item: None,
            pointer: op_pointer.clone(),
            home: Home::Model {
                component: base.join("_"),
            },
        };
        let response = self.response(operation, offered, cursor_param, &response_ctx)?;

        let endpoint = Endpoint {
            group,
            name,
            path: path.to_string(),
            method,
            offered_methods: {
                let mut m: Vec<HttpMethod> = offered.iter().map(|(m, _)| *m).collect();
                m.sort();
                m
            },
            request,
            response,
            docs,
            pointer: op_pointer.as_str().to_string(),
        };
        Ok((endpoint, !explicit))
    }

    fn operation_docs(&self, op: &Operation) -> Docs {
        Docs {
            title: ext_text(&op.extensions, "x-title"),
            description: op.description.clone().filter(|d| !d.trim().is_empty()),
            deprecated: ext_flag(&op.extensions, "x-deprecated")
                .or_else(|| op.deprecated.then(|| "Deprecated.".to_string())),
            undocumented: ext_flag(&op.extensions, "x-undocumented"),
            draft: ext_flag(&op.extensions, "x-draft"),
            default: None,
            format: None,
        }
    }

    /// The request struct: the JSON body's properties, plus any query parameters.
    fn request(&mut self, op: &'a Operation, base_name: &str, ctx: &Ctx) -> Result<String> {
        let name = self.names.claim(&format!("{base_name}Request"));
        let mut view = ObjectView::default();
        let mut docs = Docs::default();
        if let Some(body) = &op.request_body {
            let body_pointer = ctx.pointer.push("requestBody");
            let body =
                self.resolve_other(body, "requestBodies", &body_pointer, |c| &c.request_bodies)?;
            if let Some(media) = body.content.get("application/json") {
                let schema_pointer = body_pointer
                    .push("content")
                    .push("application/json")
                    .push("schema");
                if let Some(schema) = &media.schema {
                    let node = Node::plain(schema);
                    if let Node::Schema(s) = node {
                        docs = self.docs(&s.schema_data, &schema_pointer, None);
                    }
                    view = match self.object_view(node, &schema_pointer, &mut Vec::new())? {
                        Some(view) => view,
                        None => match self.union_members(node, &schema_pointer)? {
                            Some(members) => ObjectView {
                                one_of: Some((members, schema_pointer.clone())),
                                ..ObjectView::default()
                            },
                            None if is_any(node) => {
                                self.warn(
                                    &schema_pointer,
                                    "the request body accepts any JSON; the SDK sends only the declared parameters",
                                );
                                ObjectView::default()
                            }
                            None => {
                                return Err(GenerateError::spec(
                                    schema_pointer.as_str(),
                                    "the request body schema is not an object, so it cannot become request parameters",
                                ))
                            }
                        },
                    };
                }
            }
        }
        for (index, parameter) in op.parameters.iter().enumerate() {
            let pointer = ctx.pointer.push("parameters").push(&index.to_string());
            let parameter =
                self.resolve_other(parameter, "parameters", &pointer, |c| &c.parameters)?;
            let data = parameter.parameter_data_ref();
            if let openapiv3::ParameterSchemaOrContent::Schema(schema) = &data.format {
                if view.properties.iter().all(|(n, _, _)| n != &data.name) {
                    view.add_property(&data.name, Node::plain(schema), pointer.push("schema"));
                    if data.required {
                        view.add_required(std::slice::from_ref(&data.name));
                    }
                }
            }
        }
        let struct_ctx = Ctx {
            name: name.clone(),
            property: None,
            ..ctx.clone()
        };
        let kind = self.struct_from_view(view, &struct_ctx, base_name)?;
        self.define(&name, docs, kind, ctx);
        Ok(name)
    }

    fn response(
        &mut self,
        op: &'a Operation,
        offered: &[(HttpMethod, &'a Operation)],
        cursor_param: Option<String>,
        ctx: &Ctx,
    ) -> Result<Response> {
        let responses_pointer = ctx.pointer.push("responses");
        let success = op
            .responses
            .responses
            .iter()
            .filter_map(|(code, r)| match code {
                openapiv3::StatusCode::Code(c) if (200..300).contains(c) => {
                    Some((c.to_string(), r))
                }
                openapiv3::StatusCode::Range(2) => Some(("2XX".to_string(), r)),
                _ => None,
            })
            .min_by(|a, b| a.0.cmp(&b.0));
        let Some((code, response)) = success else {
            return Ok(Response::Empty);
        };
        let pointer = responses_pointer.push(&code);
        let response = self.resolve_other(response, "responses", &pointer, |c| &c.responses)?;
        let Some(schema) = response
            .content
            .get("application/json")
            .and_then(|m| m.schema.as_ref())
        else {
            return Ok(Response::Empty);
        };
        let schema_pointer = pointer
            .push("content")
            .push("application/json")
            .push("schema");
        let Some(envelope) =
            self.object_view(Node::plain(schema), &schema_pointer, &mut Vec::new())?
        else {
            return Err(GenerateError::spec(
                schema_pointer.as_str(),
                "the success response is not an object envelope",
            ));
        };
        let pagination_key = envelope
            .properties
            .iter()
            .find(|(_, node, pointer)| self.is_pagination(*node, pointer))
            .map(|(name, _, _)| name.clone());
        if let Some((_, node, pointer)) = envelope
            .properties
            .iter()
            .find(|(n, _, _)| Some(n) == pagination_key.as_ref())
        {
            // Reached, so the pagination model is generated too.
            let pagination_ctx = Ctx {
                name: format!("{}Pagination", ctx.name),
                property: None,
                item: None,
                pointer: pointer.clone(),
                home: ctx.home.clone(),
            };
            self.type_ref(*node, &pagination_ctx)?;
        }
        let candidates: Vec<&(String, Node<'a>, Pointer)> = envelope
            .properties
            .iter()
            .filter(|(name, _, _)| name != "ok" && Some(name) != pagination_key.as_ref())
            .collect();
        // The payload's key: `x-response-key` (`null`: none promised), else the older
        // `x-fern-sdk-return-value`, else the envelope's one property besides `ok` and the
        // pagination.
        let single = match candidates.as_slice() {
            [(only, _, _)] => Some(only.clone()),
            _ => None,
        };
        let (key, required) = match self.operation_ext(op, offered, "x-response-key") {
            Some((serde_json::Value::String(key), _)) => (Some(key.clone()), true),
            Some((serde_json::Value::Null, _)) => (single, false),
            other => {
                if let Some((_, m)) = other {
                    self.warn(
                        &ctx.pointer
                            .sibling(&m.as_str().to_ascii_lowercase())
                            .push("x-response-key"),
                        "ignored: expected a property name or null",
                    );
                }
                match self.operation_ext(op, offered, "x-fern-sdk-return-value") {
                    Some((serde_json::Value::String(key), _))
                        if envelope.properties.iter().any(|(n, _, _)| n == key) =>
                    {
                        let required = envelope.required.contains(key);
                        (Some(key.clone()), required)
                    }
                    _ => {
                        let required = single
                            .as_ref()
                            .is_some_and(|only| envelope.required.contains(only));
                        (single, required)
                    }
                }
            }
        };
        let Some(key) = key else {
            return Ok(Response::Empty);
        };
        let Some((_, node, prop_pointer)) = envelope.properties.iter().find(|(n, _, _)| *n == key)
        else {
            self.warn(
                &ctx.pointer.push("x-response-key"),
                format!("names `{key}`, which the response schema does not declare; decoded as any JSON"),
            );
            return Ok(Response::Payload {
                key,
                ty: TypeRef::Json,
                required,
            });
        };
        let payload_ctx = Ctx {
            name: format!("{}{}", ctx.name, pascal(&[&key])),
            property: None,
            item: Some(format!("{}{}", ctx.name, pascal(&[&singular(&key)]))),
            pointer: prop_pointer.clone(),
            home: ctx.home.clone(),
        };
        let ty = self.type_ref(*node, &payload_ctx)?;
        if let (Some(pagination_key), Some(cursor_param), TypeRef::Array(item)) =
            (&pagination_key, &cursor_param, ty.non_null())
        {
            return Ok(Response::Page {
                key,
                item: (**item).clone(),
                pagination_key: pagination_key.clone(),
                cursor_param: cursor_param.clone(),
            });
        }
        Ok(Response::Payload { key, ty, required })
    }

    fn is_pagination(&self, node: Node<'a>, pointer: &Pointer) -> bool {
        matches!(
            self.object_view(node, pointer, &mut Vec::new()),
            Ok(Some(view)) if view.properties.iter().any(|(n, _, _)| n == "next_page_cursor")
        )
    }

    /// Follows `$ref`s to `#/components/<section>/<name>` (responses, request bodies,
    /// parameters) to the object, failing on cycles and dangling references.
    fn resolve_other<T>(
        &self,
        item: &'a ReferenceOr<T>,
        section: &str,
        pointer: &Pointer,
        entries: for<'c> fn(
            &'c openapiv3::Components,
        ) -> &'c indexmap::IndexMap<String, ReferenceOr<T>>,
    ) -> Result<&'a T> {
        let doc = self.doc;
        let mut current = item;
        let mut chain: Vec<String> = Vec::new();
        loop {
            let reference = match current {
                ReferenceOr::Item(item) => return Ok(item),
                ReferenceOr::Reference { reference } => reference,
            };
            let name = match Pointer::tokens(reference).as_deref() {
                Some([components, s, name]) if components == "components" && s == section => {
                    name.clone()
                }
                _ => {
                    return Err(GenerateError::spec(
                        pointer.as_str(),
                        format!("unsupported $ref `{reference}`: only local `#/components/{section}/<name>` references are"),
                    ))
                }
            };
            if chain.contains(&name) {
                chain.push(name);
                return Err(GenerateError::spec(
                    pointer.as_str(),
                    format!("$ref cycle: {}", chain.join(" -> ")),
                ));
            }
            current = doc
                .components
                .as_ref()
                .and_then(|c| entries(c).get(&name))
                .ok_or_else(|| {
                    GenerateError::spec(
                        pointer.as_str(),
                        format!("unresolvable $ref `{reference}`: no such entry in `#/components/{section}`"),
                    )
                })?;
            chain.push(name);
        }
    }

    // ---------------------------------------------------------------- schemas

    fn resolve(
        &self,
        reference: &str,
        pointer: &Pointer,
    ) -> Result<(&'a str, &'a ReferenceOr<Schema>)> {
        let doc = self.doc;
        let tokens = Pointer::tokens(reference);
        let name = match tokens.as_deref() {
            Some([components, schemas, name]) if components == "components" && schemas == "schemas" => name.clone(),
            _ => {
                return Err(GenerateError::spec(
                    pointer.as_str(),
                    format!("unsupported $ref `{reference}`: only local `#/components/schemas/<name>` references are"),
                ))
            }
        };
        doc.components
            .as_ref()
            .and_then(|c| c.schemas.get_key_value(&name))
            .map(|(k, v)| (k.as_str(), v))
            .ok_or_else(|| {
                GenerateError::spec(
                    pointer.as_str(),
                    format!("unresolvable $ref `{reference}`: no such component schema"),
                )
            })
    }

    /// Follows a chain of references to a schema, failing on cycles.
    fn resolve_node(
        &self,
        node: Node<'a>,
        pointer: &Pointer,
    ) -> Result<(&'a Schema, Pointer, Option<&'a str>)> {
        let mut current = node;
        let mut current_pointer = pointer.clone();
        let mut chain: Vec<&'a str> = Vec::new();
        loop {
            match current {
                Node::Schema(s) => return Ok((s, current_pointer, chain.last().copied())),
                Node::Ref(reference) => {
                    let (name, target) = self.resolve(reference, &current_pointer)?;
                    if chain.contains(&name) {
                        chain.push(name);
                        return Err(GenerateError::spec(
                            pointer.as_str(),
                            format!("$ref cycle: {}", chain.join(" -> ")),
                        ));
                    }
                    chain.push(name);
                    current_pointer = Pointer::root()
                        .push("components")
                        .push("schemas")
                        .push(name);
                    current = Node::plain(target);
                }
            }
        }
    }

    fn component_ref(&mut self, reference: &str, pointer: &Pointer) -> Result<TypeRef> {
        let (component, schema) = self.resolve(reference, pointer)?;
        let name = self.component_names[component].clone();
        let nullable = match schema {
            ReferenceOr::Item(s) => s.schema_data.nullable,
            ReferenceOr::Reference { .. } => false,
        };
        if !self.types.contains_key(&name) && !self.in_progress.contains(component) {
            self.in_progress.insert(component.to_string());
            let component_pointer = Pointer::root()
                .push("components")
                .push("schemas")
                .push(component);
            let ctx = Ctx {
                name: name.clone(),
                property: None,
                item: Some(format!("{name}Item")),
                pointer: component_pointer.clone(),
                home: Home::Model {
                    component: component.to_string(),
                },
            };
            let result = match schema {
                ReferenceOr::Reference { .. } => {
                    // An alias of another component; resolve_node reports cycles.
                    self.resolve_node(Node::plain(schema), &component_pointer)?;
                    let target = self.type_ref(Node::plain(schema), &ctx)?;
                    self.define(&name, Docs::default(), TypeKind::Alias(target), &ctx);
                    Ok(())
                }
                ReferenceOr::Item(s) => self.inline(s, &ctx, Some(&name)).map(|_| ()),
            };
            self.in_progress.remove(component);
            result?;
        }
        let named = TypeRef::Named(name);
        Ok(if nullable {
            TypeRef::Nullable(Box::new(named))
        } else {
            named
        })
    }

    fn type_ref(&mut self, node: Node<'a>, ctx: &Ctx) -> Result<TypeRef> {
        if self.depth >= MAX_TYPE_DEPTH {
            return Err(GenerateError::spec(
                ctx.pointer.as_str(),
                format!("types nest more than {MAX_TYPE_DEPTH} levels deep here (through properties, items and references); the generator does not follow them further"),
            ));
        }
        self.depth += 1;
        let result = match node {
            Node::Ref(reference) => self.component_ref(reference, &ctx.pointer),
            Node::Schema(schema) => self.inline(schema, ctx, None),
        };
        self.depth -= 1;
        result
    }

    fn define(&mut self, name: &str, docs: Docs, kind: TypeKind, ctx: &Ctx) {
        self.types.insert(
            name.to_string(),
            TypeDef {
                name: name.to_string(),
                docs,
                kind,
                home: ctx.home.clone(),
                pointer: ctx.pointer.as_str().to_string(),
            },
        );
    }

    /// Converts a schema in place. `exact` names the type to define (a component);
    /// otherwise a type is defined only when the schema needs a name.
    fn inline(&mut self, schema: &'a Schema, ctx: &Ctx, exact: Option<&str>) -> Result<TypeRef> {
        let class = self.classify(schema, ctx)?;
        let expected = match &class {
            Class::Primitive(TypeRef::String) | Class::StringEnum(_) => Some("string"),
            Class::Primitive(TypeRef::Boolean) => Some("boolean"),
            Class::Primitive(TypeRef::Integer | TypeRef::Number) => Some("number"),
            Class::Array(_) => Some("array"),
            Class::Map(_) | Class::Struct => Some(TYPE_KIND_STRUCT),
            _ => None,
        };
        let mut docs = self.docs(&schema.schema_data, &ctx.pointer, expected);
        docs.format = format_of(schema);
        let named_kind = |builder: &mut Self, name: &str| -> Result<Option<TypeKind>> {
            let named_ctx = Ctx {
                name: name.to_string(),
                property: None,
                ..ctx.clone()
            };
            Ok(match &class {
                Class::Struct => {
                    let view = builder
                        .object_view(Node::Schema(schema), &ctx.pointer, &mut Vec::new())?
                        .unwrap_or_default();
                    Some(builder.struct_from_view(view, &named_ctx, name)?)
                }
                Class::StringEnum(values) => Some(TypeKind::StringEnum {
                    values: values
                        .iter()
                        .map(|v| EnumValue {
                            value: v.clone(),
                            docs: Docs::default(),
                        })
                        .collect(),
                }),
                Class::Union(members, discriminator) => {
                    Some(builder.union(members, discriminator.as_deref(), &named_ctx, false)?)
                }
                _ => None,
            })
        };
        let ty = match &class {
            Class::Primitive(t) => t.clone(),
            Class::Array(items) => {
                let item_ctx = Ctx {
                    name: ctx
                        .item
                        .clone()
                        .unwrap_or_else(|| format!("{}Item", ctx.name)),
                    property: None,
                    item: None,
                    pointer: ctx.pointer.push("items"),
                    home: ctx.home.clone(),
                };
                match items {
                    Some(node) => TypeRef::Array(Box::new(self.type_ref(*node, &item_ctx)?)),
                    None => TypeRef::Array(Box::new(TypeRef::Json)),
                }
            }
            Class::Map(values) => {
                let value_ctx = Ctx {
                    name: format!("{}Value", ctx.name),
                    property: None,
                    item: None,
                    pointer: ctx.pointer.push("additionalProperties"),
                    home: ctx.home.clone(),
                };
                match values {
                    Some(node) => TypeRef::Map(Box::new(self.type_ref(*node, &value_ctx)?)),
                    None => TypeRef::Map(Box::new(TypeRef::Json)),
                }
            }
            Class::Delegate(node) => self.type_ref(*node, ctx)?,
            Class::StringEnum(values)
                if exact.is_none()
                    && ctx.property.as_ref().is_some_and(|p| {
                        self.shared_enums.contains_key(&(p.clone(), values.clone()))
                    }) =>
            {
                let key = (ctx.property.clone().unwrap_or_default(), values.clone());
                TypeRef::Named(self.shared_enums[&key].clone())
            }
            Class::Struct | Class::StringEnum(_) | Class::Union(..) => {
                let name = match exact {
                    Some(name) => name.to_string(),
                    None => self.names.claim(&ctx.name),
                };
                if let Some(kind) = named_kind(self, &name)? {
                    if let (Class::StringEnum(values), Some(property), Home::Model { .. }) =
                        (&class, &ctx.property, &ctx.home)
                    {
                        self.shared_enums
                            .entry((property.clone(), values.clone()))
                            .or_insert_with(|| name.clone());
                    }
                    self.define(&name, docs.clone(), kind, ctx);
                }
                TypeRef::Named(name)
            }
        };
        let ty = match exact {
            Some(name) if ty != TypeRef::Named(name.to_string()) => {
                // A component that is not itself a struct/enum/union: an alias.
                self.define(name, docs, TypeKind::Alias(ty), ctx);
                TypeRef::Named(name.to_string())
            }
            _ => ty,
        };
        Ok(
            if schema.schema_data.nullable && exact.is_none() && !ty.is_nullable() {
                TypeRef::Nullable(Box::new(ty))
            } else {
                ty
            },
        )
    }

    fn classify(&mut self, schema: &'a Schema, ctx: &Ctx) -> Result<Class<'a>> {
        let discriminator = schema
            .schema_data
            .discriminator
            .as_ref()
            .map(|d| d.property_name.clone());
        Ok(match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                let values: Vec<String> = s.enumeration.iter().flatten().cloned().collect();
                if values.is_empty() {
                    Class::Primitive(TypeRef::String)
                } else {
                    Class::StringEnum(values)
                }
            }
            SchemaKind::Type(Type::Number(_)) => Class::Primitive(TypeRef::Number),
            SchemaKind::Type(Type::Integer(_)) => Class::Primitive(TypeRef::Integer),
            SchemaKind::Type(Type::Boolean(_)) => Class::Primitive(TypeRef::Boolean),
            SchemaKind::Type(Type::Array(a)) => Class::Array(a.items.as_ref().map(Node::boxed)),
            SchemaKind::Type(Type::Object(o)) => {
                if o.properties.is_empty() {
                    Class::Map(match &o.additional_properties {
                        Some(AdditionalProperties::Schema(s)) => Some(Node::plain(s)),
                        _ => None,
                    })
                } else {
                    Class::Struct
                }
            }
            SchemaKind::OneOf { one_of } => {
                Class::Union(one_of.iter().map(Node::plain).collect(), discriminator)
            }
            SchemaKind::AnyOf { any_of } => {
                Class::Union(any_of.iter().map(Node::plain).collect(), discriminator)
            }
            SchemaKind::AllOf { all_of } => match all_of.as_slice() {
                [only] => Class::Delegate(Node::plain(only)),
                _ => Class::Struct,
            },
            SchemaKind::Not { .. } => Class::Primitive(TypeRef::Json),
            SchemaKind::Any(any) => {
                let typ = any.typ.as_deref();
                if !any.properties.is_empty() || !any.all_of.is_empty() {
                    Class::Struct
                } else if !any.one_of.is_empty() {
                    Class::Union(any.one_of.iter().map(Node::plain).collect(), discriminator)
                } else if !any.any_of.is_empty() {
                    Class::Union(any.any_of.iter().map(Node::plain).collect(), discriminator)
                } else if typ == Some("array") || any.items.is_some() {
                    Class::Array(any.items.as_ref().map(Node::boxed))
                } else if typ == Some("object") || any.additional_properties.is_some() {
                    Class::Map(match &any.additional_properties {
                        Some(AdditionalProperties::Schema(s)) => Some(Node::plain(s)),
                        _ => None,
                    })
                } else if typ == Some("string") || any.enumeration.iter().any(|v| v.is_string()) {
                    let values: Vec<String> = any
                        .enumeration
                        .iter()
                        .filter_map(|v| v.as_str().map(str::to_string))
                        .collect();
                    if values.is_empty() {
                        Class::Primitive(TypeRef::String)
                    } else {
                        Class::StringEnum(values)
                    }
                } else if typ == Some("boolean") {
                    Class::Primitive(TypeRef::Boolean)
                } else if typ == Some("integer") {
                    Class::Primitive(TypeRef::Integer)
                } else if typ == Some("number") {
                    Class::Primitive(TypeRef::Number)
                } else {
                    if let Some(other) = typ {
                        let pointer = ctx.pointer.push("type");
                        self.warn(
                            &pointer,
                            format!("unknown type `{other}`; treated as any JSON"),
                        );
                    }
                    Class::Primitive(TypeRef::Json)
                }
            }
        })
    }

    /// Properties of an object-like schema, following `$ref`s and merging `allOf`.
    /// `None` when the schema is not object-like.
    fn object_view(
        &self,
        node: Node<'a>,
        pointer: &Pointer,
        stack: &mut Vec<&'a str>,
    ) -> Result<Option<ObjectView<'a>>> {
        let depth = self.view_depth.get();
        if depth >= MAX_TYPE_DEPTH {
            return Err(GenerateError::spec(
                pointer.as_str(),
                format!("`allOf`s and references nest more than {MAX_TYPE_DEPTH} levels deep here; the generator does not follow them further"),
            ));
        }
        self.view_depth.set(depth + 1);
        let result = self.object_view_inner(node, pointer, stack);
        self.view_depth.set(depth);
        result
    }

    fn object_view_inner(
        &self,
        node: Node<'a>,
        pointer: &Pointer,
        stack: &mut Vec<&'a str>,
    ) -> Result<Option<ObjectView<'a>>> {
        let (schema, pointer) = match node {
            Node::Schema(s) => (s, pointer.clone()),
            Node::Ref(reference) => {
                let (name, target) = self.resolve(reference, pointer)?;
                if stack.contains(&name) {
                    let mut chain: Vec<&str> = stack.clone();
                    chain.push(name);
                    return Err(GenerateError::spec(
                        pointer.as_str(),
                        format!("$ref cycle: {}", chain.join(" -> ")),
                    ));
                }
                stack.push(name);
                let target_pointer = Pointer::root()
                    .push("components")
                    .push("schemas")
                    .push(name);
                let view = self.object_view(Node::plain(target), &target_pointer, stack);
                stack.pop();
                return view;
            }
        };
        let mut view = ObjectView::default();
        let (properties, required, all_of, one_of): ObjectParts<'a> = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => (Some(&o.properties), &o.required, &[], &[]),
            SchemaKind::AllOf { all_of } => (None, &[], all_of, &[]),
            SchemaKind::Any(any)
                if !any.properties.is_empty()
                    || !any.all_of.is_empty()
                    || any.typ.as_deref() == Some("object") =>
            {
                (
                    Some(&any.properties),
                    &any.required,
                    &any.all_of,
                    &any.one_of,
                )
            }
            _ => return Ok(None),
        };
        if let Some(properties) = properties {
            for (name, prop) in properties {
                view.add_property(
                    name,
                    Node::boxed(prop),
                    pointer.push("properties").push(name),
                );
            }
            view.add_required(required);
        }
        for (index, member) in all_of.iter().enumerate() {
            let member_pointer = pointer.push("allOf").push(&index.to_string());
            let node = Node::plain(member);
            if let Some(member_view) = self.object_view(node, &member_pointer, stack)? {
                for (name, node, p) in member_view.properties {
                    view.add_property(&name, node, p);
                }
                view.add_required(&member_view.required);
                if let Some(one_of) = member_view.one_of {
                    self.set_one_of(&mut view, one_of, &member_pointer)?;
                }
            } else if let Some(members) = self.union_members(node, &member_pointer)? {
                self.set_one_of(
                    &mut view,
                    (members, member_pointer.clone()),
                    &member_pointer,
                )?;
            } else {
                return Err(GenerateError::spec(
                    member_pointer.as_str(),
                    "an `allOf` member that is neither an object nor a `oneOf` of objects cannot be merged",
                ));
            }
        }
        if !one_of.is_empty() {
            let one_of_pointer = pointer.push("oneOf");
            self.set_one_of(
                &mut view,
                (
                    one_of.iter().map(Node::plain).collect(),
                    one_of_pointer.clone(),
                ),
                &one_of_pointer,
            )?;
        }
        Ok(Some(view))
    }

    fn set_one_of(
        &self,
        view: &mut ObjectView<'a>,
        one_of: (Vec<Node<'a>>, Pointer),
        pointer: &Pointer,
    ) -> Result<()> {
        if view.one_of.is_some() {
            return Err(GenerateError::spec(
                pointer.as_str(),
                "an object that merges two `oneOf`s cannot be represented",
            ));
        }
        view.one_of = Some(one_of);
        Ok(())
    }

    /// The members of a `oneOf`/`anyOf` schema (following `$ref`s), if it is one.
    fn union_members(&self, node: Node<'a>, pointer: &Pointer) -> Result<Option<Vec<Node<'a>>>> {
        let (schema, _, _) = self.resolve_node(node, pointer)?;
        Ok(match &schema.schema_kind {
            SchemaKind::OneOf { one_of } => Some(one_of.iter().map(Node::plain).collect()),
            SchemaKind::AnyOf { any_of } => Some(any_of.iter().map(Node::plain).collect()),
            SchemaKind::Any(any) if !any.one_of.is_empty() && any.properties.is_empty() => {
                Some(any.one_of.iter().map(Node::plain).collect())
            }
            _ => None,
        })
    }

    fn fields(
        &mut self,
        view: &ObjectView<'a>,
        parent: &str,
        ctx: &Ctx,
        skip: Option<&str>,
    ) -> Result<Vec<Field>> {
        let mut fields = Vec::new();
        for (name, node, pointer) in &view.properties {
            if Some(name.as_str()) == skip {
                continue;
            }
            let field_ctx = Ctx {
                name: format!("{parent}{}", pascal(&[name])),
                property: Some(name.clone()),
                item: Some(format!("{parent}{}", pascal(&[&singular(name)]))),
                pointer: pointer.clone(),
                home: ctx.home.clone(),
            };
            let ty = self.type_ref(*node, &field_ctx)?;
            let docs = match node {
                Node::Schema(s) => {
                    let kind = self.json_kind(&ty);
                    let mut docs = self.docs(&s.schema_data, pointer, kind);
                    docs.format = format_of(s);
                    docs
                }
                Node::Ref(_) => Docs::default(),
            };
            fields.push(Field {
                name: name.clone(),
                ty,
                required: view.required.contains(name),
                docs,
            });
        }
        Ok(fields)
    }

    /// `parent` is the prefix for the names of inline children (request structs use the
    /// endpoint's name without the `Request` suffix).
    fn struct_from_view(
        &mut self,
        view: ObjectView<'a>,
        ctx: &Ctx,
        parent: &str,
    ) -> Result<TypeKind> {
        let fields = self.fields(&view, parent, ctx, None)?;
        let one_of = match &view.one_of {
            None => None,
            Some((members, pointer)) => {
                let union_name = self.names.claim(&format!("{parent}Selector"));
                let union_ctx = Ctx {
                    name: union_name.clone(),
                    property: None,
                    item: None,
                    pointer: pointer.clone(),
                    home: ctx.home.clone(),
                };
                let empty_branch = members.iter().any(|m| self.is_empty_object(*m, pointer));
                let kept: Vec<Node<'a>> = members
                    .iter()
                    .copied()
                    .filter(|m| !self.is_empty_object(*m, pointer))
                    .collect();
                let kind = self.union(&kept, None, &union_ctx, ctx.is_request())?;
                self.define(&union_name, Docs::default(), kind, &union_ctx);
                Some(OneOf {
                    field: "selector".to_string(),
                    ty: union_name,
                    optional: empty_branch,
                })
            }
        };
        Ok(TypeKind::Struct(Struct { fields, one_of }))
    }

    fn is_empty_object(&self, node: Node<'a>, pointer: &Pointer) -> bool {
        matches!(
            self.object_view(node, pointer, &mut Vec::new()),
            Ok(Some(view)) if view.properties.is_empty() && view.one_of.is_none()
        )
    }

    /// A `oneOf`/`anyOf`. `inline_fields` makes object variants hold their fields in place
    /// (request selectors, which are only ever serialized).
    fn union(
        &mut self,
        members: &[Node<'a>],
        discriminator: Option<&str>,
        ctx: &Ctx,
        inline_fields: bool,
    ) -> Result<TypeKind> {
        let mut resolved = Vec::new();
        for (index, member) in members.iter().enumerate() {
            let pointer = ctx.pointer.push("oneOf").push(&index.to_string());
            let (schema, _, component) = self.resolve_node(*member, &pointer)?;
            resolved.push((*member, schema, pointer, component));
        }

        // A union of string enums is one string enum.
        let mut enum_values = Vec::new();
        let all_strings = !resolved.is_empty()
            && resolved.iter().all(|(_, s, _, _)| match &s.schema_kind {
                SchemaKind::Type(Type::String(st)) if !st.enumeration.is_empty() => {
                    for v in st.enumeration.iter().flatten() {
                        if !enum_values.contains(v) {
                            enum_values.push(v.clone());
                        }
                    }
                    true
                }
                _ => false,
            });
        if all_strings {
            return Ok(TypeKind::StringEnum {
                values: enum_values
                    .into_iter()
                    .map(|value| EnumValue {
                        value,
                        docs: Docs::default(),
                    })
                    .collect(),
            });
        }

        // Tagged: every member an object with a distinct constant in one property.
        let mut views = Vec::new();
        for (node, _, pointer, _) in &resolved {
            match self.object_view(*node, pointer, &mut Vec::new())? {
                Some(view) if view.one_of.is_none() => views.push(view),
                _ => break,
            }
        }
        if !inline_fields && views.len() == resolved.len() && !views.is_empty() {
            if let Some((tag, values)) = self.find_tag(&views, discriminator) {
                let mut variants = Vec::new();
                for ((view, value), (node, _, pointer, _)) in
                    views.iter().zip(values).zip(&resolved)
                {
                    let name = self
                        .names
                        .claim(&format!("{}{}", ctx.name, pascal(&[&value])));
                    let variant_ctx = Ctx {
                        name: name.clone(),
                        property: None,
                        item: None,
                        pointer: pointer.clone(),
                        home: ctx.home.clone(),
                    };
                    let fields = self.fields(view, &name, &variant_ctx, Some(&tag))?;
                    let docs = match node {
                        Node::Schema(s) => self.docs(&s.schema_data, pointer, None),
                        Node::Ref(_) => Docs::default(),
                    };
                    self.define(
                        &name,
                        docs.clone(),
                        TypeKind::Struct(Struct {
                            fields,
                            one_of: None,
                        }),
                        &variant_ctx,
                    );
                    variants.push(TaggedVariant {
                        tag_value: value,
                        ty: name,
                        docs,
                    });
                }
                return Ok(TypeKind::TaggedUnion { tag, variants });
            }
        }
        if discriminator.is_some() {
            self.warn(
                &ctx.pointer.push("discriminator"),
                "the discriminator does not tell the members apart; decoded by shape instead",
            );
        }

        // Untagged: told apart by shape, and by the constants each member fixes.
        let member_views: Vec<Option<ObjectView<'a>>> = resolved
            .iter()
            .map(|(node, _, pointer, _)| self.object_view(*node, pointer, &mut Vec::new()))
            .collect::<Result<_>>()?;
        let constants: Vec<Vec<(String, String)>> = member_views
            .iter()
            .map(|view| match view {
                Some(view) => view
                    .properties
                    .iter()
                    .filter_map(|(name, node, pointer)| {
                        self.constant(*node, pointer).map(|c| (name.clone(), c))
                    })
                    .collect(),
                None => Vec::new(),
            })
            .collect();
        // Constant properties every member has, with values that differ between members,
        // name the variants (`action_type` + `status` -> `LockDoorPending`).
        let naming_properties: Vec<String> = constants
            .first()
            .map(|first| {
                first
                    .iter()
                    .map(|(name, _)| name.clone())
                    .filter(|name| {
                        let values: Vec<Option<&String>> = constants
                            .iter()
                            .map(|c| c.iter().find(|(n, _)| n == name).map(|(_, v)| v))
                            .collect();
                        values.iter().all(Option::is_some) && values.iter().any(|v| *v != values[0])
                    })
                    .collect()
            })
            .unwrap_or_default();
        let mut variants: Vec<UnionVariant> = Vec::new();
        let mut taken = BTreeSet::new();
        for (index, ((node, schema, pointer, component), view)) in
            resolved.iter().zip(member_views).enumerate()
        {
            let member_constants = constants[index].clone();
            let mut base = match (component, &view) {
                (Some(c), _) => self.component_names[*c].clone(),
                (None, Some(_)) if !naming_properties.is_empty() => naming_properties
                    .iter()
                    .filter_map(|p| member_constants.iter().find(|(n, _)| n == p))
                    .map(|(_, v)| pascal(&[&v.to_lowercase()]))
                    .collect(),
                (None, Some(view)) => variant_name_from_fields(view),
                (None, None) => match &schema.schema_kind {
                    SchemaKind::Type(Type::String(_)) => "String".to_string(),
                    SchemaKind::Type(Type::Number(_)) => "Number".to_string(),
                    SchemaKind::Type(Type::Integer(_)) => "Integer".to_string(),
                    SchemaKind::Type(Type::Boolean(_)) => "Boolean".to_string(),
                    SchemaKind::Type(Type::Array(_)) => "Array".to_string(),
                    _ => format!("Variant{}", index + 1),
                },
            };
            if base.is_empty() {
                base = format!("Variant{}", index + 1);
            }
            if !taken.insert(base.clone()) {
                let constant = view.as_ref().and_then(|v| self.constant_property(v));
                base = match constant {
                    Some(c) if taken.insert(format!("{base}{}", pascal(&[&c]))) => {
                        format!("{base}{}", pascal(&[&c]))
                    }
                    _ => {
                        let mut n = 2;
                        while !taken.insert(format!("{base}{n}")) {
                            n += 1;
                        }
                        format!("{base}{n}")
                    }
                };
            }
            let docs = match node {
                Node::Schema(s) => self.docs(&s.schema_data, pointer, None),
                Node::Ref(_) => Docs::default(),
            };
            let shape = match (&view, inline_fields) {
                (Some(view), true) => {
                    let variant_ctx = Ctx {
                        name: format!("{}{base}", ctx.name),
                        property: None,
                        item: None,
                        pointer: pointer.clone(),
                        home: ctx.home.clone(),
                    };
                    VariantShape::Fields(self.fields(
                        view,
                        &variant_ctx.name.clone(),
                        &variant_ctx,
                        None,
                    )?)
                }
                _ => {
                    let variant_ctx = ctx.child(format!("{}{base}", ctx.name), pointer.clone());
                    VariantShape::Type(self.type_ref(*node, &variant_ctx)?)
                }
            };
            variants.push(UnionVariant {
                name: base,
                constants: member_constants,
                shape,
                docs,
            });
        }
        Ok(TypeKind::Union { variants })
    }

    /// A property that every view requires and holds a distinct single string constant in.
    fn find_tag(
        &self,
        views: &[ObjectView<'a>],
        discriminator: Option<&str>,
    ) -> Option<(String, Vec<String>)> {
        let candidates: Vec<String> = match discriminator {
            Some(d) => vec![d.to_string()],
            None => views[0]
                .properties
                .iter()
                .map(|(n, _, _)| n.clone())
                .collect(),
        };
        'candidate: for tag in candidates {
            let mut values = Vec::new();
            for view in views {
                let Some((_, node, pointer)) = view.properties.iter().find(|(n, _, _)| *n == tag)
                else {
                    continue 'candidate;
                };
                match self.constant(*node, pointer) {
                    Some(value) if !values.contains(&value) => values.push(value),
                    _ => continue 'candidate,
                }
            }
            return Some((tag, values));
        }
        None
    }

    fn constant(&self, node: Node<'a>, pointer: &Pointer) -> Option<String> {
        let (schema, _, _) = self.resolve_node(node, pointer).ok()?;
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => match s.enumeration.as_slice() {
                [Some(value)] => Some(value.clone()),
                _ => None,
            },
            _ => None,
        }
    }

    fn constant_property(&self, view: &ObjectView<'a>) -> Option<String> {
        view.properties
            .iter()
            .find_map(|(_, node, pointer)| self.constant(*node, pointer))
    }

    /// The JSON type a value of `ty` has, when it is one.
    fn json_kind(&self, ty: &TypeRef) -> Option<&'static str> {
        match ty.non_null() {
            TypeRef::String => Some("string"),
            TypeRef::Boolean => Some("boolean"),
            TypeRef::Integer | TypeRef::Number => Some("number"),
            TypeRef::Array(_) => Some("array"),
            TypeRef::Map(_) => Some(TYPE_KIND_STRUCT),
            TypeRef::Named(name) => match self.types.get(name).map(|t| &t.kind) {
                Some(TypeKind::Struct(_)) => Some(TYPE_KIND_STRUCT),
                Some(TypeKind::StringEnum { .. }) => Some("string"),
                Some(TypeKind::Alias(target)) if target.named() != Some(name) => {
                    let target = target.clone();
                    self.json_kind(&target)
                }
                _ => None,
            },
            TypeRef::Json | TypeRef::Nullable(_) => None,
        }
    }

    fn docs(&mut self, data: &SchemaData, pointer: &Pointer, expected: Option<&str>) -> Docs {
        let default = match (&data.default, expected) {
            (None, _) => None,
            (Some(value), None) if value.get("$ref").is_some() => {
                let shown = serde_json::to_string(value).unwrap_or_default();
                self.warn(
                    &pointer.push("default"),
                    format!(
                        "ignored a `default` that is a reference, not a value: {}",
                        truncate(&shown, 80)
                    ),
                );
                None
            }
            (Some(value), Some(kind)) if !json_matches(value, kind) => {
                let shown = serde_json::to_string(value).unwrap_or_default();
                self.warn(
                    &pointer.push("default"),
                    format!(
                        "ignored a `default` that is not {}: {}",
                        article(kind),
                        truncate(&shown, 80)
                    ),
                );
                None
            }
            (Some(value), _) => Some(value.clone()),
        };
        Docs {
            title: data.title.clone().filter(|t| !t.trim().is_empty()),
            description: data.description.clone().filter(|d| !d.trim().is_empty()),
            deprecated: ext_flag(&data.extensions, "x-deprecated")
                .or_else(|| data.deprecated.then(|| "Deprecated.".to_string())),
            undocumented: ext_flag(&data.extensions, "x-undocumented"),
            draft: ext_flag(&data.extensions, "x-draft"),
            default,
            format: None,
        }
    }
}

/// Methods `Seam` has itself (from the runtime, and `Clone`/`Debug`), which a top-level
/// endpoint or group accessor must not shadow.
const SEAM_METHODS: &[&str] = &["new", "from_env", "builder", "call", "clone", "fmt"];

/// Who uses a method name on one handle (`Seam` or a group's).
enum Claim {
    Runtime,
    Group(Vec<String>),
    Endpoint(String),
}

/// Each method name is used once per handle, by an endpoint, its `_all` paginator, the
/// accessor of a sub-group, or the runtime. An endpoint whose name comes from its path
/// (no `x-fern-sdk-method-name`) and is taken by an accessor or the runtime is renamed
/// after its HTTP method (`GET /health` next to the group `/health/...`: `get_health`);
/// every other clash is an error.
fn check_method_names(
    endpoints: &mut [Endpoint],
    path_named: &BTreeSet<String>,
    warnings: &mut Vec<Warning>,
) -> Result<()> {
    let mut claims: BTreeMap<(Vec<String>, String), Claim> = BTreeMap::new();
    for name in SEAM_METHODS {
        claims.insert((Vec::new(), name.to_string()), Claim::Runtime);
    }
    for endpoint in endpoints.iter() {
        for depth in 0..endpoint.group.len() {
            let key = (
                endpoint.group[..depth].to_vec(),
                endpoint.group[depth].clone(),
            );
            let full = endpoint.group[..=depth].to_vec();
            match claims.get(&key) {
                None => {
                    claims.insert(key, Claim::Group(full));
                }
                Some(Claim::Runtime) => {
                    return Err(GenerateError::spec(
                        endpoint.pointer.as_str(),
                        format!(
                            "the SDK group `{}` would shadow the client's own method `Seam::{}`; give the operation another `x-fern-sdk-group-name`",
                            full.join("."),
                            key.1
                        ),
                    ))
                }
                Some(_) => {}
            }
        }
    }
    let method_names = |endpoint: &Endpoint, name: &str| -> Vec<String> {
        let mut names = vec![name.to_string()];
        if matches!(endpoint.response, Response::Page { .. }) {
            names.push(format!("{name}_all"));
        }
        names
    };
    for endpoint in endpoints.iter_mut() {
        let reserved = |claims: &BTreeMap<(Vec<String>, String), Claim>, name: &str| {
            method_names(endpoint, name).into_iter().find(|n| {
                matches!(
                    claims.get(&(endpoint.group.clone(), n.clone())),
                    Some(Claim::Runtime | Claim::Group(_))
                )
            })
        };
        if path_named.contains(&endpoint.pointer) && reserved(&claims, &endpoint.name).is_some() {
            let renamed = format!(
                "{}_{}",
                endpoint.method.as_str().to_ascii_lowercase(),
                endpoint.name
            );
            if reserved(&claims, &renamed).is_none() {
                warnings.push(Warning {
                    pointer: endpoint.pointer.clone(),
                    message: format!(
                        "the method name `{}` (from the path) is taken by a sub-group or the client; named `{renamed}` instead",
                        endpoint.name
                    ),
                });
                endpoint.name = renamed;
            }
        }
        for name in method_names(endpoint, &endpoint.name) {
            let shown = endpoint
                .group
                .iter()
                .chain(std::iter::once(&name))
                .cloned()
                .collect::<Vec<_>>()
                .join(".");
            let key = (endpoint.group.clone(), name.clone());
            let problem = match claims.get(&key) {
                None => {
                    claims.insert(key, Claim::Endpoint(endpoint.pointer.clone()));
                    continue;
                }
                Some(Claim::Runtime) => format!(
                    "SDK method `{shown}` would shadow the client's own method `Seam::{name}`"
                ),
                Some(Claim::Group(group)) => format!(
                    "SDK method `{shown}` has the name of the accessor of the SDK group `{}`",
                    group.join(".")
                ),
                Some(Claim::Endpoint(other)) => {
                    format!("SDK method `{shown}` is also generated for {other}")
                }
            };
            return Err(GenerateError::spec(
                endpoint.pointer.as_str(),
                format!("{problem}; give one of them another `x-fern-sdk-method-name`"),
            ));
        }
    }
    Ok(())
}

/// `{}`: a schema that says nothing.
fn is_any(node: Node<'_>) -> bool {
    match node {
        Node::Schema(s) => {
            matches!(&s.schema_kind, SchemaKind::Any(any) if *any == openapiv3::AnySchema::default())
        }
        Node::Ref(_) => false,
    }
}

fn variant_name_from_fields(view: &ObjectView<'_>) -> String {
    let names: Vec<&String> = if view.required.is_empty() {
        view.properties.iter().map(|(n, _, _)| n).collect()
    } else {
        view.required.iter().collect()
    };
    names
        .iter()
        .map(|n| pascal(&[n]))
        .collect::<Vec<_>>()
        .join("And")
}

fn article(kind: &str) -> String {
    if kind.starts_with(['a', 'e', 'i', 'o', 'u']) {
        format!("an {kind}")
    } else {
        format!("a {kind}")
    }
}

fn json_matches(value: &serde_json::Value, kind: &str) -> bool {
    match kind {
        "string" => value.is_string(),
        "boolean" => value.is_boolean(),
        "number" => value.is_number(),
        "array" => value.is_array(),
        "object" => value.is_object() && value.get("$ref").is_none(),
        _ => true,
    }
}

fn format_of(schema: &Schema) -> Option<String> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => {
            let format = match &s.format {
                VariantOrUnknownOrEmpty::Item(f) => Some(format!("{f:?}").to_lowercase()),
                VariantOrUnknownOrEmpty::Unknown(f) => Some(f.clone()),
                VariantOrUnknownOrEmpty::Empty => None,
            };
            let format = format.map(|f| {
                if f == "datetime" {
                    "date-time".to_string()
                } else {
                    f
                }
            });
            match (format, &s.pattern) {
                (Some(f), _) => Some(f),
                (None, Some(p)) => Some(format!("pattern `{p}`")),
                (None, None) => None,
            }
        }
        _ => None,
    }
}

fn ext_text(
    extensions: &indexmap::IndexMap<String, serde_json::Value>,
    key: &str,
) -> Option<String> {
    extensions
        .get(key)
        .and_then(|v| v.as_str())
        .map(str::to_string)
        .filter(|s| !s.trim().is_empty())
}

/// An `x-*` flag that is either a message string or `true`.
fn ext_flag(
    extensions: &indexmap::IndexMap<String, serde_json::Value>,
    key: &str,
) -> Option<String> {
    match extensions.get(key) {
        Some(serde_json::Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
        Some(serde_json::Value::String(_)) | Some(serde_json::Value::Bool(true)) => {
            Some(String::new())
        }
        _ => None,
    }
}

fn snake(s: &str) -> String {
    use heck::ToSnakeCase;
    s.to_snake_case()
}

fn truncate(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}...", &s[..i]),
        None => s.to_string(),
    }
}
