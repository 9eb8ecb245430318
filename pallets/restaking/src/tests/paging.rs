//! The refresh hook pages by allocation: a block refreshes at most
//! `MaxAllocationRefreshesPerBlock` allocations, and an operator left half-way resumes at the
//! next block where it stopped. A slash's propagation to the operator's other networks rides
//! the same pages, ahead of operators that are only stale.

use crate::{
	mock::*, Event, NetworkRewardPerStake, NetworkStake, Propagating, RefreshCursor, StaleOperators,
};
use frame_support::assert_ok;
use sp_runtime::Perbill;
use ssp_primitives::{RestakingRewards, RestakingSlash};

/// OP in networks 1, 2 and 3 with 20% each, backed by restaker 1 (1,000), all in effect.
fn op_in_three_networks() {
	assert_ok!(Restaking::opt_in(RuntimeOrigin::signed(OP), 3));
	for network in [1, 2, 3] {
		assert_ok!(Restaking::allocate(
			RuntimeOrigin::signed(OP),
			network,
			Perbill::from_percent(20)
		));
	}
	assert_ok!(Restaking::restake(RuntimeOrigin::signed(1), OP, 1_000));
	roll_to(10);
	for network in [1, 2, 3] {
		assert_eq!(NetworkStake::<Test>::get(network), 200);
	}
}

#[test]
fn a_refresh_over_budget_resumes_next_block_and_refreshes_each_allocation_once() {
	ExtBuilder::default().build_and_execute(|| {
		op_in_three_networks();
		MaxAllocationRefreshes::set(1);
		BackingChanges::set(vec![]);
		assert_ok!(Restaking::restake(RuntimeOrigin::signed(2), OP, 1_000));
		assert!(StaleOperators::<Test>::contains_key(OP));
		// One allocation per block, in order; the cursor keeps the place.
		next_block();
		assert!(!StaleOperators::<Test>::contains_key(OP));
		assert_eq!(RefreshCursor::<Test>::get(), Some((OP, 1)));
		assert_eq!(
			[1, 2, 3].map(NetworkStake::<Test>::get),
			[400, 200, 200],
			"only the first allocation is refreshed"
		);
		next_block();
		assert_eq!(RefreshCursor::<Test>::get(), Some((OP, 2)));
		assert_eq!([1, 2, 3].map(NetworkStake::<Test>::get), [400, 400, 200]);
		next_block();
		assert_eq!(RefreshCursor::<Test>::get(), None);
		assert_eq!([1, 2, 3].map(NetworkStake::<Test>::get), [400, 400, 400]);
		// Each network was told once.
		assert_eq!(BackingChanges::get(), vec![(1, 200, 400), (2, 200, 400), (3, 200, 400)]);
		next_block();
		assert_eq!(BackingChanges::get().len(), 3);
	});
}

#[test]
fn completed_opt_outs_removed_mid_page_do_not_skip_the_allocations_after_them() {
	ExtBuilder::default().build_and_execute(|| {
		op_in_three_networks();
		assert_ok!(Restaking::reward_network(2, &PAYER, 200));
		assert_ok!(Restaking::opt_out(RuntimeOrigin::signed(OP), 1));
		assert_ok!(Restaking::opt_out(RuntimeOrigin::signed(OP), 2));
		MaxAllocationRefreshes::set(2);
		// The opt-outs of networks 1 and 2 complete; restaker 2 joins in the same block, so the
		// page also moves network 3's stake.
		roll_to(10 + Restaking::slash_window() - 1);
		assert_ok!(Restaking::restake(RuntimeOrigin::signed(2), OP, 1_000));
		next_block();
		// The first page removed networks 1 and 2: network 3, shifted to index 0, is next.
		assert_eq!(RefreshCursor::<Test>::get(), Some((OP, 0)));
		assert_eq!(NetworkStake::<Test>::get(1), 0);
		assert_eq!(NetworkStake::<Test>::get(2), 0);
		assert_eq!(NetworkStake::<Test>::get(3), 200);
		// Network 2's payment was harvested before its allocation went.
		assert_eq!(Restaking::restaker_position(&1).unwrap().pending_rewards, 180);
		next_block();
		assert_eq!(RefreshCursor::<Test>::get(), None);
		assert_eq!(NetworkStake::<Test>::get(3), 400);
		let info = crate::Operators::<Test>::get(OP).unwrap();
		assert_eq!(info.allocations.iter().map(|a| a.network).collect::<Vec<_>>(), vec![3]);
		assert!(!NetworkRewardPerStake::<Test>::contains_key(1));
	});
}

fn p(x: u32) -> Perbill {
	Perbill::from_percent(x)
}

fn propagated(op: AccountId) -> bool {
	restaking_events().contains(&Event::SlashPropagated { operator: op })
}

#[test]
fn a_slashed_operator_is_refreshed_before_operators_that_are_only_stale() {
	ExtBuilder::default().build_and_execute(|| {
		op_in_three_networks();
		assert_ok!(Restaking::allocate(RuntimeOrigin::signed(OP2), 1, p(50)));
		assert_ok!(Restaking::restake(RuntimeOrigin::signed(2), OP2, 1_000));
		roll_to(20);
		assert_eq!(NetworkStake::<Test>::get(1), 700);
		// OP2 gains stake (stale), then OP is slashed 50% on network 3 (100 of its 1,000).
		assert_ok!(Restaking::restake(RuntimeOrigin::signed(3), OP2, 1_000));
		assert_eq!(Restaking::slash_operator(&OP, 3, p(50)).unwrap().slashed, 100);
		assert_eq!(NetworkStake::<Test>::get(3), 180, "the slashed network loses it at once");
		MaxAllocationRefreshes::set(3);
		System::reset_events();
		next_block();
		// The block's three refreshes went to OP's allocations: OP2 waits.
		assert_eq!(NetworkStake::<Test>::get(2), 180);
		assert_eq!(NetworkStake::<Test>::get(1), 180 + 500, "OP2's restake not counted yet");
		assert!(StaleOperators::<Test>::contains_key(OP2));
		assert!(propagated(OP));
		assert!(restaking_events().contains(&Event::BackingReduced {
			operator: OP,
			network: 2,
			old: 200,
			new: 180
		}));
		next_block();
		assert_eq!(NetworkStake::<Test>::get(1), 180 + 1_000);
		assert!(!StaleOperators::<Test>::contains_key(OP2));
	});
}

#[test]
fn a_slash_during_a_paged_refresh_restarts_the_operator_from_its_first_allocation() {
	ExtBuilder::default().build_and_execute(|| {
		op_in_three_networks();
		MaxAllocationRefreshes::set(1);
		// Restaker 2 doubles the pool: 400 per network once refreshed.
		assert_ok!(Restaking::restake(RuntimeOrigin::signed(2), OP, 1_000));
		next_block();
		assert_eq!(RefreshCursor::<Test>::get(), Some((OP, 1)));
		assert_eq!([1, 2, 3].map(NetworkStake::<Test>::get), [400, 200, 200]);
		// 50% of network 3's 400: the pool keeps 1,800, 360 per network.
		assert_eq!(Restaking::slash_operator(&OP, 3, p(50)).unwrap().slashed, 200);
		assert_eq!(RefreshCursor::<Test>::get(), None, "the run under way started before it");
		assert_eq!([1, 2, 3].map(NetworkStake::<Test>::get), [400, 200, 360]);
		System::reset_events();
		next_block();
		// From the first allocation again: network 1 sees the loss.
		assert_eq!([1, 2, 3].map(NetworkStake::<Test>::get), [360, 200, 360]);
		assert_eq!(RefreshCursor::<Test>::get(), Some((OP, 1)));
		assert!(Propagating::<Test>::contains_key(OP));
		next_block();
		assert_eq!([1, 2, 3].map(NetworkStake::<Test>::get), [360, 360, 360]);
		assert!(!propagated(OP), "network 3 is not refreshed yet in this run");
		next_block();
		assert!(propagated(OP));
		assert!(!Propagating::<Test>::contains_key(OP));
		assert_eq!(RefreshCursor::<Test>::get(), None);
		// Network 1 fell (an event); network 2 rose from its old figure (no reduction).
		let reduced: Vec<_> = restaking_events()
			.into_iter()
			.filter(|e| matches!(e, Event::BackingReduced { .. }))
			.collect();
		assert_eq!(
			reduced,
			vec![Event::BackingReduced { operator: OP, network: 1, old: 400, new: 360 }]
		);
	});
}

#[test]
fn refreshing_a_slashed_operator_completes_its_propagation_at_once() {
	ExtBuilder::default().build_and_execute(|| {
		op_in_three_networks();
		assert_ok!(Restaking::slash_operator(&OP, 1, p(50)));
		assert_eq!([1, 2, 3].map(NetworkStake::<Test>::get), [180, 200, 200]);
		assert_ok!(Restaking::refresh_operator(RuntimeOrigin::signed(99), OP));
		assert_eq!([1, 2, 3].map(NetworkStake::<Test>::get), [180, 180, 180]);
		assert!(propagated(OP));
		assert!(!Propagating::<Test>::contains_key(OP));
		// Nothing is left for the hook.
		System::reset_events();
		next_block();
		assert!(restaking_events().is_empty());
	});
}

#[test]
fn a_block_refreshes_only_the_operators_whose_pages_fit_its_weight() {
	use crate::{weights::WeightInfo, StaleOperators};
	use frame_support::traits::Hooks;
	ExtBuilder::default().build_and_execute(|| {
		// OP and OP2, each opted into networks 1 and 2: two allocations each.
		for (op, restaker) in [(OP, 1), (OP2, 2)] {
			assert_ok!(Restaking::allocate(RuntimeOrigin::signed(op), 1, p(50)));
			assert_ok!(Restaking::restake(RuntimeOrigin::signed(restaker), op, 1_000));
		}
		roll_to(10);
		assert_eq!(NetworkStake::<Test>::get(1), 1_000);
		// Four allocations a block, but each operator's page carries its own reads and writes:
		// two pages of two weigh more than one page of four.
		MaxAllocationRefreshes::set(4);
		let limit = <() as WeightInfo>::on_initialize(4);
		assert!(!(<() as WeightInfo>::on_initialize(2) * 2).all_lte(limit));
		assert_ok!(Restaking::restake(RuntimeOrigin::signed(3), OP, 1_000));
		assert_ok!(Restaking::restake(RuntimeOrigin::signed(4), OP2, 1_000));
		System::set_block_number(11);
		let charged = Restaking::on_initialize(11);
		assert!(charged.all_lte(limit), "{charged:?} over {limit:?}");
		assert_eq!(charged, <() as WeightInfo>::on_initialize(2));
		assert_eq!(NetworkStake::<Test>::get(1), 1_500, "one operator refreshed");
		assert_eq!(StaleOperators::<Test>::iter_keys().count(), 1);
		next_block();
		assert_eq!(NetworkStake::<Test>::get(1), 2_000);
		assert_eq!(StaleOperators::<Test>::iter_keys().count(), 0);
	});
}
