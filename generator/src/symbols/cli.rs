//! The command line's names (the generated `seam` CLI), decided once, like the SDK's in
//! [`super::Symbols`]: the words of each command (`seam acs credentials
//! list-accessible-entrances`, also answering to `list_accessible_entrances`), each
//! parameter's flag as Seam's documentation writes it (`--acs_user_id`, also answering to
//! `--acs-user-id`), the generated CLI's modules, functions and statics, and how its
//! command modules name the SDK's types (imported by their bare name, or by their path
//! where that name is one the CLI's own code uses).

use super::scope::Scope;
use super::spelling::snake_name;
use super::{Name, Reference, Symbols};
use crate::ir::Api;
use heck::ToShoutySnakeCase;
use std::collections::{BTreeMap, BTreeSet};

/// Flags the CLI's runtime gives every command (or `seam` itself): a parameter's flag
/// named so gets a `_param` suffix, and an alias named so is dropped.
pub const RESERVED_FLAGS: &[&str] = &[
    "help",
    "version",
    "raw",
    "all",
    "json",
    "dry-run",
    "api-key",
    "personal-access-token",
    "workspace-id",
    "endpoint",
];

/// The items of the CLI's runtime (`generator/src/emit/cli/runtime/mod.rs` exports them)
/// that the command modules name, imported with `use crate::runtime::{..};`.
pub const RUNTIME_ITEMS: &[&str] = &[
    "Command",
    "FromJson",
    "Item",
    "Kind",
    "Outcome",
    "Param",
    "Params",
    "Usage",
    "Variant",
    "Word",
    "deserialized",
    "enum_value",
];

/// The items of the SDK's root (the runtime it re-exports) that the command modules name,
/// imported with `use crate::sdk::{..};`.
pub const SDK_ROOT_ITEMS: &[&str] = &["Endpoint", "HttpMethod", "Seam", "Timestamp"];

/// Other names the command modules use bare: the prelude's, and the `use`d
/// `serde_json::Value` and `std::collections::BTreeMap`.
pub const OTHER_BARE_ITEMS: &[&str] = &[
    "BTreeMap", "Box", "Default", "Err", "None", "Ok", "Option", "Result", "Some", "String",
    "Value", "Vec",
];

/// The static of each group's module that lists its commands (`&[Command]`).
pub const GROUP_COMMANDS: &str = "COMMANDS";

/// Words `seam` itself takes: `help` at every level (clap's), `completion` at the top.
const RESERVED_WORDS: &[&str] = &["help"];
const RESERVED_TOP_WORDS: &[&str] = &["help", "completion"];

/// A command word and the other spelling it answers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub name: String,
    pub alias: Option<String>,
}

/// A flag (without `--`) and the other spelling it answers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flag {
    pub long: String,
    pub alias: Option<String>,
}

/// The names of one endpoint's command.
#[derive(Debug, Clone)]
pub struct CommandNames {
    /// The words after `seam`: its groups', then its own.
    pub words: Vec<Word>,
    /// The generated module of its group (`src/commands/<module>.rs`).
    pub module: Name,
    /// The function that builds its request and starts the call.
    pub function: Name,
    /// The `const` holding its method and path.
    pub endpoint_const: Name,
    /// The `static` listing its flags.
    pub params_static: Name,
}

/// Every name of the CLI generated from one [`Api`].
#[derive(Debug)]
pub struct CliNames {
    /// By index in [`Api::endpoints`].
    pub commands: Vec<CommandNames>,
    /// The module of each group that has endpoints (IR group path).
    pub modules: BTreeMap<Vec<String>, Name>,
    /// The constants and statics of each group's module, which an imported SDK type must
    /// not shadow (a type named `A` and an endpoint `a`'s `const A`).
    constants: BTreeMap<Vec<String>, BTreeSet<String>>,
}

/// How a spec name is written as a command word: kebab case.
fn word_text(name: &str) -> String {
    let text: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let text = text.trim_matches('-').to_string();
    if text.is_empty() {
        "x".to_string()
    } else {
        text
    }
}

/// `wanted`, unique in `scope`, and the spec's own spelling (`snake`) as its alias when it
/// differs and is free.
fn claim_word(scope: &mut Scope, wanted: &str, spec: &str) -> Word {
    let name = scope.claim(wanted);
    let snake = spec.to_string();
    let alias = (snake != name
        && !snake.is_empty()
        && !snake.starts_with('-')
        && snake
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && !scope.contains(&snake))
    .then(|| scope.claim(&snake));
    Word { name, alias }
}

impl CliNames {
    pub fn of(api: &Api) -> CliNames {
        // Words: a scope per parent (by IR group path); groups claim theirs first.
        let mut scopes: BTreeMap<Vec<String>, Scope> = BTreeMap::new();
        let scope_of = |scopes: &mut BTreeMap<Vec<String>, Scope>, path: &[String]| {
            let reserved = if path.is_empty() {
                RESERVED_TOP_WORDS
            } else {
                RESERVED_WORDS
            };
            scopes
                .entry(path.to_vec())
                .or_insert_with(|| Scope::with_reserved(reserved.iter().copied()))
                .clone()
        };
        let mut group_words: BTreeMap<Vec<String>, Word> = BTreeMap::new();
        let mut group_paths: Vec<Vec<String>> = api
            .endpoints
            .iter()
            .flat_map(|e| (1..=e.group.len()).map(|depth| e.group[..depth].to_vec()))
            .collect();
        group_paths.sort();
        group_paths.dedup();
        for path in &group_paths {
            let parent = &path[..path.len() - 1];
            let mut scope = scope_of(&mut scopes, parent);
            let last = &path[path.len() - 1];
            let word = claim_word(&mut scope, &word_text(last), last);
            scopes.insert(parent.to_vec(), scope);
            group_words.insert(path.clone(), word);
        }

        let mut module_scope = Scope::with_reserved(["models", "mod"]);
        let mut modules: BTreeMap<Vec<String>, Name> = BTreeMap::new();
        for endpoint in &api.endpoints {
            modules.entry(endpoint.group.clone()).or_insert_with(|| {
                let wanted = if endpoint.group.is_empty() {
                    "root".to_string()
                } else {
                    snake_name(&endpoint.group.join("_"))
                };
                Name::new(&module_scope.claim(&wanted))
            });
        }

        let mut functions: BTreeMap<Vec<String>, (Scope, Scope)> = BTreeMap::new();
        let mut constants: BTreeMap<Vec<String>, BTreeSet<String>> = BTreeMap::new();
        let commands = api
            .endpoints
            .iter()
            .map(|endpoint| {
                let mut words: Vec<Word> = (1..=endpoint.group.len())
                    .map(|depth| group_words[&endpoint.group[..depth]].clone())
                    .collect();
                let mut scope = scope_of(&mut scopes, &endpoint.group);
                words.push(claim_word(
                    &mut scope,
                    &word_text(&endpoint.name),
                    &endpoint.name,
                ));
                scopes.insert(endpoint.group.clone(), scope);
                // The runtime's functions, which the module imports, and its table of commands.
                let (fns, consts) = functions.entry(endpoint.group.clone()).or_insert_with(|| {
                    (
                        Scope::with_reserved(RUNTIME_ITEMS.iter().copied()),
                        Scope::with_reserved([GROUP_COMMANDS]),
                    )
                });
                let function = fns.claim(&snake_name(&endpoint.name));
                let mut constant = function.to_shouty_snake_case();
                if constant.is_empty() || constant.starts_with(|c: char| c.is_ascii_digit()) {
                    constant.insert(0, '_');
                }
                let constant = consts.claim(&constant);
                let params = consts.claim(&format!("{constant}_PARAMS"));
                let module_constants = constants.entry(endpoint.group.clone()).or_default();
                module_constants.insert(GROUP_COMMANDS.to_string());
                module_constants.insert(constant.clone());
                module_constants.insert(params.clone());
                CommandNames {
                    words,
                    module: modules[&endpoint.group].clone(),
                    function: Name::new(&function),
                    endpoint_const: Name::new(&constant),
                    params_static: Name::new(&params),
                }
            })
            .collect();
        CliNames {
            commands,
            modules,
            constants,
        }
    }

    /// How the command module of `group` (`None`: `models.rs`) names the SDK's type `name`
    /// (an IR type name): [`Reference::Import`] of its path from the SDK's root, or, when
    /// its bare name is one the module's own code uses (a runtime item such as `Command`
    /// or `Usage`, `Timestamp` of the SDK's root, `Value`, a prelude name, one of the
    /// module's constants), [`Reference::Path`]. The SDK's type names are unique across
    /// its crate (they are the IR's names), so two of them never compete for a name.
    pub fn sdk_type(&self, symbols: &Symbols, group: Option<&[String]>, name: &str) -> Reference {
        let id = symbols.id(name);
        let bare = symbols.of_type(id).name.as_str();
        let path = format!("crate::sdk::{}", symbols.public_path(id));
        let taken = RUNTIME_ITEMS.contains(&bare)
            || SDK_ROOT_ITEMS.contains(&bare)
            || OTHER_BARE_ITEMS.contains(&bare)
            || group
                .and_then(|group| self.constants.get(group))
                .is_some_and(|constants| constants.contains(bare));
        if taken {
            Reference::Path(path)
        } else {
            Reference::Import(path)
        }
    }
}

/// The flags of one command, for its parameters' paths (`["visionline_metadata",
/// "card_format"]`), in order: each as the path is spelled on the wire, joined with `.`
/// (characters a flag cannot hold become `_`), unique and clear of [`RESERVED_FLAGS`];
/// the alias writes `-` for `_` when that differs and is free.
pub fn flags(paths: &[Vec<String>]) -> Vec<Flag> {
    let mut scope = Scope::with_reserved(RESERVED_FLAGS.iter().copied());
    let longs: Vec<String> = paths
        .iter()
        .map(|path| {
            let wanted: Vec<String> = path
                .iter()
                .map(|segment| {
                    let s: String = segment
                        .chars()
                        .map(|c| {
                            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                                c
                            } else {
                                '_'
                            }
                        })
                        .collect();
                    if s.is_empty() {
                        "_".to_string()
                    } else {
                        s
                    }
                })
                .collect();
            let mut wanted = wanted.join(".");
            if wanted.starts_with('-') {
                wanted.insert(0, '_');
            }
            scope.claim_or(&wanted, || Some(format!("{wanted}_param")))
        })
        .collect();
    longs
        .into_iter()
        .map(|long| {
            let kebab = long.replace('_', "-");
            let alias = (kebab != long && !kebab.starts_with('-') && !scope.contains(&kebab))
                .then(|| scope.claim(&kebab));
            Flag { long, alias }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn path(p: &str) -> Vec<String> {
        p.split('.').map(str::to_string).collect()
    }

    #[test]
    fn flags_are_spelled_as_on_the_wire_with_a_kebab_alias_and_keep_clear_of_the_runtimes() {
        let flags = flags(&[
            path("acs_user_id"),
            path("visionline_metadata.card_format"),
            path("all"),
            path("api_key"),
            path("code"),
            path("weird key!"),
        ]);
        let spelled: Vec<(&str, Option<&str>)> = flags
            .iter()
            .map(|f| (f.long.as_str(), f.alias.as_deref()))
            .collect();
        assert_eq!(
            spelled,
            [
                ("acs_user_id", Some("acs-user-id")),
                (
                    "visionline_metadata.card_format",
                    Some("visionline-metadata.card-format")
                ),
                ("all_param", Some("all-param")),
                // `--api-key` is the runtime's: no alias.
                ("api_key", None),
                ("code", None),
                ("weird_key_", Some("weird-key-")),
            ]
        );
    }

    /// A document with `widgets/a` (whose constant is `A`), sending a body whose members
    /// are the component schemas `command`, `usage`, `value`, `string`, `a` and `gadget`.
    fn colliding_api() -> Api {
        let model = json!({ "type": "object", "properties": { "x": { "type": "string" } } });
        let member = |name: &str| json!({ "$ref": format!("#/components/schemas/{name}") });
        let doc = json!({
            "openapi": "3.0.0",
            "info": { "title": "collisions", "version": "1" },
            "paths": { "/widgets/a": { "post": {
                "x-fern-sdk-group-name": ["widgets"],
                "x-fern-sdk-method-name": "a",
                "requestBody": { "content": { "application/json": { "schema": {
                    "type": "object",
                    "properties": {
                        "command": member("command"), "usage": member("usage"),
                        "value": member("value"), "string": member("string"),
                        "a": member("a"), "gadget": member("gadget"),
                    },
                }}}},
                "responses": { "200": { "description": "", "content": {
                    "application/json": { "schema": {
                        "type": "object",
                        "properties": { "ok": { "type": "boolean" } },
                        "required": ["ok"],
                    }}
                }}},
            }}},
            "components": { "schemas": {
                "command": model, "usage": model, "value": model, "string": model,
                "a": model, "gadget": model,
            }},
        });
        let doc: openapiv3::OpenAPI = serde_json::from_value(doc).expect("a document");
        crate::ir::build::build(&doc, "/").expect("builds").0
    }

    #[test]
    fn sdk_types_are_imported_unless_the_module_uses_their_name_for_something_else() {
        let api = colliding_api();
        let symbols = Symbols::of(&api);
        let names = CliNames::of(&api);
        let widgets = ["widgets".to_string()];
        assert_eq!(names.commands[0].endpoint_const.as_str(), "A");
        let named = |group: Option<&[String]>, name: &str| names.sdk_type(&symbols, group, name);
        // The runtime's `Command` and `Usage`, `serde_json::Value`, the prelude's `String`.
        for taken in ["Command", "Usage", "Value", "String"] {
            for group in [None, Some(&widgets[..])] {
                assert_eq!(
                    named(group, taken),
                    Reference::Path(format!("crate::sdk::models::{taken}"))
                );
            }
        }
        // `A` is the module's constant only in the module of `widgets`.
        assert_eq!(
            named(Some(&widgets), "A"),
            Reference::Path("crate::sdk::models::A".into())
        );
        assert_eq!(
            named(None, "A"),
            Reference::Import("crate::sdk::models::A".into())
        );
        assert_eq!(
            named(Some(&widgets), "Gadget"),
            Reference::Import("crate::sdk::models::Gadget".into())
        );
        assert_eq!(
            named(Some(&widgets), "WidgetsARequest"),
            Reference::Import("crate::sdk::widgets::WidgetsARequest".into())
        );
    }

    #[test]
    fn command_functions_keep_clear_of_the_runtime_functions_the_module_imports() {
        let mut api = colliding_api();
        let mut endpoint = api.endpoints[0].clone();
        endpoint.name = "enum_value".to_string();
        api.endpoints.push(endpoint);
        let names = CliNames::of(&api);
        assert_eq!(names.commands[1].function.as_str(), "enum_value2");
    }

    #[test]
    fn words_are_kebab_case_with_the_spec_spelling_as_alias_and_never_seams_own() {
        let mut scope = Scope::with_reserved(RESERVED_TOP_WORDS.iter().copied());
        assert_eq!(
            claim_word(&mut scope, &word_text("access_codes"), "access_codes"),
            Word {
                name: "access-codes".into(),
                alias: Some("access_codes".into())
            }
        );
        assert_eq!(
            claim_word(&mut scope, &word_text("completion"), "completion"),
            Word {
                name: "completion2".into(),
                alias: None
            }
        );
        assert_eq!(word_text("Weird Name"), "weird-name");
    }
}
