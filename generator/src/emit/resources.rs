//! Resource modules: one per SDK group (`acs`, `acs::credentials`, ...), each with a
//! handle struct whose methods are the group's endpoints, accessors for sub-groups, one
//! `const` per endpoint (its method and path), and the request types of its endpoints.

use super::{docs, format, unstable_cfg, Emitter};
use crate::ir::{Endpoint, Home, HttpMethod, Response};
use crate::symbols::spelling::method_name_allows;
use crate::symbols::Module;
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeMap;

/// A node of the group tree.
#[derive(Default)]
pub(super) struct Group<'a> {
    pub path: Vec<String>,
    /// The group's endpoints, with their index in [`crate::ir::Api::endpoints`].
    pub endpoints: Vec<(usize, &'a Endpoint)>,
    pub children: BTreeMap<String, Group<'a>>,
}

impl Group<'_> {
    /// True when every endpoint below is unstable (so the whole module is gated).
    pub fn all_unstable(&self) -> bool {
        self.endpoints.iter().all(|(_, e)| is_unstable(e))
            && self.children.values().all(Group::all_unstable)
    }
}

pub(super) fn is_unstable(endpoint: &Endpoint) -> bool {
    endpoint.docs.undocumented.is_some()
}

/// A method of a handle and the `const` it sends.
pub(super) struct Method {
    pub method: TokenStream,
    pub endpoint_const: TokenStream,
    /// The method of the mock handle returning the endpoint's rules (`testing` feature).
    pub mock: TokenStream,
}

impl<'a> Emitter<'a> {
    pub(super) fn group_tree(&self) -> Group<'a> {
        let mut root = Group::default();
        for (index, endpoint) in self.api.endpoints.iter().enumerate() {
            let mut node = &mut root;
            for (depth, segment) in endpoint.group.iter().enumerate() {
                node = node
                    .children
                    .entry(segment.clone())
                    .or_insert_with(|| Group {
                        path: endpoint.group[..=depth].to_vec(),
                        ..Group::default()
                    });
            }
            node.endpoints.push((index, endpoint));
        }
        root
    }

    /// Every group below the root, each of which is a resource module.
    pub(super) fn groups<'t>(&self, root: &'t Group<'a>) -> Vec<&'t Group<'a>> {
        let mut groups = Vec::new();
        let mut stack: Vec<&Group> = root.children.values().collect();
        while let Some(group) = stack.pop() {
            groups.push(group);
            stack.extend(group.children.values());
        }
        groups
    }

    /// The resource module of `group`: its path and text.
    pub(super) fn group_file(&self, group: &Group<'a>) -> (String, String) {
        self.begin(Module::Group(group.path.clone()), group.all_unstable());
        let path = self.symbols.group(&group.path).file.clone();
        let tokens = self.group_module(group);
        let text = format::file(&path, &self.header(), tokens);
        (path, text)
    }

    /// `pub mod x;` declarations and accessor methods for the children of a node.
    pub(super) fn child_accessors(
        &self,
        group: &Group,
        client: TokenStream,
        lifetime: TokenStream,
    ) -> (TokenStream, TokenStream) {
        let mut mods = Vec::new();
        let mut accessors = Vec::new();
        for child in group.children.values() {
            let symbols = self.symbols.group(&child.path);
            let module = symbols.modules[child.path.len() - 1].ident();
            let method = symbols.accessor.ident();
            let ty = symbols.handle.ident();
            let gate = child.all_unstable().then(unstable_cfg);
            let doc = format!(" Endpoints under `/{}`.", child.path.join("/"));
            let unstable_doc = child
                .all_unstable()
                .then(|| quote!(#[doc = ""] #[doc = " Requires the `unstable` cargo feature."]));
            mods.push(quote! { #gate pub mod #module; });
            accessors.push(quote! {
                #[doc = #doc]
                #unstable_doc
                #gate
                pub fn #method(&self) -> #module::#ty<#lifetime> {
                    #module::#ty { client: #client }
                }
            });
        }
        (quote!(#(#mods)*), quote!(#(#accessors)*))
    }

    fn group_module(&self, group: &Group) -> TokenStream {
        let symbols = self.symbols.group(&group.path);
        let name = symbols.handle.ident();
        let module_doc = format!(
            " `{}`: the endpoints under `/{}`.",
            symbols.call_chain,
            group.path.join("/")
        );
        let (mods, accessors) = self.child_accessors(group, quote!(self.client), quote!('a));
        let methods: Vec<Method> = group
            .endpoints
            .iter()
            .map(|(index, e)| self.method(*index, e, quote!(self.client)))
            .collect();
        let method_items = methods.iter().map(|m| &m.method);
        let consts = methods.iter().map(|m| &m.endpoint_const);
        let mock_handle = self.mock_handle(group, &methods);
        let request_types: Vec<TokenStream> = self
            .api
            .types
            .values()
            .filter(|t| matches!(&t.home, Home::Request { group: g, .. } if *g == group.path))
            .map(|t| self.type_def(t))
            .collect();
        let struct_doc = format!(
            " The endpoints under `/{}`; get it with `{}`.",
            group.path.join("/"),
            symbols.call_chain
        );
        let seam = self.runtime("Seam");
        let uses = self.uses();
        quote! {
            #![doc = #module_doc]
            #![allow(deprecated)]

            #mods

            #uses

            #[doc = #struct_doc]
            #[derive(Clone, Copy)]
            pub struct #name<'a> {
                pub(crate) client: &'a #seam,
            }

            impl<'a> #name<'a> {
                #accessors

                #(#method_items)*
            }

            #mock_handle

            #(#consts)*

            #(#request_types)*
        }
    }

    /// The method of the endpoint at `index` (and its paginator), and its `const`; `client`
    /// is how the handle reaches the `Seam` client.
    pub(super) fn method(&self, index: usize, endpoint: &Endpoint, client: TokenStream) -> Method {
        let unstable = is_unstable(endpoint);
        self.in_gate(unstable, || self.method_in_gate(index, endpoint, client))
    }

    fn method_in_gate(&self, index: usize, endpoint: &Endpoint, client: TokenStream) -> Method {
        let symbols = self.symbols.endpoint(index);
        let name = symbols.method.ident();
        let request = self.type_path(&endpoint.request);
        let http_method = quote::format_ident!(
            "{}",
            match endpoint.method {
                HttpMethod::Get => "Get",
                HttpMethod::Post => "Post",
                HttpMethod::Put => "Put",
                HttpMethod::Patch => "Patch",
                HttpMethod::Delete => "Delete",
            }
        );
        let path = &endpoint.path;
        let gate = is_unstable(endpoint).then(unstable_cfg);
        let endpoint_ty = self.runtime("Endpoint");
        let http_method_ty = self.runtime("HttpMethod");
        let endpoint_const = symbols.endpoint_const.ident();
        let const_item = quote! {
            #gate
            const #endpoint_const: #endpoint_ty = #endpoint_ty {
                method: #http_method_ty::#http_method,
                path: #path,
            };
        };
        let sends = format!(
            "Sends `{} {}`{}.",
            endpoint.method.as_str(),
            endpoint.path,
            if endpoint.method.uses_query() {
                " with the parameters in the query string"
            } else {
                ""
            }
        );
        let mut notes = vec![sends];
        if is_unstable(endpoint) {
            notes.push("Requires the `unstable` cargo feature.".to_string());
        }
        let (ret, call, extra) = match &endpoint.response {
            Response::Empty => (quote!(()), quote!(.empty()), None),
            Response::Payload {
                key,
                ty,
                required: true,
            } => {
                notes.push(format!("Returns the response's `{key}`."));
                let ty = self.ty(ty);
                (quote!(#ty), quote!(.payload(#key)), None)
            }
            Response::Payload {
                key,
                ty,
                required: false,
            } => {
                notes.push(format!(
                    "Returns the response's `{key}` when the server sends one (the API does not promise it)."
                ));
                let ty = self.ty(ty.non_null());
                (self.option(ty), quote!(.optional_payload(#key)), None)
            }
            Response::Page {
                key,
                item,
                pagination_key,
                cursor_param,
            } => {
                let all = symbols
                    .paginator
                    .as_ref()
                    .map(|n| n.ident())
                    .unwrap_or_else(|| quote::format_ident!("{}_all", name));
                notes.push(format!(
                    "Returns one page of the response's `{key}`; [`Self::{all}`] walks every page."
                ));
                let item_ty = self.ty(item);
                let (cursor, explicit_null) =
                    super::request_field(self.api, self.symbols, &endpoint.request, cursor_param);
                let paginator = self.runtime("Paginator");
                let page = self.runtime("Page");
                let all_doc = format!(
                    " Every page of [`Self::{name}`]: a [`{}`] that requests the next page, with `{cursor_param}` set from the previous one's `{pagination_key}`, as it is consumed. It starts from the request's own `{cursor_param}`, so a saved cursor resumes a walk.",
                    paginator.to_string().replace(' ', "")
                );
                // A cursor that can be `null` keeps the request's own (absent or `null`)
                // until the walk has one.
                let some = self.std_item("Some");
                let (flatten, set_cursor) = if explicit_null {
                    (
                        quote!(.flatten()),
                        quote!(if let #some(cursor) = cursor { request.#cursor = #some(#some(cursor)); }),
                    )
                } else {
                    (quote!(), quote!(request.#cursor = cursor;))
                };
                let extra = quote! {
                    #[doc = #all_doc]
                    #gate
                    pub fn #all(&self, request: #request) -> #paginator<#item_ty> {
                        let client = #client.clone();
                        let start = request.#cursor.clone() #flatten;
                        #paginator::new(&#endpoint_const, start, move |cursor| {
                            let client = client.clone();
                            let mut request = request.clone();
                            #set_cursor
                            async move { client.call_typed(&#endpoint_const, request).await?.page(#key, #pagination_key) }
                        })
                    }
                };
                (
                    quote!(#page<#item_ty>),
                    quote!(.page(#key, #pagination_key)),
                    Some(extra),
                )
            }
        };
        let call_ty = self.runtime("Call");
        notes.push(format!(
            "`.await` the [`{}`] it returns, or set its per-call options first.",
            call_ty.to_string().replace(' ', "")
        ));
        let doc = docs::attrs(&endpoint.docs, &notes);
        let allows = method_name_allows(symbols.method.unraw());
        let method = quote! {
            #doc
            #gate
            #allows
            pub fn #name(&self, request: #request) -> #call_ty<#ret> {
                #client.call_typed(&#endpoint_const, request).decode(|response| response #call)
            }

            #extra
        };
        let mock = self.mock_method(
            index,
            endpoint,
            &symbols.method,
            &request,
            &ret,
            gate.as_ref(),
        );
        Method {
            method,
            endpoint_const: const_item,
            mock,
        }
    }
}
