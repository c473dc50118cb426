//! The mock client of the `testing` feature: in every resource module a mock handle twin
//! of the group's handle whose methods return each endpoint's typed rules
//! (`mock.acs().credentials().create()`), so that a mock reads like the client it stands
//! for, and on `MockSeam` the accessors of the top-level groups. The runtime's mock
//! machinery is re-exported by `src/testing/mod.rs` ([`super::testing`]).

use super::resources::{Group, Method};
use super::{unstable_cfg, Emitter};
use crate::ir::{Endpoint, Response};
use crate::symbols::Name;
use proc_macro2::TokenStream;
use quote::quote;

fn testing_cfg() -> TokenStream {
    quote!(#[cfg(feature = "testing")])
}

impl Emitter<'_> {
    /// The method of a mock handle that returns the rules of `endpoint`, whose client
    /// method is `method` taking `request` and returning `Call<ret>`.
    pub(super) fn mock_method(
        &self,
        index: usize,
        endpoint: &Endpoint,
        method: &Name,
        request: &TokenStream,
        ret: &TokenStream,
        gate: Option<&TokenStream>,
    ) -> TokenStream {
        let name = method.ident();
        let symbols = self.symbols.group(&endpoint.group);
        let endpoint_const = self.symbols.endpoint(index).endpoint_const.ident();
        let encode = match &endpoint.response {
            Response::Empty => quote!(|_| crate::testing::empty_body()),
            Response::Payload { key, .. } => {
                quote!(|result| crate::testing::payload_body(#key, result))
            }
            Response::Page {
                key,
                pagination_key,
                ..
            } => quote!(|page| crate::testing::page_body(#key, #pagination_key, page)),
        };
        let pages = match (&endpoint.response, &self.symbols.endpoint(index).paginator) {
            (Response::Page { .. }, Some(all)) => {
                format!(" and the pages `{}` requests", all.as_str())
            }
            _ => String::new(),
        };
        let doc = format!(
            " The rules answering `{}.{}(..)` (`{} {}`){pages} on this mock.",
            symbols.call_chain,
            method.as_str(),
            endpoint.method.as_str(),
            endpoint.path
        );
        let allows = crate::symbols::spelling::method_name_allows(method.unraw());
        // Endpoints outside any group are rules of `MockSeam` itself.
        let (lifetime, mock) = if endpoint.group.is_empty() {
            (quote!('_), quote!(self))
        } else {
            (quote!('a), quote!(self.mock))
        };
        quote! {
            #[doc = #doc]
            #gate
            #allows
            pub fn #name(&self) -> crate::testing::MockEndpoint<#lifetime, #request, #ret> {
                crate::testing::MockEndpoint::new(#mock, &#endpoint_const, #encode)
            }
        }
    }

    /// `pub fn x(&self) -> x::MockX<'lifetime>` for each child group of `group`: the mock
    /// handle's twins of the client handle's accessors.
    fn mock_accessors(
        &self,
        group: &Group,
        mock: TokenStream,
        lifetime: TokenStream,
    ) -> TokenStream {
        let accessors = group.children.values().map(|child| {
            let symbols = self.symbols.group(&child.path);
            let module = symbols.modules[child.path.len() - 1].ident();
            let method = symbols.accessor.ident();
            let ty = symbols.mock_handle.ident();
            let gate = child.all_unstable().then(unstable_cfg);
            let doc = format!(
                " The rules of the endpoints under `/{}`.",
                child.path.join("/")
            );
            quote! {
                #[doc = #doc]
                #gate
                pub fn #method(&self) -> #module::#ty<#lifetime> {
                    #module::#ty { mock: #mock }
                }
            }
        });
        quote!(#(#accessors)*)
    }

    /// The mock handle of a resource module, with its accessors and endpoint rules.
    pub(super) fn mock_handle(&self, group: &Group, methods: &[Method]) -> TokenStream {
        let symbols = self.symbols.group(&group.path);
        let name = symbols.mock_handle.ident();
        let cfg = testing_cfg();
        let doc = format!(
            " The rules of a [`MockSeam`](crate::testing::MockSeam) for the endpoints under `/{}`; get it with `{}`.",
            group.path.join("/"),
            symbols.call_chain.replacen("seam", "mock", 1)
        );
        let accessors = self.mock_accessors(group, quote!(self.mock), quote!('a));
        let mocks = methods.iter().map(|m| &m.mock);
        quote! {
            #[doc = #doc]
            #cfg
            #[derive(Clone, Copy)]
            pub struct #name<'a> {
                pub(crate) mock: &'a crate::testing::MockSeam,
            }

            #cfg
            impl<'a> #name<'a> {
                #accessors

                #(#mocks)*
            }
        }
    }

    /// What `lib.rs` adds for the feature: the module, and on `MockSeam` the accessors of
    /// the top-level groups' rules (and the rules of endpoints outside any group).
    pub(super) fn mock_root(&self, root: &Group, methods: &[Method]) -> TokenStream {
        let cfg = testing_cfg();
        let accessors = self.mock_accessors(root, quote!(self), quote!('_));
        let mocks = methods.iter().map(|m| &m.mock);
        quote! {
            #cfg
            pub mod testing;

            #cfg
            impl testing::MockSeam {
                #accessors

                #(#mocks)*
            }
        }
    }
}
