//! The logic behind the calls, and the security bookkeeping they share with the hook and the
//! trait impls.

use crate::*;
use frame_support::{
	pallet_prelude::*,
	traits::{
		fungible::MutateHold,
		tokens::{Precision, Restriction},
	},
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{
	traits::{Bounded, CheckedAdd, CheckedMul, One, Saturating, UniqueSaturatedInto, Zero},
	ArithmeticError, FixedPointNumber, FixedU128, Perbill,
};
use ssp_primitives::{market::renewal_cap, NetworkBackers, NetworkId};

impl<T: Config> Pallet<T> {
	pub(crate) fn now() -> BlockNumberFor<T> {
		frame_system::Pallet::<T>::block_number()
	}

	/// The lease period `block` is in.
	pub fn period_of(block: BlockNumberFor<T>) -> LeasePeriodIndex {
		let period = T::LeasePeriod::get().max(One::one());
		(block / period).unique_saturated_into()
	}

	/// The current lease period.
	pub fn current_period() -> LeasePeriodIndex {
		Self::period_of(Self::now())
	}

	/// The security figures of `allocated` stake for a network with these parameters.
	///
	/// `CoC = allocated × fault_threshold × max_slash`, each product rounded down, and
	/// `ratio = CoC / PfC` (saturating at the largest ratio if it overflows).
	pub fn security_of(
		allocated: BalanceOf<T>,
		pfc: BalanceOf<T>,
		fault_threshold: Perbill,
		max_slash: Perbill,
		target: FixedU128,
	) -> SecurityFigures<BalanceOf<T>> {
		let coc = fault_threshold.mul_floor(max_slash.mul_floor(allocated));
		let ratio = FixedU128::checked_from_rational(coc, pfc).unwrap_or(FixedU128::max_value());
		SecurityFigures { allocated, coc, pfc, ratio, meets_target: ratio >= target }
	}

	/// Recompute `info`'s security figures for `allocated` stake and PfC `pfc`, event the
	/// change and any crossing of the target, and move a leased network between `Active` and
	/// `UnderSecured`. O(1).
	pub(crate) fn update_security(
		network: NetworkId,
		info: &mut NetworkInfoOf<T>,
		allocated: BalanceOf<T>,
		pfc: BalanceOf<T>,
	) {
		let old = info.security.clone();
		let new = Self::security_of(
			allocated,
			pfc,
			info.fault_threshold,
			info.max_slash,
			info.min_security_target,
		);
		if new == old {
			return;
		}
		Self::deposit_event(Event::SecurityChanged {
			network,
			allocated: new.allocated,
			old_coc: old.coc,
			new_coc: new.coc,
			pfc: new.pfc,
			ratio: new.ratio,
			meets_target: new.meets_target,
		});
		if old.meets_target && !new.meets_target {
			Self::deposit_event(Event::NetworkUnderSecured {
				network,
				ratio: new.ratio,
				target: info.min_security_target,
			});
		} else if !old.meets_target && new.meets_target {
			Self::deposit_event(Event::NetworkSecured {
				network,
				ratio: new.ratio,
				target: info.min_security_target,
			});
		}
		info.security = new;
		if info.status.is_leased() {
			let status = Self::leased_status(info);
			Self::set_status(network, info, status);
		}
	}

	/// The status of a network whose lease is in effect.
	pub(crate) fn leased_status(info: &NetworkInfoOf<T>) -> NetworkStatus<BlockNumberFor<T>> {
		if info.security.meets_target {
			NetworkStatus::Active
		} else {
			NetworkStatus::UnderSecured
		}
	}

	/// Set `info`'s status, evented if it changes.
	pub(crate) fn set_status(
		network: NetworkId,
		info: &mut NetworkInfoOf<T>,
		status: NetworkStatus<BlockNumberFor<T>>,
	) {
		if info.status != status {
			info.status = status.clone();
			Self::deposit_event(Event::StatusChanged { network, status });
		}
	}

	/// The network's record, if `who` (when given) is its manager.
	fn managed(
		who: Option<&T::AccountId>,
		network: NetworkId,
	) -> Result<NetworkInfoOf<T>, DispatchError> {
		let info = Networks::<T>::get(network).ok_or(Error::<T>::UnknownNetwork)?;
		if let Some(who) = who {
			ensure!(&info.manager == who, Error::<T>::NotManager);
		}
		Ok(info)
	}

	pub(crate) fn do_register_network(
		manager: T::AccountId,
		slasher: T::AccountId,
		fault_threshold: Perbill,
		max_slash: Perbill,
		pfc: BalanceOf<T>,
		min_security_target: FixedU128,
	) -> Result<NetworkId, DispatchError> {
		ensure!(!pfc.is_zero(), Error::<T>::ZeroPfc);
		ensure!(!fault_threshold.is_zero(), Error::<T>::ZeroFaultThreshold);
		ensure!(
			fault_threshold * max_slash >= T::MinSecurityPerStake::get(),
			Error::<T>::SecurityPerStakeTooLow
		);
		ensure!(min_security_target >= FixedU128::one(), Error::<T>::TargetBelowOne);
		let network = NextNetworkId::<T>::get();
		let next = network.checked_add(1).ok_or(ArithmeticError::Overflow)?;
		let mut ids = NetworkIds::<T>::get();
		ids.try_push(network).map_err(|_| Error::<T>::TooManyNetworks)?;
		let deposit = T::NetworkDeposit::get();
		T::Currency::hold(&HoldReason::NetworkDeposit.into(), &manager, deposit)
			.map_err(|_| Error::<T>::InsufficientFunds)?;
		// Operators may have opted in before (a registry swap): start from the stake there is.
		let allocated = T::Restaking::network_stake(network);
		let security =
			Self::security_of(allocated, pfc, fault_threshold, max_slash, min_security_target);
		Networks::<T>::insert(
			network,
			NetworkInfo {
				manager: manager.clone(),
				slasher: slasher.clone(),
				deposit,
				fault_threshold,
				max_slash,
				min_security_target,
				status: NetworkStatus::Registered,
				security,
			},
		);
		NetworkIds::<T>::put(ids);
		NextNetworkId::<T>::put(next);
		Self::deposit_event(Event::NetworkRegistered { network, manager, slasher, deposit });
		Ok(network)
	}

	pub(crate) fn do_set_pfc(
		manager: Option<T::AccountId>,
		network: NetworkId,
		pfc: BalanceOf<T>,
	) -> DispatchResult {
		let mut info = Self::managed(manager.as_ref(), network)?;
		ensure!(!pfc.is_zero(), Error::<T>::ZeroPfc);
		let old = info.security.pfc;
		let allocated = info.security.allocated;
		Self::update_security(network, &mut info, allocated, pfc);
		Networks::<T>::insert(network, info);
		Self::deposit_event(Event::PfcUpdated { network, old, new: pfc });
		Ok(())
	}

	pub(crate) fn do_set_slasher(
		who: T::AccountId,
		network: NetworkId,
		slasher: T::AccountId,
	) -> DispatchResult {
		let mut info = Self::managed(Some(&who), network)?;
		info.slasher = slasher.clone();
		Networks::<T>::insert(network, info);
		Self::deposit_event(Event::SlasherChanged { network, slasher });
		Ok(())
	}

	pub(crate) fn do_lease_security(
		who: T::AccountId,
		network: NetworkId,
		first_period: LeasePeriodIndex,
		periods: u32,
		security: BalanceOf<T>,
		max_price: FixedU128,
	) -> DispatchResult {
		let info = Self::managed(Some(&who), network)?;
		ensure!(!security.is_zero(), Error::<T>::ZeroSecurity);
		let quote = Self::quote_for(network, &info, security, periods)?;
		ensure!(quote.price <= max_price, Error::<T>::PriceAboveMax);
		Self::do_lease_at(who, network, first_period, periods, security, quote.price)
	}

	/// Lease `security` for `network` at `price` (the quote, or the genesis base price).
	pub(crate) fn do_lease_at(
		who: T::AccountId,
		network: NetworkId,
		first_period: LeasePeriodIndex,
		periods: u32,
		security: BalanceOf<T>,
		price: FixedU128,
	) -> DispatchResult {
		let mut info = Self::managed(Some(&who), network)?;
		ensure!(
			!matches!(info.status, NetworkStatus::Offboarding { .. }),
			Error::<T>::NetworkOffboarding
		);
		ensure!(!Leases::<T>::contains_key(network), Error::<T>::LeaseOverlaps);
		ensure!(!security.is_zero(), Error::<T>::ZeroSecurity);
		ensure!(periods > 0, Error::<T>::ZeroPeriods);
		let now = Self::current_period();
		ensure!(first_period >= now, Error::<T>::LeaseInPast);
		let last_period = first_period
			.checked_add(periods.saturating_sub(1))
			.ok_or(ArithmeticError::Overflow)?;
		// Counted from now, so a lease far in the future cannot lock the network up for longer.
		ensure!(
			last_period.saturating_sub(now) < T::MaxLeasePeriods::get(),
			Error::<T>::TooManyPeriods
		);
		let (reward_per_period, escrow) = Self::cost(price, security, periods)?;
		ensure!(!reward_per_period.is_zero(), Error::<T>::ZeroReward);
		T::Currency::hold(&HoldReason::LeaseEscrow.into(), &who, escrow)
			.map_err(|_| Error::<T>::InsufficientFunds)?;
		Leases::<T>::insert(
			network,
			Lease::unpaid(first_period, last_period, reward_per_period, escrow, security, price),
		);
		if first_period <= now {
			let status = Self::leased_status(&info);
			Self::set_status(network, &mut info, status);
			Networks::<T>::insert(network, info);
		}
		Self::deposit_event(Event::LeaseFunded {
			network,
			first_period,
			last_period,
			security,
			price,
			reward_per_period,
			escrow,
		});
		Ok(())
	}

	pub(crate) fn do_extend_lease(
		who: T::AccountId,
		network: NetworkId,
		periods: u32,
		max_price: FixedU128,
	) -> DispatchResult {
		let info = Self::managed(Some(&who), network)?;
		ensure!(
			!matches!(info.status, NetworkStatus::Offboarding { .. }),
			Error::<T>::NetworkOffboarding
		);
		let mut lease = Leases::<T>::get(network).ok_or(Error::<T>::NoLease)?;
		ensure!(!Renewals::<T>::contains_key(network), Error::<T>::RenewalPending);
		ensure!(periods > 0, Error::<T>::ZeroPeriods);
		let last_period =
			lease.last_period.checked_add(periods).ok_or(ArithmeticError::Overflow)?;
		ensure!(
			last_period.saturating_sub(Self::current_period()) < T::MaxLeasePeriods::get(),
			Error::<T>::TooManyPeriods
		);
		// The quote, but never more than the locked price bumped (or the floor).
		let cap = renewal_cap(lease.price, T::RenewalBump::get(), T::Pricing::get().floor);
		let price = Self::quote_for(network, &info, lease.security, periods)?.price.min(cap);
		ensure!(price <= max_price, Error::<T>::PriceAboveMax);
		// At the locked price the lease is lengthened in place and keeps its own reward per
		// period (a migrated lease's reward is not exactly its price × security).
		let in_place = price == lease.price;
		let (reward_per_period, added) = if in_place {
			let added = lease
				.reward_per_period
				.checked_mul(&BalanceOf::<T>::from(periods))
				.ok_or(ArithmeticError::Overflow)?;
			(lease.reward_per_period, added)
		} else {
			Self::cost(price, lease.security, periods)?
		};
		ensure!(!reward_per_period.is_zero(), Error::<T>::ZeroReward);
		T::Currency::hold(&HoldReason::LeaseEscrow.into(), &who, added)
			.map_err(|_| Error::<T>::InsufficientFunds)?;
		if in_place {
			lease.last_period = last_period;
			lease.escrow = lease.escrow.checked_add(&added).ok_or(ArithmeticError::Overflow)?;
			Leases::<T>::insert(network, lease);
		} else {
			let first_period = lease.last_period.saturating_add(1);
			Renewals::<T>::insert(
				network,
				Lease::unpaid(
					first_period,
					last_period,
					reward_per_period,
					added,
					lease.security,
					price,
				),
			);
		}
		Self::deposit_event(Event::LeaseExtended {
			network,
			last_period,
			price,
			reward_per_period,
			added,
		});
		Ok(())
	}

	pub(crate) fn do_deregister_network(who: T::AccountId, network: NetworkId) -> DispatchResult {
		let mut info = Self::managed(Some(&who), network)?;
		ensure!(
			!matches!(info.status, NetworkStatus::Offboarding { .. }),
			Error::<T>::NetworkOffboarding
		);
		ensure!(!Leases::<T>::contains_key(network), Error::<T>::LeaseActive);
		Self::start_offboarding(network, &mut info);
		Networks::<T>::insert(network, info);
		Ok(())
	}

	/// Stop new allocations at once; keep slashing authority for `OffboardingDelay`.
	pub(crate) fn start_offboarding(network: NetworkId, info: &mut NetworkInfoOf<T>) {
		let until = Self::now().saturating_add(T::OffboardingDelay::get());
		Self::set_status(network, info, NetworkStatus::Offboarding { until });
		Self::deposit_event(Event::NetworkOffboarding { network, until });
	}

	/// Return the deposit and remove the network's storage.
	pub(crate) fn retire(network: NetworkId, info: NetworkInfoOf<T>) -> DispatchResult {
		let deposit = T::Currency::release(
			&HoldReason::NetworkDeposit.into(),
			&info.manager,
			info.deposit,
			Precision::BestEffort,
		)?;
		Networks::<T>::remove(network);
		Leases::<T>::remove(network);
		Renewals::<T>::remove(network);
		NetworkSlashes::<T>::remove(network);
		NetworkIds::<T>::mutate(|ids| ids.retain(|id| *id != network));
		Self::deposit_event(Event::NetworkRetired { network, deposit });
		Ok(())
	}

	/// Move `amount` of the manager's lease escrow into the pallet's account and pay it to the
	/// stake backing `network`. Nothing changes if the restaking pallet refuses the payment.
	pub(crate) fn pay_network(
		network: NetworkId,
		manager: &T::AccountId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		frame_support::storage::with_storage_layer(|| {
			let pot = Self::account_id();
			T::Currency::transfer_on_hold(
				&HoldReason::LeaseEscrow.into(),
				manager,
				&pot,
				amount,
				Precision::Exact,
				Restriction::Free,
				frame_support::traits::tokens::Fortitude::Polite,
			)?;
			<T::Restaking as ssp_primitives::RestakingRewards<_, _>>::reward_network(
				network, &pot, amount,
			)
		})
	}
}
