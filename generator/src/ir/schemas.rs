//! Schemas: what one schema becomes in the IR. A string, number, integer, boolean or any
//! JSON value; an array or a map of something; or a named type (a struct, a string enum,
//! a union), defined when the schema is a component or needs a name because it is none
//! of the primitive shapes. Answers:
//!
//! - why a value is `Nullable` (the schema, or the component a reference names, says
//!   `nullable: true`);
//! - why a type is an alias (a component that is a primitive, an array, a map or another
//!   component);
//! - why a request parameter shares a model's enum type (same property name, same values,
//!   more than one: a one-value enum is a variant's constant and is never shared);
//! - why an inline type is called what it is (its position, see [`super::naming`]).
//!
//! Object shapes are read by [`super::objects`], unions classified by [`super::unions`].

use super::build::{Builder, Ctx, Result, MAX_TYPE_DEPTH};
use super::constraints::constraints_of;
use super::docs::format_of;
use super::naming;
use super::refs::{component_pointer, Node};
use super::{Docs, EnumValue, Home, TypeKind, TypeRef};
use crate::error::{GenerateError, Pointer};
use openapiv3::{
    AdditionalProperties, ReferenceOr, Schema, SchemaKind, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};

/// How a schema maps onto the IR, before any name is handed out.
pub(super) enum Class<'a> {
    Primitive(TypeRef),
    Array(Option<Node<'a>>),
    Map(Option<Node<'a>>),
    Struct,
    StringEnum(Vec<String>),
    Union(Vec<Node<'a>>, Option<String>),
    /// `allOf` with one member: the member, with the outer docs.
    Delegate(Node<'a>),
}

impl Class<'_> {
    /// The JSON type a value of this class has, when it is one (to check `default`s).
    fn json_type(&self) -> Option<&'static str> {
        match self {
            Class::Primitive(TypeRef::String | TypeRef::Timestamp) | Class::StringEnum(_) => {
                Some("string")
            }
            Class::Primitive(TypeRef::Boolean) => Some("boolean"),
            Class::Primitive(TypeRef::Integer | TypeRef::Number) => Some("number"),
            Class::Array(_) => Some("array"),
            Class::Map(_) | Class::Struct => Some(super::docs::OBJECT),
            _ => None,
        }
    }
}

impl<'a> Builder<'a> {
    /// The type of the component a `#/components/schemas/<name>` reference names,
    /// converting the component the first time it is reached. Nullable when the component
    /// says `nullable: true`.
    pub(super) fn component_ref(&mut self, reference: &str, pointer: &Pointer) -> Result<TypeRef> {
        let (component, schema) = self.resolve(reference, pointer)?;
        let name = self.component_names[component].clone();
        let nullable = match schema {
            ReferenceOr::Item(s) => s.schema_data.nullable,
            ReferenceOr::Reference { .. } => false,
        };
        if !self.types.contains_key(&name) && !self.in_progress.contains(component) {
            self.in_progress.insert(component.to_string());
            let component_pointer = component_pointer(component);
            let home = Home::Model {
                component: component.to_string(),
            };
            let ctx = Ctx::at(name.clone(), component_pointer.clone(), home)
                .with_item(naming::item_type(&name));
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

    /// The type of the schema at `node`: a reference's component, or the schema in place.
    /// Fails when types nest more than [`MAX_TYPE_DEPTH`] deep.
    pub(super) fn type_ref(&mut self, node: Node<'a>, ctx: &Ctx) -> Result<TypeRef> {
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

    /// Converts a schema in place. `exact` names the type to define (a component);
    /// otherwise a type is defined only when the schema needs a name.
    pub(super) fn inline(
        &mut self,
        schema: &'a Schema,
        ctx: &Ctx,
        exact: Option<&str>,
    ) -> Result<TypeRef> {
        let class = self.classify(schema, ctx)?;
        let mut docs = self.docs(&schema.schema_data, &ctx.pointer, class.json_type());
        docs.format = format_of(schema);
        let named_kind = |builder: &mut Self, name: &str| -> Result<Option<TypeKind>> {
            let named_ctx = ctx.named(name);
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
                let item_ctx = ctx.child(ctx.item_name(), ctx.pointer.push("items"));
                match items {
                    Some(node) => TypeRef::Array(Box::new(self.type_ref(*node, &item_ctx)?)),
                    None => TypeRef::Array(Box::new(TypeRef::Json)),
                }
            }
            Class::Map(values) => {
                let value_ctx = ctx.child(
                    naming::map_value_type(&ctx.name()),
                    ctx.pointer.push("additionalProperties"),
                );
                match values {
                    Some(node) => TypeRef::Map(Box::new(self.type_ref(*node, &value_ctx)?)),
                    None => TypeRef::Map(Box::new(TypeRef::Json)),
                }
            }
            Class::Delegate(node) => self.type_ref(*node, ctx)?,
            Class::StringEnum(values)
                if exact.is_none()
                    && ctx.property.is_some_and(|p| {
                        self.shared_enums
                            .contains_key(&(p.to_string(), values.clone()))
                    }) =>
            {
                let key = (ctx.property.unwrap_or_default().to_string(), values.clone());
                TypeRef::Named(self.shared_enums[&key].clone())
            }
            Class::Struct | Class::StringEnum(_) | Class::Union(..) => {
                let name = match exact {
                    Some(name) => name.to_string(),
                    None => self.names.claim(&ctx.name()),
                };
                if let Some(kind) = named_kind(self, &name)? {
                    // A one-value enum is a constant that tells a union's variants apart;
                    // shared, it would carry the name of the first variant in the others.
                    if let (Class::StringEnum(values), Some(property), Home::Model { .. }) =
                        (&class, ctx.property, &*ctx.home)
                    {
                        if values.len() > 1 {
                            self.shared_enums
                                .entry((property.to_string(), values.clone()))
                                .or_insert_with(|| name.clone());
                        }
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
                if let Some(def) = self.types.get_mut(name) {
                    def.constraints = constraints_of(schema);
                }
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

    /// What kind of IR type a schema is, by its `type`, `enum`, `properties`, `items`,
    /// `additionalProperties`, `allOf`, `oneOf` and `anyOf`.
    pub(super) fn classify(&mut self, schema: &'a Schema, ctx: &Ctx) -> Result<Class<'a>> {
        let discriminator = schema
            .schema_data
            .discriminator
            .as_ref()
            .map(|d| d.property_name.clone());
        Ok(match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                let values: Vec<String> = s.enumeration.iter().flatten().cloned().collect();
                if values.is_empty()
                    && s.format == VariantOrUnknownOrEmpty::Item(StringFormat::DateTime)
                {
                    Class::Primitive(TypeRef::Timestamp)
                } else if values.is_empty() {
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
                    if values.is_empty() && any.format.as_deref() == Some("date-time") {
                        Class::Primitive(TypeRef::Timestamp)
                    } else if values.is_empty() {
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
}

/// `{}`: a schema that says nothing.
pub(super) fn is_any(node: Node<'_>) -> bool {
    match node {
        Node::Schema(s) => {
            matches!(&s.schema_kind, SchemaKind::Any(any) if *any == openapiv3::AnySchema::default())
        }
        Node::Ref(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::fixtures::{convert, schemas, type_def};
    use serde_json::json;

    #[test]
    fn primitive_components_are_aliases_and_primitive_properties_are_not_named() {
        let doc = schemas(json!({
            "id": { "type": "string", "format": "uuid", "description": "An id." },
            "count": { "type": "integer" },
            "tags": { "type": "array", "items": { "type": "string" } },
            "labels": { "type": "object", "additionalProperties": { "type": "number" } },
            "anything": {},
            "thing": { "type": "object", "properties": {
                "id": { "$ref": "#/components/schemas/id" },
                "flag": { "type": "boolean" },
            }},
        }));
        let mut builder = Builder::new(&doc);
        assert_eq!(convert(&mut builder, "id"), TypeRef::Named("Id".into()));
        let id = type_def(&builder, "Id");
        assert_eq!(id.kind, TypeKind::Alias(TypeRef::String));
        assert_eq!(id.docs.format.as_deref(), Some("uuid"));
        assert_eq!(id.docs.description.as_deref(), Some("An id."));
        convert(&mut builder, "count");
        assert_eq!(
            type_def(&builder, "Count").kind,
            TypeKind::Alias(TypeRef::Integer)
        );
        convert(&mut builder, "tags");
        assert_eq!(
            type_def(&builder, "Tags").kind,
            TypeKind::Alias(TypeRef::Array(Box::new(TypeRef::String)))
        );
        convert(&mut builder, "labels");
        assert_eq!(
            type_def(&builder, "Labels").kind,
            TypeKind::Alias(TypeRef::Map(Box::new(TypeRef::Number)))
        );
        convert(&mut builder, "anything");
        assert_eq!(
            type_def(&builder, "Anything").kind,
            TypeKind::Alias(TypeRef::Json)
        );
        convert(&mut builder, "thing");
        // Only the struct and the components it reaches are named: `flag` is a `bool`.
        let names: Vec<&String> = builder.types.keys().collect();
        assert!(!names.iter().any(|n| n.contains("Flag")), "{names:?}");
    }

    #[test]
    fn nullable_comes_from_the_schema_or_from_the_component_a_reference_names() {
        let doc = schemas(json!({
            "maybe": { "type": "object", "nullable": true,
                "properties": { "x": { "type": "string" } } },
            "thing": { "type": "object", "properties": {
                "note": { "type": "string", "nullable": true },
                "maybe": { "$ref": "#/components/schemas/maybe" },
                "plain": { "type": "string" },
            }},
        }));
        let mut builder = Builder::new(&doc);
        // The component itself is the type; references to it are nullable.
        assert_eq!(
            convert(&mut builder, "maybe"),
            TypeRef::Nullable(Box::new(TypeRef::Named("Maybe".into())))
        );
        convert(&mut builder, "thing");
        let TypeKind::Struct(thing) = &type_def(&builder, "Thing").kind else {
            panic!("a struct");
        };
        let ty = |name: &str| &thing.fields.iter().find(|f| f.name == name).unwrap().ty;
        assert_eq!(ty("note"), &TypeRef::Nullable(Box::new(TypeRef::String)));
        assert_eq!(
            ty("maybe"),
            &TypeRef::Nullable(Box::new(TypeRef::Named("Maybe".into())))
        );
        assert_eq!(ty("plain"), &TypeRef::String);
    }

    #[test]
    fn a_date_time_string_is_a_timestamp_and_other_formats_stay_strings() {
        let doc = schemas(json!({
            "thing": { "type": "object", "properties": {
                "at": { "type": "string", "format": "date-time" },
                "until": { "type": "string", "format": "date-time", "nullable": true },
                "history": { "type": "array", "items": { "type": "string", "format": "date-time" } },
                "day": { "type": "string", "format": "date" },
                "id": { "type": "string", "format": "uuid" },
                "when": { "type": "string", "format": "date-time", "enum": ["2024-03-01T10:40:00Z"] },
            }},
        }));
        let mut builder = Builder::new(&doc);
        convert(&mut builder, "thing");
        let TypeKind::Struct(thing) = &type_def(&builder, "Thing").kind else {
            panic!("a struct");
        };
        let ty = |name: &str| &thing.fields.iter().find(|f| f.name == name).unwrap().ty;
        assert_eq!(ty("at"), &TypeRef::Timestamp);
        assert_eq!(
            ty("until"),
            &TypeRef::Nullable(Box::new(TypeRef::Timestamp))
        );
        assert_eq!(ty("history"), &TypeRef::Array(Box::new(TypeRef::Timestamp)));
        assert_eq!(ty("day"), &TypeRef::String);
        assert_eq!(ty("id"), &TypeRef::String);
        // An enum of date-times is an enum: its values are what matters.
        assert!(matches!(ty("when"), TypeRef::Named(_)), "{:?}", ty("when"));
    }

    #[test]
    fn inline_types_are_named_after_their_position() {
        let doc = schemas(json!({
            "device": { "type": "object", "properties": {
                "location": { "type": "object", "properties": { "x": { "type": "string" } } },
                "warnings": { "type": "array", "items": {
                    "type": "object", "properties": { "code": { "type": "string" } } } },
                "extras": { "type": "object", "additionalProperties": {
                    "type": "object", "properties": { "y": { "type": "string" } } } },
            }},
            "devices": { "type": "array", "items": {
                "type": "object", "properties": { "z": { "type": "string" } } } },
        }));
        let mut builder = Builder::new(&doc);
        convert(&mut builder, "device");
        convert(&mut builder, "devices");
        for name in [
            "DeviceLocation",
            "DeviceWarning",
            "DeviceExtrasValue",
            "DevicesItem",
        ] {
            type_def(&builder, name);
        }
    }

    #[test]
    fn a_request_enum_like_a_model_property_shares_the_models_type() {
        let doc = schemas(json!({
            "thing": { "type": "object", "properties": {
                "mode": { "type": "string", "enum": ["on", "off"] },
            }},
        }));
        let mut builder = Builder::new(&doc);
        convert(&mut builder, "thing");
        let mode = json!({ "type": "string", "enum": ["on", "off"] });
        let mode: Schema = serde_json::from_value(mode).unwrap();
        let home = Home::Request {
            group: vec!["things".into()],
            unstable: false,
        };
        let mut request = Ctx::at(
            "ThingsUpdateMode".into(),
            Pointer::root().push("test"),
            home,
        );
        request.property = Some("mode");
        let ty = builder.inline(&mode, &request, None).expect("converts");
        assert_eq!(ty, TypeRef::Named("ThingMode".into()));
        assert!(!builder.types.contains_key("ThingsUpdateMode"));

        // Other values are a type of their own.
        let other: Schema =
            serde_json::from_value(json!({ "type": "string", "enum": ["on"] })).unwrap();
        let ty = builder.inline(&other, &request, None).expect("converts");
        assert_eq!(ty, TypeRef::Named("ThingsUpdateMode".into()));
    }

    #[test]
    fn a_one_value_enum_is_never_shared_so_each_is_named_where_it_is() {
        let doc = schemas(json!({
            "attempt": { "oneOf": [
                { "type": "object", "properties": {
                    "status": { "type": "string", "enum": ["pending"] },
                    "kind": { "type": "string", "enum": ["lock"] },
                }},
                { "type": "object", "properties": {
                    "status": { "type": "string", "enum": ["pending"] },
                    "kind": { "type": "string", "enum": ["unlock"] },
                }},
            ]},
        }));
        let mut builder = Builder::new(&doc);
        convert(&mut builder, "attempt");
        type_def(&builder, "AttemptLockStatus");
        type_def(&builder, "AttemptUnlockStatus");
    }

    #[test]
    fn a_single_all_of_is_its_member_and_an_unknown_type_is_any_json_with_a_warning() {
        let doc = schemas(json!({
            "base": { "type": "object", "properties": { "x": { "type": "string" } } },
            "thing": { "type": "object", "properties": {
                "wrapped": { "allOf": [{ "$ref": "#/components/schemas/base" }],
                    "description": "Wrapped." },
                "odd": { "type": "strange" },
            }},
        }));
        let mut builder = Builder::new(&doc);
        convert(&mut builder, "thing");
        let TypeKind::Struct(thing) = &type_def(&builder, "Thing").kind else {
            panic!("a struct");
        };
        // (`json!` sorts keys: `odd` comes first.)
        let field = |name: &str| thing.fields.iter().find(|f| f.name == name).unwrap();
        assert_eq!(field("wrapped").ty, TypeRef::Named("Base".into()));
        assert_eq!(
            field("wrapped").docs.description.as_deref(),
            Some("Wrapped.")
        );
        assert_eq!(field("odd").ty, TypeRef::Json);
        assert_eq!(
            builder.warnings[0].pointer,
            "#/components/schemas/thing/properties/odd/type"
        );
        assert!(builder.warnings[0]
            .message
            .contains("unknown type `strange`"));
    }

    #[test]
    fn nesting_beyond_the_bound_is_an_error_naming_the_place() {
        // Reading, converting and dropping the document all recurse once a level: on the
        // generator's big stack, as in a real run.
        let error = crate::on_big_stack(|| {
            let mut schema = json!({ "type": "string" });
            for _ in 0..=MAX_TYPE_DEPTH {
                schema = json!({ "type": "array", "items": schema });
            }
            let doc = schemas(json!({ "deep": schema }));
            let mut builder = Builder::new(&doc);
            builder
                .component_ref("#/components/schemas/deep", &Pointer::root())
                .expect_err("too deep")
                .to_string()
        })
        .expect("the thread starts");
        assert!(error.contains("nest more than 128 levels"), "{error}");
        assert!(
            error.contains("#/components/schemas/deep/items/items"),
            "{error}"
        );
    }

    #[test]
    fn the_empty_schema_is_any() {
        let empty: Schema = serde_json::from_value(json!({})).unwrap();
        let object: Schema = serde_json::from_value(json!({ "type": "object" })).unwrap();
        assert!(is_any(Node::Schema(&empty)));
        assert!(!is_any(Node::Schema(&object)));
        assert!(!is_any(Node::Ref("#/components/schemas/x")));
    }
}
