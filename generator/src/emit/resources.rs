//! Resource modules: one per SDK group (`acs`, `acs::credentials`, ...), each with a
//! handle struct whose methods are the group's endpoints, accessors for sub-groups, and
//! the request types of its endpoints.

use super::names::{self, snake_ident, type_ident};
use super::{docs, format, module_name, unstable_cfg, Emitter};
use crate::ir::naming::pascal;
use crate::ir::{Docs, Endpoint, Home, Response};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeMap;

/// A node of the group tree.
#[derive(Default)]
pub(super) struct Group<'a> {
    pub path: Vec<String>,
    pub endpoints: Vec<&'a Endpoint>,
    pub children: BTreeMap<String, Group<'a>>,
}

impl Group<'_> {
    /// True when every endpoint below is unstable (so the whole module is gated).
    pub fn all_unstable(&self) -> bool {
        self.endpoints.iter().all(|e| is_unstable(e))
            && self.children.values().all(Group::all_unstable)
    }

    pub fn struct_name(&self) -> String {
        let parts: Vec<&str> = self.path.iter().map(String::as_str).collect();
        pascal(&parts)
    }

    fn file(&self) -> String {
        let modules: Vec<String> = (0..self.path.len())
            .map(|i| module_name(&self.path, i))
            .collect();
        if self.children.is_empty() {
            format!("src/{}.rs", modules.join("/"))
        } else {
            format!("src/{}/mod.rs", modules.join("/"))
        }
    }
}

pub(super) fn is_unstable(endpoint: &Endpoint) -> bool {
    endpoint.docs.undocumented.is_some()
}

impl<'a> Emitter<'a> {
    pub(super) fn group_tree(&self) -> Group<'a> {
        let mut root = Group::default();
        for endpoint in &self.api.endpoints {
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
            node.endpoints.push(endpoint);
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
        let path = group.file();
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
            let depth = child.path.len() - 1;
            let module = names::ident(&module_name(&child.path, depth));
            let method = snake_ident(&child.path[depth]);
            let ty = type_ident(&child.struct_name());
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
        let name = type_ident(&group.struct_name());
        let module_doc = format!(
            " `{}`: the endpoints under `/{}`.",
            call_chain(&group.path),
            group.path.join("/")
        );
        let (mods, accessors) = self.child_accessors(group, quote!(self.client), quote!('a));
        let methods = group
            .endpoints
            .iter()
            .map(|e| self.method(e, quote!(self.client)));
        let request_types = self
            .api
            .types
            .values()
            .filter(|t| matches!(&t.home, Home::Request { group: g, .. } if *g == group.path))
            .map(|t| self.type_def(t));
        let struct_doc = format!(
            " The endpoints under `/{}`; get it with `{}`.",
            group.path.join("/"),
            call_chain(&group.path)
        );
        quote! {
            #![doc = #module_doc]
            #![allow(deprecated)]

            #mods

            #[doc = #struct_doc]
            #[derive(Clone, Copy)]
            pub struct #name<'a> {
                pub(crate) client: &'a crate::Seam,
            }

            impl<'a> #name<'a> {
                #accessors

                #(#methods)*
            }

            #(#request_types)*
        }
    }

    /// The method of one endpoint; `client` is how the handle reaches the `Seam` client.
    pub(super) fn method(&self, endpoint: &Endpoint, client: TokenStream) -> TokenStream {
        let name = snake_ident(&endpoint.name);
        let request = self.type_path(&endpoint.request);
        let method = names::ident(match endpoint.method {
            crate::ir::HttpMethod::Get => "Get",
            crate::ir::HttpMethod::Post => "Post",
            crate::ir::HttpMethod::Put => "Put",
            crate::ir::HttpMethod::Patch => "Patch",
            crate::ir::HttpMethod::Delete => "Delete",
        });
        let path = &endpoint.path;
        let gate = is_unstable(endpoint).then(unstable_cfg);
        let endpoint_const = quote! {
            static ENDPOINT: crate::Endpoint = crate::Endpoint {
                method: crate::HttpMethod::#method,
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
                let all = names::ident(&format!("{}_all", names::snake_name(&endpoint.name)));
                notes.push(format!(
                    "Returns one page of the response's `{key}`; [`Self::{all}`] walks every page."
                ));
                let item_ty = self.ty(item);
                let cursor = snake_ident(cursor_param);
                let all_doc = format!(
                    " Every page of [`Self::{name}`]: a [`crate::Paginator`] that requests the next page, with `{cursor_param}` set from the previous one's `{pagination_key}`, as it is consumed. It starts from the request's own `{cursor_param}`, so a saved cursor resumes a walk."
                );
                let extra = quote! {
                    #[doc = #all_doc]
                    #gate
                    pub fn #all(&self, request: #request) -> crate::Paginator<#item_ty> {
                        #endpoint_const
                        let client = #client.clone();
                        let start = request.#cursor.clone();
                        crate::Paginator::new(&ENDPOINT, start, move |cursor| {
                            let client = client.clone();
                            let mut request = request.clone();
                            request.#cursor = cursor;
                            async move { client.call(&ENDPOINT, &request).await?.page(#key, #pagination_key) }
                        })
                    }
                };
                (
                    quote!(crate::Page<#item_ty>),
                    quote!(.page(#key, #pagination_key)),
                    Some(extra),
                )
            }
        };
        notes.push(
            "`.await` the [`crate::Call`] it returns, or set its per-call options first."
                .to_string(),
        );
        let docs: &Docs = &endpoint.docs;
        let doc = docs::attrs(docs, &notes);
        let allows = names::method_name_allows(&names::unraw(&name));
        quote! {
            #doc
            #gate
            #allows
            pub fn #name(&self, request: #request) -> crate::Call<#ret> {
                #endpoint_const
                #client.call(&ENDPOINT, &request).decode(|response| response #call)
            }

            #extra
        }
    }
}

/// `seam.acs().credentials()` for `["acs", "credentials"]`.
pub(super) fn call_chain(path: &[String]) -> String {
    let mut chain = "seam".to_string();
    for segment in path {
        chain.push('.');
        chain.push_str(&names::snake_name(segment));
        chain.push_str("()");
    }
    chain
}
