//! The `use` items of one generated file (of the SDK or of the CLI), collected as its code
//! names things: grouped by module (`use crate::models::{A, B};`), `std` first, then other
//! crates, then this crate's (`crate::`, `super::`), and those that only code under
//! `#[cfg(feature = "unstable")]` names behind the same gate, so that neither build warns
//! of an unused import.

use super::unstable_cfg;
use proc_macro2::TokenStream;
use quote::quote;
use std::cell::RefCell;
use std::collections::BTreeMap;

/// The imports of the file being emitted.
#[derive(Debug, Default)]
pub(crate) struct Imports {
    state: RefCell<State>,
}

#[derive(Debug, Default)]
struct State {
    /// Module path -> item -> whether code outside the `unstable` gate names it.
    by_module: BTreeMap<String, BTreeMap<String, bool>>,
    /// True while emitting items that only the `unstable` feature compiles.
    gated: bool,
    /// True when the whole file is a module only the `unstable` feature compiles, so that
    /// its imports need no gate of their own.
    file_gated: bool,
}

impl Imports {
    /// Starts a file (`file_gated`: a module only the `unstable` feature compiles), with no
    /// imports yet.
    pub(crate) fn begin(&self, file_gated: bool) {
        *self.state.borrow_mut() = State {
            file_gated,
            ..State::default()
        };
    }

    /// Runs `f` as the emission of items only the `unstable` feature compiles (when
    /// `gated`), so that imports only they need are gated too.
    pub(crate) fn in_gate<T>(&self, gated: bool, f: impl FnOnce() -> T) -> T {
        let before = self.state.borrow().gated;
        self.state.borrow_mut().gated = before || gated;
        let out = f();
        self.state.borrow_mut().gated = before;
        out
    }

    /// Notes that the file names `path` (`crate::runtime::Command`) by its last segment.
    pub(crate) fn add(&self, path: &str) {
        let (module, item) = path.rsplit_once("::").unwrap_or(("", path));
        let mut state = self.state.borrow_mut();
        let ungated = !state.gated || state.file_gated;
        // Most items are named many times a file: look them up before making keys.
        let items = match state.by_module.get_mut(module) {
            Some(items) => items,
            None => state.by_module.entry(module.to_string()).or_default(),
        };
        match items.get_mut(item) {
            Some(used) => *used |= ungated,
            None => {
                items.insert(item.to_string(), ungated);
            }
        }
    }

    /// The `use` items of the file so far.
    pub(crate) fn items(&self) -> TokenStream {
        let state = self.state.borrow();
        // Ungated before gated; `std`, then other crates, then this one; by module path.
        let mut groups: BTreeMap<(bool, u8, &str), Vec<&str>> = BTreeMap::new();
        for (module, items) in &state.by_module {
            let in_module = |root: &str| {
                module == root
                    || module
                        .strip_prefix(root)
                        .is_some_and(|r| r.starts_with("::"))
            };
            let rank = if in_module("std") {
                0
            } else if in_module("crate") || in_module("super") {
                2
            } else {
                1
            };
            for (item, ungated) in items {
                groups
                    .entry((!ungated, rank, module))
                    .or_default()
                    .push(item);
            }
        }
        let items = groups.into_iter().map(|((gated, _, module), items)| {
            let gate = gated.then(unstable_cfg);
            let module: TokenStream = module.parse().unwrap_or_default();
            let items = items
                .iter()
                .map(|item| crate::symbols::spelling::ident(item));
            if items.len() == 1 {
                quote! { #gate use #module::#(#items)*; }
            } else {
                quote! { #gate use #module::{#(#items),*}; }
            }
        });
        quote!(#(#items)*)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rendered(imports: &Imports) -> String {
        let file: syn::File = syn::parse2(imports.items()).expect("use items");
        prettyplease::unparse(&file)
    }

    #[test]
    fn imports_are_grouped_by_module_std_first_and_gated_when_only_gated_code_uses_them() {
        let imports = Imports::default();
        imports.begin(false);
        imports.add("crate::runtime::Param");
        imports.add("crate::runtime::Command");
        imports.add("serde_json::Value");
        imports.add("std::collections::BTreeMap");
        imports.in_gate(true, || {
            imports.add("crate::runtime::Command");
            imports.add("crate::runtime::Variant");
            imports.add("crate::sdk::acs::Unstable");
        });
        assert_eq!(
            rendered(&imports),
            "use std::collections::BTreeMap;\n\
             use serde_json::Value;\n\
             use crate::runtime::{Command, Param};\n\
             #[cfg(feature = \"unstable\")]\n\
             use crate::runtime::Variant;\n\
             #[cfg(feature = \"unstable\")]\n\
             use crate::sdk::acs::Unstable;\n"
        );
    }

    #[test]
    fn a_file_only_the_unstable_feature_compiles_gates_no_import() {
        let imports = Imports::default();
        imports.begin(true);
        imports.in_gate(true, || imports.add("crate::runtime::Variant"));
        assert_eq!(rendered(&imports), "use crate::runtime::Variant;\n");
        imports.begin(false);
        assert_eq!(rendered(&imports), "");
    }
}
