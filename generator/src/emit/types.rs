//! Type definitions: structs, string enums with an `Unknown` catch-all, tagged and untagged
//! unions, aliases. Models (in `models`) decode and encode; request types only encode.

use super::docs;
use super::names::{self, snake_ident, type_ident, unraw, variant_ident, Scope};
use super::Emitter;
use crate::ir::{
    Field, Home, OneOf, Struct, TaggedVariant, TypeDef, TypeKind, TypeRef, UnionVariant,
    VariantShape,
};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

impl Emitter<'_> {
    pub(super) fn type_def(&self, def: &TypeDef) -> TokenStream {
        let is_model = matches!(def.home, Home::Model { .. });
        let gate = self.gate(&def.home);
        let body = match &def.kind {
            TypeKind::Struct(s) => {
                if is_model {
                    self.model_struct(def, s)
                } else {
                    self.request_struct(def, s)
                }
            }
            TypeKind::StringEnum { values } => self.string_enum(def, values),
            TypeKind::TaggedUnion { tag, variants } => {
                self.tagged_union(def, tag, variants, is_model)
            }
            TypeKind::Union { variants } => self.union(def, variants, is_model),
            TypeKind::Alias(target) => {
                let doc = docs::attrs(&def.docs, &[]);
                let name = type_ident(&def.name);
                let target = self.ty(target);
                quote! { #doc pub type #name = #target; }
            }
        };
        match gate {
            Some(gate) => self.gated(gate, body),
            None => body,
        }
    }

    /// Puts `#[cfg(feature = "unstable")]` on every item of `items`, after its docs.
    fn gated(&self, gate: TokenStream, items: TokenStream) -> TokenStream {
        let (Ok(mut file), Ok(attr)) = (
            syn::parse2::<syn::File>(items.clone()),
            syn::parse::Parser::parse2(syn::Attribute::parse_outer, gate.clone()),
        ) else {
            return items;
        };
        for item in &mut file.items {
            let attrs = match item {
                syn::Item::Struct(i) => &mut i.attrs,
                syn::Item::Enum(i) => &mut i.attrs,
                syn::Item::Impl(i) => &mut i.attrs,
                syn::Item::Type(i) => &mut i.attrs,
                syn::Item::Fn(i) => &mut i.attrs,
                syn::Item::Const(i) => &mut i.attrs,
                syn::Item::Static(i) => &mut i.attrs,
                syn::Item::Mod(i) => &mut i.attrs,
                syn::Item::Use(i) => &mut i.attrs,
                _ => continue,
            };
            let after_docs = attrs
                .iter()
                .take_while(|a| a.path().is_ident("doc"))
                .count();
            for (offset, a) in attr.iter().enumerate() {
                attrs.insert(after_docs + offset, a.clone());
            }
        }
        quote! { #file }
    }

    /// The type a union variant holds: a named type is boxed when the union's are.
    fn variant_payload(&self, t: &TypeRef, boxed: bool) -> TokenStream {
        let ty = self.ty(t);
        if boxed && matches!(t, TypeRef::Named(_)) {
            quote!(::std::boxed::Box<#ty>)
        } else {
            ty
        }
    }

    /// `Option::is_none` as serde's `skip_serializing_if` names it, in full when a generated
    /// type shadows the prelude's `Option`.
    fn is_none_path(&self) -> &'static str {
        if self.short_prelude {
            "Option::is_none"
        } else {
            "::std::option::Option::is_none"
        }
    }

    /// `#[serde(skip_serializing_if = "Option::is_none")]`.
    fn skip_none(&self) -> TokenStream {
        let path = self.is_none_path();
        quote!(#[serde(skip_serializing_if = #path)])
    }

    /// The Rust type of a field: `Option` when optional or nullable, `Box` to break cycles.
    pub(super) fn field_ty(&self, owner: &str, field: &Field) -> TokenStream {
        let inner = field.ty.non_null();
        let mut ty = self.ty(inner);
        if inner.named().is_some_and(|target| {
            matches!(inner, TypeRef::Named(_)) && self.is_cyclic(owner, target)
        }) {
            ty = quote!(::std::boxed::Box<#ty>);
        }
        if field.required && !field.ty.is_nullable() {
            ty
        } else {
            self.option(ty)
        }
    }

    fn is_optional(field: &Field) -> bool {
        !field.required || field.ty.is_nullable()
    }

    /// Field identifiers, unique within the struct, with their serde renames.
    fn field_idents(
        fields: &[Field],
        reserved: &[&str],
    ) -> Vec<(proc_macro2::Ident, Option<String>)> {
        let mut scope = Scope::with_reserved(reserved);
        fields
            .iter()
            .map(|f| {
                let ident = names::ident(&scope.unique(names::snake_name(&f.name)));
                let rename = (unraw(&ident) != f.name).then(|| f.name.clone());
                (ident, rename)
            })
            .collect()
    }

    fn model_struct(&self, def: &TypeDef, s: &Struct) -> TokenStream {
        let name = type_ident(&def.name);
        let doc = docs::attrs(
            &def.docs,
            &["Fields the API marks required are plain values; should a response leave one out, it decodes to its empty value instead of failing.".to_string()],
        );
        let idents = Self::field_idents(&s.fields, &[]);
        let fields = s
            .fields
            .iter()
            .zip(&idents)
            .map(|(field, (ident, rename))| {
                let doc = docs::attrs(&field.docs, &[]);
                let ty = self.field_ty(&def.name, field);
                let rename = rename.as_ref().map(|r| quote!(#[serde(rename = #r)]));
                let skip = (!field.required).then(|| self.skip_none());
                quote! { #doc #rename #skip pub #ident: #ty, }
            });
        let one_of = s.one_of.as_ref().map(|one_of| self.one_of_field(one_of));
        quote! {
            #doc
            #[derive(Debug, Clone, PartialEq, Default, ::serde::Serialize, ::serde::Deserialize)]
            #[serde(default)]
            #[non_exhaustive]
            pub struct #name {
                #(#fields)*
                #one_of
            }
        }
    }

    fn one_of_field(&self, one_of: &OneOf) -> TokenStream {
        let ident = snake_ident(&one_of.field);
        let ty = self.ty(&TypeRef::Named(one_of.ty.clone()));
        let doc = format!(
            " Which of the alternative sets of parameters is sent; see [`{}`].",
            self.doc_path(&one_of.ty)
        );
        if one_of.optional {
            let is_none = self.is_none_path();
            quote! {
                #[doc = #doc]
                #[doc = ""]
                #[doc = " `None` sends none of them, which the API accepts."]
                #[serde(flatten, skip_serializing_if = #is_none)]
                pub #ident: ::std::option::Option<#ty>,
            }
        } else {
            quote! {
                #[doc = #doc]
                #[serde(flatten)]
                pub #ident: #ty,
            }
        }
    }

    fn request_struct(&self, def: &TypeDef, s: &Struct) -> TokenStream {
        let name = type_ident(&def.name);
        let mut reserved = vec!["new"];
        if s.one_of.is_some() {
            reserved.push("selector");
        }
        let idents = Self::field_idents(&s.fields, &reserved);
        let mut intro = Vec::new();
        if let Some(endpoint) = self.api.endpoints.iter().find(|e| e.request == def.name) {
            intro.push(format!(
                "The parameters of `{}.{}(..)`.",
                super::resources::call_chain(&endpoint.group),
                names::snake_name(&endpoint.name)
            ));
        }
        intro.push(
            "Build it with `new` (the required parameters) and the setter of each optional one."
                .to_string(),
        );
        let doc = docs::attrs(&def.docs, &intro);
        let fields = s
            .fields
            .iter()
            .zip(&idents)
            .map(|(field, (ident, rename))| {
                let doc = docs::attrs(&field.docs, &[]);
                let ty = self.field_ty(&def.name, field);
                let rename = rename.as_ref().map(|r| quote!(#[serde(rename = #r)]));
                let skip = (!field.required).then(|| self.skip_none());
                quote! { #doc #rename #skip pub #ident: #ty, }
            });
        let one_of_field = s.one_of.as_ref().map(|one_of| self.one_of_field(one_of));

        // `new` takes the required parameters; setters take the rest.
        let none = self.prelude("None");
        let some = self.prelude("Some");
        let mut params = Vec::new();
        let mut inits = Vec::new();
        let mut setters = Vec::new();
        for (field, (ident, _)) in s.fields.iter().zip(&idents) {
            let (param_ty, convert) = self.param(&def.name, field);
            if field.required {
                params.push(quote!(#ident: #param_ty));
                let value = convert(quote!(#ident));
                if field.ty.is_nullable() {
                    inits.push(quote!(#ident));
                    params.pop();
                    let full = self.field_ty(&def.name, field);
                    params.push(quote!(#ident: #full));
                } else if *ident == value.to_string() {
                    inits.push(quote!(#ident));
                } else {
                    inits.push(quote!(#ident: #value));
                }
            } else {
                inits.push(quote!(#ident: #none));
                let value = convert(quote!(value));
                let doc = format!(" Sets [`{}::{}`].", def.name, unraw(ident));
                let deprecated = field.docs.deprecated.as_ref().map(|note| {
                    let note = note.trim();
                    if note.is_empty() {
                        quote!(#[deprecated])
                    } else {
                        quote!(#[deprecated(note = #note)])
                    }
                });
                let allows = names::method_name_allows(&unraw(ident));
                setters.push(quote! {
                    #[doc = #doc]
                    #deprecated
                    #allows
                    pub fn #ident(mut self, value: #param_ty) -> Self {
                        self.#ident = #some(#value);
                        self
                    }
                });
            }
        }
        if let Some(one_of) = &s.one_of {
            let ident = snake_ident(&one_of.field);
            let ty = self.ty(&TypeRef::Named(one_of.ty.clone()));
            if one_of.optional {
                inits.push(quote!(#ident: #none));
                let doc = format!(" Sets [`{}::{}`].", def.name, unraw(&ident));
                setters.push(quote! {
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
        quote! {
            #doc
            #[derive(Debug, Clone, PartialEq, #derive_default ::serde::Serialize)]
            #[non_exhaustive]
            pub struct #name {
                #(#fields)*
                #one_of_field
            }

            impl #name {
                /// Creates the request from its required parameters.
                #many
                pub fn new(#(#params),*) -> Self {
                    Self { #(#inits),* }
                }

                #(#setters)*
            }
        }
    }

    /// The parameter type a constructor or setter takes for a field, and how it becomes
    /// the field's value.
    #[allow(clippy::type_complexity)]
    fn param(
        &self,
        owner: &str,
        field: &Field,
    ) -> (TokenStream, Box<dyn Fn(TokenStream) -> TokenStream>) {
        match field.ty.non_null() {
            TypeRef::String => {
                let string = self.ty(&TypeRef::String);
                let into = self.prelude("Into");
                (quote!(impl #into<#string>), Box::new(|v| quote!(#v.into())))
            }
            TypeRef::Array(item) if **item == TypeRef::String => {
                let string = self.ty(&TypeRef::String);
                let into = self.prelude("Into");
                let into_iterator = self.prelude("IntoIterator");
                let map_into = into.clone();
                (
                    quote!(impl #into_iterator<Item = impl #into<#string>>),
                    Box::new(move |v| quote!(#v.into_iter().map(#map_into::into).collect())),
                )
            }
            _ => {
                let inner = field.ty.non_null();
                let mut ty = self.ty(inner);
                let boxed =
                    matches!(inner, TypeRef::Named(target) if self.is_cyclic(owner, target));
                if boxed {
                    ty = quote!(#ty);
                    (ty, Box::new(|v| quote!(::std::boxed::Box::new(#v))))
                } else {
                    (ty, Box::new(|v| v))
                }
            }
        }
    }

    fn string_enum(&self, def: &TypeDef, values: &[crate::ir::EnumValue]) -> TokenStream {
        let name = type_ident(&def.name);
        let doc = docs::attrs(&def.docs, &[]);
        let mut scope = Scope::for_variants();
        let variant_names: Vec<String> = values
            .iter()
            .map(|v| scope.variant(names::variant_name(&v.value)))
            .collect();
        let unknown = format_ident!("{}", names::CATCH_ALL);
        let variants: Vec<_> = variant_names.iter().map(|n| variant_ident(n)).collect();
        let wire: Vec<&str> = values.iter().map(|v| v.value.as_str()).collect();
        let variant_docs = values.iter().map(|v| {
            let line = if v.value.is_empty() {
                " The empty string.".to_string()
            } else {
                format!(" `{}`", v.value.replace('`', "'"))
            };
            let extra = docs::attrs(&v.docs, &[]);
            quote!(#[doc = #line] #extra)
        });
        let unknown_doc =
            " A value this version of the SDK does not know yet, kept as sent.".to_string();
        quote! {
            #doc
            #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
            #[non_exhaustive]
            pub enum #name {
                #( #variant_docs #variants, )*
                #[doc = #unknown_doc]
                #unknown(::std::string::String),
            }

            impl #name {
                /// The value as sent on the wire.
                pub fn as_str(&self) -> &str {
                    match self {
                        #( Self::#variants => #wire, )*
                        Self::#unknown(value) => value,
                    }
                }
            }

            impl ::std::default::Default for #name {
                fn default() -> Self {
                    Self::#unknown(::std::string::String::new())
                }
            }

            impl ::std::convert::From<&str> for #name {
                fn from(value: &str) -> Self {
                    match value {
                        #( #wire => Self::#variants, )*
                        other => Self::#unknown(other.to_string()),
                    }
                }
            }

            impl ::std::fmt::Display for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.write_str(self.as_str())
                }
            }

            impl ::serde::Serialize for #name {
                fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                    serializer.serialize_str(self.as_str())
                }
            }

            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    crate::runtime::decode::string(deserializer)
                }
            }
        }
    }

    fn tagged_union(
        &self,
        def: &TypeDef,
        tag: &str,
        variants: &[TaggedVariant],
        is_model: bool,
    ) -> TokenStream {
        let name = type_ident(&def.name);
        let boxed = self.boxes_variants(&def.name);
        let doc = docs::attrs(&def.docs, &[format!("Told apart by `{tag}`.")]);
        let mut scope = Scope::for_variants();
        let idents: Vec<_> = variants
            .iter()
            .map(|v| variant_ident(&scope.variant(names::variant_name(&v.tag_value))))
            .collect();
        let unknown = format_ident!("{}", names::CATCH_ALL);
        let arms = variants.iter().zip(&idents).map(|(v, ident)| {
            let doc = docs::attrs(&v.docs, &[]);
            let wire = &v.tag_value;
            let ty = self.variant_payload(&TypeRef::Named(v.ty.clone()), boxed);
            quote! { #doc #[serde(rename = #wire)] #ident(#ty), }
        });
        let wires = variants.iter().map(|v| v.tag_value.as_str());
        let derive = if is_model {
            quote!(#[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)])
        } else {
            quote!(#[derive(Debug, Clone, PartialEq, ::serde::Serialize)])
        };
        let tag_doc = format!(" The value of `{tag}`, when it is a string.");
        quote! {
            #doc
            #derive
            #[serde(tag = #tag)]
            #[non_exhaustive]
            pub enum #name {
                #(#arms)*
                /// A variant this version of the SDK does not know yet, kept as sent.
                #[serde(untagged)]
                #unknown(::serde_json::Value),
            }

            impl #name {
                #[doc = #tag_doc]
                pub fn tag(&self) -> ::std::option::Option<&str> {
                    match self {
                        #( Self::#idents(_) => ::std::option::Option::Some(#wires), )*
                        Self::#unknown(value) => value.get(#tag).and_then(|v| v.as_str()),
                    }
                }
            }

            impl ::std::default::Default for #name {
                fn default() -> Self {
                    Self::#unknown(::serde_json::Value::Null)
                }
            }
        }
    }

    fn union(&self, def: &TypeDef, variants: &[UnionVariant], is_model: bool) -> TokenStream {
        let name = type_ident(&def.name);
        let boxed = self.boxes_variants(&def.name);
        let doc = docs::attrs(&def.docs, &[]);
        let mut scope = Scope::for_variants();
        let idents: Vec<_> = variants
            .iter()
            .map(|v| variant_ident(&scope.variant(v.name.clone())))
            .collect();
        let arms = variants.iter().zip(&idents).map(|(v, ident)| {
            let doc = docs::attrs(&v.docs, &[]);
            match &v.shape {
                VariantShape::Type(t) => {
                    let ty = self.variant_payload(t, boxed);
                    quote! { #doc #ident(#ty), }
                }
                VariantShape::Fields(fields) => {
                    let field_idents = Self::field_idents(fields, &[]);
                    let fields = fields
                        .iter()
                        .zip(&field_idents)
                        .map(|(f, (fident, rename))| {
                            let doc = docs::attrs(&f.docs, &[]);
                            let ty = self.field_ty(&def.name, f);
                            let rename = rename.as_ref().map(|r| quote!(#[serde(rename = #r)]));
                            let skip = Self::is_optional(f).then(|| self.skip_none());
                            quote! { #doc #rename #skip #fident: #ty, }
                        });
                    quote! { #doc #ident { #(#fields)* }, }
                }
            }
        });
        if !is_model {
            return quote! {
                #doc
                #[derive(Debug, Clone, PartialEq, ::serde::Serialize)]
                #[serde(untagged)]
                pub enum #name {
                    #(#arms)*
                }
            };
        }
        let unknown = format_ident!("{}", names::CATCH_ALL);
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
                    if let ::std::result::Result::Ok(decoded) = ::serde_json::from_value(value.clone()) {
                        return ::std::result::Result::Ok(Self::#ident(decoded));
                    }
                }
            }
        });
        quote! {
            #doc
            #[derive(Debug, Clone, PartialEq, ::serde::Serialize)]
            #[serde(untagged)]
            #[non_exhaustive]
            pub enum #name {
                #(#arms)*
                /// A shape this version of the SDK does not know yet, kept as sent.
                #unknown(::serde_json::Value),
            }

            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                    #(#attempts)*
                    ::std::result::Result::Ok(Self::#unknown(value))
                }
            }

            impl ::std::default::Default for #name {
                fn default() -> Self {
                    Self::#unknown(::serde_json::Value::Null)
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

fn json_guard(t: &TypeRef) -> TokenStream {
    match t {
        TypeRef::String => quote!(value.is_string()),
        TypeRef::Integer => quote!(value.is_i64() || value.is_u64()),
        TypeRef::Number => quote!(value.is_number()),
        TypeRef::Boolean => quote!(value.is_boolean()),
        TypeRef::Array(_) => quote!(value.is_array()),
        TypeRef::Map(_) => quote!(value.is_object()),
        _ => quote!(true),
    }
}
