//! Lease rewards paid to a whole network in O(1) and harvested by each operator's pool.

use crate::{mock::*, Error, Event, NetworkRewardPerStake, NetworkStake};
use frame_support::{assert_noop, assert_ok};
use sp_runtime::{FixedU128, Perbill};
use ssp_primitives::RestakingRewards;

fn p(x: u32) -> Perbill {
	Perbill::from_percent(x)
}

/// OP backed by restaker 1 (1,000) and OP2 by restaker 2 (1,000); OP allocates 60% of its
/// stake to network 1 and OP2 30%: network 1 is backed by 600 + 300.
pub(super) fn back_network_one() {
	assert_ok!(Restaking::restake(RuntimeOrigin::signed(1), OP, 1_000));
	assert_ok!(Restaking::restake(RuntimeOrigin::signed(2), OP2, 1_000));
	assert_ok!(Restaking::allocate(RuntimeOrigin::signed(OP), 1, p(60)));
	assert_ok!(Restaking::allocate(RuntimeOrigin::signed(OP2), 1, p(30)));
	roll_to(10);
	assert_eq!(NetworkStake::<Test>::get(1), 900);
	System::reset_events();
}

#[test]
fn a_network_payment_writes_one_accumulator_and_moves_the_funds_to_the_pot() {
	ExtBuilder::default().build_and_execute(|| {
		back_network_one();
		let (pot_before, op, op2) = (free(pot()), free(OP), free(OP2));
		assert_ok!(Restaking::reward_network(1, &PAYER, 900));
		assert_eq!(NetworkRewardPerStake::<Test>::get(1), FixedU128::from_u32(1));
		assert_eq!(restaking_events(), vec![Event::NetworkRewarded { network: 1, amount: 900 }]);
		assert_eq!(free(pot()), pot_before + 900);
		// No operator is paid until it is harvested.
		assert_eq!((free(OP), free(OP2)), (op, op2));
	});
}

#[test]
fn each_operator_harvests_in_proportion_to_its_contribution() {
	ExtBuilder::default().build_and_execute(|| {
		back_network_one();
		let (op, op2) = (free(OP), free(OP2));
		assert_ok!(Restaking::reward_network(1, &PAYER, 900));
		// A refresh harvests: OP earned 600 (10% commission), OP2 300.
		assert_ok!(Restaking::refresh_operator(RuntimeOrigin::signed(99), OP));
		assert!(restaking_events().contains(&Event::RewardPaid {
			network: 1,
			operator: OP,
			commission: 60,
			distributed: 540
		}));
		assert_eq!(free(OP), op + 60);
		// A restaker's claim harvests its operator first.
		let before = free(2);
		assert_ok!(Restaking::claim_rewards(RuntimeOrigin::signed(2)));
		assert_eq!(free(2), before + 270);
		assert_eq!(free(OP2), op2 + 30);
		let before = free(1);
		assert_ok!(Restaking::claim_rewards(RuntimeOrigin::signed(1)));
		assert_eq!(free(1), before + 540);
		// Harvested once: nothing more to claim.
		assert_noop!(
			Restaking::claim_rewards(RuntimeOrigin::signed(1)),
			Error::<Test>::NothingToClaim
		);
	});
}

#[test]
fn a_restaker_joining_after_a_payment_earns_none_of_it() {
	ExtBuilder::default().build_and_execute(|| {
		back_network_one();
		assert_ok!(Restaking::reward_network(1, &PAYER, 900));
		// Restaker 3 joins OP before anyone harvested OP: the restake harvests first.
		assert_ok!(Restaking::restake(RuntimeOrigin::signed(3), OP, 1_000));
		assert_noop!(
			Restaking::claim_rewards(RuntimeOrigin::signed(3)),
			Error::<Test>::NothingToClaim
		);
		let before = free(1);
		assert_ok!(Restaking::claim_rewards(RuntimeOrigin::signed(1)));
		assert_eq!(free(1), before + 540);
	});
}

#[test]
fn a_restaker_leaving_keeps_what_was_paid_while_it_backed() {
	ExtBuilder::default().build_and_execute(|| {
		back_network_one();
		assert_ok!(Restaking::restake(RuntimeOrigin::signed(3), OP, 1_000));
		roll_to(11);
		assert_eq!(NetworkStake::<Test>::get(1), 1_500);
		assert_ok!(Restaking::reward_network(1, &PAYER, 1_500));
		// Restaker 3 asks to withdraw everything before OP is harvested: it keeps its half of
		// OP's 1,200 less commission.
		assert_ok!(Restaking::request_withdrawal(RuntimeOrigin::signed(3), 1_000));
		assert_eq!(Restaking::restaker_position(&3).unwrap().pending_rewards, 540);
		assert_eq!(Restaking::restaker_position(&1).unwrap().pending_rewards, 540);
		// Later payments go to the stake still active.
		roll_to(12);
		assert_eq!(NetworkStake::<Test>::get(1), 900);
		assert_ok!(Restaking::reward_network(1, &PAYER, 900));
		assert_eq!(Restaking::restaker_position(&3).unwrap().pending_rewards, 540);
		assert_eq!(Restaking::restaker_position(&1).unwrap().pending_rewards, 540 + 540);
	});
}

#[test]
fn the_position_view_counts_rewards_not_yet_harvested() {
	ExtBuilder::default().build_and_execute(|| {
		back_network_one();
		assert_ok!(Restaking::reward_network(1, &PAYER, 900));
		assert_eq!(Restaking::restaker_position(&1).unwrap().pending_rewards, 540);
		assert_eq!(Restaking::restaker_position(&2).unwrap().pending_rewards, 270);
		// The view wrote nothing: the payment is still unharvested.
		assert!(!restaking_events().iter().any(|e| matches!(e, Event::RewardPaid { .. })));
	});
}

#[test]
fn reward_network_errors() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(Restaking::reward_network(1, &PAYER, 0), Error::<Test>::ZeroAmount);
		// Operators opted in, nothing allocated yet.
		assert_noop!(Restaking::reward_network(1, &PAYER, 100), Error::<Test>::NoNetworkStake);
		assert_noop!(Restaking::reward_network(7, &PAYER, 100), Error::<Test>::NoNetworkStake);
		back_network_one();
		// A payer who cannot pay.
		assert_noop!(
			Restaking::reward_network(1, &9_999, 100),
			sp_runtime::TokenError::FundsUnavailable
		);
	});
}

#[test]
fn the_last_opt_out_drops_the_accumulator_after_harvesting() {
	ExtBuilder::default().build_and_execute(|| {
		back_network_one();
		assert_ok!(Restaking::reward_network(1, &PAYER, 900));
		for op in [OP, OP2] {
			assert_ok!(Restaking::opt_out(RuntimeOrigin::signed(op), 1));
		}
		roll_to(12 + Restaking::slash_window());
		for op in [OP, OP2] {
			assert_ok!(Restaking::refresh_operator(RuntimeOrigin::signed(99), op));
		}
		assert!(!NetworkRewardPerStake::<Test>::contains_key(1));
		// The opt-outs harvested what the network paid before they completed.
		assert_eq!(Restaking::restaker_position(&1).unwrap().pending_rewards, 540);
		assert_eq!(Restaking::restaker_position(&2).unwrap().pending_rewards, 270);
		// A new opt-in starts from a fresh accumulator.
		assert_ok!(Restaking::opt_in(RuntimeOrigin::signed(OP), 1));
		let info = crate::Operators::<Test>::get(OP).unwrap();
		let a = info.allocations.iter().find(|a| a.network == 1).unwrap();
		assert_eq!(a.reward_checkpoint, FixedU128::from_u32(0));
	});
}
