//! The results as Markdown: the ratio table with its targets, the timings behind it, the
//! crate sizes, and the machine they were taken on. Printed by every run; a full run also
//! puts it into `BENCHMARKS.md` between the result markers.

use std::fmt::Write as _;

use crate::compare;
use crate::generation;
use crate::harness::{human, Samples};
use crate::size::{Check, CrateLines, LargestAccepted, Lines, Progenitor};

/// The whole-API generation target's row.
const WHOLE_API: &str = "generation, whole API: ours / the floor of the prescribed crates \
     (`openapiv3` + `syn` + `prettyplease`, on our threads)";
/// The whole-API ratio to a plain parse: reported, no target.
const WHOLE_API_PLAIN: &str = "generation, whole API: ours / a plain `serde_json` parse";
/// The crate-size target's row.
const CRATE_LINES: &str =
    "crate lines: our generated code (`src/runtime/` and `src/testing/` left out) / progenitor's generated code";

/// Whether this binary is optimized; the targets are judged only then.
pub const OPTIMIZED: bool = !cfg!(debug_assertions);

/// A ratio's target; reported, never asserted.
#[derive(Debug, Clone, Copy)]
pub enum Target {
    /// At most this.
    AtMost(f64),
    /// Strictly below this.
    Below(f64),
}

impl Ratio {
    /// The target as shown, and whether it is met (empty when there is no target).
    fn judged(&self) -> (String, &'static str) {
        match self.target {
            Some(target) if !OPTIMIZED => (target.describe(), "not judged"),
            Some(target) if target.met(self.value) => (target.describe(), "met"),
            Some(target) => (target.describe(), "**missed**"),
            None => (String::new(), ""),
        }
    }
}

impl Target {
    fn met(self, value: f64) -> bool {
        match self {
            Target::AtMost(limit) => value <= limit,
            Target::Below(limit) => value < limit,
        }
    }

    fn describe(self) -> String {
        match self {
            Target::AtMost(limit) => format!("≤ {}", ratio(limit)),
            Target::Below(limit) => format!("< {}", ratio(limit)),
        }
    }
}

fn ratio(value: f64) -> String {
    if !value.is_finite() {
        "n/a".to_string()
    } else if value >= 10.0 {
        format!("{value:.1}×")
    } else {
        format!("{value:.3}×")
    }
}

struct Timing {
    name: String,
    samples: Samples,
}

struct Ratio {
    name: String,
    value: f64,
    target: Option<Target>,
    /// Whether the before/after table shows it (every row with a target does).
    key: bool,
}

struct SizeRow {
    name: String,
    lines: Lines,
    check: Option<(f64, usize, Option<u64>)>,
}

pub struct Report {
    quick: bool,
    machine: Vec<(String, String)>,
    ratios: Vec<Ratio>,
    timings: Vec<Timing>,
    sizes: Vec<SizeRow>,
    /// Figures that are not ratios but that the before/after table shows: name, value.
    counts: Vec<(String, String)>,
    notes: Vec<String>,
}

impl Report {
    pub fn new(quick: bool) -> Report {
        Report {
            quick,
            machine: Vec::new(),
            ratios: Vec::new(),
            timings: Vec::new(),
            sizes: Vec::new(),
            counts: Vec::new(),
            notes: Vec::new(),
        }
    }

    pub fn note(&mut self, note: String) {
        self.notes.push(note);
    }

    fn timing(&mut self, name: impl Into<String>, samples: &Samples) {
        self.timings.push(Timing {
            name: name.into(),
            samples: samples.clone(),
        });
    }

    fn ratio(&mut self, name: impl Into<String>, value: f64, target: Option<Target>) {
        self.ratios.push(Ratio {
            name: name.into(),
            value,
            target,
            key: target.is_some(),
        });
    }

    /// A ratio without a target that the before/after table shows too.
    fn key_ratio(&mut self, name: impl Into<String>, value: f64) {
        self.ratios.push(Ratio {
            name: name.into(),
            value,
            target: None,
            key: true,
        });
    }

    pub fn machine_start(&mut self) {
        let cpu = std::fs::read_to_string("/proc/cpuinfo")
            .ok()
            .and_then(|text| {
                text.lines()
                    .find_map(|line| line.strip_prefix("model name"))
                    .map(|rest| rest.trim_start_matches([' ', '\t', ':']).to_string())
            })
            .unwrap_or_else(|| "unknown".to_string());
        let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
        let memory = std::fs::read_to_string("/proc/meminfo")
            .ok()
            .and_then(|text| {
                text.lines()
                    .find_map(|line| line.strip_prefix("MemTotal:"))
                    .and_then(|rest| {
                        rest.trim()
                            .trim_end_matches("kB")
                            .trim()
                            .parse::<u64>()
                            .ok()
                    })
            })
            .map_or("unknown".to_string(), |kb| {
                format!("{:.1} GiB", kb as f64 / 1024.0 / 1024.0)
            });
        let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease")
            .map_or("unknown".to_string(), |s| s.trim().to_string());
        let rustc = std::process::Command::new("rustc")
            .arg("-V")
            .output()
            .ok()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            .unwrap_or_else(|| "unknown".to_string());
        self.machine.push(("date (UTC)".into(), today()));
        self.machine
            .push(("CPU".into(), format!("{cpu}, {cpus} logical CPUs")));
        self.machine.push(("memory".into(), memory));
        self.machine.push(("OS".into(), format!("Linux {kernel}")));
        self.machine.push(("toolchain".into(), rustc));
        self.machine
            .push(("load average at start".into(), load_average()));
    }

    pub fn machine_end(&mut self, seconds: f64) {
        self.machine
            .push(("load average at end".into(), load_average()));
        self.machine
            .push(("benchmark wall time".into(), format!("{seconds:.0} s")));
    }

    pub fn generation(&mut self, ours: &generation::Results, peer: Option<&Progenitor>) {
        self.timing(
            "plain parse: read + `serde_json::Value` (interleaved with `/acs/credentials`)",
            &ours.plain,
        );
        self.timing(
            format!(
                "ours, `/acs/credentials` ({} endpoints, {} types, {} lines)",
                ours.subset_endpoints, ours.subset_types, ours.subset_lines
            ),
            &ours.subset,
        );
        self.timing(
            "plain parse (interleaved with the whole API)",
            &ours.plain_with_full,
        );
        self.timing(
            format!(
                "ours, whole API `/` ({} endpoints, {} types, {} files, {} lines)",
                ours.full_endpoints, ours.full_types, ours.full_files, ours.full_lines
            ),
            &ours.full,
        );
        self.timing(
            format!(
                "floor of the prescribed crates on the whole API (interleaved with the two above): \
                 read + type as `openapiv3::OpenAPI`, then `syn::parse_file` + \
                 `prettyplease::unparse` of the {} files ours formats ({} lines), on {} threads \
                 like ours' emission",
                ours.formatted_files,
                ours.formatted_lines,
                generation::threads()
            ),
            &ours.prescribed,
        );
        self.timing(
            "  of which read + `openapiv3::OpenAPI` of the whole document (one thread)",
            &ours.prescribed_typing,
        );
        self.timing(
            "  of which `syn` + `prettyplease` over the whole API's output (a thread per core)",
            &ours.prescribed_formatting,
        );
        let phases = &ours.phases;
        self.timing(
            "  ours, `/acs/credentials`: load (read and syntax-check the file; parse, hash and type the part selected)",
            &phases.subset_load,
        );
        self.timing("  ours, `/acs/credentials`: IR", &phases.subset_ir);
        self.timing(
            "  ours, `/acs/credentials`: emit + prettyplease",
            &phases.subset_emit,
        );
        self.timing(
            "  ours, whole API: load (the same, all of it)",
            &phases.full_load,
        );
        self.timing("  ours, whole API: IR", &phases.full_ir);
        self.timing(
            "  ours, whole API: emit + prettyplease (a thread per core)",
            &phases.full_emit,
        );
        self.timing(
            "  ours, whole API: emit + prettyplease on one thread",
            &phases.full_emit_one_thread,
        );
        self.timing(
            "ours, rustfmt pass over `/acs/credentials` (one process per generated file, a file per core at a time; the runtime's files are formatted already)",
            &ours.rustfmt_subset,
        );
        if let Some(full) = &ours.rustfmt_full {
            self.timing("ours, rustfmt pass over the whole API", full);
        }

        self.ratio(
            WHOLE_API,
            ours.full.median() / ours.prescribed.median(),
            Some(Target::AtMost(1.3)),
        );
        self.ratio(
            "  the floor of the prescribed crates / a plain `serde_json` parse",
            ours.prescribed.median() / ours.plain_with_full.median(),
            None,
        );
        self.ratio(
            "  of which `openapiv3` typing / a plain parse",
            ours.prescribed_typing.median() / ours.plain_with_full.median(),
            None,
        );
        self.ratio(
            "  of which `syn` + `prettyplease` over the output / a plain parse",
            ours.prescribed_formatting.median() / ours.plain_with_full.median(),
            None,
        );
        self.key_ratio(
            WHOLE_API_PLAIN,
            ours.full.median() / ours.plain_with_full.median(),
        );
        if let Some(scale) = peer.map(|peer| &peer.largest_accepted) {
            if !scale.progenitor.is_empty() {
                self.ratio(
                    format!(
                        "  for comparison, in progenitor's process on {}: progenitor / a plain parse",
                        whole_api_accepted(scale)
                    ),
                    scale.progenitor.median() / scale.floor.median(),
                    None,
                );
                self.ratio(
                    "  and ours / a plain parse on the same document, interleaved with both",
                    scale.ours.median() / scale.floor.median(),
                    None,
                );
            }
        }
        self.ratio(
            "generation, `/acs/credentials`: ours / a plain `serde_json` parse",
            ours.subset.median() / ours.plain.median(),
            None,
        );

        let Some(peer) = peer else {
            self.note(
                "progenitor was left out of this run (`--quick` or `--skip-progenitor`)."
                    .to_string(),
            );
            return;
        };
        self.timing(
            format!(
                "progenitor {}, `/acs/credentials` in-process ({} paths, {} operations, all {} \
                 component schemas)",
                peer.version, peer.paths, peer.operations, peer.component_schemas
            ),
            &peer.total,
        );
        self.timing("  progenitor: parse", &peer.parse);
        self.timing("  progenitor: generate tokens", &peer.tokens);
        self.timing("  progenitor: prettyplease", &peer.prettyplease);
        self.timing(
            "  ours, `/acs/credentials`, in the same process, interleaved with progenitor",
            &peer.ours,
        );
        self.timing(
            "  ours, the same, from the filtered document progenitor gets",
            &peer.ours_filtered,
        );
        self.timing(
            "progenitor: rustfmt of its output (one file)",
            &peer.rustfmt,
        );
        self.ratio(
            "generation, `/acs/credentials`: ours / progenitor (in-process)",
            peer.ours.median() / peer.total.median(),
            Some(Target::AtMost(0.2)),
        );
        self.ratio(
            "  the same, ours from the filtered document progenitor gets",
            peer.ours_filtered.median() / peer.total.median(),
            None,
        );
        self.ratio(
            "rustfmt pass: ours / progenitor's",
            ours.rustfmt_subset.median() / peer.rustfmt.median(),
            None,
        );
        self.largest_accepted(peer);
    }

    /// Progenitor and ours at the scale of the whole API, and what progenitor rejects.
    fn largest_accepted(&mut self, peer: &Progenitor) {
        let scale = &peer.largest_accepted;
        let timed = !scale.progenitor.is_empty();
        if timed {
            self.timing(
                format!(
                    "progenitor {}, {}, in-process ({} paths, {} operations, {} lines)",
                    peer.version,
                    whole_api_accepted(scale),
                    scale.paths,
                    scale.operations,
                    scale.progenitor_lines
                ),
                &scale.progenitor,
            );
            self.timing(
                format!(
                    "  ours on the same document, interleaved ({} lines of `.rs`; emit on a thread per core)",
                    scale.ours_lines
                ),
                &scale.ours,
            );
            self.timing(
                "  plain parse (read + `serde_json::Value` of the spec), interleaved with those two",
                &scale.floor,
            );
            self.key_ratio(
                format!(
                    "generation, {}: ours / progenitor (in-process)",
                    whole_api_accepted(scale)
                ),
                scale.ours.median() / scale.progenitor.median(),
            );
        }
        let Some(error) = &peer.full_document_error else {
            self.note(format!(
                "progenitor {} accepts the whole document; it is timed on it too.",
                peer.version
            ));
            return;
        };
        // Each rejected path, with its error unless it is the whole document's.
        let rejected: Vec<String> = scale
            .rejected
            .iter()
            .map(|(path, path_error)| {
                if path_error == error {
                    format!("`{path}`")
                } else {
                    format!("`{path}` (`{path_error}`)")
                }
            })
            .collect();
        let found = match rejected.len() {
            0 => "no path it rejects on its own".to_string(),
            1 => format!("the one path it rejects: {}", rejected[0]),
            n => format!("the {n} paths it rejects: {}", rejected.join(", ")),
        };
        let mut note = format!(
            "progenitor {} rejects the whole document: `{error}`. Halving the set of paths \
             ({} generations) finds {found}. It is benchmarked on the `/acs/credentials` \
             subset, which it accepts ({} paths, {} operations)",
            peer.version, scale.tries, peer.paths, peer.operations
        );
        if timed {
            let _ = write!(
                note,
                ", and on the whole document without those paths ({} paths, {} operations).",
                scale.paths, scale.operations
            );
        } else {
            let why = scale
                .error
                .as_deref()
                .unwrap_or("the harness timed nothing");
            let _ = write!(
                note,
                "; not at the scale of the whole API: without those paths, {why}."
            );
        }
        self.note(note);
    }

    pub fn size(
        &mut self,
        ours: CrateLines,
        peer: Option<Lines>,
        peer_runtime: Option<Lines>,
        ours_check: Option<&Check>,
        peer_check: Option<&Check>,
    ) {
        let check_row =
            |check: Option<&Check>| check.map(|c| (c.wall.median(), c.wall.len(), c.peak_rss));
        // The client's generated code: the runtime is copied in, and `src/testing/` is the
        // `testing` feature's test support (request tables, fixtures), which progenitor's
        // client has no counterpart of; both are counted apart.
        let CrateLines {
            whole: ours,
            runtime,
            testing,
        } = ours;
        let generated = Lines {
            total: ours.total - runtime.total - testing.total,
            code: ours.code - runtime.code - testing.code,
        };
        self.sizes.push(SizeRow {
            name: "ours: `generated-sdk` (the whole crate)".to_string(),
            lines: ours,
            check: check_row(ours_check),
        });
        self.sizes.push(SizeRow {
            name: "  generated code (all but `src/runtime/` and `src/testing/`)".to_string(),
            lines: generated,
            check: None,
        });
        self.sizes.push(SizeRow {
            name: "  the `testing` feature's generated test support (`src/testing/`)".to_string(),
            lines: testing,
            check: None,
        });
        self.sizes.push(SizeRow {
            name: "  the runtime copied in (`src/runtime/`)".to_string(),
            lines: runtime,
            check: None,
        });
        self.counts.push((
            "`generated-sdk/src` lines: generated code; test support; the runtime copied in"
                .to_string(),
            format!("{}; {}; {}", generated.total, testing.total, runtime.total),
        ));
        if let Some(peer) = peer {
            self.sizes.push(SizeRow {
                name: "progenitor's client: generated code (`progenitor-client` not counted)"
                    .to_string(),
                lines: peer,
                check: check_row(peer_check),
            });
            self.ratio(
                CRATE_LINES,
                generated.total as f64 / peer.total as f64,
                Some(Target::AtMost(0.1)),
            );
            self.ratio(
                "  the same, code lines (no blanks or comments)",
                generated.code as f64 / peer.code as f64,
                None,
            );
            self.key_ratio(
                "crate lines, our runtime counted too: the whole crate / progenitor's generated code",
                ours.total as f64 / peer.total as f64,
            );
            if let Some(peer_runtime) = peer_runtime {
                self.sizes.push(SizeRow {
                    name: "  `progenitor-client` 0.15.1, its runtime (a dependency)".to_string(),
                    lines: peer_runtime,
                    check: None,
                });
                self.ratio(
                    "  the same, both runtimes counted (ours / progenitor + `progenitor-client`)",
                    ours.total as f64 / (peer.total + peer_runtime.total) as f64,
                    None,
                );
            }
        }
        if let (Some(ours), Some(peer)) = (ours_check, peer_check) {
            self.ratio(
                "`cargo check` of the crate alone: ours / progenitor",
                ours.wall.median() / peer.wall.median(),
                Some(Target::AtMost(0.25)),
            );
            if let (Some(a), Some(b)) = (ours.peak_rss, peer.peak_rss) {
                self.ratio(
                    "  peak memory of that `cargo check`: ours / progenitor",
                    a as f64 / b as f64,
                    None,
                );
            }
        }
        if ours_check.is_none() {
            self.note("`cargo check` timings were left out (`--quick` or `--skip-check`).".into());
        } else if ours_check.is_some_and(|c| c.peak_rss.is_none()) {
            self.note("Peak memory not measured: `/usr/bin/time` is not installed.".into());
        }
    }

    pub fn decode(&mut self, count: usize, bytes: usize, samples: &[Samples]) {
        let [generated, hand, value] = samples else {
            return;
        };
        let mib = bytes as f64 / (1024.0 * 1024.0);
        self.timing(
            format!("decode {count} credentials ({mib:.1} MiB): generated models"),
            generated,
        );
        self.timing("  decode: hand-written minimal struct", hand);
        self.timing("  decode: `serde_json::Value`", value);
        self.ratio(
            "decode 10,000 credentials: generated / hand-written",
            generated.median() / hand.median(),
            Some(Target::AtMost(1.2)),
        );
        self.ratio(
            "decode 10,000 credentials: generated / `Value`",
            generated.median() / value.median(),
            Some(Target::Below(1.0)),
        );
    }

    pub fn requests(&mut self, calls: usize, get: &[Samples], bytes: usize, list: &[Samples]) {
        if let [generated, raw] = get {
            self.timing(
                format!("`get` round trip, generated client (per call, {calls} sequential calls per run)"),
                generated,
            );
            self.timing("  `get` round trip, raw reqwest", raw);
            self.ratio(
                "`get` round trip on loopback: generated / raw reqwest",
                generated.median() / raw.median(),
                Some(Target::AtMost(1.05)),
            );
        }
        if let [generated, raw] = list {
            let mib = bytes as f64 / (1024.0 * 1024.0);
            self.timing(
                format!("`list` round trip ({mib:.1} MiB, 10,000 credentials), generated client"),
                generated,
            );
            self.timing("  `list` round trip, raw reqwest", raw);
            self.ratio(
                "`list` round trip (10,000 credentials): generated / raw reqwest",
                generated.median() / raw.median(),
                Some(Target::AtMost(1.05)),
            );
        }
    }

    /// The CLI's start-up: the median against its 10 ms target, the cost of starting the
    /// process at all beside it (the ratio of the two, reported), and the binary's size.
    pub fn cli(&mut self, startup: &crate::cli::Startup) {
        self.timing(
            "CLI start-up: `seam <docs sample> --dry-run` (parse, check, build request and client)",
            &startup.sample,
        );
        self.timing(
            "  `seam --version` (start a process, exit)",
            &startup.version,
        );
        self.key_ratio(
            "CLI start-up: docs sample --dry-run / `seam --version`",
            startup.sample.median() / startup.version.median(),
        );
        let median_ms = startup.sample.median() * 1000.0;
        let verdict = if !OPTIMIZED {
            "not judged"
        } else if median_ms <= 10.0 {
            "met"
        } else {
            "**missed**"
        };
        self.note(format!(
            "CLI start-up median {median_ms:.2} ms (target ≤ 10 ms: {verdict}); binary {} bytes.",
            startup.binary_bytes
        ));
        self.counts.push((
            "CLI start-up median (target ≤ 10 ms)".to_string(),
            format!("{median_ms:.2} ms {verdict}"),
        ));
        self.counts.push((
            "CLI binary size (`seam`, /acs/credentials)".to_string(),
            format!("{:.1} MiB", startup.binary_bytes as f64 / 1024.0 / 1024.0),
        ));
    }

    /// A `create` call answered by the mock client (request built, checked, answered,
    /// decoded) against the same call through reqwest to the loopback server; the mock's
    /// budget is 20 µs a call, shown as the ratio of its median to that.
    pub fn mocked_create(&mut self, calls: usize, create: &[Samples]) {
        if let [mocked, loopback] = create {
            self.timing(
                format!("`create` answered by the mock client (per call, {calls} sequential calls per run, each run a new mock)"),
                mocked,
            );
            self.timing("  `create` through reqwest on loopback", loopback);
            self.ratio(
                "mocked `create` median / its budget of 20 µs",
                mocked.median() / 20e-6,
                Some(Target::AtMost(1.0)),
            );
            self.ratio(
                "mocked `create` / the same call through reqwest on loopback",
                mocked.median() / loopback.median(),
                None,
            );
        }
    }

    /// The figures of the before/after table: every ratio with a target or marked key,
    /// then the counts.
    pub fn compared(&self) -> Vec<compare::Row> {
        let ratios = self.ratios.iter().filter(|row| row.key).map(|row| {
            let (target, verdict) = row.judged();
            compare::Row {
                name: row.name.trim_start().to_string(),
                target,
                value: format!("{} {verdict}", ratio(row.value))
                    .trim_end()
                    .to_string(),
            }
        });
        let counts = self.counts.iter().map(|(name, value)| compare::Row {
            name: name.clone(),
            target: String::new(),
            value: value.clone(),
        });
        ratios.chain(counts).collect()
    }

    /// Which run this is, for the before/after table: its date, load and duration.
    pub fn summary(&self) -> String {
        let get = |key: &str| {
            self.machine
                .iter()
                .find(|(k, _)| k == key)
                .map_or("?", |(_, v)| v.as_str())
        };
        format!(
            "`cargo xtask bench` of {}, {} s, load average {} at start, {} at end",
            get("date (UTC)"),
            get("benchmark wall time").trim_end_matches(" s"),
            get("load average at start"),
            get("load average at end"),
        )
    }

    pub fn render(&self) -> String {
        let mut out = String::new();
        let kind = if self.quick {
            "`cargo xtask bench --quick` (few runs, no progenitor, no `cargo check`: for CI, \
             the figures are rough)"
        } else {
            "`cargo xtask bench`"
        };
        let _ = writeln!(out, "Results of {kind}.\n");
        if !OPTIMIZED {
            let _ = writeln!(
                out,
                "**Unoptimized (dev profile) build**: the figures only show that every \
                 benchmark runs; the targets are not judged.\n"
            );
        }
        for (key, value) in &self.machine {
            let _ = writeln!(out, "- {key}: {value}");
        }

        let _ = writeln!(out, "\n### Ratios and targets\n");
        let _ = writeln!(out, "| ratio (of medians) | value | target | |");
        let _ = writeln!(out, "| --- | ---: | --- | --- |");
        for ratio_row in &self.ratios {
            let (target, verdict) = ratio_row.judged();
            let _ = writeln!(
                out,
                "| {} | {} | {target} | {verdict} |",
                indent(&ratio_row.name),
                ratio(ratio_row.value)
            );
        }

        let _ = writeln!(out, "\n### Timings\n");
        let _ = writeln!(out, "| measurement | median | min – max | runs |");
        let _ = writeln!(out, "| --- | ---: | ---: | ---: |");
        for timing in &self.timings {
            let _ = writeln!(
                out,
                "| {} | {} | {} – {} | {} |",
                indent(&timing.name),
                human(timing.samples.median()),
                human(timing.samples.min()),
                human(timing.samples.max()),
                timing.samples.len()
            );
        }

        let _ = writeln!(out, "\n### Generated crates\n");
        let _ = writeln!(
            out,
            "| crate | `.rs` lines | code lines | `cargo check` (median) | peak memory |"
        );
        let _ = writeln!(out, "| --- | ---: | ---: | ---: | ---: |");
        for row in &self.sizes {
            let (check, memory) = match row.check {
                Some((seconds, runs, rss)) => (
                    format!("{} ({runs} runs)", human(seconds)),
                    rss.map_or("n/a".to_string(), |b| {
                        format!("{:.0} MiB", b as f64 / 1024.0 / 1024.0)
                    }),
                ),
                None => (String::new(), String::new()),
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {check} | {memory} |",
                indent(&row.name),
                row.lines.total,
                row.lines.code
            );
        }

        if !self.notes.is_empty() {
            let _ = writeln!(out);
            for note in &self.notes {
                let _ = writeln!(out, "- {note}");
            }
        }
        out
    }
}

/// Leading spaces mark a row that details the one above; Markdown would drop them.
fn indent(name: &str) -> String {
    match name.strip_prefix("  ") {
        Some(rest) => format!("↳ {rest}"),
        None => name.to_string(),
    }
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|text| {
            text.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_else(|| "unknown".to_string())
}

/// Today's date, `YYYY-MM-DD`, in UTC.
fn today() -> String {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    // Howard Hinnant's days-to-civil.
    let z = (seconds / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

pub const BEGIN: &str = "<!-- bench-results:begin (written by `cargo xtask bench`) -->";
pub const END: &str = "<!-- bench-results:end -->";

/// `text` with what lies between the markers `begin` and `end` replaced by `content`
/// (the block appended when the markers are missing).
pub fn replace_block(text: &str, begin: &str, end: &str, content: &str) -> String {
    let block = format!("{begin}\n{}\n{end}", content.trim_end());
    match text.find(begin) {
        Some(start) => match text[start..].find(end) {
            Some(length) => format!(
                "{}{block}{}",
                &text[..start],
                &text[start + length + end.len()..]
            ),
            None => format!("{}\n{block}\n", text.trim_end()),
        },
        None => format!("{}\n{block}\n", text.trim_end()),
    }
}

/// What progenitor was timed on at the scale of the whole API, for labels: "the whole
/// API", or "the whole API less the path(s) progenitor rejects".
fn whole_api_accepted(scale: &LargestAccepted) -> String {
    match scale.rejected.len() {
        0 => "the whole API".to_string(),
        1 => "the whole API less the path progenitor rejects".to_string(),
        n => format!("the whole API less the {n} paths progenitor rejects"),
    }
}
