//! A network's operator slots: the opt-in deposit, the minimum operator stake, and the network
//! manager's removal and readmission of operators.

use crate::{mock::*, Error, Event, Operators, RemovedOperators};
use frame_support::{
	assert_noop, assert_ok,
	traits::{
		fungible::{InspectHold, Mutate},
		tokens::Preservation,
	},
};
use sp_runtime::{DispatchError, Perbill};
use ssp_primitives::RestakingSlash;

fn held(who: AccountId) -> Balance {
	Balances::balance_on_hold(&crate::HoldReason::OptInDeposit.into(), &who)
}

fn manager(network: u32) -> RuntimeOrigin {
	RuntimeOrigin::signed(MANAGER_BASE + u64::from(network))
}

#[test]
fn opt_in_holds_the_deposit_and_the_completed_opt_out_returns_it() {
	ExtBuilder::default().build_and_execute(|| {
		// The set-up opted OP into networks 1 and 2.
		assert_eq!(held(OP), 2 * OptInDeposit::get());
		let free_before = free(OP);
		assert_ok!(Restaking::opt_in(RuntimeOrigin::signed(OP), 3));
		assert_eq!(held(OP), 3 * OptInDeposit::get());
		assert_eq!(free(OP), free_before - OptInDeposit::get());
		assert_eq!(
			restaking_events().last(),
			Some(&Event::OptedIn { operator: OP, network: 3, deposit: OptInDeposit::get() })
		);
		assert_ok!(Restaking::opt_out(RuntimeOrigin::signed(OP), 3));
		// Held while the stake stays slashable there.
		roll_to(16);
		assert_eq!(held(OP), 3 * OptInDeposit::get());
		roll_to(17);
		assert_eq!(held(OP), 2 * OptInDeposit::get());
		assert_eq!(free(OP), free_before);
		assert!(restaking_events().contains(&Event::OptedOut {
			operator: OP,
			network: 3,
			deposit: OptInDeposit::get()
		}));
	});
}

#[test]
fn the_deposit_held_at_opt_in_is_returned_even_if_the_deposit_changed_since() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Restaking::opt_in(RuntimeOrigin::signed(OP), 3));
		OptInDeposit::set(50);
		assert_ok!(Restaking::opt_in(RuntimeOrigin::signed(OP), 4));
		assert_eq!(held(OP), 3 * 5 + 50);
		assert_ok!(Restaking::opt_out(RuntimeOrigin::signed(OP), 3));
		roll_to(17);
		assert_eq!(held(OP), 2 * 5 + 50);
		OptInDeposit::set(5);
	});
}

#[test]
fn opt_in_without_funds_for_the_deposit_is_refused_and_changes_nothing() {
	ExtBuilder::default().build_and_execute(|| {
		// Free funds below the deposit (the held deposits of networks 1 and 2 stay held).
		let keep = OptInDeposit::get() - 1;
		assert_ok!(<Balances as Mutate<_>>::transfer(
			&OP,
			&PAYER,
			free(OP) - keep,
			Preservation::Expendable
		));
		assert_noop!(
			Restaking::opt_in(RuntimeOrigin::signed(OP), 3),
			Error::<Test>::InsufficientDeposit
		);
		assert_eq!(network_operators(3), (vec![], 0));
	});
}

#[test]
fn a_stakeless_operator_cannot_take_a_slot_when_a_minimum_stake_is_set() {
	ExtBuilder::default().build_and_execute(|| {
		MinOperatorStake::set(500);
		assert_noop!(
			Restaking::opt_in(RuntimeOrigin::signed(OP), 3),
			Error::<Test>::OperatorStakeTooLow
		);
		assert_ok!(Restaking::restake(RuntimeOrigin::signed(1), OP, 499));
		assert_noop!(
			Restaking::opt_in(RuntimeOrigin::signed(OP), 3),
			Error::<Test>::OperatorStakeTooLow
		);
		assert_ok!(Restaking::restake(RuntimeOrigin::signed(1), OP, 1));
		assert_ok!(Restaking::opt_in(RuntimeOrigin::signed(OP), 3));
		MinOperatorStake::set(0);
	});
}

#[test]
fn the_manager_removes_an_operator_which_leaves_after_the_slash_window_and_stays_out() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Restaking::allocate(RuntimeOrigin::signed(OP), 1, Perbill::from_percent(50)));
		assert_ok!(Restaking::restake(RuntimeOrigin::signed(1), OP, 1_000));
		roll_to(6);
		System::reset_events();
		assert_ok!(Restaking::remove_operator(manager(1), 1, OP));
		assert_eq!(
			restaking_events(),
			vec![
				Event::OptOutScheduled { operator: OP, network: 1, effective_at: 22 },
				Event::OperatorRemoved { network: 1, operator: OP, effective_at: Some(22) },
			]
		);
		assert!(RemovedOperators::<Test>::contains_key(1, OP));
		// Still slashable (and in its slot) until the opt-out completes.
		assert_eq!(Restaking::slashable_stake(&OP, 1), 500);
		roll_to(22);
		assert!(!network_operators(1).0.contains(&OP));
		assert_eq!(held(OP), OptInDeposit::get());
		assert_noop!(
			Restaking::opt_in(RuntimeOrigin::signed(OP), 1),
			Error::<Test>::RemovedByNetwork
		);
		// Other networks are not affected.
		assert!(Operators::<Test>::get(OP).unwrap().allocations.iter().any(|a| a.network == 2));
		assert_ok!(Restaking::readmit_operator(manager(1), 1, OP));
		assert_eq!(
			restaking_events().last(),
			Some(&Event::OperatorReadmitted { network: 1, operator: OP })
		);
		assert_ok!(Restaking::opt_in(RuntimeOrigin::signed(OP), 1));
	});
}

#[test]
fn the_manager_may_bar_an_operator_that_is_not_opted_in() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Restaking::remove_operator(manager(3), 3, OP));
		assert_eq!(
			restaking_events().last(),
			Some(&Event::OperatorRemoved { network: 3, operator: OP, effective_at: None })
		);
		assert_noop!(
			Restaking::opt_in(RuntimeOrigin::signed(OP), 3),
			Error::<Test>::RemovedByNetwork
		);
	});
}

#[test]
fn removing_an_operator_already_opting_out_keeps_its_schedule() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Restaking::opt_out(RuntimeOrigin::signed(OP), 1));
		roll_to(5);
		assert_ok!(Restaking::remove_operator(manager(1), 1, OP));
		assert_eq!(
			restaking_events().last(),
			Some(&Event::OperatorRemoved { network: 1, operator: OP, effective_at: None })
		);
		let entry = Operators::<Test>::get(OP)
			.unwrap()
			.allocations
			.into_iter()
			.find(|a| a.network == 1)
			.unwrap();
		assert_eq!(entry.opting_out_until, Some(17));
	});
}

#[test]
fn remove_and_readmit_errors() {
	ExtBuilder::default().build_and_execute(|| {
		// Only the network's own manager.
		assert_noop!(
			Restaking::remove_operator(RuntimeOrigin::signed(OP), 1, OP2),
			DispatchError::BadOrigin
		);
		assert_noop!(Restaking::remove_operator(manager(2), 1, OP2), DispatchError::BadOrigin);
		assert_noop!(
			Restaking::readmit_operator(RuntimeOrigin::signed(OP), 1, OP2),
			DispatchError::BadOrigin
		);
		assert_noop!(Restaking::remove_operator(manager(1), 1, 99), Error::<Test>::NotOperator);
		assert_noop!(Restaking::readmit_operator(manager(1), 1, OP2), Error::<Test>::NotRemoved);
		assert_ok!(Restaking::remove_operator(manager(1), 1, OP2));
		assert_noop!(Restaking::remove_operator(manager(1), 1, OP2), Error::<Test>::AlreadyRemoved);
	});
}
