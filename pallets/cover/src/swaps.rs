//! Security default swaps: a seller's collateral against a network's applied slashes, for
//! premiums a buyer pays period by period.

use crate::*;
use alloc::vec::Vec;
use frame_support::{
	pallet_prelude::*,
	traits::{fungible::Mutate, tokens::Preservation},
};
use sp_runtime::{
	traits::{Saturating, UniqueSaturatedInto, Zero},
	ArithmeticError,
};
use ssp_primitives::{NetworkId, NetworkRegistry, OperatorJail};

impl<T: Config> Pallet<T> {
	pub(crate) fn do_offer_swap(
		seller: T::AccountId,
		network: NetworkId,
		collateral: BalanceOf<T>,
		premium_per_period: BalanceOf<T>,
		periods: u32,
		threshold: BalanceOf<T>,
	) -> DispatchResult {
		ensure!(!collateral.is_zero() && !threshold.is_zero(), Error::<T>::ZeroAmount);
		ensure!(collateral >= T::MinSwapCollateral::get(), Error::<T>::CollateralTooLow);
		// The seller's share of a triggered swap is whole periods' premiums: never dust.
		ensure!(
			premium_per_period.is_zero() || premium_per_period >= T::MinSwapPremium::get(),
			Error::<T>::PremiumTooLow
		);
		ensure!(periods >= 1 && periods <= T::MaxSwapPeriods::get(), Error::<T>::TermTooLong);
		ensure!(T::Networks::is_registered(network), Error::<T>::UnknownSubject);
		let id = NextSwapId::<T>::get();
		NetworkSwaps::<T>::try_mutate(network, |ids| ids.try_push(id))
			.map_err(|_| Error::<T>::TooManySwaps)?;
		T::Currency::transfer(&seller, &Self::pot(), collateral, Preservation::Preserve)?;
		NextSwapId::<T>::put(id.checked_add(1).ok_or(ArithmeticError::Overflow)?);
		Swaps::<T>::insert(
			id,
			Swap {
				network,
				seller: seller.clone(),
				collateral,
				premium_per_period,
				periods,
				threshold,
				escrow: Zero::zero(),
				status: SwapStatus::Offered,
			},
		);
		Self::deposit_event(Event::SwapOffered {
			id,
			network,
			seller,
			collateral,
			premium_per_period,
			periods,
			threshold,
		});
		Ok(())
	}

	pub(crate) fn do_cancel_swap(who: T::AccountId, id: SwapId) -> DispatchResult {
		let swap = Swaps::<T>::get(id).ok_or(Error::<T>::UnknownSwap)?;
		ensure!(swap.seller == who, Error::<T>::NotSeller);
		ensure!(swap.status == SwapStatus::Offered, Error::<T>::NotOffered);
		T::Currency::transfer(&Self::pot(), &who, swap.collateral, Preservation::Preserve)?;
		Self::forget_swap(id, swap.network);
		Self::deposit_event(Event::SwapCancelled { id });
		Ok(())
	}

	pub(crate) fn do_buy_swap(
		buyer: T::AccountId,
		id: SwapId,
		max_premium_per_period: BalanceOf<T>,
	) -> DispatchResult {
		let mut swap = Swaps::<T>::get(id).ok_or(Error::<T>::UnknownSwap)?;
		ensure!(swap.status == SwapStatus::Offered, Error::<T>::NotOffered);
		ensure!(swap.seller != buyer, Error::<T>::SelfSwap);
		ensure!(swap.premium_per_period <= max_premium_per_period, Error::<T>::PremiumAboveMax);
		ensure!(!T::Jail::network_has_unapplied_slash(swap.network), Error::<T>::SlashPending);
		let escrow = swap
			.premium_per_period
			.checked_mul(&swap.periods.into())
			.ok_or(ArithmeticError::Overflow)?;
		let start = Self::now();
		let term = T::CoverPeriod::get().saturating_mul(swap.periods.into());
		let until = Self::schedule_expiry(Expiry::Swap(id), start.saturating_add(term))?;
		if !escrow.is_zero() {
			T::Currency::transfer(&buyer, &Self::pot(), escrow, Preservation::Preserve)?;
		}
		swap.escrow = escrow;
		swap.status = SwapStatus::Active {
			buyer: buyer.clone(),
			start,
			until,
			baseline: NetworkSlashed::<T>::get(swap.network).unique_saturated_into(),
		};
		Swaps::<T>::insert(id, swap);
		Self::deposit_event(Event::SwapBought { id, buyer, escrow, until });
		Ok(())
	}

	pub(crate) fn do_transfer_swap(
		who: T::AccountId,
		id: SwapId,
		to: T::AccountId,
	) -> DispatchResult {
		let mut swap = Swaps::<T>::get(id).ok_or(Error::<T>::UnknownSwap)?;
		let SwapStatus::Active { buyer, .. } = &mut swap.status else {
			return Err(Error::<T>::NotBuyer.into());
		};
		ensure!(*buyer == who, Error::<T>::NotBuyer);
		*buyer = to.clone();
		Swaps::<T>::insert(id, swap);
		Self::deposit_event(Event::SwapTransferred { id, from: who, to });
		Ok(())
	}

	/// Whether `swap`'s network has had at least its threshold slashed since it was bought.
	fn threshold_reached(swap: &SwapOf<T>) -> bool {
		match &swap.status {
			SwapStatus::Active { baseline, .. } => {
				let total: u128 = NetworkSlashed::<T>::get(swap.network).unique_saturated_into();
				total.saturating_sub(*baseline) >= swap.threshold.unique_saturated_into()
			},
			SwapStatus::Offered => false,
		}
	}

	pub(crate) fn do_claim_swap(id: SwapId) -> DispatchResult {
		let swap = Swaps::<T>::get(id).ok_or(Error::<T>::UnknownSwap)?;
		ensure!(matches!(swap.status, SwapStatus::Active { .. }), Error::<T>::NotBuyer);
		ensure!(Self::threshold_reached(&swap), Error::<T>::ThresholdNotReached);
		Self::pay_triggered(id, swap)
	}

	fn pay_triggered(id: SwapId, swap: SwapOf<T>) -> DispatchResult {
		let SwapStatus::Active { buyer, start, .. } = swap.status else { return Ok(()) };
		// The periods begun are the seller's; the rest goes back with the collateral.
		let elapsed = Self::now().saturating_sub(start);
		let begun: u32 = (elapsed / T::CoverPeriod::get()).unique_saturated_into();
		let begun = begun.saturating_add(1).min(swap.periods);
		let to_seller = swap.premium_per_period.saturating_mul(begun.into()).min(swap.escrow);
		let to_buyer = swap.collateral.saturating_add(swap.escrow.saturating_sub(to_seller));
		let pot = Self::pot();
		T::Currency::transfer(&pot, &buyer, to_buyer, Preservation::Preserve)?;
		if !to_seller.is_zero() {
			T::Currency::transfer(&pot, &swap.seller, to_seller, Preservation::Preserve)?;
		}
		Self::forget_swap(id, swap.network);
		Self::deposit_event(Event::SwapTriggered { id, buyer, to_buyer, to_seller });
		Ok(())
	}

	/// Swap `id` reached its end: its buyer is paid if the threshold was reached (and not
	/// claimed yet), else collateral and premiums go to the seller.
	pub(crate) fn expire_swap(id: SwapId) -> DispatchResult {
		let Some(swap) = Swaps::<T>::get(id) else { return Ok(()) };
		let SwapStatus::Active { .. } = swap.status else { return Ok(()) };
		if Self::threshold_reached(&swap) {
			return Self::pay_triggered(id, swap);
		}
		let to_seller = swap.collateral.saturating_add(swap.escrow);
		T::Currency::transfer(&Self::pot(), &swap.seller, to_seller, Preservation::Preserve)?;
		Self::forget_swap(id, swap.network);
		Self::deposit_event(Event::SwapExpired { id, to_seller });
		Ok(())
	}

	fn forget_swap(id: SwapId, network: NetworkId) {
		Swaps::<T>::remove(id);
		NetworkSwaps::<T>::mutate_exists(network, |ids| {
			if let Some(list) = ids {
				list.retain(|i| *i != id);
				if list.is_empty() {
					*ids = None;
				}
			}
		});
	}

	/// The swaps on `network`, for the runtime API.
	pub fn swaps_on(network: NetworkId) -> Vec<(SwapId, SwapOf<T>)> {
		NetworkSwaps::<T>::get(network)
			.into_iter()
			.filter_map(|id| Swaps::<T>::get(id).map(|s| (id, s)))
			.collect()
	}
}
