//! Test helpers: genesis from a preset, and blocks driven through every pallet's hooks.
#![allow(dead_code)]

use frame_support::traits::{OnFinalize, OnInitialize};
use serde_json::Value;
use sp_genesis_builder::PresetId;
use sp_keyring::Sr25519Keyring;
use sp_runtime::BuildStorage;
use ssp_runtime::{
	genesis_config_presets, AllPalletsWithSystem, RuntimeGenesisConfig, System, Timestamp,
	MILLISECS_PER_BLOCK,
};

/// Recursively applies a preset patch to the default genesis config, as the node does.
pub fn merge(base: &mut Value, patch: Value) {
	match (base, patch) {
		(Value::Object(base), Value::Object(patch)) => {
			for (k, v) in patch {
				merge(base.entry(k).or_insert(Value::Null), v);
			}
		},
		(base, patch) => *base = patch,
	}
}

pub fn ext_from_preset(preset: &str) -> sp_io::TestExternalities {
	let patch = genesis_config_presets::get_preset(&PresetId::from(preset)).expect("preset exists");
	let mut config = serde_json::to_value(RuntimeGenesisConfig::default()).unwrap();
	merge(&mut config, serde_json::from_slice(&patch).unwrap());
	let config: RuntimeGenesisConfig = serde_json::from_value(config).unwrap();
	let mut ext: sp_io::TestExternalities = config.build_storage().unwrap().into();
	ext.execute_with(|| run_to_block(1));
	ext
}

/// Runs the hooks of every pallet block by block, with a timestamp per block.
pub fn run_to_block(n: u32) {
	while System::block_number() < n {
		let current = System::block_number();
		if current > 0 {
			AllPalletsWithSystem::on_finalize(current);
		}
		let next = current + 1;
		System::reset_events();
		System::set_block_number(next);
		Timestamp::set_timestamp(u64::from(next) * MILLISECS_PER_BLOCK);
		AllPalletsWithSystem::on_initialize(next);
	}
}

pub fn account(k: Sr25519Keyring) -> ssp_runtime::AccountId {
	k.to_account_id()
}
