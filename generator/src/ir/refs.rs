//! References: following `$ref`s to what they name. Only local references into
//! `#/components/<section>/<name>` are supported; a dangling reference, a reference of
//! another form and a chain of references that comes back to itself are errors that name
//! the pointer where the reference was met.

use super::build::{Builder, Result};
use crate::error::{GenerateError, Pointer};
use openapiv3::{ReferenceOr, Schema};

/// A schema position: a reference to follow or a schema in place.
#[derive(Debug, Clone, Copy)]
pub(super) enum Node<'a> {
    Ref(&'a str),
    Schema(&'a Schema),
}

impl<'a> Node<'a> {
    pub fn plain(r: &'a ReferenceOr<Schema>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => Node::Ref(reference),
            ReferenceOr::Item(schema) => Node::Schema(schema),
        }
    }

    pub fn boxed(r: &'a ReferenceOr<Box<Schema>>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => Node::Ref(reference),
            ReferenceOr::Item(schema) => Node::Schema(schema),
        }
    }
}

/// The pointer of the component schema `name`.
pub(super) fn component_pointer(name: &str) -> Pointer {
    Pointer::root()
        .push("components")
        .push("schemas")
        .push(name)
}

impl<'a> Builder<'a> {
    /// Follows `$ref`s to `#/components/<section>/<name>` (responses, request bodies,
    /// parameters) to the object, failing on cycles and dangling references.
    pub(super) fn resolve_other<T>(
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

    /// The component schema a `#/components/schemas/<name>` reference names, and that name.
    pub(super) fn resolve(
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

    /// Follows a chain of references to a schema, failing on cycles. Returns the schema,
    /// its pointer and the last component followed (`None` for a schema in place).
    pub(super) fn resolve_node(
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
                    current_pointer = component_pointer(name);
                    current = Node::plain(target);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::fixtures::{document, schemas};
    use serde_json::json;

    fn here() -> Pointer {
        Pointer::root().push("here")
    }

    #[test]
    fn a_chain_of_references_leads_to_the_last_component_and_its_pointer() {
        let doc = schemas(json!({
            "a": { "$ref": "#/components/schemas/b" },
            "b": { "type": "string", "description": "B" },
        }));
        let builder = Builder::new(&doc);
        let (schema, pointer, component) = builder
            .resolve_node(Node::Ref("#/components/schemas/a"), &here())
            .expect("resolves");
        assert_eq!(schema.schema_data.description.as_deref(), Some("B"));
        assert_eq!(pointer.as_str(), "#/components/schemas/b");
        assert_eq!(component, Some("b"));
    }

    #[test]
    fn a_reference_cycle_is_an_error_naming_the_chain() {
        let doc = schemas(json!({
            "a": { "$ref": "#/components/schemas/b" },
            "b": { "$ref": "#/components/schemas/a" },
        }));
        let builder = Builder::new(&doc);
        let Err(error) = builder.resolve_node(Node::Ref("#/components/schemas/a"), &here()) else {
            panic!("a cycle resolves");
        };
        let message = error.to_string();
        assert!(message.contains("#/here"), "{message}");
        assert!(message.contains("$ref cycle: a -> b -> a"), "{message}");
    }

    #[test]
    fn dangling_and_foreign_references_are_errors() {
        let doc = schemas(json!({}));
        let builder = Builder::new(&doc);
        let dangling = builder
            .resolve("#/components/schemas/missing", &here())
            .expect_err("a dangling reference fails")
            .to_string();
        assert!(dangling.contains("no such component schema"), "{dangling}");
        let foreign = builder
            .resolve("other.json#/components/schemas/x", &here())
            .expect_err("a foreign reference fails")
            .to_string();
        assert!(foreign.contains("only local"), "{foreign}");
    }

    #[test]
    fn references_to_other_sections_are_followed_within_their_section() {
        let doc = document(json!({
            "paths": {},
            "components": { "parameters": {
                "alias": { "$ref": "#/components/parameters/limit" },
                "limit": { "name": "limit", "in": "query", "schema": { "type": "integer" } },
                "wrong": { "$ref": "#/components/schemas/limit" },
            }},
        }));
        let builder = Builder::new(&doc);
        let parameters = &doc.components.as_ref().unwrap().parameters;
        let limit = builder
            .resolve_other(&parameters["alias"], "parameters", &here(), |c| {
                &c.parameters
            })
            .expect("resolves");
        assert_eq!(limit.parameter_data_ref().name, "limit");
        let wrong = builder
            .resolve_other(&parameters["wrong"], "parameters", &here(), |c| {
                &c.parameters
            })
            .expect_err("a reference into schemas fails")
            .to_string();
        assert!(wrong.contains("#/components/parameters/<name>"), "{wrong}");
    }
}
