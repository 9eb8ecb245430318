//! Test helpers: genesis from a preset, and blocks driven through every pallet's hooks.
#![allow(dead_code)]

use codec::Encode;
use frame_support::traits::DisabledValidators;
use sp_consensus_babe::{
	digests::{PreDigest, SecondaryPlainPreDigest},
	Slot, BABE_ENGINE_ID,
};
use sp_genesis_builder::PresetId;
use sp_keyring::Sr25519Keyring;
use sp_runtime::BuildStorage;
use sp_runtime::{Digest, DigestItem};
use ssp_runtime::{
	genesis_config_presets, AllPalletsWithSystem, Runtime, RuntimeGenesisConfig, Session, System,
	Timestamp, MILLISECS_PER_BLOCK,
};

/// The genesis storage of a preset, applied over the default genesis config as the node does.
pub fn preset_storage(preset: &str) -> sp_runtime::Storage {
	let patch = genesis_config_presets::get_preset(&PresetId::from(preset)).expect("preset exists");
	let mut config = serde_json::to_value(RuntimeGenesisConfig::default()).expect("json");
	ssp_test_support::apply_preset(&mut config, serde_json::from_slice(&patch).expect("json"));
	let config: RuntimeGenesisConfig = serde_json::from_value(config).expect("genesis config");
	config.build_storage().expect("genesis builds")
}

/// A preset's genesis, at block 1.
pub fn ext_from_preset(preset: &str) -> sp_io::TestExternalities {
	let mut ext: sp_io::TestExternalities = preset_storage(preset).into();
	ext.execute_with(|| run_to_block(1));
	ext
}

/// The digest of block `n` as the dev node seals it: slot `n` (one slot a block) and a BABE
/// secondary pre-digest naming the authorities in turn (skipping disabled ones), so that every validator authors its
/// share of blocks (staking's reward points) and sessions follow BABE's epochs.
pub fn babe_digest(n: u32) -> Digest {
	let authorities = u32::try_from(pallet_babe::Authorities::<Runtime>::get().len())
		.unwrap_or(1)
		.max(1);
	// A disabled validator (one that offended) authors nothing: the next one in turn does.
	let authority_index = (0..authorities)
		.map(|k| (n + k) % authorities)
		.find(|i| !<Session as DisabledValidators>::is_disabled(*i))
		.unwrap_or(n % authorities);
	let pre_digest = PreDigest::SecondaryPlain(SecondaryPlainPreDigest {
		slot: Slot::from(u64::from(n)),
		authority_index,
	});
	Digest { logs: vec![DigestItem::PreRuntime(BABE_ENGINE_ID, pre_digest.encode())] }
}

/// Opens block `n` with its BABE digest (before any pallet's `on_initialize`), for tests that
/// run the hooks of a block themselves.
pub fn begin_block(n: u32) {
	System::initialize(&n, &System::parent_hash(), &babe_digest(n));
}

/// The timestamp inherent of block `n`: the start of its slot (after `on_initialize`, which
/// sets BABE's current slot that the timestamp is checked against).
pub fn set_block_timestamp(n: u32) {
	Timestamp::set_timestamp(u64::from(n) * MILLISECS_PER_BLOCK);
}

/// Runs the hooks of every pallet block by block, with a BABE digest and a timestamp per block.
pub fn run_to_block(n: u32) {
	ssp_test_support::run_to_block_with::<Runtime, AllPalletsWithSystem>(
		n,
		MILLISECS_PER_BLOCK,
		babe_digest,
	);
}

pub fn account(k: Sr25519Keyring) -> ssp_runtime::AccountId {
	k.to_account_id()
}
