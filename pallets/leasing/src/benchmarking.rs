//! Benchmarks of the leasing pallet, each at its worst case; the per-block hook at its bound:
//! `MaxNetworksPerBlock` networks, each paying the last period of its lease and the first of its
//! renewal (a sweep that came late), on the page that ends the sweep and prices the next period
//! into a full market history.

use super::*;
use crate::Pallet as Leasing;
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{fungible::Inspect, fungible::Mutate, Get, Hooks},
	BoundedVec,
};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use sp_runtime::{
	traits::{Bounded, One, Saturating, Zero},
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
		Leasing::<T>::do_lease_at(
			manager.clone(),
			id,
			Leasing::<T>::current_period(),
			1,
			unit::<T>(),
			FixedU128::one(),
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

	/// A network with stake behind it and slashes on record: every input of the quote is read.
	#[benchmark]
	fn lease_security() {
		let manager = funded::<T>("manager", 0);
		let id = network::<T>(&manager);
		T::Restaking::back_network_for_benchmarks(id, 1);
		Leasing::<T>::note_slash(id);
		let now = Leasing::<T>::current_period();
		#[extrinsic_call]
		_(
			RawOrigin::Signed(manager),
			id,
			now,
			T::MaxLeasePeriods::get(),
			unit::<T>(),
			FixedU128::max_value(),
		);
		assert!(Leases::<T>::contains_key(id));
	}

	/// The price moved: the renewal is quoted, capped, and stored beside the lease.
	#[benchmark]
	fn extend_lease() {
		let manager = funded::<T>("manager", 0);
		let id = network::<T>(&manager);
		T::Restaking::back_network_for_benchmarks(id, 1);
		Leasing::<T>::note_slash(id);
		let now = Leasing::<T>::current_period();
		Leasing::<T>::do_lease_at(manager.clone(), id, now, 1, unit::<T>(), FixedU128::one())
			.unwrap();
		BasePrice::<T>::put(FixedU128::from_u32(2));
		let more = T::MaxLeasePeriods::get().saturating_sub(1).max(1);
		#[extrinsic_call]
		_(RawOrigin::Signed(manager), id, more, FixedU128::max_value());
		assert_eq!(Renewals::<T>::get(id).unwrap().last_period, now.saturating_add(more));
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

	/// The last page of the sweep with `n` networks, each paying the last period of its lease,
	/// starting its renewal and paying the renewal's first period too (two payments to the stake
	/// backing it, whatever the number of operators: one operator is enough), then counting it
	/// into the period's market; the page ends the sweep and records the period in a full
	/// history.
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
		let _removed = Renewals::<T>::clear(u32::MAX, None);
		let _removed = Networks::<T>::clear(u32::MAX, None);
		let mut ids = alloc::vec::Vec::new();
		for _ in 0..n {
			let id = network::<T>(&manager);
			ids.push(id);
			Leasing::<T>::do_lease_at(manager.clone(), id, now, 1, unit::<T>(), FixedU128::one())
				.unwrap();
			T::Restaking::back_network_for_benchmarks(id, 1);
			Leasing::<T>::note_slash(id);
			BasePrice::<T>::put(FixedU128::from_u32(2));
			Leasing::<T>::do_extend_lease(manager.clone(), id, 2, FixedU128::max_value()).unwrap();
			BasePrice::<T>::put(FixedU128::one());
		}
		let record = MarketRecord {
			period: 0,
			price: FixedU128::one(),
			utilisation: Perbill::one(),
			demand: Zero::zero(),
			capacity: Zero::zero(),
			index: FixedU128::one(),
			buckets: [FixedU128::one(); RISK_BUCKETS],
		};
		MarketHistory::<T>::put(BoundedVec::truncate_from(alloc::vec![
			record;
			MARKET_HISTORY as usize
		]));
		// The current period is swept; the sweep of two periods on (the last page, the
		// networks above the page size were swept before) finds each lease over and its
		// renewal's first period over too.
		Sweep::<T>::put(SweepState { period: now.saturating_add(2), next: 0 });
		let next = start
			.saturating_add(period.saturating_mul(2u32.into()))
			.saturating_sub(start % period);
		set_block::<T>(next);
		#[block]
		{
			Leasing::<T>::on_initialize(next);
		}
		for id in ids.iter().copied() {
			let lease = Leases::<T>::get(id).unwrap();
			assert_eq!(lease.next_unpaid, now.saturating_add(2));
		}
		assert!(Sweep::<T>::get().is_none());
		assert_eq!(MarketHistory::<T>::get().last().map(|r| r.period), Some(now.saturating_add(2)));
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
