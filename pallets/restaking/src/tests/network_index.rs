//! The per-network operator index and the backing-change notifications the leasing pallet uses.

use crate::{mock::*, Error, NetworkOperatorCount, NetworkStake};
use frame_support::{assert_noop, assert_ok, traits::tokens::imbalance::Imbalance};
use sp_runtime::Perbill;
use ssp_primitives::{NetworkBackers, RestakingSlash};

fn p(x: u32) -> Perbill {
	Perbill::from_percent(x)
}

/// Replaying the notifications gives `NetworkStake` exactly, and each one starts where the
/// previous one for the same network ended.
fn assert_notifications_follow_network_stake() {
	let mut totals = std::collections::BTreeMap::new();
	for (network, old, new) in BackingChanges::get() {
		let prev = totals.insert(network, new).unwrap_or(0);
		assert_eq!(prev, old, "notification of network {network} skips a change");
	}
	for (network, total) in totals {
		assert_eq!(NetworkStake::<Test>::get(network), total);
	}
}

#[test]
fn index_follows_opt_in_and_completed_opt_out() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(network_operators(1), (vec![OP, OP2], 2));
		assert_ok!(Restaking::opt_out(RuntimeOrigin::signed(OP), 1));
		// Still indexed (and slashable) while the opt-out waits.
		assert_eq!(network_operators(1), (vec![OP, OP2], 2));
		roll_to(1 + Restaking::slash_window());
		assert_ok!(Restaking::refresh_operator(RuntimeOrigin::signed(99), OP));
		assert_eq!(network_operators(1), (vec![OP2], 1));
		assert_ok!(Restaking::opt_out(RuntimeOrigin::signed(OP2), 1));
		roll_to(2 + 2 * Restaking::slash_window());
		assert_ok!(Restaking::refresh_operator(RuntimeOrigin::signed(99), OP2));
		assert_eq!(network_operators(1), (vec![], 0));
		assert!(!NetworkOperatorCount::<Test>::contains_key(1));
	});
}

#[test]
fn opt_in_refuses_a_full_network() {
	ExtBuilder::default().build_and_execute(|| {
		MaxOperatorsPerNetwork::set(2);
		assert_ok!(Restaking::register_operator(
			RuntimeOrigin::signed(20),
			p(0),
			Default::default()
		));
		assert_noop!(
			Restaking::opt_in(RuntimeOrigin::signed(20), 1),
			Error::<Test>::TooManyOperators
		);
		assert_ok!(Restaking::opt_in(RuntimeOrigin::signed(20), 3));
	});
}

#[test]
fn backers_report_each_operators_contribution() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Restaking::allocate(RuntimeOrigin::signed(OP), 1, p(50)));
		assert_ok!(Restaking::allocate(RuntimeOrigin::signed(OP2), 1, p(100)));
		assert_ok!(Restaking::restake(RuntimeOrigin::signed(1), OP, 1_000));
		assert_ok!(Restaking::restake(RuntimeOrigin::signed(2), OP2, 400));
		roll_to(6);
		assert_ok!(Restaking::refresh_operator(RuntimeOrigin::signed(99), OP));
		assert_ok!(Restaking::refresh_operator(RuntimeOrigin::signed(99), OP2));
		assert_eq!(Restaking::network_backers(1), vec![(OP, 500), (OP2, 400)]);
		assert_eq!(<Restaking as NetworkBackers<_, _>>::network_stake(1), 900);
		assert_eq!(Restaking::network_backers(2), vec![(OP, 0), (OP2, 0)]);
		assert_eq!(<Restaking as NetworkBackers<AccountId, Balance>>::max_backers(), 8);
	});
}

#[test]
fn backers_pages_visit_every_operator_once_and_say_when_done() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Restaking::allocate(RuntimeOrigin::signed(OP), 1, p(50)));
		assert_ok!(Restaking::allocate(RuntimeOrigin::signed(OP2), 1, p(100)));
		assert_ok!(Restaking::restake(RuntimeOrigin::signed(1), OP, 1_000));
		assert_ok!(Restaking::restake(RuntimeOrigin::signed(2), OP2, 400));
		roll_to(6);
		let page = |after: Option<&AccountId>, limit| Restaking::backers_page(1, after, limit);
		// A page of one, then the rest: each operator once, with the stake of network_backers.
		let first = page(None, 1);
		assert_eq!((first.visited, first.done, first.backers.len()), (1, false, 1));
		let second = page(first.last.as_ref(), 5);
		assert_eq!((second.visited, second.done), (1, true));
		let mut all = [first.backers, second.backers].concat();
		all.sort_by_key(|(_, stake)| std::cmp::Reverse(*stake));
		assert_eq!(all, Restaking::network_backers(1));
		// A page as large as the network is the last; one of a network without operators too.
		let whole = page(None, 2);
		assert_eq!((whole.visited, whole.done), (2, true));
		let none = Restaking::backers_page(7, None, 4);
		assert_eq!((none.visited, none.done, none.last), (0, true, None));
	});
}

#[test]
fn every_change_of_network_stake_is_notified() {
	ExtBuilder::default().build_and_execute(|| {
		BackingChanges::set(Vec::new());
		assert_ok!(Restaking::allocate(RuntimeOrigin::signed(OP), 1, p(50)));
		assert_ok!(Restaking::allocate(RuntimeOrigin::signed(OP), 2, p(100)));
		assert_ok!(Restaking::restake(RuntimeOrigin::signed(1), OP, 1_000));
		// Allocation maturing.
		roll_to(6);
		assert_ok!(Restaking::refresh_operator(RuntimeOrigin::signed(99), OP));
		assert_eq!(BackingChanges::get(), vec![(1, 0, 500), (2, 0, 1_000)]);
		// Restake.
		assert_ok!(Restaking::restake(RuntimeOrigin::signed(2), OP, 1_000));
		// Slash on network 1 propagates to network 2.
		assert_ok!(Restaking::slash_operator(&OP, 1, p(10)));
		// Withdrawal request.
		assert_ok!(Restaking::request_withdrawal(RuntimeOrigin::signed(1), 300));
		// Parent-chain slash through `OnStakingUpdate`.
		let before = BackingChanges::get().len();
		let stash = 2;
		let era = pallet_staking::ActiveEra::<Test>::get().unwrap().index;
		let mut credit = crate::CreditOf::<Test>::zero();
		let mut payout = 0;
		pallet_staking::slashing::do_slash::<Test>(&stash, 100, &mut payout, &mut credit, era);
		BurntOutside::mutate(|b| *b += credit.peek());
		drop(credit);
		// The operator's networks follow at the next block.
		next_block();
		assert!(BackingChanges::get().len() > before, "parent-chain slash not notified");
		assert_notifications_follow_network_stake();
	});
}

#[test]
fn shared_stake_counts_operators_securing_several_networks() {
	use crate::{NetworkSharedStake, SharedContribution};
	let shared = |n| <Restaking as NetworkBackers<AccountId, Balance>>::shared_stake(n);
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Restaking::allocate(RuntimeOrigin::signed(OP), 1, p(50)));
		assert_ok!(Restaking::restake(RuntimeOrigin::signed(1), OP, 1_000));
		roll_to(6);
		assert_ok!(Restaking::refresh_operator(RuntimeOrigin::signed(99), OP));
		// One allocation in effect: OP's stake secures network 1 alone.
		assert_eq!(NetworkStake::<Test>::get(1), 500);
		assert_eq!((shared(1), shared(2)), (0, 0));
		assert_eq!(<Restaking as NetworkBackers<AccountId, Balance>>::total_stake(), 1_000);
		// A second allocation, once in effect, makes both networks' stake from OP shared.
		assert_ok!(Restaking::allocate(RuntimeOrigin::signed(OP), 2, p(30)));
		assert_eq!(shared(1), 0);
		roll_to(12);
		assert_eq!((shared(1), shared(2)), (500, 300));
		assert_eq!(SharedContribution::<Test>::get(OP, 1), Some(500));
		// Back to one allocation after the slash window: nothing shared.
		assert_ok!(Restaking::allocate(RuntimeOrigin::signed(OP), 2, p(0)));
		roll_to(13 + Restaking::slash_window());
		assert_eq!((shared(1), shared(2)), (0, 0));
		assert!(!NetworkSharedStake::<Test>::contains_key(1));
		assert_eq!(SharedContribution::<Test>::get(OP, 1), None);
	});
}
