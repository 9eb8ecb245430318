//! The runtime's genesis presets and staking timeline: eras advance on a single-node chain,
//! validators earn reward points and are paid, unbonded stake is withdrawn after the bonding
//! duration.

use frame_support::{assert_ok, traits::fungible::Inspect};
use pallet_staking::{ActiveEra, ErasRewardPoints, ErasValidatorReward, RewardDestination};
use sp_genesis_builder::{PresetId, DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};
use sp_keyring::Sr25519Keyring;
use ssp_runtime::{
	genesis_config_presets::{self, ENDOWMENT, NOMINATOR_BOND, VALIDATOR_BOND},
	Balances, Runtime, RuntimeOrigin, Session, Staking, System, BONDING_DURATION, SESSIONS_PER_ERA,
	SESSION_PERIOD, UNITS,
};

mod common;
use common::{account, ext_from_preset, run_to_block};

fn active_era() -> u32 {
	ActiveEra::<Runtime>::get().map(|e| e.index).unwrap_or_default()
}

fn run_to_era(era: u32) {
	while active_era() < era {
		run_to_block(System::block_number() + 1);
	}
}

#[test]
fn development_preset_starts_with_bonded_validators_and_nominators() {
	ext_from_preset(DEV_RUNTIME_PRESET).execute_with(|| {
		let (alice, bob) = (account(Sr25519Keyring::Alice), account(Sr25519Keyring::Bob));
		for k in Sr25519Keyring::iter() {
			assert_eq!(Balances::total_balance(&k.to_account_id()), ENDOWMENT, "{k:?}");
		}
		let mut validators = Session::validators();
		validators.sort();
		let mut expected = vec![alice.clone(), bob.clone()];
		expected.sort();
		assert_eq!(validators, expected);
		for v in [&alice, &bob] {
			assert_eq!(Staking::ledger(v.clone().into()).unwrap().active, VALIDATOR_BOND);
		}
		let charlie = account(Sr25519Keyring::Charlie);
		assert_eq!(Staking::ledger(charlie.clone().into()).unwrap().active, NOMINATOR_BOND);
		let nominations = pallet_staking::Nominators::<Runtime>::get(&charlie).unwrap();
		assert_eq!(nominations.targets.into_inner(), vec![alice.clone(), bob]);
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), Some(alice));
	});
}

#[test]
fn local_preset_has_four_slashable_babe_and_grandpa_authorities_and_unknown_presets_are_refused() {
	ext_from_preset(LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		assert_eq!(Session::validators().len(), 4);
		assert_eq!(pallet_babe::Authorities::<Runtime>::get().len(), 4);
		assert_eq!(pallet_grandpa::Authorities::<Runtime>::get().len(), 4);
		assert!(pallet_staking::Invulnerables::<Runtime>::get().is_empty());
		assert_eq!(pallet_staking::Nominators::<Runtime>::iter().count(), 1);
	});
	assert!(genesis_config_presets::get_preset(&PresetId::from("no-such-preset")).is_none());
	assert_eq!(genesis_config_presets::preset_names().len(), 2);
}

#[test]
fn eras_advance_and_validators_are_paid_by_reward_points() {
	ext_from_preset(DEV_RUNTIME_PRESET).execute_with(|| {
		assert_eq!(active_era(), 0);
		run_to_era(1);
		// Era 1 starts after SESSIONS_PER_ERA sessions of SESSION_PERIOD blocks.
		let era_blocks = SESSIONS_PER_ERA * SESSION_PERIOD;
		assert!(System::block_number() <= era_blocks + 1, "era 1 at {}", System::block_number());

		let alice = account(Sr25519Keyring::Alice);
		let bob = account(Sr25519Keyring::Bob);
		let points = ErasRewardPoints::<Runtime>::get(0);
		assert!(points.individual.get(&alice).copied().unwrap_or_default() > 0);
		assert!(points.individual.get(&bob).copied().unwrap_or_default() > 0);
		let reward = ErasValidatorReward::<Runtime>::get(0).unwrap_or_default();
		assert!(reward > 0);

		let before = Staking::ledger(alice.clone().into()).unwrap().active;
		assert_ok!(Staking::payout_stakers(RuntimeOrigin::signed(bob.clone()), alice.clone(), 0));
		let after = Staking::ledger(alice.clone().into()).unwrap().active;
		// Alice's payee is `Staked`: her share of the era reward is bonded on top.
		assert!(after > before, "before {before}, after {after}");
		assert!(after - before <= reward);
		assert_eq!(
			Staking::payout_stakers(RuntimeOrigin::signed(bob), alice, 0).map_err(|e| e.error),
			Err(pallet_staking::Error::<Runtime>::AlreadyClaimed.into())
		);
	});
}

#[test]
fn unbonded_stake_is_withdrawn_only_after_the_bonding_duration() {
	ext_from_preset(DEV_RUNTIME_PRESET).execute_with(|| {
		// Ferdie runs an operator but has no stake bonded at genesis.
		let ferdie = account(Sr25519Keyring::Ferdie);
		let origin = || RuntimeOrigin::signed(ferdie.clone());
		assert_ok!(Staking::bond(origin(), 1_000 * UNITS, RewardDestination::Stash));
		assert_ok!(Staking::unbond(origin(), 400 * UNITS));
		let unlock_era = active_era() + BONDING_DURATION;

		run_to_era(unlock_era - 1);
		assert_ok!(Staking::withdraw_unbonded(origin(), 0));
		assert_eq!(Staking::ledger(ferdie.clone().into()).unwrap().total, 1_000 * UNITS);

		run_to_era(unlock_era);
		assert_ok!(Staking::withdraw_unbonded(origin(), 0));
		let ledger = Staking::ledger(ferdie.clone().into()).unwrap();
		assert_eq!((ledger.total, ledger.active), (600 * UNITS, 600 * UNITS));
		System::assert_has_event(
			pallet_staking::Event::<Runtime>::Withdrawn { stash: ferdie, amount: 400 * UNITS }
				.into(),
		);
	});
}

/// Staking's `withdraw_unbonded` and `unbond` run restaking's withdrawal listener; the weights
/// the runtime gives pallet-staking must pay for it.
#[test]
fn staking_calls_that_notify_restaking_are_charged_for_its_listener() {
	use pallet_ssp_restaking::WeightInfo as _;
	use pallet_staking::WeightInfo as _;
	type Charged = <Runtime as pallet_staking::Config>::WeightInfo;
	type Published = pallet_staking::weights::SubstrateWeight<Runtime>;
	let listener =
		pallet_ssp_restaking::weights::SubstrateWeight::<Runtime>::staking_withdraw_listener();
	assert!(listener.ref_time() > 0);
	assert_eq!(Charged::unbond(), Published::unbond() + listener);
	for s in [0, 3, 100] {
		assert_eq!(
			Charged::withdraw_unbonded_update(s),
			Published::withdraw_unbonded_update(s) + listener
		);
		assert_eq!(
			Charged::withdraw_unbonded_kill(s),
			Published::withdraw_unbonded_kill(s) + listener
		);
	}
	// Calls that do not notify restaking keep staking's own weights.
	assert_eq!(Charged::bond_extra(), Published::bond_extra());
}
