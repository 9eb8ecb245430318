//! Lazy refresh of operators' network figures.
//!
//! A restake, a withdrawal, a settlement or a notification from the staking system changes one
//! pool; the stake that pool contributes to each of the operator's networks (and each network's
//! security figures) follows at the operator's next refresh. Those calls mark the operator
//! stale in O(1) instead of rewriting every network; allocation changes book the block they
//! take effect at. The hook brings stale operators up to date at the start of the next block,
//! at most `MaxAllocationRefreshesPerBlock` allocations per block (resuming a half-refreshed
//! operator at the next block), so restaking costs the same whatever the number of networks,
//! and a matured decrease or opt-out stops counting without anyone's call.

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

	/// The hook: mark the operators whose changes take effect now as stale, then refresh stale
	/// operators allocation by allocation, at most `MaxAllocationRefreshesPerBlock` allocations
	/// per block (an operator without allocations counts as one), so that a block's work does
	/// not grow with `MaxNetworksPerOperator`. An operator left half-way is resumed at the next
	/// block from [`RefreshCursor`]: no allocation is skipped, and one refreshed again (the pool
	/// changed meanwhile, or removals shifted it) is only brought up to date again. Each page runs
	/// in its own storage layer (a failure leaves nothing half-written and the others go on).
	pub(crate) fn refresh_stale(now: BlockNumberFor<T>) -> Weight {
		for operator in Maturing::<T>::take(now) {
			Self::mark_stale(&operator);
		}
		let budget = T::MaxAllocationRefreshesPerBlock::get();
		let mut used: u32 = 0;
		while used < budget {
			let (operator, from) = match RefreshCursor::<T>::take() {
				Some(cursor) => cursor,
				None => match StaleOperators::<T>::iter_keys().next() {
					Some(operator) => {
						StaleOperators::<T>::remove(&operator);
						(operator, 0)
					},
					None => break,
				},
			};
			let count = budget.saturating_sub(used);
			let (next, refreshed) =
				match with_storage_layer(|| Self::refresh_allocations(&operator, from, count)) {
					Ok(page) => (page.next, page.refreshed),
					Err(e) => {
						defensive!("refreshing a stale operator failed", e);
						(None, 0)
					},
				};
			used = used.saturating_add(refreshed.max(1));
			if let Some(next) = next {
				RefreshCursor::<T>::put((operator, next));
				break;
			}
		}
		if used == 0 {
			// Nothing matured, nothing stale: the reads above, no more.
			return T::WeightInfo::on_initialize_idle();
		}
		T::WeightInfo::on_initialize(used)
	}
}
