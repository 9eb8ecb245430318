//! Lease rewards paid to a whole network in O(1), and harvested by each operator's pool.
//!
//! A network's payment moves into the reward pot and raises the network's cumulative reward
//! per unit of backing stake ([`NetworkRewardPerStake`]); nothing is written per operator. Each
//! allocation remembers the accumulator at its last harvest, so an operator's pool takes what
//! its allocations earned (the stake each contributed times the accumulator's rise) whenever it
//! is harvested: at every refresh, before every change of the pool's active shares (restake,
//! withdrawal request, stake leaving the staking system), and at every claim. A restaker who
//! joins therefore earns nothing paid before it joined, and one who leaves keeps what was paid
//! while it backed the operator.

use crate::{
	pool::{reward_since, to_u128},
	*,
};
use alloc::vec::Vec;
use frame_support::{
	pallet_prelude::*,
	traits::{fungible::Mutate, tokens::Preservation},
};
use sp_runtime::{
	traits::{CheckedAdd, Saturating, Zero},
	ArithmeticError, FixedPointNumber, FixedU128,
};
use ssp_primitives::NetworkId;

/// What one network's lease rewards gave an operator's pool at a harvest: (network, the
/// operator's commission, the part distributed to its restakers).
pub(crate) type Earning<Balance> = (NetworkId, Balance, Balance);

impl<T: Config> Pallet<T> {
	/// Pay `amount` from `payer` to the stake backing `network`: one accumulator write.
	pub(crate) fn do_reward_network(
		network: NetworkId,
		payer: &T::AccountId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		let stake = NetworkStake::<T>::get(network);
		ensure!(!stake.is_zero(), Error::<T>::NoNetworkStake);
		// Rounded down: the allocations together never earn more than `amount`.
		let per_stake = FixedU128::checked_from_rational(to_u128(amount), to_u128(stake))
			.ok_or(ArithmeticError::Overflow)?;
		ensure!(!per_stake.is_zero(), Error::<T>::RewardTooSmall);
		let acc = NetworkRewardPerStake::<T>::get(network)
			.checked_add(&per_stake)
			.ok_or(ArithmeticError::Overflow)?;
		T::Currency::transfer(payer, &Self::reward_pot(), amount, Preservation::Preserve)?;
		NetworkRewardPerStake::<T>::insert(network, acc);
		Self::deposit_event(Event::NetworkRewarded { network, amount });
		Self::note_payout(network, amount);
		Ok(())
	}

	/// What `allocation` earned since its checkpoint, rounded down.
	pub(crate) fn unharvested(
		allocation: &Allocation<BalanceOf<T>, frame_system::pallet_prelude::BlockNumberFor<T>>,
	) -> Result<BalanceOf<T>, ArithmeticError> {
		Self::earned_up_to(allocation, NetworkRewardPerStake::<T>::get(allocation.network))
	}

	/// What `allocation` earned between its checkpoint and the accumulator value `acc`.
	fn earned_up_to(
		allocation: &Allocation<BalanceOf<T>, frame_system::pallet_prelude::BlockNumberFor<T>>,
		acc: FixedU128,
	) -> Result<BalanceOf<T>, ArithmeticError> {
		if acc <= allocation.reward_checkpoint {
			return Ok(Zero::zero());
		}
		reward_since(acc, allocation.reward_checkpoint, to_u128(allocation.contributed))
	}

	/// Move what `info`'s allocations earned from their networks into `pool`'s reward per
	/// active share, advancing their checkpoints; nothing else is written. Returns, for each
	/// network with earnings, its (network, commission, distributed): the operator's commission
	/// (everything, if the pool has no active share) and what the restakers got (the rest, less
	/// rounding, which stays in the pot).
	pub(crate) fn take_earnings(
		info: &mut OperatorOf<T>,
		pool: &mut Pool<BalanceOf<T>>,
		range: core::ops::Range<usize>,
	) -> Result<Vec<Earning<BalanceOf<T>>>, ArithmeticError> {
		let has_active = pool.shares > pool.withdrawing_shares;
		let mut paid = Vec::new();
		for a in info.allocations.iter_mut().take(range.end).skip(range.start) {
			let acc = NetworkRewardPerStake::<T>::get(a.network);
			let earned = Self::earned_up_to(a, acc)?;
			a.reward_checkpoint = acc;
			if earned.is_zero() {
				continue;
			}
			let commission = if has_active { info.commission.mul_floor(earned) } else { earned };
			let distributed = pool.distribute_reward(earned.saturating_sub(commission))?;
			paid.push((a.network, commission, distributed));
		}
		Ok(paid)
	}

	/// Take what `info`'s allocations earned into `pool` (the caller writes both) and pay the
	/// operator its commission. O(networks of the operator).
	pub(crate) fn harvest(
		operator: &T::AccountId,
		info: &mut OperatorOf<T>,
		pool: &mut Pool<BalanceOf<T>>,
	) -> DispatchResult {
		let all = 0..info.allocations.len();
		Self::harvest_range(operator, info, pool, all)
	}

	/// [`Self::harvest`] for the allocations in `range` only (a page of a refresh).
	pub(crate) fn harvest_range(
		operator: &T::AccountId,
		info: &mut OperatorOf<T>,
		pool: &mut Pool<BalanceOf<T>>,
		range: core::ops::Range<usize>,
	) -> DispatchResult {
		let mut to_operator: BalanceOf<T> = Zero::zero();
		for (network, commission, distributed) in Self::take_earnings(info, pool, range)? {
			to_operator = to_operator.checked_add(&commission).ok_or(ArithmeticError::Overflow)?;
			Self::deposit_event(Event::RewardPaid {
				network,
				operator: operator.clone(),
				commission,
				distributed,
			});
		}
		if !to_operator.is_zero() {
			Self::pay_from_pot(operator, to_operator)?;
		}
		Ok(())
	}

	/// `operator`'s pool as its next harvest leaves it (for views; nothing is written).
	pub(crate) fn pool_after_harvest(operator: &T::AccountId) -> Pool<BalanceOf<T>> {
		let mut pool = Pools::<T>::get(operator);
		if let Some(mut info) = Operators::<T>::get(operator) {
			let mut harvested = pool.clone();
			let all = 0..info.allocations.len();
			if Self::take_earnings(&mut info, &mut harvested, all).is_ok() {
				pool = harvested;
			}
		}
		pool
	}

	/// Harvest `operator`'s network rewards into `pool` and store its allocations' checkpoints.
	pub(crate) fn harvest_into(
		operator: &T::AccountId,
		pool: &mut Pool<BalanceOf<T>>,
	) -> DispatchResult {
		let Some(mut info) = Operators::<T>::get(operator) else {
			return Ok(());
		};
		Self::harvest(operator, &mut info, pool)?;
		Operators::<T>::insert(operator, info);
		Ok(())
	}
}
