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
//!
//! A slash is propagated the same way: it takes the stake from the pool and from the slashed
//! network at once, and marks the operator [`Propagating`]; the hook carries the loss to the
//! operator's other networks ahead of any operator that is only stale, so applying a slash
//! costs the same whatever the number of the operator's networks.

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

	/// `operator` was slashed: its other networks are to see the loss, before any operator
	/// that is only stale. A refresh of it under way started before the slash, so it starts
	/// again from its first allocation.
	pub(crate) fn mark_propagating(operator: &T::AccountId) {
		Propagating::<T>::insert(operator, ());
		Self::drop_cursor_of(operator);
	}

	/// Forget the hook's place in `operator`'s allocations, if it is refreshing `operator`.
	pub(crate) fn drop_cursor_of(operator: &T::AccountId) {
		if RefreshCursor::<T>::get().is_some_and(|(op, _)| &op == operator) {
			RefreshCursor::<T>::kill();
		}
	}

	/// Every allocation of `operator` was refreshed, from the first, after its latest slash.
	pub(crate) fn propagation_done(operator: &T::AccountId) {
		if Propagating::<T>::take(operator).is_some() {
			Self::deposit_event(Event::SlashPropagated { operator: operator.clone() });
		}
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

	/// The hook: mark the operators whose changes take effect now as stale, then refresh
	/// operators page by page, a page being up to that many of one operator's allocations:
	/// first the operator left half-way at the last block (resumed from [`RefreshCursor`]),
	/// then slashed operators ([`Propagating`]), then stale ones. A block's pages together
	/// weigh at most one page of `MaxAllocationRefreshesPerBlock` allocations, each page
	/// charged at its benchmarked weight (which includes reading and writing its operator), so
	/// that the block's work grows neither with `MaxNetworksPerOperator` nor with the number of
	/// operators. No allocation is skipped, and one refreshed again (the pool changed
	/// meanwhile, or removals shifted it) is only brought up to date again. Each page runs in
	/// its own storage layer (a failure leaves nothing half-written and the others go on).
	pub(crate) fn refresh_stale(now: BlockNumberFor<T>) -> Weight {
		for operator in Maturing::<T>::take(now) {
			Self::mark_stale(&operator);
		}
		let max = T::MaxAllocationRefreshesPerBlock::get();
		let limit = T::WeightInfo::on_initialize(max);
		let mut used = Weight::zero();
		loop {
			let count = Self::page_that_fits(used, limit, max);
			if count == 0 {
				break;
			}
			let Some((operator, from)) = Self::next_to_refresh() else { break };
			let (next, refreshed) =
				match with_storage_layer(|| Self::refresh_allocations(&operator, from, count)) {
					Ok(page) => (page.next, page.refreshed),
					Err(e) => {
						defensive!("refreshing a stale operator failed", e);
						// Not retried every block: its next call or slash marks it again.
						Propagating::<T>::remove(&operator);
						(None, 0)
					},
				};
			used = used.saturating_add(T::WeightInfo::on_initialize(refreshed.max(1)));
			match next {
				Some(next) => {
					RefreshCursor::<T>::put((operator, next));
					break;
				},
				// A run that ends here started from the first allocation after the operator's
				// latest slash (a slash restarts a run under way).
				None => Self::propagation_done(&operator),
			}
		}
		if used.is_zero() {
			// Nothing matured, nothing stale: the reads above, no more.
			return T::WeightInfo::on_initialize_idle();
		}
		used
	}

	/// The most allocations (at most `max`) a page may refresh without taking the block's
	/// pages past `limit`, having used `used`; zero when not even one fits.
	fn page_that_fits(used: Weight, limit: Weight, max: u32) -> u32 {
		let mut count = max;
		while count > 0 && !used.saturating_add(T::WeightInfo::on_initialize(count)).all_lte(limit)
		{
			count = count.saturating_sub(1);
		}
		count
	}

	/// The operator the hook refreshes next and the allocation to start from: the one left
	/// half-way, else a slashed one (its mark stays until its run completes), else a stale one
	/// (its mark is taken: a change during its run marks it again).
	fn next_to_refresh() -> Option<(T::AccountId, u32)> {
		if let Some(cursor) = RefreshCursor::<T>::take() {
			return Some(cursor);
		}
		if let Some(operator) = Propagating::<T>::iter_keys().next() {
			return Some((operator, 0));
		}
		let operator = StaleOperators::<T>::iter_keys().next()?;
		StaleOperators::<T>::remove(&operator);
		Some((operator, 0))
	}
}
