//! Operators' minimum yields: set and cleared, counted in each network's asked reward as
//! contributions move, checked on allocation increases, reported on payouts.

use super::network_rewards::back_network_one;
use crate::{mock::*, Asks, Error, Event, NetworkAskedReward, NetworkStake};
use frame_support::{assert_noop, assert_ok};
use sp_runtime::{FixedU128, Perbill};
use ssp_primitives::{NetworkBackers, RestakingRewards, RestakingSlash};

fn p(x: u32) -> Perbill {
	Perbill::from_percent(x)
}

/// `n` per mille as a yield per period.
fn per_mille(n: u128) -> FixedU128 {
	FixedU128::from_rational(n, 1_000)
}

#[test]
fn an_ask_is_evented_and_counted_at_the_operators_stake_in_the_networks_asked_reward() {
	ExtBuilder::default().build_and_execute(|| {
		back_network_one();
		assert_ok!(Restaking::set_ask(RuntimeOrigin::signed(OP), 1, Some(per_mille(10))));
		assert_eq!(Asks::<Test>::get(OP, 1), Some(per_mille(10)));
		// 1% of OP's 600.
		assert_eq!(NetworkAskedReward::<Test>::get(1), 6);
		assert_eq!(
			restaking_events(),
			vec![Event::AskSet {
				operator: OP,
				network: 1,
				ask: Some(per_mille(10)),
				asked_reward: 6
			}]
		);
		// 2% of OP2's 300 adds 6; the registry reads the sum.
		assert_ok!(Restaking::set_ask(RuntimeOrigin::signed(OP2), 1, Some(per_mille(20))));
		assert_eq!(<Restaking as NetworkBackers<_, _>>::asked_reward(1), 12);
		// A new ask replaces the old one.
		assert_ok!(Restaking::set_ask(RuntimeOrigin::signed(OP), 1, Some(per_mille(5))));
		assert_eq!(NetworkAskedReward::<Test>::get(1), 9);
		// `None` and zero both clear.
		assert_ok!(Restaking::set_ask(RuntimeOrigin::signed(OP), 1, None));
		assert_ok!(Restaking::set_ask(RuntimeOrigin::signed(OP2), 1, Some(FixedU128::from(0))));
		assert_eq!(Asks::<Test>::get(OP, 1), None);
		assert_eq!(Asks::<Test>::get(OP2, 1), None);
		assert!(!NetworkAskedReward::<Test>::contains_key(1));
	});
}

#[test]
fn set_ask_refuses_non_operators_other_networks_leaving_operators_and_asks_above_the_cap() {
	ExtBuilder::default().build_and_execute(|| {
		back_network_one();
		let ask = Some(per_mille(10));
		assert_noop!(
			Restaking::set_ask(RuntimeOrigin::signed(20), 1, ask),
			Error::<Test>::NotOperator
		);
		assert_noop!(
			Restaking::set_ask(RuntimeOrigin::signed(OP), 3, ask),
			Error::<Test>::NotOptedIn
		);
		// `MaxAsk` is 10% a period.
		assert_ok!(Restaking::set_ask(RuntimeOrigin::signed(OP), 1, Some(per_mille(100))));
		assert_noop!(
			Restaking::set_ask(RuntimeOrigin::signed(OP), 1, Some(per_mille(101))),
			Error::<Test>::AskTooHigh
		);
		assert_ok!(Restaking::opt_out(RuntimeOrigin::signed(OP2), 1));
		assert_noop!(
			Restaking::set_ask(RuntimeOrigin::signed(OP2), 1, ask),
			Error::<Test>::OptingOut
		);
	});
}

#[test]
fn the_asked_reward_follows_restakes_and_slashes() {
	ExtBuilder::default().build_and_execute(|| {
		back_network_one();
		assert_ok!(Restaking::set_ask(RuntimeOrigin::signed(OP), 1, Some(per_mille(10))));
		assert_ok!(Restaking::set_ask(RuntimeOrigin::signed(OP), 2, Some(per_mille(10))));
		// More stake behind OP: 60% of 1,500 = 900 on network 1 at its next refresh.
		assert_ok!(Restaking::restake(RuntimeOrigin::signed(3), OP, 500));
		assert_eq!(NetworkAskedReward::<Test>::get(1), 6);
		next_block();
		assert_eq!(NetworkAskedReward::<Test>::get(1), 9);
		// Network 2 has no stake of OP's: its ask counts nothing there.
		assert!(!NetworkAskedReward::<Test>::contains_key(2));
		// A slash of a third of what OP allocates to network 1 (300 of 1,500): 600 left there.
		assert_ok!(Restaking::slash_operator(&OP, 1, Perbill::from_rational(1u32, 3u32)));
		assert_eq!(NetworkStake::<Test>::get(1), 1_020);
		assert_eq!(NetworkAskedReward::<Test>::get(1), 7);
	});
}

#[test]
fn an_allocation_increase_that_would_pay_less_than_the_ask_is_refused() {
	ExtBuilder::default().build_and_execute(|| {
		back_network_one();
		// Network 2 pays 12 a period and has no stake yet; OP asks 2% there.
		LeaseRewards::mutate(|r| {
			r.insert(2, 12);
		});
		assert_ok!(Restaking::set_ask(RuntimeOrigin::signed(OP), 2, Some(per_mille(20))));
		// 40% of OP's 1,000 would earn 12 / 400 = 3%; 70% would earn 12 / 700 < 2%.
		assert_noop!(
			Restaking::allocate(RuntimeOrigin::signed(OP), 2, p(70)),
			Error::<Test>::BelowAsk
		);
		assert_ok!(Restaking::allocate(RuntimeOrigin::signed(OP), 2, p(40)));
		roll_to(20);
		assert_eq!(NetworkStake::<Test>::get(2), 400);
		// At exactly the ask (12 / 600 = 2%) it is accepted.
		assert_ok!(Restaking::allocate(RuntimeOrigin::signed(OP), 2, p(60)));
		// A decrease is never refused, whatever the yield.
		LeaseRewards::mutate(|r| {
			r.remove(&2);
		});
		assert_ok!(Restaking::allocate(RuntimeOrigin::signed(OP), 2, p(10)));
		// Without a lease nothing is paid: any increase under an ask is refused, and one
		// without an ask is not.
		assert_noop!(
			Restaking::allocate(RuntimeOrigin::signed(OP), 2, p(50)),
			Error::<Test>::BelowAsk
		);
		assert_ok!(Restaking::allocate(RuntimeOrigin::signed(OP2), 2, p(50)));
	});
}

#[test]
fn a_payout_below_what_the_backers_ask_is_evented() {
	ExtBuilder::default().build_and_execute(|| {
		back_network_one();
		assert_ok!(Restaking::set_ask(RuntimeOrigin::signed(OP), 1, Some(per_mille(10))));
		assert_ok!(Restaking::set_ask(RuntimeOrigin::signed(OP2), 1, Some(per_mille(20))));
		System::reset_events();
		assert_ok!(Restaking::reward_network(1, &PAYER, 11));
		assert_eq!(
			restaking_events(),
			vec![
				Event::NetworkRewarded { network: 1, amount: 11 },
				Event::RewardBelowAsks { network: 1, paid: 11, asked: 12 },
			]
		);
		System::reset_events();
		assert_ok!(Restaking::reward_network(1, &PAYER, 12));
		assert_eq!(restaking_events(), vec![Event::NetworkRewarded { network: 1, amount: 12 }]);
	});
}

#[test]
fn a_completed_opt_out_takes_the_operators_ask_with_it() {
	ExtBuilder::default().build_and_execute(|| {
		back_network_one();
		assert_ok!(Restaking::set_ask(RuntimeOrigin::signed(OP), 1, Some(per_mille(10))));
		assert_ok!(Restaking::set_ask(RuntimeOrigin::signed(OP2), 1, Some(per_mille(20))));
		assert_ok!(Restaking::opt_out(RuntimeOrigin::signed(OP), 1));
		// Still slashable, still counted, until the window has passed.
		assert_eq!(NetworkAskedReward::<Test>::get(1), 12);
		roll_to(10 + Restaking::slash_window() + 1);
		assert_eq!(Asks::<Test>::get(OP, 1), None);
		assert_eq!(NetworkAskedReward::<Test>::get(1), 6);
	});
}
