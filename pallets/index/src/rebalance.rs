//! Following the index: the target magnitudes of a new index period, and the steps that move
//! the pool's allocations to them, a few a block.
//!
//! Decreases go first (leaving networks, lower magnitudes), then opt-ins, then increases: the
//! pool's restaking factor stays at most the old target plus the new one (200%) while the
//! decreases wait out the slash window.

use crate::*;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{pallet_prelude::*, traits::Get, weights::Weight};
use scale_info::TypeInfo;
use ssp_primitives::{market::index_weights, OperatorControl, SecurityIndex};

/// One change of the pool's allocations.
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub enum Step {
	/// Leave a network that is no longer in the index.
	OptOut(NetworkId),
	/// Join a network of the index.
	OptIn(NetworkId),
	/// Set the magnitude on a network of the index.
	Allocate(NetworkId, Perbill),
}

impl Step {
	/// The network the step changes.
	pub fn network(&self) -> NetworkId {
		match self {
			Step::OptOut(n) | Step::OptIn(n) | Step::Allocate(n, _) => *n,
		}
	}
}

/// The next step from `current` allocations (network, scheduled magnitude, opting out) toward
/// `targets`, leaving out the networks in `failed`. An opt-in is due only while the pool holds
/// fewer than `max_networks` allocations (opt-outs completing count until they are gone).
pub fn next_step(
	current: &[(NetworkId, Perbill, bool)],
	targets: &[(NetworkId, Perbill)],
	failed: &[NetworkId],
	max_networks: u32,
) -> Option<Step> {
	let target_of = |n: NetworkId| targets.iter().find(|(t, _)| *t == n).map(|(_, w)| *w);
	let live = current.iter().filter(|(n, _, out)| !out && !failed.contains(n));
	// Leaving networks, then lower magnitudes.
	if let Some((n, _, _)) = live.clone().find(|(n, _, _)| target_of(*n).is_none()) {
		return Some(Step::OptOut(*n));
	}
	if let Some(step) = live
		.clone()
		.find_map(|(n, m, _)| target_of(*n).filter(|w| w < m).map(|w| Step::Allocate(*n, w)))
	{
		return Some(step);
	}
	// Joining networks (not while a previous opt-out of them completes), then higher ones.
	let joined = |n: NetworkId| current.iter().any(|(c, _, _)| *c == n);
	let room = (current.len() as u32) < max_networks;
	if let Some((n, _)) = targets
		.iter()
		.find(|(n, w)| room && !w.is_zero() && !joined(*n) && !failed.contains(n))
	{
		return Some(Step::OptIn(*n));
	}
	live.clone()
		.find_map(|(n, m, _)| target_of(*n).filter(|w| w > m).map(|w| Step::Allocate(*n, w)))
}

impl<T: Config> Pallet<T> {
	/// Follow a new index period if there is one, then take at most `StepsPerBlock` steps.
	pub(crate) fn rebalance() -> Weight {
		let operator = Self::account_id();
		let mut weight = T::WeightInfo::idle();
		if !T::Operators::is_operator(&operator) {
			return weight;
		}
		if Self::follow_index() {
			weight = weight.saturating_add(T::WeightInfo::start());
		}
		if !Rebalancing::<T>::get() {
			return weight;
		}
		let (period, targets) = Target::<T>::get().unwrap_or_default();
		let mut current = T::Operators::allocations(&operator);
		let mut failed = Failed::<T>::get();
		for _ in 0..T::StepsPerBlock::get() {
			let Some(step) = next_step(&current, &targets, &failed, Self::max_networks()) else {
				Rebalancing::<T>::kill();
				Failed::<T>::kill();
				Self::deposit_event(Event::Rebalanced { period });
				return weight;
			};
			weight = weight.saturating_add(Self::step_weight());
			match Self::take(&operator, &step) {
				Ok(()) => {
					Self::apply(&mut current, &step);
					Self::deposit_event(Event::StepTaken { step });
				},
				Err(error) => {
					if failed.try_push(step.network()).is_err() {
						// Every network failed: nothing more to try until the next period.
						Rebalancing::<T>::kill();
						Failed::<T>::kill();
						return weight;
					}
					Self::deposit_event(Event::StepFailed { step, error });
				},
			}
		}
		Failed::<T>::put(failed);
		weight
	}

	/// Take the index's latest period as the target if it is not yet; start a rebalance if
	/// the magnitudes changed or the pool's allocations do not match them (a step failed last
	/// time). Returns whether a new period was taken.
	pub(crate) fn follow_index() -> bool {
		let Some((period, constituents)) = T::Index::constituents() else {
			return false;
		};
		let old = Target::<T>::get();
		if old.as_ref().is_some_and(|(followed, _)| *followed == period) {
			return false;
		}
		let targets = Self::targets(&constituents);
		Target::<T>::put((period, targets.clone()));
		// A new target, or the same one with steps that failed last time: rebalance.
		let behind = || {
			let current = T::Operators::allocations(&Self::account_id());
			next_step(&current, &targets, &[], Self::max_networks()).is_some()
		};
		if old.is_none_or(|(_, old)| old != targets) || behind() {
			Rebalancing::<T>::put(true);
			Failed::<T>::kill();
			Self::deposit_event(Event::RebalanceStarted { period, targets });
		}
		true
	}

	/// The target magnitudes of `constituents` (network, reward per period).
	pub fn targets(constituents: &[(NetworkId, u128)]) -> Targets {
		let rewards: alloc::vec::Vec<u128> = constituents.iter().map(|(_, r)| *r).collect();
		let weights = index_weights(&rewards, T::MinWeight::get(), T::MaxWeight::get());
		let targets: alloc::vec::Vec<(NetworkId, Perbill)> = constituents
			.iter()
			.zip(weights)
			.filter(|(_, w)| !w.is_zero())
			.map(|((n, _), w)| (*n, w))
			.collect();
		Targets::truncate_from(targets)
	}

	/// The most networks the pool joins at once: its `MaxNetworks`, within the restaking
	/// pallet's bound for an operator.
	pub fn max_networks() -> u32 {
		T::MaxNetworks::get().min(T::Operators::max_networks())
	}

	/// The weight of the dearest step (each refreshes all of the pool's allocations first).
	pub fn step_weight() -> Weight {
		T::WeightInfo::opt_in_step()
			.max(T::WeightInfo::allocate_step())
			.max(T::WeightInfo::opt_out_step())
	}

	pub(crate) fn take(operator: &T::AccountId, step: &Step) -> DispatchResult {
		// Each step is all or nothing: a failed one leaves no partial write behind.
		frame_support::storage::with_storage_layer(|| match step {
			Step::OptOut(n) => T::Operators::opt_out(operator, *n),
			Step::OptIn(n) => T::Operators::opt_in(operator, *n),
			Step::Allocate(n, w) => T::Operators::allocate(operator, *n, *w),
		})
	}

	/// `current` after `step`, without reading the operator again.
	fn apply(current: &mut alloc::vec::Vec<(NetworkId, Perbill, bool)>, step: &Step) {
		match step {
			Step::OptOut(n) => current.iter_mut().filter(|(c, _, _)| c == n).for_each(|e| {
				e.1 = Perbill::zero();
				e.2 = true;
			}),
			Step::OptIn(n) => current.push((*n, Perbill::zero(), false)),
			Step::Allocate(n, w) => {
				current.iter_mut().filter(|(c, _, _)| c == n).for_each(|e| e.1 = *w)
			},
		}
	}

	/// Check the pallet's invariants.
	///
	/// - The target's magnitudes add up to at most 100%, each at most `MaxWeight`, over
	///   distinct networks.
	/// - Networks failed in a rebalance are kept only while one is in progress.
	#[cfg(any(feature = "std", feature = "try-runtime", feature = "runtime-benchmarks"))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use sp_runtime::TryRuntimeError;
		let (_, targets) = Target::<T>::get().unwrap_or_default();
		let sum: u64 = targets.iter().map(|(_, w)| u64::from(w.deconstruct())).sum();
		ensure!(
			sum <= u64::from(Perbill::one().deconstruct()),
			TryRuntimeError::Other("index targets above 100%")
		);
		ensure!(
			targets.iter().all(|(_, w)| *w <= T::MaxWeight::get()),
			TryRuntimeError::Other("index target above MaxWeight")
		);
		let mut networks: alloc::vec::Vec<NetworkId> = targets.iter().map(|(n, _)| *n).collect();
		networks.sort();
		networks.dedup();
		ensure!(networks.len() == targets.len(), TryRuntimeError::Other("repeated index network"));
		ensure!(
			Rebalancing::<T>::get() || Failed::<T>::get().is_empty(),
			TryRuntimeError::Other("failed steps kept outside a rebalance")
		);
		Ok(())
	}
}
