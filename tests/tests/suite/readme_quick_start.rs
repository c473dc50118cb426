//! The README's quick start is `tests/examples/quick_start.rs`, which `cargo test` and
//! clippy compile against the generated SDK; this checks that the two say the same, so
//! that the README never shows code that does not build.

/// The text of the README's one ```` ```rust ```` block.
fn readme_rust_block(readme: &str) -> String {
    let mut blocks = Vec::new();
    let mut lines = readme.lines();
    while let Some(line) = lines.next() {
        if line.starts_with("```rust") {
            let block: Vec<&str> = lines.by_ref().take_while(|l| *l != "```").collect();
            blocks.push(block.join("\n") + "\n");
        }
    }
    assert_eq!(
        blocks.len(),
        1,
        "README.md should have exactly one ```rust block"
    );
    blocks.remove(0)
}

/// The example without its leading `//!` comment and the blank lines after it.
fn example_body(example: &str) -> String {
    let body: Vec<&str> = example
        .lines()
        .skip_while(|line| line.starts_with("//!"))
        .skip_while(|line| line.is_empty())
        .collect();
    body.join("\n") + "\n"
}

#[test]
fn the_readme_quick_start_is_the_compiled_example() {
    let readme = include_str!("../../../README.md");
    let example = include_str!("../../examples/quick_start.rs");
    assert_eq!(
        readme_rust_block(readme),
        example_body(example),
        "README.md's quick start differs from tests/examples/quick_start.rs (which is \
         compiled); make them the same"
    );
}
