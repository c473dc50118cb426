//! The mock client of the `testing` feature: `src/testing.rs` (which re-exports the
//! runtime's mock machinery and holds the request check), and in every resource module a
//! mock handle twin of the group's handle whose methods return each endpoint's typed rules
//! (`mock.acs().credentials().create()`), so that a mock reads like the client it stands
//! for.

use super::resources::{Group, Method};
use super::{format, inner_docs, unstable_cfg, Emitter};
use crate::ir::{Endpoint, Response};
use crate::symbols::{Module, Name};
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

    /// `src/testing.rs`: the feature's module.
    pub(super) fn testing_file(&self) -> (String, String) {
        self.begin(Module::Root, false);
        let lib_name = self.options.crate_name.replace('-', "_");
        let docs = inner_docs(testing_docs(&lib_name).lines());
        let tokens = quote! {
            #docs

            pub use crate::runtime::mock::*;

            /// Checks a request as Seam would before a mock's rules see it: `Err` holds
            /// Seam's `invalid_input` error body (answered with status 400). `request` is
            /// what the request sends: its JSON body, or its query parameters as JSON.
            ///
            /// This version accepts every request: the per-endpoint request schemas replace it.
            /// (`Result` is spelled in full, as a generated type may be named so.)
            pub(crate) fn validate_request(
                endpoint: &crate::Endpoint,
                request: &serde_json::Value,
            ) -> ::std::result::Result<(), serde_json::Value> {
                let _ = (endpoint, request);
                ::std::result::Result::Ok(())
            }
        };
        let path = "src/testing.rs".to_string();
        let text = format::file(&path, &self.header(), tokens);
        (path, text)
    }
}

/// The module documentation of `src/testing.rs`, with examples naming the crate.
fn testing_docs(lib_name: &str) -> String {
    format!(
        r#"Mock clients for the tests of code that uses this SDK (the `testing` cargo feature).

Enable it for your tests only:

```toml
[dev-dependencies]
{crate_name} = {{ version = "*", features = ["testing"] }}
```

A [`MockSeam`] answers a real [`Seam`](crate::Seam) client's calls in memory, with no
network: hand [`MockSeam::client`] to the code under test. The call runs every step it runs
in production (request building, retries, deadlines, body limits, decoding); only the socket
is replaced, and retry waits are recorded ([`MockSeam::retry_waits`]) instead of slept.

`mock.acs().credentials().create()` mirrors `seam.acs().credentials().create(..)` and returns
that endpoint's [`MockEndpoint`], typed with its request and result: narrow a rule with
[`when`](MockEndpoint::when) (a predicate on the typed request) and
[`times`](MockEndpoint::times), then answer with [`respond`](MockEndpoint::respond),
[`fail`](MockEndpoint::fail), [`respond_sequence`](MockEndpoint::respond_sequence) or
[`respond_with`](MockEndpoint::respond_with). Rules are tried in the order they were added.
A call no rule matches fails with HTTP 501, type `mock_no_matching_rule`, and a message
listing the request and the rules. Requests are checked as Seam checks them first (an invalid
one gets Seam's `invalid_input` answer); [`MockSeam::validate_requests`] turns that off.

[`Fault`] sends what Seam sends when things go wrong: its error bodies (`invalid_input` with
per-parameter messages, `*_not_found`, `401`, `429` with `Retry-After`, `5xx`), timeouts
and broken connections; the client retries them as in production.

```no_run
use {lib_name}::testing::{{Fault, MockEndpoint, MockSeam}};
use {lib_name}::{{Endpoint, Error, HttpMethod, Seam}};

const GET_WORKSPACE: Endpoint = Endpoint {{
    method: HttpMethod::Get,
    path: "/workspaces/get",
}};

// The code under test takes the production client.
async fn workspace_name(seam: &Seam) -> Result<String, Error> {{
    let workspace: serde_json::Value = seam
        .call_typed(&GET_WORKSPACE, serde_json::json!({{}}))
        .await?
        .payload("workspace")?;
    Ok(workspace["name"].as_str().unwrap_or_default().to_owned())
}}

// A test (under `#[tokio::test]`): a 503, retried, then the workspace.
# async fn test() {{
let mock = MockSeam::new();
// The generated accessors return such a rule set for each endpoint, typed with its
// request and result: `mock.acs().credentials().create()`.
let rules: MockEndpoint<'_, serde_json::Value, serde_json::Value> =
    MockEndpoint::new(&mock, &GET_WORKSPACE, |workspace| {{
        serde_json::json!({{ "workspace": workspace, "ok": true }})
    }});
rules.respond_sequence([
    Err(Fault::service_unavailable()),
    Ok(serde_json::json!({{ "name": "Front desk" }})),
]);
assert_eq!(workspace_name(&mock.client()).await.unwrap(), "Front desk");
assert_eq!(mock.calls().len(), 2);
assert_eq!(mock.retry_waits().len(), 1);
# }}
```
"#,
        crate_name = lib_name.replace('_', "-"),
    )
}
