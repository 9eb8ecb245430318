//! The magnitude history: what an operator had allocated to a network at each block of the
//! reporting and veto windows, so that an offence is slashed by the magnitude in effect when it
//! was committed, not the one in effect when the slash applies.

use crate::*;
use frame_support::pallet_prelude::*;
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{traits::Saturating, Perbill};
use ssp_primitives::{AllocationHistory, NetworkId};

impl<T: Config> Pallet<T> {
	/// The first block whose magnitude must stay known: offences are reported at most
	/// `ReportingWindow` blocks late and wait `VetoWindow` blocks, so nothing older is asked.
	fn history_horizon(now: BlockNumberFor<T>) -> BlockNumberFor<T> {
		now.saturating_sub(T::ReportingWindow::get().saturating_add(T::VetoWindow::get()))
	}

	/// The history of `operator` on `network`, without the entries older than the windows.
	fn pruned_history(
		operator: &T::AccountId,
		network: NetworkId,
		now: BlockNumberFor<T>,
	) -> BoundedVec<(BlockNumberFor<T>, Perbill), T::MaxMagnitudeHistory> {
		let horizon = Self::history_horizon(now);
		let mut history = MagnitudeHistory::<T>::get(operator, network);
		history.retain(|(until, _)| *until > horizon);
		history
	}

	/// Fail with `TooManyAllocationChanges` unless one more change of `operator` on `network`
	/// can be remembered when it takes effect. A change is scheduled only after this check, and
	/// at most one change is scheduled at a time, so [`Self::record_magnitude`] always has room.
	pub(crate) fn ensure_history_room(
		operator: &T::AccountId,
		network: NetworkId,
	) -> DispatchResult {
		let history = Self::pruned_history(operator, network, Self::now());
		ensure!(
			(history.len() as u32) < T::MaxMagnitudeHistory::get(),
			Error::<T>::TooManyAllocationChanges
		);
		Ok(())
	}

	/// The magnitude `operator`'s current allocation to `network` has at block `at` (a matured
	/// pending change counts), or `None` if it is not opted in. No history: for `at` from the
	/// allocation's last change on.
	pub(crate) fn magnitude_in_effect(
		operator: &T::AccountId,
		network: NetworkId,
		at: BlockNumberFor<T>,
	) -> Option<Perbill> {
		Operators::<T>::get(operator)?
			.allocations
			.iter()
			.find(|a| a.network == network)
			.map(|a| a.magnitude_at(at))
	}

	/// Remember that `magnitude` was in effect on `network` until block `until`.
	pub(crate) fn record_magnitude(
		operator: &T::AccountId,
		network: NetworkId,
		until: BlockNumberFor<T>,
		magnitude: Perbill,
	) {
		let mut history = Self::pruned_history(operator, network, Self::now());
		if history.is_full() {
			// Unreachable while `ensure_history_room` guards every schedule: forget the oldest
			// change rather than the newest (the newest is what a pending report needs).
			frame_support::defensive!("magnitude history full although scheduling checks room");
			history.remove(0);
		}
		if history.try_push((until, magnitude)).is_ok() {
			MagnitudeHistory::<T>::insert(operator, network, history);
		}
	}
}

impl<T: Config> AllocationHistory<T::AccountId, BlockNumberFor<T>> for Pallet<T> {
	fn magnitude_at(operator: &T::AccountId, network: NetworkId, at: BlockNumberFor<T>) -> Perbill {
		// Entries are in order of `until`: the first that ends after `at` was in effect at `at`.
		if let Some((_, magnitude)) = MagnitudeHistory::<T>::get(operator, network)
			.iter()
			.find(|(until, _)| at < *until)
		{
			return *magnitude;
		}
		Self::magnitude_in_effect(operator, network, at).unwrap_or_default()
	}
}
