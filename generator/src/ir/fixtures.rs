//! Small OpenAPI documents for the analysis' unit tests, and shortcuts to run one pass.

use super::build::{Builder, Ctx};
use super::conventions::OK;
use super::{Home, TypeDef, TypeRef};
use crate::error::Pointer;
use openapiv3::OpenAPI;
use serde_json::{json, Value};

/// `value` (with `paths`, `components`, ...) as an OpenAPI 3.0 document; `openapi` and
/// `info` are filled in.
pub fn document(mut value: Value) -> OpenAPI {
    let object = value.as_object_mut().expect("a document is an object");
    object.insert("openapi".into(), json!("3.0.0"));
    object.insert("info".into(), json!({ "title": "test", "version": "1" }));
    object.entry("paths").or_insert_with(|| json!({}));
    serde_json::from_value(value).expect("a valid OpenAPI document")
}

/// A document with no paths and these component schemas.
pub fn schemas(schemas: Value) -> OpenAPI {
    document(json!({ "components": { "schemas": schemas } }))
}

/// A document with one operation, `method` on `path`.
pub fn operation(path: &str, method: &str, operation: Value) -> OpenAPI {
    document(json!({ "paths": { path: { method: operation } } }))
}

/// A success response whose body is `schema`.
pub fn responds(schema: Value) -> Value {
    json!({ "200": {
        "description": "",
        "content": { "application/json": { "schema": schema } },
    }})
}

/// A request body of `schema`.
pub fn body(schema: Value) -> Value {
    json!({ "content": { "application/json": { "schema": schema } } })
}

/// Seam's envelope: an object with the success flag and `properties`, all required.
pub fn envelope(properties: Value) -> Value {
    let mut all = serde_json::Map::new();
    all.insert(OK.to_string(), json!({ "type": "boolean" }));
    all.extend(properties.as_object().expect("properties").clone());
    let required: Vec<&String> = all.keys().collect();
    json!({ "type": "object", "properties": all, "required": required })
}

/// A position in a model file, its inline type named `name`.
pub fn model_ctx(name: &str) -> Ctx<'static> {
    Ctx::at(
        name.to_string(),
        Pointer::root().push("test"),
        Home::Model {
            component: "test".to_string(),
        },
    )
}

/// Converts the component schema `name` and returns the type it became.
pub fn convert(builder: &mut Builder<'_>, component: &str) -> TypeRef {
    let reference = format!("#/components/schemas/{component}");
    builder
        .component_ref(&reference, &Pointer::root().push("test"))
        .expect("the component converts")
}

/// The type `name`, which the pass must have defined.
pub fn type_def<'b>(builder: &'b Builder<'_>, name: &str) -> &'b TypeDef {
    builder.types.get(name).unwrap_or_else(|| {
        panic!(
            "no type `{name}`; defined: {:?}",
            builder.types.keys().collect::<Vec<_>>()
        )
    })
}
