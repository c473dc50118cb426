//! The command line: `clap` commands built from the generated descriptions, flags turned
//! into JSON values as they are parsed (so that a bad value is a usage error naming its
//! flag, before anything is sent), the client configured as the SDK's `from_env` does,
//! and `seam completion <shell>`.

use super::output::{print_error, Outcome, Printer};
use super::params::Usage;
use crate::sdk::{Seam, SeamBuilder};
use clap::builder::{PossibleValuesParser, TypedValueParser, ValueParser};
use clap::error::ErrorKind;
use clap::{Arg, ArgAction, ArgMatches};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::io::Read;
use std::process::ExitCode;

/// A word of a command's path, e.g. `credentials`, with the other spelling it answers to
/// (`list_accessible_entrances` for `list-accessible-entrances`).
#[derive(Debug, Clone, Copy)]
pub struct Word {
    pub name: &'static str,
    pub alias: Option<&'static str>,
}

/// One endpoint's command.
#[derive(Debug, Clone, Copy)]
pub struct Command {
    /// The words after `seam`: its groups', then its own.
    pub words: &'static [Word],
    /// One line: the endpoint's title.
    pub about: &'static str,
    /// The whole description, with the method and path and lifecycle notes.
    pub long_about: &'static str,
    pub params: &'static [Param],
    /// A list endpoint: it takes `--all`.
    pub paginated: bool,
    /// Builds the request from the parameters (an object) and starts the call; `all`:
    /// walk every page.
    pub run: fn(&Seam, Value, bool) -> Result<Outcome, Usage>,
}

/// A flag: a request parameter, or a member of one (`--visionline_metadata.card_format`).
#[derive(Debug, Clone, Copy)]
pub struct Param {
    /// The flag, without `--`, as Seam writes it (`acs_user_id`).
    pub long: &'static str,
    /// The other spelling it answers to (`acs-user-id`).
    pub alias: Option<&'static str>,
    /// Where its value goes in the request, member by member.
    pub path: &'static [&'static str],
    pub kind: Kind,
    /// `null` is a value.
    pub nullable: bool,
    /// Shown in help; checked when the request is built, as `--raw` may give it.
    pub required: bool,
    pub help: &'static str,
    pub long_help: &'static str,
}

/// How a flag's text becomes a JSON value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    String,
    /// RFC 3339 (`2024-03-01T10:40:00Z`), sent as written.
    Timestamp,
    /// `true`, `false`, or the bare flag for `true`.
    Boolean,
    Integer,
    Number,
    /// One of these strings.
    Enum(&'static [&'static str]),
    /// Any JSON value; text that is not JSON is a string.
    Json,
    /// A JSON object.
    Object,
    /// Repeat the flag, or give a comma list, a JSON array, or `[a,b]`.
    Array(Item),
}

/// An array's items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    String,
    Timestamp,
    Boolean,
    Integer,
    Number,
    Enum(&'static [&'static str]),
    /// Objects or other JSON values, as JSON text.
    Json,
}

const GLOBAL_HELP: &str = "Request parameters are flags named as in Seam's API reference: \
--acs_user_id, or --acs-user-id. Arrays take the flag repeated, a comma list, or a JSON \
array; objects take JSON text or one flag per member (--visionline_metadata.card_format \
rfid48); `null` clears a nullable parameter. --raw gives the whole request as JSON (`-`: \
read it from stdin); flags override its members.\n\n\
Authentication: SEAM_API_KEY, or SEAM_PERSONAL_ACCESS_TOKEN and SEAM_WORKSPACE_ID (or the \
flags of the same names); SEAM_ENDPOINT sets the API's base URL.\n\n\
Output: the response's payload as JSON on stdout (indented on a terminal); errors on \
stderr. Exit status 0 on success, 1 for an API or transport error, 2 for a usage error \
(nothing was sent).";

/// Runs the command line with `commands` (the generated table).
pub fn main(commands: &[Command]) -> ExitCode {
    let matches = match app(commands).try_get_matches() {
        Ok(matches) => matches,
        Err(error) => {
            let json = wants_json(std::env::args_os().skip(1));
            return match (json, clap_usage(&error)) {
                (true, Some(usage)) => usage_error(&Printer::new(true), &usage),
                _ => {
                    let _ = error.print();
                    ExitCode::from(error.exit_code().clamp(0, 255) as u8)
                }
            };
        }
    };
    let mut words = Vec::new();
    let mut leaf = &matches;
    while let Some((name, sub)) = leaf.subcommand() {
        words.push(name);
        leaf = sub;
    }
    if words.first() == Some(&"completion") {
        return completion(commands, leaf);
    }
    let printer = Printer::new(leaf.get_flag("json"));
    let Some(command) = commands
        .iter()
        .find(|c| c.words.iter().map(|w| w.name).eq(words.iter().copied()))
    else {
        return usage_error(
            &printer,
            &Usage(format!("no command `{}`", words.join(" "))),
        );
    };
    let parameters = match request_object(leaf, command.params) {
        Ok(parameters) => parameters,
        Err(usage) => return usage_error(&printer, &usage),
    };
    let all = command.paginated && leaf.get_flag("all");
    let seam = match client(leaf) {
        Ok(seam) => seam,
        Err(error) => {
            print_error(&printer, &error);
            return ExitCode::from(2);
        }
    };
    let outcome = match (command.run)(&seam, parameters, all) {
        Ok(outcome) => outcome,
        Err(usage) => return usage_error(&printer, &usage),
    };
    if leaf.get_flag("dry-run") {
        return ExitCode::SUCCESS;
    }
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(outcome.print(&printer)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            print_error(&printer, &error);
            ExitCode::FAILURE
        }
    }
}

/// Whether the arguments (after the program's name) ask for `--json`, for errors found
/// before the arguments are parsed.
fn wants_json(args: impl IntoIterator<Item = OsString>) -> bool {
    args.into_iter()
        .take_while(|arg| arg != "--")
        .any(|arg| arg == "--json")
}

/// What clap refused, as a usage error of one line (the message, the values allowed and
/// clap's tips: `unexpected argument '--nope' found tip: ...`); `None` for `--help` and
/// `--version`, which are not errors.
fn clap_usage(error: &clap::Error) -> Option<Usage> {
    if !error.use_stderr() {
        return None;
    }
    let text = error.render().to_string();
    let one_line = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
    if error.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
        // Help instead of an error: `seam acs` without a command.
        let usage = text.lines().find(|line| line.starts_with("Usage:"));
        return Some(Usage(match usage {
            Some(usage) => format!("a command is required ({})", one_line(usage)),
            None => "a command is required".to_string(),
        }));
    }
    let text = text.strip_prefix("error:").unwrap_or(&text);
    let end = ["\n\nUsage:", "\n\nFor more information"]
        .iter()
        .filter_map(|marker| text.find(marker))
        .min()
        .unwrap_or(text.len());
    Some(Usage(one_line(&text[..end])))
}

fn usage_error(printer: &Printer, usage: &Usage) -> ExitCode {
    if printer.json {
        let error = serde_json::json!({ "error": { "type": "usage", "message": usage.0 } });
        eprintln!("{error}");
    } else {
        eprintln!("error: {usage}\n\nFor more information, try '--help'.");
    }
    ExitCode::from(2)
}

/// A group of commands on the way to the leaves.
#[derive(Default)]
struct Node {
    alias: Option<&'static str>,
    children: BTreeMap<&'static str, Node>,
    leaf: Option<Command>,
}

/// The whole `clap` command.
fn app(commands: &[Command]) -> clap::Command {
    let mut root = Node::default();
    for command in commands {
        let mut node = &mut root;
        for word in command.words {
            node = node.children.entry(word.name).or_default();
            node.alias = word.alias;
        }
        node.leaf = Some(*command);
    }
    let app = clap::Command::new("seam")
        .version(env!("CARGO_PKG_VERSION"))
        .about("The Seam API from the command line")
        .after_long_help(GLOBAL_HELP)
        .subcommand_required(true)
        .arg_required_else_help(true)
        .arg(global("api-key", "API key (default: $SEAM_API_KEY)", "KEY"))
        .arg(global(
            "personal-access-token",
            "Personal access token, with --workspace-id (default: $SEAM_PERSONAL_ACCESS_TOKEN)",
            "TOKEN",
        ))
        .arg(global(
            "workspace-id",
            "Workspace to act in with a personal access token (default: $SEAM_WORKSPACE_ID)",
            "ID",
        ))
        .arg(global(
            "endpoint",
            "The API's base URL (default: $SEAM_ENDPOINT, else https://connect.getseam.com)",
            "URL",
        ))
        .arg(
            Arg::new("dry-run")
                .long("dry-run")
                .global(true)
                .action(ArgAction::SetTrue)
                .help_heading("Global options")
                .help("Check the flags, build the request and the client, and send nothing"),
        )
        .arg(
            Arg::new("json")
                .long("json")
                .global(true)
                .action(ArgAction::SetTrue)
                .help_heading("Global options")
                .help("Compact JSON output, and errors as JSON"),
        )
        .subcommand(
            clap::Command::new("completion")
                .about("Prints a shell completion script")
                .arg(
                    Arg::new("shell")
                        .required(true)
                        .value_parser(["bash", "zsh", "fish"]),
                ),
        );
    children(app, &root, &mut Vec::new())
}

fn global(id: &'static str, help: &'static str, value_name: &'static str) -> Arg {
    Arg::new(id)
        .long(id)
        .global(true)
        .value_name(value_name)
        .help(help)
        .help_heading("Global options")
}

fn children(
    mut command: clap::Command,
    node: &Node,
    words: &mut Vec<&'static str>,
) -> clap::Command {
    for (name, child) in &node.children {
        words.push(name);
        let mut sub = match &child.leaf {
            Some(leaf) => leaf_command(name, leaf),
            None => clap::Command::new(*name)
                .about(format!("Commands under `seam {}`", words.join(" ")))
                .subcommand_required(true)
                .arg_required_else_help(true),
        };
        if let Some(alias) = child.alias {
            sub = sub.alias(alias);
        }
        command = command.subcommand(children(sub, child, words));
        words.pop();
    }
    command
}

fn leaf_command(name: &'static str, leaf: &Command) -> clap::Command {
    let mut command = clap::Command::new(name)
        .about(leaf.about)
        .long_about(leaf.long_about)
        .arg(
            Arg::new("raw")
                .long("raw")
                .value_name("JSON")
                .help("The whole request as a JSON object (`-`: read it from stdin); flags override its members"),
        );
    if leaf.paginated {
        command = command.arg(
            Arg::new("all")
                .long("all")
                .action(ArgAction::SetTrue)
                .help("Every item of every page, one JSON value per line, as pages arrive"),
        );
    }
    command.args(leaf.params.iter().map(param_arg))
}

fn param_arg(param: &Param) -> Arg {
    let mut arg = Arg::new(param.long)
        .long(param.long)
        .help(param.help)
        .long_help(param.long_help)
        .value_name(value_name(param.kind));
    if let Some(alias) = param.alias {
        arg = arg.alias(alias);
    }
    let nullable = param.nullable;
    match param.kind {
        Kind::Boolean => {
            let mut values = vec!["true", "false"];
            if nullable {
                values.push("null");
            }
            arg.num_args(0..=1)
                .default_missing_value("true")
                .value_parser(PossibleValuesParser::new(values).map(|s| scalar_value(&s)))
        }
        Kind::Enum(values) => {
            let mut values: Vec<&'static str> =
                values.iter().copied().filter(|v| !v.is_empty()).collect();
            if nullable {
                values.push("null");
            }
            arg.value_parser(PossibleValuesParser::new(values).map(|s| scalar_value(&s)))
        }
        Kind::Array(item) => {
            arg.action(ArgAction::Append)
                .value_parser(ValueParser::new(move |text: &str| {
                    array_value(item, nullable, text)
                }))
        }
        kind => arg.value_parser(ValueParser::new(move |text: &str| {
            if nullable && text == "null" {
                return Ok(Value::Null);
            }
            value(kind, text)
        })),
    }
}

fn value_name(kind: Kind) -> &'static str {
    match kind {
        Kind::String => "STRING",
        Kind::Timestamp => "TIMESTAMP",
        Kind::Boolean => "BOOL",
        Kind::Integer => "INTEGER",
        Kind::Number => "NUMBER",
        Kind::Enum(_) => "VALUE",
        Kind::Json => "JSON",
        Kind::Object => "JSON_OBJECT",
        Kind::Array(_) => "LIST",
    }
}

/// `true`, `false`, `null` or an enum's string.
fn scalar_value(text: &str) -> Value {
    match text {
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        "null" => Value::Null,
        other => Value::String(other.to_string()),
    }
}

/// The value of a flag of `kind` (not an array).
fn value(kind: Kind, text: &str) -> Result<Value, String> {
    match kind {
        Kind::String => Ok(Value::String(text.to_string())),
        Kind::Timestamp => match text.parse::<crate::sdk::Timestamp>() {
            Ok(_) => Ok(Value::String(text.to_string())),
            Err(e) => Err(e.to_string()),
        },
        Kind::Boolean => match text {
            "true" | "false" => Ok(scalar_value(text)),
            _ => Err("expected true or false".to_string()),
        },
        Kind::Integer => text
            .trim()
            .parse::<i64>()
            .map(Value::from)
            .map_err(|_| "expected an integer".to_string()),
        Kind::Number => match text.trim().parse::<f64>() {
            Ok(n) if n.is_finite() => Ok(Value::from(n)),
            _ => Err("expected a number".to_string()),
        },
        Kind::Enum(values) => match values.contains(&text) {
            true => Ok(Value::String(text.to_string())),
            false => Err(format!("expected one of {}", values.join(", "))),
        },
        Kind::Json => {
            Ok(serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_string())))
        }
        Kind::Object => match serde_json::from_str::<Value>(text) {
            Ok(object @ Value::Object(_)) => Ok(object),
            Ok(_) => Err("expected a JSON object".to_string()),
            Err(e) => Err(format!("expected a JSON object: {e}")),
        },
        Kind::Array(item) => array_value(item, false, text),
    }
}

fn item_kind(item: Item) -> Kind {
    match item {
        Item::String => Kind::String,
        Item::Timestamp => Kind::Timestamp,
        Item::Boolean => Kind::Boolean,
        Item::Integer => Kind::Integer,
        Item::Number => Kind::Number,
        Item::Enum(values) => Kind::Enum(values),
        Item::Json => Kind::Json,
    }
}

/// One occurrence of an array flag: a JSON array, what a shell leaves of one unquoted
/// (`[a,b]`), a comma list, or one item. An empty text adds nothing.
fn array_value(item: Item, nullable: bool, text: &str) -> Result<Value, String> {
    let trimmed = text.trim();
    if nullable && trimmed == "null" {
        return Ok(Value::Null);
    }
    if trimmed.is_empty() {
        return Ok(Value::Array(Vec::new()));
    }
    if trimmed.starts_with('[') {
        if let Ok(Value::Array(items)) = serde_json::from_str::<Value>(trimmed) {
            // Strings in a JSON array of non-strings are read as flag text (`["1"]`).
            return items
                .into_iter()
                .map(|v| match v {
                    Value::String(s) if item != Item::String && item != Item::Json => {
                        value(item_kind(item), &s)
                    }
                    other => Ok(other),
                })
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Array);
        }
        if item == Item::Json {
            return Err("expected a JSON array".to_string());
        }
        if let Some(inner) = trimmed.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
            return comma_list(item, inner);
        }
        return Err("expected a JSON array, [a,b] or a comma list".to_string());
    }
    if item == Item::Json {
        return value(Kind::Json, text).map(|v| Value::Array(vec![v]));
    }
    comma_list(item, text)
}

fn comma_list(item: Item, text: &str) -> Result<Value, String> {
    if text.trim().is_empty() {
        return Ok(Value::Array(Vec::new()));
    }
    text.split(',')
        .map(|part| value(item_kind(item), part.trim()))
        .collect::<Result<Vec<_>, _>>()
        .map(Value::Array)
}

/// The request as JSON: the `--raw` object (or `{}`), with each flag given set into it at
/// its path, shallow paths first so that `--a.b` wins over `--a '{"b": ..}'`.
fn request_object(matches: &ArgMatches, params: &[Param]) -> Result<Value, Usage> {
    let mut object = match matches.get_one::<String>("raw") {
        Some(text) => raw(text)?,
        None => Map::new(),
    };
    let mut given: Vec<(&Param, Value)> = Vec::new();
    for param in params {
        if matches.value_source(param.long) != Some(clap::parser::ValueSource::CommandLine) {
            continue;
        }
        let Some(mut values) = matches.get_many::<Value>(param.long) else {
            continue;
        };
        let value = match param.kind {
            Kind::Array(_) => {
                let mut items = Vec::new();
                for value in values {
                    match value {
                        Value::Array(more) => items.extend(more.iter().cloned()),
                        Value::Null => {}
                        other => items.push(other.clone()),
                    }
                }
                let only_null = items.is_empty()
                    && matches
                        .get_many::<Value>(param.long)
                        .is_some_and(|mut v| v.all(Value::is_null));
                if only_null {
                    Value::Null
                } else {
                    Value::Array(items)
                }
            }
            _ => values.next_back().cloned().unwrap_or(Value::Null),
        };
        given.push((param, value));
    }
    given.sort_by_key(|(param, _)| param.path.len());
    for (param, value) in given {
        set(&mut object, param.path, value);
    }
    Ok(Value::Object(object))
}

fn set(object: &mut Map<String, Value>, path: &[&str], value: Value) {
    match path {
        [] => {}
        [last] => {
            object.insert((*last).to_string(), value);
        }
        [first, rest @ ..] => {
            let entry = object
                .entry((*first).to_string())
                .or_insert_with(|| Value::Object(Map::new()));
            if !entry.is_object() {
                *entry = Value::Object(Map::new());
            }
            if let Value::Object(inner) = entry {
                set(inner, rest, value);
            }
        }
    }
}

/// The `--raw` request: JSON text, or `-` for stdin.
fn raw(text: &str) -> Result<Map<String, Value>, Usage> {
    let text = if text == "-" {
        let mut input = String::new();
        std::io::stdin()
            .read_to_string(&mut input)
            .map_err(|e| Usage(format!("cannot read the request from stdin: {e}")))?;
        input
    } else {
        text.to_string()
    };
    match serde_json::from_str::<Value>(&text) {
        Ok(Value::Object(object)) => Ok(object),
        Ok(_) => Err(Usage(
            "invalid value for --raw: expected a JSON object".to_string(),
        )),
        Err(e) => Err(Usage(format!("invalid value for --raw: not JSON: {e}"))),
    }
}

/// The client, from the flags or else the environment, as the SDK's `from_env` reads it.
fn client(matches: &ArgMatches) -> Result<Seam, crate::sdk::Error> {
    let flag = |id: &str| matches.get_one::<String>(id).cloned();
    let auth_flags = ["api-key", "personal-access-token", "workspace-id"]
        .iter()
        .any(|id| flag(id).is_some());
    SeamBuilder::from_env_with(|name| {
        let from_flag = match name {
            "SEAM_API_KEY" => flag("api-key"),
            "SEAM_PERSONAL_ACCESS_TOKEN" => flag("personal-access-token"),
            "SEAM_WORKSPACE_ID" => flag("workspace-id"),
            "SEAM_ENDPOINT" => flag("endpoint"),
            _ => None,
        };
        // Credentials given as flags replace those of the environment altogether.
        let is_auth = name != "SEAM_ENDPOINT";
        match from_flag {
            Some(value) => Some(value),
            None if is_auth && auth_flags => None,
            None => std::env::var(name).ok(),
        }
    })?
    .build()
}

fn completion(commands: &[Command], matches: &ArgMatches) -> ExitCode {
    let shell = match matches.get_one::<String>("shell").map(String::as_str) {
        Some("bash") => clap_complete::Shell::Bash,
        Some("zsh") => clap_complete::Shell::Zsh,
        _ => clap_complete::Shell::Fish,
    };
    let mut app = app(commands);
    clap_complete::generate(shell, &mut app, "seam", &mut std::io::stdout());
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn never(_: &Seam, _: Value, _: bool) -> Result<Outcome, Usage> {
        Err(Usage("not run".to_string()))
    }

    /// A parameter `long` (its path: `long` split at dots) of `kind`.
    fn param(long: &'static str, kind: Kind, nullable: bool) -> Param {
        let path: Vec<&'static str> = long.split('.').collect();
        Param {
            long,
            alias: None,
            path: Vec::leak(path),
            kind,
            nullable,
            required: false,
            help: "",
            long_help: "",
        }
    }

    /// The request object that `args` (after the command's name) give for a command of
    /// `params`, or the error clap or the runtime reports.
    fn parse(params: Vec<Param>, args: &[&str]) -> Result<Value, String> {
        let command = Command {
            words: &[],
            about: "",
            long_about: "",
            params: Vec::leak(params),
            paginated: false,
            run: never,
        };
        let matches = leaf_command("test", &command)
            .try_get_matches_from(std::iter::once("test").chain(args.iter().copied()))
            .map_err(|e| e.to_string())?;
        request_object(&matches, command.params).map_err(|usage| usage.0)
    }

    /// The value `args` give the one parameter `long` of `kind`.
    fn one(long: &'static str, kind: Kind, nullable: bool, args: &[&str]) -> Result<Value, String> {
        parse(vec![param(long, kind, nullable)], args).map(|object| object[long].clone())
    }

    /// Requires an error that names the flag `--long` (and `also`, if given).
    fn refused(result: Result<Value, String>, long: &str, also: &str) {
        match result {
            Ok(value) => panic!("--{long} accepted: {value}"),
            Err(e) => assert!(
                e.contains(&format!("--{long}")) && e.contains(also),
                "`{e}` does not name --{long} and `{also}`"
            ),
        }
    }

    #[test]
    fn booleans_take_true_false_or_the_bare_flag() {
        let flag = |args: &[&str]| one("on", Kind::Boolean, false, args);
        assert_eq!(flag(&["--on"]), Ok(json!(true)));
        assert_eq!(flag(&["--on", "false"]), Ok(json!(false)));
        assert_eq!(flag(&["--on=true"]), Ok(json!(true)));
        refused(flag(&["--on", "yes"]), "on", "yes");
        refused(flag(&["--on", "null"]), "on", "null");
        assert_eq!(
            one("on", Kind::Boolean, true, &["--on", "null"]),
            Ok(Value::Null)
        );
        // A bare flag before another flag is `true`.
        let both = parse(
            vec![
                param("on", Kind::Boolean, false),
                param("s", Kind::String, false),
            ],
            &["--on", "--s", "x"],
        );
        assert_eq!(both, Ok(json!({ "on": true, "s": "x" })));
    }

    #[test]
    fn numbers_are_checked_as_integers_or_finite_numbers() {
        let integer = |text: &str| one("n", Kind::Integer, false, &["--n", text]);
        assert_eq!(integer("42"), Ok(json!(42)));
        assert_eq!(integer(" -7 "), Ok(json!(-7)));
        refused(integer("4.5"), "n", "expected an integer");
        refused(integer("ten"), "n", "expected an integer");
        let number = |text: &str| one("x", Kind::Number, false, &["--x", text]);
        assert_eq!(number("2.5"), Ok(json!(2.5)));
        assert_eq!(number("1e3"), Ok(json!(1000.0)));
        for bad in ["inf", "NaN", "1,5"] {
            refused(number(bad), "x", "expected a number");
        }
    }

    #[test]
    fn enums_take_only_the_values_the_spec_lists() {
        const MODES: &[&str] = &["fast", "slow"];
        let mode =
            |text: &str, nullable| one("mode", Kind::Enum(MODES), nullable, &["--mode", text]);
        assert_eq!(mode("slow", false), Ok(json!("slow")));
        refused(mode("quick", false), "mode", "fast, slow");
        refused(mode("null", false), "mode", "null");
        assert_eq!(mode("null", true), Ok(Value::Null));
    }

    #[test]
    fn arrays_take_the_flag_repeated_a_comma_list_a_json_array_or_what_a_shell_leaves_of_one() {
        let strings = |args: &[&str]| one("ids", Kind::Array(Item::String), false, args);
        for args in [
            &["--ids", "a", "--ids", "b"][..],
            &["--ids", "a,b"],
            &["--ids", r#"["a","b"]"#],
            &["--ids", "[a,b]"],
            &["--ids", "a", "--ids", "[b]"],
        ] {
            assert_eq!(strings(args), Ok(json!(["a", "b"])), "{args:?}");
        }
        assert_eq!(strings(&["--ids", ""]), Ok(json!([])));
        assert_eq!(strings(&["--ids", "[]"]), Ok(json!([])));
        refused(strings(&["--ids", "[a,b"]), "ids", "expected a JSON array");
        assert_eq!(
            one("ids", Kind::Array(Item::String), true, &["--ids", "null"]),
            Ok(Value::Null)
        );

        // Items are checked as their kind; strings in a JSON array are read as flag text.
        let integers = |args: &[&str]| one("n", Kind::Array(Item::Integer), false, args);
        assert_eq!(
            integers(&["--n", "1,2", "--n", "[3]", "--n", r#"["4"]"#]),
            Ok(json!([1, 2, 3, 4]))
        );
        refused(integers(&["--n", "1,x"]), "n", "expected an integer");
        refused(
            one(
                "m",
                Kind::Array(Item::Enum(&["a", "b"])),
                false,
                &["--m", "a,c"],
            ),
            "m",
            "expected one of a, b",
        );
        // JSON items: each occurrence one value, or a JSON array of them.
        assert_eq!(
            one(
                "objects",
                Kind::Array(Item::Json),
                false,
                &["--objects", r#"{"a":1}"#, "--objects", r#"[{"b":2}]"#]
            ),
            Ok(json!([{ "a": 1 }, { "b": 2 }]))
        );
    }

    #[test]
    fn objects_take_json_text_and_dotted_flags_win_over_its_members() {
        let params = || {
            vec![
                param("meta", Kind::Object, false),
                param("meta.card_format", Kind::Enum(&["TLCode", "rfid48"]), false),
            ]
        };
        assert_eq!(
            parse(params(), &["--meta", r#"{"a":1}"#]),
            Ok(json!({ "meta": { "a": 1 } }))
        );
        assert_eq!(
            parse(params(), &["--meta.card_format", "rfid48"]),
            Ok(json!({ "meta": { "card_format": "rfid48" } }))
        );
        // Whatever their order on the command line.
        assert_eq!(
            parse(
                params(),
                &[
                    "--meta.card_format",
                    "rfid48",
                    "--meta",
                    r#"{"a":1,"card_format":"TLCode"}"#
                ]
            ),
            Ok(json!({ "meta": { "a": 1, "card_format": "rfid48" } }))
        );
        refused(
            parse(params(), &["--meta", "[1]"]),
            "meta",
            "expected a JSON object",
        );
        refused(
            parse(params(), &["--meta", "{oops"]),
            "meta",
            "expected a JSON object",
        );
        refused(
            parse(params(), &["--meta.card_format", "rfid99"]),
            "meta.card_format",
            "rfid48",
        );
    }

    #[test]
    fn null_is_a_value_only_where_the_parameter_is_nullable() {
        assert_eq!(
            one("s", Kind::String, true, &["--s", "null"]),
            Ok(Value::Null)
        );
        assert_eq!(
            one("s", Kind::String, false, &["--s", "null"]),
            Ok(json!("null"))
        );
        // JSON parameters take JSON text, else the text as a string.
        let json_value = |text: &str| one("j", Kind::Json, false, &["--j", text]);
        assert_eq!(json_value("null"), Ok(Value::Null));
        assert_eq!(json_value("5"), Ok(json!(5)));
        assert_eq!(json_value("plain text"), Ok(json!("plain text")));
    }

    #[test]
    fn timestamps_are_checked_and_sent_as_written() {
        let at = |text: &str| one("at", Kind::Timestamp, false, &["--at", text]);
        assert_eq!(
            at("2024-03-01T10:40:00+02:00"),
            Ok(json!("2024-03-01T10:40:00+02:00"))
        );
        refused(at("yesterday"), "at", "yesterday");
    }

    #[test]
    fn raw_gives_the_request_and_flags_override_its_members() {
        let params = || vec![param("s", Kind::String, false)];
        assert_eq!(
            parse(params(), &["--raw", r#"{"s":"x","other":1}"#, "--s", "y"]),
            Ok(json!({ "s": "y", "other": 1 }))
        );
        assert_eq!(
            parse(params(), &["--raw", "[1]"]),
            Err("invalid value for --raw: expected a JSON object".to_string())
        );
        refused(parse(params(), &["--raw", "{"]), "raw", "not JSON");
    }

    #[test]
    fn a_flag_answers_to_its_alias() {
        let mut kebab = param("acs_user_id", Kind::String, false);
        kebab.alias = Some("acs-user-id");
        assert_eq!(
            parse(vec![kebab], &["--acs-user-id", "u"]),
            Ok(json!({ "acs_user_id": "u" }))
        );
    }

    #[test]
    fn clap_usage_errors_become_one_line_naming_the_flag_but_help_is_no_error() {
        let app = || {
            clap::Command::new("seam")
                .subcommand_required(true)
                .arg_required_else_help(true)
                .subcommand(leaf_command(
                    "get",
                    &Command {
                        words: &[],
                        about: "",
                        long_about: "",
                        params: Vec::leak(vec![param("mode", Kind::Enum(&["a", "b"]), false)]),
                        paginated: false,
                        run: never,
                    },
                ))
        };
        let usage = |args: &[&str]| {
            let error = app()
                .try_get_matches_from(args)
                .expect_err("clap refuses it");
            clap_usage(&error).map(|usage| usage.0)
        };
        let unknown = usage(&["seam", "get", "--nope"]).expect("a usage error");
        assert!(
            unknown.starts_with("unexpected argument '--nope' found") && !unknown.contains('\n'),
            "{unknown}"
        );
        let value = usage(&["seam", "get", "--mode", "c"]).expect("a usage error");
        assert!(
            value.contains("'--mode <VALUE>'") && value.contains("[possible values: a, b]"),
            "{value}"
        );
        let missing = usage(&["seam", "get", "--mode"]).expect("a usage error");
        assert!(missing.contains("--mode"), "{missing}");
        assert_eq!(
            usage(&["seam"]).as_deref(),
            Some("a command is required (Usage: seam <COMMAND>)")
        );
        assert_eq!(usage(&["seam", "--help"]), None);
    }

    #[test]
    fn json_is_wanted_when_given_before_a_double_dash() {
        let args = |args: &[&str]| args.iter().map(OsString::from).collect::<Vec<_>>();
        assert!(wants_json(args(&["acs", "--nope", "--json"])));
        assert!(!wants_json(args(&["acs", "--nope"])));
        assert!(!wants_json(args(&["acs", "--", "--json"])));
    }
}
