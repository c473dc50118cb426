//! The CLI crate (binary `seam`), emitted from the same IR and symbols as the SDK crate it
//! is built on: `Cargo.toml` (a path dependency on the SDK), `src/main.rs`, the
//! hand-written runtime (`runtime/`, copied as it is into `src/runtime/`), and
//! `src/commands/`: per group of endpoints, each command's flags, the function that
//! builds the SDK's request type from them and starts the call, and the conversions
//! from JSON into the request types (`FromJson`). Names come from
//! [`crate::symbols::cli`] (the CLI's own) and [`crate::symbols::Symbols`] (the SDK's).
//!
//! Where the crate goes: next to the SDK, in a directory named by [`cli_dir_name`]
//! (`generated-sdk` -> `generated-cli`, `/tmp/seam-all` -> `/tmp/seam-all-cli`), with
//! the SDK as `path = "../<sdk dir>"`.

mod commands;
mod help;

use super::{format, Files};
use crate::ir::Api;
use crate::symbols::cli::CliNames;
use crate::symbols::Symbols;
use quote::quote;

/// The runtime's source files, copied into `src/runtime/` of the CLI crate.
pub const RUNTIME_FILES: &[(&str, &str)] = &[
    ("mod.rs", include_str!("runtime/mod.rs")),
    ("app.rs", include_str!("runtime/app.rs")),
    ("output.rs", include_str!("runtime/output.rs")),
    ("params.rs", include_str!("runtime/params.rs")),
];

/// What to call the CLI crate and what it is built on.
#[derive(Debug, Clone)]
pub struct CliOptions {
    /// Cargo package name, e.g. `seam-cli`.
    pub crate_name: String,
    pub crate_version: String,
    /// The SDK's package name, e.g. `seam-sdk`.
    pub sdk_crate: String,
    /// The SDK's directory relative to the CLI's, e.g. `../generated-sdk`.
    pub sdk_path: String,
    /// Shown in the generated-file headers.
    pub spec_name: String,
    pub spec_sha256: String,
}

impl CliOptions {
    /// The CLI of the SDK `sdk` (its options) that lives in the directory `sdk_dir_name`,
    /// the CLI being in [`cli_dir_name`] beside it.
    pub fn beside(sdk: &super::Options, sdk_dir_name: &str) -> CliOptions {
        CliOptions {
            crate_name: cli_crate_name(&sdk.crate_name),
            crate_version: sdk.crate_version.clone(),
            sdk_crate: sdk.crate_name.clone(),
            sdk_path: format!("../{sdk_dir_name}"),
            spec_name: sdk.spec_name.clone(),
            spec_sha256: sdk.spec_sha256.clone(),
        }
    }
}

/// The CLI's directory beside the SDK's: a `-sdk` suffix becomes `-cli`, else `-cli` is
/// added (`generated-sdk` -> `generated-cli`, `seam-all` -> `seam-all-cli`).
pub fn cli_dir_name(sdk_dir_name: &str) -> String {
    match sdk_dir_name.strip_suffix("-sdk") {
        Some(stem) => format!("{stem}-cli"),
        None => format!("{sdk_dir_name}-cli"),
    }
}

/// The CLI's package name for the SDK's: `seam-sdk` -> `seam-cli`, `seam-all` ->
/// `seam-all-cli`.
pub fn cli_crate_name(sdk_crate: &str) -> String {
    cli_dir_name(sdk_crate)
}

/// Every file of the CLI crate (not yet through `rustfmt`).
pub fn emit(api: &Api, options: &CliOptions) -> Files {
    let symbols = Symbols::of(api);
    let names = CliNames::of(api);
    let emitter = commands::CliEmitter::new(api, options, &symbols, &names);
    let mut files = Files::new();
    let header = emitter.header();
    files.insert(
        "Cargo.toml".to_string(),
        cargo_toml(options, &emitter.provenance()),
    );
    for (name, source) in RUNTIME_FILES {
        files.insert(
            format!("src/runtime/{name}"),
            format!("{header}\n\n{source}"),
        );
    }
    files.insert(
        "src/main.rs".to_string(),
        format::file("src/main.rs", &header, main_rs(api, options)),
    );
    for (path, tokens) in emitter.command_files() {
        let text = format::file(&path, &header, tokens);
        files.insert(path, text);
    }
    files
}

fn cargo_toml(options: &CliOptions, provenance: &str) -> String {
    format!(
        r#"# {provenance}
# Do not edit by hand: run `cargo xtask codegen`.
[package]
name = "{name}"
version = "{version}"
edition = "2021"
description = "The Seam API from the command line, generated from its OpenAPI document"
license = "MIT"
publish = false

[[bin]]
name = "seam"
path = "src/main.rs"
# `cargo test` runs the runtime's unit tests; the workspace's integration tests run the
# binary.

[features]
# Commands for the endpoints the spec marks `x-undocumented`.
unstable = ["{sdk}/unstable"]

[dependencies]
{sdk} = {{ path = "{sdk_path}" }}
clap = {{ version = "4.5", default-features = false, features = ["std", "help", "usage", "error-context", "suggestions"] }}
clap_complete = "4.5"
serde = "1"
serde_json = "1"
tokio = {{ version = "1", features = ["rt"] }}
"#,
        name = options.crate_name,
        version = options.crate_version,
        sdk = options.sdk_crate,
        sdk_path = options.sdk_path,
    )
}

fn main_rs(api: &Api, options: &CliOptions) -> proc_macro2::TokenStream {
    let sdk = crate::symbols::spelling::ident(&options.sdk_crate.replace('-', "_"));
    let docs = [
        format!(
            " `seam`: the Seam API from the command line (paths under `{}`), a command per",
            api.prefix
        ),
        " endpoint, built on the SDK crate generated from the same document.".to_string(),
        String::new(),
        " ```sh".to_string(),
        " seam acs credentials list --acs_user_id 33333333-3333-3333-3333-333333333333".to_string(),
        " ```".to_string(),
    ];
    let docs = docs.iter().map(|line| quote!(#![doc = #line]));
    quote! {
        #(#docs)*

        mod commands;
        mod runtime;

        use #sdk as sdk;

        fn main() -> std::process::ExitCode {
            runtime::main(&commands::commands())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names `pub use` items of `source` bring in.
    fn reexported(source: &str) -> Vec<String> {
        fn names(tree: &syn::UseTree, out: &mut Vec<String>) {
            match tree {
                syn::UseTree::Path(path) => names(&path.tree, out),
                syn::UseTree::Name(name) => out.push(name.ident.to_string()),
                syn::UseTree::Rename(rename) => out.push(rename.rename.to_string()),
                syn::UseTree::Group(group) => group.items.iter().for_each(|t| names(t, out)),
                syn::UseTree::Glob(_) => out.push("*".to_string()),
            }
        }
        let file = syn::parse_file(source).expect("the runtime's mod.rs parses");
        let mut out = Vec::new();
        for item in &file.items {
            if let syn::Item::Use(item) = item {
                if matches!(item.vis, syn::Visibility::Public(_)) {
                    names(&item.tree, &mut out);
                }
            }
        }
        out
    }

    #[test]
    fn the_runtime_exports_by_name_every_item_the_commands_import() {
        let (_, mod_rs) = RUNTIME_FILES
            .iter()
            .find(|(name, _)| *name == "mod.rs")
            .expect("the runtime's mod.rs");
        let exported = reexported(mod_rs);
        for item in crate::symbols::cli::RUNTIME_ITEMS {
            assert!(
                exported.iter().any(|e| e == item),
                "the runtime does not export `{item}`: {exported:?}"
            );
        }
    }

    #[test]
    fn the_cli_lives_beside_the_sdk() {
        assert_eq!(cli_dir_name("generated-sdk"), "generated-cli");
        assert_eq!(cli_dir_name("seam-all"), "seam-all-cli");
        assert_eq!(cli_crate_name("seam-sdk"), "seam-cli");
    }
}
