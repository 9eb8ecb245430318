//! Benchmarks of the slashing pallet, each at its worst case: the waiting queues full (their
//! scans are O(`MaxPendingSlashes`)), and the hook applying `MaxSlashesPerBlock` slashes through
//! the real restaking pallet.

use super::*;
use crate::Pallet as Slashing;
use alloc::vec;
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{fungible::Inspect, fungible::Mutate, EnsureOrigin, EnsureOriginWithArg, Get, Hooks},
	BoundedVec,
};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use sp_runtime::{traits::Saturating, Perbill};
use ssp_primitives::{NetworkBackers, NetworkId, NetworkRegistry, SlashWindows};

/// A network registered for benchmarks, away from the ids genesis uses.
const NETWORK: NetworkId = 900;

/// Register `NETWORK` and back it with `operators` operators; returns them.
fn backed<T: Config>(operators: u32) -> vec::Vec<T::AccountId> {
	T::Networks::register_for_benchmarks(NETWORK);
	T::Restaking::back_network_for_benchmarks(NETWORK, operators);
	T::Currency::set_balance(&Slashing::<T>::reward_pot(), T::Currency::minimum_balance());
	let ops: vec::Vec<T::AccountId> =
		T::Restaking::network_backers(NETWORK).into_iter().map(|(op, _)| op).collect();
	// Worst case: each slash cascades to as many other networks as an operator may back.
	for op in &ops {
		T::Restaking::spread_operator_for_benchmarks(op);
	}
	ops
}

fn set_block<T: Config>(n: BlockNumberFor<T>) {
	frame_system::Pallet::<T>::set_block_number(n);
}

fn now<T: Config>() -> BlockNumberFor<T> {
	frame_system::Pallet::<T>::block_number()
}

fn reporter<T: Config>() -> T::AccountId {
	let origin = T::SlasherOrigin::try_successful_origin(&NETWORK).unwrap();
	T::SlasherOrigin::try_origin(origin, &NETWORK).ok().unwrap()
}

fn evidence<T: Config>(len: u32) -> BoundedVec<u8, T::MaxEvidenceLen> {
	BoundedVec::truncate_from(vec![7u8; len as usize])
}

/// Fill the apply queue with ids of no slash, up to `MaxPendingSlashes - room`.
fn fill_queue<T: Config>(room: u32) {
	let target = T::MaxPendingSlashes::get().saturating_sub(room);
	ApplyQueue::<T>::mutate(|q| {
		let mut fake = u32::MAX;
		while (q.len() as u32) < target {
			let _ = q.try_push(fake);
			fake = fake.saturating_sub(1);
		}
	});
}

/// Report a 10% slash of `operator` for an offence at the current block.
fn report<T: Config>(operator: &T::AccountId) -> SlashId {
	let id = NextSlashId::<T>::get();
	// Set-up only: the caps of one network are lifted so that the hook's benchmark can apply
	// its bound of slashes reported by one network.
	ReportsInBlock::<T>::remove(NETWORK);
	NetworkPendingSlashes::<T>::remove(NETWORK);
	Slashing::<T>::do_report(
		reporter::<T>(),
		NETWORK,
		operator.clone(),
		Perbill::from_percent(10),
		now::<T>(),
		evidence::<T>(T::MaxEvidenceLen::get()),
	)
	.unwrap();
	id
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn report_offence(e: Linear<0, { T::MaxEvidenceLen::get() }>) {
		let ops = backed::<T>(1);
		set_block::<T>(
			<T::Restaking as SlashWindows<_>>::reporting_window().saturating_add(1u32.into()),
		);
		fill_queue::<T>(1);
		let origin = T::SlasherOrigin::try_successful_origin(&NETWORK).unwrap();
		let id = NextSlashId::<T>::get();
		#[extrinsic_call]
		_(
			origin as T::RuntimeOrigin,
			NETWORK,
			ops[0].clone(),
			Perbill::from_percent(10),
			now::<T>(),
			evidence::<T>(e),
		);
		assert!(Slashes::<T>::contains_key(id));
	}

	#[benchmark]
	fn cancel_slash() {
		let ops = backed::<T>(1);
		set_block::<T>(1u32.into());
		let id = report::<T>(&ops[0]);
		fill_queue::<T>(0);
		let origin = T::VetoOrigin::try_successful_origin().unwrap();
		let reason = BoundedVec::truncate_from(vec![1u8; T::MaxReasonLen::get() as usize]);
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id, reason);
		assert_eq!(Slashes::<T>::get(id).unwrap().status, SlashStatus::Cancelled);
	}

	/// Applying a slash with `r` restakers behind the operator: the cost must not grow with `r`
	/// (a slash lowers the pool's stake; each restaker settles lazily).
	#[benchmark]
	fn apply_slash(r: Linear<1, RESTAKERS_MEASURED>) {
		let ops = backed::<T>(1);
		// `backed` gives each operator one restaker.
		T::Restaking::add_restakers_for_benchmarks(&ops[0], r.saturating_sub(1));
		set_block::<T>(1u32.into());
		let id = report::<T>(&ops[0]);
		fill_queue::<T>(0);
		set_block::<T>(now::<T>().saturating_add(<T::Restaking as SlashWindows<_>>::veto_window()));
		let caller: T::AccountId = whitelisted_caller();
		#[extrinsic_call]
		_(RawOrigin::Signed(caller), id);
		assert!(matches!(Slashes::<T>::get(id).unwrap().status, SlashStatus::Applied { .. }));
	}

	#[benchmark]
	fn unjail() {
		let ops = backed::<T>(1);
		set_block::<T>(1u32.into());
		Jailed::<T>::insert(NETWORK, &ops[0], now::<T>());
		set_block::<T>(now::<T>().saturating_add(T::JailCooldown::get()));
		let origin = T::ManagerOrigin::try_successful_origin(&NETWORK).unwrap();
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, NETWORK, ops[0].clone());
		assert!(!Jailed::<T>::contains_key(NETWORK, &ops[0]));
	}

	#[benchmark]
	fn claim_reward() {
		let who: T::AccountId = whitelisted_caller();
		let ed = T::Currency::minimum_balance();
		let amount = ed.saturating_mul(10u32.into());
		T::Currency::set_balance(&Slashing::<T>::reward_pot(), ed.saturating_add(amount));
		ReporterRewards::<T>::insert(&who, amount);
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));
		assert_eq!(ReporterRewards::<T>::get(&who), 0u32.into());
	}

	/// The hook applying `n` due slashes (each through the restaking pallet), the queue full.
	#[benchmark]
	fn on_initialize(n: Linear<0, { T::MaxSlashesPerBlock::get() }>) {
		let ops = backed::<T>(n.max(1));
		set_block::<T>(1u32.into());
		let ids: vec::Vec<SlashId> =
			ops.iter().take(n as usize).map(|op| report::<T>(op)).collect();
		fill_queue::<T>(0);
		let at = now::<T>().saturating_add(<T::Restaking as SlashWindows<_>>::veto_window());
		set_block::<T>(at);
		#[block]
		{
			Slashing::<T>::on_initialize(at);
		}
		for id in ids {
			assert!(matches!(Slashes::<T>::get(id).unwrap().status, SlashStatus::Applied { .. }));
		}
	}

	impl_benchmark_test_suite!(Slashing, crate::mock::ExtBuilder::build(), crate::mock::Test);
}
