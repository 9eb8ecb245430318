//! Trait implementations: the slashing and reward entry points used by the other SSP pallets,
//! the staking system's notifications, the queries of the runtime API, and `try_state`.

use crate::{pool::reward_since, *};
use alloc::{collections::btree_map::BTreeMap, vec::Vec};
use frame_support::{
	defensive,
	pallet_prelude::*,
	traits::{fungible::Mutate, tokens::Preservation},
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{
	traits::{CheckedSub, Saturating, Zero},
	ArithmeticError, Perbill, Rounding,
};
use sp_staking::{EraIndex, OnStakingUpdate, Stake, StakingInterface};
use ssp_primitives::{
	BackersPage, BackingChange, NetworkAllocation, NetworkBackers, NetworkId, NetworkRegistry,
	OperatorBacking, RestakerPosition, RestakingRewards, RestakingSlash, SlashOutcome,
	SlashWindows,
};

impl<T: Config> RestakingSlash<T::AccountId, BalanceOf<T>> for Pallet<T> {
	fn slash_operator(
		operator: &T::AccountId,
		network: NetworkId,
		fraction: Perbill,
	) -> Result<SlashOutcome<BalanceOf<T>>, DispatchError> {
		let info = Operators::<T>::get(operator).ok_or(Error::<T>::NotOperator)?;
		// The magnitude in effect now, matured changes included; a completed opt-out is gone.
		let now = Self::now();
		let magnitude = info
			.allocations
			.iter()
			.find(|a| a.network == network && a.opting_out_until.is_none_or(|u| now < u))
			.map(|a| a.magnitude_at(now))
			.ok_or(Error::<T>::NotOptedIn)?;
		let fraction = fraction.min(T::Networks::max_slash_per_offence(network));
		Self::slash_operator_at(operator, network, fraction, magnitude)
	}

	fn slash_operator_at(
		operator: &T::AccountId,
		network: NetworkId,
		fraction: Perbill,
		magnitude: Perbill,
	) -> Result<SlashOutcome<BalanceOf<T>>, DispatchError> {
		let info = Operators::<T>::get(operator).ok_or(Error::<T>::NotOperator)?;
		ensure!(!magnitude.is_zero(), Error::<T>::NothingAllocated);
		let mut pool = Pools::<T>::get(operator);
		// Stake being withdrawn is slashable too: the base is all the pool's stake. Rounded up.
		let base = magnitude.mul_ceil(pool.stake);
		let full = fraction.is_one() && magnitude.is_one();
		let amount = pool.slash_amount(base, fraction, full);
		pool.stake = pool.stake.checked_sub(&amount).ok_or(ArithmeticError::Underflow)?;
		let active = pool.active_stake()?;
		// No share changes: what the allocations earned before the slash is harvested later
		// into the same shares, at the stake each contributed until then.
		Self::put_pool(operator, pool);
		Self::deposit_event(Event::OperatorSlashed {
			operator: operator.clone(),
			network,
			fraction,
			amount,
		});

		// The loss reaches the slashed network now, the operator's other networks through the
		// refresh hook (slashed operators first): O(1) storage here, whatever their number.
		Self::mark_propagating(operator);
		let now = Self::now();
		let mut other_networks = Vec::new();
		for (index, a) in info.allocations.iter().enumerate() {
			if a.network == network {
				let index = u32::try_from(index).map_err(|_| ArithmeticError::Overflow)?;
				Self::refresh_allocations(operator, index, 1)?;
				continue;
			}
			let new = a.magnitude_at(now).mul_floor(active);
			if new != a.contributed {
				other_networks.push(BackingChange { network: a.network, old: a.contributed, new });
			}
		}
		Ok(SlashOutcome { slashed: amount, other_networks })
	}

	fn slashable_stake(operator: &T::AccountId, network: NetworkId) -> BalanceOf<T> {
		Self::magnitude_in_effect(operator, network, Self::now())
			.map(|m| m.mul_floor(Pools::<T>::get(operator).stake))
			.unwrap_or_default()
	}

	fn pool_stake(operator: &T::AccountId) -> BalanceOf<T> {
		Pools::<T>::get(operator).stake
	}

	fn is_operator(operator: &T::AccountId) -> bool {
		Operators::<T>::contains_key(operator)
	}

	fn is_opted_in(operator: &T::AccountId, network: NetworkId) -> bool {
		Operators::<T>::get(operator)
			.is_some_and(|i| i.allocations.iter().any(|a| a.network == network))
	}

	fn total_restaked() -> BalanceOf<T> {
		TotalRestaked::<T>::get()
	}
}

impl<T: Config> SlashWindows<BlockNumberFor<T>> for Pallet<T> {
	fn reporting_window() -> BlockNumberFor<T> {
		T::ReportingWindow::get()
	}

	fn veto_window() -> BlockNumberFor<T> {
		T::VetoWindow::get()
	}
}

impl<T: Config> RestakingRewards<T::AccountId, BalanceOf<T>> for Pallet<T> {
	fn reward_operator(
		network: NetworkId,
		operator: &T::AccountId,
		payer: &T::AccountId,
		amount: BalanceOf<T>,
	) -> Result<BalanceOf<T>, DispatchError> {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		let info = Operators::<T>::get(operator).ok_or(Error::<T>::NotOperator)?;
		ensure!(info.allocations.iter().any(|a| a.network == network), Error::<T>::NotOptedIn);
		let mut pool = Pools::<T>::get(operator);
		ensure!(pool.shares > pool.withdrawing_shares, Error::<T>::NoActiveStake);
		// The operator's commission is rounded down; the restakers' part is the rest.
		let commission = info.commission.mul_floor(amount);
		let rest = amount.saturating_sub(commission);
		let distributed = pool.distribute_reward(rest)?;
		if !commission.is_zero() {
			T::Currency::transfer(payer, operator, commission, Preservation::Preserve)?;
		}
		if !rest.is_zero() {
			// All of `rest` goes to the pot; what rounding keeps from the restakers stays there.
			T::Currency::transfer(payer, &Self::reward_pot(), rest, Preservation::Preserve)?;
		}
		Self::put_pool(operator, pool);
		Self::deposit_event(Event::RewardPaid {
			network,
			operator: operator.clone(),
			commission,
			distributed,
		});
		Ok(distributed)
	}

	fn reward_network(
		network: NetworkId,
		payer: &T::AccountId,
		amount: BalanceOf<T>,
	) -> Result<(), DispatchError> {
		Self::do_reward_network(network, payer, amount)
	}
}

/// A runtime-run operator (the index pool) goes through the same checks as an operator's calls.
/// A restaker's active stake, valued from its pool as it is now (O(1): no harvest needed, the
/// stake is what a slash takes from).
impl<T: Config> ssp_primitives::RestakerPositions<T::AccountId, BalanceOf<T>> for Pallet<T> {
	fn position(restaker: &T::AccountId) -> Option<(T::AccountId, BalanceOf<T>)> {
		let rec = Restakers::<T>::get(restaker)?;
		let active = Pools::<T>::get(&rec.operator).value_of(rec.active_shares).unwrap_or_default();
		Some((rec.operator, active))
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn restake_for_benchmarks(
		restaker: &T::AccountId,
		operator: &T::AccountId,
		amount: BalanceOf<T>,
	) {
		use frame_support::traits::fungible::{Inspect, Mutate};
		use sp_staking::StakingInterface;
		let funds = amount.saturating_mul(10u32.into()).max(T::Currency::minimum_balance());
		T::Currency::set_balance(restaker, funds.saturating_add(T::Currency::minimum_balance()));
		let _ = T::Staking::bond(restaker, amount.saturating_mul(2u32.into()), restaker);
		let _ = Pallet::<T>::do_restake(restaker.clone(), operator.clone(), amount);
	}
}

impl<T: Config> ssp_primitives::OperatorControl<T::AccountId> for Pallet<T> {
	fn register(operator: &T::AccountId, commission: Perbill) -> DispatchResult {
		Self::do_register_operator(operator.clone(), commission, Default::default())
	}

	fn is_operator(operator: &T::AccountId) -> bool {
		Operators::<T>::contains_key(operator)
	}

	fn allocations(operator: &T::AccountId) -> Vec<(NetworkId, Perbill, bool)> {
		Operators::<T>::get(operator)
			.map(|info| {
				info.allocations
					.iter()
					.map(|a| (a.network, a.scheduled_magnitude(), a.opting_out_until.is_some()))
					.collect()
			})
			.unwrap_or_default()
	}

	fn opt_in(operator: &T::AccountId, network: NetworkId) -> DispatchResult {
		Self::do_opt_in(operator.clone(), network)
	}

	fn allocate(operator: &T::AccountId, network: NetworkId, magnitude: Perbill) -> DispatchResult {
		Self::do_allocate(operator.clone(), network, magnitude)
	}

	fn opt_out(operator: &T::AccountId, network: NetworkId) -> DispatchResult {
		Self::do_opt_out(operator.clone(), network)
	}

	fn max_networks() -> u32 {
		T::MaxNetworksPerOperator::get()
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn register_network_for_benchmarks(network: NetworkId) {
		T::Networks::register_for_benchmarks(network)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn back_operator_for_benchmarks(operator: &T::AccountId) {
		use frame_support::traits::fungible::{Inspect, Mutate};
		// Enough for an opt-in deposit on every network it may join.
		let deposits = T::OptInDeposit::get()
			.saturating_mul(T::MaxNetworksPerOperator::get().saturating_add(1).into());
		let balance = T::Currency::balance(operator).max(deposits.saturating_mul(2u32.into()));
		T::Currency::set_balance(operator, balance.saturating_add(T::Currency::minimum_balance()));
		crate::benchmarking::add_restakers::<T>(operator, 1)
	}
}

impl<T: Config> NetworkBackers<T::AccountId, BalanceOf<T>> for Pallet<T> {
	/// The stake each operator allocates to `network` now, read from its pool and the
	/// magnitude in effect (a matured decrease or opt-out counts at once, whether or not the
	/// operator was refreshed since). O(`MaxOperatorsPerNetwork` × `MaxNetworksPerOperator`):
	/// one operator record and one pool per entry of the network's bounded operator index. For
	/// views and benchmarks: no dispatchable or hook walks a network's operators.
	fn network_backers(network: NetworkId) -> Vec<(T::AccountId, BalanceOf<T>)> {
		let now = Self::now();
		let mut backers: Vec<(T::AccountId, BalanceOf<T>)> =
			NetworkOperators::<T>::iter_key_prefix(network)
				.filter_map(|op| Self::backing_of(op, network, now))
				.collect();
		// Largest stake first (the order a validator set takes), ties by account.
		backers.sort_by(|(a, x), (b, y)| y.cmp(x).then_with(|| a.cmp(b)));
		backers
	}

	fn backers_page(
		network: NetworkId,
		after: Option<&T::AccountId>,
		limit: u32,
	) -> BackersPage<T::AccountId, BalanceOf<T>> {
		let now = Self::now();
		let mut operators = match after {
			Some(op) => NetworkOperators::<T>::iter_key_prefix_from(
				network,
				NetworkOperators::<T>::hashed_key_for(network, op),
			),
			None => NetworkOperators::<T>::iter_key_prefix(network),
		};
		let mut page = BackersPage { backers: Vec::new(), last: None, visited: 0, done: false };
		while page.visited < limit {
			let Some(op) = operators.next() else {
				page.done = true;
				return page;
			};
			page.visited = page.visited.saturating_add(1);
			page.last = Some(op.clone());
			page.backers.extend(Self::backing_of(op, network, now));
		}
		page.done = operators.next().is_none();
		page
	}

	fn network_stake(network: NetworkId) -> BalanceOf<T> {
		NetworkStake::<T>::get(network)
	}

	fn shared_stake(network: NetworkId) -> BalanceOf<T> {
		NetworkSharedStake::<T>::get(network)
	}

	fn asked_reward(network: NetworkId) -> BalanceOf<T> {
		NetworkAskedReward::<T>::get(network)
	}

	fn total_stake() -> BalanceOf<T> {
		TotalRestaked::<T>::get()
	}

	fn max_backers() -> u32 {
		T::MaxOperatorsPerNetwork::get()
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn back_network_for_benchmarks(network: NetworkId, operators: u32) {
		crate::benchmarking::back_network::<T>(network, operators)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn spread_operator_for_benchmarks(operator: &T::AccountId) {
		crate::benchmarking::spread_operator::<T>(operator)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn add_restakers_for_benchmarks(operator: &T::AccountId, restakers: u32) {
		crate::benchmarking::add_restakers::<T>(operator, restakers)
	}
}

impl<T: Config> Pallet<T> {
	/// `op` with the stake it allocates to `network` at `now` (`None` if it has no allocation
	/// there, or its pool cannot say).
	fn backing_of(
		op: T::AccountId,
		network: NetworkId,
		now: BlockNumberFor<T>,
	) -> Option<(T::AccountId, BalanceOf<T>)> {
		let info = Operators::<T>::get(&op)?;
		let magnitude = info.allocations.iter().find(|a| a.network == network)?.magnitude_at(now);
		let active = Pools::<T>::get(&op).active_stake().ok()?;
		Some((op, magnitude.mul_floor(active)))
	}

	/// A slash in the staking system took `slashed_total` of `stash`'s bonded stake: reduce the
	/// restaked position by the same fraction, rounded up (the funds are already gone; only the
	/// books change here).
	fn on_parent_slash(
		stash: &T::AccountId,
		slashed_active: BalanceOf<T>,
		slashed_unlocking: &BTreeMap<EraIndex, BalanceOf<T>>,
		slashed_total: BalanceOf<T>,
	) -> DispatchResult {
		let Some(mut rec) = Restakers::<T>::get(stash) else {
			return Ok(());
		};
		if slashed_total.is_zero() {
			return Ok(());
		}
		// The bonded stake before the slash. `pallet-staking` notifies before it writes the
		// ledger, so `stake()` is the pre-slash stake; if an implementation notifies after, the
		// lower bound from the arguments makes the fraction larger, never smaller.
		let after =
			slashed_unlocking.values().fold(slashed_active, |acc, v| acc.saturating_add(*v));
		let read = T::Staking::stake(stash).map(|s| s.total).unwrap_or_default();
		let before = read.max(after.saturating_add(slashed_total));
		let mut pool = Pools::<T>::get(&rec.operator);
		let value = pool.value_of(rec.total_shares())?;
		let reduction: BalanceOf<T> =
			crate::pool::from_u128::<BalanceOf<T>>(crate::pool::mul_div(
				crate::pool::to_u128(value),
				crate::pool::to_u128(slashed_total),
				crate::pool::to_u128(before),
				Rounding::Up,
			)?)?
			.min(value);
		if reduction.is_zero() {
			return Ok(());
		}
		Self::accrue(&mut rec, &mut pool)?;
		let shares = pool.shares_for_withdrawal(reduction, rec.total_shares())?;
		let from_active = shares.min(rec.active_shares);
		let from_withdrawing = shares.saturating_sub(from_active);
		let removed = pool.value_of(shares)?;
		pool.remove(shares, from_withdrawing, removed)?;
		rec.active_shares = rec.active_shares.saturating_sub(from_active);
		if let Some(w) = rec.withdrawing.as_mut() {
			w.shares = w.shares.saturating_sub(from_withdrawing);
		}
		if rec.withdrawing.as_ref().is_some_and(|w| w.shares == 0) {
			rec.withdrawing = None;
		}
		// The staking slash came first on the same funds: what the restaker still owes for
		// earlier slashes of the operator (committed above value) shrinks by the same fraction
		// as its bond, so the two slashes together never take more than was bonded, and the
		// freeze never exceeds what is left. A record emptied here is kept until `settle`
		// takes what it still owes.
		let kept = crate::pool::from_u128::<BalanceOf<T>>(crate::pool::mul_div(
			crate::pool::to_u128(rec.committed),
			crate::pool::to_u128(before.saturating_sub(slashed_total)),
			crate::pool::to_u128(before),
			Rounding::Up,
		)?)?;
		let value_after = pool.value_of(rec.total_shares())?;
		let debt_before = rec.committed.saturating_sub(value);
		rec.committed = kept.min(rec.committed).max(value_after);
		let debt_reduced = debt_before.saturating_sub(rec.committed.saturating_sub(value_after));
		let operator = rec.operator.clone();
		Self::store_or_remove(stash, rec, &mut pool)?;
		Self::put_pool(&operator, pool);
		Self::mark_stale(&operator);
		Self::deposit_event(Event::ParentSlashApplied {
			restaker: stash.clone(),
			operator,
			amount: removed,
			debt_reduced,
		});
		Ok(())
	}

	fn on_staking_change(who: &T::AccountId) {
		if SlashingBonded::<T>::get() {
			return;
		}
		if let Err(e) = Self::reconcile(who) {
			defensive!("reconciling a restaker with staking failed", e);
		}
	}

	/// An operator's backing and allocations, as of now.
	pub fn operator_backing(
		operator: &T::AccountId,
	) -> Option<OperatorBacking<BalanceOf<T>, BlockNumberFor<T>>> {
		let info = Operators::<T>::get(operator)?;
		let pool = Pools::<T>::get(operator);
		let active = pool.active_stake().unwrap_or_default();
		let now = Self::now();
		let mut factor: u64 = 0;
		let allocations = info
			.allocations
			.iter()
			.map(|a| {
				let magnitude = a.magnitude_at(now);
				factor = factor.saturating_add(u64::from(magnitude.deconstruct()));
				NetworkAllocation {
					network: a.network,
					magnitude,
					pending: a.pending.filter(|(_, at)| now < *at),
					allocated: magnitude.mul_floor(active),
					opting_out_until: a.opting_out_until,
				}
			})
			.collect();
		Some(OperatorBacking {
			total: pool.stake,
			active,
			restakers: pool.restakers,
			commission: info.commission,
			allocations,
			restaking_factor: factor,
		})
	}

	/// A restaker's position, as if its pending slashes and rewards were settled now.
	pub fn restaker_position(
		who: &T::AccountId,
	) -> Option<RestakerPosition<T::AccountId, BalanceOf<T>, BlockNumberFor<T>>> {
		let rec = Restakers::<T>::get(who)?;
		let pool = Self::pool_after_harvest(&rec.operator);
		let active = pool.value_of(rec.active_shares).unwrap_or_default();
		let all = pool.value_of(rec.total_shares()).unwrap_or_default();
		let earned: BalanceOf<T> =
			reward_since(pool.reward_per_share, rec.reward_checkpoint, rec.active_shares)
				.unwrap_or_default();
		Some(RestakerPosition {
			operator: rec.operator,
			active,
			withdrawing: all.saturating_sub(active),
			unlock_at: rec.withdrawing.map(|w| w.unlock_at),
			pending_slash: rec.committed.saturating_sub(all),
			pending_rewards: rec.unclaimed.saturating_add(earned),
		})
	}

	/// The stake allocated to `network`, summed over operators, as of each operator's last
	/// refresh (every call touching an operator refreshes it; `refresh_operator` does it alone).
	pub fn network_allocated_stake(network: NetworkId) -> BalanceOf<T> {
		NetworkStake::<T>::get(network)
	}

	/// Check the pallet's invariants.
	///
	/// - Each pool's shares, withdrawing shares and restaker count equal the sums over its
	///   restakers; the stake of its restakers (rounded down) is at most the pool's stake, by at
	///   most one unit per restaker.
	/// - Every pool belongs to an operator; every restaker's operator is registered.
	/// - The sum of an operator's magnitudes is within `MaxRestakingFactor`; networks are not
	///   repeated; [`NetworkStake`] is the sum of the operators' contributions.
	/// - The pallet's freeze on each restaker equals its liability, and the account holds at
	///   least that much.
	/// - The reward pot holds every reward owed (claimable by restakers, or paid to a network
	///   and not yet harvested by its operators), above the existential deposit; no allocation's
	///   reward checkpoint is above its network's accumulator, which exists only while the
	///   network has operators.
	/// - The opt-in deposit held from each operator is the sum of its slots' deposits.
	#[cfg(any(feature = "std", feature = "try-runtime", feature = "runtime-benchmarks"))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use sp_runtime::TryRuntimeError;
		struct Sums<B> {
			shares: Shares,
			withdrawing: Shares,
			count: u32,
			value: B,
		}
		let mut sums: BTreeMap<T::AccountId, Sums<BalanceOf<T>>> = BTreeMap::new();
		let mut owed: BalanceOf<T> = Zero::zero();
		for (who, rec) in Restakers::<T>::iter() {
			ensure!(
				Operators::<T>::contains_key(&rec.operator),
				TryRuntimeError::Other("restaker of an unknown operator")
			);
			ensure!(
				rec.total_shares() > 0 || !rec.committed.is_zero(),
				TryRuntimeError::Other("empty restaker record")
			);
			let pool = Pools::<T>::get(&rec.operator);
			let value = pool.value_of(rec.total_shares()).map_err(|_| "value overflow")?;
			let s = sums.entry(rec.operator.clone()).or_insert(Sums {
				shares: 0,
				withdrawing: 0,
				count: 0,
				value: Zero::zero(),
			});
			s.shares = s.shares.saturating_add(rec.total_shares());
			s.withdrawing = s
				.withdrawing
				.saturating_add(rec.withdrawing.as_ref().map(|w| w.shares).unwrap_or_default());
			s.count = s.count.saturating_add(1);
			s.value = s.value.saturating_add(value);
			let frozen =
				<T::Currency as frame_support::traits::fungible::InspectFreeze<_>>::balance_frozen(
					&FreezeReason::Restaked.into(),
					&who,
				);
			ensure!(frozen == rec.committed, TryRuntimeError::Other("freeze != liability"));
			ensure!(
				<T::Currency as frame_support::traits::fungible::Inspect<_>>::total_balance(&who)
					>= rec.committed,
				TryRuntimeError::Other("liability not covered by the account's funds")
			);
			let earned: BalanceOf<T> =
				reward_since(pool.reward_per_share, rec.reward_checkpoint, rec.active_shares)
					.map_err(|_| "reward overflow")?;
			owed = owed.saturating_add(rec.unclaimed).saturating_add(earned);
		}
		let mut pools_total: BalanceOf<T> = Zero::zero();
		for (operator, pool) in Pools::<T>::iter() {
			pools_total = pools_total.saturating_add(pool.stake);
			ensure!(
				Operators::<T>::contains_key(&operator),
				TryRuntimeError::Other("pool of an unknown operator")
			);
			let s = sums.remove(&operator);
			let (shares, withdrawing, count, value) = s
				.map(|s| (s.shares, s.withdrawing, s.count, s.value))
				.unwrap_or((0, 0, 0, Zero::zero()));
			ensure!(pool.shares == shares, TryRuntimeError::Other("pool shares != sum"));
			ensure!(
				pool.withdrawing_shares == withdrawing,
				TryRuntimeError::Other("pool withdrawing shares != sum")
			);
			ensure!(pool.restakers == count, TryRuntimeError::Other("pool restakers != count"));
			ensure!(value <= pool.stake, TryRuntimeError::Other("positions exceed pool stake"));
			ensure!(
				pool.stake.saturating_sub(value) <= BalanceOf::<T>::from(count),
				TryRuntimeError::Other("pool stake exceeds positions by more than rounding")
			);
		}
		ensure!(sums.is_empty(), TryRuntimeError::Other("restakers without a pool"));
		ensure!(
			pools_total == TotalRestaked::<T>::get(),
			TryRuntimeError::Other("TotalRestaked != sum of pool stakes")
		);

		let mut network_sums: BTreeMap<NetworkId, BalanceOf<T>> = BTreeMap::new();
		for (_, info) in Operators::<T>::iter() {
			let mut factor: u64 = 0;
			let mut seen = Vec::new();
			for a in info.allocations.iter() {
				ensure!(
					a.reward_checkpoint <= NetworkRewardPerStake::<T>::get(a.network),
					TryRuntimeError::Other("allocation checkpoint above its network's rewards")
				);
				let unharvested = Self::unharvested(a).map_err(|_| "unharvested overflow")?;
				owed = owed.saturating_add(unharvested);
				ensure!(!seen.contains(&a.network), TryRuntimeError::Other("repeated network"));
				seen.push(a.network);
				factor = factor.saturating_add(u64::from(a.magnitude_for_cap().deconstruct()));
				let e = network_sums.entry(a.network).or_default();
				*e = e.saturating_add(a.contributed);
			}
			ensure!(
				factor <= Self::max_factor_parts(),
				TryRuntimeError::Other("allocations exceed MaxRestakingFactor")
			);
		}
		for network in NetworkRewardPerStake::<T>::iter_keys() {
			ensure!(
				NetworkOperatorCount::<T>::contains_key(network),
				TryRuntimeError::Other("reward accumulator of a network without operators")
			);
		}
		let mut counts: BTreeMap<NetworkId, u32> = BTreeMap::new();
		for (network, op, ()) in NetworkOperators::<T>::iter() {
			ensure!(
				Operators::<T>::get(&op)
					.is_some_and(|i| i.allocations.iter().any(|a| a.network == network)),
				TryRuntimeError::Other("indexed operator not opted into the network")
			);
			let c = counts.entry(network).or_default();
			*c = c.saturating_add(1);
		}
		for (network, count) in NetworkOperatorCount::<T>::iter() {
			ensure!(
				count > 0 && count <= T::MaxOperatorsPerNetwork::get(),
				TryRuntimeError::Other("network operator count out of bounds")
			);
			ensure!(
				counts.remove(&network) == Some(count),
				TryRuntimeError::Other("network operator count != entries of the index")
			);
		}
		ensure!(counts.is_empty(), TryRuntimeError::Other("indexed network without a count"));
		for (op, info) in Operators::<T>::iter() {
			let mut deposits: BalanceOf<T> = Zero::zero();
			for a in info.allocations.iter() {
				ensure!(
					NetworkOperators::<T>::contains_key(a.network, &op),
					TryRuntimeError::Other("opted-in operator missing from the network index")
				);
				deposits = deposits.saturating_add(a.deposit);
			}
			ensure!(
				<T::Currency as frame_support::traits::fungible::InspectHold<_>>::balance_on_hold(
					&HoldReason::OptInDeposit.into(),
					&op,
				) == deposits,
				TryRuntimeError::Other("opt-in deposits held != sum of the operator's slots")
			);
		}
		for (network, stake) in NetworkStake::<T>::iter() {
			ensure!(
				network_sums.remove(&network).unwrap_or_default() == stake,
				TryRuntimeError::Other("network stake != sum of contributions")
			);
		}
		ensure!(
			network_sums.values().all(|v| v.is_zero()),
			TryRuntimeError::Other("contribution to a network without stake record")
		);

		// The shared stake of each network is the sum of its allocations' shared records, each
		// the allocation's contribution, and at most the network's stake.
		let mut shared_sums: BTreeMap<NetworkId, BalanceOf<T>> = BTreeMap::new();
		for (op, network, shared) in SharedContribution::<T>::iter() {
			let contributed = Self::contributed(&op, network);
			ensure!(
				contributed == Some(shared) && !shared.is_zero(),
				TryRuntimeError::Other("shared record != its allocation's contribution")
			);
			let e = shared_sums.entry(network).or_default();
			*e = e.saturating_add(shared);
		}
		for (network, shared) in NetworkSharedStake::<T>::iter() {
			ensure!(
				shared_sums.remove(&network) == Some(shared),
				TryRuntimeError::Other("network shared stake != sum of shared records")
			);
			ensure!(
				shared <= NetworkStake::<T>::get(network),
				TryRuntimeError::Other("network shared stake above its stake")
			);
		}
		ensure!(shared_sums.is_empty(), TryRuntimeError::Other("shared records without a total"));
		Self::check_asks()?;

		// No lost refresh: an operator whose networks do not count its pool as it is now (a
		// slash not yet propagated, a restake not yet refreshed, a change matured) is on the
		// hook's list.
		let now = Self::now();
		let cursor = RefreshCursor::<T>::get().map(|(op, _)| op);
		let booked: Vec<T::AccountId> = Maturing::<T>::iter()
			.filter(|(at, _)| *at <= now)
			.flat_map(|(_, ops)| ops.into_inner())
			.collect();
		for (op, info) in Operators::<T>::iter() {
			let active = Pools::<T>::get(&op).active_stake().map_err(|_| "active overflow")?;
			let shared = Self::allocates_to_several(&info, now);
			let lags = info.allocations.iter().any(|a| {
				let expected_shared = (shared && !a.contributed.is_zero()).then_some(a.contributed);
				a.magnitude_at(now).mul_floor(active) != a.contributed
					|| a.opting_out_until.is_some_and(|until| now >= until)
					|| SharedContribution::<T>::get(&op, a.network) != expected_shared
			});
			ensure!(
				!lags
					|| StaleOperators::<T>::contains_key(&op)
					|| Propagating::<T>::contains_key(&op)
					|| cursor.as_ref() == Some(&op)
					|| booked.contains(&op),
				TryRuntimeError::Other("operator lags its pool but no refresh is due")
			);
		}
		for op in Propagating::<T>::iter_keys() {
			ensure!(
				Operators::<T>::contains_key(&op),
				TryRuntimeError::Other("propagating slash of an unknown operator")
			);
		}

		use frame_support::traits::fungible::Inspect;
		let pot = T::Currency::balance(&Self::reward_pot());
		let needed = owed.saturating_add(T::Currency::minimum_balance());
		ensure!(owed.is_zero() || pot >= needed, TryRuntimeError::Other("reward pot short"));
		Ok(())
	}
}

/// Keeps restaked positions in line with the staking system: a slash there reduces the
/// position pro rata; stake that leaves staking (unbonded and withdrawn) is moved into a
/// withdrawal, still frozen and slashable until `WithdrawalDelay` has passed.
///
/// Wire it as (part of) `pallet_staking::Config::EventListeners`.
impl<T: Config> OnStakingUpdate<T::AccountId, BalanceOf<T>> for Pallet<T> {
	fn on_stake_update(who: &T::AccountId, _prev_stake: Option<Stake<BalanceOf<T>>>) {
		Self::on_staking_change(who);
	}

	fn on_unstake(who: &T::AccountId) {
		Self::on_staking_change(who);
	}

	fn on_withdraw(who: &T::AccountId, _amount: BalanceOf<T>) {
		// `pallet-staking` passes the controller here.
		let stash = T::Staking::stash_by_ctrl(who).unwrap_or_else(|_| who.clone());
		Self::on_staking_change(&stash);
	}

	fn on_slash(
		stash: &T::AccountId,
		slashed_active: BalanceOf<T>,
		slashed_unlocking: &BTreeMap<EraIndex, BalanceOf<T>>,
		slashed_total: BalanceOf<T>,
	) {
		// A slash this pallet makes through `BondedSlasher` is already in its books.
		if SlashingBonded::<T>::get() {
			return;
		}
		if let Err(e) =
			Self::on_parent_slash(stash, slashed_active, slashed_unlocking, slashed_total)
		{
			defensive!("applying a staking slash to a restaked position failed", e);
		}
	}
}
