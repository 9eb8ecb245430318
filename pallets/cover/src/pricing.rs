//! Premium rates: a target scaled by the covered subject's risk, bumped by each purchase in
//! proportion to the capacity it takes, decaying back toward the target over time (the shape
//! of Nexus Mutual's dynamic pricing, with the chain's own risk factors in place of an
//! assessor's).

use crate::*;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::traits::Get;
use frame_system::pallet_prelude::BlockNumberFor;
use scale_info::TypeInfo;
use sp_runtime::{
	helpers_128bit::multiply_by_rational_with_rounding,
	traits::{Bounded, One, Saturating, UniqueSaturatedInto, Zero},
	FixedPointNumber, FixedU128, Rounding,
};
use ssp_primitives::{NetworkRisk, OperatorControl};

/// How a pool prices cover, per unit covered and cover period.
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub struct CoverPricing {
	/// The rate for a subject of risk factor 1 when no purchase has bumped it.
	pub target: FixedU128,
	/// Added to the rate by a purchase taking all of the pool's capacity (pro rata for less).
	pub bump: FixedU128,
	/// Taken off the bumped rate per cover period, down to the target.
	pub decay: FixedU128,
}

impl<T: Config> Pallet<T> {
	/// The risk factor of what `subject` covers: the network's, or the highest of the networks
	/// the operator allocates to (1 with none). O(`MaxNetworksPerOperator`).
	pub fn subject_risk(subject: &SubjectOf<T>) -> FixedU128 {
		match subject {
			Subject::Network(n) => T::Networks::risk_factor(*n),
			Subject::Operator(op) => T::Restaking::allocations(op)
				.into_iter()
				.filter(|(_, magnitude, _)| !magnitude.is_zero())
				.map(|(n, _, _)| T::Networks::risk_factor(n))
				.max()
				.unwrap_or_else(FixedU128::one),
		}
	}

	/// The rate a purchase from `pool` pays now: its last price less the decay since, at least
	/// the target times `risk`.
	pub fn rate_now(pool: &PoolOf<T>, risk: FixedU128) -> FixedU128 {
		let pricing = T::Pricing::get();
		let floor = pricing.target.saturating_mul(risk);
		let elapsed: u128 = Self::now().saturating_sub(pool.priced_at).unique_saturated_into();
		let period: u128 = T::CoverPeriod::get().unique_saturated_into();
		let decayed = multiply_by_rational_with_rounding(
			pricing.decay.into_inner(),
			elapsed,
			period.max(1),
			Rounding::Up,
		)
		.map(FixedU128::from_inner)
		.unwrap_or_else(FixedU128::max_value);
		pool.price.saturating_sub(decayed).max(floor)
	}

	/// What `amount` covered for `term` blocks costs at `rate` (per cover period), rounded up.
	pub fn premium(
		rate: FixedU128,
		amount: BalanceOf<T>,
		term: BlockNumberFor<T>,
	) -> Option<BalanceOf<T>> {
		let amount: u128 = amount.unique_saturated_into();
		let term: u128 = term.unique_saturated_into();
		let period: u128 = T::CoverPeriod::get().unique_saturated_into();
		// One rounding, up: amount × term × rate / (DIV × period).
		let premium = multiply_by_rational_with_rounding(
			amount.checked_mul(term)?,
			rate.into_inner(),
			FixedU128::DIV.checked_mul(period.max(1))?,
			Rounding::Up,
		)?;
		BalanceOf::<T>::try_from(premium).ok()
	}

	/// The price after a purchase of `amount` at `rate` from a pool of `capacity`.
	pub(crate) fn bumped(
		rate: FixedU128,
		amount: BalanceOf<T>,
		capacity: BalanceOf<T>,
	) -> FixedU128 {
		if capacity.is_zero() {
			return rate;
		}
		let share = FixedU128::checked_from_rational(amount, capacity).unwrap_or_default();
		rate.saturating_add(T::Pricing::get().bump.saturating_mul(share))
	}

	/// The most cover in force `pool` may hold: its funds not being withdrawn.
	pub fn capacity(pool: &PoolOf<T>) -> BalanceOf<T> {
		if pool.shares == 0 {
			return Zero::zero();
		}
		let active = pool.shares.saturating_sub(pool.withdrawing_shares);
		let funds: u128 = pool.funds.unique_saturated_into();
		multiply_by_rational_with_rounding(funds, active, pool.shares, Rounding::Down)
			.and_then(|c| BalanceOf::<T>::try_from(c).ok())
			.unwrap_or_default()
	}

	pub(crate) fn now() -> BlockNumberFor<T> {
		frame_system::Pallet::<T>::block_number()
	}
}
