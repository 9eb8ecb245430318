//! Benchmarks of the leasing pallet, each at its worst case; the per-block hook at its bound:
//! `MaxNetworksPerBlock` networks, each paying a lease period to the restaking pallet's
//! `MaxOperatorsPerNetwork` operators.

use super::*;
use crate::Pallet as Leasing;
use frame_benchmarking::v2::*;
use frame_support::traits::{fungible::Inspect, fungible::Mutate, Get, Hooks};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use sp_runtime::{
	traits::{Saturating, Zero},
	FixedU128, Perbill,
};
use ssp_primitives::{NetworkBackers, NetworkId};

const SEED: u32 = 0;

/// A comfortable amount: well above the existential deposit and the network deposit.
fn unit<T: Config>() -> BalanceOf<T> {
	T::Currency::minimum_balance()
		.max(T::NetworkDeposit::get())
		.max(1_000u32.into())
		.saturating_mul(100u32.into())
}

fn funded<T: Config>(name: &'static str, i: u32) -> T::AccountId {
	let who: T::AccountId = account(name, i, SEED);
	// Enough for the longest lease at `unit` per period, plus deposits, whatever the runtime's
	// `MaxLeasePeriods`.
	let periods = T::MaxLeasePeriods::get().saturating_add(1_000);
	T::Currency::set_balance(&who, unit::<T>().saturating_mul(periods.into()));
	who
}

/// Register a network managed by `manager`.
fn network<T: Config>(manager: &T::AccountId) -> NetworkId {
	Leasing::<T>::do_register_network(
		manager.clone(),
		manager.clone(),
		Perbill::from_rational(1u32, 3u32),
		Perbill::one(),
		unit::<T>(),
		FixedU128::from_u32(1),
	)
	.unwrap()
}

/// Fill the registry up to `MaxNetworks - 1` networks, leaving room for one more.
fn fill<T: Config>(manager: &T::AccountId) {
	while NetworkIds::<T>::get().len() < T::MaxNetworks::get().saturating_sub(1) as usize {
		network::<T>(manager);
	}
}

fn set_block<T: Config>(n: BlockNumberFor<T>) {
	frame_system::Pallet::<T>::set_block_number(n);
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register_network() {
		let manager = funded::<T>("manager", 0);
		fill::<T>(&manager);
		let id = NextNetworkId::<T>::get();
		#[extrinsic_call]
		_(
			RawOrigin::Signed(manager.clone()),
			manager.clone(),
			Perbill::from_rational(1u32, 3u32),
			Perbill::one(),
			unit::<T>(),
			FixedU128::from_u32(1),
		);
		assert!(Networks::<T>::contains_key(id));
	}

	#[benchmark]
	fn set_pfc() {
		// Worst case: the change crosses the target and moves a leased network's status.
		let manager = funded::<T>("manager", 0);
		let id = network::<T>(&manager);
		Leasing::<T>::do_lease_security(
			manager.clone(),
			id,
			Leasing::<T>::current_period(),
			1,
			unit::<T>(),
		)
		.unwrap();
		let pfc = Networks::<T>::get(id).unwrap().security.pfc.saturating_mul(2u32.into());
		#[extrinsic_call]
		_(RawOrigin::Signed(manager), id, pfc);
		assert_eq!(Networks::<T>::get(id).unwrap().security.pfc, pfc);
	}

	#[benchmark]
	fn set_slasher() {
		let manager = funded::<T>("manager", 0);
		let id = network::<T>(&manager);
		let slasher: T::AccountId = account("slasher", 0, SEED);
		#[extrinsic_call]
		_(RawOrigin::Signed(manager), id, slasher.clone());
		assert_eq!(Networks::<T>::get(id).unwrap().slasher, slasher);
	}

	#[benchmark]
	fn lease_security() {
		let manager = funded::<T>("manager", 0);
		let id = network::<T>(&manager);
		let now = Leasing::<T>::current_period();
		#[extrinsic_call]
		_(RawOrigin::Signed(manager), id, now, T::MaxLeasePeriods::get(), unit::<T>());
		assert!(Leases::<T>::contains_key(id));
	}

	#[benchmark]
	fn extend_lease() {
		let manager = funded::<T>("manager", 0);
		let id = network::<T>(&manager);
		let now = Leasing::<T>::current_period();
		Leasing::<T>::do_lease_security(manager.clone(), id, now, 1, unit::<T>()).unwrap();
		let more = T::MaxLeasePeriods::get().saturating_sub(1).max(1);
		#[extrinsic_call]
		_(RawOrigin::Signed(manager), id, more);
		assert_eq!(Leases::<T>::get(id).unwrap().last_period, now.saturating_add(more));
	}

	#[benchmark]
	fn deregister_network() {
		let manager = funded::<T>("manager", 0);
		let id = network::<T>(&manager);
		#[extrinsic_call]
		_(RawOrigin::Signed(manager), id);
		assert!(matches!(
			Networks::<T>::get(id).unwrap().status,
			NetworkStatus::Offboarding { .. }
		));
	}

	/// One page of the sweep with `n` networks, each paying one lease period to the stake
	/// backing it (one payment, whatever the number of operators: one operator is enough).
	#[benchmark]
	fn on_initialize(n: Linear<0, { T::MaxNetworksPerBlock::get().min(T::MaxNetworks::get()) }>) {
		let manager = funded::<T>("manager", 0);
		T::Currency::set_balance(&Leasing::<T>::account_id(), T::Currency::minimum_balance());
		let period = T::LeasePeriod::get();
		let start = frame_system::Pallet::<T>::block_number();
		let now = Leasing::<T>::period_of(start);
		// A runtime's genesis may hold networks of its own: the page must see only these.
		NetworkIds::<T>::kill();
		let _removed = Leases::<T>::clear(u32::MAX, None);
		let _removed = Networks::<T>::clear(u32::MAX, None);
		let mut ids = alloc::vec::Vec::new();
		for _ in 0..n {
			let id = network::<T>(&manager);
			ids.push(id);
			Leasing::<T>::do_lease_security(manager.clone(), id, now, 2, unit::<T>()).unwrap();
			T::Restaking::back_network_for_benchmarks(id, 1);
		}
		// The current period is swept; the next block starts a new one.
		Sweep::<T>::kill();
		SweptPeriod::<T>::put(now);
		let next = start.saturating_add(period).saturating_sub(start % period);
		set_block::<T>(next);
		#[block]
		{
			Leasing::<T>::on_initialize(next);
		}
		for id in ids.iter().copied() {
			let lease = Leases::<T>::get(id).unwrap();
			assert_eq!(lease.next_unpaid, now.saturating_add(1));
		}
		assert!(ids
			.iter()
			.all(|id| Networks::<T>::get(id).is_some_and(|i| !i.security.allocated.is_zero())));
	}

	impl_benchmark_test_suite!(
		Leasing,
		crate::mock::ExtBuilder::default().empty().build(),
		crate::mock::Test
	);
}
