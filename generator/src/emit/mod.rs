//! Emission: IR -> Rust source files of the SDK crate. Token streams are built with
//! `quote`, each file is formatted with `prettyplease`. No analysis happens here: every
//! decision about *what* to generate was made in [`crate::ir`]; this module decides only
//! how it is spelled.

mod docs;
mod files;
pub mod format;
mod names;
mod resources;
mod types;

use crate::ir::cycles::Cycles;
use crate::ir::{Api, Home, TypeKind, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};

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
    let next = std::sync::atomic::AtomicUsize::new(0);
    // Each thread builds its own emitter (token streams cannot cross threads) and takes
    // the next file not yet taken, until none is left.
    let work = || {
        let emitter = Emitter::new(api, options);
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
}

impl<'a> Emitter<'a> {
    /// Every file job, in one order for every thread.
    fn file_jobs<'t>(&self, tree: &'t resources::Group<'a>) -> Vec<FileJob<'t, 'a>> {
        let models = self.model_modules();
        let mut jobs = vec![FileJob::Crate];
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
        }
    }
}

pub(crate) struct Emitter<'a> {
    api: &'a Api,
    options: &'a Options,
    /// The (owner, target) references that lie on a cycle of types holding one another
    /// by value: those need a `Box`.
    cycles: Cycles,
    /// True unless a generated type is named like a prelude type (`String`, `Option`,
    /// `Vec`, `Result`, `Box`), in which case the emitted code spells those out in full.
    short_prelude: bool,
    /// Estimated sizes of named types, filled as they are asked for.
    sizes: std::cell::RefCell<BTreeMap<String, usize>>,
}

/// A union variant whose payload is larger than this (estimated, in bytes) holds it in a
/// `Box`, so that the enum is not as large as its largest variant. It is clippy's
/// `large_enum_variant` threshold: the estimate never undercounts, so no enum of unboxed
/// variants differs by more than this between its two largest.
pub(crate) const BOX_VARIANT_ABOVE: usize = 200;

/// The size of `serde_json::Value` as the generated crate builds it (a `BTreeMap` for
/// objects; `serde_json`'s `preserve_order` feature, which nothing in its dependency tree
/// enables, would make it 80).
const JSON: usize = 32;

impl<'a> Emitter<'a> {
    fn new(api: &'a Api, options: &'a Options) -> Self {
        Emitter {
            api,
            options,
            cycles: Cycles::of(api),
            short_prelude: ![
                "String",
                "Option",
                "Vec",
                "Result",
                "Box",
                "Some",
                "None",
                "Ok",
                "Err",
                "Into",
                "IntoIterator",
                "Default",
            ]
            .iter()
            .any(|n| api.types.contains_key(*n)),
            sizes: std::cell::RefCell::new(BTreeMap::new()),
        }
    }

    /// The module path of a group, e.g. `["acs", "credentials"]` -> `crate::acs::credentials`.
    fn group_path(&self, group: &[String]) -> TokenStream {
        let segments = group
            .iter()
            .enumerate()
            .map(|(i, _)| names::ident(&module_name(group, i)));
        quote!(crate #(::#segments)*)
    }

    /// The path of a named type, from anywhere in the crate.
    fn type_path(&self, name: &str) -> TokenStream {
        let ident = names::type_ident(name);
        match self.api.types.get(name).map(|t| &t.home) {
            Some(Home::Request { group, .. }) => {
                let module = self.group_path(group);
                quote!(#module::#ident)
            }
            _ => quote!(crate::models::#ident),
        }
    }

    /// The same path as text, for intra-doc links.
    fn doc_path(&self, name: &str) -> String {
        self.type_path(name).to_string().replace(' ', "")
    }

    fn ty(&self, t: &TypeRef) -> TokenStream {
        match t {
            TypeRef::String if self.short_prelude => quote!(String),
            TypeRef::String => quote!(::std::string::String),
            TypeRef::Integer => quote!(i64),
            TypeRef::Number => quote!(f64),
            TypeRef::Boolean => quote!(bool),
            TypeRef::Json => quote!(::serde_json::Value),
            TypeRef::Array(inner) => {
                let inner = self.ty(inner);
                if self.short_prelude {
                    quote!(Vec<#inner>)
                } else {
                    quote!(::std::vec::Vec<#inner>)
                }
            }
            TypeRef::Map(inner) => {
                let inner = self.ty(inner);
                quote!(::std::collections::BTreeMap<::std::string::String, #inner>)
            }
            TypeRef::Nullable(inner) => {
                let inner = self.ty(inner);
                self.option(inner)
            }
            TypeRef::Named(name) => self.type_path(name),
        }
    }

    /// `Option<T>`, spelled out in full only when a generated type shadows the prelude's.
    fn option(&self, inner: TokenStream) -> TokenStream {
        if self.short_prelude {
            quote!(Option<#inner>)
        } else {
            quote!(::std::option::Option<#inner>)
        }
    }

    /// A prelude item (`None`, `Some`, `Ok`, `Result`, `Default`, `Into`, ...), spelled out
    /// in full only when a generated type shadows the prelude.
    fn prelude(&self, name: &str) -> TokenStream {
        let ident = names::ident(name);
        if self.short_prelude {
            return quote!(#ident);
        }
        match name {
            "None" | "Some" => quote!(::std::option::Option::#ident),
            "Ok" | "Err" => quote!(::std::result::Result::#ident),
            "Result" => quote!(::std::result::Result),
            "Option" => quote!(::std::option::Option),
            "String" => quote!(::std::string::String),
            "Vec" => quote!(::std::vec::Vec),
            "Box" => quote!(::std::boxed::Box),
            "Default" => quote!(::std::default::Default),
            "Into" => quote!(::std::convert::Into),
            "IntoIterator" => quote!(::std::iter::IntoIterator),
            _ => quote!(#ident),
        }
    }

    /// `#[cfg(feature = "unstable")]` for types that only unstable endpoints use.
    fn gate(&self, home: &Home) -> Option<TokenStream> {
        match home {
            Home::Request { unstable: true, .. } => Some(unstable_cfg()),
            _ => None,
        }
    }

    /// Whether the variants of the union `name` hold their named payloads in a `Box`: all
    /// of them when one is large (see [`BOX_VARIANT_ABOVE`]), so that the enum stays small
    /// and its variants read alike.
    pub(crate) fn boxes_variants(&self, name: &str) -> bool {
        let payloads: Vec<&TypeRef> = match self.api.types.get(name).map(|d| &d.kind) {
            Some(TypeKind::TaggedUnion { variants, .. }) => {
                return variants.iter().any(|v| {
                    self.size_of(&TypeRef::Named(v.ty.clone()), &mut BTreeSet::new())
                        > BOX_VARIANT_ABOVE
                })
            }
            Some(TypeKind::Union { variants }) => variants
                .iter()
                .filter_map(|v| match &v.shape {
                    crate::ir::VariantShape::Type(t @ TypeRef::Named(_)) => Some(t),
                    _ => None,
                })
                .collect(),
            _ => return false,
        };
        payloads
            .iter()
            .any(|t| self.size_of(t, &mut BTreeSet::new()) > BOX_VARIANT_ABOVE)
    }

    /// An upper bound of the size in bytes of `t`'s Rust type on a 64-bit target. Types
    /// being measured further up (`visiting`) count as a `Box`.
    fn size_of(&self, t: &TypeRef, visiting: &mut BTreeSet<String>) -> usize {
        match t {
            TypeRef::String | TypeRef::Array(_) | TypeRef::Map(_) => 24,
            TypeRef::Integer | TypeRef::Number => 8,
            TypeRef::Boolean => 1,
            TypeRef::Json => JSON,
            TypeRef::Nullable(inner) => self.option_size_of(inner, visiting),
            TypeRef::Named(name) => {
                if let Some(size) = self.sizes.borrow().get(name) {
                    return *size;
                }
                if !visiting.insert(name.clone()) {
                    return 8;
                }
                let size = self.named_size_of(name, visiting);
                visiting.remove(name);
                self.sizes.borrow_mut().insert(name.clone(), size);
                size
            }
        }
    }

    fn option_size_of(&self, t: &TypeRef, visiting: &mut BTreeSet<String>) -> usize {
        let size = self.size_of(t, visiting);
        match t {
            // A niche (capacity, pointer or tag) holds `None`.
            TypeRef::String | TypeRef::Array(_) | TypeRef::Map(_) | TypeRef::Json => size,
            TypeRef::Boolean => 1,
            TypeRef::Nullable(_) => size + 8,
            TypeRef::Named(name)
                if matches!(
                    self.api.types.get(name).map(|d| &d.kind),
                    Some(TypeKind::StringEnum { .. })
                ) =>
            {
                size
            }
            _ => size + 8,
        }
    }

    fn fields_size_of(
        &self,
        owner: &str,
        fields: &[crate::ir::Field],
        visiting: &mut BTreeSet<String>,
    ) -> usize {
        let mut total = 0;
        for field in fields {
            let inner = field.ty.non_null();
            let boxed = matches!(inner, TypeRef::Named(target) if self.is_cyclic(owner, target));
            let optional = !field.required || field.ty.is_nullable();
            total += match (boxed, optional) {
                (true, _) => 8,
                (false, true) => self.option_size_of(inner, visiting),
                (false, false) => self.size_of(inner, visiting),
            };
        }
        total
    }

    fn named_size_of(&self, name: &str, visiting: &mut BTreeSet<String>) -> usize {
        let Some(def) = self.api.types.get(name) else {
            return 8;
        };
        let round = |n: usize| n.div_ceil(8) * 8;
        match &def.kind {
            TypeKind::Struct(s) => {
                let mut total = self.fields_size_of(name, &s.fields, visiting);
                if let Some(one_of) = &s.one_of {
                    total += self.size_of(&TypeRef::Named(one_of.ty.clone()), visiting) + 8;
                }
                round(total)
            }
            // Known values and `Unknown(String)`, whose capacity niche holds the rest.
            TypeKind::StringEnum { .. } => 24,
            TypeKind::TaggedUnion { variants, .. } => {
                let sizes: Vec<usize> = variants
                    .iter()
                    .map(|v| self.size_of(&TypeRef::Named(v.ty.clone()), visiting))
                    .collect();
                let boxed = sizes.iter().any(|s| *s > BOX_VARIANT_ABOVE);
                let largest = if boxed {
                    8
                } else {
                    sizes.into_iter().max().unwrap_or(0)
                };
                round(largest.max(JSON)) + 8
            }
            TypeKind::Union { variants } => {
                let sizes: Vec<(bool, usize)> = variants
                    .iter()
                    .map(|v| match &v.shape {
                        crate::ir::VariantShape::Type(t) => {
                            (matches!(t, TypeRef::Named(_)), self.size_of(t, visiting))
                        }
                        crate::ir::VariantShape::Fields(fields) => {
                            (false, self.fields_size_of(name, fields, visiting))
                        }
                    })
                    .collect();
                let boxed = sizes
                    .iter()
                    .any(|(named, s)| *named && *s > BOX_VARIANT_ABOVE);
                let largest = sizes
                    .into_iter()
                    .map(|(named, s)| if named && boxed { 8 } else { s })
                    .fold(JSON, usize::max);
                round(largest) + 8
            }
            TypeKind::Alias(target) => self.size_of(target, visiting),
        }
    }

    /// Whether `owner` holds `target` by value on a cycle ([`crate::ir::cycles`]), so that
    /// the field or variant holds it in a `Box`.
    fn is_cyclic(&self, owner: &str, target: &str) -> bool {
        self.cycles.on_cycle(owner, target)
    }
}

fn unstable_cfg() -> TokenStream {
    quote!(#[cfg(feature = "unstable")])
}

/// The module name of the `i`th segment of a group path. Top-level names that would clash
/// with the crate's own modules or files get an `_api` suffix.
pub(crate) fn module_name(group: &[String], i: usize) -> String {
    let name = names::snake_name(&group[i]);
    // `src/models`, `src/runtime` and `src/lib.rs` are the crate's own, the runtime's
    // public `decode` module is re-exported at the root, and `src/main.rs` and `src/bin/`
    // would be taken by cargo for binaries.
    if i == 0 && ["models", "runtime", "decode", "lib", "main", "bin"].contains(&name.as_str()) {
        format!("{name}_api")
    } else if ["self", "super", "crate", "Self"].contains(&name.as_str()) {
        // Keywords that cannot be raw identifiers; the module and its file get a `_`.
        format!("{name}_")
    } else {
        name
    }
}
