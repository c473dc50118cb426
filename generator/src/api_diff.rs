//! What changed between two [`Surface`]s, each change classed under Rust's semver rules as
//! they apply to the types this generator emits:
//!
//! - models (`model` structs) are `#[non_exhaustive]` with public fields and `Default`: a
//!   new field, whatever it is, is additive; a removed field, or one whose Rust type
//!   changes (another type, or `T` <-> `Option<T>`: a field is `Option` when it is optional
//!   or nullable) is breaking; required <-> optional with the Rust type unchanged is
//!   documentation-only;
//! - requests (the endpoint's `param`s and `request` structs) are built with
//!   `new(required..)` and a setter per optional field: a new optional parameter is
//!   additive; a new required one, a removed one, required <-> optional or another type
//!   is breaking (the signature of `new` or of a setter changes); nullable <-> not on an
//!   optional parameter is documentation-only;
//! - `open` enums and unions (`#[non_exhaustive]`, with `Unknown`) take new values and
//!   variants additively; a `closed` union (request selectors) does not; a removed value
//!   or variant, or one holding another type, is breaking; the fields of a struct-like
//!   variant are part of its pattern and constructor: any change to them is breaking;
//! - endpoints: a new one is additive; a removed or renamed one (the same path under
//!   another name), another request or return type, or one that moves behind the
//!   `unstable` feature is breaking; a new HTTP method or path changes what is sent but
//!   not the Rust API: documentation-only (the method's docs name them);
//! - `#[deprecated]` added is additive (as `cargo-semver-checks` classes it: a minor
//!   change); removed, documentation-only.
//!
//! Changes to items behind the `unstable` cargo feature before and after are listed with
//! their class but marked `unstable`: the feature is outside the semver promise (as
//! `cargo-semver-checks` treats a feature named `unstable`), so they count as additive at
//! most when choosing the next version. Children of an added or removed endpoint or type
//! are not listed apart.

use crate::surface::{Record, Surface};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// How a change affects code written against the older crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Class {
    /// The Rust API is unchanged; only documentation (or what is sent) differs.
    DocumentationOnly,
    /// New API; code that compiled still compiles.
    Additive,
    /// Code that compiled may not compile any more.
    Breaking,
}

impl Class {
    pub fn label(self) -> &'static str {
        match self {
            Class::DocumentationOnly => "documentation-only",
            Class::Additive => "additive",
            Class::Breaking => "breaking",
        }
    }

    /// The heading of the class in reports and changelogs.
    pub fn heading(self) -> &'static str {
        match self {
            Class::DocumentationOnly => "Documentation-only",
            Class::Additive => "Additive",
            Class::Breaking => "Breaking",
        }
    }
}

impl fmt::Display for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// One change.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Change {
    pub class: Class,
    /// True when the item is behind the `unstable` feature before and after.
    pub unstable: bool,
    /// `kind key` of the record, e.g. `field AcsCredential.code`.
    pub subject: String,
    /// What happened, e.g. `removed (string optional)`.
    pub what: String,
}

impl Change {
    /// The class this change counts as when choosing the next version.
    pub fn counts_as(&self) -> Class {
        if self.unstable {
            self.class.min(Class::Additive)
        } else {
            self.class
        }
    }
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.subject, self.what)?;
        if self.unstable {
            f.write_str(" [unstable feature]")?;
        }
        Ok(())
    }
}

/// Every change from `old` to `new`, breaking first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diff {
    pub changes: Vec<Change>,
}

impl Diff {
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// The class of the release: the highest [`Change::counts_as`], `None` when nothing
    /// changed.
    pub fn class(&self) -> Option<Class> {
        self.changes.iter().map(Change::counts_as).max()
    }

    /// The changes of one class.
    pub fn of(&self, class: Class) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(move |c| c.class == class)
    }

    /// `Breaking (n):` and its changes, then the other classes; classes with no change are
    /// left out. New types are listed by name, together, after the other changes.
    pub fn report(&self) -> String {
        let mut out = String::new();
        for class in [Class::Breaking, Class::Additive, Class::DocumentationOnly] {
            let changes: Vec<_> = self.of(class).collect();
            if changes.is_empty() {
                continue;
            }
            out.push_str(&format!("{} ({}):\n", class.heading(), changes.len()));
            // New types are listed by name only, wrapped: their records are in the surface.
            let (types, others): (Vec<&Change>, Vec<&Change>) =
                changes.into_iter().partition(|c| {
                    c.subject.starts_with("type ") && c.what.starts_with("added (") && !c.unstable
                });
            for change in others {
                out.push_str(&format!("  - {change}\n"));
            }
            if !types.is_empty() {
                let mut line = format!("  - {} types added:", types.len());
                for change in types {
                    let name = change.subject.trim_start_matches("type ");
                    if line.len() + name.len() + 2 > 96 {
                        out.push_str(&line);
                        out.push('\n');
                        line = "     ".to_string();
                    }
                    line.push(' ');
                    line.push_str(name);
                }
                out.push_str(&line);
                out.push('\n');
            }
        }
        if out.is_empty() {
            out.push_str("No change to the public API.\n");
        }
        out
    }
}

/// A changelog entry: `## version (date)`, the `source` line (which spec), and the changes
/// under a heading per class; `note` stands in for an empty diff (e.g. "Documentation
/// changes only.").
pub fn changelog_entry(version: &str, date: &str, source: &str, diff: &Diff, note: &str) -> String {
    let mut out = format!("## {version} ({date})\n\n{source}\n");
    if diff.is_empty() {
        out.push_str(&format!("\n{note}\n"));
    }
    for class in [Class::Breaking, Class::Additive, Class::DocumentationOnly] {
        let changes: Vec<_> = diff.of(class).collect();
        if changes.is_empty() {
            continue;
        }
        out.push_str(&format!("\n### {}\n\n", class.heading()));
        for change in changes {
            out.push_str(&format!("- `{}`: {}", change.subject, change.what));
            if change.unstable {
                out.push_str(" (behind the `unstable` feature)");
            }
            out.push('\n');
        }
    }
    out
}

/// `changelog` with `entry` as its newest entry (after the `# ` title and any text before
/// the first `## ` entry); a missing changelog (`""`) gets a title first.
pub fn add_to_changelog(changelog: &str, entry: &str) -> String {
    let changelog = if changelog.trim().is_empty() {
        "# Changelog\n\nEvery release of the generated crate, newest first: `cargo xtask codegen` adds an entry when the API it generates changes, and bumps the version by its class.\n\n".to_string()
    } else {
        changelog.to_string()
    };
    match changelog.find("\n## ") {
        Some(at) => format!("{}{entry}\n{}", &changelog[..at + 1], &changelog[at + 1..]),
        None => format!("{}\n\n{entry}", changelog.trim_end()),
    }
}

/// The changes from `old` to `new`.
pub fn diff(old: &Surface, new: &Surface) -> Diff {
    // A renamed endpoint is compared under its new name, after the rename itself.
    let renamed = renamed_endpoints(old, new);
    let mut renamed_old = old.clone();
    let mut changes = Vec::new();
    for (old_id, new_id) in &renamed {
        let endpoint = format!("endpoint {old_id}");
        let params = format!("param {old_id}.");
        let moved: Vec<(String, String)> = old
            .records
            .iter()
            .filter(|(k, _)| **k == endpoint || k.starts_with(&params))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        for (key, attributes) in moved {
            renamed_old.records.remove(&key);
            let key = match key.strip_prefix(&params) {
                Some(name) => format!("param {new_id}.{name}"),
                None => format!("endpoint {new_id}"),
            };
            renamed_old.records.insert(key, attributes);
        }
        let Some(record) = old.record(&endpoint) else {
            continue;
        };
        let unstable = record.has("unstable")
            && new
                .record(&format!("endpoint {new_id}"))
                .is_some_and(|r| r.has("unstable"));
        changes.push(Change {
            class: Class::Breaking,
            unstable,
            subject: endpoint.clone(),
            what: format!(
                "renamed to {new_id} ({})",
                record.attributes.get(..2).unwrap_or_default().join(" ")
            ),
        });
    }
    let mut differ = Differ {
        old: &renamed_old,
        new,
        changes,
    };
    differ.run();
    let mut changes = differ.changes;
    // Stable: within a class, renames first, then in record order.
    changes.sort_by_key(|c| std::cmp::Reverse(c.class));
    Diff { changes }
}

/// The next version after `version` for a release of `class`: under 1.0, breaking bumps
/// the minor and anything else the patch; from 1.0, breaking bumps the major, additive the
/// minor, documentation-only the patch. Pre-release and build suffixes are dropped.
pub fn bump(version: &str, class: Class) -> Result<String, String> {
    let core = version.split(['-', '+']).next().unwrap_or(version);
    let parts: Vec<u64> = core
        .split('.')
        .map(|p| p.parse::<u64>())
        .collect::<Result<_, _>>()
        .map_err(|_| format!("`{version}` is not a semver version (MAJOR.MINOR.PATCH)"))?;
    let [major, minor, patch] = parts[..] else {
        return Err(format!(
            "`{version}` is not a semver version (MAJOR.MINOR.PATCH)"
        ));
    };
    Ok(match (major, class) {
        (0, Class::Breaking) => format!("0.{}.0", minor + 1),
        (0, _) => format!("0.{minor}.{}", patch + 1),
        (_, Class::Breaking) => format!("{}.0.0", major + 1),
        (_, Class::Additive) => format!("{major}.{}.0", minor + 1),
        (_, Class::DocumentationOnly) => format!("{major}.{minor}.{}", patch + 1),
    })
}

struct Differ<'a> {
    old: &'a Surface,
    new: &'a Surface,
    changes: Vec<Change>,
}

/// How the fields of a struct are used, which decides what a change to them does.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    /// Read from responses: `#[non_exhaustive]`, public fields, `Default`.
    Model,
    /// Built by the caller with `new(required..)` and setters.
    Request,
    /// Fields of a struct-like enum variant: part of its pattern and constructor.
    Variant,
}

impl<'a> Differ<'a> {
    fn run(&mut self) {
        let keys: BTreeSet<&String> = self
            .old
            .records
            .keys()
            .chain(self.new.records.keys())
            .collect();
        for key in keys {
            let old = self.old.record(key);
            let new = self.new.record(key);
            if let Some(record) = old.as_ref().or(new.as_ref()) {
                if self.owner_added_or_removed(record) {
                    continue;
                }
            }
            match (old, new) {
                (Some(old), Some(new)) => self.changed(&old, &new),
                (None, Some(new)) => self.added(&new),
                (Some(old), None) => self.removed(&old),
                (None, None) => {}
            }
        }
    }

    fn push(&mut self, class: Class, unstable: bool, record: &Record<'_>, what: String) {
        self.changes.push(Change {
            class,
            unstable,
            subject: format!("{} {}", record.kind, record.key),
            what,
        });
    }

    /// The `kind key` of the record that owns this one: the endpoint of a `param`, the type
    /// of a `field`, `value` or `variant`, the variant of a `variant-field`.
    fn owner(record: &Record<'_>) -> Option<String> {
        let parent = |key: &str| parent_key(key).map(str::to_string);
        match record.kind {
            "param" => Some(format!("endpoint {}", parent(record.key)?)),
            "field" | "value" | "variant" => Some(format!("type {}", parent(record.key)?)),
            "variant-field" => Some(format!("variant {}", parent(record.key)?)),
            _ => None,
        }
    }

    /// Whether the record's owner (or its owner's owner) is new or gone, so that the
    /// owner's change says it all.
    fn owner_added_or_removed(&self, record: &Record<'_>) -> bool {
        let mut current = Self::owner(record);
        while let Some(key) = current {
            if self.old.records.contains_key(&key) != self.new.records.contains_key(&key) {
                return true;
            }
            current = self
                .old
                .record(&key)
                .or_else(|| self.new.record(&key))
                .and_then(|r| Self::owner(&r));
        }
        false
    }

    /// Whether `record`'s item is behind the `unstable` feature in `surface` (itself or an
    /// owner).
    fn is_unstable(surface: &Surface, record: &Record<'_>) -> bool {
        if record.has("unstable") {
            return true;
        }
        let mut current = Self::owner(record);
        while let Some(key) = current {
            match surface.record(&key) {
                Some(owner) if owner.has("unstable") => return true,
                Some(owner) => current = Self::owner(&owner),
                None => return false,
            }
        }
        false
    }

    fn role(&self, record: &Record<'_>) -> Role {
        match record.kind {
            "param" => Role::Request,
            "variant-field" => Role::Variant,
            _ => {
                let owner = Self::owner(record).unwrap_or_default();
                let owner = self.new.record(&owner).or_else(|| self.old.record(&owner));
                match owner {
                    Some(owner) if owner.has("request") => Role::Request,
                    _ => Role::Model,
                }
            }
        }
    }

    /// Whether a new variant can be added without breaking: the union is `open`.
    fn owner_is_open(&self, record: &Record<'_>) -> bool {
        let owner = Self::owner(record).unwrap_or_default();
        self.old.record(&owner).is_some_and(|o| o.has("open"))
    }

    fn added(&mut self, new: &Record<'_>) {
        let unstable = Self::is_unstable(self.new, new);
        let attributes = new.attributes.join(" ");
        let (class, what) = match new.kind {
            "endpoint" | "type" => (Class::Additive, format!("added ({attributes})")),
            "param" | "field" | "variant-field" => {
                let class = match self.role(new) {
                    Role::Model => Class::Additive,
                    Role::Request if new.has("optional") => Class::Additive,
                    Role::Request | Role::Variant => Class::Breaking,
                };
                let what = match self.role(new) {
                    Role::Request if new.has("required") => "added, required",
                    _ => "added",
                };
                (class, format!("{what} ({attributes})"))
            }
            "value" => (Class::Additive, "added".to_string()),
            "variant" if self.owner_is_open(new) => {
                (Class::Additive, format!("added ({attributes})"))
            }
            "variant" => (
                Class::Breaking,
                format!("added to a closed union ({attributes})"),
            ),
            _ => (Class::Breaking, format!("added ({attributes})")),
        };
        self.push(class, unstable, new, what);
    }

    fn removed(&mut self, old: &Record<'_>) {
        let unstable = Self::is_unstable(self.old, old);
        let what = if old.attributes.is_empty() {
            "removed".to_string()
        } else {
            format!("removed (was {})", old.attributes.join(" "))
        };
        self.push(Class::Breaking, unstable, old, what);
    }

    fn changed(&mut self, old: &Record<'_>, new: &Record<'_>) {
        if old.attributes == new.attributes {
            return;
        }
        match old.kind {
            "endpoint" => self.endpoint_changed(old, new),
            "param" | "field" | "variant-field" => self.field_changed(old, new),
            _ => self.other_changed(old, new),
        }
    }

    /// Deprecation and feature-gate changes, common to every kind.
    fn flags_changed(&mut self, old: &Record<'_>, new: &Record<'_>, unstable: bool) {
        match (old.has("deprecated"), new.has("deprecated")) {
            (false, true) => self.push(Class::Additive, unstable, new, "deprecated".into()),
            (true, false) => self.push(
                Class::DocumentationOnly,
                unstable,
                new,
                "no longer deprecated".into(),
            ),
            _ => {}
        }
        match (old.has("unstable"), new.has("unstable")) {
            (false, true) => self.push(
                Class::Breaking,
                false,
                new,
                "moved behind the `unstable` feature".into(),
            ),
            (true, false) => self.push(
                Class::Additive,
                false,
                new,
                "no longer behind the `unstable` feature".into(),
            ),
            _ => {}
        }
    }

    fn endpoint_changed(&mut self, old: &Record<'_>, new: &Record<'_>) {
        let unstable = Self::is_unstable(self.old, old) && Self::is_unstable(self.new, new);
        fn attribute<'r>(r: &Record<'r>, i: usize) -> &'r str {
            r.attributes.get(i).copied().unwrap_or("")
        }
        let (old_wire, new_wire) = (
            format!("{} {}", attribute(old, 0), attribute(old, 1)),
            format!("{} {}", attribute(new, 0), attribute(new, 1)),
        );
        if old_wire != new_wire {
            self.push(
                Class::DocumentationOnly,
                unstable,
                new,
                format!("sends {new_wire} (was {old_wire}); the Rust API is unchanged"),
            );
        }
        if attribute(old, 2) != attribute(new, 2) {
            self.push(
                Class::Breaking,
                unstable,
                new,
                format!(
                    "request type {} (was {})",
                    attribute(new, 2),
                    attribute(old, 2)
                ),
            );
        }
        if attribute(old, 4) != attribute(new, 4) {
            self.push(
                Class::Breaking,
                unstable,
                new,
                format!("returns {} (was {})", attribute(new, 4), attribute(old, 4)),
            );
        }
        self.flags_changed(old, new, unstable);
    }

    fn field_changed(&mut self, old: &Record<'_>, new: &Record<'_>) {
        let unstable = Self::is_unstable(self.old, old) && Self::is_unstable(self.new, new);
        let role = self.role(new);
        let was = |r: &Record<'_>| {
            r.attributes
                .iter()
                .filter(|a| **a != "deprecated")
                .copied()
                .collect::<Vec<_>>()
                .join(" ")
        };
        let (old_shape, new_shape) = (was(old), was(new));
        if old_shape != new_shape {
            // The Rust type: `Option` when optional or nullable.
            let rust = |r: &Record<'_>| {
                (
                    r.first().to_string(),
                    !r.has("required") || r.has("nullable"),
                )
            };
            let class = if old.first() != new.first() {
                Class::Breaking
            } else {
                match role {
                    // `new` takes the required ones (`Option` when nullable), setters the rest.
                    Role::Request if old.has("required") != new.has("required") => Class::Breaking,
                    Role::Request if old.has("required") => Class::Breaking,
                    // An optional nullable one is `Option<Option<_>>` with a `_null` setter.
                    Role::Request if old.has("nullable") != new.has("nullable") => Class::Breaking,
                    Role::Request => Class::DocumentationOnly,
                    Role::Model | Role::Variant if rust(old) != rust(new) => Class::Breaking,
                    Role::Model | Role::Variant => Class::DocumentationOnly,
                }
            };
            self.push(
                class,
                unstable,
                new,
                format!("{new_shape} (was {old_shape})"),
            );
        }
        self.flags_changed(old, new, unstable);
    }

    fn other_changed(&mut self, old: &Record<'_>, new: &Record<'_>) {
        let unstable = Self::is_unstable(self.old, old) && Self::is_unstable(self.new, new);
        let shape = |r: &Record<'_>| {
            r.attributes
                .iter()
                .filter(|a| !matches!(**a, "deprecated" | "unstable"))
                .copied()
                .collect::<Vec<_>>()
                .join(" ")
        };
        let (old_shape, new_shape) = (shape(old), shape(new));
        if old_shape != new_shape {
            // A tagged union told apart by another property sends and reads other JSON but
            // keeps its Rust shape.
            let class = match (old.kind, old.first(), new.first()) {
                ("type", a, b)
                    if a.starts_with("tagged-union(")
                        && b.starts_with("tagged-union(")
                        && old.attributes[1..] == new.attributes[1..] =>
                {
                    Class::DocumentationOnly
                }
                // Constants a variant requires are read on decoding, not in Rust.
                ("variant", a, b) if a == b => Class::DocumentationOnly,
                _ => Class::Breaking,
            };
            self.push(
                class,
                unstable,
                new,
                format!("{new_shape} (was {old_shape})"),
            );
        }
        self.flags_changed(old, new, unstable);
    }
}

/// Endpoints removed under one name and added under another for the same HTTP path:
/// old id -> new id.
fn renamed_endpoints(old: &Surface, new: &Surface) -> BTreeMap<String, String> {
    let path = |r: &Record<'_>| r.attributes.get(1).map(|p| p.to_string());
    let added: BTreeMap<String, String> = new
        .iter()
        .filter(|r| r.kind == "endpoint")
        .filter(|r| !old.records.contains_key(&format!("endpoint {}", r.key)))
        .filter_map(|r| Some((path(&r)?, r.key.to_string())))
        .collect();
    old.iter()
        .filter(|r| r.kind == "endpoint")
        .filter(|r| !new.records.contains_key(&format!("endpoint {}", r.key)))
        .filter_map(|r| Some((r.key.to_string(), added.get(&path(&r)?)?.clone())))
        .collect()
}

/// `AcsCredential` for `AcsCredential.code`; the key up to its last `.` outside quotes.
pub(crate) fn parent_key(key: &str) -> Option<&str> {
    let mut quoted = false;
    let mut escaped = false;
    let mut last = None;
    for (i, c) in key.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            '.' if !quoted => last = Some(i),
            _ => {}
        }
    }
    last.map(|i| &key[..i])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn surface(lines: &str) -> Surface {
        Surface::parse(lines).expect("a surface")
    }

    const BASE: &str = "\
endpoint things.get: GET /things/get ThingsGetRequest -> Thing
endpoint things.make: POST /things/make ThingsMakeRequest -> () unstable
param things.get.thing_id: string required
param things.get.limit: integer optional
param things.make.name: string required
type Thing: struct model
field Thing.thing_id: string required
field Thing.note: string optional
field Thing.nullable_note: string required nullable
type Kind: enum model open
value Kind.big
type Selector: union request closed
variant Selector.A: fields
variant-field Selector.A.a: string required
type Warning: tagged-union(code) model open
variant Warning.late: WarningLate
type WarningLate: struct model
";

    /// The changes from `BASE` to `BASE` edited by `edit`, as `class subject: what`.
    fn changes(edit: impl FnOnce(&mut Surface)) -> Vec<String> {
        let old = surface(BASE);
        let mut new = old.clone();
        edit(&mut new);
        diff(&old, &new)
            .changes
            .iter()
            .map(|c| format!("{} {c}", c.class))
            .collect()
    }

    fn set(s: &mut Surface, key: &str, attributes: &str) {
        s.records.insert(key.to_string(), attributes.to_string());
    }

    fn remove(s: &mut Surface, key: &str) {
        assert!(s.records.remove(key).is_some(), "no {key}");
    }

    #[test]
    fn nothing_changed_is_no_change() {
        let d = diff(&surface(BASE), &surface(BASE));
        assert!(d.is_empty());
        assert_eq!(d.class(), None);
        assert_eq!(d.report(), "No change to the public API.\n");
    }

    #[test]
    fn request_parameters() {
        assert_eq!(
            changes(|s| set(s, "param things.get.after", "string optional")),
            ["additive param things.get.after: added (string optional)"]
        );
        assert_eq!(
            changes(|s| set(s, "param things.get.after", "string required")),
            ["breaking param things.get.after: added, required (string required)"]
        );
        assert_eq!(
            changes(|s| set(s, "param things.get.limit", "integer required")),
            ["breaking param things.get.limit: integer required (was integer optional)"]
        );
        assert_eq!(
            changes(|s| set(s, "param things.get.thing_id", "string optional")),
            ["breaking param things.get.thing_id: string optional (was string required)"]
        );
        assert_eq!(
            changes(|s| set(s, "param things.get.limit", "number optional")),
            ["breaking param things.get.limit: number optional (was integer optional)"]
        );
        assert_eq!(
            changes(|s| set(s, "param things.get.limit", "integer optional nullable")),
            ["breaking param things.get.limit: integer optional nullable (was integer optional)"]
        );
        assert_eq!(
            changes(|s| remove(s, "param things.get.limit")),
            ["breaking param things.get.limit: removed (was integer optional)"]
        );
    }

    #[test]
    fn model_fields() {
        assert_eq!(
            changes(|s| set(s, "field Thing.size", "integer required")),
            ["additive field Thing.size: added (integer required)"]
        );
        assert_eq!(
            changes(|s| remove(s, "field Thing.note")),
            ["breaking field Thing.note: removed (was string optional)"]
        );
        // `String` -> `Option<String>`.
        assert_eq!(
            changes(|s| set(s, "field Thing.thing_id", "string optional")),
            ["breaking field Thing.thing_id: string optional (was string required)"]
        );
        // `Option<String>` either way.
        assert_eq!(
            changes(|s| set(s, "field Thing.nullable_note", "string optional nullable")),
            ["documentation-only field Thing.nullable_note: string optional nullable (was string required nullable)"]
        );
    }

    #[test]
    fn enum_values_and_variants() {
        assert_eq!(
            changes(|s| set(s, "value Kind.small", "")),
            ["additive value Kind.small: added"]
        );
        assert_eq!(
            changes(|s| remove(s, "value Kind.big")),
            ["breaking value Kind.big: removed"]
        );
        assert_eq!(
            changes(|s| set(s, "variant Warning.early", "WarningLate")),
            ["additive variant Warning.early: added (WarningLate)"]
        );
        assert_eq!(
            changes(|s| {
                set(s, "variant Selector.B", "fields");
                set(s, "variant-field Selector.B.b", "string required");
            }),
            ["breaking variant Selector.B: added to a closed union (fields)"]
        );
        assert_eq!(
            changes(|s| set(s, "variant-field Selector.A.z", "string optional")),
            ["breaking variant-field Selector.A.z: added (string optional)"]
        );
        assert_eq!(
            changes(|s| set(s, "variant Warning.late", "WarningEarly")),
            ["breaking variant Warning.late: WarningEarly (was WarningLate)"]
        );
    }

    #[test]
    fn endpoints() {
        assert_eq!(
            changes(|s| {
                remove(s, "endpoint things.get");
                set(
                    s,
                    "endpoint things.fetch",
                    "GET /things/get ThingsFetchRequest -> Thing",
                );
                remove(s, "param things.get.thing_id");
                remove(s, "param things.get.limit");
                set(s, "param things.fetch.thing_id", "string required");
                set(s, "param things.fetch.limit", "integer optional");
            }),
            [
                "breaking endpoint things.get: renamed to things.fetch (GET /things/get)",
                "breaking endpoint things.fetch: request type ThingsFetchRequest (was ThingsGetRequest)",
            ]
        );
        assert_eq!(
            changes(|s| {
                set(s, "endpoint things.list", "GET /things/list ThingsListRequest -> page(Thing)");
                set(s, "param things.list.limit", "integer required");
            }),
            ["additive endpoint things.list: added (GET /things/list ThingsListRequest -> page(Thing))"]
        );
        assert_eq!(
            changes(|s| {
                remove(s, "endpoint things.get");
                remove(s, "param things.get.thing_id");
                remove(s, "param things.get.limit");
            }),
            ["breaking endpoint things.get: removed (was GET /things/get ThingsGetRequest -> Thing)"]
        );
        assert_eq!(
            changes(|s| set(s, "endpoint things.get", "POST /things/get ThingsGetRequest -> Thing")),
            ["documentation-only endpoint things.get: sends POST /things/get (was GET /things/get); the Rust API is unchanged"]
        );
        assert_eq!(
            changes(|s| set(
                s,
                "endpoint things.get",
                "GET /things/get ThingsGetRequest -> optional(Thing)"
            )),
            ["breaking endpoint things.get: returns optional(Thing) (was Thing)"]
        );
    }

    #[test]
    fn deprecations_and_feature_gates() {
        assert_eq!(
            changes(|s| set(
                s,
                "endpoint things.get",
                "GET /things/get ThingsGetRequest -> Thing deprecated"
            )),
            ["additive endpoint things.get: deprecated"]
        );
        assert_eq!(
            changes(|s| set(s, "field Thing.note", "string optional deprecated")),
            ["additive field Thing.note: deprecated"]
        );
        assert_eq!(
            changes(|s| set(
                s,
                "endpoint things.get",
                "GET /things/get ThingsGetRequest -> Thing unstable"
            )),
            ["breaking endpoint things.get: moved behind the `unstable` feature"]
        );
        assert_eq!(
            changes(|s| set(
                s,
                "endpoint things.make",
                "POST /things/make ThingsMakeRequest -> ()"
            )),
            ["additive endpoint things.make: no longer behind the `unstable` feature"]
        );
    }

    #[test]
    fn unstable_changes_are_listed_but_do_not_make_a_breaking_release() {
        let old = surface(BASE);
        let mut new = old.clone();
        set(&mut new, "param things.make.name", "integer required");
        let d = diff(&old, &new);
        assert_eq!(
            d.changes.iter().map(|c| format!("{} {c}", c.class)).collect::<Vec<_>>(),
            ["breaking param things.make.name: integer required (was string required) [unstable feature]"]
        );
        assert_eq!(d.class(), Some(Class::Additive));
    }

    #[test]
    fn the_release_class_is_the_highest_and_the_report_groups_by_class() {
        let old = surface(BASE);
        let mut new = old.clone();
        set(&mut new, "value Kind.small", "");
        remove(&mut new, "field Thing.note");
        set(
            &mut new,
            "field Thing.nullable_note",
            "string optional nullable",
        );
        let d = diff(&old, &new);
        assert_eq!(d.class(), Some(Class::Breaking));
        assert_eq!(
            d.report(),
            "\
Breaking (1):
  - field Thing.note: removed (was string optional)
Additive (1):
  - value Kind.small: added
Documentation-only (1):
  - field Thing.nullable_note: string optional nullable (was string required nullable)
"
        );
    }

    #[test]
    fn bumps() {
        assert_eq!(bump("0.1.0", Class::Breaking).as_deref(), Ok("0.2.0"));
        assert_eq!(bump("0.1.3", Class::Additive).as_deref(), Ok("0.1.4"));
        assert_eq!(
            bump("0.1.3", Class::DocumentationOnly).as_deref(),
            Ok("0.1.4")
        );
        assert_eq!(bump("1.2.3", Class::Breaking).as_deref(), Ok("2.0.0"));
        assert_eq!(bump("1.2.3", Class::Additive).as_deref(), Ok("1.3.0"));
        assert_eq!(
            bump("1.2.3", Class::DocumentationOnly).as_deref(),
            Ok("1.2.4")
        );
        assert!(bump("one", Class::Breaking).is_err());
        assert!(bump("1.2", Class::Breaking).is_err());
    }

    #[test]
    fn changelog_entries_group_by_class_newest_first() {
        let old = surface(BASE);
        let mut new = old.clone();
        set(&mut new, "value Kind.small", "");
        remove(&mut new, "field Thing.note");
        let entry = changelog_entry("0.2.0", "2026-12-03", "From `spec`.", &diff(&old, &new), "");
        assert_eq!(
            entry,
            "## 0.2.0 (2026-12-03)\n\nFrom `spec`.\n\n### Breaking\n\n- `field Thing.note`: removed (was string optional)\n\n### Additive\n\n- `value Kind.small`: added\n"
        );
        let first = add_to_changelog("", &entry);
        assert!(first.starts_with("# Changelog\n"), "{first}");
        assert!(first.ends_with(&entry), "{first}");
        let docs = changelog_entry(
            "0.2.1",
            "2026-12-04",
            "From `spec`.",
            &Diff::default(),
            "Documentation changes only.",
        );
        let second = add_to_changelog(&first, &docs);
        let newest = second.find("## 0.2.1").expect("new entry");
        let older = second.find("## 0.2.0").expect("old entry");
        assert!(newest < older, "{second}");
        assert!(second.contains("Documentation changes only."));
    }

    #[test]
    fn parent_keys_skip_quoted_dots() {
        assert_eq!(parent_key("A.b"), Some("A"));
        assert_eq!(parent_key("E.\"a.b\""), Some("E"));
        assert_eq!(parent_key("a.b.\"c.d\""), Some("a.b"));
        assert_eq!(parent_key("A"), None);
    }
}
