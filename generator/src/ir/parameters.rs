//! Request parameters and selectors: an endpoint's request struct, and the choice a
//! merged `oneOf` offers. Answers:
//!
//! - which parameters a request has (the JSON body's properties, `allOf` merged, and the
//!   operation's query and path parameters whose names the body does not already have);
//! - why a parameter is required (the body's `required` list, a parameter's `required`);
//! - why a request has a `selector` (its body is, or merges, a `oneOf`: Seam's "give
//!   exactly one of these" groups such as `acs_user_id` | `user_identity_id`), and why it
//!   is optional (one branch of the `oneOf` is the empty object).
//!
//! Which operation the parameters come from (for GET+POST twins) is decided in
//! [`super::conventions`].

use super::build::{Builder, Ctx, Result};
use super::naming;
use super::objects::ObjectView;
use super::refs::Node;
use super::schemas::is_any;
use super::{Docs, OneOf};
use crate::error::{GenerateError, Pointer};
use openapiv3::Operation;

impl<'a> Builder<'a> {
    /// The request struct of `op`, named after the endpoint (`base_name`): the JSON body's
    /// properties, plus any query parameters. Returns the struct's name.
    pub(super) fn request(
        &mut self,
        op: &'a Operation,
        base_name: &str,
        ctx: &Ctx,
    ) -> Result<String> {
        let name = self.names.claim(&naming::request_type(base_name));
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
                    view = self.body_view(node, &schema_pointer)?;
                }
            }
        }
        for (index, parameter) in op.parameters.iter().enumerate() {
            let pointer = ctx.pointer.push("parameters").push(&index.to_string());
            let parameter =
                self.resolve_other(parameter, "parameters", &pointer, |c| &c.parameters)?;
            let data = parameter.parameter_data_ref();
            if let openapiv3::ParameterSchemaOrContent::Schema(schema) = &data.format {
                if view.add_missing_property(
                    &data.name,
                    Node::plain(schema),
                    pointer.push("schema"),
                ) && data.required
                {
                    view.add_required(std::slice::from_ref(&data.name));
                }
            }
        }
        let kind = self.struct_from_view(view, &ctx.named(&name), base_name)?;
        self.define(&name, docs, kind, ctx);
        Ok(name)
    }

    /// The parameters a request body schema declares: an object's properties, or a bare
    /// `oneOf` as the choice of parameter sets; a body of any JSON declares none.
    fn body_view(&mut self, node: Node<'a>, pointer: &Pointer) -> Result<ObjectView<'a>> {
        if let Some(view) = self.object_view(node, pointer, &mut Vec::new())? {
            return Ok(view);
        }
        match self.union_members(node, pointer)? {
            Some(members) => Ok(ObjectView {
                one_of: Some((members, pointer.clone())),
                ..ObjectView::default()
            }),
            None if is_any(node) => {
                self.warn(
                    pointer,
                    "the request body accepts any JSON; the SDK sends only the declared parameters",
                );
                Ok(ObjectView::default())
            }
            None => Err(GenerateError::spec(
                pointer.as_str(),
                "the request body schema is not an object, so it cannot become request parameters",
            )),
        }
    }

    /// The selector of the struct `parent`: a union of the `oneOf`'s branches but the empty
    /// object, optional when there is an empty one. In a request, the branches hold their
    /// fields in place (they are only ever sent).
    pub(super) fn selector(
        &mut self,
        members: &[Node<'a>],
        pointer: &Pointer,
        ctx: &Ctx,
        parent: &str,
    ) -> Result<OneOf> {
        let union_name = self.names.claim(&naming::selector_type(parent));
        let union_ctx = ctx.child(union_name.clone(), pointer.clone());
        let empty_branch = members.iter().any(|m| self.is_empty_object(*m, pointer));
        let kept: Vec<Node<'a>> = members
            .iter()
            .copied()
            .filter(|m| !self.is_empty_object(*m, pointer))
            .collect();
        let kind = self.union(&kept, None, &union_ctx, ctx.is_request())?;
        self.define(&union_name, Docs::default(), kind, &union_ctx);
        Ok(OneOf {
            field: naming::SELECTOR_FIELD.to_string(),
            ty: union_name,
            optional: empty_branch,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::fixtures::{body, document, type_def};
    use crate::ir::{Home, Struct, TypeKind, TypeRef, VariantShape};
    use serde_json::json;

    fn request_ctx(pointer: Pointer) -> Ctx<'static> {
        Ctx::at(
            "ThingsList".to_string(),
            pointer,
            Home::Request {
                group: vec!["things".to_string()],
                unstable: false,
            },
        )
    }

    /// Builds the request of the POST operation on `/things/list` in `doc`.
    fn request_of<'a>(builder: &mut Builder<'a>, doc: &'a openapiv3::OpenAPI) -> Result<Struct> {
        let op = doc.paths.paths["/things/list"]
            .as_item()
            .and_then(|item| item.post.as_ref())
            .expect("POST /things/list");
        let pointer = Pointer::root()
            .push("paths")
            .push("/things/list")
            .push("post");
        let name = builder.request(op, "ThingsList", &request_ctx(pointer))?;
        assert_eq!(name, "ThingsListRequest");
        match &type_def(builder, &name).kind {
            TypeKind::Struct(s) => Ok(s.clone()),
            other => panic!("a struct, not {other:?}"),
        }
    }

    fn list(operation: serde_json::Value) -> openapiv3::OpenAPI {
        document(json!({ "paths": { "/things/list": { "post": operation } } }))
    }

    #[test]
    fn body_properties_and_query_parameters_become_fields() {
        let doc = list(json!({
            "responses": {},
            "requestBody": body(json!({ "type": "object", "required": ["limit"], "properties": {
                "limit": { "type": "integer" },
                "name": { "type": "string" },
            }})),
            "parameters": [
                { "name": "name", "in": "query", "schema": { "type": "integer" } },
                { "name": "since", "in": "query", "required": true, "schema": { "type": "string" } },
            ],
        }));
        let mut builder = Builder::new(&doc);
        let request = request_of(&mut builder, &doc).expect("builds");
        let fields: Vec<(&str, &TypeRef, bool)> = request
            .fields
            .iter()
            .map(|f| (f.name.as_str(), &f.ty, f.required))
            .collect();
        // The body's `name` wins over the query parameter of the same name.
        assert_eq!(
            fields,
            [
                ("limit", &TypeRef::Integer, true),
                ("name", &TypeRef::String, false),
                ("since", &TypeRef::String, true),
            ]
        );
        assert!(request.one_of.is_none());
    }

    #[test]
    fn an_all_of_with_a_one_of_becomes_fields_and_a_selector_of_inline_fields() {
        let doc = list(json!({
            "responses": {},
            "requestBody": body(json!({ "allOf": [
                { "type": "object", "properties": { "limit": { "type": "integer" } } },
                { "oneOf": [
                    { "type": "object", "required": ["user_id"], "properties": {
                        "user_id": { "type": "string" } } },
                    { "type": "object", "required": ["device_id"], "properties": {
                        "device_id": { "type": "string" } } },
                    { "type": "object", "properties": {} },
                ]},
            ]})),
        }));
        let mut builder = Builder::new(&doc);
        let request = request_of(&mut builder, &doc).expect("builds");
        assert_eq!(request.fields.len(), 1);
        let one_of = request.one_of.expect("a selector");
        assert_eq!(one_of.field, "selector");
        assert_eq!(one_of.ty, "ThingsListSelector");
        assert!(
            one_of.optional,
            "the empty branch makes choosing none valid"
        );

        let selector = type_def(&builder, "ThingsListSelector");
        assert_eq!(
            selector.pointer,
            "#/paths/~1things~1list/post/requestBody/content/application~1json/schema/allOf/1"
        );
        let TypeKind::Union { variants } = &selector.kind else {
            panic!("a union");
        };
        let names: Vec<&str> = variants.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(names, ["UserId", "DeviceId"]);
        let VariantShape::Fields(fields) = &variants[0].shape else {
            panic!("request variants hold their fields in place");
        };
        assert_eq!(fields[0].name, "user_id");
        assert!(fields[0].required);
    }

    #[test]
    fn a_selector_without_an_empty_branch_is_required() {
        let doc = list(json!({
            "responses": {},
            "requestBody": body(json!({ "oneOf": [
                { "type": "object", "properties": { "a": { "type": "string" } } },
                { "type": "object", "properties": { "b": { "type": "string" } } },
            ]})),
        }));
        let mut builder = Builder::new(&doc);
        let request = request_of(&mut builder, &doc).expect("builds");
        assert!(request.fields.is_empty());
        assert!(!request.one_of.expect("a selector").optional);
    }

    #[test]
    fn a_body_of_any_json_warns_and_a_body_that_is_no_object_is_an_error() {
        let doc = list(json!({ "responses": {}, "requestBody": body(json!({})) }));
        let mut builder = Builder::new(&doc);
        let request = request_of(&mut builder, &doc).expect("builds");
        assert!(request.fields.is_empty());
        assert!(builder.warnings[0].message.contains("accepts any JSON"));

        let doc =
            list(json!({ "responses": {}, "requestBody": body(json!({ "type": "string" })) }));
        let mut builder = Builder::new(&doc);
        let error = request_of(&mut builder, &doc)
            .expect_err("fails")
            .to_string();
        assert!(
            error.contains("requestBody/content/application~1json/schema"),
            "{error}"
        );
        assert!(error.contains("not an object"), "{error}");
    }

    #[test]
    fn request_inline_types_live_in_the_endpoints_group() {
        let doc = list(json!({
            "responses": {},
            "requestBody": body(json!({ "type": "object", "properties": {
                "filter": { "type": "object", "properties": { "x": { "type": "string" } } },
            }})),
        }));
        let mut builder = Builder::new(&doc);
        request_of(&mut builder, &doc).expect("builds");
        let filter = type_def(&builder, "ThingsListFilter");
        assert_eq!(
            filter.home,
            Home::Request {
                group: vec!["things".to_string()],
                unstable: false
            }
        );
    }
}
