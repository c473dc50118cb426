//! `cargo xtask fetch-spec [--url URL] [--out FILE]`: downloads the OpenAPI document,
//! checks that it is an OpenAPI 3.0 document the generator reads, and replaces the spec
//! (default `spec/openapi.json`) atomically, recording where it came from in a lock file
//! next to it (`spec/openapi.lock`). A failed download, an error status or a document that
//! does not parse leaves both files as they were.

use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

/// Where Seam publishes the document.
pub const DEFAULT_URL: &str = "https://connect.getseam.com/openapi.json";

/// Documents larger than this are refused (the Seam document is about 4 MiB).
const MAX_BYTES: u64 = 64 * 1024 * 1024;

struct Args {
    url: String,
    out: PathBuf,
}

fn parse_args(args: &[String]) -> Result<Args> {
    let mut parsed = Args {
        url: DEFAULT_URL.to_string(),
        out: crate::codegen::workspace_root().join("spec/openapi.json"),
    };
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let mut value = |name: &str| {
            iter.next()
                .cloned()
                .with_context(|| format!("{name} needs a value"))
        };
        match arg.as_str() {
            "--url" => parsed.url = value("--url")?,
            "--out" => parsed.out = PathBuf::from(value("--out")?),
            other => bail!("unknown fetch-spec option `{other}`"),
        }
    }
    Ok(parsed)
}

pub fn run(args: &[String]) -> Result<ExitCode> {
    let args = parse_args(args)?;
    let bytes = download(&args.url)?;
    let (contents, spec) = check(&bytes).with_context(|| {
        format!(
            "{} is not an OpenAPI 3.0 document the generator reads; {} is left as it was",
            args.url,
            args.out.display()
        )
    })?;
    let sha256 = seam_generator::load::sha256_hex(&contents);
    let lock = lock_file(&args.url, &utc_now(), &sha256, &spec.sha256);
    let lock_path = lock_path(&args.out);
    replace_atomically(&[(&args.out, &contents), (&lock_path, lock.as_bytes())])?;
    println!(
        "fetched {} ({} bytes, {} paths, sha256 {sha256}) into {}; recorded in {}",
        args.url,
        contents.len(),
        spec.document.paths.paths.len(),
        args.out.display(),
        lock_path.display()
    );
    println!("next: `cargo xtask codegen`, then read the diff of generated-sdk/");
    Ok(ExitCode::SUCCESS)
}

/// `spec/openapi.json` -> `spec/openapi.lock`.
pub fn lock_path(out: &Path) -> PathBuf {
    out.with_extension("lock")
}

fn download(url: &str) -> Result<Vec<u8>> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(120)))
        .timeout_connect(Some(Duration::from_secs(15)))
        .http_status_as_error(false)
        .user_agent(concat!("seam-sdk-xtask/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let mut response = agent
        .get(url)
        .header("Accept", "application/json, application/yaml;q=0.9")
        .call()
        .with_context(|| format!("downloading {url}"))?;
    let status = response.status();
    let body = response
        .body_mut()
        .with_config()
        .limit(MAX_BYTES)
        .read_to_vec()
        .with_context(|| format!("reading the response from {url}"))?;
    if !status.is_success() {
        let preview: String = String::from_utf8_lossy(&body).chars().take(200).collect();
        bail!("GET {url} answered HTTP {status}: {}", preview.trim());
    }
    Ok(body)
}

/// The document as it is to be written (JSON; a YAML document is converted) and its
/// parse, or why it is unusable.
fn check(bytes: &[u8]) -> Result<(Vec<u8>, seam_generator::load::Spec)> {
    use seam_generator::load::{parse_as, Syntax};
    let syntax = Syntax::sniff(bytes);
    let spec = parse_as(bytes, syntax)?;
    let contents = match syntax {
        Syntax::Json => bytes.to_vec(),
        Syntax::Yaml => {
            let value = seam_generator::load::to_json_value(bytes, Syntax::Yaml)?;
            let mut text = serde_json::to_vec_pretty(&value)?;
            text.push(b'\n');
            text
        }
    };
    Ok((contents, spec))
}

fn lock_file(url: &str, fetched: &str, sha256: &str, canonical_sha256: &str) -> String {
    format!(
        "# Written by `cargo xtask fetch-spec`: where the spec next to this file came from.\n\
         url = \"{}\"\n\
         fetched = \"{fetched}\"\n\
         # of the file's bytes\n\
         sha256 = \"{sha256}\"\n\
         # of its canonical JSON (compact, keys sorted), which the generated files' headers name\n\
         canonical_sha256 = \"{canonical_sha256}\"\n",
        url.replace('\\', "\\\\").replace('"', "\\\"")
    )
}

/// Writes every file to a temporary sibling first, then renames them into place, so that
/// a failure before the renames leaves every target as it was.
fn replace_atomically(files: &[(&Path, &[u8])]) -> Result<()> {
    let mut staged: Vec<(PathBuf, &Path)> = Vec::new();
    let result = (|| -> Result<()> {
        for (target, contents) in files {
            let dir = target
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
            let name = target
                .file_name()
                .with_context(|| format!("{} is not a file path", target.display()))?
                .to_string_lossy();
            let temp = dir.join(format!(".{name}.fetch-{}", std::process::id()));
            std::fs::write(&temp, contents)
                .with_context(|| format!("writing {}", temp.display()))?;
            staged.push((temp, target));
        }
        for (temp, target) in &staged {
            std::fs::rename(temp, target)
                .with_context(|| format!("moving {} to {}", temp.display(), target.display()))?;
        }
        Ok(())
    })();
    if result.is_err() {
        for (temp, _) in &staged {
            let _ = std::fs::remove_file(temp);
        }
    }
    result
}

/// The current time as `YYYY-MM-DDTHH:MM:SSZ`.
fn utc_now() -> String {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    format_utc(seconds)
}

/// Seconds since the Unix epoch as `YYYY-MM-DDTHH:MM:SSZ` (proleptic Gregorian calendar).
fn format_utc(seconds: u64) -> String {
    let days = (seconds / 86_400) as i64;
    let rest = seconds % 86_400;
    let (year, month, day) = crate::dates::civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rest / 3_600,
        rest % 3_600 / 60,
        rest % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_rfc3339_utc() {
        assert_eq!(format_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(format_utc(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(format_utc(1_767_225_599), "2025-12-31T23:59:59Z");
    }

    #[test]
    fn the_lock_file_sits_next_to_the_spec() {
        assert_eq!(
            lock_path(Path::new("spec/openapi.json")),
            Path::new("spec/openapi.lock")
        );
    }
}
