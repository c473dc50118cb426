//! The analysis driver: an OpenAPI document and a path prefix in, an [`Api`] out. It runs
//! the passes in order and holds what they share (`Builder`): the types defined so far,
//! the names handed out, the warnings.
//!
//! The passes, each in a module of its own:
//! 1. `endpoints`: the paths the prefix selects ([`crate::select`]), the method each is
//!    sent with, its SDK group and method name, its docs;
//! 2. `parameters`: the request struct, from the JSON body (`allOf` merged, a `oneOf`
//!    becoming a selector) and the query parameters;
//! 3. `responses` and `pagination`: the payload out of the envelope, or a page of items;
//! 4. on the way, `schemas`, `objects` and `unions` turn every schema reached into named
//!    types, with `docs` reading their documentation, and `naming` naming them.
//!
//! For `/`, every component schema then becomes a model, also those no endpoint reaches.
//! The conventions all of this relies on are in [`super::conventions`].

use super::naming::{self, Names};
use super::{Api, Constraints, Docs, Home, TypeDef, TypeKind};
use crate::error::{GenerateError, Pointer, Warning};
use crate::select::Prefix;
use openapiv3::OpenAPI;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

pub(super) type Result<T> = std::result::Result<T, GenerateError>;

/// How deeply the analysis follows types into one another (properties, items, union
/// members, references to components not yet converted). The Seam document needs 11; the bound keeps a pathological document from exhausting the stack.
pub const MAX_TYPE_DEPTH: usize = 128;

/// Builds the IR for the operations under `prefix` (`/` selects every path). It recurses
/// once per level of schema nesting on the caller's stack; [`crate::generate_from`] runs it
/// on a thread with a stack large enough for any depth the limits allow.
pub fn build(doc: &OpenAPI, prefix: &str) -> Result<(Api, Vec<Warning>)> {
    let mut builder = Builder::new(doc);
    let prefix = Prefix::new(prefix);
    let endpoints = builder.endpoints(&prefix)?;
    if prefix.is_everything() {
        // The whole API: every component schema is a model, also those no endpoint
        // returns (webhook payloads, for one).
        builder.all_components()?;
    }

    let api = Api {
        prefix: prefix.as_str().to_string(),
        endpoints,
        types: builder.types,
    };
    Ok((api, builder.warnings))
}

/// Where a schema is being converted: the name an inline type would get, where its own
/// inline children go, and its pointer. Most positions define no type (a string field, a
/// reference), so names are spelled only when asked for, and what a position shares with
/// its parent is borrowed.
#[derive(Clone)]
pub(super) struct Ctx<'p> {
    naming: Naming<'p>,
    /// The property this schema is the value of, if any.
    pub property: Option<&'p str>,
    pub pointer: Cow<'p, Pointer>,
    pub home: Cow<'p, Home>,
}

/// What an inline type at a position is named after.
#[derive(Clone)]
enum Naming<'p> {
    /// `name`; the items of an array there `item`, or else `{name}Item`.
    Given { name: String, item: Option<String> },
    /// The value of `member` in the type `parent`: [`naming::property_type`]; the items of
    /// an array there [`naming::property_item_type`].
    Member { parent: &'p str, member: &'p str },
}

impl<'p> Ctx<'p> {
    /// A position whose inline type is named `name`.
    pub fn at(name: String, pointer: Pointer, home: Home) -> Ctx<'static> {
        Ctx {
            naming: Naming::Given { name, item: None },
            property: None,
            pointer: Cow::Owned(pointer),
            home: Cow::Owned(home),
        }
    }

    /// The same position, the items of an array there named `item`.
    pub fn with_item(mut self, item: String) -> Self {
        if let Naming::Given { item: slot, .. } = &mut self.naming {
            *slot = Some(item);
        }
        self
    }

    /// The name an inline type here gets.
    pub fn name(&self) -> Cow<'_, str> {
        match &self.naming {
            Naming::Given { name, .. } => Cow::Borrowed(name),
            Naming::Member { parent, member } => Cow::Owned(naming::property_type(parent, member)),
        }
    }

    /// The name the items of an array here get.
    pub fn item_name(&self) -> String {
        match &self.naming {
            Naming::Given {
                item: Some(item), ..
            } => item.clone(),
            Naming::Given { name, item: None } => naming::item_type(name),
            Naming::Member { parent, member } => naming::property_item_type(parent, member),
        }
    }

    /// A position of its own (no property, no item name) in the same home.
    pub fn child(&self, name: String, pointer: Pointer) -> Ctx<'_> {
        Ctx {
            naming: Naming::Given { name, item: None },
            property: None,
            pointer: Cow::Owned(pointer),
            home: Cow::Borrowed(&self.home),
        }
    }

    /// The value of the property `property` (at `pointer`) of the type `parent`, in the
    /// same home.
    pub fn property<'c>(
        &'c self,
        parent: &'c str,
        property: &'c str,
        pointer: &'c Pointer,
    ) -> Ctx<'c> {
        Ctx {
            naming: Naming::Member {
                parent,
                member: property,
            },
            property: Some(property),
            pointer: Cow::Borrowed(pointer),
            home: Cow::Borrowed(&self.home),
        }
    }

    /// The same position, its inline type named `name`.
    pub fn named(&self, name: &str) -> Ctx<'_> {
        let item = match &self.naming {
            Naming::Given { item, .. } => item.clone(),
            Naming::Member { .. } => Some(self.item_name()),
        };
        Ctx {
            naming: Naming::Given {
                name: name.to_string(),
                item,
            },
            property: None,
            pointer: Cow::Borrowed(&self.pointer),
            home: Cow::Borrowed(&self.home),
        }
    }

    pub fn is_request(&self) -> bool {
        matches!(*self.home, Home::Request { .. })
    }
}

/// The state the analysis passes share. Each pass adds its methods in its own module.
pub(super) struct Builder<'a> {
    pub doc: &'a OpenAPI,
    pub names: Names,
    /// Component schema name -> its type name, for every component.
    pub component_names: BTreeMap<String, String>,
    /// Components being converted, further up the stack.
    pub in_progress: BTreeSet<String>,
    /// Model string enums by (property, values), so that a request parameter with the
    /// same name and values as a model field shares its type.
    pub shared_enums: BTreeMap<(String, Vec<String>), String>,
    pub types: BTreeMap<String, TypeDef>,
    pub warnings: Vec<Warning>,
    /// How many `type_ref`s are under way (bounded by [`MAX_TYPE_DEPTH`]).
    pub depth: usize,
    /// How many `object_view`s are under way (bounded by [`MAX_TYPE_DEPTH`]).
    pub view_depth: std::cell::Cell<usize>,
}

impl<'a> Builder<'a> {
    /// A builder for `doc`, every component's type name claimed first (in name order), so
    /// that components keep their names whatever else is named like them.
    pub fn new(doc: &'a OpenAPI) -> Self {
        let mut names = Names::default();
        let mut component_names = BTreeMap::new();
        if let Some(components) = &doc.components {
            let mut sorted: Vec<&String> = components.schemas.keys().collect();
            sorted.sort();
            for component in sorted {
                let name = names.claim(&naming::component_type(component));
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
    pub fn warn(&mut self, pointer: &Pointer, message: impl Into<String>) {
        let warning = Warning {
            pointer: pointer.as_str().to_string(),
            message: message.into(),
        };
        if !self.warnings.contains(&warning) {
            self.warnings.push(warning);
        }
    }

    /// Adds the type `name`, at the context's home and pointer.
    pub fn define(&mut self, name: &str, docs: Docs, kind: TypeKind, ctx: &Ctx) {
        self.types.insert(
            name.to_string(),
            TypeDef {
                name: name.to_string(),
                docs,
                kind,
                home: ctx.home.clone().into_owned(),
                pointer: ctx.pointer.as_str().to_string(),
                constraints: Constraints::default(),
            },
        );
    }

    /// Converts every component schema (the whole API's models).
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::fixtures::document;
    use serde_json::json;

    #[test]
    fn components_are_named_first_so_they_keep_their_names() {
        let doc = document(json!({
            "paths": {},
            "components": { "schemas": {
                "thing_b": { "type": "object", "properties": { "x": { "type": "string" } } },
                "thing-b": { "type": "string" },
            }},
        }));
        let builder = Builder::new(&doc);
        // Both are `ThingB`: the first in name order keeps it.
        assert_eq!(builder.component_names["thing-b"], "ThingB");
        assert_eq!(builder.component_names["thing_b"], "ThingB2");
    }

    #[test]
    fn the_whole_api_makes_a_model_of_every_component_and_a_prefix_only_of_those_reached() {
        let doc = document(json!({
            "paths": { "/things/get": { "post": { "responses": { "200": {
                "description": "",
                "content": { "application/json": { "schema": {
                    "type": "object",
                    "properties": { "thing": { "$ref": "#/components/schemas/thing" } },
                }}},
            }}}}},
            "components": { "schemas": {
                "thing": { "type": "object", "properties": { "id": { "type": "string" } } },
                "event": { "type": "object", "properties": { "id": { "type": "string" } } },
            }},
        }));
        let (all, _) = build(&doc, "/").expect("builds");
        assert_eq!(all.prefix, "/");
        assert!(all.types.contains_key("Thing") && all.types.contains_key("Event"));

        let (part, _) = build(&doc, "things/").expect("builds");
        assert_eq!(part.prefix, "/things");
        assert!(part.types.contains_key("Thing"));
        assert!(!part.types.contains_key("Event"));

        let (none, _) = build(&doc, "/other").expect("builds");
        assert!(none.endpoints.is_empty() && none.types.is_empty());
    }

    #[test]
    fn a_warning_about_one_place_is_recorded_once() {
        let doc = document(json!({ "paths": {} }));
        let mut builder = Builder::new(&doc);
        let pointer = Pointer::root().push("paths");
        builder.warn(&pointer, "odd");
        builder.warn(&pointer, "odd");
        builder.warn(&pointer, "other");
        assert_eq!(builder.warnings.len(), 2);
    }
}
