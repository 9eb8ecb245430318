//! docs/integration.md shows how to add the SSP pallets to a runtime with excerpts of this
//! example's code (and, for hardware-wallet signing, of the dev runtime's). Every ```rust block of
//! the guide must be a contiguous excerpt of one of those source files, so the guide is code that
//! CI compiles and tests, and cannot drift.

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
	let example: Vec<String> =
		["src/lib.rs", "src/ssp.rs", "src/genesis.rs", "src/apis.rs", "tests/story.rs"]
			.iter()
			.map(|f| read(f))
			.collect();
	let dev_runtime = read("../../runtime/src/lib.rs");
	let blocks = rust_blocks(&read("../../docs/integration.md"));
	// The runtime's declaration, balances, the pallets' declaration, units, windows, staking
	// wiring, the three pallets' configuration, genesis, the two runtime APIs, signing, and two
	// of testing.
	assert_eq!(blocks.len(), 15, "the guide's rust blocks");
	let contains = |source: &str, wanted: &[&str]| {
		let have = lines(source);
		have.windows(wanted.len()).any(|w| w == wanted)
	};
	let mut from_dev_runtime = 0;
	for block in &blocks {
		let wanted = lines(block);
		if example.iter().any(|source| contains(source, &wanted)) {
			continue;
		}
		// Only the hardware-wallet section quotes the dev runtime (the example has no fees or
		// metadata hash).
		assert!(
			contains(&dev_runtime, &wanted) && block.contains("CheckMetadataHash"),
			"docs/integration.md block is not in the example's sources:\n{block}"
		);
		from_dev_runtime += 1;
	}
	assert_eq!(from_dev_runtime, 1, "one block, section 12's, quotes the dev runtime");
}
