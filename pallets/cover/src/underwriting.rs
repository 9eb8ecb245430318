//! Underwriters' shares of cover pools: deposits at the shares' value, withdrawals after a
//! delay that outlasts every cover the shares backed. O(1) in the pool's underwriters.

use crate::*;
use frame_support::{
	pallet_prelude::*,
	traits::{fungible::Mutate, tokens::Preservation},
};
use sp_runtime::{
	helpers_128bit::multiply_by_rational_with_rounding,
	traits::{Saturating, UniqueSaturatedInto, Zero},
	ArithmeticError, Rounding,
};

/// `x × n / d`, rounded as asked; `None` on a zero divisor or overflow.
pub(crate) fn mul_div(x: u128, n: u128, d: u128, rounding: Rounding) -> Option<u128> {
	multiply_by_rational_with_rounding(x, n, d, rounding)
}

impl<T: Config> Pallet<T> {
	pub(crate) fn do_deposit(
		who: T::AccountId,
		subject: SubjectOf<T>,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		ensure!(Self::subject_exists(&subject), Error::<T>::UnknownSubject);
		let mut pool = Pools::<T>::get(&subject).unwrap_or_else(|| CoverPool {
			price: T::Pricing::get().target,
			priced_at: Self::now(),
			..Default::default()
		});
		let value: u128 = amount.unique_saturated_into();
		let shares = if pool.shares == 0 {
			value
		} else {
			ensure!(!pool.funds.is_zero(), Error::<T>::PoolDepleted);
			mul_div(value, pool.shares, pool.funds.unique_saturated_into(), Rounding::Down)
				.ok_or(ArithmeticError::Overflow)?
		};
		ensure!(shares > 0, Error::<T>::ZeroAmount);
		T::Currency::transfer(&who, &Self::pot(), amount, Preservation::Expendable)?;
		pool.funds = pool.funds.checked_add(&amount).ok_or(ArithmeticError::Overflow)?;
		pool.shares = pool.shares.checked_add(shares).ok_or(ArithmeticError::Overflow)?;
		let mut underwriting = Underwriters::<T>::get(&subject, &who).unwrap_or_else(|| {
			pool.underwriters = pool.underwriters.saturating_add(1);
			Default::default()
		});
		underwriting.active = underwriting.active.saturating_add(shares);
		Underwriters::<T>::insert(&subject, &who, underwriting);
		Pools::<T>::insert(&subject, pool);
		Self::deposit_event(Event::Deposited { subject, underwriter: who, amount, shares });
		Ok(())
	}

	pub(crate) fn do_request_withdrawal(
		who: T::AccountId,
		subject: SubjectOf<T>,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		let mut underwriting =
			Underwriters::<T>::get(&subject, &who).ok_or(Error::<T>::NotUnderwriter)?;
		ensure!(underwriting.active > 0, Error::<T>::NothingToWithdraw);
		let mut pool = Pools::<T>::get(&subject).ok_or(Error::<T>::NotUnderwriter)?;
		// Shares worth `amount`, rounded up, at most all active ones.
		let shares = if pool.funds.is_zero() {
			underwriting.active
		} else {
			mul_div(
				amount.unique_saturated_into(),
				pool.shares,
				pool.funds.unique_saturated_into(),
				Rounding::Up,
			)
			.ok_or(ArithmeticError::Overflow)?
			.min(underwriting.active)
		};
		ensure!(shares > 0, Error::<T>::ZeroAmount);
		let unlock_at = Self::now().saturating_add(T::WithdrawalDelay::get());
		let withdrawing = underwriting.withdrawing.map_or(0, |(s, _)| s).saturating_add(shares);
		underwriting.active = underwriting.active.saturating_sub(shares);
		underwriting.withdrawing = Some((withdrawing, unlock_at));
		pool.withdrawing_shares = pool.withdrawing_shares.saturating_add(shares);
		Underwriters::<T>::insert(&subject, &who, underwriting);
		Pools::<T>::insert(&subject, pool);
		Self::deposit_event(Event::WithdrawalRequested {
			subject,
			underwriter: who,
			shares: withdrawing,
			unlock_at,
		});
		Ok(())
	}

	pub(crate) fn do_withdraw(who: T::AccountId, subject: SubjectOf<T>) -> DispatchResult {
		let mut underwriting =
			Underwriters::<T>::get(&subject, &who).ok_or(Error::<T>::NotUnderwriter)?;
		let (shares, unlock_at) = underwriting.withdrawing.ok_or(Error::<T>::WithdrawalNotReady)?;
		ensure!(Self::now() >= unlock_at, Error::<T>::WithdrawalNotReady);
		let mut pool = Pools::<T>::get(&subject).ok_or(Error::<T>::NotUnderwriter)?;
		let funds: u128 = pool.funds.unique_saturated_into();
		let amount: BalanceOf<T> = mul_div(funds, shares, pool.shares, Rounding::Down)
			.and_then(|a| BalanceOf::<T>::try_from(a).ok())
			.ok_or(ArithmeticError::Overflow)?;
		let left = pool.funds.saturating_sub(amount);
		ensure!(left >= pool.covered, Error::<T>::CoverInForce);
		if !amount.is_zero() {
			T::Currency::transfer(&Self::pot(), &who, amount, Preservation::Preserve)?;
		}
		pool.funds = left;
		pool.shares = pool.shares.saturating_sub(shares);
		pool.withdrawing_shares = pool.withdrawing_shares.saturating_sub(shares);
		underwriting.withdrawing = None;
		if underwriting.active == 0 {
			Underwriters::<T>::remove(&subject, &who);
			pool.underwriters = pool.underwriters.saturating_sub(1);
		} else {
			Underwriters::<T>::insert(&subject, &who, underwriting);
		}
		if pool.shares == 0
			&& pool.covered.is_zero()
			&& Exposures::<T>::iter_prefix(&subject).next().is_none()
		{
			// The last shares took all the funds.
			Pools::<T>::remove(&subject);
		} else {
			Pools::<T>::insert(&subject, pool);
		}
		Self::deposit_event(Event::Withdrawn { subject, underwriter: who, shares, amount });
		Ok(())
	}
}
