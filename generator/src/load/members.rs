//! A JSON document read only as far as selecting a part of it needs: its syntax checked
//! all through, but its members kept as text ([`Node::Text`]) until they are read, except
//! the maps a selection picks from (`paths`, `components`, `components.schemas`), whose
//! members are split out while the document is read ([`Node::Map`]).

use crate::error::{GenerateError, Pointer};
use serde::de::{DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;
use std::collections::BTreeMap;

/// Members by name (the last of equal names wins, as in `serde_json::Value`).
pub(super) type Members = BTreeMap<String, Node>;

/// A JSON value, kept as text or split into its members.
#[derive(Debug, Clone)]
pub(super) enum Node {
    Text(Box<RawValue>),
    Map(Members),
}

impl Node {
    /// The members, when this is an object; else the node back.
    pub(super) fn into_members(self) -> Result<Members, Node> {
        match self {
            Node::Map(members) => Ok(members),
            Node::Text(text) if text.get().starts_with('{') => {
                read_shaped(text.get().as_bytes(), &[]).map_err(|_| Node::Text(text))
            }
            node => Err(node),
        }
    }

    /// The value, parsed (`at` is where it is, for the error).
    pub(super) fn to_value(&self, at: &Pointer) -> Result<serde_json::Value, GenerateError> {
        match self {
            Node::Text(text) => {
                serde_json::from_str(text.get()).map_err(|e| GenerateError::Parse {
                    pointer: at.as_str().to_string(),
                    message: format!("cannot read it as JSON: {e}"),
                })
            }
            Node::Map(members) => {
                let mut map = serde_json::Map::new();
                for (key, node) in members {
                    map.insert(key.clone(), node.to_value(&at.push(key))?);
                }
                Ok(serde_json::Value::Object(map))
            }
        }
    }

    /// How many bytes of JSON text this is (for sharing out work).
    pub(super) fn len(&self) -> usize {
        match self {
            Node::Text(text) => text.get().len(),
            Node::Map(members) => members
                .iter()
                .map(|(key, node)| key.len() + node.len())
                .sum(),
        }
    }

    /// The text of a JSON string, when this is one.
    pub(super) fn as_string(&self) -> Option<String> {
        match self {
            Node::Text(text) => serde_json::from_str(text.get()).ok(),
            Node::Map(_) => None,
        }
    }

    /// The JSON text, when it is kept as text.
    pub(super) fn text(&self) -> Option<&str> {
        match self {
            Node::Text(text) => Some(text.get()),
            Node::Map(_) => None,
        }
    }
}

/// How far a value is split: kept as text, or an object whose listed members have the
/// shapes given (the others kept as text).
#[derive(Debug, Clone, Copy)]
enum Shape {
    Text,
    Map(&'static [(&'static str, Shape)]),
}

/// The members of an OpenAPI document split where [`super::Source::select`] picks from.
const DOCUMENT: &[(&str, Shape)] = &[
    ("components", Shape::Map(&[("schemas", Shape::Map(&[]))])),
    ("paths", Shape::Map(&[])),
];

/// The top level of a JSON document, its syntax checked all through (errors give the line
/// and column).
pub(super) fn read_document(bytes: &[u8]) -> Result<Members, GenerateError> {
    // Split where a selection picks from; if one of those is not an object (the checks
    // will say so), only the top level is.
    if let Ok(members) = read_shaped(bytes, DOCUMENT) {
        return Ok(members);
    }
    if let Ok(members) = read_shaped(bytes, &[]) {
        return Ok(members);
    }
    // Not an object: a syntax error, or some other value.
    super::to_json_value(bytes, super::Syntax::Json)?;
    Err(GenerateError::Parse {
        pointer: "#".to_string(),
        message: "not an OpenAPI document: the top level is not an object".to_string(),
    })
}

/// `bytes`, an object, its members split as `shapes` says.
fn read_shaped(
    bytes: &[u8],
    shapes: &'static [(&'static str, Shape)],
) -> Result<Members, serde_json::Error> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let members = deserializer.deserialize_map(MapVisitor(shapes))?;
    deserializer.end()?;
    Ok(members)
}

impl<'de> DeserializeSeed<'de> for Shape {
    type Value = Node;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Node, D::Error> {
        match self {
            Shape::Text => Box::<RawValue>::deserialize(deserializer).map(Node::Text),
            Shape::Map(shapes) => deserializer
                .deserialize_map(MapVisitor(shapes))
                .map(Node::Map),
        }
    }
}

struct MapVisitor(&'static [(&'static str, Shape)]);

impl<'de> Visitor<'de> for MapVisitor {
    type Value = Members;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Members, A::Error> {
        let mut members = Members::new();
        while let Some(key) = map.next_key::<String>()? {
            let shape = self
                .0
                .iter()
                .find(|(name, _)| *name == key)
                .map_or(Shape::Text, |(_, shape)| *shape);
            let node = map.next_value_seed(shape)?;
            members.insert(key, node);
        }
        Ok(members)
    }
}
