//! The answers to [`SecurityApi`](crate::SecurityApi), composed from the state of the three SSP
//! pallets, for any runtime that includes them. A runtime's `impl_runtime_apis!` block delegates
//! each call to the function of the same name here:
//!
//! ```ignore
//! impl ssp_runtime_api::SecurityApi<Block, AccountId, Balance, BlockNumber> for Runtime {
//!     fn networks() -> Vec<ssp_runtime_api::NetworkSecurityOf<Runtime>> {
//!         ssp_runtime_api::compose::networks::<Runtime>()
//!     }
//!     // ... one line for each of the other five calls.
//! }
//! ```
//!
//! Everything here is read-only. [`simulate_slash`] runs the real slash path of the restaking
//! pallet (which notifies the leasing pallet, which recomputes the security figures) inside a
//! storage transaction that is always rolled back: its prediction is what a slash applied in
//! the same state does, by construction, not by a second model of the arithmetic.

use crate::{
	Dependence, NetworkSecurity, OperatorExposure, RestakerPosition, SecurityChange,
	SlashSimulation, SlashTarget, StakeOverlap,
};
use alloc::{collections::btree_map::BTreeMap, vec::Vec};
use frame_support::{
	storage::{with_transaction, TransactionOutcome},
	traits::Get,
};
use frame_system::pallet_prelude::BlockNumberFor;
use pallet_ssp_leasing::{Leases, NetworkIds, Networks, SecurityFigures};
use sp_runtime::{
	traits::{Saturating, Zero},
	DispatchError, Perbill,
};
use ssp_primitives::{NetworkBackers, NetworkId, OperatorJail, RestakingSlash};

/// A runtime with the three SSP pallets, paying and slashing in one currency (the leasing
/// pallet's `Currency` is the restaking pallet's). Every runtime that includes them as the guide
/// shows is one; nothing needs to implement it.
pub trait SspRuntime:
	pallet_ssp_restaking::Config
	+ pallet_ssp_leasing::Config<Currency = <Self as pallet_ssp_restaking::Config>::Currency>
	+ pallet_ssp_slashing::Config
{
}

impl<T> SspRuntime for T where
	T: pallet_ssp_restaking::Config
		+ pallet_ssp_leasing::Config<Currency = <T as pallet_ssp_restaking::Config>::Currency>
		+ pallet_ssp_slashing::Config
{
}

/// The balance of a runtime's SSP pallets.
pub type BalanceOf<T> = pallet_ssp_restaking::BalanceOf<T>;
/// The account id of a runtime.
pub type AccountIdOf<T> = <T as frame_system::Config>::AccountId;
/// A network's security as the API answers it, for a runtime.
pub type NetworkSecurityOf<T> = NetworkSecurity<AccountIdOf<T>, BalanceOf<T>, BlockNumberFor<T>>;
/// An operator's exposure as the API answers it, for a runtime.
pub type OperatorExposureOf<T> = OperatorExposure<AccountIdOf<T>, BalanceOf<T>, BlockNumberFor<T>>;
/// A restaker's position as the API answers it, for a runtime.
pub type RestakerPositionOf<T> = RestakerPosition<AccountIdOf<T>, BalanceOf<T>, BlockNumberFor<T>>;

type Restaking<T> = pallet_ssp_restaking::Pallet<T>;
/// The operators backing one network, with the stake each contributes there.
type BackersOf<T> = BTreeMap<AccountIdOf<T>, BalanceOf<T>>;
type Slashing<T> = pallet_ssp_slashing::Pallet<T>;

/// Every registered network, in id order.
pub fn networks<T: SspRuntime>() -> Vec<NetworkSecurityOf<T>> {
	// `NetworkIds` is kept ascending.
	NetworkIds::<T>::get().into_iter().filter_map(network::<T>).collect()
}

/// One registered network.
pub fn network<T: SspRuntime>(id: NetworkId) -> Option<NetworkSecurityOf<T>> {
	let info = Networks::<T>::get(id)?;
	let lease = Leases::<T>::get(id);
	let reward_per_period = lease.as_ref().map(|l| l.reward_per_period).unwrap_or_default();
	let yield_per_period = share::<T>(reward_per_period, info.security.allocated);
	let operators = pallet_ssp_restaking::NetworkOperatorCount::<T>::get(id);
	let period = <T as pallet_ssp_leasing::Config>::LeasePeriod::get();
	Some(NetworkSecurity {
		network: id,
		manager: info.manager,
		status: info.status,
		fault_threshold: info.fault_threshold,
		max_slash: info.max_slash,
		target: info.min_security_target,
		security: info.security,
		operators,
		reward_per_period,
		yield_per_period,
		lease_end: lease.map(|l| {
			BlockNumberFor::<T>::from(l.last_period.saturating_add(1)).saturating_mul(period)
		}),
	})
}

/// An operator's backing, allocations and the networks that depend on it.
pub fn operator_exposure<T: SspRuntime>(operator: AccountIdOf<T>) -> Option<OperatorExposureOf<T>> {
	let backing = Restaking::<T>::operator_backing(&operator)?;
	let info = pallet_ssp_restaking::Operators::<T>::get(&operator)?;
	let dependents = info
		.allocations
		.iter()
		.map(|a| Dependence {
			network: a.network,
			contributed: a.contributed,
			share_of_network: share::<T>(
				a.contributed,
				Restaking::<T>::network_allocated_stake(a.network),
			),
			jailed: <Slashing<T> as OperatorJail<AccountIdOf<T>>>::is_jailed(&operator, a.network),
		})
		.collect();
	Some(OperatorExposure { operator, backing, dependents })
}

/// A restaker's position as if its pending slashes and rewards were settled now.
pub fn restaker_position<T: SspRuntime>(restaker: AccountIdOf<T>) -> Option<RestakerPositionOf<T>> {
	Restaking::<T>::restaker_position(&restaker)
}

/// Every pair of networks with an operator in common, with the stake both count.
pub fn stake_overlap<T: SspRuntime>() -> Vec<StakeOverlap<BalanceOf<T>>> {
	let backers: Vec<(NetworkId, BackersOf<T>)> = NetworkIds::<T>::get()
		.iter()
		.map(|id| (*id, backers::<T>(*id).into_iter().collect()))
		.collect();
	let mut overlaps = Vec::new();
	for (i, (a, backers_a)) in backers.iter().enumerate() {
		for (b, backers_b) in backers.iter().skip(i.saturating_add(1)) {
			let mut operators: u32 = 0;
			let mut shared = BalanceOf::<T>::zero();
			// Only stake counts: an operator opted into both with nothing allocated to one of
			// them shares nothing.
			for (operator, in_a) in backers_a.iter().filter(|(_, s)| !s.is_zero()) {
				if let Some(in_b) = backers_b.get(operator).filter(|s| !s.is_zero()) {
					operators = operators.saturating_add(1);
					shared = shared.saturating_add(*in_a.min(in_b));
				}
			}
			if operators > 0 {
				overlaps.push(StakeOverlap {
					a: *a,
					b: *b,
					operators,
					shared,
					share_of_a: share::<T>(shared, Restaking::<T>::network_allocated_stake(*a)),
					share_of_b: share::<T>(shared, Restaking::<T>::network_allocated_stake(*b)),
				});
			}
		}
	}
	overlaps
}

/// The cascade of slashing `target` by `fraction`, computed on the real slash path and rolled
/// back: the slashed network's figures as the slash leaves them, and every other network's as
/// the slash's propagation (the restaking pallet's refresh hook) leaves them.
pub fn simulate_slash<T: SspRuntime>(
	target: SlashTarget<AccountIdOf<T>>,
	fraction: Perbill,
) -> Result<SlashSimulation<BalanceOf<T>>, DispatchError> {
	let targets: Vec<(AccountIdOf<T>, NetworkId)> = match target {
		SlashTarget::Operator { operator, network } => alloc::vec![(operator, network)],
		SlashTarget::Network(network) => {
			if !Networks::<T>::contains_key(network) {
				return Err(pallet_ssp_slashing::Error::<T>::UnknownNetwork.into());
			}
			// Operators opted in with nothing allocated have nothing to lose (a slash of them
			// would be refused): the cascade is that of the others.
			backers::<T>(network)
				.into_iter()
				.filter(|(_, stake)| !stake.is_zero())
				.map(|(op, _)| (op, network))
				.collect()
		},
	};
	let before = figures::<T>();
	let (slashed, after) = with_transaction(|| {
		let mut slashed = BalanceOf::<T>::zero();
		for (operator, network) in &targets {
			match <Restaking<T> as RestakingSlash<AccountIdOf<T>, BalanceOf<T>>>::slash_operator(
				operator, *network, fraction,
			) {
				Ok(outcome) => slashed = slashed.saturating_add(outcome.slashed),
				Err(error) => return TransactionOutcome::Rollback(Err(error)),
			}
		}
		// On chain the refresh hook carries the loss to the operators' other networks over
		// the next blocks; here it is carried at once, to show where the cascade ends.
		for (operator, _) in &targets {
			if let Err(error) = Restaking::<T>::refresh_operator_networks(operator) {
				return TransactionOutcome::Rollback(Err(error));
			}
		}
		TransactionOutcome::Rollback(Ok((slashed, figures::<T>())))
	})?;
	let changes = after
		.into_iter()
		.filter_map(|(network, after)| {
			let before = before.get(&network)?.clone();
			if before == after {
				return None;
			}
			let falls_under_target = before.meets_target && !after.meets_target;
			Some(SecurityChange { network, falls_under_target, before, after })
		})
		.collect();
	Ok(SlashSimulation { slashed, changes })
}

/// The operators backing a network, with the stake each contributes.
fn backers<T: SspRuntime>(network: NetworkId) -> Vec<(AccountIdOf<T>, BalanceOf<T>)> {
	<Restaking<T> as NetworkBackers<AccountIdOf<T>, BalanceOf<T>>>::network_backers(network)
}

/// Every network's security figures, by id.
fn figures<T: SspRuntime>() -> BTreeMap<NetworkId, SecurityFigures<BalanceOf<T>>> {
	Networks::<T>::iter().map(|(id, info)| (id, info.security)).collect()
}

/// `part / whole`, zero for an empty whole.
fn share<T: SspRuntime>(part: BalanceOf<T>, whole: BalanceOf<T>) -> Perbill {
	if whole.is_zero() {
		Perbill::zero()
	} else {
		Perbill::from_rational(part, whole)
	}
}
