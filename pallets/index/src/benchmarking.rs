//! Benchmarks of the index pool's hook: following a new index period (a full index), one step
//! of each kind on a pool opted into as many networks as an operator may join (each step
//! refreshes all of them first), and a block with nothing to do.

use super::*;
use crate::Pallet as Index;
use frame_benchmarking::v2::*;
use ssp_primitives::{market::INDEX_SIZE, OperatorControl, SecurityIndex};

/// The first id of the networks the benchmarks use, clear of any runtime's genesis networks.
const FIRST: NetworkId = 3_000_000;

/// The pool's operator, registered and backed, opted into `max_networks() - 1` networks (its
/// bound) with an allocation each, all matured and all lagging a restake: the refresh every
/// step begins with brings each of them up to date (each network's stake, shared stake and
/// security figures). One slot is left for an opt-in.
fn crowded_pool<T: Config>() -> T::AccountId {
	let op = Index::<T>::account_id();
	if !T::Operators::is_operator(&op) {
		T::Operators::register(&op, Perbill::zero()).unwrap();
	}
	T::Operators::back_operator_for_benchmarks(&op);
	let joined = T::Operators::allocations(&op).len() as u32;
	let wanted = Index::<T>::max_networks().saturating_sub(1);
	for i in joined..wanted {
		let network = FIRST + i;
		T::Operators::register_network_for_benchmarks(network);
		T::Operators::opt_in(&op, network).unwrap();
		T::Operators::allocate(&op, network, Perbill::from_parts(1_000)).unwrap();
	}
	// Past any allocation delay: every allocation matures at the next refresh, and a restake
	// changes the stake each of them contributes.
	let now = frame_system::Pallet::<T>::block_number();
	frame_system::Pallet::<T>::set_block_number(now + 10_000u32.into());
	T::Operators::back_operator_for_benchmarks(&op);
	op
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// A new index period with a full index and the same target as before, on a crowded pool
	/// whose allocations are read to find it behind: the target is computed, compared, stored,
	/// and a rebalance starts.
	#[benchmark]
	fn start() {
		crowded_pool::<T>();
		let constituents: alloc::vec::Vec<(NetworkId, u128)> = (0..INDEX_SIZE)
			.map(|i| (FIRST + 20_000 + i, u128::from(1_000 + INDEX_SIZE - i)))
			.collect();
		let (period, _) = T::Index::constituents().unwrap_or_default();
		let next = period.saturating_add(1);
		T::Index::set_constituents_for_benchmarks(next, constituents.clone());
		Target::<T>::put((period, Index::<T>::targets(&constituents)));
		Rebalancing::<T>::kill();
		#[block]
		{
			Index::<T>::follow_index();
		}
		assert_eq!(Target::<T>::get().map(|t| t.1.len() as u32), Some(INDEX_SIZE));
		assert!(Rebalancing::<T>::get());
	}

	#[benchmark]
	fn opt_in_step() {
		let op = crowded_pool::<T>();
		let network = FIRST + 10_000;
		T::Operators::register_network_for_benchmarks(network);
		let step = Step::OptIn(network);
		#[block]
		{
			Index::<T>::take(&op, &step).unwrap();
		}
		assert!(T::Operators::allocations(&op).iter().any(|(n, _, _)| *n == network));
	}

	#[benchmark]
	fn allocate_step() {
		let op = crowded_pool::<T>();
		let step = Step::Allocate(FIRST, Perbill::from_percent(10));
		#[block]
		{
			Index::<T>::take(&op, &step).unwrap();
		}
		assert!(T::Operators::allocations(&op).contains(&(
			FIRST,
			Perbill::from_percent(10),
			false
		)));
	}

	#[benchmark]
	fn opt_out_step() {
		let op = crowded_pool::<T>();
		let step = Step::OptOut(FIRST);
		#[block]
		{
			Index::<T>::take(&op, &step).unwrap();
		}
		assert!(T::Operators::allocations(&op).contains(&(FIRST, Perbill::zero(), true)));
	}

	/// A block with the index unchanged and nothing to rebalance.
	#[benchmark]
	fn idle() {
		let op = Index::<T>::account_id();
		if !T::Operators::is_operator(&op) {
			T::Operators::register(&op, Perbill::zero()).unwrap();
		}
		let (period, constituents) = T::Index::constituents().unwrap_or_default();
		T::Index::set_constituents_for_benchmarks(period, constituents.clone());
		Target::<T>::put((period, Index::<T>::targets(&constituents)));
		Rebalancing::<T>::kill();
		#[block]
		{
			Index::<T>::rebalance();
		}
		assert!(!Rebalancing::<T>::get());
	}

	impl_benchmark_test_suite!(Index, crate::mock::ExtBuilder::build(), crate::mock::Test);
}
