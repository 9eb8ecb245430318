//! The arithmetic of a market for security (issue 14): a base price that adapts each lease
//! period to utilisation, the cap of a renewal, and a network's risk factor from its own figures.
//!
//! - [`next_price`]: the base price of one unit of Cost of Corruption for one lease period, moved
//!   each period toward balance: up when more of the offered capacity is leased than `target`,
//!   down when less, by at most `max_change` (at full or empty utilisation), never below
//!   `floor`. The rule of EIP-1559's base fee, with pallet-broker's `MinimumPrice` as the floor.
//! - [`renewal_cap`]: what a renewal pays at most: `max(locked × (1 + bump), floor)` (RFC-0149's
//!   renewal price, as pallet-broker charges it).
//! - [`risk_factor`]: what a network pays over the base price, from 1 to `max`: more when its
//!   security ratio is below 1 (its stake is worth corrupting), when its stake also secures
//!   other networks (a slash there takes it), and when it was slashed lately.
//!
//! Prices are `FixedU128`: currency units per unit of Cost of Corruption per period.

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_runtime::{
	traits::{One, Saturating},
	FixedPointNumber, FixedU128, PerThing, Perbill,
};

/// How the base price follows utilisation.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct PriceController {
	/// The lowest price.
	pub floor: FixedU128,
	/// The utilisation the price is stable at.
	pub target: Perbill,
	/// The largest move of one period, reached at 100% (up) or 0% (down) utilisation.
	pub max_change: Perbill,
}

/// The base price of the next period, from this period's `price` and `utilisation` (security
/// leased over capacity offered). The move is `max_change` times how far utilisation is from
/// the target, as a share of the room on that side: `(u − t) / (1 − t)` above, `(t − u) / t`
/// below.
pub fn next_price(
	price: FixedU128,
	utilisation: Perbill,
	controller: &PriceController,
) -> FixedU128 {
	let (u, t) = (utilisation.deconstruct() as u64, controller.target.deconstruct() as u64);
	let one = Perbill::one().deconstruct() as u64;
	let next = if u > t {
		let pressure = Perbill::from_rational(u - t, one.saturating_sub(t).max(1));
		let up = FixedU128::from_perbill(controller.max_change * pressure);
		price.saturating_mul(FixedU128::one().saturating_add(up))
	} else {
		let slack = Perbill::from_rational(t - u, t.max(1));
		let down = FixedU128::from_perbill(controller.max_change * slack);
		price.saturating_mul(FixedU128::one().saturating_sub(down))
	};
	next.max(controller.floor)
}

/// The most a renewal pays per unit and period: the locked price raised by `bump`, or the
/// current floor if that is higher.
pub fn renewal_cap(locked: FixedU128, bump: Perbill, floor: FixedU128) -> FixedU128 {
	locked
		.saturating_mul(FixedU128::one().saturating_add(FixedU128::from_perbill(bump)))
		.max(floor)
}

/// The weights of a network's risk factor.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct RiskWeights {
	/// Added at a security ratio of zero (scaled by `1 − ratio` below a ratio of 1).
	pub deficit: FixedU128,
	/// Added when all of the network's stake secures other networks too (scaled by the share).
	pub shared: FixedU128,
	/// Added per slash in the recent window, up to `max_slashes` of them.
	pub per_slash: FixedU128,
	/// The slashes counted at most.
	pub max_slashes: u32,
	/// The largest factor.
	pub max: FixedU128,
}

/// A network's risk factor: `1 + deficit × max(0, 1 − ratio) + shared × shared_share +
/// per_slash × min(slashes, max_slashes)`, at most `max` (and at least 1). `ratio` is CoC / PfC;
/// `shared_share` the part of its stake that also secures other networks.
pub fn risk_factor(
	ratio: FixedU128,
	shared_share: Perbill,
	slashes: u32,
	weights: &RiskWeights,
) -> FixedU128 {
	let deficit = FixedU128::one().saturating_sub(ratio.min(FixedU128::one()));
	let factor =
		FixedU128::one()
			.saturating_add(weights.deficit.saturating_mul(deficit))
			.saturating_add(weights.shared.saturating_mul(FixedU128::from_perbill(shared_share)))
			.saturating_add(weights.per_slash.saturating_mul(FixedU128::saturating_from_integer(
				slashes.min(weights.max_slashes),
			)));
	factor.clamp(FixedU128::one(), weights.max.max(FixedU128::one()))
}

/// The most networks the security index holds (the leased, secure networks paying the most).
pub const INDEX_SIZE: u32 = 16;

/// The index pool's weights: every network paying a reward gets `min`, and what is left of 100%
/// is spread in proportion to the rewards, no network above `max` (water-filling: a network
/// reaching `max` keeps it and the rest is spread again over the others). The weights never add
/// up to more than 100%: below it only when every network is at `max`. With more networks than
/// `min` allows (`n × min > 100%`) each gets `100% / n`. A network paying nothing gets nothing.
/// O(n²) for the index's at most [`INDEX_SIZE`] networks.
pub fn index_weights(rewards: &[u128], min: Perbill, max: Perbill) -> Vec<Perbill> {
	let one = u64::from(Perbill::ACCURACY);
	let paying = rewards.iter().filter(|r| **r > 0).count() as u64;
	if paying == 0 {
		return rewards.iter().map(|_| Perbill::zero()).collect();
	}
	let max = u64::from(max.deconstruct());
	let floor = u64::from(min.deconstruct()).min(max).min(one / paying);
	// Each paying network's weight above the floor, and whether it reached the cap.
	let mut extra: Vec<Option<u64>> =
		rewards.iter().map(|r| if *r == 0 { Some(0) } else { None }).collect();
	let room = max.saturating_sub(floor);
	loop {
		let fixed: u64 = extra.iter().flatten().sum();
		let left = one.saturating_sub(floor.saturating_mul(paying)).saturating_sub(fixed);
		let free: u128 =
			extra.iter().zip(rewards).filter(|(e, _)| e.is_none()).map(|(_, r)| *r).sum();
		if free == 0 {
			break;
		}
		let share = |r: u128| -> u64 {
			u64::try_from(u128::from(left).saturating_mul(r) / free).unwrap_or(u64::MAX)
		};
		let mut capped = false;
		for (e, r) in extra.iter_mut().zip(rewards) {
			if e.is_none() && share(*r) >= room {
				*e = Some(room);
				capped = true;
			}
		}
		if !capped {
			for (e, r) in extra.iter_mut().zip(rewards) {
				if e.is_none() {
					*e = Some(share(*r));
				}
			}
			break;
		}
	}
	extra
		.iter()
		.zip(rewards)
		.map(|(e, r)| {
			if *r == 0 {
				return Perbill::zero();
			}
			let parts = floor.saturating_add(e.unwrap_or_default()).min(max);
			Perbill::from_parts(u32::try_from(parts).unwrap_or(Perbill::ACCURACY))
		})
		.collect()
}

/// The number of risk buckets [`risk_bucket`] sorts networks into.
pub const RISK_BUCKETS: usize = 3;

/// The risk bucket of a network with this risk factor: 0 below 1.25 (secure, little shared, not
/// slashed lately), 1 below 2, 2 from 2 up.
pub fn risk_bucket(factor: FixedU128) -> usize {
	if factor < FixedU128::from_rational(5, 4) {
		0
	} else if factor < FixedU128::from_u32(2) {
		1
	} else {
		2
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn f(x: f64) -> FixedU128 {
		FixedU128::from_float(x)
	}

	fn p(x: u32) -> Perbill {
		Perbill::from_percent(x)
	}

	/// `a` equals `b` to 1e-12 (prices are fixed-point; the expected values are decimals).
	fn close(a: FixedU128, b: f64) -> bool {
		(a.to_float() - b).abs() < 1e-12
	}

	const CONTROLLER: PriceController = PriceController {
		floor: FixedU128::from_rational(1, 100),
		target: Perbill::from_percent(50),
		max_change: Perbill::from_percent(10),
	};

	#[test]
	fn the_price_holds_at_target_and_moves_at_most_max_change_toward_balance() {
		let price = f(0.05);
		assert_eq!(next_price(price, p(50), &CONTROLLER), price);
		// Full: +10%; three quarters: half the room above the target, +5%.
		assert!(close(next_price(price, p(100), &CONTROLLER), 0.055));
		assert!(close(next_price(price, p(75), &CONTROLLER), 0.0525));
		// Empty: −10%; a quarter: half the room below, −5%.
		assert!(close(next_price(price, p(0), &CONTROLLER), 0.045));
		assert!(close(next_price(price, p(25), &CONTROLLER), 0.0475));
	}

	#[test]
	fn the_price_never_falls_below_the_floor_and_a_target_of_zero_or_all_is_handled() {
		assert_eq!(next_price(f(0.0105), p(0), &CONTROLLER), CONTROLLER.floor);
		let all = PriceController { target: p(100), ..CONTROLLER };
		assert!(close(next_price(f(0.05), p(100), &all), 0.05));
		assert!(close(next_price(f(0.05), p(0), &all), 0.045));
		let none = PriceController { target: p(0), ..CONTROLLER };
		assert!(close(next_price(f(0.05), p(0), &none), 0.05));
		assert!(close(next_price(f(0.05), p(100), &none), 0.055));
	}

	#[test]
	fn ten_full_periods_compound_and_ten_empty_ones_decay_to_the_floor_at_most() {
		let mut up = f(0.05);
		let mut down = f(0.05);
		for _ in 0..10 {
			up = next_price(up, p(100), &CONTROLLER);
			down = next_price(down, p(0), &CONTROLLER);
		}
		// 0.05 × 1.1^10 ≈ 0.1297; 0.05 × 0.9^10 ≈ 0.0174.
		assert!((up.to_float() - 0.129687).abs() < 1e-6, "{up:?}");
		assert!((down.to_float() - 0.017433).abs() < 1e-6, "{down:?}");
		for _ in 0..100 {
			down = next_price(down, p(0), &CONTROLLER);
		}
		assert_eq!(down, CONTROLLER.floor);
	}

	#[test]
	fn a_renewal_pays_at_most_the_locked_price_bumped_or_the_floor() {
		assert!(close(renewal_cap(f(0.05), p(3), f(0.01)), 0.0515));
		assert!(close(renewal_cap(f(0.05), p(3), f(0.06)), 0.06));
	}

	const WEIGHTS: RiskWeights = RiskWeights {
		deficit: FixedU128::from_u32(1),
		shared: FixedU128::from_rational(1, 2),
		per_slash: FixedU128::from_rational(1, 10),
		max_slashes: 5,
		max: FixedU128::from_u32(3),
	};

	fn total(ws: &[Perbill]) -> u64 {
		ws.iter().map(|w| u64::from(w.deconstruct())).sum()
	}

	#[test]
	fn index_weights_give_each_network_the_floor_then_share_the_rest_by_reward_under_the_cap() {
		let (min, max) = (p(5), p(40));
		// 5% each, then 85% by reward (42.5 : 21.25 : 21.25): the first would pass 40%, so it
		// is capped and the other two share the rest equally.
		assert_eq!(index_weights(&[200, 100, 100], min, max), vec![p(40), p(30), p(30)]);
		// Proportional above the floor when no cap binds: 5% + 85% × 1/2 and 5% + 85% × 1/4.
		let w = index_weights(&[200, 100, 100, 0], p(5), p(100));
		assert_eq!(
			w,
			vec![
				Perbill::from_rational(475u32, 1_000u32),
				Perbill::from_rational(2_625u32, 10_000u32),
				Perbill::from_rational(2_625u32, 10_000u32),
				Perbill::zero()
			]
		);
		// Two networks alone: each capped at 40%, 80% in all.
		assert_eq!(index_weights(&[100, 72], min, max), vec![p(40), p(40)]);
		assert_eq!(index_weights(&[500], min, max), vec![max]);
		assert!(index_weights(&[], min, max).is_empty());
	}

	#[test]
	fn index_weights_never_add_up_to_more_than_all_of_the_stake() {
		// Found in review: two big networks capped and fourteen small ones raised to the floor
		// made 150%.
		let mut rewards = vec![1_000, 1_000];
		rewards.extend([1u128; 14]);
		let w = index_weights(&rewards, p(5), p(40));
		assert!(total(&w) <= 1_000_000_000, "{}", total(&w));
		assert!(total(&w) >= 999_999_980);
		assert!(w[2..].iter().all(|x| *x >= p(5)));
		let mut rewards = vec![100];
		rewards.extend([1u128; 15]);
		assert!(total(&index_weights(&rewards, p(5), p(40))) <= 1_000_000_000);
		// More networks than the floor allows: an equal split.
		let w = index_weights(&[1u128; 25], p(5), p(40));
		assert!(w.iter().all(|x| *x == p(4)));
		// Random shapes stay within 100% and the bands.
		let mut seed = 7u64;
		for _ in 0..500 {
			let n = 1 + (seed % 16) as usize;
			let rewards: Vec<u128> = (0..n)
				.map(|i| {
					seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
					u128::from((seed >> 33) % 1_000) * (i as u128 % 3)
				})
				.collect();
			let w = index_weights(&rewards, p(5), p(40));
			assert!(total(&w) <= 1_000_000_000, "{rewards:?} -> {w:?}");
			for (x, r) in w.iter().zip(&rewards) {
				assert!(*x <= p(40));
				assert!(*r == 0 || *x >= p(5).min(Perbill::from_rational(1u32, n as u32)));
			}
		}
	}

	#[test]
	fn risk_buckets_split_at_one_and_a_quarter_and_two() {
		assert_eq!(risk_bucket(f(1.0)), 0);
		assert_eq!(risk_bucket(f(1.2499)), 0);
		assert_eq!(risk_bucket(f(1.25)), 1);
		assert_eq!(risk_bucket(f(1.99)), 1);
		assert_eq!(risk_bucket(f(2.0)), 2);
		assert_eq!(risk_bucket(f(3.0)), 2);
	}

	#[test]
	fn a_secure_unshared_unslashed_network_pays_the_base_price() {
		assert_eq!(risk_factor(f(1.8), p(0), 0, &WEIGHTS), FixedU128::one());
		assert_eq!(risk_factor(f(1.0), p(0), 0, &WEIGHTS), FixedU128::one());
	}

	#[test]
	fn deficit_shared_stake_and_slashes_each_raise_the_factor_up_to_its_cap() {
		// The dev chain's network 1: ratio 0.8, all of its stake (Alice's) shared with network 0.
		assert!(close(risk_factor(f(0.8), p(100), 0, &WEIGHTS), 1.7));
		// Network 0: ratio 1.8, 24,000 of its 54,000 SSP shared (44.4%).
		let shared = Perbill::from_rational(24_000u32, 54_000u32);
		assert!((risk_factor(f(1.8), shared, 0, &WEIGHTS).to_float() - 1.2222).abs() < 1e-4);
		// Two recent slashes add 0.2; more than five count as five.
		assert!(close(risk_factor(f(1.8), p(0), 2, &WEIGHTS), 1.2));
		assert!(close(risk_factor(f(1.8), p(0), 50, &WEIGHTS), 1.5));
		// Everything at once is capped.
		assert!(close(risk_factor(f(0.0), p(100), 50, &WEIGHTS), 3.0));
	}
}
