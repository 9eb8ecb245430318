//! Slashing: O(1) pool slashes, lazy settlement on real funds, propagation, parent-chain slashes.

use crate::{mock::*, Error, Event, NetworkStake, Pools, Propagating, Restakers};
use frame_support::{
	assert_noop, assert_ok,
	traits::{
		fungible::Mutate,
		tokens::{imbalance::Imbalance, Preservation},
	},
};
use sp_runtime::Perbill;
use ssp_primitives::{BackingChange, RestakingSlash};

fn p(x: u32) -> Perbill {
	Perbill::from_percent(x)
}

/// OP: 50% on network 1, 100% on network 2 (150%: leveraged); restakers 1, 2, 3 with 1000,
/// 500, 250.
fn setup() {
	assert_ok!(Restaking::allocate(RuntimeOrigin::signed(OP), 1, p(50)));
	assert_ok!(Restaking::allocate(RuntimeOrigin::signed(OP), 2, p(100)));
	assert_ok!(Restaking::restake(RuntimeOrigin::signed(1), OP, 1_000));
	assert_ok!(Restaking::restake(RuntimeOrigin::signed(2), OP, 500));
	assert_ok!(Restaking::restake(RuntimeOrigin::signed(3), OP, 250));
	roll_to(6);
	assert_ok!(Restaking::refresh_operator(RuntimeOrigin::signed(99), OP));
	assert_eq!(NetworkStake::<Test>::get(1), 875);
	assert_eq!(NetworkStake::<Test>::get(2), 1_750);
	System::reset_events();
}

#[test]
fn slash_on_one_network_reduces_every_restaker_pro_rata_and_every_other_network() {
	ExtBuilder::default().build_and_execute(|| {
		setup();
		// 20% of the 875 allocated to network 1 = 175 = 10% of the pool.
		let out = Restaking::slash_operator(&OP, 1, p(20)).unwrap();
		assert_eq!(out.slashed, 175);
		assert_eq!(out.other_networks, vec![BackingChange { network: 2, old: 1_750, new: 1_575 }]);
		// The slashed network loses the stake with the slash; the other waits for the hook.
		assert_eq!(NetworkStake::<Test>::get(1), 787);
		assert_eq!(NetworkStake::<Test>::get(2), 1_750);
		assert!(Propagating::<Test>::contains_key(OP));
		assert!(restaking_events().contains(&Event::OperatorSlashed {
			operator: OP,
			network: 1,
			fraction: p(20),
			amount: 175
		}));
		assert!(restaking_events().contains(&Event::BackingReduced {
			operator: OP,
			network: 1,
			old: 875,
			new: 787
		}));
		roll_to(7);
		assert_eq!(NetworkStake::<Test>::get(2), 1_575);
		assert!(!Propagating::<Test>::contains_key(OP));
		let events = restaking_events();
		let reduced = events.iter().position(|e| {
			*e == Event::BackingReduced { operator: OP, network: 2, old: 1_750, new: 1_575 }
		});
		let propagated = events.iter().position(|e| *e == Event::SlashPropagated { operator: OP });
		assert!(reduced.is_some() && propagated > reduced, "{events:?}");
		// No restaker was touched yet (O(1)); each position already shows the loss.
		for (who, before) in [(1, 1_000), (2, 500), (3, 250)] {
			assert_eq!(Restakers::<Test>::get(who).unwrap().committed, before);
			let pos = Restaking::restaker_position(&who).unwrap();
			assert_eq!(pos.active, before * 9 / 10);
			assert_eq!(pos.pending_slash, before / 10);
		}
		// Settling takes the real funds, from the bonded stake through staking's ledger.
		for (who, before) in [(1u64, 1_000u128), (2, 500), (3, 250)] {
			assert_ok!(Restaking::settle(RuntimeOrigin::signed(99), who));
			assert_eq!(staked(who).total, BONDED - before / 10);
			assert_eq!(total(who), ENDOWMENT - before / 10);
			assert!(restaking_events().contains(&Event::RestakerSlashed {
				restaker: who,
				operator: OP,
				bonded: before / 10,
				free: 0,
				left_for_staking: 0,
				missing: 0
			}));
			// Staking's own `on_slash` notification of this slash was not counted twice.
			assert_eq!(Restakers::<Test>::get(who).unwrap().committed, before * 9 / 10);
		}
		assert_eq!(SlashedToSink::get(), 175);
		// Settling again takes nothing.
		assert_ok!(Restaking::settle(RuntimeOrigin::signed(99), 1));
		assert_eq!(SlashedToSink::get(), 175);
	});
}

#[test]
fn slash_is_capped_by_network_max_slash() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Restaking::opt_in(RuntimeOrigin::signed(OP), 4));
		assert_ok!(Restaking::allocate(RuntimeOrigin::signed(OP), 4, p(100)));
		assert_ok!(Restaking::restake(RuntimeOrigin::signed(1), OP, 1_000));
		roll_to(6);
		// Network 4 slashes at most 10% per offence.
		assert_eq!(Restaking::slash_operator(&OP, 4, p(80)).unwrap().slashed, 100);
		assert_eq!(Pools::<Test>::get(OP).stake, 900);
	});
}

#[test]
fn slash_errors() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(Restaking::slash_operator(&1, 1, p(10)), Error::<Test>::NotOperator);
		assert_noop!(Restaking::slash_operator(&OP, 3, p(10)), Error::<Test>::NotOptedIn);
		assert_noop!(Restaking::slash_operator(&OP, 1, p(10)), Error::<Test>::NothingAllocated);
	});
}

#[test]
fn withdrawing_stake_is_slashed_and_withdrawal_gets_what_is_left() {
	ExtBuilder::default().build_and_execute(|| {
		setup();
		assert_ok!(Restaking::request_withdrawal(RuntimeOrigin::signed(1), 1_000));
		// Withdrawing stake no longer backs networks (from the next block, when the hook
		// refreshes the operator)...
		next_block();
		assert_eq!(NetworkStake::<Test>::get(2), 750);
		// ... but is slashed with the pool: 50% of network 2's 100% of all 1750.
		let out = Restaking::slash_operator(&OP, 2, p(50)).unwrap();
		assert_eq!(out.slashed, 875);
		roll_to(26);
		assert_ok!(Restaking::withdraw(RuntimeOrigin::signed(1)));
		assert!(restaking_events().contains(&Event::Withdrawn {
			restaker: 1,
			operator: OP,
			amount: 500
		}));
		assert_eq!(total(1), ENDOWMENT - 500);
	});
}

#[test]
fn restaker_who_unbonded_and_withdrew_in_staking_is_still_slashed_within_the_delay() {
	ExtBuilder::default().build_and_execute(|| {
		setup();
		assert_ok!(Staking::unbond(RuntimeOrigin::signed(1), BONDED));
		pallet_staking::CurrentEra::<Test>::put(10);
		assert_ok!(Staking::withdraw_unbonded(RuntimeOrigin::signed(1), 0));
		assert_eq!(staked(1).total, 0);
		// The position moved into a withdrawal (delay from now: block 6 + 20).
		assert_eq!(Restakers::<Test>::get(1).unwrap().withdrawing.unwrap().unlock_at, 26);
		// An offence reported within the delay still reaches the withdrawn funds.
		roll_to(25);
		Restaking::slash_operator(&OP, 2, p(40)).unwrap();
		assert_noop!(
			Restaking::withdraw(RuntimeOrigin::signed(1)),
			Error::<Test>::WithdrawalNotReady
		);
		roll_to(26);
		assert_ok!(Restaking::withdraw(RuntimeOrigin::signed(1)));
		// 40% of its 1000 was taken from its free (frozen) funds, since nothing is bonded.
		assert!(restaking_events().contains(&Event::RestakerSlashed {
			restaker: 1,
			operator: OP,
			bonded: 0,
			free: 400,
			left_for_staking: 0,
			missing: 0
		}));
		assert_eq!(total(1), ENDOWMENT - 400);
		assert!(Restakers::<Test>::get(1).is_none());
		// Everything else is now spendable.
		assert_ok!(<Balances as Mutate<_>>::transfer(
			&1,
			&99,
			ENDOWMENT - 400,
			Preservation::Expendable
		));
	});
}

#[test]
fn parent_chain_slash_flows_in_through_on_staking_update() {
	ExtBuilder::default().build_and_execute(|| {
		setup();
		// Restaker 2 restaked 500 of its 1000 bonded. Staking slashes 10% of its bond.
		let mut credit = crate::CreditOf::<Test>::zero();
		let mut reward = 0;
		pallet_staking::slashing::do_slash::<Test>(&2, 100, &mut reward, &mut credit, 1);
		BurntOutside::mutate(|b| *b += credit.peek());
		drop(credit);
		assert_eq!(staked(2).total, 900);
		// The restaked position lost the same 10%, and so did the networks' backing.
		assert!(restaking_events().contains(&Event::ParentSlashApplied {
			restaker: 2,
			operator: OP,
			amount: 50,
			debt_reduced: 0
		}));
		let pos = Restaking::restaker_position(&2).unwrap();
		assert_eq!((pos.active, pos.pending_slash), (450, 0));
		assert_eq!(Pools::<Test>::get(OP).stake, 1_700);
		next_block();
		assert_eq!(NetworkStake::<Test>::get(1), 850);
		assert_eq!(NetworkStake::<Test>::get(2), 1_700);
		// Other restakers are untouched.
		assert_eq!(Restaking::restaker_position(&1).unwrap().active, 1_000);
	});
}

#[test]
fn parent_chain_slash_of_everything_removes_the_position() {
	ExtBuilder::default().build_and_execute(|| {
		setup();
		let mut credit = crate::CreditOf::<Test>::zero();
		pallet_staking::slashing::do_slash::<Test>(&3, BONDED, &mut 0, &mut credit, 1);
		BurntOutside::mutate(|b| *b += credit.peek());
		drop(credit);
		assert!(Restakers::<Test>::get(3).is_none());
		assert_eq!(Pools::<Test>::get(OP).restakers, 2);
	});
}

#[test]
fn slash_cost_does_not_depend_on_restakers() {
	// The slash touches the operator, its pool and its networks only: no restaker record.
	ExtBuilder::default().build_and_execute(|| {
		setup();
		for who in 20..30 {
			assert_ok!(Restaking::restake(RuntimeOrigin::signed(who), OP, 100));
		}
		let before: Vec<_> = Restakers::<Test>::iter().collect();
		Restaking::slash_operator(&OP, 1, p(10)).unwrap();
		let after: Vec<_> = Restakers::<Test>::iter().collect();
		assert_eq!(before, after);
	});
}

#[test]
fn restake_and_withdrawal_request_leave_a_pending_slash_owed_until_withdraw_settles_it() {
	ExtBuilder::default().build_and_execute(|| {
		setup();
		// 20% of network 1's 875 = 175 = 10% of the pool: restaker 3 (250) owes 25.
		Restaking::slash_operator(&OP, 1, p(20)).unwrap();
		System::reset_events();
		assert_ok!(Restaking::restake(RuntimeOrigin::signed(3), OP, 100));
		let pos = Restaking::restaker_position(&3).unwrap();
		assert_eq!(pos.pending_slash, 25);
		// The debt is still frozen and still counts against the bond (the new shares are worth
		// 99: positions round down).
		assert_eq!(Restakers::<Test>::get(3).unwrap().committed, 225 + 25 + 99);
		assert_eq!(staked(3).active, BONDED);
		assert_noop!(
			Restaking::restake(RuntimeOrigin::signed(3), OP, BONDED - 349 + 1),
			Error::<Test>::InsufficientBondedStake
		);
		assert_ok!(Restaking::request_withdrawal(RuntimeOrigin::signed(3), 325));
		assert_eq!(Restaking::restaker_position(&3).unwrap().pending_slash, 25);
		assert_eq!(staked(3).active, BONDED);
		assert!(!restaking_events().iter().any(|e| matches!(e, Event::RestakerSlashed { .. })));
		roll_to(26);
		assert_ok!(Restaking::withdraw(RuntimeOrigin::signed(3)));
		assert!(restaking_events().contains(&Event::RestakerSlashed {
			restaker: 3,
			operator: OP,
			bonded: 25,
			free: 0,
			left_for_staking: 0,
			missing: 0
		}));
		assert_eq!(staked(3).active, BONDED - 25);
	});
}

#[test]
fn withdrawal_request_from_a_pool_slashed_to_nothing_is_refused() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Restaking::allocate(RuntimeOrigin::signed(OP), 1, p(100)));
		assert_ok!(Restaking::restake(RuntimeOrigin::signed(1), OP, 1_000));
		roll_to(6);
		Restaking::slash_operator(&OP, 1, p(100)).unwrap();
		assert_eq!(Pools::<Test>::get(OP).stake, 0);
		assert_noop!(
			Restaking::request_withdrawal(RuntimeOrigin::signed(1), 10),
			Error::<Test>::PoolDepleted
		);
	});
}
