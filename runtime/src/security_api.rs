//! The runtime's answers to [`ssp_runtime_api::SecurityApi`]: the state of the three SSP pallets
//! composed into the figures a restaker, an operator or a child network compares.
//!
//! Everything here is read-only. `simulate_slash` runs the real slash path of the restaking
//! pallet (which notifies the leasing pallet, which recomputes the security figures) inside a
//! storage transaction that is always rolled back: its prediction is what a slash applied in
//! the same state does, by construction, not by a second model of the arithmetic.

use crate::{configs::LEASE_PERIOD, AccountId, Balance, BlockNumber, Restaking, Runtime, Slashing};
use alloc::{collections::btree_map::BTreeMap, vec::Vec};
use frame_support::storage::{with_transaction, TransactionOutcome};
use pallet_ssp_leasing::{Leases, NetworkIds, Networks, SecurityFigures};
use sp_runtime::{DispatchError, Perbill};
use ssp_primitives::{NetworkBackers, NetworkId, OperatorJail, RestakingSlash};
use ssp_runtime_api::{
	Dependence, NetworkSecurity, OperatorExposure, RestakerPosition, SecurityChange,
	SlashSimulation, SlashTarget, StakeOverlap,
};

/// A network's security as the API answers it.
pub type NetworkSecurityOf = NetworkSecurity<AccountId, Balance, BlockNumber>;

/// Every registered network, in id order.
pub fn networks() -> Vec<NetworkSecurityOf> {
	// `NetworkIds` is kept ascending.
	NetworkIds::<Runtime>::get().into_iter().filter_map(network).collect()
}

/// One registered network.
pub fn network(id: NetworkId) -> Option<NetworkSecurityOf> {
	let info = Networks::<Runtime>::get(id)?;
	let lease = Leases::<Runtime>::get(id);
	let reward_per_period = lease.as_ref().map(|l| l.reward_per_period).unwrap_or_default();
	let yield_per_period = share(reward_per_period, info.security.allocated);
	let operators = pallet_ssp_restaking::NetworkOperatorCount::<Runtime>::get(id);
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
		lease_end: lease.map(|l| l.last_period.saturating_add(1).saturating_mul(LEASE_PERIOD)),
	})
}

/// An operator's backing, allocations and the networks that depend on it.
pub fn operator_exposure(
	operator: AccountId,
) -> Option<OperatorExposure<AccountId, Balance, BlockNumber>> {
	let backing = Restaking::operator_backing(&operator)?;
	let info = pallet_ssp_restaking::Operators::<Runtime>::get(&operator)?;
	let dependents = info
		.allocations
		.iter()
		.map(|a| Dependence {
			network: a.network,
			contributed: a.contributed,
			share_of_network: share(a.contributed, Restaking::network_allocated_stake(a.network)),
			jailed: <Slashing as OperatorJail<AccountId>>::is_jailed(&operator, a.network),
		})
		.collect();
	Some(OperatorExposure { operator, backing, dependents })
}

/// A restaker's position as if its pending slashes and rewards were settled now.
pub fn restaker_position(
	restaker: AccountId,
) -> Option<RestakerPosition<AccountId, Balance, BlockNumber>> {
	Restaking::restaker_position(&restaker)
}

/// Every pair of networks with an operator in common, with the stake both count.
pub fn stake_overlap() -> Vec<StakeOverlap<Balance>> {
	let backers: Vec<(NetworkId, BTreeMap<AccountId, Balance>)> = NetworkIds::<Runtime>::get()
		.iter()
		.map(|id| (*id, Restaking::network_backers(*id).into_iter().collect()))
		.collect();
	let mut overlaps = Vec::new();
	for (i, (a, backers_a)) in backers.iter().enumerate() {
		for (b, backers_b) in backers.iter().skip(i.saturating_add(1)) {
			let mut operators: u32 = 0;
			let mut shared: Balance = 0;
			for (operator, in_a) in backers_a {
				if let Some(in_b) = backers_b.get(operator) {
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
					share_of_a: share(shared, Restaking::network_allocated_stake(*a)),
					share_of_b: share(shared, Restaking::network_allocated_stake(*b)),
				});
			}
		}
	}
	overlaps
}

/// The cascade of slashing `target` by `fraction`, computed on the real slash path and rolled
/// back: the slashed network's figures as the slash leaves them, and every other network's as
/// the slash's propagation (the restaking pallet's refresh hook) leaves them.
pub fn simulate_slash(
	target: SlashTarget<AccountId>,
	fraction: Perbill,
) -> Result<SlashSimulation<Balance>, DispatchError> {
	let targets: Vec<(AccountId, NetworkId)> = match target {
		SlashTarget::Operator { operator, network } => alloc::vec![(operator, network)],
		SlashTarget::Network(network) => {
			if !Networks::<Runtime>::contains_key(network) {
				return Err(pallet_ssp_slashing::Error::<Runtime>::UnknownNetwork.into());
			}
			Restaking::network_backers(network)
				.into_iter()
				.map(|(op, _)| (op, network))
				.collect()
		},
	};
	let before = figures();
	let (slashed, after) = with_transaction(|| {
		let mut slashed: Balance = 0;
		for (operator, network) in &targets {
			match <Restaking as RestakingSlash<AccountId, Balance>>::slash_operator(
				operator, *network, fraction,
			) {
				Ok(outcome) => slashed = slashed.saturating_add(outcome.slashed),
				Err(error) => return TransactionOutcome::Rollback(Err(error)),
			}
		}
		// On chain the refresh hook carries the loss to the operators' other networks over
		// the next blocks; here it is carried at once, to show where the cascade ends.
		for (operator, _) in &targets {
			if let Err(error) = Restaking::refresh_operator_networks(operator) {
				return TransactionOutcome::Rollback(Err(error));
			}
		}
		TransactionOutcome::Rollback(Ok((slashed, figures())))
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

/// Every network's security figures, by id.
fn figures() -> BTreeMap<NetworkId, SecurityFigures<Balance>> {
	Networks::<Runtime>::iter().map(|(id, info)| (id, info.security)).collect()
}

/// `part / whole`, zero for an empty whole.
fn share(part: Balance, whole: Balance) -> Perbill {
	if whole == 0 {
		Perbill::zero()
	} else {
		Perbill::from_rational(part, whole)
	}
}
