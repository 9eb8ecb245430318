//! The per-block sweep: at each lease period boundary, every network is visited once, at most
//! `MaxNetworksPerBlock` per block, to pay the periods its lease owes, start or end its lease, and
//! retire it once its offboarding is over.

use crate::*;
use alloc::vec::Vec;
use frame_support::{
	defensive,
	pallet_prelude::*,
	traits::{fungible::MutateHold, tokens::Precision},
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{
	helpers_128bit::multiply_by_rational_with_rounding,
	traits::{Saturating, UniqueSaturatedInto, Zero},
	Rounding,
};
use ssp_primitives::{NetworkBackers, NetworkId};

impl<T: Config> Pallet<T> {
	/// Run one page of the sweep of the current period, if it is not done yet.
	pub(crate) fn sweep(now: BlockNumberFor<T>) -> Weight {
		let period = Self::period_of(now);
		let mut state = match Sweep::<T>::get() {
			Some(state) => state,
			None if SweptPeriod::<T>::get().is_some_and(|p| p >= period) => {
				return T::WeightInfo::on_initialize(0)
			},
			None => SweepState { period, next: 0 },
		};
		let max = T::MaxNetworksPerBlock::get() as usize;
		// The ids are ascending, so `next` is a stable cursor even if a network retires.
		let batch: Vec<NetworkId> = NetworkIds::<T>::get()
			.into_iter()
			.filter(|id| *id >= state.next)
			.take(max)
			.collect();
		for network in batch.iter() {
			if let Err(e) = Self::process_network(*network, state.period, now) {
				defensive!("sweeping a network failed", e);
			}
		}
		match batch.last() {
			Some(last) if batch.len() == max => {
				state.next = last.saturating_add(1);
				Sweep::<T>::put(state);
			},
			_ => {
				Sweep::<T>::kill();
				SweptPeriod::<T>::put(state.period);
			},
		}
		T::WeightInfo::on_initialize(batch.len() as u32)
	}

	/// Bring `network` into `period`: pay what its lease owes for the periods before, then set
	/// its status for `period`.
	pub(crate) fn process_network(
		network: NetworkId,
		period: LeasePeriodIndex,
		now: BlockNumberFor<T>,
	) -> DispatchResult {
		let Some(mut info) = Networks::<T>::get(network) else {
			return Ok(());
		};
		if let Some(mut lease) = Leases::<T>::get(network) {
			// Periods `next_unpaid ..= min(period - 1, last_period)` are over and unpaid.
			let due_until = period.saturating_sub(1).min(lease.last_period);
			if period > 0 && lease.next_unpaid <= due_until {
				let periods = due_until.saturating_sub(lease.next_unpaid).saturating_add(1);
				let amount = lease
					.reward_per_period
					.saturating_mul(BalanceOf::<T>::from(periods))
					.min(lease.escrow);
				let (paid, refunded) = Self::pay_lease(network, &info.manager, amount)?;
				// The payout runs through the restaking pallet: re-read in case it notified a
				// backing change meanwhile.
				info = Networks::<T>::get(network).unwrap_or(info);
				Self::deposit_event(Event::LeasePaid {
					network,
					first_period: lease.next_unpaid,
					periods,
					paid,
					refunded,
				});
				lease.escrow = lease.escrow.saturating_sub(amount);
				lease.next_unpaid = due_until.saturating_add(1);
			}
			if lease.next_unpaid > lease.last_period {
				// The lease ended: whatever escrow is left (none, by the books) goes back.
				if !lease.escrow.is_zero() {
					defensive!("a finished lease kept escrow");
					T::Currency::release(
						&HoldReason::LeaseEscrow.into(),
						&info.manager,
						lease.escrow,
						Precision::BestEffort,
					)?;
				}
				Leases::<T>::remove(network);
				Self::start_offboarding(network, &mut info);
			} else {
				let status = if lease.first_period <= period {
					Self::leased_status(&info)
				} else {
					NetworkStatus::Registered
				};
				Self::set_status(network, &mut info, status);
				Leases::<T>::insert(network, lease);
			}
			Networks::<T>::insert(network, info);
		} else if let NetworkStatus::Offboarding { until } = info.status {
			if now >= until {
				Self::retire(network, info)?;
			}
		}
		Ok(())
	}

	/// Pay `amount` of the manager's escrow to the operators backing `network`, pro rata to the
	/// stake each contributes (rounded down); what cannot be paid goes back to the manager.
	/// Returns (paid, refunded). O(`MaxOperatorsPerNetwork`).
	fn pay_lease(
		network: NetworkId,
		manager: &T::AccountId,
		amount: BalanceOf<T>,
	) -> Result<(BalanceOf<T>, BalanceOf<T>), DispatchError> {
		let backers = T::Restaking::network_backers(network);
		let total: u128 = backers
			.iter()
			.map(|(_, stake)| UniqueSaturatedInto::<u128>::unique_saturated_into(*stake))
			.fold(0u128, |a, b| a.saturating_add(b));
		let mut paid: BalanceOf<T> = Zero::zero();
		if total > 0 {
			let amount_u128: u128 = amount.unique_saturated_into();
			for (operator, stake) in backers.iter() {
				let share = multiply_by_rational_with_rounding(
					amount_u128,
					(*stake).unique_saturated_into(),
					total,
					Rounding::Down,
				)
				.and_then(|s| BalanceOf::<T>::try_from(s).ok())
				.unwrap_or_default();
				if share.is_zero() {
					continue;
				}
				match Self::pay_operator(network, manager, operator, share) {
					Ok(()) => paid = paid.saturating_add(share),
					Err(e) => {
						log::debug!(target: LOG_TARGET, "payout to an operator failed: {e:?}");
						Self::deposit_event(Event::OperatorPayoutFailed {
							network,
							operator: operator.clone(),
							amount: share,
						});
					},
				}
			}
		}
		let refunded = amount.saturating_sub(paid);
		if !refunded.is_zero() {
			T::Currency::release(
				&HoldReason::LeaseEscrow.into(),
				manager,
				refunded,
				Precision::Exact,
			)?;
		}
		Ok((paid, refunded))
	}
}
