//! Responses and envelopes: what a successful call returns, out of Seam's envelope.
//! Answers:
//!
//! - which response is read (the lowest `2xx` status, or `2XX`; none, or one without a
//!   JSON body: [`Response::Empty`]);
//! - which envelope property is the payload: the response key extension names it (`null`:
//!   none is promised, so the payload is optional), else the older return-value
//!   extension, else the envelope's one property besides the success flag and the
//!   pagination object; with none of these, [`Response::Empty`];
//! - why a payload is optional ([`Response::Payload::required`]: the key is `null`, or the
//!   envelope does not require the property);
//! - whether it is a page instead ([`super::pagination`]).

use super::build::{Builder, Ctx, Result};
use super::conventions::{self, OK, RESPONSE_KEY, RETURN_VALUE};
use super::pagination::page;
use super::refs::Node;
use super::{HttpMethod, Response, TypeRef};
use crate::error::GenerateError;
use openapiv3::Operation;

impl<'a> Builder<'a> {
    /// What `op` returns on success. `cursor_param` is the request's cursor parameter, if
    /// it has one; inline types are named after the endpoint (`ctx.name`).
    pub(super) fn response(
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
        let pagination_key = self.pagination_key(&envelope, ctx)?;
        let candidates: Vec<&String> = envelope
            .properties
            .iter()
            .map(|(name, _, _)| name)
            .filter(|name| *name != OK && Some(*name) != pagination_key.as_ref())
            .collect();
        // The payload's key: the response key (`null`: none promised), else the older
        // return value, else the envelope's one property besides the flag and pagination.
        let single = match candidates.as_slice() {
            [only] => Some((*only).clone()),
            _ => None,
        };
        let (key, required) = match conventions::extension(op, offered, RESPONSE_KEY) {
            Some((serde_json::Value::String(key), _)) => (Some(key.clone()), true),
            Some((serde_json::Value::Null, _)) => (single, false),
            other => {
                if let Some((_, m)) = other {
                    self.warn(
                        &ctx.pointer
                            .sibling(&m.as_str().to_ascii_lowercase())
                            .push(RESPONSE_KEY),
                        "ignored: expected a property name or null",
                    );
                }
                match conventions::extension(op, offered, RETURN_VALUE) {
                    Some((serde_json::Value::String(key), _))
                        if envelope.property(key).is_some() =>
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
        let Some((_, node, prop_pointer)) = envelope.property(&key) else {
            self.warn(
                &ctx.pointer.push(RESPONSE_KEY),
                format!("names `{key}`, which the response schema does not declare; decoded as any JSON"),
            );
            return Ok(Response::Payload {
                key,
                ty: TypeRef::Json,
                required,
            });
        };
        let parent = ctx.name();
        let mut payload_ctx = ctx.property(&parent, &key, prop_pointer);
        // Named like a property, but none: the payload is not a field.
        payload_ctx.property = None;
        let ty = self.type_ref(*node, &payload_ctx)?;
        if let Some(page) = page(&key, &ty, pagination_key.as_ref(), cursor_param.as_ref()) {
            return Ok(page);
        }
        Ok(Response::Payload { key, ty, required })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Pointer;
    use crate::ir::fixtures::{envelope, operation, responds, type_def};
    use crate::ir::{Home, TypeKind};
    use serde_json::{json, Value};

    /// The response of `POST /things/get`, whose operation is `op`.
    fn response_of(op: Value, cursor_param: Option<&str>) -> (Result<Response>, Vec<String>) {
        let doc = operation("/things/get", "post", op);
        let mut builder = Builder::new(&doc);
        let item = doc.paths.paths["/things/get"].as_item().unwrap();
        let offered = conventions::offered(item);
        let pointer = Pointer::root()
            .push("paths")
            .push("/things/get")
            .push("post");
        let ctx = Ctx::at(
            "ThingsGet".to_string(),
            pointer,
            Home::Model {
                component: "things_get".to_string(),
            },
        );
        let response = builder.response(
            offered[0].1,
            &offered,
            cursor_param.map(str::to_string),
            &ctx,
        );
        let warnings = builder.warnings.iter().map(|w| w.to_string()).collect();
        (response, warnings)
    }

    fn thing() -> Value {
        json!({ "type": "object", "properties": { "id": { "type": "string" } } })
    }

    #[test]
    fn the_response_key_names_the_payload_and_makes_it_required() {
        let (response, warnings) = response_of(
            json!({
                (RESPONSE_KEY): "thing",
                "responses": responds(envelope(json!({ "thing": thing(), "other": thing() }))),
            }),
            None,
        );
        let Ok(Response::Payload { key, ty, required }) = response else {
            panic!("a payload: {response:?}");
        };
        assert_eq!(key, "thing");
        assert_eq!(ty, TypeRef::Named("ThingsGetThing".into()));
        assert!(required);
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn a_null_response_key_makes_the_single_payload_optional() {
        let (response, _) = response_of(
            json!({
                (RESPONSE_KEY): null,
                "responses": responds(envelope(json!({ "thing": thing() }))),
            }),
            None,
        );
        assert!(matches!(
            response,
            Ok(Response::Payload { ref key, required: false, .. }) if key == "thing"
        ));
    }

    #[test]
    fn a_null_response_key_with_no_single_candidate_is_empty() {
        let (response, _) = response_of(
            json!({
                (RESPONSE_KEY): null,
                "responses": responds(envelope(json!({}))),
            }),
            None,
        );
        assert_eq!(response.unwrap(), Response::Empty);
    }

    #[test]
    fn without_a_key_the_older_return_value_or_the_one_property_is_the_payload() {
        let mut optional = envelope(json!({ "a": thing(), "b": thing() }));
        optional["required"] = json!([OK]);
        let (response, _) = response_of(
            json!({ (RETURN_VALUE): "b", "responses": responds(optional) }),
            None,
        );
        assert!(matches!(
            response,
            Ok(Response::Payload { ref key, required: false, .. }) if key == "b"
        ));

        let (response, _) = response_of(
            json!({ "responses": responds(envelope(json!({ "only": thing() }))) }),
            None,
        );
        assert!(matches!(
            response,
            Ok(Response::Payload { ref key, required: true, .. }) if key == "only"
        ));

        // Two candidates and nothing to choose between them: nothing is returned.
        let (response, _) = response_of(
            json!({ "responses": responds(envelope(json!({ "a": thing(), "b": thing() }))) }),
            None,
        );
        assert_eq!(response.unwrap(), Response::Empty);
    }

    #[test]
    fn a_response_key_of_the_wrong_type_is_ignored_with_a_warning() {
        let (response, warnings) = response_of(
            json!({
                (RESPONSE_KEY): 7,
                "responses": responds(envelope(json!({ "thing": thing() }))),
            }),
            None,
        );
        assert!(matches!(response, Ok(Response::Payload { ref key, .. }) if key == "thing"));
        assert_eq!(
            warnings,
            [format!(
                "warning: #/paths/~1things~1get/post/{RESPONSE_KEY}: ignored: expected a property name or null"
            )]
        );
    }

    #[test]
    fn a_response_key_the_envelope_lacks_decodes_as_any_json_with_a_warning() {
        let (response, warnings) = response_of(
            json!({
                (RESPONSE_KEY): "missing",
                "responses": responds(envelope(json!({ "thing": thing() }))),
            }),
            None,
        );
        assert_eq!(
            response.unwrap(),
            Response::Payload {
                key: "missing".into(),
                ty: TypeRef::Json,
                required: true
            }
        );
        assert!(warnings[0].contains("names `missing`, which the response schema does not declare"));
    }

    #[test]
    fn the_lowest_success_status_is_read_and_no_json_body_is_empty() {
        let (response, _) = response_of(
            json!({ "responses": {
                "400": { "description": "", "content": { "application/json": { "schema": thing() } } },
                "204": { "description": "" },
                "201": { "description": "", "content": { "application/json": {
                    "schema": envelope(json!({ "thing": thing() })) } } },
            }}),
            None,
        );
        assert!(matches!(response, Ok(Response::Payload { .. })));

        let (response, _) = response_of(
            json!({ "responses": { "204": { "description": "" } } }),
            None,
        );
        assert_eq!(response.unwrap(), Response::Empty);
        let (response, _) = response_of(json!({ "responses": {} }), None);
        assert_eq!(response.unwrap(), Response::Empty);
    }

    #[test]
    fn a_success_body_that_is_no_object_is_an_error() {
        let (response, _) = response_of(
            json!({ "responses": responds(json!({ "type": "string" })) }),
            None,
        );
        let error = response.expect_err("fails").to_string();
        assert!(error.contains("not an object envelope"), "{error}");
        assert!(
            error.contains("/responses/200/content/application~1json/schema"),
            "{error}"
        );
    }

    #[test]
    fn an_array_payload_beside_a_pagination_object_is_a_page_when_the_request_has_a_cursor() {
        let body = envelope(json!({
            "things": { "type": "array", "items": thing() },
            "pagination": { "type": "object", "properties": {
                (conventions::NEXT_PAGE_CURSOR): { "type": "string" } } },
        }));
        let op = json!({ (RESPONSE_KEY): "things", "responses": responds(body) });
        let (response, _) = response_of(op.clone(), Some(conventions::CURSOR_PARAM));
        assert_eq!(
            response.unwrap(),
            Response::Page {
                key: "things".into(),
                item: TypeRef::Named("ThingsGetThing".into()),
                pagination_key: "pagination".into(),
                cursor_param: conventions::CURSOR_PARAM.into(),
            }
        );
        // Without the cursor parameter, the same response is a plain payload.
        let (response, _) = response_of(op, None);
        assert!(matches!(response, Ok(Response::Payload { .. })));
    }

    #[test]
    fn the_pagination_object_is_no_payload_candidate() {
        let body = envelope(json!({
            "things": { "type": "array", "items": thing() },
            "pagination": { "type": "object", "properties": {
                (conventions::NEXT_PAGE_CURSOR): { "type": "string" } } },
        }));
        let doc = operation(
            "/things/get",
            "post",
            json!({ "responses": responds(body) }),
        );
        let mut builder = Builder::new(&doc);
        let item = doc.paths.paths["/things/get"].as_item().unwrap();
        let offered = conventions::offered(item);
        let ctx = Ctx::at(
            "ThingsGet".to_string(),
            Pointer::root(),
            Home::Model {
                component: "things_get".to_string(),
            },
        );
        let response = builder
            .response(offered[0].1, &offered, None, &ctx)
            .unwrap();
        assert!(matches!(response, Response::Payload { ref key, .. } if key == "things"));
        assert!(matches!(
            type_def(&builder, "ThingsGetPagination").kind,
            TypeKind::Struct(_)
        ));
    }
}
