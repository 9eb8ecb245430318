//! Trait implementations: the network registry the restaking and slashing pallets consult, the
//! backing-change notifications from the restaking pallet, the slasher origin, queries and
//! `try_state`.

use crate::*;
use core::marker::PhantomData;
use frame_support::traits::EnsureOriginWithArg;
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use sp_runtime::Perbill;
use ssp_primitives::{NetworkId, NetworkRegistry, OnBackingChange};

impl<T: Config> NetworkRegistry for Pallet<T> {
	fn is_registered(network: NetworkId) -> bool {
		Networks::<T>::contains_key(network)
	}

	/// Registered (preparing for a lease) and leased networks accept allocations; offboarding
	/// ones do not, from the block their lease ended.
	fn is_accepting_allocations(network: NetworkId) -> bool {
		Networks::<T>::get(network).is_some_and(|info| {
			matches!(
				info.status,
				NetworkStatus::Registered | NetworkStatus::Active | NetworkStatus::UnderSecured
			)
		})
	}

	fn max_slash_per_offence(network: NetworkId) -> Perbill {
		Networks::<T>::get(network).map(|info| info.max_slash).unwrap_or_default()
	}

	/// Every registered network, and an offboarding one until its `OffboardingDelay` has passed.
	fn has_slashing_authority(network: NetworkId) -> bool {
		Networks::<T>::get(network).is_some_and(|info| match info.status {
			NetworkStatus::Offboarding { until } => Pallet::<T>::now() < until,
			NetworkStatus::Retired => false,
			_ => true,
		})
	}

	fn on_slash_applied(network: NetworkId) {
		Pallet::<T>::note_slash(network);
	}

	/// The reward per period of the network's lease (a renewal takes over only after it).
	fn reward_per_period(network: NetworkId) -> u128 {
		use sp_runtime::traits::UniqueSaturatedInto;
		Leases::<T>::get(network)
			.map(|l| l.reward_per_period.unique_saturated_into())
			.unwrap_or_default()
	}

	/// A lease of the current period only, paying `reward`, without escrow: what an
	/// operator's ask is checked against, and nothing else a benchmark of another pallet runs
	/// reaches.
	#[cfg(feature = "runtime-benchmarks")]
	fn set_reward_for_benchmarks(network: NetworkId, reward: u128) {
		use sp_runtime::{
			traits::{UniqueSaturatedFrom, Zero},
			FixedU128,
		};
		let period = Pallet::<T>::current_period();
		let reward = BalanceOf::<T>::unique_saturated_from(reward);
		Leases::<T>::insert(
			network,
			Lease::unpaid(period, period, reward, Zero::zero(), Zero::zero(), FixedU128::zero()),
		);
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn register_for_benchmarks(network: NetworkId) {
		use sp_runtime::{traits::Zero, FixedU128};
		if Networks::<T>::contains_key(network) {
			return;
		}
		let mut ids = NetworkIds::<T>::get();
		let at = ids.iter().position(|id| *id > network).unwrap_or(ids.len());
		if ids.try_insert(at, network).is_err() {
			return;
		}
		NetworkIds::<T>::put(ids);
		NextNetworkId::<T>::mutate(|n| *n = (*n).max(network.saturating_add(1)));
		let pot = Pallet::<T>::account_id();
		let pfc = 1u32.into();
		Networks::<T>::insert(
			network,
			NetworkInfo {
				manager: pot.clone(),
				slasher: pot,
				deposit: Zero::zero(),
				fault_threshold: Perbill::from_percent(33),
				max_slash: Perbill::one(),
				min_security_target: FixedU128::from_u32(1),
				status: NetworkStatus::Registered,
				security: Pallet::<T>::security_of(
					<T::Restaking as ssp_primitives::NetworkBackers<_, _>>::network_stake(network),
					pfc,
					Perbill::from_percent(33),
					Perbill::one(),
					FixedU128::from_u32(1),
				),
			},
		);
	}
}

/// Keeps each network's security figures from the restaking pallet's notifications, in O(1).
impl<T: Config> OnBackingChange<BalanceOf<T>> for Pallet<T> {
	fn on_backing_change(network: NetworkId, _old_total: BalanceOf<T>, new_total: BalanceOf<T>) {
		// Unknown networks (retired, or never registered) have no figures to keep.
		let Some(mut info) = Networks::<T>::get(network) else {
			return;
		};
		let pfc = info.security.pfc;
		Pallet::<T>::update_security(network, &mut info, new_total, pfc);
		Networks::<T>::insert(network, info);
	}
}

/// The slasher origin of a network: a signed origin of the network's `slasher` account, while
/// the network has slashing authority. `Success` is the slasher account.
///
/// Use it as the slashing pallet's `SlasherOrigin: EnsureOriginWithArg<RuntimeOrigin,
/// NetworkId>`; a production runtime can swap in an origin converted from the child chain's XCM
/// location instead.
pub struct EnsureNetworkSlasher<T>(PhantomData<T>);

impl<T: Config> EnsureOriginWithArg<T::RuntimeOrigin, NetworkId> for EnsureNetworkSlasher<T> {
	type Success = T::AccountId;

	fn try_origin(
		o: T::RuntimeOrigin,
		network: &NetworkId,
	) -> Result<T::AccountId, T::RuntimeOrigin> {
		let slasher = match Networks::<T>::get(network) {
			Some(info) if Pallet::<T>::has_slashing_authority(*network) => info.slasher,
			_ => return Err(o),
		};
		match o.clone().into() {
			Ok(RawOrigin::Signed(who)) if who == slasher => Ok(who),
			_ => Err(o),
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn try_successful_origin(network: &NetworkId) -> Result<T::RuntimeOrigin, ()> {
		Networks::<T>::get(network)
			.map(|info| RawOrigin::Signed(info.slasher).into())
			.ok_or(())
	}
}

/// The manager origin of a network: a signed origin of the network's `manager` account (any
/// status but retired). `Success` is the manager account.
///
/// Use it as the slashing pallet's `ManagerOrigin` (who may un-jail an operator on the network).
pub struct EnsureNetworkManager<T>(PhantomData<T>);

impl<T: Config> EnsureOriginWithArg<T::RuntimeOrigin, NetworkId> for EnsureNetworkManager<T> {
	type Success = T::AccountId;

	fn try_origin(
		o: T::RuntimeOrigin,
		network: &NetworkId,
	) -> Result<T::AccountId, T::RuntimeOrigin> {
		let Some(info) = Networks::<T>::get(network) else {
			return Err(o);
		};
		match o.clone().into() {
			Ok(RawOrigin::Signed(who)) if who == info.manager => Ok(who),
			_ => Err(o),
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn try_successful_origin(network: &NetworkId) -> Result<T::RuntimeOrigin, ()> {
		Networks::<T>::get(network)
			.map(|info| RawOrigin::Signed(info.manager).into())
			.ok_or(())
	}
}

impl<T: Config> Pallet<T> {
	/// A network's status; `Retired` for an id that was registered and is gone, `None` for an
	/// id never assigned.
	pub fn network_status(network: NetworkId) -> Option<NetworkStatus<BlockNumberFor<T>>> {
		match Networks::<T>::get(network) {
			Some(info) => Some(info.status),
			None if network < NextNetworkId::<T>::get() => Some(NetworkStatus::Retired),
			None => None,
		}
	}

	/// A network's security figures, for the runtime API.
	pub fn network_security(network: NetworkId) -> Option<SecurityFigures<BalanceOf<T>>> {
		Networks::<T>::get(network).map(|info| info.security)
	}

	/// Whether the sweep has not reached `network` for the current period yet (its status may
	/// still be the previous period's).
	#[cfg(any(feature = "std", feature = "try-runtime", feature = "runtime-benchmarks"))]
	fn sweep_pending(network: NetworkId) -> bool {
		let period = Self::current_period();
		match Sweep::<T>::get() {
			Some(s) => s.period < period || network >= s.next,
			None => SweptPeriod::<T>::get().is_none_or(|p| p < period),
		}
	}

	/// Check the pallet's invariants.
	///
	/// - [`NetworkIds`] lists exactly the keys of [`Networks`], ascending, all below
	///   [`NextNetworkId`].
	/// - The `NetworkDeposit` hold of each manager equals the deposits of its networks; the
	///   `LeaseEscrow` hold equals the escrow of its networks' leases and renewals; each escrow is
	///   the reward of its unpaid periods, and no lease pays more than its security at its price.
	/// - A renewal starts right after its network's lease and has paid nothing.
	/// - The base price is at least the floor; the market history is in period order; the
	///   tally of a sweep in progress is of the sweep's period.
	/// - Every leased (`Active`/`UnderSecured`) network has a lease covering the current period
	///   (or the sweep has not reached it yet); leases belong to registered networks.
	/// - Each network's security figures are those of its parameters and the stake the restaking
	///   pallet has allocated to it (so no backing change was missed).
	#[cfg(any(feature = "std", feature = "try-runtime", feature = "runtime-benchmarks"))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;
		use frame_support::{
			ensure,
			traits::{fungible::InspectHold, Get},
		};
		use sp_runtime::{
			traits::{Saturating, Zero},
			TryRuntimeError,
		};
		use ssp_primitives::NetworkBackers;

		let ids = NetworkIds::<T>::get();
		ensure!(ids.windows(2).all(|w| w[0] < w[1]), TryRuntimeError::Other("ids not ascending"));
		ensure!(
			ids.len() == Networks::<T>::iter_keys().count(),
			TryRuntimeError::Other("network id list != network records")
		);
		let next = NextNetworkId::<T>::get();
		let period = Self::current_period();
		let mut deposits: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		let mut escrows: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		for id in ids.iter() {
			ensure!(*id < next, TryRuntimeError::Other("network id not yet assigned"));
			let info = Networks::<T>::get(id).ok_or("listed network without record")?;
			let d = deposits.entry(info.manager.clone()).or_default();
			*d = d.saturating_add(info.deposit);
			let lease = Leases::<T>::get(id);
			let renewal = Renewals::<T>::get(id);
			if let Some(r) = &renewal {
				ensure!(
					lease
						.as_ref()
						.is_some_and(|l| r.first_period == l.last_period.saturating_add(1)),
					TryRuntimeError::Other("renewal not right after its lease")
				);
				ensure!(
					r.next_unpaid == r.first_period,
					TryRuntimeError::Other("renewal paid before it started")
				);
			}
			for l in lease.iter().chain(renewal.iter()) {
				let e = escrows.entry(info.manager.clone()).or_default();
				*e = e.saturating_add(l.escrow);
				let unpaid = l.last_period.saturating_add(1).saturating_sub(l.next_unpaid);
				ensure!(
					l.escrow == l.reward_per_period.saturating_mul(unpaid.into()),
					TryRuntimeError::Other("lease escrow != reward of its unpaid periods")
				);
				ensure!(
					sp_runtime::FixedPointNumber::saturating_mul_int(l.price, l.security)
						<= l.reward_per_period,
					TryRuntimeError::Other("a lease pays less than its security costs")
				);
			}
			if info.status.is_leased() {
				let covered = lease.as_ref().is_some_and(|l| {
					l.first_period <= period
						&& (l.last_period >= period || Self::sweep_pending(*id))
				});
				ensure!(covered, TryRuntimeError::Other("leased network without a lease for now"));
				ensure!(
					info.status == Self::leased_status(&info),
					TryRuntimeError::Other("leased status disagrees with the security target")
				);
			}
			ensure!(
				!matches!(info.status, NetworkStatus::Retired),
				TryRuntimeError::Other("retired network stored")
			);
			let expected = Self::security_of(
				T::Restaking::network_stake(*id),
				info.security.pfc,
				info.fault_threshold,
				info.max_slash,
				info.min_security_target,
			);
			ensure!(info.security == expected, TryRuntimeError::Other("stale security figures"));
			ensure!(!info.security.pfc.is_zero(), TryRuntimeError::Other("zero PfC"));
		}
		for (id, _) in Leases::<T>::iter() {
			ensure!(Networks::<T>::contains_key(id), TryRuntimeError::Other("orphan lease"));
		}
		for (id, _) in Renewals::<T>::iter() {
			ensure!(Leases::<T>::contains_key(id), TryRuntimeError::Other("orphan renewal"));
		}
		for (id, _) in NetworkSlashes::<T>::iter() {
			ensure!(Networks::<T>::contains_key(id), TryRuntimeError::Other("orphan slash count"));
		}
		ensure!(
			BasePrice::<T>::get() >= T::Pricing::get().floor,
			TryRuntimeError::Other("base price below the floor")
		);
		ensure!(
			MarketHistory::<T>::get().windows(2).all(|w| w[0].period < w[1].period),
			TryRuntimeError::Other("market history out of order")
		);
		if let Some(tally) = Tally::<T>::get() {
			ensure!(
				Sweep::<T>::get().is_some_and(|s| s.period == tally.period),
				TryRuntimeError::Other("a tally without its sweep")
			);
		}
		for (manager, sum) in deposits.iter() {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::NetworkDeposit.into(), manager) == *sum,
				TryRuntimeError::Other("held deposit != the books")
			);
		}
		// Every lease's manager manages a network, so this covers every escrow hold too.
		for manager in deposits.keys() {
			let sum = escrows.get(manager).copied().unwrap_or_default();
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::LeaseEscrow.into(), manager) == sum,
				TryRuntimeError::Other("held lease escrow != the books")
			);
		}
		Ok(())
	}
}
