//! The market for security: the base price that follows utilisation, each network's risk
//! factor, quotes, and what each period's sweep adds up (utilisation and the security index).
//!
//! The arithmetic is `ssp_primitives::market`'s; this module feeds it the chain's figures, each
//! read in O(1).

use crate::*;
use frame_support::pallet_prelude::*;
use sp_runtime::{
	traits::{CheckedMul, Saturating, Zero},
	ArithmeticError, FixedPointNumber, FixedU128, Perbill,
};
use ssp_primitives::{
	market::{next_price, risk_bucket, risk_factor},
	NetworkBackers, NetworkId,
};

impl<T: Config> Pallet<T> {
	/// The slashes applied on `network` that its risk factor counts now.
	pub fn recent_slashes(network: NetworkId) -> u32 {
		NetworkSlashes::<T>::get(network)
			.filter(|r| Self::current_period().saturating_sub(r.since) < T::SlashMemory::get())
			.map_or(0, |r| r.count)
	}

	/// Count an applied slash of `network`: a new memory starts if the last one has lapsed.
	pub(crate) fn note_slash(network: NetworkId) {
		if !Networks::<T>::contains_key(network) {
			return;
		}
		let now = Self::current_period();
		NetworkSlashes::<T>::mutate(network, |r| {
			let rec = r.get_or_insert(RecentSlashes { since: now, count: 0 });
			if now.saturating_sub(rec.since) >= T::SlashMemory::get() {
				*rec = RecentSlashes { since: now, count: 0 };
			}
			rec.count = rec.count.saturating_add(1);
		});
	}

	/// The share of `network`'s stake that also secures other networks.
	pub fn shared_share(network: NetworkId, info: &NetworkInfoOf<T>) -> Perbill {
		let stake = info.security.allocated;
		if stake.is_zero() {
			return Perbill::zero();
		}
		Perbill::from_rational(T::Restaking::shared_stake(network).min(stake), stake)
	}

	/// `network`'s risk factor: 1 for a network secure by its own stake and not slashed lately,
	/// up to `Risk::max` (see [`ssp_primitives::market::risk_factor`]).
	pub fn risk_of(network: NetworkId, info: &NetworkInfoOf<T>) -> FixedU128 {
		risk_factor(
			info.security.ratio,
			Self::shared_share(network, info),
			Self::recent_slashes(network),
			&T::Risk::get(),
		)
	}

	/// What `security` for `periods` periods costs `network` now.
	pub fn quote(
		network: NetworkId,
		security: BalanceOf<T>,
		periods: u32,
	) -> Result<Quote<BalanceOf<T>>, DispatchError> {
		let info = Networks::<T>::get(network).ok_or(Error::<T>::UnknownNetwork)?;
		Self::quote_for(network, &info, security, periods)
	}

	pub(crate) fn quote_for(
		network: NetworkId,
		info: &NetworkInfoOf<T>,
		security: BalanceOf<T>,
		periods: u32,
	) -> Result<Quote<BalanceOf<T>>, DispatchError> {
		let base_price = BasePrice::<T>::get();
		let risk_factor = Self::risk_of(network, info);
		let ask_floor = Self::ask_floor(network, info);
		let price = base_price.saturating_mul(risk_factor).max(ask_floor);
		let (reward_per_period, total) = Self::cost(price, security, periods)?;
		Ok(Quote { base_price, risk_factor, ask_floor, price, reward_per_period, total })
	}

	/// The price per unit of security and period at which `network`'s stake earns what its
	/// backers ask in all: asked reward / the network's Cost of Corruption, rounded up. Zero
	/// when nothing is asked; the highest price when something is and the network has no
	/// security to sell.
	pub fn ask_floor(network: NetworkId, info: &NetworkInfoOf<T>) -> FixedU128 {
		use sp_runtime::{
			helpers_128bit::multiply_by_rational_with_rounding,
			traits::{Bounded, UniqueSaturatedInto},
			Rounding,
		};
		let asked: u128 = T::Restaking::asked_reward(network).unique_saturated_into();
		if asked == 0 {
			return FixedU128::zero();
		}
		let coc: u128 = info.security.coc.unique_saturated_into();
		// Asks the network's security cannot pay at any price it out of the market.
		multiply_by_rational_with_rounding(FixedU128::DIV, asked, coc, Rounding::Up)
			.map(FixedU128::from_inner)
			.unwrap_or_else(FixedU128::max_value)
	}

	/// The reward per period and in all of `security` for `periods` periods at `price`.
	pub(crate) fn cost(
		price: FixedU128,
		security: BalanceOf<T>,
		periods: u32,
	) -> Result<(BalanceOf<T>, BalanceOf<T>), DispatchError> {
		let reward = price.saturating_mul_int(security);
		let total = reward.checked_mul(&periods.into()).ok_or(ArithmeticError::Overflow)?;
		Ok((reward, total))
	}

	/// The stake `security` needs on a network with these parameters: `security / (fault
	/// threshold × max slash)`, at most all of it when the product is zero.
	pub(crate) fn stake_needed(info: &NetworkInfoOf<T>, security: BalanceOf<T>) -> BalanceOf<T> {
		let per_stake = info.fault_threshold * info.max_slash;
		if per_stake.is_zero() {
			return security;
		}
		per_stake.saturating_reciprocal_mul_floor(security)
	}

	/// Add `lease`, in effect in the tally's period, to the tally: its demand, and its reward and
	/// the network's stake to the network's risk bucket.
	pub(crate) fn count_lease(
		tally: &mut PeriodTally<BalanceOf<T>>,
		network: NetworkId,
		info: &NetworkInfoOf<T>,
		lease: &Lease<BalanceOf<T>>,
	) {
		tally.demand = tally.demand.saturating_add(Self::stake_needed(info, lease.security));
		let bucket = risk_bucket(Self::risk_of(network, info)).min(RISK_BUCKETS - 1);
		if let (Some(r), Some(s)) = (tally.rewards.get_mut(bucket), tally.stake.get_mut(bucket)) {
			*r = r.saturating_add(lease.reward_per_period);
			*s = s.saturating_add(info.security.allocated);
		}
		if info.security.meets_target {
			Self::rank_constituent(&mut tally.constituents, network, lease.reward_per_period);
		}
	}

	/// Put `network` among the constituents if it pays more than the last of a full list.
	fn rank_constituent(
		list: &mut IndexConstituentsOf<BalanceOf<T>>,
		network: NetworkId,
		reward: BalanceOf<T>,
	) {
		// Largest reward first; the sweep visits ids in ascending order, so on a tie the lower
		// id is already in front.
		let at = list.iter().position(|(_, r)| *r < reward).unwrap_or(list.len());
		if list.is_full() {
			if at == list.len() {
				return;
			}
			list.pop();
		}
		let _fits = list.try_insert(at, (network, reward));
	}

	/// The end of a period's sweep: the period's utilisation moves the base price, and the
	/// period's market is recorded (the oldest record dropped) and evented.
	pub(crate) fn close_period(tally: PeriodTally<BalanceOf<T>>) {
		let capacity = T::Restaking::total_stake();
		let utilisation = if capacity.is_zero() {
			if tally.demand.is_zero() {
				Perbill::zero()
			} else {
				Perbill::one()
			}
		} else {
			Perbill::from_rational(tally.demand.min(capacity), capacity)
		};
		let price = BasePrice::<T>::get();
		let base_price = next_price(price, utilisation, &T::Pricing::get());
		let yield_of = |r: BalanceOf<T>, s: BalanceOf<T>| {
			FixedU128::checked_from_rational(r, s).unwrap_or_default()
		};
		let (rewards, stake) = tally
			.rewards
			.iter()
			.zip(tally.stake.iter())
			.fold((BalanceOf::<T>::zero(), BalanceOf::<T>::zero()), |(r, s), (br, bs)| {
				(r.saturating_add(*br), s.saturating_add(*bs))
			});
		let index = yield_of(rewards, stake);
		let mut buckets = [FixedU128::zero(); RISK_BUCKETS];
		for (b, (r, s)) in buckets.iter_mut().zip(tally.rewards.iter().zip(tally.stake.iter())) {
			*b = yield_of(*r, *s);
		}
		BasePrice::<T>::put(base_price);
		IndexConstituents::<T>::put((tally.period, tally.constituents.clone()));
		MarketHistory::<T>::mutate(|h| {
			if h.is_full() {
				h.remove(0);
			}
			let _fits = h.try_push(MarketRecord {
				period: tally.period,
				price,
				utilisation,
				demand: tally.demand,
				capacity,
				index,
				buckets,
			});
		});
		Self::deposit_event(Event::MarketUpdated {
			period: tally.period,
			utilisation,
			demand: tally.demand,
			capacity,
			base_price,
			index,
			buckets,
		});
	}

	/// The market now: the base price, the history, and each network's risk factor, price and
	/// yield. For the runtime API (reads every network).
	pub fn market_view() -> MarketView<BalanceOf<T>> {
		let base_price = BasePrice::<T>::get();
		let networks = NetworkIds::<T>::get()
			.into_iter()
			.filter_map(|network| {
				let info = Networks::<T>::get(network)?;
				let risk_factor = Self::risk_of(network, &info);
				let ask_floor = Self::ask_floor(network, &info);
				let lease = Leases::<T>::get(network);
				let reward = lease.as_ref().map(|l| l.reward_per_period).unwrap_or_default();
				Some(NetworkMarket {
					network,
					risk_factor,
					ask_floor,
					price: base_price.saturating_mul(risk_factor).max(ask_floor),
					shared: Self::shared_share(network, &info),
					recent_slashes: Self::recent_slashes(network),
					leased_security: lease.as_ref().map(|l| l.security).unwrap_or_default(),
					locked_price: lease.as_ref().map(|l| l.price),
					yield_per_period: FixedU128::checked_from_rational(
						reward,
						info.security.allocated,
					)
					.unwrap_or_default(),
				})
			})
			.collect();
		let history = MarketHistory::<T>::get().into_inner();
		MarketView {
			base_price,
			floor: T::Pricing::get().floor,
			utilisation: history.last().map(|r| r.utilisation).unwrap_or_default(),
			index: history.last().map(|r| r.index).unwrap_or_default(),
			history,
			networks,
		}
	}
}

/// The market's risk factor of each network, for the cover pallet's premiums.
impl<T: Config> ssp_primitives::NetworkRisk for Pallet<T> {
	fn risk_factor(network: NetworkId) -> FixedU128 {
		Networks::<T>::get(network)
			.map(|info| Self::risk_of(network, &info))
			.unwrap_or_else(FixedU128::one)
	}
}

/// The index pool follows the constituents of the last period swept.
impl<T: Config> ssp_primitives::SecurityIndex for Pallet<T> {
	fn constituents() -> Option<(u32, alloc::vec::Vec<(NetworkId, u128)>)> {
		use sp_runtime::traits::UniqueSaturatedInto;
		IndexConstituents::<T>::get().map(|(period, list)| {
			(period, list.into_iter().map(|(n, r)| (n, r.unique_saturated_into())).collect())
		})
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn set_constituents_for_benchmarks(
		period: u32,
		constituents: alloc::vec::Vec<(NetworkId, u128)>,
	) {
		use sp_runtime::traits::UniqueSaturatedFrom;
		let list = constituents
			.into_iter()
			.map(|(n, r)| (n, BalanceOf::<T>::unique_saturated_from(r)))
			.collect::<alloc::vec::Vec<_>>();
		IndexConstituents::<T>::put((period, frame_support::BoundedVec::truncate_from(list)));
	}
}
