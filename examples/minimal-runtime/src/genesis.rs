//! A genesis in Rust: one network, one operator and one restaker's bond, ready for the story of
//! restaking (docs/integration.md, section 9, shows the same in JSON). The `development` preset
//! serves it to a node's chain spec.

use crate::*;
use alloc::{vec, vec::Vec};
use pallet_ssp_leasing::GenesisNetwork;
use pallet_ssp_restaking::GenesisOperator;
use pallet_staking::StakerStatus;
use sp_genesis_builder::PresetId;
use sp_keyring::Sr25519Keyring::{Alice, Bob, Charlie, Dave};
use sp_runtime::{FixedU128, Perbill};

/// Free balance of each well-known account.
pub const ENDOWMENT: Balance = 1_000_000 * UNITS;
/// What the restaker has bonded in staking.
pub const BOND: Balance = 50_000 * UNITS;
/// The network's Profit from Corruption.
pub const PFC: Balance = 5_000 * UNITS;

/// Alice runs an operator (10% commission, no allocation yet); Bob manages network 0, whose
/// offences Charlie reports (a third fault threshold, at most half an operator's stake slashed
/// per offence, PfC 5,000); Dave has bonded 50,000 in staking, which he may restake.
pub fn development() -> RuntimeGenesisConfig {
	let [alice, bob, charlie, dave] = [Alice, Bob, Charlie, Dave].map(|k| k.to_account_id());
	RuntimeGenesisConfig {
		balances: BalancesConfig {
			balances: [&alice, &bob, &charlie, &dave].map(|a| (a.clone(), ENDOWMENT)).to_vec(),
			..Default::default()
		},
		staking: StakingConfig {
			stakers: vec![(dave.clone(), dave, BOND, StakerStatus::Idle)],
			..Default::default()
		},
		leasing: LeasingConfig {
			networks: vec![GenesisNetwork {
				manager: bob,
				slasher: charlie,
				fault_threshold: Perbill::from_rational(1u32, 3u32),
				max_slash: Perbill::from_percent(50),
				pfc: PFC,
				min_security_target_percent: 100,
				lease: None,
			}],
			// Security costs 5% of its amount a period before any risk factor.
			base_price: Some(FixedU128::from_rational(5, 100)),
		},
		restaking: RestakingConfig {
			operators: vec![GenesisOperator::new(alice, Perbill::from_percent(10), [])],
			restakers: vec![],
		},
		..Default::default()
	}
}

/// The JSON of a named preset (`development`), or `None`.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	match id.as_ref() {
		sp_genesis_builder::DEV_RUNTIME_PRESET => serde_json::to_vec(&development()).ok(),
		_ => None,
	}
}
