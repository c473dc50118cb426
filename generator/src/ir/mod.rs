//! The intermediate representation: what the selected part of the API *is*, in terms of
//! endpoints, their parameters and responses, and the types they reach. Nothing here knows
//! about Rust syntax (that is [`crate::emit`]'s job); the analysis that turns an OpenAPI
//! document into this lives beside the types, one concern a module:
//!
//! | module | decides |
//! | --- | --- |
//! | [`build`] | the driver: runs the passes, holds the state they share, the depth bound |
//! | [`conventions`] | every Seam convention: `x-*` names, the envelope, cursor keys, the method preference, reserved client methods |
//! | `endpoints` | which paths are endpoints, the method sent, group and method names, renames and clashes |
//! | `parameters` | the request struct: body properties and query parameters, `allOf` + `oneOf` bodies, selectors |
//! | `responses` | the payload out of the envelope (`x-response-key`, `null` included), empty responses |
//! | `pagination` | whether a response is a page: cursor parameter, pagination object, array payload |
//! | `schemas` | what a schema becomes: primitive, array, map, named type or alias; nullability; shared enums |
//! | `objects` | an object's properties after `$ref`s and `allOf`: fields, required or optional, merged `oneOf`s |
//! | `unions` | `oneOf`/`anyOf`: string enum, tagged union (by a constant) or untagged union, variant names |
//! | `docs` | titles, descriptions, lifecycle flags, defaults (kept or dropped), format hints |
//! | `constraints` | what a value must be beyond its type: the formats the API checks, patterns, length and number limits |
//! | [`examples`] | a plausible value of each model, for the generated fixtures |
//! | `refs` | following `$ref`s, with errors for cycles and dangling references |
//! | [`naming`] | every derived name (types, groups, methods, variants), made unique by [`crate::symbols::scope`] |
//!
//! "Why is this field optional?" is answered in `objects` (and `responses` for payloads);
//! "why is it called so?" in [`naming`] (and, for the Rust spelling, in [`crate::symbols`],
//! which also decides the layout: what is boxed). Which paths a prefix selects is
//! [`crate::select`]'s.

pub mod build;
mod constraints;
pub mod conventions;
mod docs;
mod endpoints;
pub mod examples;
#[cfg(test)]
mod fixtures;
/// A document of component schemas only, for the unit tests of later passes.
#[cfg(test)]
pub(crate) use fixtures::schemas as test_schemas;
pub mod naming;
mod objects;
mod pagination;
mod parameters;
mod refs;
mod responses;
mod schemas;
mod unions;

use std::collections::BTreeMap;

/// Everything the SDK for one path prefix consists of.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// The path prefix the endpoints were selected by, e.g. `/acs/credentials`.
    pub prefix: String,
    /// Endpoints, ordered by SDK group path, then method name.
    pub endpoints: Vec<Endpoint>,
    /// Every named type the endpoints reach, keyed by its (unique) type name.
    pub types: BTreeMap<String, TypeDef>,
}

/// One SDK method, e.g. `acs().credentials().create(..)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Endpoint {
    /// SDK group path, e.g. `["acs", "credentials"]` (from `x-fern-sdk-group-name`).
    pub group: Vec<String>,
    /// Method name in snake case, e.g. `create` (from `x-fern-sdk-method-name`).
    pub name: String,
    /// HTTP path, e.g. `/acs/credentials/create`.
    pub path: String,
    /// The method the SDK sends, chosen among those the spec offers for the path.
    pub method: HttpMethod,
    /// All HTTP methods the spec offers for the path.
    pub offered_methods: Vec<HttpMethod>,
    /// The request type (a struct in [`Api::types`]), named after group and method.
    pub request: String,
    /// What a successful call returns.
    pub response: Response,
    /// Title, description and lifecycle flags.
    pub docs: Docs,
    /// JSON pointer of the operation the parameters came from.
    pub pointer: String,
}

/// The HTTP method an endpoint is sent with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HttpMethod {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl HttpMethod {
    /// Upper-case name as on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Delete => "DELETE",
        }
    }

    /// Whether parameters travel in the query string rather than a JSON body.
    pub fn uses_query(self) -> bool {
        matches!(self, HttpMethod::Get | HttpMethod::Delete)
    }
}

/// What a successful response carries, out of its `{ ..., "ok": true }` envelope.
#[derive(Debug, Clone, PartialEq)]
pub enum Response {
    /// Nothing but `ok`.
    Empty,
    /// One payload under `key`. `required` is false when the spec names no response key
    /// (`x-response-key: null`) but the body may still carry one: the SDK then returns an
    /// `Option` and never fails because it is absent.
    Payload {
        key: String,
        ty: TypeRef,
        required: bool,
    },
    /// A page of items under `key`, with the cursor in `pagination_key`; the request's
    /// `cursor_param` asks for the next page.
    Page {
        key: String,
        item: TypeRef,
        pagination_key: String,
        cursor_param: String,
    },
}

/// Documentation and lifecycle flags of an endpoint, type, field or variant.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Docs {
    /// Short title (`x-title`, or the schema's `title`).
    pub title: Option<String>,
    /// Markdown description.
    pub description: Option<String>,
    /// `Some(message)` when deprecated (`deprecated: true` or `x-deprecated`).
    pub deprecated: Option<String>,
    /// `Some(note)` when marked `x-undocumented`.
    pub undocumented: Option<String>,
    /// `Some(note)` when marked `x-draft`.
    pub draft: Option<String>,
    /// The server-side default, when the spec gives a valid one.
    pub default: Option<serde_json::Value>,
    /// A format hint worth documenting (`date-time`, `uuid`, `uri`, `email`, a pattern).
    pub format: Option<String>,
}

/// A reference to a type: either a primitive or a named [`TypeDef`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TypeRef {
    String,
    /// A string of `format: date-time` (RFC 3339): an instant that keeps its text.
    Timestamp,
    Integer,
    Number,
    Boolean,
    /// Any JSON value.
    Json,
    Array(Box<TypeRef>),
    /// An object with arbitrary keys.
    Map(Box<TypeRef>),
    /// A value that may be `null`.
    Nullable(Box<TypeRef>),
    /// A type in [`Api::types`].
    Named(String),
}

impl TypeRef {
    /// The type without its nullability.
    pub fn non_null(&self) -> &TypeRef {
        match self {
            TypeRef::Nullable(inner) => inner.non_null(),
            other => other,
        }
    }

    pub fn is_nullable(&self) -> bool {
        matches!(self, TypeRef::Nullable(_))
    }

    /// Named types this reference mentions.
    pub fn named(&self) -> Option<&str> {
        match self {
            TypeRef::Named(name) => Some(name),
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => inner.named(),
            _ => None,
        }
    }
}

/// A named type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    pub name: String,
    pub docs: Docs,
    pub kind: TypeKind,
    /// Where the type lives in the generated crate.
    pub home: Home,
    /// JSON pointer of the schema it was built from.
    pub pointer: String,
    /// What values of an alias must be beyond their type (`format: uuid`); empty for
    /// other kinds, whose parts carry their own.
    pub constraints: Constraints,
}

/// What a value must be beyond its type, as the API checks it: a format, a pattern,
/// limits. Empty (the default) when the schema sets none.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    /// A format the API checks (`uuid`, `date-time`, ...); formats that only describe the
    /// value (`float`, `int64`) are not constraints.
    pub format: Option<Format>,
    /// A regular expression (ECMAScript syntax, as in the spec) a string must match.
    pub pattern: Option<String>,
    /// The least and most characters of a string.
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    /// The bounds of a number.
    pub minimum: Option<Bound>,
    pub maximum: Option<Bound>,
    /// The least and most items of an array.
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
    /// What each item of an array must be, when its items are not a named type.
    pub items: Option<Box<Constraints>>,
}

impl Constraints {
    pub fn is_empty(&self) -> bool {
        *self == Constraints::default()
    }
}

/// A string format the API checks (see [`conventions::CHECKED_FORMATS`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    Uuid,
    DateTime,
    Date,
    Time,
    Email,
    Uri,
}

/// One bound of a number: `>= value`, or `> value` when exclusive.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bound {
    pub value: f64,
    pub exclusive: bool,
}

/// Which module a type is emitted into.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Home {
    /// `models`, in a file named after the component schema it comes from.
    Model { component: String },
    /// The resource module of the endpoint group, next to the methods that take it.
    Request { group: Vec<String>, unstable: bool },
}

/// The shape of a named type.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    Struct(Struct),
    /// A string with a closed set of known values (and, in Rust, an `Unknown` catch-all).
    StringEnum {
        values: Vec<EnumValue>,
    },
    /// `oneOf` with a discriminator property.
    TaggedUnion {
        tag: String,
        variants: Vec<TaggedVariant>,
    },
    /// `oneOf`/`anyOf` told apart by shape alone.
    Union {
        variants: Vec<UnionVariant>,
    },
    /// Another name for a type.
    Alias(TypeRef),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// A `oneOf` merged into the object (request bodies built from `allOf` + `oneOf`):
    /// the caller picks one variant, whose fields are sent next to the others.
    pub one_of: Option<OneOf>,
}

/// A choice of field sets that is flattened into a struct.
#[derive(Debug, Clone, PartialEq)]
pub struct OneOf {
    /// Rust-facing field name holding the choice.
    pub field: String,
    /// The union type (a [`TypeKind::Union`] whose variants are inline structs).
    pub ty: String,
    /// True when one of the spec's branches is the empty object, so choosing none is valid.
    pub optional: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Name on the wire.
    pub name: String,
    pub ty: TypeRef,
    pub required: bool,
    pub docs: Docs,
    /// What the value must be beyond its type (a named type's own are on its [`TypeDef`]).
    pub constraints: Constraints,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumValue {
    pub value: String,
    pub docs: Docs,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TaggedVariant {
    /// Value of the tag property on the wire.
    pub tag_value: String,
    /// A struct type holding the variant's other fields.
    pub ty: String,
    pub docs: Docs,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    /// A name for the variant, unique within the union.
    pub name: String,
    /// Properties this variant fixes to one string value (`"status": "pending"`): a value
    /// is only read as this variant when it carries them.
    pub constants: Vec<(String, String)>,
    pub shape: VariantShape,
    pub docs: Docs,
}

#[derive(Debug, Clone, PartialEq)]
pub enum VariantShape {
    /// Holds a value of a type.
    Type(TypeRef),
    /// Holds named fields inline (used for request `oneOf` choices).
    Fields(Vec<Field>),
}
