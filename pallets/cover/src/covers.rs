//! Cover of restaked positions, paid from applied slashes in O(1) per slash.
//!
//! A pool's covers on positions with one operator share an [`Exposure`]: a slash of that
//! operator taking `loss` of its pool reserves `loss × covered` from the pool and multiplies
//! the exposure's survival by `1 − loss`, whatever the number of covers. Each cover, recorded
//! at survival `s`, covers `amount × survival / s` now and is owed the rest; it is paid at its
//! next settlement: anyone's `settle_cover`, and the hook's when it ends.

use crate::{underwriting::mul_div, *};
use frame_support::{
	pallet_prelude::*,
	traits::{fungible::Mutate, tokens::Preservation},
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{
	traits::{Saturating, UniqueSaturatedInto, Zero},
	ArithmeticError, FixedU128, Rounding,
};

/// `amount × now / then`, rounded up (a cover's payout rounds down, so that its exposure's
/// reserve, rounded up, pays every cover): what a cover recorded at survival `then` covers at
/// survival `now` (nothing once `then` is zero).
pub(crate) fn surviving<B: TryFrom<u128> + UniqueSaturatedInto<u128> + Default>(
	amount: B,
	now: FixedU128,
	then: FixedU128,
) -> B {
	mul_div(amount.unique_saturated_into(), now.into_inner(), then.into_inner(), Rounding::Up)
		.and_then(|v| B::try_from(v).ok())
		.unwrap_or_default()
}

impl<T: Config> Pallet<T> {
	/// What `cover` covers at its exposure's `survival`, and what it is due for the loss since
	/// its last settlement: the loss less the deductible, rounded down (before the exposure's
	/// reserve caps it).
	fn due(cover: &CoverOf<T>, survival: FixedU128) -> (BalanceOf<T>, BalanceOf<T>) {
		let covered = surviving(cover.amount, survival, cover.survival);
		let lost = cover.amount.saturating_sub(covered);
		(covered, lost.saturating_sub(T::Deductible::get().mul_ceil(lost)))
	}

	pub(crate) fn do_buy_cover(
		who: T::AccountId,
		subject: SubjectOf<T>,
		amount: BalanceOf<T>,
		until: BlockNumberFor<T>,
		max_premium: BalanceOf<T>,
	) -> DispatchResult {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		let now = Self::now();
		ensure!(until > now, Error::<T>::TermExpired);
		let term = until.saturating_sub(now);
		ensure!(term <= T::MaxCoverTerm::get(), Error::<T>::TermTooLong);
		ensure!(!Covers::<T>::contains_key(&who), Error::<T>::AlreadyCovered);
		let (operator, active) = Self::covered_position(&who, &subject)?;
		ensure!(amount <= active, Error::<T>::ExceedsPosition);
		ensure!(!Self::slash_pending_on(&subject, &operator), Error::<T>::SlashPending);
		let mut pool = Pools::<T>::get(&subject).ok_or(Error::<T>::NoPool)?;
		ensure!(!pool.funds.is_zero(), Error::<T>::NoPool);
		let capacity = Self::capacity(&pool);
		let covered = pool.covered.checked_add(&amount).ok_or(ArithmeticError::Overflow)?;
		ensure!(covered <= capacity, Error::<T>::OverCapacity);
		let rate = Self::rate_now(&pool, Self::subject_risk(&subject));
		let premium = Self::premium(rate, amount, term).ok_or(ArithmeticError::Overflow)?;
		ensure!(premium <= max_premium, Error::<T>::PremiumAboveMax);
		let until = Self::schedule_expiry(Expiry::Cover(who.clone()), until)?;
		if !premium.is_zero() {
			T::Currency::transfer(&who, &Self::pot(), premium, Preservation::Preserve)?;
		}
		let mut exposure = Exposures::<T>::get(&subject, &operator).unwrap_or(Exposure {
			covered: Zero::zero(),
			survival: FixedU128::one(),
			owed: Zero::zero(),
			covers: 0,
		});
		ensure!(!exposure.survival.is_zero(), Error::<T>::ExposureDepleted);
		exposure.covered = exposure.covered.saturating_add(amount);
		exposure.covers = exposure.covers.saturating_add(1);
		pool.price = Self::bumped(rate, amount, capacity);
		pool.priced_at = now;
		pool.funds = pool.funds.saturating_add(premium);
		pool.covered = covered;
		Covers::<T>::insert(
			&who,
			Cover {
				subject: subject.clone(),
				operator: operator.clone(),
				amount,
				survival: exposure.survival,
				premium,
				until,
			},
		);
		Exposures::<T>::insert(&subject, &operator, exposure);
		Pools::<T>::insert(&subject, pool);
		Self::deposit_event(Event::CoverBought {
			restaker: who,
			subject,
			operator,
			amount,
			rate,
			premium,
			until,
		});
		Ok(())
	}

	/// A slash took `amount` of `operator`'s pool, which held `pool_before`: `subject`'s covers
	/// on positions with it lose the same fraction of what they cover, reserved from the pool.
	pub(crate) fn count_loss(
		subject: SubjectOf<T>,
		operator: &T::AccountId,
		slash: u32,
		amount: BalanceOf<T>,
		pool_before: BalanceOf<T>,
	) {
		let Some(mut exposure) = Exposures::<T>::get(&subject, operator) else { return };
		let Some(mut pool) = Pools::<T>::get(&subject) else {
			frame_support::defensive!("an exposure without its pool");
			return;
		};
		let before: u128 = pool_before.unique_saturated_into();
		let after = before.saturating_sub(amount.unique_saturated_into());
		let kept: BalanceOf<T> =
			mul_div(exposure.covered.unique_saturated_into(), after, before.max(1), Rounding::Down)
				.and_then(|v| BalanceOf::<T>::try_from(v).ok())
				.unwrap_or_default();
		// The covers lose `lost` (rounded up); the pool reserves what they pay of it, less the
		// deductible (rounded up). Its funds always back its cover in force: `min` only guards.
		let lost = exposure.covered.saturating_sub(kept);
		let reserved = lost.saturating_sub(T::Deductible::get().mul_floor(lost)).min(pool.funds);
		exposure.survival =
			mul_div(exposure.survival.into_inner(), after, before.max(1), Rounding::Down)
				.map(FixedU128::from_inner)
				.unwrap_or_default();
		exposure.covered = kept;
		exposure.owed = exposure.owed.saturating_add(reserved);
		pool.funds = pool.funds.saturating_sub(reserved);
		pool.covered = pool.covered.saturating_sub(lost);
		Exposures::<T>::insert(&subject, operator, exposure);
		Pools::<T>::insert(&subject, pool);
		Self::deposit_event(Event::CoverTriggered {
			subject,
			operator: operator.clone(),
			slash,
			reserved,
		});
	}

	/// Pay `restaker` what its cover is owed; with `close`, end the cover too (its exposure
	/// and pool stop counting it; the last cover of an exposure returns what rounding left
	/// reserved to the pool).
	pub(crate) fn settle(
		restaker: &T::AccountId,
		mut cover: CoverOf<T>,
		close: bool,
	) -> DispatchResult {
		let mut exposure = Exposures::<T>::get(&cover.subject, &cover.operator)
			.ok_or(DispatchError::Other("a cover without its exposure"))?;
		let mut pool = Pools::<T>::get(&cover.subject)
			.ok_or(DispatchError::Other("a cover without its pool"))?;
		let (covered, due) = Self::due(&cover, exposure.survival);
		let mut paid = due.min(exposure.owed);
		if !paid.is_zero() {
			match T::Currency::transfer(&Self::pot(), restaker, paid, Preservation::Preserve) {
				Ok(_) => {},
				// At its end a cover closes whatever happens: a payout the account cannot take
				// (dust to a reaped account) stays with the pool.
				Err(_) if close => paid = Zero::zero(),
				Err(e) => return Err(e),
			}
		}
		exposure.owed = exposure.owed.saturating_sub(paid);
		if close {
			let gone = covered.min(exposure.covered);
			exposure.covered = exposure.covered.saturating_sub(gone);
			pool.covered = pool.covered.saturating_sub(gone);
			exposure.covers = exposure.covers.saturating_sub(1);
			Covers::<T>::remove(restaker);
			if exposure.covers == 0 {
				pool.covered = pool.covered.saturating_sub(exposure.covered);
				pool.funds = pool.funds.saturating_add(exposure.owed);
				Exposures::<T>::remove(&cover.subject, &cover.operator);
			} else {
				Exposures::<T>::insert(&cover.subject, &cover.operator, exposure);
			}
		} else {
			cover.amount = covered;
			cover.survival = exposure.survival;
			Covers::<T>::insert(restaker, &cover);
			Exposures::<T>::insert(&cover.subject, &cover.operator, exposure);
		}
		Pools::<T>::insert(&cover.subject, pool);
		Self::deposit_event(Event::CoverSettled { restaker: restaker.clone(), paid, covered });
		if close {
			Self::deposit_event(Event::CoverEnded { restaker: restaker.clone() });
		}
		Ok(())
	}

	/// `restaker`'s cover as the runtime API shows it.
	pub fn cover_view(
		restaker: &T::AccountId,
	) -> Option<CoverView<T::AccountId, BalanceOf<T>, BlockNumberFor<T>>> {
		let cover = Covers::<T>::get(restaker)?;
		let survival = Exposures::<T>::get(&cover.subject, &cover.operator)
			.map(|e| e.survival)
			.unwrap_or(cover.survival);
		let (covered, owed) = Self::due(&cover, survival);
		Some(CoverView {
			owed,
			covered,
			subject: cover.subject,
			operator: cover.operator,
			premium: cover.premium,
			until: cover.until,
		})
	}

	/// `subject`'s pool as the runtime API shows it.
	pub fn pool_view(subject: &SubjectOf<T>) -> Option<PoolView<BalanceOf<T>>> {
		let pool = Pools::<T>::get(subject)?;
		Some(PoolView {
			funds: pool.funds,
			covered: pool.covered,
			capacity: Self::capacity(&pool),
			price: Self::rate_now(&pool, Self::subject_risk(subject)),
			shares: pool.shares,
			withdrawing_shares: pool.withdrawing_shares,
			underwriters: pool.underwriters,
		})
	}
}
