//! Genesis presets: `development` (the `--dev` chain) and `local_testnet`.
//!
//! A preset is a JSON patch over the default genesis config; the node merges it.

use crate::{
	session_keys::ValidatorKey, AccountId, BalancesConfig, LeasingConfig, RestakingConfig,
	RuntimeGenesisConfig, SessionConfig, SessionKeys, StakingConfig, SudoConfig, UNITS,
};
use alloc::{vec, vec::Vec};
use frame_support::build_struct_json_patch;
use pallet_ssp_leasing::{GenesisLease, GenesisNetwork};
use pallet_staking::StakerStatus;
use serde_json::Value;
use sp_genesis_builder::{self, PresetId};
use sp_keyring::Sr25519Keyring;
use sp_runtime::Perbill;

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

/// The shared-security market at genesis: networks with leases, operators with allocations,
/// and restakers behind them.
#[derive(Default)]
struct Market {
	networks: Vec<GenesisNetwork<AccountId>>,
	/// (operator, commission, [(network, magnitude)])
	operators: Vec<pallet_ssp_restaking::GenesisOperator<AccountId>>,
	/// (restaker, operator, amount)
	restakers: Vec<(AccountId, AccountId, crate::Balance)>,
}

fn genesis(
	endowed: Vec<AccountId>,
	stakers: Vec<Staker>,
	root: AccountId,
	market: Market,
) -> Value {
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
		leasing: LeasingConfig { networks: market.networks },
		restaking: RestakingConfig { operators: market.operators, restakers: market.restakers },
	})
}

/// The development market: two leased networks, two operators, two restakers.
///
/// Network 0 (managed by Ferdie) is secure: backed by both operators, CoC 9,000 SSP against a
/// PfC of 5,000 SSP. Network 1 (managed by Eve) is under-secured: only Alice's operator backs it
/// and Alice runs at 120% leverage, CoC 8,000 SSP against a PfC of 10,000 SSP.
fn development_market() -> Market {
	let alice = Sr25519Keyring::Alice.to_account_id();
	let bob = Sr25519Keyring::Bob.to_account_id();
	let network = |manager: Sr25519Keyring, max_slash, pfc, reward| GenesisNetwork {
		manager: manager.to_account_id(),
		slasher: manager.to_account_id(),
		fault_threshold: Perbill::from_rational(1u32, 3u32),
		max_slash: Perbill::from_percent(max_slash),
		pfc,
		min_security_target_percent: 100,
		lease: Some(GenesisLease { first_period: 0, periods: 1_000, reward_per_period: reward }),
	};
	Market {
		networks: vec![
			network(Sr25519Keyring::Ferdie, 50, 5_000 * UNITS, 100 * UNITS),
			network(Sr25519Keyring::Eve, 100, 10_000 * UNITS, 500 * UNITS),
		],
		operators: vec![
			(
				alice.clone(),
				Perbill::from_percent(10),
				vec![(0, Perbill::from_percent(60)), (1, Perbill::from_percent(60))],
			),
			(bob.clone(), Perbill::from_percent(5), vec![(0, Perbill::from_percent(100))]),
		],
		restakers: vec![
			(Sr25519Keyring::Charlie.to_account_id(), alice, 40_000 * UNITS),
			(Sr25519Keyring::Dave.to_account_id(), bob, 30_000 * UNITS),
		],
	}
}

/// `development`: Alice..Ferdie funded; Alice and Bob validate, Charlie and Dave nominate them;
/// Alice is sudo; the restaking market of [`development_market`].
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
		development_market(),
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
		Market::default(),
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
