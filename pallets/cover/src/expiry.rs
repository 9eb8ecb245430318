//! What ends when: covers and swaps booked at their last block, settled there by the hook; the
//! slash listener; the pallet's invariants.

use crate::*;
use alloc::collections::BTreeMap;
use frame_support::{pallet_prelude::*, storage::with_storage_layer, weights::Weight};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::traits::{One, Saturating};
use ssp_primitives::{NetworkId, OnSlashApplied};

/// How many blocks past its end a term may be booked when that block is full.
pub(crate) const EXPIRY_SEARCH: u32 = 8;

impl<T: Config> Pallet<T> {
	/// Book `what` to end at the first block from `at` with room (at most `EXPIRY_SEARCH - 1`
	/// blocks later: the term runs a little longer, never shorter). Returns the block booked.
	pub(crate) fn schedule_expiry(
		what: Expiry<T::AccountId>,
		at: BlockNumberFor<T>,
	) -> Result<BlockNumberFor<T>, DispatchError> {
		let mut block = at;
		for _ in 0..EXPIRY_SEARCH {
			if Expiries::<T>::try_mutate(block, |list| list.try_push(what.clone())).is_ok() {
				return Ok(block);
			}
			block = block.saturating_add(One::one());
		}
		Err(Error::<T>::ExpiryScheduleFull.into())
	}

	/// The hook: settle and close the covers, and expire the swaps, ending at `now`. Each in its
	/// own storage layer: one that fails leaves nothing half-written and the others go on.
	pub(crate) fn expire(now: BlockNumberFor<T>) -> Weight {
		let due = Expiries::<T>::take(now);
		if due.is_empty() {
			return T::WeightInfo::on_initialize(0);
		}
		let count = due.len() as u32;
		for what in due {
			let result = with_storage_layer(|| match &what {
				Expiry::Cover(restaker) => match Covers::<T>::get(restaker) {
					Some(cover) if cover.until == now => Self::end_cover(restaker, cover, now),
					_ => Ok(()),
				},
				Expiry::Swap(id) => Self::expire_swap(*id),
			});
			if let Err(e) = result {
				// Tried again at the next block with room, not dropped.
				frame_support::defensive!("an expiry failed", e);
				let _ = with_storage_layer(|| {
					Self::schedule_expiry(what.clone(), now.saturating_add(One::one())).map(|_| ())
				});
			}
		}
		T::WeightInfo::on_initialize(count)
	}

	/// End `restaker`'s cover at `now`, unless a slash is reported and unapplied on what it
	/// covers: then it stays in force another cover period (the slash of an offence in its
	/// term pays it; the stake it covers cannot leave meanwhile).
	fn end_cover(
		restaker: &T::AccountId,
		mut cover: CoverOf<T>,
		now: BlockNumberFor<T>,
	) -> DispatchResult {
		if Self::slash_pending_on(&cover.subject, &cover.operator) {
			if let Ok(until) = Self::schedule_expiry(
				Expiry::Cover(restaker.clone()),
				now.saturating_add(T::CoverPeriod::get()),
			) {
				cover.until = until;
				Covers::<T>::insert(restaker, cover);
				Self::deposit_event(Event::CoverPostponed { restaker: restaker.clone(), until });
				return Ok(());
			}
		}
		Self::settle(restaker, cover, true)
	}

	/// The books: the pot holds every pool's funds, every payout owed and every swap's
	/// collateral and premiums; each pool's cover in force is the sum of its exposures', within
	/// its funds; shares, underwriters and covers are counted right; everything open ends at a
	/// booked block.
	#[cfg(any(feature = "std", feature = "try-runtime"))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use frame_support::traits::fungible::Inspect;
		use sp_runtime::TryRuntimeError;
		let mut held = BalanceOf::<T>::default();
		let mut covered: BTreeMap<SubjectOf<T>, BalanceOf<T>> = BTreeMap::new();
		let mut covers: BTreeMap<(SubjectOf<T>, T::AccountId), u32> = BTreeMap::new();
		let booked = |what: &Expiry<T::AccountId>, at: BlockNumberFor<T>| {
			Expiries::<T>::get(at).contains(what)
		};
		for (restaker, cover) in Covers::<T>::iter() {
			ensure!(
				booked(&Expiry::Cover(restaker.clone()), cover.until),
				TryRuntimeError::Other("a cover whose end is not booked")
			);
			let e = covers.entry((cover.subject, cover.operator)).or_default();
			*e = e.saturating_add(1);
		}
		for (subject, operator, exposure) in Exposures::<T>::iter() {
			ensure!(
				covers.remove(&(subject.clone(), operator)) == Some(exposure.covers),
				TryRuntimeError::Other("an exposure's cover count is wrong")
			);
			ensure!(
				exposure.survival <= sp_runtime::FixedU128::one(),
				TryRuntimeError::Other("a survival above one")
			);
			held = held.saturating_add(exposure.owed);
			let c = covered.entry(subject).or_default();
			*c = c.saturating_add(exposure.covered);
		}
		ensure!(covers.is_empty(), TryRuntimeError::Other("covers without an exposure"));
		for (subject, pool) in Pools::<T>::iter() {
			ensure!(
				covered.remove(&subject).unwrap_or_default() == pool.covered,
				TryRuntimeError::Other("a pool's cover != its exposures'")
			);
			ensure!(pool.covered <= pool.funds, TryRuntimeError::Other("cover above the funds"));
			let (mut shares, mut withdrawing, mut count) = (0u128, 0u128, 0u32);
			for (_, u) in Underwriters::<T>::iter_prefix(&subject) {
				let w = u.withdrawing.map_or(0, |(s, _)| s);
				shares = shares.saturating_add(u.active).saturating_add(w);
				withdrawing = withdrawing.saturating_add(w);
				count = count.saturating_add(1);
			}
			ensure!(
				(shares, withdrawing, count)
					== (pool.shares, pool.withdrawing_shares, pool.underwriters),
				TryRuntimeError::Other("a pool's shares or underwriters miscounted")
			);
			held = held.saturating_add(pool.funds);
		}
		ensure!(covered.is_empty(), TryRuntimeError::Other("exposures without a pool"));
		let mut listed: BTreeMap<NetworkId, u32> = BTreeMap::new();
		for (id, swap) in Swaps::<T>::iter() {
			ensure!(
				NetworkSwaps::<T>::get(swap.network).contains(&id),
				TryRuntimeError::Other("a swap missing from its network's list")
			);
			if let SwapStatus::Active { until, .. } = swap.status {
				ensure!(
					booked(&Expiry::Swap(id), until),
					TryRuntimeError::Other("an active swap whose end is not booked")
				);
			}
			let l = listed.entry(swap.network).or_default();
			*l = l.saturating_add(1);
			held = held.saturating_add(swap.collateral).saturating_add(swap.escrow);
		}
		for (network, ids) in NetworkSwaps::<T>::iter() {
			ensure!(
				listed.remove(&network) == Some(ids.len() as u32),
				TryRuntimeError::Other("a network's swap list names missing swaps")
			);
		}
		let pot = T::Currency::balance(&Self::pot());
		ensure!(
			pot >= held.saturating_add(T::Currency::minimum_balance()),
			TryRuntimeError::Other("the pot holds less than the books")
		);
		Ok(())
	}
}

/// Applied slashes reach covers and count toward swaps' thresholds: O(1) per slash (a swap is
/// paid by `claim_swap`, or at its end).
impl<T: Config> OnSlashApplied<T::AccountId, BalanceOf<T>> for Pallet<T> {
	fn on_slash_applied(
		id: u32,
		network: NetworkId,
		operator: &T::AccountId,
		amount: BalanceOf<T>,
		pool_before: BalanceOf<T>,
	) {
		use sp_runtime::traits::Zero;
		if amount.is_zero() {
			return;
		}
		NetworkSlashed::<T>::mutate(network, |s| *s = s.saturating_add(amount));
		if !pool_before.is_zero() {
			Self::count_loss(
				Subject::Operator(operator.clone()),
				operator,
				id,
				amount,
				pool_before,
			);
			Self::count_loss(Subject::Network(network), operator, id, amount, pool_before);
		}
	}

	fn max_weight() -> Weight {
		T::WeightInfo::slash_listener()
	}
}
