//! Call sequences that once broke the books, replayed on the runtime with the `development`
//! preset. Each test failed before its fix; `try_state` of every pallet runs at the end.

use frame_support::{
	assert_ok,
	traits::{fungible::Inspect, fungible::InspectFreeze},
	BoundedVec,
};
use pallet_ssp_slashing::{SlashStatus, Slashes};
use sp_genesis_builder::DEV_RUNTIME_PRESET;
use sp_keyring::Sr25519Keyring::{Alice, Bob, Charlie, Eve, Ferdie};
use sp_runtime::{FixedU128, Perbill};
use ssp_runtime::{
	AccountId, Balances, Leasing, Restaking, Runtime, RuntimeEvent, RuntimeFreezeReason,
	RuntimeOrigin, Slashing, Staking, System, UNITS,
};

mod common;
use common::{account, ext_from_preset, run_to_block};

fn signed(who: &AccountId) -> RuntimeOrigin {
	RuntimeOrigin::signed(who.clone())
}

fn evidence() -> BoundedVec<u8, <Runtime as pallet_ssp_slashing::Config>::MaxEvidenceLen> {
	BoundedVec::truncate_from(b"signed two blocks at one height".to_vec())
}

/// A new account funded by Ferdie.
fn fresh_account(seed: u8, amount: u128) -> AccountId {
	let who = AccountId::from([seed; 32]);
	assert_ok!(Balances::transfer_allow_death(
		signed(&account(Ferdie)),
		who.clone().into(),
		amount
	));
	who
}

fn last_slash() -> pallet_ssp_slashing::SlashRecord<Runtime> {
	let id = pallet_ssp_slashing::NextSlashId::<Runtime>::get() - 1;
	Slashes::<Runtime>::get(id).expect("slash recorded")
}

fn active(who: &AccountId) -> u128 {
	Restaking::restaker_position(who).expect("restaker").active
}

fn frozen(who: &AccountId) -> u128 {
	let reason: RuntimeFreezeReason = pallet_ssp_restaking::FreezeReason::Restaked.into();
	Balances::balance_frozen(&reason, who)
}

fn check_books() {
	Restaking::do_try_state().expect("restaking try_state");
	Leasing::do_try_state().expect("leasing try_state");
	Slashing::do_try_state().expect("slashing try_state");
}

/// Issue 21, first sequence: the lease sweep retired the network at block 140 and the slash it
/// reported at block 121 applied as zero at block 141, with the operator left jailed on a
/// network that no longer exists.
#[test]
fn a_slash_reported_while_its_network_offboards_applies_in_full_after_it_retires() {
	ext_from_preset(DEV_RUNTIME_PRESET).execute_with(|| {
		let (alice, charlie) = (account(Alice), account(Charlie));
		let owner = fresh_account(7, 10_000 * UNITS);
		assert_ok!(Leasing::register_network(
			signed(&owner),
			owner.clone(),
			Perbill::from_rational(1u32, 3u32),
			Perbill::one(),
			1_000 * UNITS,
			FixedU128::from_u32(1),
		));
		let network = 3;
		assert_ok!(Restaking::opt_in(signed(&alice), network));
		assert_ok!(Restaking::allocate(signed(&alice), network, Perbill::from_percent(10)));
		assert_ok!(Leasing::deregister_network(signed(&owner), network));

		run_to_block(121);
		// 10% of Alice's 40,000 is slashable on network 3: half of it is reported.
		assert_eq!(
			<Restaking as ssp_primitives::RestakingSlash<_, _>>::slashable_stake(&alice, network),
			4_000 * UNITS
		);
		assert_ok!(Slashing::report_offence(
			signed(&owner),
			network,
			alice.clone(),
			Perbill::from_percent(50),
			121,
			evidence(),
		));
		run_to_block(141);

		assert!(pallet_ssp_leasing::Networks::<Runtime>::get(network).is_none(), "retired");
		assert_eq!(last_slash().status, SlashStatus::Applied { amount: 2_000 * UNITS });
		assert_eq!(active(&charlie), 38_000 * UNITS);
		// No jail is left on a network that no longer exists.
		assert!(!pallet_ssp_slashing::Jailed::<Runtime>::contains_key(network, &alice));
		check_books();
	});
}

/// Issue 21, second sequence: the SSP slash took the whole bond, `withdraw_unbonded` removed the
/// empty ledger at once, and a staking slash for an era the stash was exposed in then found no
/// ledger (`defensive!` in `on_initialize`).
#[test]
fn a_stash_emptied_by_an_ssp_slash_keeps_its_ledger_for_older_staking_slashes() {
	ext_from_preset(DEV_RUNTIME_PRESET).execute_with(|| {
		let alice = account(Alice);
		let restaker = fresh_account(8, 20_000 * UNITS);
		assert_ok!(Staking::bond(
			signed(&restaker),
			10_000 * UNITS,
			pallet_staking::RewardDestination::Staked
		));
		assert_ok!(Staking::nominate(signed(&restaker), vec![alice.clone().into()]));
		assert_ok!(Restaking::restake(signed(&restaker), alice.clone(), 10_000 * UNITS));
		assert_ok!(Restaking::allocate(signed(&alice), 1, Perbill::one()));

		run_to_block(41);
		assert_ok!(Slashing::report_offence(
			signed(&account(Eve)),
			1,
			alice.clone(),
			Perbill::one(),
			41,
			evidence(),
		));
		run_to_block(61);
		assert!(matches!(last_slash().status, SlashStatus::Applied { .. }));

		assert_ok!(Restaking::settle(signed(&account(Bob)), restaker.clone()));
		// The bond is taken but for its existential deposit, which staking's slashes take first;
		// the emptied position is closed and its lease rewards paid out.
		let ed = <Balances as Inspect<_>>::minimum_balance();
		let mut rewards = 0;
		let mut settled = None;
		for record in System::events() {
			match record.event {
				RuntimeEvent::Restaking(pallet_ssp_restaking::Event::RestakerSlashed {
					restaker: ref who,
					bonded,
					free,
					left_for_staking,
					missing,
					..
				}) if *who == restaker => settled = Some((bonded, free, left_for_staking, missing)),
				RuntimeEvent::Restaking(pallet_ssp_restaking::Event::RewardsClaimed {
					restaker: ref who,
					amount,
				}) if *who == restaker => rewards += amount,
				_ => {},
			}
		}
		assert_eq!(settled, Some((10_000 * UNITS - ed, 0, ed, 0)));
		assert!(Restaking::restaker_position(&restaker).is_none());

		assert_ok!(Staking::withdraw_unbonded(signed(&restaker), 0));
		assert!(pallet_staking::Ledger::<Runtime>::contains_key(&restaker), "ledger kept");
		// Alice is invulnerable in the development preset: make her slashable first.
		assert_ok!(Staking::set_invulnerables(RuntimeOrigin::root(), vec![]));
		assert_ok!(Staking::manual_slash(
			RuntimeOrigin::root(),
			alice.clone(),
			2,
			Perbill::from_percent(10)
		));
		assert!(pallet_staking::NominatorSlashInEra::<Runtime>::get(2, &restaker).is_some());
		run_to_block(101);

		// Both slashes together took the bond, and no more.
		assert_eq!(20_000 * UNITS + rewards - Balances::total_balance(&restaker), 10_000 * UNITS);
		check_books();
	});
}

/// Issue 10, item 1: after unbonding in staking, `withdraw` of a small matured withdrawal moved
/// the rest of the position into it and dropped it: everything was unfrozen, the shares were
/// orphaned in the pool.
#[test]
fn a_matured_withdrawal_releases_only_what_matured() {
	ext_from_preset(DEV_RUNTIME_PRESET).execute_with(|| {
		let charlie = account(Charlie);
		assert_ok!(Restaking::request_withdrawal(signed(&charlie), 1_000 * UNITS));
		let unlock_at = 1 + ssp_runtime::configs::WITHDRAWAL_DELAY;
		run_to_block(unlock_at);
		// Charlie keeps 30,000 bonded of his 50,000: 9,000 of his restaked 39,000 left staking.
		assert_ok!(Staking::unbond(signed(&charlie), 20_000 * UNITS));
		assert_ok!(Restaking::withdraw(signed(&charlie)));

		assert!(System::events().iter().any(|r| matches!(
			&r.event,
			ssp_runtime::RuntimeEvent::Restaking(pallet_ssp_restaking::Event::Withdrawn {
				amount, ..
			}) if *amount == 1_000 * UNITS
		)));
		let position = Restaking::restaker_position(&charlie).expect("restaker");
		assert_eq!(position.active, 30_000 * UNITS);
		assert_eq!(position.withdrawing, 9_000 * UNITS);
		assert_eq!(position.unlock_at, Some(unlock_at + ssp_runtime::configs::WITHDRAWAL_DELAY));
		assert_eq!(frozen(&charlie), 39_000 * UNITS);
		check_books();
	});
}

/// Issue 10, item 2: an increase made after the offence over-slashed.
#[test]
fn an_allocation_increase_after_the_offence_does_not_raise_the_slash() {
	ext_from_preset(DEV_RUNTIME_PRESET).execute_with(|| {
		let (alice, charlie) = (account(Alice), account(Charlie));
		assert_ok!(Slashing::report_offence(
			signed(&account(Eve)),
			1,
			alice.clone(),
			Perbill::from_percent(10),
			1,
			evidence(),
		));
		assert_ok!(Restaking::allocate(signed(&alice), 1, Perbill::one()));
		run_to_block(1 + ssp_runtime::configs::VETO_WINDOW + 1);
		// 10% of Alice's 60% of 40,000 at the offence, not of 100%.
		assert_eq!(last_slash().status, SlashStatus::Applied { amount: 2_400 * UNITS });
		assert_eq!(active(&charlie), 37_600 * UNITS);
		check_books();
	});
}

/// Issue 10, item 2: an opt-out that completed between the offence and the application made the
/// slash fail (`NotOptedIn`).
#[test]
fn an_opt_out_completed_after_the_offence_still_pays_the_slash() {
	ext_from_preset(DEV_RUNTIME_PRESET).execute_with(|| {
		let (alice, charlie) = (account(Alice), account(Charlie));
		assert_ok!(Restaking::opt_out(signed(&alice), 1));
		// The opt-out completes at block 122; an offence at 120 is reported at 121.
		run_to_block(121);
		assert_ok!(Slashing::report_offence(
			signed(&account(Eve)),
			1,
			alice.clone(),
			Perbill::from_percent(10),
			120,
			evidence(),
		));
		run_to_block(121 + ssp_runtime::configs::VETO_WINDOW + 1);
		assert!(!Restaking::operator_backing(&alice)
			.expect("operator")
			.allocations
			.iter()
			.any(|a| a.network == 1));
		assert_eq!(last_slash().status, SlashStatus::Applied { amount: 2_400 * UNITS });
		assert_eq!(active(&charlie), 37_600 * UNITS);
		check_books();
	});
}

/// Issue 10, item 4: a staking slash on top of an unsettled SSP slash took more than was
/// bonded: the SSP debt kept its full size while the bond behind it shrank.
#[test]
fn a_staking_slash_and_an_unsettled_ssp_slash_never_take_more_than_was_bonded() {
	use frame_support::traits::tokens::imbalance::Imbalance;
	ext_from_preset(DEV_RUNTIME_PRESET).execute_with(|| {
		let (alice, charlie) = (account(Alice), account(Charlie));
		let start = Balances::total_balance(&charlie);
		// Half of Alice's 60% of Charlie's 40,000 on network 1: 12,000 owed, not settled.
		assert_ok!(Slashing::report_offence(
			signed(&account(Eve)),
			1,
			alice.clone(),
			Perbill::from_percent(50),
			1,
			evidence(),
		));
		run_to_block(1 + ssp_runtime::configs::VETO_WINDOW + 1);
		assert_eq!(Restaking::restaker_position(&charlie).unwrap().pending_slash, 12_000 * UNITS);

		// Staking takes 90% of Charlie's 50,000 bond.
		let mut credit = pallet_ssp_restaking::CreditOf::<Runtime>::zero();
		pallet_staking::slashing::do_slash::<Runtime>(
			&charlie,
			45_000 * UNITS,
			&mut 0,
			&mut credit,
			0,
		);
		assert_eq!(credit.peek(), 45_000 * UNITS);
		// What remains owed shrank by the same 90%: 10% of 12,000.
		assert_eq!(Restaking::restaker_position(&charlie).unwrap().pending_slash, 1_200 * UNITS);
		assert!(frozen(&charlie) <= 5_000 * UNITS);

		assert_ok!(Restaking::settle(signed(&account(Bob)), charlie.clone()));
		let lost = start - Balances::total_balance(&charlie);
		assert_eq!(lost, 46_200 * UNITS);
		assert!(lost <= 50_000 * UNITS);
		check_books();
	});
}

/// Issue 10, item 3: a matured opt-out kept counting for the network's security and kept
/// being paid until someone refreshed the operator.
#[test]
fn a_matured_opt_out_stops_counting_and_paying_without_anyone_calling() {
	use ssp_primitives::NetworkBackers;
	ext_from_preset(DEV_RUNTIME_PRESET).execute_with(|| {
		let alice = account(Alice);
		// Network 1 is backed by Alice alone.
		assert_eq!(
			pallet_ssp_leasing::Networks::<Runtime>::get(1).unwrap().security.allocated,
			24_000 * UNITS
		);
		assert_ok!(Restaking::opt_out(signed(&alice), 1));
		let effective_at =
			1 + ssp_runtime::configs::REPORTING_WINDOW + ssp_runtime::configs::VETO_WINDOW + 1;
		run_to_block(effective_at - 1);
		assert_eq!(
			<Restaking as NetworkBackers<_, _>>::network_backers(1),
			vec![(alice.clone(), 24_000 * UNITS)]
		);
		run_to_block(effective_at);
		assert_eq!(pallet_ssp_leasing::Networks::<Runtime>::get(1).unwrap().security.allocated, 0);
		assert_eq!(<Restaking as NetworkBackers<_, _>>::network_backers(1), vec![]);
		check_books();
	});
}
