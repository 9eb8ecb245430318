//! Genesis presets: `development` (the `--dev` chain) and `local_testnet`.
//!
//! A preset is a JSON patch over the default genesis config; the node merges it.

use crate::{
	AccountId, BabeConfig, BalancesConfig, LeasingConfig, OperatorKeysConfig, RestakingConfig,
	RuntimeGenesisConfig, SessionConfig, SessionKeys, StakingConfig, SudoConfig,
	BABE_GENESIS_EPOCH_CONFIG, UNITS,
};
use alloc::{vec, vec::Vec};
use frame_support::build_struct_json_patch;
use pallet_ssp_keys::ValidationConfig;
use pallet_ssp_leasing::{GenesisLease, GenesisNetwork};
use pallet_ssp_restaking::{GenesisOperator, GenesisRestaker};
use pallet_staking::StakerStatus;
use serde_json::Value;
use sp_genesis_builder::{self, PresetId};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};
use sp_runtime::{FixedU128, Perbill};
use ssp_primitives::{keys::KeyScheme, NetworkId};

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

/// The session keys a well-known dev account's node derives from its seed (`--alice` puts
/// `//Alice`'s keys into the keystore): sr25519 for BABE, ed25519 for GRANDPA.
fn session_keys(who: Sr25519Keyring) -> SessionKeys {
	// Both keyrings list the same names in the same order.
	let position = Sr25519Keyring::iter().position(|k| k == who).unwrap_or_default();
	let grandpa = Ed25519Keyring::iter().nth(position).unwrap_or(Ed25519Keyring::Alice);
	SessionKeys { babe: who.public().into(), grandpa: grandpa.public().into() }
}

/// Whether genesis validators can be slashed.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Validators {
	/// Invulnerable: the single-node dev chain never loses its authors.
	Invulnerable,
	/// Slashable like any other validator: a testnet where equivocations are punished.
	Slashable,
}

/// The index pool's account at genesis: the opt-in deposits of the 32 networks it may be opted
/// into at once (100 SSP each), and more.
const INDEX_POOL_ENDOWMENT: crate::Balance = 4_000 * UNITS;

/// The shared-security market at genesis: networks with leases, operators with allocations,
/// restakers behind them, and the networks validated by operator keys.
#[derive(Default)]
struct Market {
	base_price: Option<FixedU128>,
	networks: Vec<GenesisNetwork<AccountId, crate::Balance>>,
	operators: Vec<GenesisOperator<AccountId>>,
	restakers: Vec<GenesisRestaker<AccountId, crate::Balance>>,
	validated: Vec<(NetworkId, ValidationConfig<crate::BlockNumber>)>,
}

fn genesis(
	endowed: Vec<AccountId>,
	stakers: Vec<Staker>,
	root: AccountId,
	market: Market,
	kind: Validators,
) -> Value {
	let validators: Vec<Sr25519Keyring> = stakers
		.iter()
		.filter(|s| matches!(s.role, StakerStatus::Validator))
		.map(|s| s.who)
		.collect();
	let validator_count = u32::try_from(validators.len()).unwrap_or(u32::MAX);
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig {
			balances: endowed
				.iter()
				.cloned()
				.map(|a| (a, ENDOWMENT))
				// The index pool pays an opt-in deposit for each network it joins.
				.chain([(crate::IndexPool::account_id(), INDEX_POOL_ENDOWMENT)])
				.collect::<Vec<_>>(),
		},
		sudo: SudoConfig { key: Some(root) },
		babe: BabeConfig { epoch_config: BABE_GENESIS_EPOCH_CONFIG },
		session: SessionConfig {
			keys: validators
				.iter()
				.map(|v| (v.to_account_id(), v.to_account_id(), session_keys(*v)))
				.collect::<Vec<_>>(),
		},
		staking: StakingConfig {
			validator_count,
			minimum_validator_count: 1,
			invulnerables: validators
				.iter()
				.filter(|_| kind == Validators::Invulnerable)
				.map(|v| v.to_account_id())
				.collect::<Vec<_>>(),
			stakers: stakers
				.into_iter()
				.map(|s| (s.who.to_account_id(), s.who.to_account_id(), s.bond, s.role))
				.collect::<Vec<_>>(),
			min_validator_bond: 1_000 * UNITS,
			min_nominator_bond: 100 * UNITS,
		},
		leasing: LeasingConfig { networks: market.networks, base_price: market.base_price },
		restaking: RestakingConfig { operators: market.operators, restakers: market.restakers },
		operator_keys: OperatorKeysConfig { networks: market.validated },
	})
}

/// The development market: three leased networks, three operators, three restakers.
///
/// - Network 0 (managed by Ferdie) is secure: Alice's and Bob's operators back it with 54,000
///   SSP, CoC about 9,000 SSP against a PfC of 5,000 SSP (ratio 1.8).
/// - Network 1 (managed by Eve) is under-secured: only Alice's operator backs it, 24,000 SSP,
///   CoC about 8,000 SSP against a PfC of 10,000 SSP (ratio 0.8).
/// - Network 2 (managed by Dave) is secure but close to its target: Bob's and Ferdie's operators
///   back it with 27,000 SSP, CoC about 4,500 SSP against a PfC of 4,300 SSP (ratio 1.05); a
///   slash of a few percent of its stake puts it under.
///
/// Alice runs at 120% leverage (60% to networks 0 and 1), Bob at 150% (100% to network 0, 50%
/// to network 2), Ferdie without leverage (100% to network 2). So networks 0 and 1 share
/// 24,000 SSP of Alice's stake and networks 0 and 2 share 15,000 SSP of Bob's: a slash on one
/// lowers the other.
fn development_market() -> Market {
	let (alice, bob, ferdie) = (
		Sr25519Keyring::Alice.to_account_id(),
		Sr25519Keyring::Bob.to_account_id(),
		Sr25519Keyring::Ferdie.to_account_id(),
	);
	let network = |manager: Sr25519Keyring, max_slash, pfc, security| GenesisNetwork {
		manager: manager.to_account_id(),
		slasher: manager.to_account_id(),
		fault_threshold: Perbill::from_rational(1u32, 3u32),
		max_slash: Perbill::from_percent(max_slash),
		pfc,
		min_security_target_percent: 100,
		lease: Some(GenesisLease { first_period: 0, periods: 1_000, security }),
	};
	Market {
		// Bought at the genesis base price of 0.04 a period: 100, 200 and 72 SSP a period. The
		// stake the three leases need (security / (fault threshold × max slash): 15,000 +
		// 15,000 + 10,800 SSP) is half of the 82,000 SSP restaked, the market's target: the
		// price starts near balance.
		base_price: Some(FixedU128::from_rational(4, 100)),
		networks: vec![
			network(Sr25519Keyring::Ferdie, 50, 5_000 * UNITS, 2_500 * UNITS),
			network(Sr25519Keyring::Eve, 100, 10_000 * UNITS, 5_000 * UNITS),
			network(Sr25519Keyring::Dave, 50, 4_300 * UNITS, 1_800 * UNITS),
		],
		operators: vec![
			GenesisOperator::new(
				alice.clone(),
				Perbill::from_percent(10),
				[(0, Perbill::from_percent(60)), (1, Perbill::from_percent(60))],
			),
			GenesisOperator::new(
				bob.clone(),
				Perbill::from_percent(5),
				[(0, Perbill::from_percent(100)), (2, Perbill::from_percent(50))],
			),
			GenesisOperator::new(
				ferdie.clone(),
				Perbill::from_percent(8),
				[(2, Perbill::from_percent(100))],
			),
		],
		restakers: vec![
			GenesisRestaker::new(Sr25519Keyring::Charlie.to_account_id(), alice, 40_000 * UNITS),
			GenesisRestaker::new(Sr25519Keyring::Dave.to_account_id(), bob, 30_000 * UNITS),
			GenesisRestaker::new(Sr25519Keyring::Eve.to_account_id(), ferdie, 12_000 * UNITS),
		],
		// Every network takes a validator set of up to 100 sr25519 keys every 10 blocks; its
		// operators register their keys themselves (`operatorKeys.registerKey`).
		validated: (0..3)
			.map(|network| {
				let config = ValidationConfig {
					scheme: KeyScheme::Sr25519,
					epoch_length: crate::configs::MIN_EPOCH_LENGTH,
					max_validators: 100,
				};
				(network, config)
			})
			.collect(),
	}
}

/// `development`: Alice..Ferdie funded; Alice and Bob validate, Charlie, Dave and Eve nominate
/// them; Alice is sudo; the restaking market of [`development_market`].
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
			Staker {
				who: Sr25519Keyring::Eve,
				bond: NOMINATOR_BOND,
				role: StakerStatus::Nominator(vec![bob.clone()]),
			},
		],
		alice,
		development_market(),
		Validators::Invulnerable,
	)
}

/// `local_testnet`: the same accounts funded; Alice, Bob, Charlie and Dave validate (four BABE
/// and GRANDPA authorities, so finality survives one node down) and none is invulnerable: an
/// equivocation is slashed. Eve nominates Alice and Bob. The restaking market of [`development_market`], so that a
/// validator's slash reaches the networks its stake secures.
pub fn local_config_genesis() -> Value {
	genesis(
		Sr25519Keyring::iter().map(|k| k.to_account_id()).collect(),
		[Sr25519Keyring::Alice, Sr25519Keyring::Bob, Sr25519Keyring::Charlie, Sr25519Keyring::Dave]
			.into_iter()
			.map(|who| Staker { who, bond: VALIDATOR_BOND, role: StakerStatus::Validator })
			.chain([Staker {
				who: Sr25519Keyring::Eve,
				bond: NOMINATOR_BOND,
				role: StakerStatus::Nominator(vec![
					Sr25519Keyring::Alice.to_account_id(),
					Sr25519Keyring::Bob.to_account_id(),
				]),
			}])
			.collect(),
		Sr25519Keyring::Alice.to_account_id(),
		development_market(),
		Validators::Slashable,
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
