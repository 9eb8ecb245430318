//! Benchmarks of the cover pallet, each at its worst case: the covered operator in as many
//! networks as it may be (its risk reads them all), exposures already open, swap lists full,
//! expiries booked as late as they may be.

use super::*;
use crate::{expiry::EXPIRY_SEARCH, Pallet as Cover};
use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::{
	pallet_prelude::*,
	traits::fungible::{Inspect, Mutate},
};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use sp_runtime::traits::{Bounded, Saturating, Zero};
use ssp_primitives::{
	NetworkBackers, NetworkId, NetworkRegistry, OnSlashApplied, RestakerPositions, RestakingSlash,
};

const SEED: u32 = 0;
/// The network the benchmarks cover (far from genesis ones).
const NETWORK: NetworkId = 7_000;

fn unit<T: Config>() -> BalanceOf<T> {
	T::Currency::minimum_balance().saturating_mul(1_000_000u32.into())
}

fn funded<T: Config>(name: &'static str, i: u32) -> T::AccountId {
	let who: T::AccountId = account(name, i, SEED);
	T::Currency::set_balance(&who, unit::<T>().saturating_mul(1_000_000u32.into()));
	who
}

/// An operator backing `NETWORK` and as many other networks as it may.
fn operator<T: Config>() -> T::AccountId {
	T::Networks::register_for_benchmarks(NETWORK);
	T::Restaking::back_network_for_benchmarks(NETWORK, 1);
	let op = operator_of::<T>();
	T::Restaking::spread_operator_for_benchmarks(&op);
	op
}

/// The operator [`operator`] made.
fn operator_of<T: Config>() -> T::AccountId {
	T::Restaking::network_backers(NETWORK)
		.into_iter()
		.next()
		.map(|(op, _)| op)
		.expect("the network is backed")
}

/// Restaker `i` of `op`, with `unit × 10` restaked.
fn restaker<T: Config>(op: &T::AccountId, i: u32) -> T::AccountId {
	let who: T::AccountId = account("restaker", i, SEED);
	T::Restaking::restake_for_benchmarks(&who, op, unit::<T>().saturating_mul(10u32.into()));
	who
}

/// `subject`'s pool with `unit × 1_000` from one underwriter.
fn pool<T: Config>(subject: &SubjectOf<T>) -> T::AccountId {
	let uw = funded::<T>("underwriter", 0);
	Cover::<T>::do_deposit(
		uw.clone(),
		subject.clone(),
		unit::<T>().saturating_mul(1_000u32.into()),
	)
	.unwrap();
	uw
}

/// Fill every block from `at` but the last one an expiry could be booked at.
fn crowd_expiries<T: Config>(at: BlockNumberFor<T>) {
	let full: Vec<Expiry<T::AccountId>> = (0..T::MaxExpiriesPerBlock::get())
		.map(|i| Expiry::Swap(SwapId::MAX - i))
		.collect();
	let mut block = at;
	for _ in 0..EXPIRY_SEARCH.saturating_sub(1) {
		Expiries::<T>::insert(block, BoundedVec::truncate_from(full.clone()));
		block = block.saturating_add(1u32.into());
	}
}

fn buy<T: Config>(who: &T::AccountId, subject: &SubjectOf<T>, until: BlockNumberFor<T>) {
	Cover::<T>::do_buy_cover(
		who.clone(),
		subject.clone(),
		unit::<T>(),
		until,
		BalanceOf::<T>::max_value(),
	)
	.unwrap();
}

/// Slash `op` by a tenth of its pool, as the slashing pallet tells it.
fn slash<T: Config>(op: &T::AccountId) {
	let before = T::Restaking::pool_stake(op);
	Cover::<T>::on_slash_applied(0, NETWORK, op, before / 10u32.into(), before);
}

fn now<T: Config>() -> BlockNumberFor<T> {
	frame_system::Pallet::<T>::block_number()
}

/// `count` swaps on `NETWORK`, offered by a seller; bought, with a threshold any slash reaches,
/// when `bought`.
fn swaps<T: Config>(count: u32, bought: bool) -> Vec<SwapId> {
	let seller = funded::<T>("seller", 0);
	let buyer = funded::<T>("buyer", 0);
	(0..count)
		.map(|_| {
			let id = NextSwapId::<T>::get();
			Cover::<T>::do_offer_swap(
				seller.clone(),
				NETWORK,
				unit::<T>(),
				unit::<T>() / 100u32.into(),
				T::MaxSwapPeriods::get(),
				1u32.into(),
			)
			.unwrap();
			if bought {
				Cover::<T>::do_buy_swap(buyer.clone(), id, BalanceOf::<T>::max_value()).unwrap();
			}
			id
		})
		.collect()
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn deposit() {
		let op = operator::<T>();
		let subject = Subject::Operator(op);
		pool::<T>(&subject);
		let who = funded::<T>("underwriter", 1);
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), subject.clone(), unit::<T>());
		assert!(Underwriters::<T>::contains_key(&subject, &who));
	}

	#[benchmark]
	fn request_withdrawal() {
		let subject = Subject::Operator(operator::<T>());
		let uw = pool::<T>(&subject);
		#[extrinsic_call]
		_(RawOrigin::Signed(uw.clone()), subject.clone(), unit::<T>());
		assert!(Underwriters::<T>::get(&subject, &uw).unwrap().withdrawing.is_some());
	}

	#[benchmark]
	fn withdraw() {
		let subject = Subject::Operator(operator::<T>());
		let uw = pool::<T>(&subject);
		Cover::<T>::do_request_withdrawal(uw.clone(), subject.clone(), unit::<T>()).unwrap();
		frame_system::Pallet::<T>::set_block_number(
			now::<T>().saturating_add(T::WithdrawalDelay::get()),
		);
		#[extrinsic_call]
		_(RawOrigin::Signed(uw.clone()), subject.clone());
		assert!(Underwriters::<T>::get(&subject, &uw).unwrap().withdrawing.is_none());
	}

	#[benchmark]
	fn buy_cover() {
		// The operator's risk is the highest of all its networks'; an exposure is open; the
		// term's end is booked `EXPIRY_SEARCH - 1` blocks late.
		let op = operator::<T>();
		let subject = Subject::Operator(op.clone());
		pool::<T>(&subject);
		let until = now::<T>().saturating_add(T::MaxCoverTerm::get());
		buy::<T>(&restaker::<T>(&op, 1), &subject, until);
		crowd_expiries::<T>(until);
		let who = restaker::<T>(&op, 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), subject, unit::<T>(), until, BalanceOf::<T>::max_value());
		assert!(Covers::<T>::contains_key(&who));
	}

	#[benchmark]
	fn settle_cover() {
		let op = operator::<T>();
		let subject = Subject::Operator(op.clone());
		pool::<T>(&subject);
		let who = restaker::<T>(&op, 0);
		buy::<T>(&who, &subject, now::<T>().saturating_add(T::MaxCoverTerm::get()));
		slash::<T>(&op);
		let before = T::Currency::balance(&who);
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), who.clone());
		assert!(T::Currency::balance(&who) > before);
	}

	#[benchmark]
	fn offer_swap() {
		operator::<T>();
		swaps::<T>(T::MaxSwapsPerNetwork::get().saturating_sub(1), false);
		let seller = funded::<T>("seller", 1);
		#[extrinsic_call]
		_(
			RawOrigin::Signed(seller),
			NETWORK,
			unit::<T>(),
			unit::<T>() / 100u32.into(),
			T::MaxSwapPeriods::get(),
			unit::<T>(),
		);
		assert_eq!(NetworkSwaps::<T>::get(NETWORK).len() as u32, T::MaxSwapsPerNetwork::get());
	}

	#[benchmark]
	fn cancel_swap() {
		operator::<T>();
		let ids = swaps::<T>(T::MaxSwapsPerNetwork::get(), false);
		let last = *ids.last().unwrap();
		let seller: T::AccountId = account("seller", 0, SEED);
		#[extrinsic_call]
		_(RawOrigin::Signed(seller), last);
		assert!(!Swaps::<T>::contains_key(last));
	}

	#[benchmark]
	fn buy_swap() {
		operator::<T>();
		let id = swaps::<T>(1, false)[0];
		let term = T::CoverPeriod::get().saturating_mul(T::MaxSwapPeriods::get().into());
		crowd_expiries::<T>(now::<T>().saturating_add(term));
		let buyer = funded::<T>("buyer", 1);
		#[extrinsic_call]
		_(RawOrigin::Signed(buyer), id, BalanceOf::<T>::max_value());
		assert!(matches!(Swaps::<T>::get(id).unwrap().status, SwapStatus::Active { .. }));
	}

	#[benchmark]
	fn transfer_swap() {
		operator::<T>();
		let id = swaps::<T>(1, true)[0];
		let buyer: T::AccountId = account("buyer", 0, SEED);
		let to: T::AccountId = account("buyer", 1, SEED);
		#[extrinsic_call]
		_(RawOrigin::Signed(buyer), id, to.clone());
		assert!(
			matches!(Swaps::<T>::get(id).unwrap().status, SwapStatus::Active { buyer, .. } if buyer == to)
		);
	}

	/// The hook closing `n` covers at one block, each in a pool of its own (nothing read warm),
	/// each paid after a slash and closing its exposure.
	#[benchmark]
	fn on_initialize(n: Linear<0, { T::MaxExpiriesPerBlock::get() }>) {
		T::Networks::register_for_benchmarks(NETWORK);
		T::Restaking::back_network_for_benchmarks(NETWORK, n.max(1));
		let operators: Vec<T::AccountId> = T::Restaking::network_backers(NETWORK)
			.into_iter()
			.map(|(op, _)| op)
			.take(n as usize)
			.collect();
		let until = now::<T>().saturating_add(T::MaxCoverTerm::get());
		let covered: Vec<T::AccountId> = operators
			.iter()
			.enumerate()
			.map(|(i, op)| {
				let subject = Subject::Operator(op.clone());
				pool::<T>(&subject);
				let who = restaker::<T>(op, i as u32);
				buy::<T>(&who, &subject, until);
				slash::<T>(op);
				who
			})
			.collect();
		frame_system::Pallet::<T>::set_block_number(until);
		#[block]
		{
			Cover::<T>::expire(until);
		}
		assert!(covered.iter().all(|who| !Covers::<T>::contains_key(who)));
	}

	/// A slash reaching covers in both pools that cover it, and counted for the network's swaps.
	#[benchmark]
	fn slash_listener() {
		let op = operator::<T>();
		let until = now::<T>().saturating_add(T::MaxCoverTerm::get());
		for (i, subject) in [Subject::Operator(op.clone()), Subject::Network(NETWORK)]
			.into_iter()
			.enumerate()
		{
			pool::<T>(&subject);
			buy::<T>(&restaker::<T>(&op, i as u32), &subject, until);
		}
		let before = T::Restaking::pool_stake(&op);
		#[block]
		{
			Cover::<T>::on_slash_applied(0, NETWORK, &op, before / 10u32.into(), before);
		}
		assert!(Exposures::<T>::iter().all(|(_, _, e)| !e.owed.is_zero()));
	}

	/// A triggered swap paying its buyer and its seller.
	#[benchmark]
	fn claim_swap() {
		operator::<T>();
		let id = swaps::<T>(1, true)[0];
		let op = operator_of::<T>();
		slash::<T>(&op);
		let caller = funded::<T>("caller", 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(caller), id);
		assert!(!Swaps::<T>::contains_key(id));
	}

	impl_benchmark_test_suite!(Cover, crate::mock::ExtBuilder::build(), crate::mock::Test);
}
