//! Share accounting of an operator pool.
//!
//! Every division states its rounding direction. The rule: the protocol never owes more than it
//! holds. A restaker's stake is rounded **down**, the shares it gets for a deposit are rounded
//! **down**, the shares it must give up for a withdrawal or a forced move are rounded **up**, the
//! reward per share is rounded **down**. A slash of the pool is rounded **up**, except that a
//! slash of less than 100% never empties the pool: this is what keeps the share price from
//! rounding to zero and wiping out every position (the bug class of EigenLayer PR 1089).

use crate::types::{Pool, Shares};
use sp_runtime::{
	helpers_128bit::multiply_by_rational_with_rounding,
	traits::{AtLeast32BitUnsigned, CheckedAdd, CheckedSub, Zero},
	ArithmeticError, FixedPointNumber, FixedU128, Perbill, Rounding,
};

/// `a * b / c` in `u128`, rounded as asked, without intermediate overflow.
pub fn mul_div(a: u128, b: u128, c: u128, rounding: Rounding) -> Result<u128, ArithmeticError> {
	if c == 0 {
		return Err(ArithmeticError::DivisionByZero);
	}
	multiply_by_rational_with_rounding(a, b, c, rounding).ok_or(ArithmeticError::Overflow)
}

/// A balance as `u128`.
pub fn to_u128<B: AtLeast32BitUnsigned>(b: B) -> u128 {
	b.unique_saturated_into()
}

/// A `u128` as a balance, failing if it does not fit.
pub fn from_u128<B: AtLeast32BitUnsigned>(x: u128) -> Result<B, ArithmeticError> {
	B::try_from(x).map_err(|_| ArithmeticError::Overflow)
}

impl<B: AtLeast32BitUnsigned + Copy> Pool<B> {
	/// The stake `shares` are worth, rounded **down** (never more than the pool holds).
	pub fn value_of(&self, shares: Shares) -> Result<B, ArithmeticError> {
		if self.shares == 0 || shares == 0 {
			return Ok(Zero::zero());
		}
		from_u128(mul_div(shares, to_u128(self.stake), self.shares, Rounding::Down)?)
	}

	/// The shares a deposit of `amount` buys, rounded **down** (the depositor's rounding loss
	/// stays in the pool). A pool whose shares are worth nothing takes no deposit.
	pub fn shares_for_deposit(&self, amount: B) -> Result<Shares, ArithmeticError> {
		if self.shares == 0 {
			return Ok(to_u128(amount));
		}
		if self.stake.is_zero() {
			return Err(ArithmeticError::DivisionByZero);
		}
		mul_div(to_u128(amount), self.shares, to_u128(self.stake), Rounding::Down)
	}

	/// The shares worth at least `amount`, rounded **up**, capped at `max`.
	pub fn shares_for_withdrawal(&self, amount: B, max: Shares) -> Result<Shares, ArithmeticError> {
		if self.stake.is_zero() {
			return Ok(max);
		}
		Ok(mul_div(to_u128(amount), self.shares, to_u128(self.stake), Rounding::Up)?.min(max))
	}

	/// Stake of the shares that are not being withdrawn (what allocations are a fraction of),
	/// rounded **down**.
	pub fn active_stake(&self) -> Result<B, ArithmeticError> {
		self.value_of(self.shares.saturating_sub(self.withdrawing_shares))
	}

	/// Add `amount` of stake for `shares` new shares.
	pub fn deposit(&mut self, amount: B, shares: Shares) -> Result<(), ArithmeticError> {
		self.stake = self.stake.checked_add(&amount).ok_or(ArithmeticError::Overflow)?;
		self.shares = self.shares.checked_add(shares).ok_or(ArithmeticError::Overflow)?;
		Ok(())
	}

	/// Remove `shares` (of which `withdrawing` were withdrawing) and `amount` of stake.
	///
	/// When the last share leaves, the leftover stake (rounding dust that no restaker owns, at
	/// most one unit per restaker that left) is dropped from the book.
	pub fn remove(
		&mut self,
		shares: Shares,
		withdrawing: Shares,
		amount: B,
	) -> Result<(), ArithmeticError> {
		self.shares = self.shares.checked_sub(shares).ok_or(ArithmeticError::Underflow)?;
		self.withdrawing_shares = self
			.withdrawing_shares
			.checked_sub(withdrawing)
			.ok_or(ArithmeticError::Underflow)?;
		self.stake = self.stake.checked_sub(&amount).ok_or(ArithmeticError::Underflow)?;
		if self.shares == 0 {
			self.stake = Zero::zero();
		}
		Ok(())
	}

	/// The amount a slash of `fraction` of `base` removes from this pool: rounded **up**, at
	/// most the pool's stake, and, unless `full` (a 100% slash of a 100% allocation), leaving at
	/// least one unit, so that the share price never rounds to zero.
	pub fn slash_amount(&self, base: B, fraction: Perbill, full: bool) -> B {
		let amount = fraction.mul_ceil(base).min(self.stake);
		if !full && amount == self.stake && !self.stake.is_zero() {
			self.stake.saturating_sub(B::one())
		} else {
			amount
		}
	}

	/// Add `reward` to the reward per active share, rounded **down**. Returns the part of
	/// `reward` actually distributed (the rest is rounding dust left in the reward pot).
	pub fn distribute_reward(&mut self, reward: B) -> Result<B, ArithmeticError> {
		let active = self.shares.saturating_sub(self.withdrawing_shares);
		if active == 0 {
			return Ok(Zero::zero());
		}
		let per_share = FixedU128::checked_from_rational(to_u128(reward), active)
			.ok_or(ArithmeticError::Overflow)?;
		self.reward_per_share =
			self.reward_per_share.checked_add(&per_share).ok_or(ArithmeticError::Overflow)?;
		// What `active` shares can claim of it, rounded down.
		let distributed = per_share.checked_mul_int(active).ok_or(ArithmeticError::Overflow)?;
		from_u128(distributed.min(to_u128(reward)))
	}
}

/// The reward `shares` earned since `checkpoint`, rounded **down**.
pub fn reward_since<B: AtLeast32BitUnsigned>(
	now: FixedU128,
	checkpoint: FixedU128,
	shares: Shares,
) -> Result<B, ArithmeticError> {
	let delta = now.checked_sub(&checkpoint).ok_or(ArithmeticError::Underflow)?;
	from_u128(delta.checked_mul_int(shares).ok_or(ArithmeticError::Overflow)?)
}
