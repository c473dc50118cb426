//! Endpoints: one SDK method per selected path. Answers:
//!
//! - which paths become endpoints (those the prefix selects, [`crate::select`]; a path
//!   with no GET, POST, PUT, PATCH or DELETE is skipped with a warning);
//! - which HTTP method is sent and which operation gives the parameters, for GET+POST and
//!   PATCH+POST twins ([`super::conventions`]);
//! - the SDK group and method name: the spec's names, else the path's segments (see
//!   [`super::naming`]), and why a method was renamed (`get_health`: its path-derived
//!   name is taken by a sub-group's accessor or the client's own methods) or rejected (two
//!   endpoints, or an endpoint and a group, would share a name);
//! - whose docs an endpoint has (the operation that names the method);
//! - why an endpoint is behind the `unstable` feature (it is undocumented).
//!
//! The request and response are [`super::parameters`]' and [`super::responses`]' business.

use super::build::{Builder, Ctx, Result};
use super::conventions::{self, CLIENT_METHODS, GROUP_NAME, METHOD_NAME};
use super::naming::{self, snake};
use super::{Endpoint, Home, HttpMethod, Response};
use crate::error::{GenerateError, Pointer, Warning};
use crate::select::Prefix;
use openapiv3::{Operation, ReferenceOr};
use std::collections::{BTreeMap, BTreeSet};

impl<'a> Builder<'a> {
    /// The endpoints of the paths `prefix` selects, ordered by group, then method name.
    pub(super) fn endpoints(&mut self, prefix: &Prefix) -> Result<Vec<Endpoint>> {
        let doc = self.doc;
        let mut paths: Vec<(&String, &ReferenceOr<openapiv3::PathItem>)> = doc
            .paths
            .paths
            .iter()
            .filter(|(path, _)| prefix.selects(path))
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
            let offered = conventions::offered(item);
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

    /// The endpoint of `path`, sent with `method` (`operation`), and whether its method
    /// name comes from the path rather than the spec.
    fn endpoint(
        &mut self,
        path: &str,
        method: HttpMethod,
        operation: &'a Operation,
        offered: &[(HttpMethod, &'a Operation)],
        path_pointer: &Pointer,
    ) -> Result<(Endpoint, bool)> {
        let op_pointer = path_pointer.push(&method.as_str().to_ascii_lowercase());
        let (param_method, param_op) =
            conventions::parameters_operation((method, operation), offered);
        let param_pointer = path_pointer.push(&param_method.as_str().to_ascii_lowercase());

        let segments = naming::path_segments(path);
        let group = self.group(operation, offered, &segments, path_pointer);
        let explicit = matches!(
            conventions::extension(operation, offered, METHOD_NAME),
            Some((serde_json::Value::String(s), _)) if !snake(s).is_empty()
        );
        let name = match conventions::extension(operation, offered, METHOD_NAME) {
            Some((serde_json::Value::String(s), _)) if !snake(s).is_empty() => snake(s),
            None => naming::method_from_path(&segments),
            Some((_, m)) => {
                self.warn(
                    &path_pointer
                        .push(&m.as_str().to_ascii_lowercase())
                        .push(METHOD_NAME),
                    "ignored: expected a non-empty name; the method is named after the path",
                );
                naming::method_from_path(&segments)
            }
        };
        let base_name = naming::endpoint_stem(&group, &name);
        // Documentation and lifecycle flags come from the operation that names the method
        // (the chosen one, unless only a sibling carries the method name).
        let doc_op = match conventions::extension(operation, offered, METHOD_NAME) {
            Some((_, m)) => offered
                .iter()
                .find(|(om, _)| *om == m)
                .map_or(operation, |(_, op)| *op),
            None => operation,
        };
        let docs = self.operation_docs(doc_op, path);
        let unstable = docs.undocumented.is_some();

        let request_home = Home::Request {
            group: group.clone(),
            unstable,
        };
        let request_ctx = Ctx::at(base_name.clone(), param_pointer.clone(), request_home);
        let request = self.request(param_op, &base_name, &request_ctx)?;
        let cursor_param = self.cursor_param(&request);
        let response_home = Home::Model {
            component: naming::response_module(&group, &name),
        };
        let response_ctx = Ctx::at(base_name.clone(), op_pointer.clone(), response_home);
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

    /// The SDK group of an endpoint: the spec's group name (a string, or a list of
    /// strings), else the path's segments but the last; empty segments left out.
    fn group(
        &mut self,
        operation: &'a Operation,
        offered: &[(HttpMethod, &'a Operation)],
        segments: &[String],
        path_pointer: &Pointer,
    ) -> Vec<String> {
        let group = match conventions::extension(operation, offered, GROUP_NAME) {
            None => naming::group_from_path(segments),
            Some((serde_json::Value::String(s), _)) => vec![snake(s)],
            Some((serde_json::Value::Array(items), _)) if items.iter().all(|i| i.is_string()) => {
                items.iter().filter_map(|i| i.as_str()).map(snake).collect()
            }
            Some((_, m)) => {
                self.warn(
                    &path_pointer
                        .push(&m.as_str().to_ascii_lowercase())
                        .push(GROUP_NAME),
                    "ignored: expected a string or an array of strings; the group comes from the path",
                );
                naming::group_from_path(segments)
            }
        };
        group.into_iter().filter(|s| !s.is_empty()).collect()
    }
}

/// Who uses a method name on one handle (`Seam` or a group's).
enum Claim {
    Runtime,
    Group(Vec<String>),
    Endpoint(String),
}

/// Each method name is used once per handle, by an endpoint, its paginator, the
/// accessor of a sub-group, or the client itself ([`CLIENT_METHODS`]). An endpoint whose
/// name comes from its path (no method name in the spec) and is taken by an accessor or
/// the client is renamed after its HTTP method (`GET /health` next to the group
/// `/health/...`: `get_health`); every other clash is an error.
fn check_method_names(
    endpoints: &mut [Endpoint],
    path_named: &BTreeSet<String>,
    warnings: &mut Vec<Warning>,
) -> Result<()> {
    let mut claims: BTreeMap<(Vec<String>, String), Claim> = BTreeMap::new();
    for name in CLIENT_METHODS {
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
                            "the SDK group `{}` would shadow the client's own method `Seam::{}`; give the operation another `{GROUP_NAME}`",
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
            names.push(naming::paginator_method(name));
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
            let renamed = naming::method_with_http_method(endpoint.method.as_str(), &endpoint.name);
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
                format!("{problem}; give one of them another `{METHOD_NAME}`"),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::fixtures::{body, document, envelope, responds};
    use crate::ir::TypeKind;
    use serde_json::{json, Value};

    fn endpoints_of(paths: Value, prefix: &str) -> (Result<Vec<Endpoint>>, Vec<Warning>) {
        let doc = document(json!({ "paths": paths }));
        let mut builder = Builder::new(&doc);
        let endpoints = builder.endpoints(&Prefix::new(prefix));
        (endpoints, builder.warnings)
    }

    fn op(extensions: Value) -> Value {
        let mut op = json!({ "responses": responds(envelope(json!({}))) });
        op.as_object_mut()
            .unwrap()
            .extend(extensions.as_object().unwrap().clone());
        op
    }

    fn names(endpoints: &[Endpoint]) -> Vec<String> {
        endpoints
            .iter()
            .map(|e| {
                let mut parts = e.group.clone();
                parts.push(e.name.clone());
                parts.join(".")
            })
            .collect()
    }

    #[test]
    fn groups_and_methods_come_from_the_path_when_the_spec_names_none() {
        let (endpoints, warnings) = endpoints_of(
            json!({
                "/acs/credentials/list": { "post": op(json!({})) },
                "/acs/credentials/unmanaged/get": { "post": op(json!({})) },
                "/devices/list": { "post": op(json!({})) },
            }),
            "/acs",
        );
        let endpoints = endpoints.expect("builds");
        assert_eq!(
            names(&endpoints),
            ["acs.credentials.list", "acs.credentials.unmanaged.get"]
        );
        assert_eq!(endpoints[0].request, "AcsCredentialsListRequest");
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn the_specs_group_and_method_names_win_over_the_path() {
        let (endpoints, _) = endpoints_of(
            json!({
                "/a/b/c": { "post": op(json!({
                    (GROUP_NAME): ["accessMethods", "unmanaged"],
                    (METHOD_NAME): "listAll",
                })) },
                "/x/y": { "post": op(json!({ (GROUP_NAME): "things" })) },
            }),
            "/",
        );
        assert_eq!(
            names(&endpoints.expect("builds")),
            ["access_methods.unmanaged.list_all", "things.y"]
        );
    }

    #[test]
    fn malformed_names_are_ignored_with_a_warning_naming_the_extension() {
        let (endpoints, warnings) = endpoints_of(
            json!({ "/things/list": { "post": op(json!({
                (GROUP_NAME): 3,
                (METHOD_NAME): "",
            })) } }),
            "/",
        );
        assert_eq!(names(&endpoints.expect("builds")), ["things.list"]);
        let pointers: Vec<&str> = warnings.iter().map(|w| w.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            [
                format!("#/paths/~1things~1list/post/{GROUP_NAME}"),
                format!("#/paths/~1things~1list/post/{METHOD_NAME}"),
            ]
        );
    }

    #[test]
    fn twins_are_one_endpoint_sent_with_one_method_and_given_the_parameters_of_another() {
        let twin = |method: &str| {
            let mut op = op(json!({}));
            op["requestBody"] = body(json!({ "type": "object", "properties": {
                format!("from_{method}"): { "type": "string" } } }));
            op
        };
        let doc = document(json!({ "paths": {
            "/things/list": { "get": twin("get"), "post": twin("post") } } }));
        let mut builder = Builder::new(&doc);
        let endpoints = builder.endpoints(&Prefix::new("/")).expect("builds");
        assert_eq!(endpoints.len(), 1);
        let endpoint = &endpoints[0];
        assert_eq!(endpoint.offered_methods.len(), 2);
        let sent = endpoint.method.as_str().to_ascii_lowercase();
        assert_eq!(endpoint.pointer, format!("#/paths/~1things~1list/{sent}"));
        // The request is built from the operation the conventions say declares the
        // parameters, whichever is sent.
        let from = conventions::PARAMETERS_FROM.as_str().to_ascii_lowercase();
        let request = &builder.types["ThingsListRequest"];
        assert_eq!(request.pointer, format!("#/paths/~1things~1list/{from}"));
        let TypeKind::Struct(request) = &request.kind else {
            panic!("a struct");
        };
        assert_eq!(request.fields[0].name, format!("from_{from}"));
    }

    #[test]
    fn docs_come_from_the_operation_that_names_the_method_and_undocumented_is_unstable() {
        let (endpoints, _) = endpoints_of(
            json!({ "/things/list": {
                "get": op(json!({ "description": "From the GET." })),
                "post": op(json!({
                    (METHOD_NAME): "list",
                    "description": "From the named one.",
                    (conventions::UNDOCUMENTED): true,
                })),
            } }),
            "/",
        );
        let endpoints = endpoints.expect("builds");
        assert_eq!(
            endpoints[0].docs.description.as_deref(),
            Some("From the named one.")
        );
        let doc = document(json!({ "paths": { "/things/list": {
            "post": op(json!({ (conventions::UNDOCUMENTED): "Internal." })) } } }));
        let mut builder = Builder::new(&doc);
        builder.endpoints(&Prefix::new("/")).unwrap();
        assert!(matches!(
            builder.types["ThingsListRequest"].home,
            Home::Request { unstable: true, .. }
        ));
    }

    #[test]
    fn a_path_with_no_supported_method_is_skipped_with_a_warning() {
        let (endpoints, warnings) = endpoints_of(
            json!({ "/things/watch": { "head": { "responses": {} } } }),
            "/",
        );
        assert!(endpoints.expect("builds").is_empty());
        assert_eq!(warnings[0].pointer, "#/paths/~1things~1watch");
        assert!(warnings[0].message.contains("skipped"));
    }

    #[test]
    fn a_path_named_method_taken_by_a_group_is_renamed_after_its_http_method() {
        let (endpoints, warnings) = endpoints_of(
            json!({
                "/health": { "get": op(json!({})) },
                "/health/check": { "get": op(json!({})) },
            }),
            "/",
        );
        assert_eq!(
            names(&endpoints.expect("builds")),
            ["get_health", "health.check"]
        );
        assert!(warnings[0].message.contains("named `get_health` instead"));
    }

    #[test]
    fn names_that_clash_are_errors_that_say_which_extension_to_change() {
        let (endpoints, _) = endpoints_of(
            json!({
                "/things/a": { "post": op(json!({ (METHOD_NAME): "get" })) },
                "/things/b": { "post": op(json!({ (METHOD_NAME): "get" })) },
            }),
            "/",
        );
        let error = endpoints.expect_err("fails").to_string();
        assert!(
            error.contains("SDK method `things.get` is also generated for"),
            "{error}"
        );
        assert!(error.contains(METHOD_NAME), "{error}");

        let (endpoints, _) = endpoints_of(
            json!({ "/x": { "post": op(json!({ (GROUP_NAME): "builder" })) } }),
            "/",
        );
        let error = endpoints.expect_err("fails").to_string();
        assert!(
            error.contains("would shadow the client's own method `Seam::builder`"),
            "{error}"
        );
        assert!(error.contains(GROUP_NAME), "{error}");

        // A top-level method the spec names like a client method is an error too.
        let (endpoints, _) = endpoints_of(
            json!({ "/x": { "post": op(json!({ (GROUP_NAME): [], (METHOD_NAME): "call" })) } }),
            "/",
        );
        let error = endpoints.expect_err("fails").to_string();
        assert!(error.contains("`Seam::call`"), "{error}");
    }

    #[test]
    fn a_path_item_reference_is_an_error() {
        let (endpoints, _) = endpoints_of(
            json!({ "/things/list": { "$ref": "#/components/pathItems/x" } }),
            "/",
        );
        let error = endpoints.expect_err("fails").to_string();
        assert!(error.contains("path item references"), "{error}");
    }
}
