//! Tests: the whole path (report → veto window → application → propagation), with real
//! staking, balances, restaking and leasing.

use crate::{
	mock::*, ApplyQueue, Deferred, Error, Event, Jailed, ReporterRewards, SlashStatus, Slashes,
	UnfundedRewards,
};
use frame_support::{assert_noop, assert_ok, traits::fungible::Inspect, BoundedVec};
use sp_runtime::{DispatchError, DispatchResult, Perbill};

fn p(x: u32) -> Perbill {
	Perbill::from_percent(x)
}

fn evidence(tag: u8) -> BoundedVec<u8, MaxEvidenceLen> {
	vec![tag; 8].try_into().unwrap()
}

fn report(
	network: u32,
	operator: AccountId,
	pct: u32,
	offence_block: BlockNumber,
) -> DispatchResult {
	Slashing::report_offence(
		RuntimeOrigin::signed(SLASHER),
		network,
		operator,
		p(pct),
		offence_block,
		evidence(offence_block as u8),
	)
}

fn allocated(network: u32) -> Balance {
	Leasing::network_security(network).unwrap().allocated
}

fn coc(network: u32) -> Balance {
	Leasing::network_security(network).unwrap().coc
}

fn status(id: u32) -> SlashStatus<Balance> {
	Slashes::<Test>::get(id).unwrap().status
}

#[test]
fn genesis_figures() {
	ExtBuilder::build_and_execute(|| {
		assert_eq!((allocated(0), allocated(1), allocated(2)), (1_300, 500, 500));
		assert_eq!(free(slashing_pot()), 1);
	});
}

#[test]
fn offence_on_a_reduces_security_of_b_and_c_by_exact_amounts() {
	ExtBuilder::build_and_execute(|| {
		let (coc_b, coc_c) = (coc(1), coc(2));
		assert_ok!(report(0, OP, 10, 1));
		assert_eq!(
			slashing_events(),
			vec![Event::OffenceReported {
				id: 0,
				network: 0,
				operator: OP,
				reporter: SLASHER,
				fraction: p(10),
				offence_block: 1,
				apply_at: 1 + VETO_WINDOW,
				evidence_hash: sp_io::hashing::blake2_256(&evidence(1)),
			}]
		);
		// Nothing moves during the veto window.
		run_to_block(VETO_WINDOW);
		assert_eq!((allocated(0), allocated(1), allocated(2)), (1_300, 500, 500));
		assert_eq!(status(0), SlashStatus::Pending);
		System::reset_events();

		assert_eq!(Leasing::recent_slashes(0), 0);
		run_to_block(1 + VETO_WINDOW);
		assert_eq!(status(0), SlashStatus::Applied { amount: 100 });
		// The registry counts it into network A's risk (and the price of its security).
		assert_eq!((Leasing::recent_slashes(0), Leasing::recent_slashes(1)), (1, 0));
		// A loses 10% of OP's 1_000; OP's 50% allocations to B and C each lose 50.
		assert_eq!((allocated(0), allocated(1), allocated(2)), (1_200, 450, 450));
		assert!(slashing_events().contains(&Event::SlashApplied {
			id: 0,
			network: 0,
			operator: OP,
			fraction: p(10),
			amount: 100,
			reporter_reward: 10,
			networks_affected: 2,
		}));
		let backing: Vec<_> = restaking_events()
			.into_iter()
			.filter_map(|e| match e {
				pallet_ssp_restaking::Event::BackingReduced { network, old, new, .. } => {
					Some((network, old, new))
				},
				_ => None,
			})
			.collect();
		assert_eq!(backing, vec![(0, 1_000, 900), (1, 500, 450), (2, 500, 450)]);
		// One security event per affected network, with the exact old and new CoC.
		let security: Vec<_> = leasing_events()
			.into_iter()
			.filter_map(|e| match e {
				pallet_ssp_leasing::Event::SecurityChanged {
					network,
					allocated,
					old_coc,
					new_coc,
					..
				} => Some((network, allocated, old_coc, new_coc)),
				_ => None,
			})
			.collect();
		assert!(security.contains(&(1, 450, coc_b, coc(1))));
		assert!(security.contains(&(2, 450, coc_c, coc(2))));
		assert!(coc(1) < coc_b && coc(2) < coc_c);
		// Jailed on A only.
		assert!(Jailed::<Test>::contains_key(0, OP));
		assert!(!Jailed::<Test>::contains_key(1, OP));
	});
}

#[test]
fn leverage_makes_the_cascade_larger() {
	ExtBuilder::build_and_execute(|| {
		// OP's factor is 200% (100% A + 50% B + 50% C), OP2's 50% (A only).
		let others_before = allocated(1) + allocated(2);
		assert_ok!(report(0, OP, 10, 1));
		assert_ok!(report(0, OP2, 10, 1));
		run_to_block(1 + VETO_WINDOW);
		// OP: 100 slashed on A and 100 more backing lost across B and C (the leveraged part).
		assert_eq!(status(0), SlashStatus::Applied { amount: 100 });
		assert_eq!(others_before - (allocated(1) + allocated(2)), 100);
		// OP2 (factor 50%): 10% of its 300 allocated to A leaves its pool; A loses 50% of it.
		assert_eq!(status(1), SlashStatus::Applied { amount: 30 });
		assert_eq!(allocated(0), 1_300 - 100 - 15);
		// Backing lost over all networks per unit slashed is the restaking factor: 200 for OP's
		// 100 (2x), 15 for OP2's 30 (0.5x).
		assert_eq!(1_300 + others_before - allocated(0) - allocated(1) - allocated(2), 200 + 15);
	});
}

#[test]
fn vetoed_slash_takes_nothing_and_cannot_be_reported_again() {
	ExtBuilder::build_and_execute(|| {
		let issuance = Balances::total_issuance();
		assert_ok!(report(0, OP, 50, 1));
		run_to_block(2);
		assert_ok!(report(0, OP, 10, 2));
		run_to_block(3);
		let reason: BoundedVec<u8, _> = b"false positive".to_vec().try_into().unwrap();
		assert_noop!(
			Slashing::cancel_slash(RuntimeOrigin::signed(MANAGER), 0, reason.clone()),
			DispatchError::BadOrigin
		);
		assert_ok!(Slashing::cancel_slash(RuntimeOrigin::root(), 0, reason.clone()));
		assert_eq!(slashing_events().last(), Some(&Event::SlashCancelled { id: 0, reason }));
		// The same offence cannot be reported again.
		assert_noop!(report(0, OP, 50, 1), Error::<Test>::DuplicateReport);
		run_to_block(30);
		assert_eq!(status(0), SlashStatus::Cancelled);
		// The cancellation cancelled only slash 0: slash 1 applied.
		assert_eq!(status(1), SlashStatus::Applied { amount: 100 });
		assert_eq!(allocated(0), 1_200);
		assert_ok!(pallet_ssp_restaking::Pallet::<Test>::settle(RuntimeOrigin::signed(OTHER), 1));
		assert_eq!(Balances::total_issuance(), issuance - 90);
	});
}

#[test]
fn vetoed_alone_takes_nothing() {
	ExtBuilder::build_and_execute(|| {
		let issuance = Balances::total_issuance();
		let before = total(1);
		assert_ok!(report(0, OP, 50, 1));
		assert_ok!(Slashing::cancel_slash(RuntimeOrigin::root(), 0, Default::default()));
		run_to_block(40);
		assert_ok!(pallet_ssp_restaking::Pallet::<Test>::settle(RuntimeOrigin::signed(OTHER), 1));
		assert_eq!(total(1), before);
		assert_eq!(Balances::total_issuance(), issuance);
		assert_eq!((allocated(0), allocated(1), allocated(2)), (1_300, 500, 500));
		assert!(!Jailed::<Test>::contains_key(0, OP));
	});
}

#[test]
fn hook_applies_in_a_later_block_and_apply_slash_is_permissionless() {
	ExtBuilder::build_and_execute(|| {
		run_to_block(3);
		assert_ok!(report(0, OP, 10, 2));
		assert_noop!(Slashing::apply_slash(RuntimeOrigin::signed(OTHER), 0), Error::<Test>::NotDue);
		run_to_block(3 + VETO_WINDOW - 1);
		assert_eq!(status(0), SlashStatus::Pending);
		run_to_block(3 + VETO_WINDOW);
		assert_eq!(status(0), SlashStatus::Applied { amount: 100 });
		assert!(ApplyQueue::<Test>::get().is_empty());

		// Permissionless: anyone applies a due slash before the hook runs.
		assert_ok!(report(2, OP, 10, 8));
		System::set_block_number(8 + VETO_WINDOW);
		assert_ok!(Slashing::apply_slash(RuntimeOrigin::signed(OTHER), 1));
		// 10% of C's 50% of 900.
		assert_eq!(status(1), SlashStatus::Applied { amount: 45 });
		assert!(ApplyQueue::<Test>::get().is_empty());
		assert_noop!(Slashing::apply_slash(RuntimeOrigin::signed(OTHER), 1), Error::<Test>::NotDue);
	});
}

#[test]
fn restakers_who_withdrew_inside_the_window_still_pay() {
	ExtBuilder::build_and_execute(|| {
		run_to_block(2);
		assert_ok!(report(0, OP, 10, 2));
		// Restaker 1 asks to withdraw everything right after the offence.
		assert_ok!(pallet_ssp_restaking::Pallet::<Test>::request_withdrawal(
			RuntimeOrigin::signed(1),
			1_000
		));
		run_to_block(2 + VETO_WINDOW);
		// The pool lost 100 though its stake is all being withdrawn.
		assert_eq!(status(0), SlashStatus::Applied { amount: 100 });
		let before = total(1);
		run_to_block(30);
		assert_ok!(pallet_ssp_restaking::Pallet::<Test>::withdraw(RuntimeOrigin::signed(1)));
		assert_eq!(total(1), before - 100);
	});
}

#[test]
fn issuance_falls_by_exactly_what_was_burnt_and_the_reporter_is_paid() {
	ExtBuilder::build_and_execute(|| {
		let issuance = Balances::total_issuance();
		assert_ok!(report(0, OP, 10, 1));
		run_to_block(1 + VETO_WINDOW);
		assert_eq!(ReporterRewards::<Test>::get(SLASHER), 10);
		assert_eq!(UnfundedRewards::<Test>::get(), 10);
		// Funds not taken yet: nothing to pay the reporter with.
		assert_noop!(
			Slashing::claim_reward(RuntimeOrigin::signed(SLASHER)),
			Error::<Test>::RewardNotFunded
		);
		assert_noop!(
			Slashing::claim_reward(RuntimeOrigin::signed(OTHER)),
			Error::<Test>::NothingToClaim
		);
		let before = total(1);
		let bonded = <Staking as sp_staking::StakingInterface>::stake(&1).unwrap().total;
		assert_ok!(pallet_ssp_restaking::Pallet::<Test>::settle(RuntimeOrigin::signed(OTHER), 1));
		// Taken through staking's ledger.
		assert_eq!(total(1), before - 100);
		assert_eq!(
			<Staking as sp_staking::StakingInterface>::stake(&1).unwrap().total,
			bonded - 100
		);
		// 10 kept for the reporter, 90 burnt.
		assert_eq!(UnfundedRewards::<Test>::get(), 0);
		assert_eq!(free(slashing_pot()), 11);
		assert_eq!(Balances::total_issuance(), issuance - 90);
		let slasher = free(SLASHER);
		assert_ok!(Slashing::claim_reward(RuntimeOrigin::signed(SLASHER)));
		assert_eq!(free(SLASHER), slasher + 10);
		assert_eq!(free(slashing_pot()), 1);
		assert_eq!(ReporterRewards::<Test>::get(SLASHER), 0);
		assert_eq!(Balances::total_issuance(), issuance - 90);
	});
}

#[test]
fn two_networks_slash_the_same_operator_in_report_order_never_more_than_exists() {
	ExtBuilder::build_and_execute(|| {
		// A takes 100% (capped at A's 100%) of OP's allocation there, then C 100% of its 50%.
		assert_ok!(report(0, OP, 100, 1));
		assert_ok!(report(2, OP, 100, 1));
		run_to_block(1 + VETO_WINDOW);
		let first = match status(0) {
			SlashStatus::Applied { amount } => amount,
			s => panic!("{s:?}"),
		};
		let second = match status(1) {
			SlashStatus::Applied { amount } => amount,
			s => panic!("{s:?}"),
		};
		// A 100% slash of a fully allocated pool leaves at least one unit (restaking's rule).
		assert!((999..=1_000).contains(&first));
		assert!(first + second <= 1_000);
		let before = total(1);
		assert_ok!(pallet_ssp_restaking::Pallet::<Test>::settle(RuntimeOrigin::signed(OTHER), 1));
		assert!(before - total(1) <= 1_000);
		// Whatever the bond's last existential deposit did not pay stays for staking's slashes.
		let left: Balance = System::events()
			.into_iter()
			.filter_map(|r| match r.event {
				RuntimeEvent::Restaking(pallet_ssp_restaking::Event::RestakerSlashed {
					left_for_staking,
					..
				}) => Some(left_for_staking),
				_ => None,
			})
			.sum();
		assert!(left <= 1);
		assert_eq!(before - total(1) + left, first + second);
	});
}

#[test]
fn circuit_breaker_queues_visibly_and_releases_in_the_next_window() {
	ExtBuilder::build_and_execute(|| {
		BreakerFraction::set(p(10));
		// A's allowance: 10% of all restaked stake (1_000 + 600) = 160. OP's slash of 100
		// passes (first of the window).
		assert_ok!(report(0, OP, 10, 1));
		// OP2's 50% of its 300 on A: 150 more would exceed it.
		assert_ok!(report(0, OP2, 50, 1));
		run_to_block(1 + VETO_WINDOW);
		assert_eq!(status(0), SlashStatus::Applied { amount: 100 });
		assert_eq!(status(1), SlashStatus::Queued);
		assert_eq!(Deferred::<Test>::get().to_vec(), vec![1]);
		assert!(slashing_events().contains(&Event::SlashQueued {
			id: 1,
			network: 0,
			slashed_in_window: 100,
			allowance: 160,
		}));
		assert_eq!(allocated(0), 1_200);
		assert_noop!(
			Slashing::apply_slash(RuntimeOrigin::signed(OTHER), 1),
			Error::<Test>::CircuitBreakerTripped
		);
		// Still vetoable while queued.
		run_to_block(1 + VETO_WINDOW + BREAKER_WINDOW - 1);
		assert_eq!(status(1), SlashStatus::Queued);
		run_to_block(1 + VETO_WINDOW + BREAKER_WINDOW);
		assert_eq!(status(1), SlashStatus::Applied { amount: 150 });
		assert!(Deferred::<Test>::get().is_empty());
		// OP2 allocates 50% of its pool to A.
		assert_eq!(allocated(0), 1_200 - 75);
	});
}

#[test]
fn breaker_allowance_is_a_fraction_of_all_restaked_stake_not_of_the_network() {
	ExtBuilder::build_and_execute(|| {
		BreakerFraction::set(p(10));
		// B has 500 allocated: 10% of it would be 50. The allowance is 10% of all 1_600
		// restaked, so two slashes of OP on B (50, then about 48) both apply in one window.
		assert_ok!(report(1, OP, 10, 1));
		run_to_block(2);
		assert_ok!(report(1, OP, 10, 2));
		run_to_block(2 + VETO_WINDOW);
		assert_eq!(status(0), SlashStatus::Applied { amount: 50 });
		assert_eq!(status(1), SlashStatus::Applied { amount: 48 });
		assert!(Deferred::<Test>::get().is_empty());
		assert_eq!(crate::Breakers::<Test>::get(1).map(|w| (w.base, w.slashed)), Some((1_600, 98)));
	});
}

#[test]
fn a_slash_held_by_the_breaker_keeps_the_restakers_from_withdrawing() {
	ExtBuilder::build_and_execute(|| {
		BreakerFraction::set(p(1));
		// Restaker 2 (OP2's only restaker) asks to leave with everything at once.
		assert_ok!(pallet_ssp_restaking::Pallet::<Test>::request_withdrawal(
			RuntimeOrigin::signed(2),
			600
		));
		assert_ok!(report(0, OP, 10, 1));
		assert_ok!(report(0, OP2, 50, 1));
		run_to_block(1 + VETO_WINDOW);
		assert_eq!(status(1), SlashStatus::Queued);
		// The withdrawal delay (20) is over long before the breaker lets the slash through.
		run_to_block(25);
		assert_noop!(
			pallet_ssp_restaking::Pallet::<Test>::withdraw(RuntimeOrigin::signed(2)),
			pallet_ssp_restaking::Error::<Test>::UnappliedSlash
		);
		let before = total(2);
		run_to_block(1 + VETO_WINDOW + BREAKER_WINDOW);
		assert_eq!(status(1), SlashStatus::Applied { amount: 150 });
		assert!(crate::UnappliedSlashes::<Test>::get(OP2).is_none());
		assert_ok!(pallet_ssp_restaking::Pallet::<Test>::withdraw(RuntimeOrigin::signed(2)));
		assert_eq!(total(2), before - 150);
	});
}

#[test]
fn unapplied_slashes_are_counted_per_operator_until_applied_or_cancelled() {
	ExtBuilder::build_and_execute(|| {
		assert_ok!(report(0, OP, 10, 1));
		assert_ok!(report(1, OP, 10, 1));
		assert_eq!(crate::UnappliedSlashes::<Test>::get(OP), Some(2));
		assert_eq!(crate::UnappliedSlashes::<Test>::get(OP2), None);
		assert_ok!(Slashing::cancel_slash(RuntimeOrigin::root(), 0, Default::default()));
		assert_eq!(crate::UnappliedSlashes::<Test>::get(OP), Some(1));
		run_to_block(1 + VETO_WINDOW);
		assert_eq!(crate::UnappliedSlashes::<Test>::get(OP), None);
	});
}

#[test]
fn queued_slash_can_be_vetoed() {
	ExtBuilder::build_and_execute(|| {
		BreakerFraction::set(p(10));
		assert_ok!(report(0, OP, 10, 1));
		assert_ok!(report(0, OP2, 50, 1));
		run_to_block(1 + VETO_WINDOW);
		assert_ok!(Slashing::cancel_slash(RuntimeOrigin::root(), 1, Default::default()));
		assert!(Deferred::<Test>::get().is_empty());
		run_to_block(100);
		assert_eq!(status(1), SlashStatus::Cancelled);
	});
}

#[test]
fn jail_blocks_new_allocations_until_the_manager_unjails_after_cooldown() {
	ExtBuilder::build_and_execute(|| {
		assert_ok!(report(1, OP, 10, 1));
		run_to_block(1 + VETO_WINDOW);
		let jailed_at = 1 + VETO_WINDOW;
		assert!(slashing_events().contains(&Event::OperatorJailed {
			network: 1,
			operator: OP,
			cooldown_until: jailed_at + JAIL_COOLDOWN,
		}));
		assert_noop!(
			pallet_ssp_restaking::Pallet::<Test>::allocate(RuntimeOrigin::signed(OP), 1, p(60)),
			pallet_ssp_restaking::Error::<Test>::Jailed
		);
		// Other networks are not affected.
		assert_ok!(pallet_ssp_restaking::Pallet::<Test>::allocate(
			RuntimeOrigin::signed(OP),
			2,
			p(60)
		));
		assert_noop!(
			Slashing::unjail(RuntimeOrigin::signed(MANAGER), 1, OP),
			Error::<Test>::JailCooldown
		);
		run_to_block(jailed_at + JAIL_COOLDOWN);
		assert_noop!(
			Slashing::unjail(RuntimeOrigin::signed(SLASHER), 1, OP),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Slashing::unjail(RuntimeOrigin::signed(MANAGER), 0, OP),
			Error::<Test>::NotJailed
		);
		assert_ok!(Slashing::unjail(RuntimeOrigin::signed(MANAGER), 1, OP));
		assert_eq!(
			slashing_events().last(),
			Some(&Event::OperatorUnjailed { network: 1, operator: OP })
		);
		assert_ok!(pallet_ssp_restaking::Pallet::<Test>::allocate(
			RuntimeOrigin::signed(OP),
			1,
			p(60)
		));
	});
}

#[test]
fn report_errors_change_nothing() {
	ExtBuilder::build_and_execute(|| {
		run_to_block(20);
		// Not the slasher.
		assert_noop!(
			Slashing::report_offence(
				RuntimeOrigin::signed(OTHER),
				0,
				OP,
				p(10),
				20,
				Default::default()
			),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Slashing::report_offence(RuntimeOrigin::root(), 0, OP, p(10), 20, Default::default()),
			DispatchError::BadOrigin
		);
		assert_noop!(report(9, OP, 10, 20), Error::<Test>::UnknownNetwork);
		assert_noop!(report(0, 99, 10, 20), Error::<Test>::UnknownOperator);
		assert_noop!(report(1, OP2, 10, 20), Error::<Test>::NotOptedIn);
		assert_noop!(report(0, OP, 0, 20), Error::<Test>::ZeroFraction);
		// B's cap is 50%.
		assert_noop!(report(1, OP, 51, 20), Error::<Test>::FractionAboveCap);
		assert_noop!(report(0, OP, 10, 20 - REPORTING_WINDOW - 1), Error::<Test>::ReportExpired);
		assert_noop!(report(0, OP, 10, 21), Error::<Test>::OffenceInFuture);
		// At the edge of the window: accepted.
		assert_ok!(report(0, OP, 10, 20 - REPORTING_WINDOW));
		assert_noop!(report(0, OP, 20, 20 - REPORTING_WINDOW), Error::<Test>::DuplicateReport);
		assert_ok!(report(0, OP, 10, 19));
		// MaxSlashesPerBlock (2) reports per block.
		assert_noop!(report(0, OP, 10, 18), Error::<Test>::TooManyReportsInBlock);
		run_to_block(21);
		assert_ok!(report(0, OP, 10, 18));
		MaxPendingSlashes::set(3);
		assert_noop!(report(0, OP, 10, 17), Error::<Test>::TooManyPendingSlashes);
		assert_noop!(
			Slashing::cancel_slash(RuntimeOrigin::root(), 9, Default::default()),
			Error::<Test>::UnknownSlash
		);
		assert_noop!(
			Slashing::apply_slash(RuntimeOrigin::signed(OTHER), 9),
			Error::<Test>::UnknownSlash
		);
		assert_noop!(Slashing::apply_slash(RuntimeOrigin::none(), 0), DispatchError::BadOrigin);
		MaxPendingSlashes::set(8);
		run_to_block(40);
		// Veto after application.
		assert_eq!(status(0), SlashStatus::Applied { amount: 100 });
		assert_noop!(
			Slashing::cancel_slash(RuntimeOrigin::root(), 0, Default::default()),
			Error::<Test>::NotCancellable
		);
	});
}

#[test]
fn hook_work_is_bounded_per_block() {
	ExtBuilder::build_and_execute(|| {
		MaxSlashesPerBlock::set(1);
		assert_ok!(report(0, OP, 10, 1));
		assert_noop!(report(0, OP2, 10, 1), Error::<Test>::TooManyReportsInBlock);
		run_to_block(2);
		assert_ok!(report(0, OP2, 10, 1));
		run_to_block(1 + VETO_WINDOW);
		assert!(matches!(status(0), SlashStatus::Applied { .. }));
		assert_eq!(status(1), SlashStatus::Pending);
		run_to_block(2 + VETO_WINDOW);
		assert!(matches!(status(1), SlashStatus::Applied { .. }));
		assert_eq!(crate::Pallet::<Test>::process_due(100), 0);
	});
}

#[test]
fn a_slash_applies_at_the_magnitude_of_its_offence_block() {
	ExtBuilder::build_and_execute(|| {
		// OP2 had 50% on A at the offence; its allocation is zeroed at once afterwards.
		assert_ok!(report(0, OP2, 10, 1));
		pallet_ssp_restaking::Operators::<Test>::mutate(OP2, |o| {
			let o = o.as_mut().unwrap();
			for a in o.allocations.iter_mut() {
				a.magnitude = Perbill::zero();
				a.pending = None;
			}
		});
		assert_ok!(pallet_ssp_restaking::Pallet::<Test>::refresh_operator(
			RuntimeOrigin::signed(OTHER),
			OP2
		));
		run_to_block(1 + VETO_WINDOW);
		// 10% of 50% of OP2's 600.
		assert_eq!(status(0), SlashStatus::Applied { amount: 30 });
	});
}

#[test]
fn failed_application_is_recorded_not_retried() {
	ExtBuilder::build_and_execute(|| {
		assert_ok!(report(0, OP2, 10, 1));
		// The restaking pallet refuses a slash of an operator it does not know: take OP2's
		// record away while the slash falls due, and put it back after.
		let record = pallet_ssp_restaking::Operators::<Test>::take(OP2).unwrap();
		run_to_block(1 + VETO_WINDOW);
		pallet_ssp_restaking::Operators::<Test>::insert(OP2, record);
		assert_eq!(status(0), SlashStatus::Failed);
		assert!(slashing_events().iter().any(|e| matches!(e, Event::SlashFailed { id: 0, .. })));
		assert!(ApplyQueue::<Test>::get().is_empty());
		run_to_block(2 + VETO_WINDOW);
		assert_eq!(status(0), SlashStatus::Failed);
	});
}

#[test]
fn jail_check_reaches_opt_in() {
	ExtBuilder::build_and_execute(|| {
		Jailed::<Test>::insert(1, OP2, 1);
		assert_noop!(
			pallet_ssp_restaking::Pallet::<Test>::opt_in(RuntimeOrigin::signed(OP2), 1),
			pallet_ssp_restaking::Error::<Test>::Jailed
		);
		Jailed::<Test>::remove(1, OP2);
		assert_ok!(pallet_ssp_restaking::Pallet::<Test>::opt_in(RuntimeOrigin::signed(OP2), 1));
	});
}

#[test]
fn integrity_test_passes() {
	use frame_support::traits::Hooks;
	<crate::Pallet<Test> as Hooks<BlockNumber>>::integrity_test();
	assert!(Balances::minimum_balance() == 1);
}

#[test]
fn one_network_cannot_fill_the_report_caps_of_another() {
	ExtBuilder::build_and_execute(|| {
		run_to_block(20);
		MaxPendingSlashesPerNetwork::set(2);
		// Network A uses its own caps: two reports in this block, two pending.
		assert_ok!(report(0, OP, 10, 19));
		assert_ok!(report(0, OP, 10, 18));
		assert_noop!(report(0, OP, 10, 17), Error::<Test>::TooManyReportsInBlock);
		run_to_block(21);
		assert_noop!(report(0, OP, 10, 17), Error::<Test>::TooManyPendingSlashesOfNetwork);
		// Network C, in the same block, still has room of its own.
		assert_ok!(report(2, OP, 10, 20));
		assert_eq!(crate::NetworkPendingSlashes::<Test>::get(0), Some(2));
		assert_eq!(crate::NetworkPendingSlashes::<Test>::get(2), Some(1));
		// Once A's slashes apply, its room comes back.
		run_to_block(20 + VETO_WINDOW + 1);
		assert_eq!(crate::NetworkPendingSlashes::<Test>::get(0), None);
		assert_ok!(report(0, OP, 10, 17));
		MaxPendingSlashesPerNetwork::set(8);
	});
}

#[test]
fn a_proven_offence_is_reported_at_the_max_slash_without_the_slasher() {
	use ssp_primitives::ProvenOffences;
	ExtBuilder::build_and_execute(|| {
		// Network 1's max slash is 50%: a proof asking for all is capped there; the prover
		// (OTHER) is not its slasher.
		assert_ok!(Slashing::report_proven(OTHER, 1, OP, p(100), 1, vec![7; 8]));
		let record = Slashes::<Test>::get(0).unwrap();
		assert_eq!((record.reporter, record.fraction, record.offence_block), (OTHER, p(50), 1));
		assert_eq!(record.evidence.to_vec(), vec![7; 8]);
		assert!(matches!(
			slashing_events().as_slice(),
			[Event::OffenceReported { reporter: OTHER, network: 1, operator: OP, .. }]
		));
		// It waits out the veto window like any report, and its reporter is paid.
		run_to_block(1 + VETO_WINDOW);
		assert_eq!(status(0), SlashStatus::Applied { amount: 250 });
		assert!(ReporterRewards::<Test>::get(OTHER) > 0);
		// The same offence (operator, network, block) cannot be proven twice.
		assert_noop!(
			Slashing::report_proven(OTHER, 1, OP, p(100), 1, vec![7; 8]),
			Error::<Test>::DuplicateReport
		);
	});
}

#[test]
fn a_proven_offence_needs_a_network_with_slashing_authority_and_short_evidence() {
	use ssp_primitives::ProvenOffences;
	ExtBuilder::build_and_execute(|| {
		assert_noop!(
			Slashing::report_proven(OTHER, 9, OP, p(100), 1, vec![7; 8]),
			Error::<Test>::UnknownNetwork
		);
		assert_noop!(
			Slashing::report_proven(OTHER, 0, OP, p(100), 1, vec![7; 65]),
			Error::<Test>::EvidenceTooLong
		);
		assert_noop!(
			Slashing::report_proven(OTHER, 0, OP, p(0), 1, vec![7; 8]),
			Error::<Test>::ZeroFraction
		);
	});
}

#[test]
fn a_proven_offence_below_the_max_slash_takes_the_fraction_asked() {
	use ssp_primitives::ProvenOffences;
	ExtBuilder::build_and_execute(|| {
		assert!(Slashing::has_room(1));
		assert_ok!(Slashing::report_proven(OTHER, 1, OP, p(20), 1, vec![7; 8]));
		assert_eq!(Slashes::<Test>::get(0).unwrap().fraction, p(20));
		// With one report a block allowed, there is no room for another in this block.
		MaxSlashesPerBlock::set(1);
		assert!(!Slashing::has_room(1));
		MaxSlashesPerBlock::set(2);
		assert!(Slashing::has_room(1));
	});
}

#[test]
fn a_proven_failure_of_duty_jails_once_and_not_on_an_unknown_network() {
	use ssp_primitives::ProvenOffences;
	ExtBuilder::build_and_execute(|| {
		assert!(Slashing::jail(&OP, 1));
		assert_eq!(Jailed::<Test>::get(1, OP), Some(1));
		assert!(slashing_events().contains(&Event::OperatorJailed {
			network: 1,
			operator: OP,
			cooldown_until: 1 + JAIL_COOLDOWN,
		}));
		assert!(!Slashing::jail(&OP, 1), "already jailed");
		assert!(!Slashing::jail(&OP, 9), "no such network");
		assert!(!Jailed::<Test>::contains_key(9, OP));
	});
}
