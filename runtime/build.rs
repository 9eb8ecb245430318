#[cfg(all(feature = "std", feature = "metadata-hash"))]
include!("src/token.rs");

#[cfg(all(feature = "std", feature = "metadata-hash"))]
fn main() {
	// The digest a hardware wallet checks names the token as the chain spec does.
	substrate_wasm_builder::WasmBuilder::init_with_defaults()
		.enable_metadata_hash(TOKEN_SYMBOL, TOKEN_DECIMALS)
		.build();
}

#[cfg(all(feature = "std", not(feature = "metadata-hash")))]
fn main() {
	substrate_wasm_builder::WasmBuilder::build_using_defaults();
}

// Compiled for wasm, the runtime builds no blob of its own.
#[cfg(not(feature = "std"))]
fn main() {}
