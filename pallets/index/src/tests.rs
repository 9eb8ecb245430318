//! The index pool: following the index in steps, depositors earning the index yield and taking
//! slashes pro rata.

use crate::{mock::*, rebalance::next_step, Event, Failed, Rebalancing, Step, Target};
use frame_support::{assert_ok, BoundedVec};
use sp_runtime::Perbill;
use ssp_primitives::OperatorControl;

fn p(x: u32) -> Perbill {
	Perbill::from_percent(x)
}

fn allocations() -> Vec<(u32, Perbill, bool)> {
	<Restaking as OperatorControl<AccountId>>::allocations(&pool())
}

fn position(who: AccountId) -> ssp_primitives::RestakerPosition<AccountId, Balance, BlockNumber> {
	Restaking::restaker_position(&who).expect("a restaker")
}

/// Make network B secure (its CoC, 83, meets a PfC of 50): it joins the index next period.
fn secure_b() {
	assert_ok!(Leasing::set_pfc(RuntimeOrigin::signed(MANAGER), NET_B, 50));
}

fn deposit(who: AccountId, amount: Balance) {
	assert_ok!(Staking::bond(
		RuntimeOrigin::signed(who),
		amount,
		pallet_staking::RewardDestination::Stash
	));
	assert_ok!(Restaking::restake(RuntimeOrigin::signed(who), pool(), amount));
}

#[test]
fn genesis_registers_the_pool_and_it_follows_the_first_index_when_its_sweep_ends() {
	ExtBuilder::build_and_execute(|| {
		assert!(<Restaking as OperatorControl<AccountId>>::is_operator(&pool()));
		// Period 0's sweep takes blocks 1 and 2 (three networks, two a block).
		assert_eq!(Target::<Test>::get(), None);
		run_to_block(2);
		// Period 0's index: network A alone (B is under its target, C has no lease); one
		// network gets the cap, 40%.
		let targets = BoundedVec::truncate_from(vec![(NET_A, p(40))]);
		assert_eq!(Target::<Test>::get(), Some((0, targets.clone())));
		assert_eq!(
			events(),
			vec![
				Event::RebalanceStarted { period: 0, targets },
				Event::StepTaken { step: Step::OptIn(NET_A) },
				Event::StepTaken { step: Step::Allocate(NET_A, p(40)) },
				Event::Rebalanced { period: 0 },
			]
		);
		assert_eq!(allocations(), vec![(NET_A, p(40), false)]);
		assert!(!Rebalancing::<Test>::get());
	});
}

#[test]
fn a_network_meeting_its_target_joins_and_one_falling_below_leaves() {
	ExtBuilder::build_and_execute(|| {
		secure_b();
		// Period 1's sweep ends in its second block (three networks, two a block).
		run_to_block(PERIOD + 1);
		let targets = BoundedVec::truncate_from(vec![(NET_A, p(40)), (NET_B, p(40))]);
		assert_eq!(Target::<Test>::get(), Some((1, targets.clone())));
		assert_eq!(
			events(),
			vec![
				Event::RebalanceStarted { period: 1, targets },
				Event::StepTaken { step: Step::OptIn(NET_B) },
				Event::StepTaken { step: Step::Allocate(NET_B, p(40)) },
				Event::Rebalanced { period: 1 },
			]
		);
		assert_eq!(allocations(), vec![(NET_A, p(40), false), (NET_B, p(40), false)]);
		// B falls below its target again: the pool leaves it at the next period.
		assert_ok!(Leasing::set_pfc(RuntimeOrigin::signed(MANAGER), NET_B, 1_000));
		run_to_block(2 * PERIOD + 1);
		assert!(events().contains(&Event::StepTaken { step: Step::OptOut(NET_B) }));
		assert_eq!(allocations(), vec![(NET_A, p(40), false), (NET_B, p(0), true)]);
	});
}

#[test]
fn an_unchanged_index_takes_no_step() {
	ExtBuilder::build_and_execute(|| {
		run_to_block(PERIOD + 1);
		assert_eq!(Target::<Test>::get().map(|t| t.0), Some(1));
		assert!(events().is_empty());
	});
}

#[test]
fn steps_are_bounded_per_block_and_resume() {
	ExtBuilder::build_and_execute(|| {
		StepsPerBlock::set(1);
		secure_b();
		run_to_block(PERIOD + 1);
		assert_eq!(events().last(), Some(&Event::StepTaken { step: Step::OptIn(NET_B) }));
		assert!(Rebalancing::<Test>::get());
		run_to_block(PERIOD + 2);
		assert_eq!(events(), vec![Event::StepTaken { step: Step::Allocate(NET_B, p(40)) }]);
		run_to_block(PERIOD + 3);
		assert_eq!(events(), vec![Event::Rebalanced { period: 1 }]);
		assert!(!Rebalancing::<Test>::get());
	});
}

#[test]
fn a_failed_step_is_evented_and_skipped_until_the_next_index() {
	use frame_support::traits::fungible::Mutate;
	ExtBuilder::build_and_execute(|| {
		run_to_block(2);
		secure_b();
		// The pool cannot pay the opt-in deposit for B.
		Balances::set_balance(&pool(), 1);
		run_to_block(PERIOD + 1);
		assert!(events().contains(&Event::StepFailed {
			step: Step::OptIn(NET_B),
			error: pallet_ssp_restaking::Error::<Test>::InsufficientDeposit.into(),
		}));
		assert!(events().contains(&Event::Rebalanced { period: 1 }));
		assert!(Failed::<Test>::get().is_empty());
		assert_eq!(allocations(), vec![(NET_A, p(40), false)]);
		// Funded again, the next period's index (the same) is followed in full.
		Balances::set_balance(&pool(), ENDOWMENT);
		run_to_block(2 * PERIOD + 1);
		assert!(events().contains(&Event::StepTaken { step: Step::OptIn(NET_B) }));
		assert_eq!(allocations(), vec![(NET_A, p(40), false), (NET_B, p(40), false)]);
	});
}

#[test]
fn depositors_earn_the_index_yield_and_take_a_slash_pro_rata() {
	ExtBuilder::build_and_execute(|| {
		secure_b();
		run_to_block(PERIOD + 1);
		deposit(4, 500);
		deposit(5, 1_000);
		// The allocations to A and B count the deposits once refreshed (5 blocks' delay).
		run_to_block(2 * PERIOD + 2);
		let (a, b) = (position(4), position(5));
		assert!(a.pending_rewards > 0, "the pool earned from the leases");
		// Both earned from both networks in proportion to their shares, 1 : 2 (rounding aside).
		assert!(b.pending_rewards.abs_diff(2 * a.pending_rewards) <= 2);
		// Network A's slasher reports the pool for 10% of its stake there: 40% of the pool.
		let now = System::block_number();
		assert_ok!(Slashing::report_offence(
			RuntimeOrigin::signed(SLASHER),
			NET_A,
			pool(),
			p(10),
			now,
			BoundedVec::truncate_from(b"checkpoint 7".to_vec()),
		));
		run_to_block(now + VETO_WINDOW + 1);
		let (a2, b2) = (position(4), position(5));
		// 10% × 40% of 1,500: 60, taken 20 from 4 and 40 from 5.
		assert_eq!((a.active - a2.active, b.active - b2.active), (20, 40));
	});
}

#[test]
fn steps_go_down_before_up() {
	let current = vec![(1, p(40), false), (2, p(40), false), (3, p(10), true)];
	let targets = vec![(2, p(20)), (4, p(30)), (1, p(50))];
	// Network 1 is raised, 2 lowered, 3 is leaving already, 4 joins.
	assert_eq!(next_step(&current, &targets, &[], 32), Some(Step::Allocate(2, p(20))));
	let current = vec![(1, p(40), false), (2, p(20), false)];
	assert_eq!(next_step(&current, &targets, &[], 32), Some(Step::OptIn(4)));
	let current = vec![(1, p(40), false), (2, p(20), false), (4, p(0), false)];
	assert_eq!(next_step(&current, &targets, &[], 32), Some(Step::Allocate(1, p(50))));
	// Leaving first of all; a failed network is left alone.
	let current = vec![(5, p(10), false), (1, p(50), false)];
	assert_eq!(next_step(&current, &targets, &[], 32), Some(Step::OptOut(5)));
	assert_eq!(next_step(&current, &targets, &[5], 32), Some(Step::OptIn(2)));
	// A pool at its bound joins nothing until an opt-out completes.
	let current = vec![(1, p(40), false), (2, p(20), false)];
	assert_eq!(next_step(&current, &targets, &[], 2), Some(Step::Allocate(1, p(50))));
	let current = vec![(1, p(50), false), (2, p(20), false)];
	assert_eq!(next_step(&current, &targets, &[], 2), None);
	// An opt-out still completing blocks a new opt-in to the same network.
	let current = vec![(2, p(0), true)];
	assert_eq!(next_step(&current, &[(2, p(20))], &[], 32), None);
}

#[test]
fn an_upgrade_that_adds_the_pallet_registers_the_pool() {
	use frame_support::traits::Hooks;
	ExtBuilder::build_and_execute(|| {
		// A chain that had no index pool: its operator is not registered.
		pallet_ssp_restaking::Operators::<Test>::remove(pool());
		assert!(!<Restaking as OperatorControl<AccountId>>::is_operator(&pool()));
		Index::on_runtime_upgrade();
		assert!(<Restaking as OperatorControl<AccountId>>::is_operator(&pool()));
		// Once registered, it follows the index at the next block.
		run_to_block(2);
		assert_eq!(allocations().len(), 1);
	});
}
