//! Type definitions: structs, string enums with an `Unknown` catch-all, tagged and untagged
//! unions, aliases. Models (in `models`) decode and encode; request types only encode.

use super::docs;
use super::Emitter;
use crate::ir::{
    Field, Home, OneOf, Struct, TaggedVariant, TypeDef, TypeKind, TypeRef, UnionVariant,
    VariantShape,
};
use crate::symbols::spelling::{method_name_allows, CATCH_ALL};
use crate::symbols::{FieldSymbol, TypeSymbols};
use proc_macro2::{Delimiter, Group, Ident, Punct, Spacing, Span, TokenStream, TokenTree};
use quote::{format_ident, quote};

impl Emitter<'_> {
    pub(super) fn type_def(&self, def: &TypeDef) -> TokenStream {
        let is_model = matches!(def.home, Home::Model { .. });
        let gate = self.gate(&def.home);
        let symbols = self.symbols.type_named(&def.name);
        // The gate goes on every item, after its docs.
        let gate = gate.as_ref();
        self.in_gate(gate.is_some(), || match &def.kind {
            TypeKind::Struct(s) if is_model => self.model_struct(def, symbols, s),
            TypeKind::Struct(s) => self.request_struct(def, symbols, s, gate),
            TypeKind::StringEnum { values } => self.string_enum(def, symbols, values, gate),
            TypeKind::TaggedUnion { tag, variants } => {
                self.tagged_union(def, symbols, tag, variants, is_model, gate)
            }
            TypeKind::Union { variants } => self.union(def, symbols, variants, is_model, gate),
            TypeKind::Alias(target) => {
                let doc = docs::attrs_gated(&def.docs, &[], gate);
                let name = symbols.name.ident();
                let target = self.ty(target);
                quote! { #doc pub type #name = #target; }
            }
        })
    }

    /// `Option::is_none` as serde's `skip_serializing_if` names it.
    fn is_none_path(&self) -> String {
        // Spelled as `std_item("Option")` spells `Option`, which needs no import.
        let option = if self.symbols.is_shadowed("Option") {
            super::std_path("Option")
        } else {
            "Option"
        };
        format!("{option}::is_none")
    }

    /// `#[serde(skip_serializing_if = "Option::is_none")]`.
    fn skip_none(&self) -> TokenStream {
        let path = docs::str_literal(&self.is_none_path());
        quote!(#[serde(skip_serializing_if = #path)])
    }

    /// `Serialize` and, for models, `Deserialize`, for a derive list.
    fn serde_derives(&self, deserialize: bool) -> TokenStream {
        let serialize = self.std_item("Serialize");
        if deserialize {
            let deserialize = self.std_item("Deserialize");
            quote!(#serialize, #deserialize)
        } else {
            quote!(#serialize)
        }
    }

    /// The Rust type of a field: `Option` when optional or nullable, `Box` where the layout
    /// says so.
    fn field_ty(&self, field: &Field, symbol: &FieldSymbol) -> TokenStream {
        let mut ty = self.ty(field.ty.non_null());
        if symbol.boxed {
            ty = self.boxed(ty);
        }
        if symbol.null_setter.is_some() {
            // Absent (`None`), `null` (`Some(None)`) or a value (`Some(Some(..))`).
            self.option(self.option(ty))
        } else if is_optional(field) {
            self.option(ty)
        } else {
            ty
        }
    }

    /// The field declarations of a struct or of a variant holding fields inline.
    /// The braced body of a struct or of a variant with fields: `fields`, then `rest` (a
    /// `oneOf` field). Built into one stream, each part moved in rather than copied as
    /// `quote!` copies what it interpolates: structs are most of the output's tokens.
    fn fields(
        &self,
        fields: &[Field],
        symbols: &[FieldSymbol],
        public: bool,
        rest: Option<TokenStream>,
    ) -> Group {
        let span = Span::call_site();
        let mut body = TokenStream::new();
        for (field, symbol) in fields.iter().zip(symbols) {
            body.extend(docs::attrs(&field.docs, &[]));
            if let Some(rename) = &symbol.rename {
                let rename = docs::str_literal(rename);
                body.extend(quote!(#[serde(rename = #rename)]));
            }
            let skip = if public {
                !field.required
            } else {
                is_optional(field)
            };
            if skip {
                body.extend(self.skip_none());
            }
            if public {
                body.extend([TokenTree::Ident(Ident::new("pub", span))]);
            }
            body.extend([
                TokenTree::Ident(symbol.name.ident()),
                TokenTree::Punct(Punct::new(':', Spacing::Alone)),
            ]);
            body.extend(self.field_ty(field, symbol));
            body.extend([TokenTree::Punct(Punct::new(',', Spacing::Alone))]);
        }
        body.extend(rest);
        Group::new(Delimiter::Brace, body)
    }

    fn model_struct(&self, def: &TypeDef, symbols: &TypeSymbols, s: &Struct) -> TokenStream {
        let name = symbols.name.ident();
        let doc = docs::attrs(&def.docs, &[]);
        let one_of = s
            .one_of
            .as_ref()
            .map(|one_of| self.one_of_field(symbols, one_of));
        let body = self.fields(&s.fields, &symbols.fields, true, one_of);
        let serde = self.serde_derives(true);
        quote! {
            #doc
            #[derive(Debug, Clone, PartialEq, Default, #serde)]
            #[serde(default)]
            #[non_exhaustive]
            pub struct #name #body
        }
    }

    fn one_of_field(&self, symbols: &TypeSymbols, one_of: &OneOf) -> TokenStream {
        let ident = one_of_ident(symbols);
        let ty = self.type_path(&one_of.ty);
        let doc = format!(
            " Which of the alternative sets of parameters is sent; see [`{}`].",
            self.doc_path(&one_of.ty)
        );
        if one_of.optional {
            let is_none = self.is_none_path();
            let ty = self.option(ty);
            quote! {
                #[doc = #doc]
                #[doc = ""]
                #[doc = " `None` sends none of them, which the API accepts."]
                #[serde(flatten, skip_serializing_if = #is_none)]
                pub #ident: #ty,
            }
        } else {
            quote! {
                #[doc = #doc]
                #[serde(flatten)]
                pub #ident: #ty,
            }
        }
    }

    fn request_struct(
        &self,
        def: &TypeDef,
        symbols: &TypeSymbols,
        s: &Struct,
        gate: Option<&TokenStream>,
    ) -> TokenStream {
        let name = symbols.name.ident();
        let mut intro = Vec::new();
        if let Some(index) = self
            .api
            .endpoints
            .iter()
            .position(|e| e.request == def.name)
        {
            let endpoint = &self.api.endpoints[index];
            intro.push(format!(
                "The parameters of `{}.{}(..)`.",
                self.symbols.group(&endpoint.group).call_chain,
                self.symbols.endpoint(index).method
            ));
        }
        intro.push(
            "Build it with `new` (the required parameters) and the setter of each optional one."
                .to_string(),
        );
        let doc = docs::attrs_gated(&def.docs, &intro, gate);
        let one_of_field = s
            .one_of
            .as_ref()
            .map(|one_of| self.one_of_field(symbols, one_of));
        let body = self.fields(&s.fields, &symbols.fields, true, one_of_field);

        // `new` takes the required parameters; setters take the rest.
        let none = self.std_item("None");
        let some = self.std_item("Some");
        let mut params = Vec::new();
        let mut inits = Vec::new();
        // Each setter is moved into the stream: `quote!` would copy it (see `fields`).
        let mut setters = TokenStream::new();
        for (field, symbol) in s.fields.iter().zip(&symbols.fields) {
            let ident = symbol.name.ident();
            let (param_ty, convert) = self.param(field, symbol);
            if field.required && field.ty.is_nullable() {
                let full = self.field_ty(field, symbol);
                params.push(quote!(#ident: #full));
                inits.push(quote!(#ident));
            } else if field.required {
                params.push(quote!(#ident: #param_ty));
                let value = convert(quote!(#ident));
                if ident == value.to_string() {
                    inits.push(quote!(#ident));
                } else {
                    inits.push(quote!(#ident: #value));
                }
            } else {
                inits.push(quote!(#ident: #none));
                let value = convert(quote!(value));
                let doc = docs::str_literal(&format!(
                    " Sets [`{}::{}`].",
                    symbols.name,
                    symbol.name.unraw()
                ));
                let deprecated = field.docs.deprecated.as_ref().map(|note| {
                    let note = note.trim();
                    if note.is_empty() {
                        quote!(#[deprecated])
                    } else {
                        quote!(#[deprecated(note = #note)])
                    }
                });
                let allows = method_name_allows(symbol.name.unraw());
                let value = match symbol.null_setter {
                    Some(_) => quote!(#some(#value)),
                    None => value,
                };
                setters.extend(quote! {
                    #[doc = #doc]
                    #deprecated
                    #allows
                    pub fn #ident(mut self, value: #param_ty) -> Self {
                        self.#ident = #some(#value);
                        self
                    }
                });
                if let Some(null_setter) = &symbol.null_setter {
                    let null_ident = null_setter.ident();
                    let doc = docs::str_literal(&format!(
                        " Sets [`{}::{}`] to `null`: sent as `null` in a JSON body, `{}=` in a query string (leaving it unset sends nothing).",
                        symbols.name,
                        symbol.name.unraw(),
                        field.name
                    ));
                    let allows = method_name_allows(null_setter.unraw());
                    setters.extend(quote! {
                        #[doc = #doc]
                        #deprecated
                        #allows
                        pub fn #null_ident(mut self) -> Self {
                            self.#ident = #some(#none);
                            self
                        }
                    });
                }
            }
        }
        if let Some(one_of) = &s.one_of {
            let ident = one_of_ident(symbols);
            let ty = self.type_path(&one_of.ty);
            if one_of.optional {
                inits.push(quote!(#ident: #none));
                let doc = format!(" Sets [`{}::{}`].", symbols.name, ident);
                setters.extend(quote! {
                    #[doc = #doc]
                    pub fn #ident(mut self, value: #ty) -> Self {
                        self.#ident = #some(value);
                        self
                    }
                });
            } else {
                params.push(quote!(#ident: #ty));
                inits.push(quote!(#ident));
            }
        }
        let derive_default = params.is_empty().then(|| quote!(Default,));
        let many = (params.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
        let mut impl_body = quote! {
            /// Creates the request from its required parameters.
            #many
            pub fn new(#(#params),*) -> Self {
                Self { #(#inits),* }
            }
        };
        impl_body.extend(setters);
        let impl_body = Group::new(Delimiter::Brace, impl_body);
        let serde = self.serde_derives(false);
        quote! {
            #doc
            #[derive(Debug, Clone, PartialEq, #derive_default #serde)]
            #[non_exhaustive]
            pub struct #name #body

            #gate
            impl #name #impl_body
        }
    }

    /// The parameter type a constructor or setter takes for a field, and how it becomes
    /// the field's value.
    #[allow(clippy::type_complexity)]
    fn param(
        &self,
        field: &Field,
        symbol: &FieldSymbol,
    ) -> (TokenStream, Box<dyn Fn(TokenStream) -> TokenStream>) {
        match field.ty.non_null() {
            TypeRef::String => {
                let string = self.std_item("String");
                let into = self.std_item("Into");
                (quote!(impl #into<#string>), Box::new(|v| quote!(#v.into())))
            }
            TypeRef::Array(item) if matches!(**item, TypeRef::String | TypeRef::Timestamp) => {
                let item = self.ty(item);
                let into = self.std_item("Into");
                let into_iterator = self.std_item("IntoIterator");
                let map_into = into.clone();
                (
                    quote!(impl #into_iterator<Item = impl #into<#item>>),
                    Box::new(move |v| quote!(#v.into_iter().map(#map_into::into).collect())),
                )
            }
            // A timestamp parsed from a string (with its error) or built from an instant.
            TypeRef::Timestamp => {
                let timestamp = self.runtime("Timestamp");
                let into = self.std_item("Into");
                (
                    quote!(impl #into<#timestamp>),
                    Box::new(|v| quote!(#v.into())),
                )
            }
            // Integers convert too (`.limit(10)`): every `i32`, `u32` and `f32` is exactly
            // an `f64`; `i64` and `u64` are not, so they take an explicit cast.
            TypeRef::Number => {
                let into = self.std_item("Into");
                (quote!(impl #into<f64>), Box::new(|v| quote!(#v.into())))
            }
            inner => {
                let ty = self.ty(inner);
                if symbol.boxed {
                    let boxed = self.std_item("Box");
                    (ty, Box::new(move |v| quote!(#boxed::new(#v))))
                } else {
                    (ty, Box::new(|v| v))
                }
            }
        }
    }

    /// The enum and its conversions (`impl_open_enum!`, from the runtime).
    fn string_enum(
        &self,
        def: &TypeDef,
        symbols: &TypeSymbols,
        values: &[crate::ir::EnumValue],
        gate: Option<&TokenStream>,
    ) -> TokenStream {
        let name = symbols.name.ident();
        let doc = docs::attrs_gated(&def.docs, &[], gate);
        let variants: Vec<_> = symbols.variants.iter().map(|v| v.name.ident()).collect();
        let wire: Vec<&str> = values.iter().map(|v| v.value.as_str()).collect();
        let variant_docs = values.iter().map(|v| {
            let line = if v.value.is_empty() {
                " The empty string.".to_string()
            } else {
                format!(" `{}`", v.value.replace('`', "'"))
            };
            let extra = docs::attrs(&v.docs, &[]);
            let d = &v.docs;
            let has_text = d.title.is_some()
                || d.description.is_some()
                || d.undocumented.is_some()
                || d.draft.is_some()
                || d.default.is_some()
                || d.format.is_some();
            let paragraph = has_text.then(|| quote!(#[doc = ""]));
            quote!(#[doc = #line] #paragraph #extra)
        });
        let unknown = format_ident!("{}", CATCH_ALL);
        let string = self.std_item("String");
        quote! {
            #doc
            #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
            #[non_exhaustive]
            pub enum #name {
                #( #variant_docs #variants, )*
                /// A value this version of the SDK does not know yet, kept as sent.
                #unknown(#string),
            }

            #gate
            crate::impl_open_enum!(#name { #( #variants: #wire, )* });
        }
    }

    /// The type a union variant holds, boxed where the layout says so.
    fn variant_payload(&self, t: &TypeRef, boxed: bool) -> TokenStream {
        let ty = self.ty(t);
        if boxed {
            self.boxed(ty)
        } else {
            ty
        }
    }

    fn tagged_union(
        &self,
        def: &TypeDef,
        symbols: &TypeSymbols,
        tag: &str,
        variants: &[TaggedVariant],
        is_model: bool,
        gate: Option<&TokenStream>,
    ) -> TokenStream {
        let name = symbols.name.ident();
        let doc = docs::attrs_gated(&def.docs, &[format!("Told apart by `{tag}`.")], gate);
        let idents: Vec<_> = symbols.variants.iter().map(|v| v.name.ident()).collect();
        let unknown = format_ident!("{}", CATCH_ALL);
        let arms = variants.iter().zip(&symbols.variants).map(|(v, symbol)| {
            let doc = docs::attrs(&v.docs, &[]);
            let wire = &v.tag_value;
            let ident = symbol.name.ident();
            let ty = self.variant_payload(&TypeRef::Named(v.ty.clone()), symbol.boxed);
            quote! { #doc #[serde(rename = #wire)] #ident(#ty), }
        });
        let wires = variants.iter().map(|v| v.tag_value.as_str());
        let serde = self.serde_derives(is_model);
        let tag_doc = format!(" The value of `{tag}`, when it is a string.");
        let option = self.std_item("Option");
        let some = self.std_item("Some");
        let default = self.std_item("Default");
        quote! {
            #doc
            #[derive(Debug, Clone, PartialEq, #serde)]
            #[serde(tag = #tag)]
            #[non_exhaustive]
            pub enum #name {
                #(#arms)*
                /// A variant this version of the SDK does not know yet, kept as sent.
                #[serde(untagged)]
                #unknown(serde_json::Value),
            }

            #gate
            impl #name {
                #[doc = #tag_doc]
                pub fn tag(&self) -> #option<&str> {
                    match self {
                        #( Self::#idents(_) => #some(#wires), )*
                        Self::#unknown(value) => value.get(#tag).and_then(|v| v.as_str()),
                    }
                }
            }

            #gate
            impl #default for #name {
                fn default() -> Self {
                    Self::#unknown(serde_json::Value::Null)
                }
            }
        }
    }

    fn union(
        &self,
        def: &TypeDef,
        symbols: &TypeSymbols,
        variants: &[UnionVariant],
        is_model: bool,
        gate: Option<&TokenStream>,
    ) -> TokenStream {
        let name = symbols.name.ident();
        let idents: Vec<_> = symbols.variants.iter().map(|v| v.name.ident()).collect();
        let intro: Vec<String> = match self.selectors.get(def.name.as_str()) {
            Some(parent) if !is_model => vec![format!(
                "The alternative sets of parameters of [`{}`]: a variant is one set, sent next to the other parameters.",
                self.doc_path(&parent.name)
            )],
            _ => Vec::new(),
        };
        let doc = docs::attrs_gated(&def.docs, &intro, gate);
        let arms = variants.iter().zip(&symbols.variants).map(|(v, symbol)| {
            let ident = symbol.name.ident();
            match &v.shape {
                VariantShape::Type(t) => {
                    let doc = docs::attrs(&v.docs, &[]);
                    let ty = self.variant_payload(t, symbol.boxed);
                    quote! { #doc #ident(#ty), }
                }
                VariantShape::Fields(fields) => {
                    let mut sends: Vec<String> =
                        fields.iter().map(|f| format!("`{}`", f.name)).collect();
                    let last = sends.pop();
                    let extra = if v.docs == crate::ir::Docs::default() {
                        match last {
                            Some(last) if sends.is_empty() => vec![format!("Sends {last}.")],
                            Some(last) => {
                                vec![format!("Sends {} and {last}.", sends.join(", "))]
                            }
                            None => Vec::new(),
                        }
                    } else {
                        Vec::new()
                    };
                    let doc = docs::attrs(&v.docs, &extra);
                    let body = self.fields(fields, &symbol.fields, false, None);
                    quote! { #doc #ident #body, }
                }
            }
        });
        let serialize = self.serde_derives(false);
        if !is_model {
            return quote! {
                #doc
                #[derive(Debug, Clone, PartialEq, #serialize)]
                #[serde(untagged)]
                pub enum #name {
                    #(#arms)*
                }
            };
        }
        let unknown = format_ident!("{}", CATCH_ALL);
        let result = self.std_item("Result");
        let ok = self.std_item("Ok");
        // Decode by shape: objects by the keys they require (most specific first), other
        // values by their JSON type; whatever matches nothing is kept as `Unknown`.
        let mut order: Vec<(usize, usize)> = variants
            .iter()
            .enumerate()
            .map(|(i, v)| (i, self.required_keys(v).map_or(0, |k| k.len())))
            .collect();
        order.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let attempts = order.iter().map(|(i, _)| {
            let ident = &idents[*i];
            let constants = &variants[*i].constants;
            // `value.get(key)` is `None` unless `value` is an object with that key, and
            // `value[key]` is `null` then, which equals no string.
            let constant_guard = constants.iter().map(|(k, v)| quote!(&& value[#k] == #v));
            let guard = match self.required_keys(&variants[*i]) {
                Some(keys) if keys.is_empty() => quote!(value.is_object() #(#constant_guard)*),
                Some(keys) => quote!(#(value.get(#keys).is_some())&&* #(#constant_guard)*),
                None => match &variants[*i].shape {
                    VariantShape::Type(t) => json_guard(t.non_null()),
                    VariantShape::Fields(_) => quote!(value.is_object()),
                },
            };
            quote! {
                if #guard {
                    if let #ok(decoded) = serde_json::from_value(value.clone()) {
                        return #ok(Self::#ident(decoded));
                    }
                }
            }
        });
        let deserialize = self.std_item("Deserialize");
        let default = self.std_item("Default");
        quote! {
            #doc
            #[derive(Debug, Clone, PartialEq, #serialize)]
            #[serde(untagged)]
            #[non_exhaustive]
            pub enum #name {
                #(#arms)*
                /// A shape this version of the SDK does not know yet, kept as sent.
                #unknown(serde_json::Value),
            }

            #gate
            impl<'de> #deserialize<'de> for #name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> #result<Self, D::Error> {
                    let value = <serde_json::Value as #deserialize>::deserialize(deserializer)?;
                    #(#attempts)*
                    #ok(Self::#unknown(value))
                }
            }

            #gate
            impl #default for #name {
                fn default() -> Self {
                    Self::#unknown(serde_json::Value::Null)
                }
            }
        }
    }

    /// Keys a value must have to be read as this variant, when it is a struct.
    fn required_keys(&self, variant: &UnionVariant) -> Option<Vec<String>> {
        match &variant.shape {
            VariantShape::Type(TypeRef::Named(name)) => {
                match self.api.types.get(name).map(|t| &t.kind) {
                    Some(TypeKind::Struct(s)) => Some(
                        s.fields
                            .iter()
                            .filter(|f| f.required)
                            .map(|f| f.name.clone())
                            .collect(),
                    ),
                    _ => None,
                }
            }
            VariantShape::Fields(fields) => Some(
                fields
                    .iter()
                    .filter(|f| f.required)
                    .map(|f| f.name.clone())
                    .collect(),
            ),
            _ => None,
        }
    }
}

fn is_optional(field: &Field) -> bool {
    !field.required || field.ty.is_nullable()
}

fn one_of_ident(symbols: &TypeSymbols) -> proc_macro2::Ident {
    symbols
        .one_of_field
        .as_ref()
        .map(|n| n.ident())
        .unwrap_or_else(|| format_ident!("selector"))
}

fn json_guard(t: &TypeRef) -> TokenStream {
    match t {
        TypeRef::String | TypeRef::Timestamp => quote!(value.is_string()),
        TypeRef::Integer => quote!(value.is_i64() || value.is_u64()),
        TypeRef::Number => quote!(value.is_number()),
        TypeRef::Boolean => quote!(value.is_boolean()),
        TypeRef::Array(_) => quote!(value.is_array()),
        TypeRef::Map(_) => quote!(value.is_object()),
        _ => quote!(true),
    }
}
