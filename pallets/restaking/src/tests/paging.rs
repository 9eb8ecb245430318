//! The refresh hook pages by allocation: a block refreshes at most
//! `MaxAllocationRefreshesPerBlock` allocations, and an operator left half-way resumes at the
//! next block where it stopped.

use crate::{mock::*, NetworkRewardPerStake, NetworkStake, RefreshCursor, StaleOperators};
use frame_support::assert_ok;
use sp_runtime::Perbill;
use ssp_primitives::RestakingRewards;

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
