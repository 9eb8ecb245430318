//! Genesis presets: `development` (the `--dev` chain) and `local_testnet`.
//!
//! A preset is a JSON patch over the default genesis config; the node merges it.

use crate::{
	session_keys::ValidatorKey, AccountId, BalancesConfig, RuntimeGenesisConfig, SessionConfig,
	SessionKeys, StakingConfig, SudoConfig, UNITS,
};
use alloc::{vec, vec::Vec};
use frame_support::build_struct_json_patch;
use pallet_staking::StakerStatus;
use serde_json::Value;
use sp_genesis_builder::{self, PresetId};
use sp_keyring::Sr25519Keyring;

/// Free balance every well-known dev account starts with.
pub const ENDOWMENT: crate::Balance = 1_000_000 * UNITS;
/// Stake bonded by each genesis validator.
pub const VALIDATOR_BOND: crate::Balance = 100_000 * UNITS;
/// Stake bonded by each genesis nominator.
pub const NOMINATOR_BOND: crate::Balance = 50_000 * UNITS;

/// A genesis staker: its account, bonded stake and role.
struct Staker {
	who: Sr25519Keyring,
	bond: crate::Balance,
	role: StakerStatus<AccountId>,
}

fn session_keys(who: Sr25519Keyring) -> SessionKeys {
	SessionKeys { validator: ValidatorKey::from(who.public()) }
}

fn genesis(endowed: Vec<AccountId>, stakers: Vec<Staker>, root: AccountId) -> Value {
	let validators: Vec<Sr25519Keyring> = stakers
		.iter()
		.filter(|s| matches!(s.role, StakerStatus::Validator))
		.map(|s| s.who)
		.collect();
	let validator_count = u32::try_from(validators.len()).unwrap_or(u32::MAX);
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig {
			balances: endowed.iter().cloned().map(|a| (a, ENDOWMENT)).collect::<Vec<_>>(),
		},
		sudo: SudoConfig { key: Some(root) },
		session: SessionConfig {
			keys: validators
				.iter()
				.map(|v| (v.to_account_id(), v.to_account_id(), session_keys(*v)))
				.collect::<Vec<_>>(),
		},
		staking: StakingConfig {
			validator_count,
			minimum_validator_count: 1,
			invulnerables: validators.iter().map(|v| v.to_account_id()).collect::<Vec<_>>(),
			stakers: stakers
				.into_iter()
				.map(|s| (s.who.to_account_id(), s.who.to_account_id(), s.bond, s.role))
				.collect::<Vec<_>>(),
			min_validator_bond: 1_000 * UNITS,
			min_nominator_bond: 100 * UNITS,
		},
	})
}

/// `development`: Alice..Ferdie funded; Alice and Bob validate, Charlie and Dave nominate them;
/// Alice is sudo.
pub fn development_config_genesis() -> Value {
	let alice = Sr25519Keyring::Alice.to_account_id();
	let bob = Sr25519Keyring::Bob.to_account_id();
	genesis(
		Sr25519Keyring::iter().map(|k| k.to_account_id()).collect(),
		vec![
			Staker {
				who: Sr25519Keyring::Alice,
				bond: VALIDATOR_BOND,
				role: StakerStatus::Validator,
			},
			Staker {
				who: Sr25519Keyring::Bob,
				bond: VALIDATOR_BOND,
				role: StakerStatus::Validator,
			},
			Staker {
				who: Sr25519Keyring::Charlie,
				bond: NOMINATOR_BOND,
				role: StakerStatus::Nominator(vec![alice.clone(), bob.clone()]),
			},
			Staker {
				who: Sr25519Keyring::Dave,
				bond: NOMINATOR_BOND,
				role: StakerStatus::Nominator(vec![alice.clone()]),
			},
		],
		alice,
	)
}

/// `local_testnet`: the same accounts funded; Alice, Bob and Charlie validate; no nominators.
pub fn local_config_genesis() -> Value {
	genesis(
		Sr25519Keyring::iter().map(|k| k.to_account_id()).collect(),
		[Sr25519Keyring::Alice, Sr25519Keyring::Bob, Sr25519Keyring::Charlie]
			.into_iter()
			.map(|who| Staker { who, bond: VALIDATOR_BOND, role: StakerStatus::Validator })
			.collect(),
		Sr25519Keyring::Alice.to_account_id(),
	)
}

/// The JSON patch of a named preset, or `None` for an unknown name.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		sp_genesis_builder::DEV_RUNTIME_PRESET => development_config_genesis(),
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET => local_config_genesis(),
		_ => return None,
	};
	serde_json::to_vec(&patch).ok()
}

/// Names of the presets this runtime offers.
pub fn preset_names() -> Vec<PresetId> {
	vec![
		PresetId::from(sp_genesis_builder::DEV_RUNTIME_PRESET),
		PresetId::from(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET),
	]
}
