//! The before/after table of `BENCHMARKS.md`: every target (and a few key figures) of two
//! full runs side by side.
//!
//! "before" is a baseline that stays until a run replaces it: `cargo xtask bench --baseline
//! LABEL` records its own figures there and leaves "after" pending. Every other full run
//! reads "before" back from the file and writes itself as "after". So a baseline recorded
//! before a piece of work stays the comparison column however many runs follow.
//!
//! The unit tests below run with `cargo test -p seam-bench --bin seam-bench`: the binary
//! is `test = false`, so that `cargo test --workspace` (CI) links no test binary for it.

/// Markers of the table in `BENCHMARKS.md`.
pub const BEGIN: &str =
    "<!-- bench-compare:begin (written by `cargo xtask bench`; the before column by `--baseline LABEL`) -->";
pub const END: &str = "<!-- bench-compare:end -->";

/// One figure of one run: a ratio and its verdict, or a count.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub name: String,
    /// The target, empty when the figure has none.
    pub target: String,
    /// The value as shown, with its verdict (`1.22× met`).
    pub value: String,
}

/// One run's column: which run it is, and its figures.
#[derive(Debug, PartialEq)]
struct Column {
    heading: String,
    rows: Vec<Row>,
}

const BEFORE: &str = "- before: ";
const AFTER: &str = "- after: ";
const HEADER: &str = "| figure | target | before | after |";
const NO_BASELINE: &str = "none recorded yet (`cargo xtask bench --baseline LABEL` records one)";
const PENDING: &str = "pending: the next full run (`cargo xtask bench`) fills this column";
const MISSING: &str = "—";

/// The table to write after a full run whose figures are `rows`. `run` says which run it
/// is (date, load); `existing` is the current `BENCHMARKS.md`, whose "before" column is
/// kept unless this run is the new baseline (`baseline`, its label).
pub fn table(existing: &str, rows: Vec<Row>, run: &str, baseline: Option<&str>) -> String {
    let this = |heading: String| Column { heading, rows };
    let (before, after) = match baseline {
        Some(label) => (this(format!("{label}; {run}")), None),
        None => (
            recorded_before(existing).unwrap_or_else(|| Column {
                heading: NO_BASELINE.to_string(),
                rows: Vec::new(),
            }),
            Some(this(format!("the last full run; {run}"))),
        ),
    };
    render(&before, after.as_ref())
}

fn render(before: &Column, after: Option<&Column>) -> String {
    let mut out = format!(
        "{BEFORE}{}\n{AFTER}{}\n\n{HEADER}\n| --- | --- | ---: | ---: |\n",
        before.heading,
        after.map_or(PENDING, |after| after.heading.as_str())
    );
    // This run's figures in its order, then any the baseline has and this run has not.
    let this_run: Vec<&Row> = after.map(|a| a.rows.iter().collect()).unwrap_or_default();
    let only_before = before
        .rows
        .iter()
        .filter(|row| !this_run.iter().any(|other| other.name == row.name));
    let names: Vec<&Row> = this_run.iter().copied().chain(only_before).collect();
    let find = |column: &'_ Column, name: &str| {
        column
            .rows
            .iter()
            .find(|row| row.name == name)
            .map(|row| row.value.clone())
    };
    for row in names {
        let was = find(before, &row.name).unwrap_or_else(|| MISSING.to_string());
        let is = match after {
            Some(after) => find(after, &row.name).unwrap_or_else(|| MISSING.to_string()),
            None => "pending".to_string(),
        };
        out.push_str(&format!(
            "| {} | {} | {was} | {is} |\n",
            row.name, row.target
        ));
    }
    out
}

/// The "before" column of the table in `text`, if there is one.
fn recorded_before(text: &str) -> Option<Column> {
    let start = text.find(BEGIN)? + BEGIN.len();
    let block = &text[start..start + text[start..].find(END)?];
    let heading = block.lines().find_map(|line| line.strip_prefix(BEFORE))?;
    if heading == NO_BASELINE {
        return None;
    }
    let rows = block
        .lines()
        .filter(|line| line.trim() != HEADER)
        .filter_map(|line| {
            let cells: Vec<&str> = line
                .trim()
                .strip_prefix('|')?
                .strip_suffix('|')?
                .split('|')
                .map(str::trim)
                .collect();
            let [name, target, before, _after] = cells[..] else {
                return None;
            };
            let separator = name.chars().all(|c| c == '-' || c == ':');
            (!separator && before != MISSING).then(|| Row {
                name: name.to_string(),
                target: target.to_string(),
                value: before.to_string(),
            })
        })
        .collect();
    Some(Column {
        heading: heading.to_string(),
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(name: &str, target: &str, value: &str) -> Row {
        Row {
            name: name.to_string(),
            target: target.to_string(),
            value: value.to_string(),
        }
    }

    fn file(table: &str) -> String {
        format!("# Benchmarks\n\n{BEGIN}\n{table}{END}\n\nmore text\n")
    }

    #[test]
    fn a_baseline_run_fills_before_and_leaves_after_pending() {
        let rows = vec![
            row("whole API", "≤ 1.300×", "1.220× met"),
            row("lines", "", "3; 2"),
        ];
        let table = table("", rows, "run of 2026-01-01", Some("before the work"));
        assert_eq!(
            table,
            "- before: before the work; run of 2026-01-01\n\
             - after: pending: the next full run (`cargo xtask bench`) fills this column\n\n\
             | figure | target | before | after |\n\
             | --- | --- | ---: | ---: |\n\
             | whole API | ≤ 1.300× | 1.220× met | pending |\n\
             | lines |  | 3; 2 | pending |\n"
        );
    }

    #[test]
    fn a_later_run_keeps_the_baseline_and_fills_after() {
        let baseline = table(
            "",
            vec![
                row("whole API", "≤ 1.300×", "1.220× met"),
                row("gone", "", "7"),
            ],
            "run of 2026-01-01",
            Some("before the work"),
        );
        let later = vec![
            row("whole API", "≤ 1.300×", "1.400× **missed**"),
            row("new", "", "9"),
        ];
        let after = table(&file(&baseline), later.clone(), "run of 2026-02-02", None);
        assert_eq!(
            after,
            "- before: before the work; run of 2026-01-01\n\
             - after: the last full run; run of 2026-02-02\n\n\
             | figure | target | before | after |\n\
             | --- | --- | ---: | ---: |\n\
             | whole API | ≤ 1.300× | 1.220× met | 1.400× **missed** |\n\
             | new |  | — | 9 |\n\
             | gone |  | 7 | — |\n"
        );
        // A third run compares with the same baseline, not with the second run.
        let third = table(&file(&after), later, "run of 2026-03-03", None);
        assert!(third.starts_with("- before: before the work; run of 2026-01-01\n"));
        assert!(third.contains("| whole API | ≤ 1.300× | 1.220× met | 1.400× **missed** |"));
        assert!(third.contains("| gone |  | 7 | — |"));
    }

    #[test]
    fn without_a_baseline_before_says_so() {
        let first = table("# Benchmarks\n", vec![row("x", "", "1")], "run", None);
        assert!(first.starts_with(&format!("{BEFORE}{NO_BASELINE}\n")));
        assert!(first.contains("| x |  | — | 1 |"));
        // and stays empty on the next run rather than taking the first run's figures.
        let second = table(&file(&first), vec![row("x", "", "2")], "run", None);
        assert!(second.contains("| x |  | — | 2 |"));
    }
}
