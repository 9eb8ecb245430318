//! Operators: registration, opt-in/out, allocations and their delays.

use crate::{mock::*, Error, Event, NetworkStake, Operators};
use frame_support::{assert_noop, assert_ok, BoundedVec};
use sp_runtime::Perbill;
use ssp_primitives::RestakingSlash;

fn p(x: u32) -> Perbill {
	Perbill::from_percent(x)
}

#[test]
fn register_operator_works_and_rejects_twice() {
	ExtBuilder::default().no_operators().build_and_execute(|| {
		let meta: BoundedVec<u8, _> = b"op".to_vec().try_into().unwrap();
		assert_ok!(Restaking::register_operator(RuntimeOrigin::signed(OP), p(5), meta.clone()));
		assert_eq!(Operators::<Test>::get(OP).unwrap().commission, p(5));
		assert_eq!(
			restaking_events(),
			vec![Event::OperatorRegistered { operator: OP, commission: p(5) }]
		);
		assert_noop!(
			Restaking::register_operator(RuntimeOrigin::signed(OP), p(5), meta),
			Error::<Test>::AlreadyOperator
		);
		assert_noop!(
			Restaking::register_operator(RuntimeOrigin::none(), p(5), Default::default()),
			sp_runtime::DispatchError::BadOrigin
		);
	});
}

#[test]
fn opt_in_errors() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(Restaking::opt_in(RuntimeOrigin::signed(1), 1), Error::<Test>::NotOperator);
		assert_noop!(
			Restaking::opt_in(RuntimeOrigin::signed(OP), 5),
			Error::<Test>::NetworkNotAccepting
		);
		assert_noop!(
			Restaking::opt_in(RuntimeOrigin::signed(OP), 99),
			Error::<Test>::NetworkNotAccepting
		);
		assert_noop!(
			Restaking::opt_in(RuntimeOrigin::signed(OP), 1),
			Error::<Test>::AlreadyOptedIn
		);
		assert_ok!(Restaking::opt_in(RuntimeOrigin::signed(OP), 3));
		assert_ok!(Restaking::opt_in(RuntimeOrigin::signed(OP), 4));
		Networks::mutate(|n| {
			n.insert(6, (true, Perbill::one()));
		});
		assert_noop!(
			Restaking::opt_in(RuntimeOrigin::signed(OP), 6),
			Error::<Test>::TooManyNetworks
		);
	});
}

#[test]
fn allocation_increase_waits_allocation_delay() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Restaking::allocate(RuntimeOrigin::signed(OP), 1, p(50)));
		assert_eq!(
			restaking_events().last(),
			Some(&Event::AllocationScheduled {
				operator: OP,
				network: 1,
				magnitude: p(50),
				effective_at: 6
			})
		);
		assert_ok!(Restaking::restake(RuntimeOrigin::signed(1), OP, 1_000));
		// Not slashable, not counted, before the delay.
		assert_eq!(Restaking::slashable_stake(&OP, 1), 0);
		assert_noop!(Restaking::slash_operator(&OP, 1, p(10)), Error::<Test>::NothingAllocated);
		assert_eq!(NetworkStake::<Test>::get(1), 0);
		roll_to(6);
		assert_eq!(Restaking::slashable_stake(&OP, 1), 500);
		assert_ok!(Restaking::refresh_operator(RuntimeOrigin::signed(99), OP));
		assert_eq!(NetworkStake::<Test>::get(1), 500);
		assert_eq!(Restaking::network_allocated_stake(1), 500);
	});
}

#[test]
fn allocate_errors() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Restaking::allocate(RuntimeOrigin::signed(1), 1, p(10)),
			Error::<Test>::NotOperator
		);
		assert_noop!(
			Restaking::allocate(RuntimeOrigin::signed(OP), 3, p(10)),
			Error::<Test>::NotOptedIn
		);
		assert_noop!(
			Restaking::allocate(RuntimeOrigin::signed(OP), 1, p(0)),
			Error::<Test>::MagnitudeUnchanged
		);
		assert_ok!(Restaking::opt_in(RuntimeOrigin::signed(OP), 3));
		assert_ok!(Restaking::opt_in(RuntimeOrigin::signed(OP), 4));
		for n in 1..=3 {
			assert_ok!(Restaking::allocate(RuntimeOrigin::signed(OP), n, p(100)));
		}
		// 300% is the cap: leverage is allowed up to it, not beyond.
		assert_noop!(
			Restaking::allocate(RuntimeOrigin::signed(OP), 4, p(1)),
			Error::<Test>::RestakingFactorExceeded
		);
		// A network that stopped accepting allocations refuses increases.
		Networks::mutate(|n| {
			n.insert(4, (false, p(10)));
		});
		assert_ok!(Restaking::allocate(RuntimeOrigin::signed(OP), 3, p(50)));
		assert_noop!(
			Restaking::allocate(RuntimeOrigin::signed(OP), 4, p(1)),
			Error::<Test>::NetworkNotAccepting
		);
	});
}

#[test]
fn decrease_stays_slashable_for_the_slash_window() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Restaking::allocate(RuntimeOrigin::signed(OP), 1, p(50)));
		assert_ok!(Restaking::restake(RuntimeOrigin::signed(1), OP, 1_000));
		roll_to(6);
		assert_ok!(Restaking::allocate(RuntimeOrigin::signed(OP), 1, p(10)));
		// Decreases wait ReportingWindow + VetoWindow + 1 = 16 blocks.
		assert_eq!(
			restaking_events().last(),
			Some(&Event::AllocationScheduled {
				operator: OP,
				network: 1,
				magnitude: p(10),
				effective_at: 22
			})
		);
		roll_to(21);
		assert_eq!(Restaking::slashable_stake(&OP, 1), 500);
		roll_to(22);
		assert_eq!(Restaking::slashable_stake(&OP, 1), 100);
	});
}

#[test]
fn opt_out_keeps_stake_liable_until_window_passed() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Restaking::allocate(RuntimeOrigin::signed(OP), 1, p(50)));
		assert_ok!(Restaking::restake(RuntimeOrigin::signed(1), OP, 1_000));
		roll_to(6);
		assert_noop!(Restaking::opt_out(RuntimeOrigin::signed(1), 1), Error::<Test>::NotOperator);
		assert_noop!(Restaking::opt_out(RuntimeOrigin::signed(OP), 3), Error::<Test>::NotOptedIn);
		assert_ok!(Restaking::opt_out(RuntimeOrigin::signed(OP), 1));
		assert_eq!(
			restaking_events().last(),
			Some(&Event::OptOutScheduled { operator: OP, network: 1, effective_at: 22 })
		);
		assert_noop!(Restaking::opt_out(RuntimeOrigin::signed(OP), 1), Error::<Test>::OptingOut);
		assert_noop!(
			Restaking::allocate(RuntimeOrigin::signed(OP), 1, p(60)),
			Error::<Test>::OptingOut
		);
		// Still slashable during the window.
		roll_to(21);
		let out = Restaking::slash_operator(&OP, 1, p(10)).unwrap();
		assert_eq!(out.slashed, 50);
		roll_to(22);
		assert_ok!(Restaking::refresh_operator(RuntimeOrigin::signed(99), OP));
		assert!(restaking_events().contains(&Event::OptedOut {
			operator: OP,
			network: 1,
			deposit: OptInDeposit::get()
		}));
		assert_noop!(Restaking::slash_operator(&OP, 1, p(10)), Error::<Test>::NotOptedIn);
		assert_eq!(NetworkStake::<Test>::get(1), 0);
		// Can opt in again.
		assert_ok!(Restaking::opt_in(RuntimeOrigin::signed(OP), 1));
		assert_ok!(Restaking::settle(RuntimeOrigin::signed(99), 1));
	});
}

#[test]
fn refresh_operator_requires_operator() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Restaking::refresh_operator(RuntimeOrigin::signed(1), 1),
			Error::<Test>::NotOperator
		);
	});
}

#[test]
fn operator_backing_query() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Restaking::allocate(RuntimeOrigin::signed(OP), 1, p(50)));
		assert_ok!(Restaking::allocate(RuntimeOrigin::signed(OP), 2, p(100)));
		assert_ok!(Restaking::restake(RuntimeOrigin::signed(1), OP, 1_000));
		roll_to(6);
		let b = Restaking::operator_backing(&OP).unwrap();
		assert_eq!(b.total, 1_000);
		assert_eq!(b.active, 1_000);
		assert_eq!(b.restakers, 1);
		assert_eq!(b.restaking_factor, 1_500_000_000);
		assert_eq!(b.allocations.len(), 2);
		assert_eq!(b.allocations[0].allocated, 500);
		assert_eq!(b.allocations[1].allocated, 1_000);
		assert!(Restaking::operator_backing(&1).is_none());
	});
}

#[test]
#[should_panic(expected = "WithdrawalDelay must be at least ReportingWindow + VetoWindow")]
fn integrity_test_rejects_short_withdrawal_delay() {
	use frame_support::traits::Hooks;
	// ReportingWindow + VetoWindow = 15.
	WithdrawalDelay::set(14);
	<Restaking as Hooks<u64>>::integrity_test();
}

#[test]
fn integrity_test_accepts_delay_equal_to_windows() {
	use frame_support::traits::Hooks;
	WithdrawalDelay::set(15);
	<Restaking as Hooks<u64>>::integrity_test();
}

#[test]
fn genesis_builds_operators_and_restakers() {
	use frame_support::traits::fungible::InspectFreeze;
	use sp_runtime::BuildStorage;
	let mut t = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: vec![(1, ENDOWMENT), (2, ENDOWMENT), (OP, ENDOWMENT)],
		..Default::default()
	}
	.assimilate_storage(&mut t)
	.unwrap();
	pallet_staking::GenesisConfig::<Test> {
		stakers: vec![
			(1, 1, BONDED, pallet_staking::StakerStatus::Idle),
			(2, 2, BONDED, pallet_staking::StakerStatus::Idle),
		],
		..Default::default()
	}
	.assimilate_storage(&mut t)
	.unwrap();
	crate::GenesisConfig::<Test> {
		operators: vec![crate::GenesisOperator::new(OP, p(10), [(1, p(100)), (2, p(50))])],
		restakers: vec![
			crate::GenesisRestaker::new(1, OP, 600),
			crate::GenesisRestaker::new(2, OP, 400),
		],
	}
	.assimilate_storage(&mut t)
	.unwrap();
	sp_io::TestExternalities::new(t).execute_with(|| {
		assert_eq!(NetworkStake::<Test>::get(1), 1_000);
		assert_eq!(NetworkStake::<Test>::get(2), 500);
		assert_eq!(Restaking::slashable_stake(&OP, 1), 1_000);
		assert_eq!(
			Balances::balance_frozen(
				&RuntimeFreezeReason::Restaking(crate::FreezeReason::Restaked),
				&1
			),
			600
		);
		crate::Pallet::<Test>::do_try_state().unwrap();
	});
}

#[test]
fn jailed_operator_cannot_opt_in_or_increase_but_can_decrease() {
	ExtBuilder::default().build_and_execute(|| {
		JailedPairs::set(vec![(OP, 1), (OP, 2)]);
		assert_noop!(
			Restaking::allocate(RuntimeOrigin::signed(OP), 1, p(50)),
			Error::<Test>::Jailed
		);
		JailedPairs::set(vec![]);
		assert_ok!(Restaking::allocate(RuntimeOrigin::signed(OP), 1, p(50)));
		roll_to(6);
		JailedPairs::set(vec![(OP, 1), (OP, 3)]);
		// A decrease is allowed while jailed; the other network is not affected.
		assert_ok!(Restaking::allocate(RuntimeOrigin::signed(OP), 1, p(20)));
		assert_noop!(Restaking::opt_in(RuntimeOrigin::signed(OP), 3), Error::<Test>::Jailed);
		assert!(Restaking::is_operator(&OP));
		assert!(Restaking::is_opted_in(&OP, 1));
		assert!(!Restaking::is_opted_in(&OP, 3));
	});
}
