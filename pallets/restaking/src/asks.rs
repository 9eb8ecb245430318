//! Operators' minimum yields ("asks") per network.
//!
//! An operator names the lease reward per lease period per unit of stake it wants from a
//! network. Three things follow from it: an allocation increase that would leave the network
//! paying less per unit of its stake is refused, the market's quote for the network covers
//! what its backers ask in all ([`NetworkAskedReward`], Σ ask × contribution, kept in O(1) at
//! each change of a contribution or an ask), and a payout below that is evented.

use crate::{pool::to_u128, *};
use frame_support::pallet_prelude::*;
use sp_runtime::{
	traits::{Saturating, Zero},
	FixedPointNumber, FixedU128,
};
use ssp_primitives::{NetworkId, NetworkRegistry};

/// What `stake` asks at `ask` per period, rounded down.
pub(crate) fn asked<B: sp_runtime::traits::AtLeast32BitUnsigned + Copy>(
	ask: Option<FixedU128>,
	stake: B,
) -> B {
	ask.map(|a| a.saturating_mul_int(stake)).unwrap_or_else(Zero::zero)
}

impl<T: Config> Pallet<T> {
	pub(crate) fn do_set_ask(
		who: T::AccountId,
		network: NetworkId,
		ask: Option<FixedU128>,
	) -> DispatchResult {
		let info = Operators::<T>::get(&who).ok_or(Error::<T>::NotOperator)?;
		let ask = ask.filter(|a| !a.is_zero());
		ensure!(ask.is_none_or(|a| a <= T::MaxAsk::get()), Error::<T>::AskTooHigh);
		let entry = info
			.allocations
			.iter()
			.find(|a| a.network == network)
			.ok_or(Error::<T>::NotOptedIn)?;
		ensure!(entry.opting_out_until.is_none(), Error::<T>::OptingOut);
		let old = Asks::<T>::get(&who, network);
		Self::replace_in_total::<NetworkAskedReward<T>>(
			network,
			asked(old, entry.contributed),
			asked(ask, entry.contributed),
		);
		match ask {
			Some(a) => Asks::<T>::insert(&who, network, a),
			None => Asks::<T>::remove(&who, network),
		}
		Self::deposit_event(Event::AskSet {
			operator: who,
			network,
			ask,
			asked_reward: NetworkAskedReward::<T>::get(network),
		});
		Ok(())
	}

	/// `operator`'s contribution to `network` goes from `old` to `new`: its ask follows.
	pub(crate) fn ask_follows_contribution(
		operator: &T::AccountId,
		network: NetworkId,
		old: BalanceOf<T>,
		new: BalanceOf<T>,
	) {
		if let Some(ask) = Asks::<T>::get(operator, network) {
			Self::replace_in_total::<NetworkAskedReward<T>>(
				network,
				asked(Some(ask), old),
				asked(Some(ask), new),
			);
		}
	}

	/// `operator` left `network` (its opt-out completed, `contributed` last counted): its ask
	/// goes with it.
	pub(crate) fn drop_ask(operator: &T::AccountId, network: NetworkId, contributed: BalanceOf<T>) {
		if let Some(ask) = Asks::<T>::take(operator, network) {
			Self::replace_in_total::<NetworkAskedReward<T>>(
				network,
				asked(Some(ask), contributed),
				Zero::zero(),
			);
		}
	}

	/// Whether `network` still pays `operator`'s ask once `added` more stake backs it: its
	/// lease reward per period over its stake then. Without an ask anything goes.
	pub(crate) fn ensure_meets_ask(
		operator: &T::AccountId,
		network: NetworkId,
		added: BalanceOf<T>,
	) -> DispatchResult {
		let Some(ask) = Asks::<T>::get(operator, network) else { return Ok(()) };
		let reward = T::Networks::reward_per_period(network);
		let stake = to_u128(NetworkStake::<T>::get(network).saturating_add(added));
		let pays = if stake == 0 {
			reward > 0
		} else {
			FixedU128::checked_from_rational(reward, stake).is_none_or(|y| y >= ask)
		};
		ensure!(pays, Error::<T>::BelowAsk);
		Ok(())
	}

	/// A network paid `amount`: evented when that is less than its backers ask.
	pub(crate) fn note_payout(network: NetworkId, amount: BalanceOf<T>) {
		let asked = NetworkAskedReward::<T>::get(network);
		if amount < asked {
			Self::deposit_event(Event::RewardBelowAsks { network, paid: amount, asked });
		}
	}

	/// The asks are held by opted-in operators, within `MaxAsk` when set; each network's
	/// asked reward is the sum over its allocations of ask × contribution.
	#[cfg(any(feature = "std", feature = "try-runtime", feature = "runtime-benchmarks"))]
	pub(crate) fn check_asks() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::BTreeMap;
		use sp_runtime::TryRuntimeError;
		let mut sums: BTreeMap<NetworkId, BalanceOf<T>> = BTreeMap::new();
		for (op, network, ask) in Asks::<T>::iter() {
			ensure!(!ask.is_zero(), TryRuntimeError::Other("a zero ask is stored"));
			let contributed = Self::contributed(&op, network)
				.ok_or(TryRuntimeError::Other("an ask without its allocation"))?;
			let e = sums.entry(network).or_default();
			*e = e.saturating_add(asked(Some(ask), contributed));
		}
		for (network, total) in NetworkAskedReward::<T>::iter() {
			ensure!(
				sums.remove(&network) == Some(total),
				TryRuntimeError::Other("network asked reward != Σ ask × contribution")
			);
		}
		ensure!(
			sums.values().all(|v| v.is_zero()),
			TryRuntimeError::Other("asks without their network's asked reward")
		);
		Ok(())
	}
}
