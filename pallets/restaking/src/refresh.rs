//! Lazy refresh of operators' network figures.
//!
//! A restake, a withdrawal, a settlement or a notification from the staking system changes one
//! pool; the stake that pool contributes to each of the operator's networks (and each network's
//! security figures) follows at the operator's next refresh. Those calls mark the operator
//! stale in O(1) instead of rewriting every network; allocation changes book the block they
//! take effect at. The hook brings stale operators up to date at the start of the next block,
//! at most `MaxRefreshesPerBlock` per block, so restaking costs the same whatever the number
//! of networks, and a matured decrease or opt-out stops counting without anyone's call.

use crate::*;
use frame_support::{defensive, pallet_prelude::*, storage::with_storage_layer};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::traits::{One, Saturating};

/// How many blocks past its due block a change may be booked when that block is full.
pub(crate) const MATURITY_SEARCH: u32 = 8;

impl<T: Config> Pallet<T> {
	/// Mark `operator`'s network figures as lagging its pool.
	pub(crate) fn mark_stale(operator: &T::AccountId) {
		StaleOperators::<T>::insert(operator, ());
	}

	/// Book a refresh of `operator` at the first block from `at` with room (at most
	/// `MATURITY_SEARCH - 1` blocks later: a change that takes effect a little later keeps its
	/// stake slashable a little longer, never shorter). Returns the block booked: the change
	/// takes effect there.
	pub(crate) fn schedule_maturity(
		operator: &T::AccountId,
		at: BlockNumberFor<T>,
	) -> Result<BlockNumberFor<T>, DispatchError> {
		let mut block = at;
		for _ in 0..MATURITY_SEARCH {
			let booked = Maturing::<T>::try_mutate(block, |ops| {
				if ops.contains(operator) {
					return Ok(());
				}
				ops.try_push(operator.clone()).map_err(|_| ())
			});
			if booked.is_ok() {
				return Ok(block);
			}
			block = block.saturating_add(One::one());
		}
		Err(Error::<T>::MaturityScheduleFull.into())
	}

	/// The hook: mark the operators whose changes take effect now as stale, then refresh at
	/// most `MaxRefreshesPerBlock` stale operators, each in its own storage layer (a failure
	/// leaves nothing half-written and the others go on).
	pub(crate) fn refresh_stale(now: BlockNumberFor<T>) -> Weight {
		for operator in Maturing::<T>::take(now) {
			Self::mark_stale(&operator);
		}
		let max = T::MaxRefreshesPerBlock::get() as usize;
		let batch: alloc::vec::Vec<T::AccountId> =
			StaleOperators::<T>::iter_keys().take(max).collect();
		for operator in &batch {
			StaleOperators::<T>::remove(operator);
			if let Err(e) =
				with_storage_layer(|| Self::refresh_operator_networks(operator).map(|_| ()))
			{
				defensive!("refreshing a stale operator failed", e);
			}
		}
		T::WeightInfo::on_initialize(batch.len() as u32)
	}
}
