//! The README's quick start is `tests/examples/quick_start.rs`, and its mock-client example
//! `tests/examples/mock_client.rs`, which `cargo test` and clippy compile against the
//! generated SDK; this checks that each pair says the same, so that the README never shows
//! code that does not build.

/// The text of the README's ```` ```rust ```` blocks, in order.
fn readme_rust_blocks(readme: &str) -> Vec<String> {
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
        2,
        "README.md should have exactly two ```rust blocks (the quick start, the mock client)"
    );
    blocks
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
        readme_rust_blocks(readme)[0],
        example_body(example),
        "README.md's quick start differs from tests/examples/quick_start.rs (which is \
         compiled); make them the same"
    );
}

#[test]
fn the_readme_mock_client_example_is_the_compiled_example() {
    let readme = include_str!("../../../README.md");
    let example = include_str!("../../examples/mock_client.rs");
    assert_eq!(
        readme_rust_blocks(readme)[1],
        example_body(example),
        "README.md's mock-client example differs from tests/examples/mock_client.rs (which is \
         compiled); make them the same"
    );
}
