//! The SSP pallets in the runtime: the development market at genesis, lease payouts to the
//! restakers securing a network, and a pallet-staking slash reaching restaked positions and
//! network security through `EventListeners`.

use frame_support::traits::tokens::imbalance::Imbalance;
use pallet_ssp_leasing::Networks;
use sp_genesis_builder::DEV_RUNTIME_PRESET;
use sp_keyring::Sr25519Keyring::{Alice, Bob, Charlie, Dave};
use sp_runtime::Perbill;
use ssp_runtime::{configs::LEASE_PERIOD, Restaking, Runtime, UNITS};

mod common;
use common::{account, ext_from_preset, run_to_block};

fn security(network: u32) -> pallet_ssp_leasing::SecurityFigures<u128> {
	Networks::<Runtime>::get(network).expect("network registered").security
}

#[test]
fn development_market_has_leased_networks_with_exact_security_figures() {
	ext_from_preset(DEV_RUNTIME_PRESET).execute_with(|| {
		// Network 0: Alice's operator allocates 60% of Charlie's 40,000, Bob's 100% of Dave's
		// 30,000. CoC = allocated x 1/3 fault threshold x 50% max slash.
		let net0 = security(0);
		assert_eq!(net0.allocated, 54_000 * UNITS);
		let third = Perbill::from_rational(1u32, 3u32);
		let expected_coc0 = Perbill::from_percent(50).mul_floor(third.mul_floor(54_000 * UNITS));
		assert_eq!(net0.coc, expected_coc0);
		assert_eq!(net0.pfc, 5_000 * UNITS);
		assert!(net0.meets_target);

		// Network 1: only Alice's operator, 60% of 40,000, max slash 100%: under-secured.
		let net1 = security(1);
		assert_eq!(net1.allocated, 24_000 * UNITS);
		assert_eq!(net1.coc, third.mul_floor(24_000 * UNITS));
		assert!(!net1.meets_target);
		assert!(pallet_ssp_leasing::Leases::<Runtime>::get(0).is_some());
		assert!(pallet_ssp_leasing::Leases::<Runtime>::get(1).is_some());

		// Alice's operator runs at 120% leverage.
		let backing = Restaking::operator_backing(&account(Alice)).expect("operator");
		assert_eq!(backing.restaking_factor, 1_200_000_000);
		assert!(Restaking::operator_backing(&account(Bob)).is_some());
	});
}

#[test]
fn lease_rewards_reach_the_restakers_after_a_period() {
	ext_from_preset(DEV_RUNTIME_PRESET).execute_with(|| {
		let pending =
			|who| Restaking::restaker_position(&account(who)).expect("restaker").pending_rewards;
		assert_eq!((pending(Charlie), pending(Dave)), (0, 0));
		run_to_block(LEASE_PERIOD + 5);
		assert!(pending(Charlie) > 0, "Charlie earned nothing");
		assert!(pending(Dave) > 0, "Dave earned nothing");
	});
}

#[test]
fn a_staking_slash_reduces_restaked_positions_and_network_security() {
	ext_from_preset(DEV_RUNTIME_PRESET).execute_with(|| {
		let charlie = account(Charlie);
		let before = Restaking::restaker_position(&charlie).expect("restaker").active;
		assert_eq!(before, 40_000 * UNITS);
		let net1_before = security(1).allocated;

		// pallet-staking slashes 10% of Charlie's 50,000 bonded: `EventListeners` must tell
		// restaking, which scales his position by the same fraction.
		let mut credit = pallet_ssp_restaking::CreditOf::<Runtime>::zero();
		pallet_staking::slashing::do_slash::<Runtime>(
			&charlie,
			5_000 * UNITS,
			&mut 0,
			&mut credit,
			0,
		);
		assert_eq!(credit.peek(), 5_000 * UNITS);

		let after = Restaking::restaker_position(&charlie).expect("restaker").active;
		assert_eq!(after, 36_000 * UNITS);
		// The networks Alice backs follow at the next block, when restaking's hook refreshes her.
		run_to_block(2);
		let net1_after = security(1).allocated;
		assert_eq!(net1_after, Perbill::from_percent(60).mul_floor(36_000 * UNITS));
		assert!(net1_after < net1_before);
	});
}

#[test]
fn a_reported_offence_is_applied_by_the_hook_and_cascades_to_other_networks() {
	use frame_support::{assert_ok, traits::fungible::Inspect, BoundedVec};
	use ssp_runtime::{
		configs::VETO_WINDOW, Balances, RuntimeOrigin, Slashing, System, UNITS as U,
	};
	ext_from_preset(DEV_RUNTIME_PRESET).execute_with(|| {
		let (alice, charlie, eve) =
			(account(Alice), account(Charlie), account(sp_keyring::Sr25519Keyring::Eve));
		let position = |who: &_| Restaking::restaker_position(who).expect("restaker").active;
		let net0_before = security(0).allocated;
		let charlie_before = Balances::total_balance(&charlie);
		let issuance_before = Balances::total_issuance();
		let reward_pot = Slashing::reward_pot();
		let pot_before = Balances::total_balance(&reward_pot);

		// Eve, network 1's slasher, reports Alice's operator for 10% of its stake there.
		let now = System::block_number();
		assert_ok!(Slashing::report_offence(
			RuntimeOrigin::signed(eve),
			1,
			alice.clone(),
			Perbill::from_percent(10),
			now,
			BoundedVec::truncate_from(b"double-signed block 7".to_vec()),
		));
		// Nothing is taken during the veto window.
		run_to_block(now + VETO_WINDOW - 1);
		assert_eq!(position(&charlie), 40_000 * U);

		run_to_block(now + VETO_WINDOW + 1);
		let charlie_after_apply = position(&charlie);
		// 10% of the 24,000 Alice allocated to network 1 is 2,400 of Charlie's stake.
		assert_eq!(charlie_after_apply, 40_000 * U - 2_400 * U);
		// The same stake secured network 0: its backing drops by Alice's 60% of that loss.
		assert_eq!(
			security(0).allocated,
			net0_before - Perbill::from_percent(60).mul_floor(2_400 * U)
		);

		// Settling takes the real funds: Charlie's balance falls by exactly his loss; a tenth
		// goes to the reporter's pot and the rest is burned.
		assert_ok!(Restaking::settle(RuntimeOrigin::signed(account(Bob)), charlie.clone()));
		let lost = charlie_before - Balances::total_balance(&charlie);
		assert_eq!(lost, 2_400 * U);
		let to_reporter = Balances::total_balance(&reward_pot) - pot_before;
		assert_eq!(to_reporter, Perbill::from_percent(10).mul_floor(lost));
		assert_eq!(issuance_before - Balances::total_issuance(), lost - to_reporter);
	});
}

#[test]
fn every_network_has_room_of_its_own_for_pending_slashes() {
	use frame_support::traits::Get;
	let networks: u32 = <Runtime as pallet_ssp_leasing::Config>::MaxNetworks::get();
	let per_network: u32 =
		<Runtime as pallet_ssp_slashing::Config>::MaxPendingSlashesPerNetwork::get();
	let all: u32 = <Runtime as pallet_ssp_slashing::Config>::MaxPendingSlashes::get();
	assert!(all >= networks * per_network, "a network could be crowded out of the slash queue");
}
