//! Token streams -> source text: `prettyplease`, a blank line between items (which
//! prettyplease leaves out), and a header saying the file is generated.

use proc_macro2::TokenStream;

/// Formats one file. Fails only if the tokens are not a valid Rust file, which is a bug
/// in the emitter; the message names the file.
pub fn file(path: &str, header: &str, tokens: TokenStream) -> String {
    let formatted = match syn::parse2::<syn::File>(tokens.clone()) {
        Ok(file) => prettyplease::unparse(&file),
        Err(e) => {
            // Keep going so that the broken output can be inspected; compiling it fails loudly.
            format!("compile_error!(\"generator bug in {path}: {e}\");\n{tokens}\n")
        }
    };
    format!("{header}\n\n{}", space_items(&formatted))
}

/// Puts a blank line before each item or doc comment that directly follows the end of
/// another item, at any nesting depth.
fn space_items(source: &str) -> String {
    let mut out = String::with_capacity(source.len() + source.len() / 16);
    let mut previous = "";
    // The kind of the last top-level item begun: consecutive `use` items, and consecutive
    // `mod` declarations, stay together.
    let mut previous_kind = Kind::Other;
    for line in source.lines() {
        let trimmed = line.trim_start();
        let prev = previous.trim();
        let top = !line.starts_with(' ');
        let kind = if trimmed.starts_with("use ") || trimmed.starts_with("pub use ") {
            Kind::Use
        } else if trimmed.starts_with("mod ") || trimmed.starts_with("pub mod ") {
            Kind::Mod
        } else {
            Kind::Other
        };
        let ends_item = prev == "}"
            || prev == "};"
            || prev.ends_with(';') && !prev.starts_with("//")
            || prev == "},";
        let starts_item = trimmed.starts_with("///")
            || trimmed.starts_with("#[")
            || trimmed.starts_with("pub ")
            || trimmed.starts_with("impl")
            || trimmed.starts_with("fn ")
            || trimmed.starts_with("mod ")
            || trimmed.starts_with("const ")
            || trimmed.starts_with("static ")
            || trimmed.starts_with("crate::") && trimmed.contains("!(")
            || trimmed.starts_with("use ");
        let same_group = top && kind != Kind::Other && kind == previous_kind;
        let ends_header = (prev.starts_with("//!") || prev.starts_with("#!["))
            && !trimmed.starts_with("//!")
            && !trimmed.starts_with("#![");
        if ends_header && !trimmed.is_empty() {
            out.push('\n');
        } else if ends_item && starts_item && !same_group && !previous.is_empty() {
            let inner_field = prev.ends_with(',') && !prev.ends_with("},");
            if !inner_field {
                out.push('\n');
            }
        }
        if top && !trimmed.is_empty() && !trimmed.starts_with('}') {
            previous_kind = kind;
        }
        out.push_str(line);
        out.push('\n');
        previous = line;
    }
    out
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Use,
    Mod,
    Other,
}

/// Runs `rustfmt` over every Rust file but the runtime's, so that `cargo fmt --check`
/// agrees with the output. prettyplease's layout is close to rustfmt's but not identical
/// (long method chains, wrapped signatures). The runtime's files are copied from sources
/// that are rustfmt-clean already (a test checks them). One `rustfmt` process per file,
/// as many at a time as the machine has cores; the first failure stops the rest. Which
/// `rustfmt`: `RUSTFMT` if set, else the one beside the `cargo` running this (`CARGO`),
/// else the one on `PATH`.
pub fn rustfmt(files: &mut super::Files) -> Result<(), String> {
    let program = rustfmt_program(|name| std::env::var_os(name), |path| path.is_file());
    let queue = std::sync::Mutex::new(
        files
            .iter_mut()
            .filter(|(p, _)| p.ends_with(".rs") && !p.starts_with(super::RUNTIME_DIR)),
    );
    let failure: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);
    let work = || loop {
        if failure.lock().map_or(true, |f| f.is_some()) {
            break;
        }
        let next = match queue.lock() {
            Ok(mut queue) => queue.next(),
            Err(_) => None,
        };
        let Some((path, contents)) = next else {
            break;
        };
        match rustfmt_one(&program, path, contents) {
            Ok(formatted) => *contents = formatted,
            Err(message) => {
                if let Ok(mut failure) = failure.lock() {
                    failure.get_or_insert(message);
                }
            }
        }
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    crate::on_threads(threads, work);
    match failure.into_inner() {
        Ok(None) => Ok(()),
        Ok(Some(message)) => Err(message),
        Err(_) => Err("rustfmt: a formatting thread panicked".to_string()),
    }
}

/// The `RUSTFMT` environment variable if it is set; else, under cargo (`cargo xtask`),
/// the `rustfmt` beside the `cargo` running it (`CARGO`), which is the one `cargo fmt`
/// runs for that toolchain, without the start-up of rustup's proxy on `PATH` for each
/// file; else `rustfmt` on `PATH`.
fn rustfmt_program(
    env: impl Fn(&str) -> Option<std::ffi::OsString>,
    is_file: impl Fn(&std::path::Path) -> bool,
) -> std::ffi::OsString {
    if let Some(program) = env("RUSTFMT") {
        return program;
    }
    if let Some(cargo) = env("CARGO") {
        let beside = std::path::Path::new(&cargo)
            .with_file_name(format!("rustfmt{}", std::env::consts::EXE_SUFFIX));
        if is_file(&beside) {
            return beside.into_os_string();
        }
    }
    "rustfmt".into()
}

/// `contents` of the file at `path`, as `program` formats it.
fn rustfmt_one(program: &std::ffi::OsStr, path: &str, contents: &str) -> Result<String, String> {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let name = program.to_string_lossy();
    let mut child = Command::new(program)
        .args(["--edition", "2021", "--emit", "stdout", "--quiet"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run `{name}` to format {path}: {e}"))?;
    let mut stdin = child.stdin.take().ok_or("rustfmt has no stdin")?;
    let input = contents.to_string();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child
        .wait_with_output()
        .map_err(|e| format!("`{name}` failed on {path}: {e}"))?;
    let _ = writer.join();
    if !output.status.success() {
        return Err(format!(
            "`{name}` rejected {path}: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    String::from_utf8(output.stdout).map_err(|e| format!("rustfmt output for {path}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::rustfmt_program;
    use std::ffi::OsString;
    use std::path::Path;

    fn program(env: &[(&str, &str)], files: &[&str]) -> OsString {
        rustfmt_program(
            |name| {
                env.iter()
                    .find(|(key, _)| *key == name)
                    .map(|(_, value)| OsString::from(value))
            },
            |path| files.iter().any(|file| Path::new(file) == path),
        )
    }

    #[test]
    fn rustfmt_is_the_one_asked_for_else_the_one_beside_cargo_else_on_path() {
        let exe = std::env::consts::EXE_SUFFIX;
        let cargo = format!("/toolchain/bin/cargo{exe}");
        let beside = format!("/toolchain/bin/rustfmt{exe}");
        assert_eq!(
            program(&[("RUSTFMT", "/my/rustfmt"), ("CARGO", &cargo)], &[&beside]),
            "/my/rustfmt"
        );
        assert_eq!(program(&[("CARGO", &cargo)], &[&beside]), beside.as_str());
        assert_eq!(program(&[("CARGO", &cargo)], &[]), "rustfmt");
        assert_eq!(program(&[], &[&beside]), "rustfmt");
    }
}
