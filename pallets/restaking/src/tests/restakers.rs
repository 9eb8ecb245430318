//! Restakers: restake, withdrawals and their delay, freezes, staking changes.

use crate::{mock::*, Error, Event, FreezeReason, Pools, Restakers, TotalRestaked};
use frame_support::{
	assert_noop, assert_ok,
	traits::{
		fungible::{InspectFreeze, Mutate},
		tokens::Preservation,
	},
};
use sp_runtime::Perbill;

fn frozen(who: AccountId) -> Balance {
	Balances::balance_frozen(&RuntimeFreezeReason::Restaking(FreezeReason::Restaked), &who)
}

#[test]
fn restake_freezes_and_backs_operator() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Restaking::allocate(RuntimeOrigin::signed(OP), 1, Perbill::from_percent(100)));
		assert_ok!(Restaking::restake(RuntimeOrigin::signed(1), OP, 600));
		assert_ok!(Restaking::restake(RuntimeOrigin::signed(1), OP, 400));
		assert_eq!(frozen(1), 1_000);
		let pool = Pools::<Test>::get(OP);
		assert_eq!((pool.stake, pool.shares, pool.restakers), (1_000, 1_000, 1));
		assert_eq!(
			restaking_events().last(),
			Some(&Event::Restaked { restaker: 1, operator: OP, amount: 400 })
		);
		let pos = Restaking::restaker_position(&1).unwrap();
		assert_eq!((pos.active, pos.withdrawing, pos.pending_slash), (1_000, 0, 0));
		// Free funds above the freeze stay spendable.
		assert_ok!(<Balances as Mutate<_>>::transfer(&1, &99, 8_000, Preservation::Expendable));
	});
}

#[test]
fn restake_errors() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Restaking::restake(RuntimeOrigin::signed(1), OP, 0),
			Error::<Test>::ZeroAmount
		);
		assert_noop!(
			Restaking::restake(RuntimeOrigin::signed(1), 1, 100),
			Error::<Test>::NotOperator
		);
		assert_noop!(
			Restaking::restake(RuntimeOrigin::signed(1), OP, 5),
			Error::<Test>::BelowMinimumRestake
		);
		assert_noop!(
			Restaking::restake(RuntimeOrigin::signed(1), OP, 1_001),
			Error::<Test>::InsufficientBondedStake
		);
		// Not a staker at all.
		assert_noop!(
			Restaking::restake(RuntimeOrigin::signed(PAYER), OP, 100),
			Error::<Test>::InsufficientBondedStake
		);
		assert_ok!(Restaking::restake(RuntimeOrigin::signed(1), OP, 500));
		assert_noop!(
			Restaking::restake(RuntimeOrigin::signed(1), OP2, 100),
			Error::<Test>::OtherOperator
		);
		// The whole liability, including stake being withdrawn, must be bonded.
		assert_ok!(Restaking::request_withdrawal(RuntimeOrigin::signed(1), 500));
		assert_noop!(
			Restaking::restake(RuntimeOrigin::signed(1), OP, 501),
			Error::<Test>::InsufficientBondedStake
		);
	});
}

#[test]
fn pool_slashed_to_nothing_takes_no_deposit() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Restaking::allocate(RuntimeOrigin::signed(OP), 1, Perbill::one()));
		assert_ok!(Restaking::restake(RuntimeOrigin::signed(1), OP, 1_000));
		roll_to(6);
		use ssp_primitives::RestakingSlash;
		assert_eq!(Restaking::slash_operator(&OP, 1, Perbill::one()).unwrap().slashed, 1_000);
		assert_noop!(
			Restaking::restake(RuntimeOrigin::signed(2), OP, 100),
			Error::<Test>::PoolDepleted
		);
		// Anyone settles the wiped restaker out; then the pool is usable again.
		assert_ok!(Restaking::settle(RuntimeOrigin::signed(99), 1));
		// The bond's last existential deposit (1) stays for staking's own slashes.
		assert_eq!(total(1), ENDOWMENT - 999);
		assert!(restaking_events().contains(&Event::RestakerSlashed {
			restaker: 1,
			operator: OP,
			bonded: 999,
			free: 0,
			left_for_staking: 1,
			missing: 0
		}));
		assert!(Restakers::<Test>::get(1).is_none());
		assert_eq!(Pools::<Test>::get(OP), Default::default());
		assert_ok!(Restaking::restake(RuntimeOrigin::signed(2), OP, 100));
	});
}

#[test]
fn withdrawal_waits_the_delay_and_unfreezes() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Restaking::restake(RuntimeOrigin::signed(1), OP, 1_000));
		assert_noop!(Restaking::withdraw(RuntimeOrigin::signed(1)), Error::<Test>::NoWithdrawal);
		assert_ok!(Restaking::request_withdrawal(RuntimeOrigin::signed(1), 400));
		assert_eq!(
			restaking_events().last(),
			Some(&Event::WithdrawalRequested {
				restaker: 1,
				operator: OP,
				amount: 400,
				unlock_at: 21
			})
		);
		assert_eq!(frozen(1), 1_000);
		roll_to(20);
		assert_noop!(
			Restaking::withdraw(RuntimeOrigin::signed(1)),
			Error::<Test>::WithdrawalNotReady
		);
		roll_to(21);
		assert_ok!(Restaking::withdraw(RuntimeOrigin::signed(1)));
		assert_eq!(
			restaking_events().last(),
			Some(&Event::Withdrawn { restaker: 1, operator: OP, amount: 400 })
		);
		assert_eq!(frozen(1), 600);
		// Withdraw the rest: the record goes away and the freeze is lifted.
		assert_ok!(Restaking::request_withdrawal(RuntimeOrigin::signed(1), 10_000));
		assert_noop!(
			Restaking::request_withdrawal(RuntimeOrigin::signed(1), 1),
			Error::<Test>::NothingToWithdraw
		);
		roll_to(41);
		assert_ok!(Restaking::withdraw(RuntimeOrigin::signed(1)));
		assert_eq!(frozen(1), 0);
		assert!(Restakers::<Test>::get(1).is_none());
		assert_eq!(Pools::<Test>::get(OP).restakers, 0);
	});
}

#[test]
fn withdrawal_waits_while_a_slash_against_the_operator_is_unapplied() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Restaking::restake(RuntimeOrigin::signed(1), OP, 1_000));
		assert_ok!(Restaking::request_withdrawal(RuntimeOrigin::signed(1), 400));
		roll_to(21);
		// A report against the operator is waiting (veto window or circuit breaker): the
		// withdrawal must leave the stake where the slash will find it.
		UnappliedSlashes::set(vec![OP]);
		assert_noop!(Restaking::withdraw(RuntimeOrigin::signed(1)), Error::<Test>::UnappliedSlash);
		assert_eq!(frozen(1), 1_000);
		UnappliedSlashes::set(vec![]);
		assert_ok!(Restaking::withdraw(RuntimeOrigin::signed(1)));
		assert_eq!(frozen(1), 600);
	});
}

#[test]
fn total_restaked_follows_restakes_slashes_and_withdrawals() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(TotalRestaked::<Test>::get(), 0);
		assert_ok!(Restaking::allocate(RuntimeOrigin::signed(OP), 1, Perbill::one()));
		assert_ok!(Restaking::restake(RuntimeOrigin::signed(1), OP, 1_000));
		assert_ok!(Restaking::restake(RuntimeOrigin::signed(2), OP, 500));
		assert_eq!(TotalRestaked::<Test>::get(), 1_500);
		roll_to(6);
		assert_ok!(<Restaking as ssp_primitives::RestakingSlash<_, _>>::slash_operator(
			&OP,
			1,
			Perbill::from_percent(10)
		));
		assert_eq!(TotalRestaked::<Test>::get(), 1_350);
		assert_ok!(Restaking::request_withdrawal(RuntimeOrigin::signed(2), 450));
		assert_eq!(TotalRestaked::<Test>::get(), 1_350, "withdrawing stake stays slashable");
		roll_to(40);
		assert_ok!(Restaking::withdraw(RuntimeOrigin::signed(2)));
		assert_eq!(TotalRestaked::<Test>::get(), 900);
		assert_eq!(
			<Restaking as ssp_primitives::RestakingSlash<_, _>>::total_restaked(),
			Pools::<Test>::get(OP).stake
		);
	});
}

#[test]
fn withdrawal_errors() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Restaking::request_withdrawal(RuntimeOrigin::signed(1), 10),
			Error::<Test>::NotRestaker
		);
		assert_noop!(Restaking::withdraw(RuntimeOrigin::signed(1)), Error::<Test>::NotRestaker);
		assert_noop!(Restaking::settle(RuntimeOrigin::signed(2), 1), Error::<Test>::NotRestaker);
		assert_ok!(Restaking::restake(RuntimeOrigin::signed(1), OP, 1_000));
		assert_noop!(
			Restaking::request_withdrawal(RuntimeOrigin::signed(1), 0),
			Error::<Test>::ZeroAmount
		);
	});
}

#[test]
fn unbond_and_withdraw_in_staking_keeps_funds_frozen_and_moves_to_withdrawal() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Restaking::allocate(RuntimeOrigin::signed(OP), 1, Perbill::one()));
		assert_ok!(Restaking::restake(RuntimeOrigin::signed(1), OP, 1_000));
		roll_to(6);
		assert_ok!(Staking::unbond(RuntimeOrigin::signed(1), 1_000));
		// pallet-staking 50 does not notify unbonding; the funds are still bonded (unlocking) and
		// slashable through the ledger. Eras move on; the stash withdraws.
		pallet_staking::CurrentEra::<Test>::put(10);
		assert_ok!(Staking::withdraw_unbonded(RuntimeOrigin::signed(1), 0));
		assert_eq!(staked(1).total, 0);
		// `on_withdraw` moved the position into a withdrawal: no longer backing the network...
		assert!(restaking_events().contains(&Event::WithdrawalForced {
			restaker: 1,
			operator: OP,
			amount: 1_000,
			unlock_at: 26
		}));
		// (the network's figures follow at the next block)
		next_block();
		assert_eq!(Restaking::network_allocated_stake(1), 0);
		// ... but still frozen: the account cannot move the funds out.
		assert_eq!(frozen(1), 1_000);
		assert!(<Balances as Mutate<_>>::transfer(
			&1,
			&99,
			ENDOWMENT - 999,
			Preservation::Expendable
		)
		.is_err());
		assert_ok!(<Balances as Mutate<_>>::transfer(
			&1,
			&99,
			ENDOWMENT - 1_000,
			Preservation::Expendable
		));
	});
}
