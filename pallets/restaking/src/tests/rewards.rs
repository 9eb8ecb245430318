//! Rewards: commission, reward per share, O(1) claims.

use crate::{mock::*, Error, Event};
use frame_support::{assert_noop, assert_ok};
use sp_runtime::Perbill;
use ssp_primitives::RestakingRewards;

#[test]
fn reward_pays_commission_and_splits_the_rest_by_shares() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Restaking::restake(RuntimeOrigin::signed(1), OP, 1_000));
		assert_ok!(Restaking::restake(RuntimeOrigin::signed(2), OP, 500));
		let op_before = free(OP);
		assert_eq!(Restaking::reward_operator(1, &OP, &PAYER, 1_000), Ok(900));
		assert_eq!(free(OP), op_before + 100);
		assert!(restaking_events().contains(&Event::RewardPaid {
			network: 1,
			operator: OP,
			commission: 100,
			distributed: 900
		}));
		assert_eq!(Restaking::restaker_position(&1).unwrap().pending_rewards, 600);
		let before = free(1);
		assert_ok!(Restaking::claim_rewards(RuntimeOrigin::signed(1)));
		assert_eq!(free(1), before + 600);
		assert_eq!(
			restaking_events().last(),
			Some(&Event::RewardsClaimed { restaker: 1, amount: 600 })
		);
		assert_noop!(
			Restaking::claim_rewards(RuntimeOrigin::signed(1)),
			Error::<Test>::NothingToClaim
		);
		// A late joiner earns nothing from earlier rewards.
		assert_ok!(Restaking::restake(RuntimeOrigin::signed(3), OP, 1_000));
		assert_noop!(
			Restaking::claim_rewards(RuntimeOrigin::signed(3)),
			Error::<Test>::NothingToClaim
		);
		// Stake being withdrawn earns nothing.
		assert_ok!(Restaking::request_withdrawal(RuntimeOrigin::signed(2), 500));
		assert_ok!(Restaking::reward_operator(1, &OP, &PAYER, 2_000));
		assert_eq!(Restaking::restaker_position(&2).unwrap().pending_rewards, 300);
		assert_eq!(Restaking::restaker_position(&3).unwrap().pending_rewards, 900);
		assert_eq!(Restaking::restaker_position(&1).unwrap().pending_rewards, 900);
		// Withdrawing everything pays out what is left.
		roll_to(21);
		let before = free(2);
		assert_ok!(Restaking::withdraw(RuntimeOrigin::signed(2)));
		assert_eq!(free(2), before + 300);
	});
}

#[test]
fn reward_errors() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Restaking::claim_rewards(RuntimeOrigin::signed(1)),
			Error::<Test>::NotRestaker
		);
		assert_noop!(Restaking::reward_operator(1, &OP, &PAYER, 0), Error::<Test>::ZeroAmount);
		assert_noop!(Restaking::reward_operator(1, &1, &PAYER, 10), Error::<Test>::NotOperator);
		assert_noop!(Restaking::reward_operator(3, &OP, &PAYER, 10), Error::<Test>::NotOptedIn);
		assert_noop!(Restaking::reward_operator(1, &OP, &PAYER, 10), Error::<Test>::NoActiveStake);
	});
}

#[test]
fn reward_rounding_never_pays_more_than_paid_in() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Restaking::register_operator(
			RuntimeOrigin::signed(20),
			Perbill::from_percent(3),
			Default::default()
		));
		assert_ok!(Restaking::opt_in(RuntimeOrigin::signed(20), 1));
		for (i, who) in (21..28).enumerate() {
			assert_ok!(Restaking::restake(RuntimeOrigin::signed(who), 20, 11 + 97 * i as u128));
		}
		let mut paid = 0;
		for amount in [7u128, 13, 1, 999, 3] {
			paid += amount;
			let _ = Restaking::reward_operator(1, &20, &PAYER, amount);
		}
		let mut claimed = 0;
		for who in 21..28 {
			let before = free(who);
			let _ = Restaking::claim_rewards(RuntimeOrigin::signed(who));
			claimed += free(who) - before;
		}
		assert!(claimed <= paid);
	});
}
