//! Emission: IR -> Rust source files of the SDK crate. Token streams are built with
//! `quote`, each file is formatted with `prettyplease`. No analysis happens here, and no
//! naming: what to generate was decided in [`crate::ir`], every Rust name and layout choice
//! (what is boxed, how another module's type is named) in [`crate::symbols`]; this module
//! only spells them, and collects each file's `use` items as it names imported items.

pub mod cli;
mod docs;
mod files;
pub mod format;
mod imports;
mod mock;
mod resources;
mod testing;
mod types;

use crate::ir::{Api, Home, TypeRef};
use crate::symbols::{Module, Reference, Symbols};
use imports::Imports;
use proc_macro2::TokenStream;
use quote::quote;
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};

pub use files::{RUNTIME_DIR, RUNTIME_FILES};

/// What to call the generated crate and where it came from.
#[derive(Debug, Clone)]
pub struct Options {
    /// Cargo package name, e.g. `seam-sdk`.
    pub crate_name: String,
    pub crate_version: String,
    /// Shown in the generated-file headers, e.g. `spec/openapi.json`.
    pub spec_name: String,
    /// The hash of the part of the document read, [`crate::load::Spec::sha256`], also
    /// shown in the headers.
    pub spec_sha256: String,
}

/// The generated crate: relative path (with `/` separators) -> file contents.
pub type Files = BTreeMap<String, String>;

/// Emits every file of the crate (on the caller's stack; [`crate::generate_from`] gives it
/// a large one, which deeply nested types need).
///
/// The files are emitted and formatted on as many threads as the machine has cores (most
/// of the time goes to `prettyplease`, file by file); the result does not depend on how
/// many there are.
pub fn emit(api: &Api, options: &Options) -> Files {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    emit_on(api, options, threads)
}

/// [`emit`] on `threads` threads (1: on the caller's thread only).
pub fn emit_on(api: &Api, options: &Options, threads: usize) -> Files {
    let symbols = Symbols::of(api);
    let next = std::sync::atomic::AtomicUsize::new(0);
    // Each thread builds its own emitter (token streams cannot cross threads) and takes
    // the next file not yet taken, until none is left.
    let work = || {
        let emitter = Emitter::new(api, options, &symbols);
        let tree = emitter.group_tree();
        let jobs = emitter.file_jobs(&tree);
        let mut out = Vec::new();
        loop {
            let index = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(job) = jobs.get(index) else {
                break;
            };
            emitter.run(job, &mut out);
        }
        out
    };
    crate::on_threads(threads, work)
        .into_iter()
        .flatten()
        .collect()
}

/// One unit of [`emit`]'s work: a file, or for [`FileJob::Crate`] the crate-level files.
enum FileJob<'t, 'a> {
    /// `Cargo.toml`, the runtime, `src/lib.rs`.
    Crate,
    /// `src/models/mod.rs`.
    ModelsIndex(Vec<String>),
    /// One `src/models/<module>.rs`.
    Models(String, Vec<&'a crate::ir::TypeDef>),
    /// One resource module.
    Group(&'t resources::Group<'a>),
    /// A file of `src/testing/` (feature `testing`): its `mod.rs`, the request tables, the
    /// fixtures (each large for the whole API, so each a job of its own).
    Testing(testing::File),
}

impl<'a> Emitter<'a> {
    /// Every file job, in one order for every thread.
    fn file_jobs<'t>(&self, tree: &'t resources::Group<'a>) -> Vec<FileJob<'t, 'a>> {
        let models = self.model_modules();
        let mut jobs = vec![FileJob::Crate];
        jobs.extend(testing::File::ALL.map(FileJob::Testing));
        jobs.push(FileJob::ModelsIndex(models.keys().cloned().collect()));
        jobs.extend(
            models
                .into_iter()
                .map(|(module, defs)| FileJob::Models(module, defs)),
        );
        jobs.extend(self.groups(tree).into_iter().map(FileJob::Group));
        jobs
    }

    fn run(&self, job: &FileJob<'_, 'a>, out: &mut Vec<(String, String)>) {
        match job {
            FileJob::Crate => self.crate_files(out),
            FileJob::ModelsIndex(modules) => out.push(self.models_index(modules)),
            FileJob::Models(module, defs) => out.push(self.model_file(module, defs)),
            FileJob::Group(group) => out.push(self.group_file(group)),
            FileJob::Testing(file) => out.push(self.testing_file(*file)),
        }
    }
}

pub(crate) struct Emitter<'a> {
    api: &'a Api,
    options: &'a Options,
    symbols: &'a Symbols,
    /// Each union of alternative sets of request parameters, by name, and the request
    /// struct that selects among them (its `one_of`).
    selectors: HashMap<&'a str, &'a crate::ir::TypeDef>,
    /// The file being emitted: its module and the `use` items it needs so far.
    file: RefCell<FileScope>,
}

/// The module a file is, and the items it imports.
struct FileScope {
    module: Module,
    imports: Imports,
}

impl<'a> Emitter<'a> {
    fn new(api: &'a Api, options: &'a Options, symbols: &'a Symbols) -> Self {
        let mut selectors = HashMap::new();
        for def in api.types.values() {
            if let crate::ir::TypeKind::Struct(crate::ir::Struct {
                one_of: Some(one_of),
                ..
            }) = &def.kind
            {
                // The first, in the order of names, if several select the same union.
                selectors.entry(one_of.ty.as_str()).or_insert(def);
            }
        }
        Emitter {
            api,
            options,
            symbols,
            selectors,
            file: RefCell::new(FileScope {
                module: Module::Root,
                imports: Imports::default(),
            }),
        }
    }

    /// Starts a file of `module` (`module_gated`: which only the `unstable` feature
    /// compiles), with no imports yet.
    fn begin(&self, module: Module, module_gated: bool) {
        let mut file = self.file.borrow_mut();
        file.module = module;
        file.imports.begin(module_gated);
    }

    /// Runs `f` as the emission of items that only the `unstable` feature compiles (when
    /// `gated`), so that imports only they use are gated too.
    fn in_gate<T>(&self, gated: bool, f: impl FnOnce() -> T) -> T {
        // Only `begin` borrows the file mutably, and no item's emission begins a file.
        self.file.borrow().imports.in_gate(gated, f)
    }

    fn import(&self, path: String) {
        self.file.borrow().imports.add(&path);
    }

    /// The `use` items of the file so far, grouped by module: `use crate::models::{A, B};`.
    fn uses(&self) -> TokenStream {
        self.file.borrow().imports.items()
    }

    /// How the current file names the IR type `name`.
    fn type_path(&self, name: &str) -> TokenStream {
        let id = self.symbols.id(name);
        let ident = self.symbols.of_type(id).name.ident();
        let module = self.file.borrow().module.clone();
        match self.symbols.reference(&module, id) {
            Reference::Local => quote!(#ident),
            Reference::Import(path) => {
                self.import(path);
                quote!(#ident)
            }
            Reference::Path(path) => path.parse().unwrap_or_default(),
        }
    }

    /// A path to the IR type `name` for an intra-doc link, valid in any module.
    fn doc_path(&self, name: &str) -> String {
        let id = self.symbols.id(name);
        let module = self.file.borrow().module.clone();
        match self.symbols.reference(&module, id) {
            Reference::Local => self.symbols.of_type(id).name.to_string(),
            Reference::Import(path) if path.starts_with("super::") => {
                format!("crate::models::{}", self.symbols.of_type(id).name)
            }
            Reference::Import(path) | Reference::Path(path) => path,
        }
    }

    /// A runtime item (`Error`, `Endpoint`, `Page`, ...): imported, or at the crate root
    /// where the runtime is re-exported, or by its path when a generated type has its name.
    fn runtime(&self, name: &str) -> TokenStream {
        let ident = crate::symbols::spelling::ident(name);
        let module = self.file.borrow().module.clone();
        if self.symbols.runtime_by_path(&module, name) {
            return quote!(crate::#ident);
        }
        if module != Module::Root {
            self.import(format!("crate::{name}"));
        }
        quote!(#ident)
    }

    /// An item of the prelude, `std` or `serde` by its bare name (imported where the prelude
    /// lacks it), or by its full path when a generated type has its name.
    fn std_item(&self, name: &str) -> TokenStream {
        let full = std_path(name);
        let ident = crate::symbols::spelling::ident(name);
        if self.symbols.is_shadowed(name) {
            let full: TokenStream = full.parse().unwrap_or_default();
            return match name {
                "None" | "Some" | "Ok" | "Err" | "Serialize" | "Deserialize" => {
                    quote!(#full::#ident)
                }
                _ => full,
            };
        }
        match name {
            "BTreeMap" => self.import("std::collections::BTreeMap".to_string()),
            "Serialize" | "Deserialize" => self.import(format!("serde::{name}")),
            _ => {}
        }
        quote!(#ident)
    }

    fn ty(&self, t: &TypeRef) -> TokenStream {
        match t {
            TypeRef::String => self.std_item("String"),
            TypeRef::Timestamp => self.runtime("Timestamp"),
            TypeRef::Integer => quote!(i64),
            TypeRef::Number => quote!(f64),
            TypeRef::Boolean => quote!(bool),
            TypeRef::Json => quote!(serde_json::Value),
            TypeRef::Array(inner) => {
                let inner = self.ty(inner);
                let vec = self.std_item("Vec");
                quote!(#vec<#inner>)
            }
            TypeRef::Map(inner) => {
                let inner = self.ty(inner);
                let map = self.std_item("BTreeMap");
                let string = self.std_item("String");
                quote!(#map<#string, #inner>)
            }
            TypeRef::Nullable(inner) => {
                let inner = self.ty(inner);
                self.option(inner)
            }
            TypeRef::Named(name) => self.type_path(name),
        }
    }

    fn option(&self, inner: TokenStream) -> TokenStream {
        let option = self.std_item("Option");
        quote!(#option<#inner>)
    }

    fn boxed(&self, inner: TokenStream) -> TokenStream {
        let boxed = self.std_item("Box");
        quote!(#boxed<#inner>)
    }

    /// `#[cfg(feature = "unstable")]` for types that only unstable endpoints use.
    fn gate(&self, home: &Home) -> Option<TokenStream> {
        match home {
            Home::Request { unstable: true, .. } => Some(unstable_cfg()),
            _ => None,
        }
    }
}

/// The Rust field of the request struct `request` that is sent as `wire` (a paginated
/// request's cursor), and whether it can hold an explicit `null` (`Option<Option<_>>`).
fn request_field(
    api: &Api,
    symbols: &Symbols,
    request: &str,
    wire: &str,
) -> (proc_macro2::Ident, bool) {
    let type_symbols = symbols.type_named(request);
    match api.types.get(request).map(|d| &d.kind) {
        Some(crate::ir::TypeKind::Struct(s)) => s
            .fields
            .iter()
            .zip(&type_symbols.fields)
            .find(|(f, _)| f.name == wire)
            .map(|(_, symbol)| (symbol.name.ident(), symbol.null_setter.is_some())),
        _ => None,
    }
    .unwrap_or_else(|| (crate::symbols::spelling::snake_ident(wire), false))
}

/// The full path of a prelude, `std` or `serde` item (of the type or trait an associated
/// item such as `None` or `Deserialize` belongs to), for code where a generated type
/// shadows its bare name.
fn std_path(name: &str) -> &'static str {
    match name {
        "None" | "Some" | "Option" => "::std::option::Option",
        "Ok" | "Err" | "Result" => "::std::result::Result",
        "String" => "::std::string::String",
        "Vec" => "::std::vec::Vec",
        "Box" => "::std::boxed::Box",
        "Default" => "::std::default::Default",
        "Into" => "::std::convert::Into",
        "IntoIterator" => "::std::iter::IntoIterator",
        "BTreeMap" => "::std::collections::BTreeMap",
        "Serialize" | "Deserialize" => "::serde",
        _ => "",
    }
}

fn unstable_cfg() -> TokenStream {
    quote!(#[cfg(feature = "unstable")])
}

/// The lines of a `//!` module doc, as inner attributes.
fn inner_docs<'l>(lines: impl IntoIterator<Item = &'l str>) -> TokenStream {
    let lines = lines.into_iter().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        let line = docs::str_literal(&line);
        quote!(#![doc = #line])
    });
    quote!(#(#lines)*)
}
