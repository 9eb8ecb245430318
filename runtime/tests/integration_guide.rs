//! docs/integration.md shows how to add the SSP pallets to a runtime with excerpts of this
//! runtime's code. Every ```rust block of the guide must be a contiguous excerpt of a runtime
//! source file, so the guide's example is code this crate compiles and tests, and cannot drift.

use std::path::Path;

/// The non-empty lines of `text`, trimmed (indentation and blank lines may differ).
fn lines(text: &str) -> Vec<&str> {
	text.lines().map(str::trim).filter(|l| !l.is_empty()).collect()
}

/// The bodies of the guide's ```rust blocks.
fn rust_blocks(markdown: &str) -> Vec<String> {
	let mut blocks = Vec::new();
	let mut current: Option<String> = None;
	for line in markdown.lines() {
		let fence = line.trim_start();
		match current.as_mut() {
			None if fence.starts_with("```rust") => current = Some(String::new()),
			Some(_) if fence.starts_with("```") => blocks.extend(current.take()),
			Some(body) => {
				body.push_str(line);
				body.push('\n');
			},
			None => {},
		}
	}
	blocks
}

fn read(relative: &str) -> String {
	let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
	std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn every_rust_block_of_the_integration_guide_is_compiled_runtime_code() {
	let sources: Vec<String> =
		["src/configs/ssp.rs", "src/configs/mod.rs", "src/lib.rs", "src/apis.rs"]
			.iter()
			.map(|f| read(f))
			.collect();
	let blocks = rust_blocks(&read("../docs/integration.md"));
	assert!(blocks.len() >= 4, "the guide shows the runtime's SSP configuration");
	for block in &blocks {
		let wanted = lines(block);
		let found = sources.iter().any(|source| {
			let have = lines(source);
			have.windows(wanted.len()).any(|w| w == wanted.as_slice())
		});
		assert!(found, "docs/integration.md block is not in the runtime's sources:\n{block}");
	}
}
