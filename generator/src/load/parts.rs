//! The selected document read in parts, on as many threads as the machine has cores: runs
//! of paths, runs of component schemas, and the rest of the document are each parsed,
//! written out for the hash, normalized ([`normalize::step`]) and typed on their own, then
//! joined in order. What comes out is what reading the document whole gives
//! ([`super::spec_of`]): the same model, hash and warnings.
//!
//! Only a document shaped as expected is read this way (`paths` a map, `components` and
//! its `schemas` maps if present); for any other, or when some part does not read, [`read`]
//! gives `None` and the caller reads the whole document, to say where it is wrong.

use super::members::{Members, Node};
use super::Spec;
use crate::error::{Pointer, Warning};
use crate::normalize::{self, Step};
use indexmap::IndexMap;
use openapiv3::{OpenAPI, ReferenceOr, Schema};
use serde::Deserialize;
use serde_json::{Map, Value};
use std::sync::atomic::{AtomicUsize, Ordering};

/// How many runs of about equal size the paths and the component schemas are split into:
/// enough for the threads to finish together whatever each run costs.
const RUNS: usize = 32;

/// The document `members` (the selected part, see [`super::Source::select`]) read in
/// parts; `None` when it is not shaped for that or some part does not read.
pub(super) fn read(members: &Members) -> Option<Spec> {
    let Some(Node::Map(paths)) = members.get("paths") else {
        return None;
    };
    let paths: Vec<(&String, &Node)> = paths.iter().collect();
    let schemas: Vec<(&String, &Node)> = match members.get("components") {
        None => Vec::new(),
        Some(Node::Map(components)) => match components.get("schemas") {
            None => Vec::new(),
            Some(Node::Map(schemas)) => schemas.iter().collect(),
            Some(Node::Text(_)) => return None,
        },
        Some(Node::Text(_)) => return None,
    };
    let jobs = jobs(members, &paths, &schemas);
    // The largest first, so that no thread is left with a large one at the end.
    let mut order: Vec<usize> = (0..jobs.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(jobs[i].size));
    let next = AtomicUsize::new(0);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let done = crate::on_threads(threads.min(jobs.len()), || {
        let mut done = Vec::new();
        while let Some(&job) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
            done.push((job, jobs[job].run(members)));
        }
        done
    });
    let mut read: Vec<Option<Read>> = (0..jobs.len()).map(|_| None).collect();
    for (job, part) in done.into_iter().flatten() {
        read[job] = Some(part?);
    }
    join(read.into_iter().collect::<Option<Vec<Read>>>()?)
}

/// One part of the document to read.
struct Job<'m> {
    part: Part<'m>,
    /// Bytes of JSON text, to share the work out.
    size: usize,
}

enum Part<'m> {
    /// Everything but the members of `paths` and of `components.schemas`.
    Rest,
    /// A run of members of `paths`, in order.
    Paths(&'m [(&'m String, &'m Node)]),
    /// A run of component schemas, in order.
    Schemas(&'m [(&'m String, &'m Node)]),
}

/// The rest of the document first, then the runs of paths, then the runs of schemas: the
/// order in which [`join`] puts them together.
fn jobs<'m>(
    members: &Members,
    paths: &'m [(&'m String, &'m Node)],
    schemas: &'m [(&'m String, &'m Node)],
) -> Vec<Job<'m>> {
    let entry_size = |(name, node): &(&String, &Node)| name.len() + node.len();
    let runs_size: usize = paths.iter().chain(schemas).map(entry_size).sum();
    let total: usize = members
        .iter()
        .map(|(key, node)| key.len() + node.len())
        .sum();
    let run_size = runs_size.div_ceil(RUNS).max(1);
    let mut jobs = vec![Job {
        part: Part::Rest,
        size: total.saturating_sub(runs_size),
    }];
    for (entries, part) in [
        (paths, Part::Paths as fn(_) -> _),
        (schemas, Part::Schemas as fn(_) -> _),
    ] {
        let mut start = 0;
        let mut size = 0;
        for (i, entry) in entries.iter().enumerate() {
            size += entry_size(entry);
            if size >= run_size || i + 1 == entries.len() {
                jobs.push(Job {
                    part: part(&entries[start..=i]),
                    size,
                });
                start = i + 1;
                size = 0;
            }
        }
    }
    jobs
}

/// A part read.
enum Read {
    Rest {
        document: Box<OpenAPI>,
        /// The canonical JSON of the rest, with places for the runs of paths and schemas.
        json: Vec<Piece>,
        /// Of [`Step::TopLevel`], [`Step::ComponentsButSections`] and
        /// [`Step::ComponentSectionsButSchemas`].
        warnings: [Vec<Warning>; 3],
    },
    Paths {
        paths: openapiv3::Paths,
        /// `"name":value` for each member, joined by commas.
        json: Vec<u8>,
        warnings: Vec<Warning>,
    },
    Schemas {
        schemas: IndexMap<String, ReferenceOr<Schema>>,
        /// As for paths.
        json: Vec<u8>,
        warnings: Vec<Warning>,
    },
}

/// A piece of the document's canonical JSON.
enum Piece {
    Text(Vec<u8>),
    /// Where the runs of paths go, joined by commas.
    Paths,
    /// Where the runs of component schemas go, joined by commas.
    Schemas,
}

impl Job<'_> {
    fn run(&self, members: &Members) -> Option<Read> {
        match self.part {
            Part::Rest => rest(members),
            Part::Paths(entries) => {
                let (value, json, warnings) = run(entries, Step::Path)?;
                let paths = openapiv3::Paths::deserialize(&value).ok()?;
                Some(Read::Paths {
                    paths,
                    json,
                    warnings,
                })
            }
            Part::Schemas(entries) => {
                let (value, json, warnings) = run(entries, Step::Schema)?;
                let schemas = IndexMap::deserialize(&value).ok()?;
                Some(Read::Schemas {
                    schemas,
                    json,
                    warnings,
                })
            }
        }
    }
}

/// A run of members parsed into a map, written out (before `step` rewrites them) and
/// normalized by `step`.
fn run<'e>(
    entries: &'e [(&String, &Node)],
    step: fn(&'e str) -> Step<'e>,
) -> Option<(Value, Vec<u8>, Vec<Warning>)> {
    let mut map = Map::new();
    let mut json = Vec::new();
    let mut warnings = Vec::new();
    for (i, (name, node)) in entries.iter().enumerate() {
        let mut value = node.to_value(&Pointer::root()).ok()?;
        if i > 0 {
            json.push(b',');
        }
        write_member(&mut json, name, &value)?;
        warnings.extend(normalize::step(step(name), &mut value).ok()?);
        map.insert(name.to_string(), value);
    }
    Some((Value::Object(map), json, warnings))
}

/// The document but the members of `paths` and of `components.schemas` (left empty).
fn rest(members: &Members) -> Option<Read> {
    let mut root = Map::new();
    for (key, node) in members {
        let value = match (key.as_str(), node) {
            ("paths", Node::Map(_)) => Value::Object(Map::new()),
            ("components", Node::Map(components)) => {
                let mut kept = Map::new();
                for (kind, node) in components {
                    let value = match (kind.as_str(), node) {
                        ("schemas", Node::Map(_)) => Value::Object(Map::new()),
                        _ => node.to_value(&Pointer::root()).ok()?,
                    };
                    kept.insert(kind.clone(), value);
                }
                Value::Object(kept)
            }
            _ => node.to_value(&Pointer::root()).ok()?,
        };
        root.insert(key.clone(), value);
    }
    let json = rest_json(&root)?;
    let mut document = Value::Object(root);
    let top_level = normalize::step(Step::TopLevel, &mut document).ok()?;
    let mut components_warnings = [Vec::new(), Vec::new()];
    if let Some(components) = document.get_mut("components") {
        components_warnings = [
            normalize::step(Step::ComponentsButSections, components).ok()?,
            normalize::step(Step::ComponentSectionsButSchemas, components).ok()?,
        ];
    }
    let [components, sections] = components_warnings;
    Some(Read::Rest {
        document: Box::new(OpenAPI::deserialize(&document).ok()?),
        json,
        warnings: [top_level, components, sections],
    })
}

/// The canonical JSON of `root` (serde_json's form of a [`Value`]: compact, keys in
/// order), with [`Piece::Paths`] and [`Piece::Schemas`] inside the (empty) maps of
/// `paths` and `components.schemas`.
fn rest_json(root: &Map<String, Value>) -> Option<Vec<Piece>> {
    let mut pieces = Vec::new();
    let mut text = vec![b'{'];
    for (i, (key, value)) in root.iter().enumerate() {
        if i > 0 {
            text.push(b',');
        }
        match (key.as_str(), value) {
            ("paths", _) => {
                write_key(&mut text, key)?;
                text.push(b'{');
                pieces.push(Piece::Text(std::mem::take(&mut text)));
                pieces.push(Piece::Paths);
                text.push(b'}');
            }
            ("components", Value::Object(components)) => {
                write_key(&mut text, key)?;
                text.push(b'{');
                for (i, (kind, value)) in components.iter().enumerate() {
                    if i > 0 {
                        text.push(b',');
                    }
                    if kind == "schemas" {
                        write_key(&mut text, kind)?;
                        text.push(b'{');
                        pieces.push(Piece::Text(std::mem::take(&mut text)));
                        pieces.push(Piece::Schemas);
                        text.push(b'}');
                    } else {
                        write_member(&mut text, kind, value)?;
                    }
                }
                text.push(b'}');
            }
            _ => write_member(&mut text, key, value)?,
        }
    }
    text.push(b'}');
    pieces.push(Piece::Text(text));
    Some(pieces)
}

/// `"key":`.
fn write_key(out: &mut Vec<u8>, key: &str) -> Option<()> {
    serde_json::to_writer(&mut *out, key).ok()?;
    out.push(b':');
    Some(())
}

/// `"key":value`.
fn write_member(out: &mut Vec<u8>, key: &str, value: &Value) -> Option<()> {
    write_key(out, key)?;
    serde_json::to_writer(out, value).ok()
}

/// The parts, in the order of [`jobs`], put together.
fn join(read: Vec<Read>) -> Option<Spec> {
    use sha2::Digest;
    let mut rest = None;
    let (mut paths, mut paths_json, mut paths_warnings) =
        (openapiv3::Paths::default(), Vec::new(), Vec::new());
    let (mut schemas, mut schemas_json, mut schemas_warnings) =
        (IndexMap::new(), Vec::new(), Vec::new());
    for part in read {
        match part {
            Read::Rest {
                document,
                json,
                warnings,
            } => rest = Some((document, json, warnings)),
            Read::Paths {
                paths: run,
                json,
                warnings,
            } => {
                paths.paths.extend(run.paths);
                paths.extensions.extend(run.extensions);
                paths_json.push(json);
                paths_warnings.extend(warnings);
            }
            Read::Schemas {
                schemas: run,
                json,
                warnings,
            } => {
                schemas.extend(run);
                schemas_json.push(json);
                schemas_warnings.extend(warnings);
            }
        }
    }
    let (mut document, json, [top_level, components, sections]) = rest?;
    let mut sha256 = sha2::Sha256::new();
    for piece in &json {
        let runs = match piece {
            Piece::Text(text) => {
                sha256.update(text);
                continue;
            }
            Piece::Paths => &paths_json,
            Piece::Schemas => &schemas_json,
        };
        for (i, run) in runs.iter().enumerate() {
            if i > 0 {
                sha256.update(b",");
            }
            sha256.update(run);
        }
    }
    document.paths = paths;
    if let Some(components) = document.components.as_mut() {
        components.schemas = schemas;
    }
    let mut warnings = top_level;
    warnings.extend(paths_warnings);
    warnings.extend(components);
    warnings.extend(schemas_warnings);
    warnings.extend(sections);
    Some(Spec {
        document: *document,
        sha256: super::hex(&sha256.finalize()),
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::super::{members, spec_of};
    use super::*;
    use serde_json::json;

    /// A document of `count` paths and `count` component schemas, with something each
    /// step of normalization drops (and so warns about) and an `x-` extension of `paths`.
    fn document(count: usize) -> Value {
        let mut paths = Map::new();
        let mut schemas = Map::new();
        for i in 0..count {
            paths.insert(
                format!("/p{i:03}"),
                json!({ "post": { "operationId": format!("op{i}"), "summary": i,
                    "responses": { "200": { "description": "ok", "content": {
                        "application/json": { "schema": {
                            "$ref": format!("#/components/schemas/s{i:03}") } } } } } } }),
            );
            schemas.insert(
                format!("s{i:03}"),
                json!({ "type": ["object", "null"], "description": i,
                    "properties": { "name": { "type": "string" } } }),
            );
        }
        paths.insert("x-note".to_string(), json!({ "summary": 5 }));
        json!({
            "openapi": "3.0.0",
            "info": { "title": "t", "version": "1" },
            "tags": 5,
            "paths": paths,
            "components": {
                "examples": 5,
                "schemas": schemas,
                "parameters": { "id": { "name": "id", "in": "query", "description": 5,
                    "schema": { "type": "string" } } },
            },
        })
    }

    fn members(document: &Value) -> Members {
        members::read_document(&serde_json::to_vec(document).expect("JSON")).expect("reads")
    }

    #[test]
    fn a_document_read_in_parts_is_the_document_read_whole() {
        // One part of each kind, runs of one member, and runs of several.
        for count in [1, RUNS - 1, RUNS * 3 + 5] {
            let document = document(count);
            let whole = spec_of(document.clone()).expect("reads whole");
            let parts = read(&members(&document)).expect("reads in parts");
            assert_eq!(parts.document, whole.document, "{count} paths");
            assert_eq!(parts.sha256, whole.sha256, "{count} paths");
            assert_eq!(parts.warnings, whole.warnings, "{count} paths");
            // Every step warned, in the order of the document's reading.
            let pointers: Vec<&str> = parts.warnings.iter().map(|w| &*w.pointer).collect();
            assert_eq!(pointers.len(), 2 * count + 3, "{pointers:?}");
            assert_eq!(pointers[0], "#/tags");
            assert_eq!(pointers[1], "#/paths/~1p000/post/summary");
            assert_eq!(pointers[count + 1], "#/components/examples");
            assert_eq!(pointers[count + 2], "#/components/schemas/s000/description");
            assert_eq!(
                pointers.last(),
                Some(&"#/components/parameters/id/description")
            );
            assert_eq!(parts.document.paths.paths.len(), count);
            assert!(parts.document.paths.extensions.contains_key("x-note"));
        }
    }

    #[test]
    fn a_document_without_components_or_paths_reads_as_whole() {
        let mut document = document(3);
        document
            .as_object_mut()
            .expect("a map")
            .remove("components");
        let whole = spec_of(document.clone()).expect("reads whole");
        let parts = read(&members(&document)).expect("reads in parts");
        assert_eq!(
            (parts.document, parts.sha256),
            (whole.document, whole.sha256)
        );
        // No paths: for the whole reading to report.
        document.as_object_mut().expect("a map").remove("paths");
        assert!(read(&members(&document)).is_none());
    }

    #[test]
    fn a_part_that_does_not_read_leaves_the_document_to_the_whole_reading() {
        let mut does_not_type = document(RUNS * 2);
        does_not_type["paths"]["/p040"]["post"]["responses"] = json!([1]);
        let mut does_not_normalize = document(RUNS * 2);
        does_not_normalize["components"]["schemas"]["s050"]["type"] = json!(5);
        for (document, pointer) in [
            (does_not_type, "#/paths/~1p040/post/responses"),
            (does_not_normalize, "#/components/schemas/s050/type"),
        ] {
            assert!(read(&members(&document)).is_none(), "{pointer}");
            let bytes = serde_json::to_vec(&document).expect("JSON");
            let error = super::super::parse(&bytes).expect_err("does not read");
            let message = error.to_string();
            assert!(message.contains(pointer), "{message}");
        }
    }
}
