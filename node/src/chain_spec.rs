//! Chain specifications: the built-in `dev` and `local` chains, or a JSON file.

use sc_service::ChainType;
use ssp_runtime::{SS58_PREFIX, TOKEN_DECIMALS, TOKEN_SYMBOL, WASM_BINARY};

/// Chain specification of the SSP chain.
pub type ChainSpec = sc_service::GenericChainSpec;

/// Token symbol, decimals and address format, read by polkadot.js apps.
fn properties() -> sc_chain_spec::Properties {
	let mut properties = sc_chain_spec::Properties::new();
	properties.insert("tokenSymbol".into(), TOKEN_SYMBOL.into());
	properties.insert("tokenDecimals".into(), TOKEN_DECIMALS.into());
	properties.insert("ss58Format".into(), SS58_PREFIX.into());
	properties
}

fn from_preset(
	name: &str,
	id: &str,
	chain_type: ChainType,
	preset: &str,
) -> Result<ChainSpec, String> {
	let wasm =
		WASM_BINARY.ok_or("the runtime's wasm blob was not built (SKIP_WASM_BUILD was set)")?;
	Ok(ChainSpec::builder(wasm, Default::default())
		.with_name(name)
		.with_id(id)
		.with_chain_type(chain_type)
		.with_genesis_config_preset_name(preset)
		.with_properties(properties())
		.build())
}

/// The `--dev` chain: the `development` preset.
pub fn development() -> Result<ChainSpec, String> {
	from_preset(
		"SSP Development",
		"ssp_dev",
		ChainType::Development,
		sp_genesis_builder::DEV_RUNTIME_PRESET,
	)
}

/// The `local` chain: the `local_testnet` preset.
pub fn local_testnet() -> Result<ChainSpec, String> {
	from_preset(
		"SSP Local Testnet",
		"ssp_local",
		ChainType::Local,
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET,
	)
}

/// Resolves `--chain`: a built-in name or the path of a chain-spec JSON file.
pub fn load(id: &str) -> Result<Box<dyn sc_service::ChainSpec>, String> {
	Ok(match id {
		"" | "dev" | "development" => Box::new(development()?),
		"local" | "local_testnet" => Box::new(local_testnet()?),
		path => {
			let path = std::path::PathBuf::from(path);
			if !path.is_file() {
				return Err(format!(
					"unknown chain or preset `{id}`: use `dev` (the `development` preset), \
					 `local` (the `local_testnet` preset), or the path of a chain-spec JSON file"
				));
			}
			Box::new(ChainSpec::from_json_file(path)?)
		},
	})
}
