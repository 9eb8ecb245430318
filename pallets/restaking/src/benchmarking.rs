//! Benchmarks of the restaking pallet, each at its worst case: the operator in as many networks
//! as allowed, every allocation non-zero, and a pending slash to settle wherever one can be.

use super::*;
use crate::Pallet as Restaking;
use alloc::{vec, vec::Vec};
use frame_benchmarking::v2::*;
use frame_support::{
	pallet_prelude::*,
	traits::{
		fungible::{Inspect, Mutate},
		EnsureOriginWithArg,
	},
};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use sp_runtime::{
	traits::{Hash, Saturating, Zero},
	FixedU128, Perbill,
};
use sp_staking::StakingInterface;
use ssp_primitives::{NetworkId, NetworkRegistry, RestakingSlash};

const SEED: u32 = 0;

/// A comfortable unit of stake: well above the existential deposit, `MinRestake` and staking's
/// minimum bond.
fn unit<T: Config>() -> BalanceOf<T> {
	T::Currency::minimum_balance()
		.max(T::MinRestake::get())
		.max(T::Staking::minimum_nominator_bond())
		.saturating_mul(100u32.into())
}

fn funded<T: Config>(name: &'static str, i: u32) -> T::AccountId {
	let who: T::AccountId = account(name, i, SEED);
	T::Currency::set_balance(&who, unit::<T>().saturating_mul(1_000u32.into()));
	who
}

fn staker<T: Config>(i: u32) -> T::AccountId {
	let who = funded::<T>("restaker", i);
	T::Staking::bond(&who, unit::<T>().saturating_mul(10u32.into()), &who).expect("bonding works");
	who
}

fn networks<T: Config>() -> Vec<NetworkId> {
	(1..=T::MaxNetworksPerOperator::get()).collect()
}

fn roll<T: Config>(by: BlockNumberFor<T>) {
	let now = frame_system::Pallet::<T>::block_number();
	frame_system::Pallet::<T>::set_block_number(now.saturating_add(by));
}

/// An operator with max metadata, opted into `n` networks, each allocated (and in effect).
fn operator<T: Config>(n: u32) -> T::AccountId {
	operator_at::<T>(0, n)
}

/// Back `op` with `MinOperatorStake` from an account of its own, so that it may opt in.
fn meet_min_operator_stake<T: Config>(op: &T::AccountId) {
	let min = T::MinOperatorStake::get();
	if min.is_zero() || Pools::<T>::get(op).active_stake().unwrap_or_default() >= min {
		return;
	}
	let entropy = <T as frame_system::Config>::Hashing::hash_of(&(b"ssp/operator-backer", op));
	let backer =
		T::AccountId::decode(&mut sp_runtime::traits::TrailingZeroInput::new(entropy.as_ref()))
			.unwrap();
	let amount = min.max(T::MinRestake::get());
	T::Currency::set_balance(&backer, amount.saturating_mul(10u32.into()).max(unit::<T>()));
	T::Staking::bond(&backer, amount.saturating_mul(2u32.into()), &backer).unwrap();
	Restaking::<T>::do_restake(backer, op.clone(), amount).unwrap();
}

/// Operator number `index`, as [`operator`] makes it.
fn operator_at<T: Config>(index: u32, n: u32) -> T::AccountId {
	let op = funded::<T>("operator", index);
	let metadata = BoundedVec::try_from(vec![7u8; T::MaxMetadataLen::get() as usize]).unwrap();
	Restaking::<T>::register_operator(
		RawOrigin::Signed(op.clone()).into(),
		Perbill::from_percent(10),
		metadata,
	)
	.unwrap();
	meet_min_operator_stake::<T>(&op);
	let cap = Restaking::<T>::max_factor_parts();
	let per = (cap / u64::from(T::MaxNetworksPerOperator::get().max(1))).min(1_000_000_000) as u32;
	for network in networks::<T>().into_iter().take(n as usize) {
		T::Networks::register_for_benchmarks(network);
		Restaking::<T>::opt_in(RawOrigin::Signed(op.clone()).into(), network).unwrap();
		Restaking::<T>::allocate(
			RawOrigin::Signed(op.clone()).into(),
			network,
			Perbill::from_parts(per.saturating_sub(1).max(1)),
		)
		.unwrap();
	}
	roll::<T>(T::AllocationDelay::get());
	Restaking::<T>::refresh_operator_networks(&op).unwrap();
	// The reward pot must exist.
	T::Currency::set_balance(&Restaking::<T>::reward_pot(), T::Currency::minimum_balance());
	op
}

/// Opt `op` out of every network but `keep`, and let the opt-outs take effect (the hook has not
/// run): the next refresh of `op` applies them all, the heaviest refresh there is (each network
/// loses the operator's stake, its history entry is written, its operator index shrinks).
fn mature_opt_outs<T: Config>(op: &T::AccountId, keep: NetworkId) {
	let networks: Vec<NetworkId> = Operators::<T>::get(op)
		.map(|i| i.allocations.iter().map(|a| a.network).filter(|n| *n != keep).collect())
		.unwrap_or_default();
	for network in networks {
		Restaking::<T>::opt_out(RawOrigin::Signed(op.clone()).into(), network).unwrap();
	}
	roll::<T>(
		Restaking::<T>::slash_window().saturating_add(crate::refresh::MATURITY_SEARCH.into()),
	);
}

/// Pay each network `op` is in a reward, without refreshing `op`: its next harvest takes one
/// from every network (the heaviest harvest). The networks must have stake (`op` contributes).
fn reward_networks<T: Config>(op: &T::AccountId) {
	let payer = funded::<T>("payer", 0);
	for a in Operators::<T>::get(op).unwrap().allocations.iter() {
		Restaking::<T>::do_reward_network(a.network, &payer, unit::<T>()).unwrap();
	}
}

/// Bring `op`'s contributions up to its pool and give it an ask on every network it is in:
/// each later change of its contributions then moves its networks' asked rewards too.
fn ask_everywhere<T: Config>(op: &T::AccountId) {
	Restaking::<T>::refresh_operator_networks(op).unwrap();
	for a in Operators::<T>::get(op).unwrap().allocations.iter() {
		Restaking::<T>::do_set_ask(op.clone(), a.network, Some(T::MaxAsk::get())).unwrap();
	}
}

/// Restake with `op` from a new staker `i`, bring `op`'s networks up to date with the stake, and
/// pay every one of them a reward that `op` has not harvested.
fn backed_and_rewarded<T: Config>(op: &T::AccountId, i: u32) -> T::AccountId {
	let who = staker::<T>(i);
	do_restake::<T>(&who, op);
	Restaking::<T>::refresh_operator_networks(op).unwrap();
	reward_networks::<T>(op);
	who
}

fn do_restake<T: Config>(who: &T::AccountId, op: &T::AccountId) {
	Restaking::<T>::restake(RawOrigin::Signed(who.clone()).into(), op.clone(), unit::<T>())
		.unwrap();
}

/// Slash `op` a little on network 1, leaving a loss pending on every restaker.
fn do_slash<T: Config>(op: &T::AccountId) {
	Restaking::<T>::slash_operator(op, 1, Perbill::from_percent(10)).unwrap();
}

/// `operators` operators opted into `network` with all their backing allocated there (in effect
/// at once), each backed by one restaker: the set-up the leasing pallet's payout benchmarks need.
/// Opt `op` into `network` with `magnitude` in effect at once (no allocation delay): benchmark
/// set-up that needs stake behind a network now.
fn opt_in_at<T: Config>(op: &T::AccountId, network: NetworkId, magnitude: Perbill) {
	meet_min_operator_stake::<T>(op);
	Restaking::<T>::do_opt_in(op.clone(), network).unwrap();
	Operators::<T>::mutate(op, |info| {
		if let Some(a) = info
			.as_mut()
			.and_then(|i| i.allocations.iter_mut().find(|a| a.network == network))
		{
			a.magnitude = magnitude;
		}
	});
}

pub(crate) fn back_network<T: Config>(network: NetworkId, operators: u32) {
	T::Currency::set_balance(&Restaking::<T>::reward_pot(), T::Currency::minimum_balance());
	let magnitude =
		Perbill::from_parts(Restaking::<T>::max_factor_parts().min(1_000_000_000) as u32);
	for i in 0..operators {
		let op: T::AccountId = account("network-operator", i, network);
		if !Operators::<T>::contains_key(&op) {
			T::Currency::set_balance(&op, unit::<T>().saturating_mul(1_000u32.into()));
			Restaking::<T>::do_register_operator(
				op.clone(),
				Perbill::from_percent(10),
				Default::default(),
			)
			.unwrap();
		}
		opt_in_at::<T>(&op, network, magnitude);
		let who: T::AccountId = account("network-restaker", i, network);
		if !Restakers::<T>::contains_key(&who) {
			T::Currency::set_balance(&who, unit::<T>().saturating_mul(1_000u32.into()));
			T::Staking::bond(&who, unit::<T>().saturating_mul(10u32.into()), &who).unwrap();
			Restaking::<T>::do_restake(who, op.clone(), unit::<T>()).unwrap();
		}
		Restaking::<T>::refresh_operator_networks(&op).unwrap();
	}
}

/// Put `restakers` more restakers behind `op`, each restaking one unit.
pub(crate) fn add_restakers<T: Config>(op: &T::AccountId, restakers: u32) {
	let first = Pools::<T>::get(op).restakers;
	for i in first..first.saturating_add(restakers) {
		let who: T::AccountId = account("pool-restaker", i, SEED);
		T::Currency::set_balance(&who, unit::<T>().saturating_mul(1_000u32.into()));
		T::Staking::bond(&who, unit::<T>().saturating_mul(10u32.into()), &who).unwrap();
		Restaking::<T>::do_restake(who, op.clone(), unit::<T>()).unwrap();
	}
}

/// The first id of the networks [`spread_operator`] opts operators into.
const SPREAD_NETWORKS: NetworkId = 1_000_000;

/// Opt `op` into networks `SPREAD_NETWORKS..` until it has `MaxNetworksPerOperator`, sharing
/// what is left of its restaking factor among them, so that a slash of `op` cascades as widely
/// as the configuration allows. Each operator gets networks no other operator backs: a hook
/// that slashes several operators then updates as many distinct networks (no storage item is
/// read warm from an earlier slash).
pub(crate) fn spread_operator<T: Config>(op: &T::AccountId) {
	let Some(info) = Operators::<T>::get(op) else { return };
	let used: u64 = info.allocations.iter().map(|a| u64::from(a.magnitude.deconstruct())).sum();
	let missing = T::MaxNetworksPerOperator::get().saturating_sub(info.allocations.len() as u32);
	let each = Restaking::<T>::max_factor_parts().saturating_sub(used) / u64::from(missing.max(1));
	let magnitude = Perbill::from_parts(each.min(1_000_000_000) as u32);
	let missing = missing as usize;
	let candidates = SPREAD_NETWORKS..SPREAD_NETWORKS.saturating_add(10_000);
	let mut chosen: Vec<NetworkId> = Vec::new();
	// Networks no other operator backs, while the registry has room for them...
	for network in candidates.clone() {
		if chosen.len() == missing {
			break;
		}
		if NetworkOperatorCount::<T>::contains_key(network) {
			continue;
		}
		T::Networks::register_for_benchmarks(network);
		if !T::Networks::is_accepting_allocations(network) {
			break;
		}
		chosen.push(network);
	}
	// ... then networks shared with the operators spread before.
	for network in candidates {
		if chosen.len() == missing {
			break;
		}
		if T::Networks::is_accepting_allocations(network) && !chosen.contains(&network) {
			chosen.push(network);
		}
	}
	for network in chosen {
		opt_in_at::<T>(op, network, magnitude);
	}
	Restaking::<T>::refresh_operator_networks(op).unwrap();
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register_operator() {
		let op = funded::<T>("operator", 0);
		let metadata = BoundedVec::try_from(vec![7u8; T::MaxMetadataLen::get() as usize]).unwrap();
		#[extrinsic_call]
		_(RawOrigin::Signed(op.clone()), Perbill::from_percent(10), metadata);
		assert!(Operators::<T>::contains_key(&op));
	}

	#[benchmark]
	fn opt_in() {
		let max = T::MaxNetworksPerOperator::get();
		let op = operator::<T>(max.saturating_sub(1));
		do_restake::<T>(&staker::<T>(0), &op);
		mature_opt_outs::<T>(&op, 1);
		reward_networks::<T>(&op);
		let last = max;
		T::Networks::register_for_benchmarks(last);
		#[extrinsic_call]
		_(RawOrigin::Signed(op.clone()), last);
		assert!(Operators::<T>::get(&op).unwrap().allocations.iter().any(|a| a.network == last));
	}

	#[benchmark]
	fn opt_out() {
		let op = operator::<T>(T::MaxNetworksPerOperator::get());
		do_restake::<T>(&staker::<T>(0), &op);
		mature_opt_outs::<T>(&op, 1);
		reward_networks::<T>(&op);
		#[extrinsic_call]
		_(RawOrigin::Signed(op.clone()), 1);
		assert!(Operators::<T>::get(&op).unwrap().allocations[0].opting_out_until.is_some());
	}

	#[benchmark]
	fn remove_operator() {
		// As `opt_out`: the removal schedules the operator's opt-out after refreshing it.
		let op = operator::<T>(T::MaxNetworksPerOperator::get());
		do_restake::<T>(&staker::<T>(0), &op);
		mature_opt_outs::<T>(&op, 1);
		reward_networks::<T>(&op);
		let origin = T::NetworkManagerOrigin::try_successful_origin(&1).unwrap();
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, 1, op.clone());
		assert!(RemovedOperators::<T>::contains_key(1, &op));
		assert!(Operators::<T>::get(&op).unwrap().allocations[0].opting_out_until.is_some());
	}

	#[benchmark]
	fn readmit_operator() {
		let op = operator::<T>(1);
		Restaking::<T>::do_remove_operator(1, op.clone()).unwrap();
		let origin = T::NetworkManagerOrigin::try_successful_origin(&1).unwrap();
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, 1, op.clone());
		assert!(!RemovedOperators::<T>::contains_key(1, &op));
	}

	#[benchmark]
	fn allocate() {
		// An increase (the network's acceptance, the jail and the operator's ask checked
		// against the network's lease) after a refresh that applies every other opt-out.
		let op = operator::<T>(T::MaxNetworksPerOperator::get());
		do_restake::<T>(&staker::<T>(0), &op);
		ask_everywhere::<T>(&op);
		T::Networks::set_reward_for_benchmarks(1, u128::MAX / 2);
		mature_opt_outs::<T>(&op, 1);
		reward_networks::<T>(&op);
		#[extrinsic_call]
		_(RawOrigin::Signed(op.clone()), 1, Perbill::from_percent(50));
		assert!(Operators::<T>::get(&op).unwrap().allocations[0].pending.is_some());
	}

	#[benchmark]
	fn set_ask() {
		// Replacing an ask on the operator's last network: the whole allocation list searched,
		// the network's asked reward moved.
		let op = operator::<T>(T::MaxNetworksPerOperator::get());
		do_restake::<T>(&staker::<T>(0), &op);
		ask_everywhere::<T>(&op);
		let network = T::MaxNetworksPerOperator::get();
		let ask = T::MaxAsk::get() / FixedU128::from_u32(2);
		#[extrinsic_call]
		_(RawOrigin::Signed(op.clone()), network, Some(ask));
		assert_eq!(Asks::<T>::get(&op, network), Some(ask));
		assert!(!NetworkAskedReward::<T>::get(network).is_zero());
	}

	#[benchmark]
	fn restake() {
		// A restaker adding to a position with a slash pending, on an operator in every
		// network, each of which paid a reward since the operator's last harvest: the slash
		// stays owed and the networks are refreshed later, but the rewards are harvested
		// before the pool's shares change.
		let op = operator::<T>(T::MaxNetworksPerOperator::get());
		let who = backed_and_rewarded::<T>(&op, 0);
		do_slash::<T>(&op);
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), op.clone(), unit::<T>());
		let rec = Restakers::<T>::get(&who).unwrap();
		assert!(rec.committed > Pools::<T>::get(&op).value_of(rec.total_shares()).unwrap());
	}

	#[benchmark]
	fn request_withdrawal() {
		let op = operator::<T>(T::MaxNetworksPerOperator::get());
		let who = backed_and_rewarded::<T>(&op, 0);
		do_slash::<T>(&op);
		let half = unit::<T>() / 2u32.into();
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), half);
		let rec = Restakers::<T>::get(&who).unwrap();
		assert!(rec.withdrawing.is_some());
		assert!(rec.committed > Pools::<T>::get(&op).value_of(rec.total_shares()).unwrap());
	}

	#[benchmark]
	fn withdraw() {
		// Worst case: full withdrawal with a slash pending and rewards to pay out.
		let op = operator::<T>(T::MaxNetworksPerOperator::get());
		let who = backed_and_rewarded::<T>(&op, 0);
		Restaking::<T>::request_withdrawal(RawOrigin::Signed(who.clone()).into(), unit::<T>())
			.unwrap();
		reward_networks::<T>(&op);
		do_slash::<T>(&op);
		roll::<T>(T::WithdrawalDelay::get());
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));
		assert!(Restakers::<T>::get(&who).is_none());
	}

	#[benchmark]
	fn settle() {
		let op = operator::<T>(T::MaxNetworksPerOperator::get());
		let who = staker::<T>(0);
		do_restake::<T>(&who, &op);
		do_slash::<T>(&op);
		let caller = funded::<T>("caller", 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(caller), who.clone());
		let rec = Restakers::<T>::get(&who).unwrap();
		let pool = Pools::<T>::get(&op);
		assert_eq!(rec.committed, pool.value_of(rec.total_shares()).unwrap());
	}

	#[benchmark]
	fn claim_rewards() {
		let op = operator::<T>(T::MaxNetworksPerOperator::get());
		let who = backed_and_rewarded::<T>(&op, 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));
		assert!(Restakers::<T>::get(&who).unwrap().unclaimed.is_zero());
	}

	#[benchmark]
	fn refresh_operator() {
		// Worst case: an opt-out of every network took effect (each network's stake moves,
		// each history entry is written, each operator index shrinks, each entry is removed).
		let op = operator::<T>(T::MaxNetworksPerOperator::get());
		do_restake::<T>(&staker::<T>(0), &op);
		ask_everywhere::<T>(&op);
		mature_opt_outs::<T>(&op, NetworkId::MAX);
		reward_networks::<T>(&op);
		let caller = funded::<T>("caller", 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(caller), op.clone());
		assert!(Operators::<T>::get(&op).unwrap().allocations.is_empty());
	}

	/// pallet-staking's `on_withdraw` notification (from its `withdraw_unbonded`, and `unbond`
	/// when it withdraws first): the restaker's bond fell below its restaked stake, and the
	/// excess moves into a withdrawal.
	#[benchmark]
	fn staking_withdraw_listener() {
		let op = operator::<T>(T::MaxNetworksPerOperator::get());
		let who = backed_and_rewarded::<T>(&op, 0);
		let bonded = T::Staking::stake(&who).unwrap().active;
		T::Staking::unbond(&who, bonded.saturating_sub(unit::<T>() / 2u32.into())).unwrap();
		#[block]
		{
			<Restaking<T> as sp_staking::OnStakingUpdate<_, _>>::on_withdraw(&who, unit::<T>());
		}
		assert!(Restakers::<T>::get(&who).unwrap().withdrawing.is_some());
	}

	/// pallet-staking's `on_slash` notification (its `do_slash`, for each slashed staker): the
	/// restaked position, active and withdrawing, shrinks by the fraction staking took, and so
	/// does the debt of an unsettled SSP slash.
	#[benchmark]
	fn staking_slash_listener() {
		let op = operator::<T>(T::MaxNetworksPerOperator::get());
		let who = backed_and_rewarded::<T>(&op, 0);
		let half = unit::<T>() / 2u32.into();
		Restaking::<T>::request_withdrawal(RawOrigin::Signed(who.clone()).into(), half).unwrap();
		reward_networks::<T>(&op);
		do_slash::<T>(&op);
		let total = T::Staking::stake(&who).unwrap().total;
		let slashed = total / 2u32.into();
		let committed = Restakers::<T>::get(&who).unwrap().committed;
		#[block]
		{
			<Restaking<T> as sp_staking::OnStakingUpdate<_, _>>::on_slash(
				&who,
				total.saturating_sub(slashed),
				&Default::default(),
				slashed,
			);
		}
		assert!(Restakers::<T>::get(&who).unwrap().committed < committed);
	}

	/// The hook in a block where nothing matures and no operator is stale.
	#[benchmark]
	fn on_initialize_idle() {
		let _ = StaleOperators::<T>::clear(u32::MAX, None);
		let _ = Propagating::<T>::clear(u32::MAX, None);
		RefreshCursor::<T>::kill();
		let now = frame_system::Pallet::<T>::block_number().saturating_add(1u32.into());
		Maturing::<T>::remove(now);
		frame_system::Pallet::<T>::set_block_number(now);
		#[block]
		{
			Restaking::<T>::refresh_stale(now);
		}
		assert_eq!(StaleOperators::<T>::iter_keys().count(), 0);
	}

	/// The hook refreshing `a` allocations: one slashed operator in `a` networks whose opt-outs
	/// all take effect now (the heaviest refresh of an allocation: its earnings harvested, its
	/// network's stake moved and a `BackingReduced` deposited, its history written, its index
	/// entry and slot removed; then the propagation's end).
	#[benchmark]
	fn on_initialize(a: Linear<1, { T::MaxAllocationRefreshesPerBlock::get() }>) {
		let op = operator::<T>(a.min(T::MaxNetworksPerOperator::get()));
		do_restake::<T>(&staker::<T>(0), &op);
		ask_everywhere::<T>(&op);
		let at = frame_system::Pallet::<T>::block_number()
			.saturating_add(Restaking::<T>::slash_window());
		for network in networks::<T>().into_iter().take(a as usize) {
			Restaking::<T>::opt_out(RawOrigin::Signed(op.clone()).into(), network).unwrap();
		}
		reward_networks::<T>(&op);
		assert!(Maturing::<T>::get(at).contains(&op));
		// Only the booked operator is for the hook (a genesis may leave others stale).
		let _ = StaleOperators::<T>::clear(u32::MAX, None);
		let _ = Propagating::<T>::clear(u32::MAX, None);
		RefreshCursor::<T>::kill();
		Propagating::<T>::insert(&op, ());
		frame_system::Pallet::<T>::set_block_number(at);
		#[block]
		{
			Restaking::<T>::refresh_stale(at);
		}
		assert!(Operators::<T>::get(&op).unwrap().allocations.is_empty());
		assert!(RefreshCursor::<T>::get().is_none());
		assert!(!Propagating::<T>::contains_key(&op));
	}

	impl_benchmark_test_suite!(
		Restaking,
		crate::mock::ExtBuilder::default().no_operators().build(),
		crate::mock::Test
	);
}
