//! Pagination: whether an endpoint returns pages, and how the next one is asked for.
//!
//! An endpoint is paginated when three things hold: its request has the cursor parameter,
//! its response envelope has a pagination object (found by the next-page cursor it
//! holds, whatever its key), and its payload is an array. It then returns a
//! [`Response::Page`] of the array's items. The names involved are Seam's, in
//! [`super::conventions`].

use super::build::{Builder, Ctx, Result};
use super::conventions::{CURSOR_PARAM, NEXT_PAGE_CURSOR};
use super::naming;
use super::objects::ObjectView;
use super::refs::Node;
use super::{Response, TypeKind, TypeRef};
use crate::error::Pointer;

impl<'a> Builder<'a> {
    /// The request parameter that asks for the next page, if the request struct `request`
    /// has it.
    pub(super) fn cursor_param(&self, request: &str) -> Option<String> {
        self.types.get(request).and_then(|t| match &t.kind {
            TypeKind::Struct(s) => s
                .fields
                .iter()
                .find(|f| f.name == CURSOR_PARAM)
                .map(|f| f.name.clone()),
            _ => None,
        })
    }

    /// The key of the envelope's pagination object, if it has one; the object's model is
    /// generated too (named after the endpoint, `ctx.name`), so that it is reached.
    pub(super) fn pagination_key(
        &mut self,
        envelope: &ObjectView<'a>,
        ctx: &Ctx,
    ) -> Result<Option<String>> {
        let Some((key, node, pointer)) = envelope
            .properties
            .iter()
            .find(|(_, node, pointer)| self.is_pagination(*node, pointer))
        else {
            return Ok(None);
        };
        let pagination_ctx = ctx.child(naming::pagination_type(&ctx.name()), pointer.clone());
        self.type_ref(*node, &pagination_ctx)?;
        Ok(Some(key.clone()))
    }

    /// Whether the schema at `node` is a pagination object: an object with the next
    /// page's cursor.
    fn is_pagination(&self, node: Node<'a>, pointer: &Pointer) -> bool {
        matches!(
            self.object_view(node, pointer, &mut Vec::new()),
            Ok(Some(view)) if view.property(NEXT_PAGE_CURSOR).is_some()
        )
    }
}

/// The page an endpoint returns, when it is paginated: the payload under `key` is an
/// array (`ty`), the envelope has a pagination object and the request a cursor parameter.
pub(super) fn page(
    key: &str,
    ty: &TypeRef,
    pagination_key: Option<&String>,
    cursor_param: Option<&String>,
) -> Option<Response> {
    match (pagination_key, cursor_param, ty.non_null()) {
        (Some(pagination_key), Some(cursor_param), TypeRef::Array(item)) => Some(Response::Page {
            key: key.to_string(),
            item: (**item).clone(),
            pagination_key: pagination_key.clone(),
            cursor_param: cursor_param.clone(),
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::fixtures::{convert, model_ctx, schemas, type_def};
    use serde_json::json;

    fn pagination_schema() -> serde_json::Value {
        json!({ "type": "object", "properties": {
            (NEXT_PAGE_CURSOR): { "type": "string", "nullable": true },
            "has_next_page": { "type": "boolean" },
        }})
    }

    #[test]
    fn the_pagination_object_is_found_by_its_cursor_whatever_its_key() {
        let doc = schemas(json!({
            "envelope": { "type": "object", "properties": {
                "things": { "type": "array", "items": { "type": "string" } },
                "paging": pagination_schema(),
                "meta": { "type": "object", "properties": { "total": { "type": "integer" } } },
            }},
        }));
        let mut builder = Builder::new(&doc);
        let envelope = builder
            .object_view(
                Node::Ref("#/components/schemas/envelope"),
                &Pointer::root(),
                &mut Vec::new(),
            )
            .unwrap()
            .unwrap();
        let key = builder
            .pagination_key(&envelope, &model_ctx("ThingsList"))
            .expect("converts");
        assert_eq!(key.as_deref(), Some("paging"));
        // Its model is generated, named after the endpoint.
        assert!(matches!(
            type_def(&builder, "ThingsListPagination").kind,
            TypeKind::Struct(_)
        ));
    }

    #[test]
    fn an_envelope_without_a_cursor_object_has_no_pagination() {
        let doc = schemas(json!({
            "envelope": { "type": "object", "properties": {
                "meta": { "type": "object", "properties": { "total": { "type": "integer" } } },
            }},
        }));
        let mut builder = Builder::new(&doc);
        let envelope = builder
            .object_view(
                Node::Ref("#/components/schemas/envelope"),
                &Pointer::root(),
                &mut Vec::new(),
            )
            .unwrap()
            .unwrap();
        let key = builder.pagination_key(&envelope, &model_ctx("X")).unwrap();
        assert_eq!(key, None);
        assert!(builder.types.is_empty());
    }

    #[test]
    fn the_cursor_parameter_is_read_from_the_request_struct() {
        let doc = schemas(json!({
            "with": { "type": "object", "properties": {
                (CURSOR_PARAM): { "type": "string" }, "limit": { "type": "integer" } } },
            "without": { "type": "object", "properties": { "limit": { "type": "integer" } } },
        }));
        let mut builder = Builder::new(&doc);
        convert(&mut builder, "with");
        convert(&mut builder, "without");
        assert_eq!(builder.cursor_param("With").as_deref(), Some(CURSOR_PARAM));
        assert_eq!(builder.cursor_param("Without"), None);
        assert_eq!(builder.cursor_param("Missing"), None);
    }

    #[test]
    fn a_page_needs_an_array_payload_a_pagination_object_and_a_cursor() {
        let items = TypeRef::Array(Box::new(TypeRef::Named("Thing".into())));
        let paging = "pagination".to_string();
        let cursor = "cursor".to_string();
        assert_eq!(
            page("things", &items, Some(&paging), Some(&cursor)),
            Some(Response::Page {
                key: "things".into(),
                item: TypeRef::Named("Thing".into()),
                pagination_key: paging.clone(),
                cursor_param: cursor.clone(),
            })
        );
        // A nullable array pages too.
        let nullable = TypeRef::Nullable(Box::new(items.clone()));
        assert!(page("things", &nullable, Some(&paging), Some(&cursor)).is_some());
        assert_eq!(page("things", &items, None, Some(&cursor)), None);
        assert_eq!(page("things", &items, Some(&paging), None), None);
        assert_eq!(
            page("thing", &TypeRef::String, Some(&paging), Some(&cursor)),
            None
        );
    }
}
