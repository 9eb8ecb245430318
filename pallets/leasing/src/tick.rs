//! The per-block sweep: at each lease period boundary, every network is visited once, at most
//! `MaxNetworksPerBlock` per block, to pay the periods its lease owes, start or end its lease (or
//! start its renewal), count its lease into the period's market, and retire it once its
//! offboarding is over. The sweep's last page prices the next period.

use crate::*;
use alloc::vec::Vec;
use frame_support::{
	defensive,
	pallet_prelude::*,
	traits::{fungible::MutateHold, tokens::Precision},
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::traits::{Saturating, Zero};
use ssp_primitives::NetworkId;

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
		// A sweep of several pages keeps its running tally between them.
		let mut tally = Tally::<T>::get()
			.filter(|t| t.period == state.period)
			.unwrap_or_else(|| PeriodTally { period: state.period, ..Default::default() });
		let max = T::MaxNetworksPerBlock::get() as usize;
		// The ids are ascending, so `next` is a stable cursor even if a network retires. One id
		// past the page tells whether another page is due: a full last page ends the sweep, so
		// `MaxNetworksPerBlock × LeasePeriod` networks are swept within the period.
		let mut batch: Vec<NetworkId> = NetworkIds::<T>::get()
			.into_iter()
			.filter(|id| *id >= state.next)
			.take(max.saturating_add(1))
			.collect();
		let more = batch.len() > max;
		batch.truncate(max);
		for network in batch.iter() {
			// All or nothing per network: a payment failing after a renewal took over leaves
			// neither half of the swap behind, and the tally counts the network only if it
			// was swept.
			let swept = frame_support::storage::with_storage_layer(|| {
				let mut counted = tally.clone();
				Self::process_network(*network, state.period, now, &mut counted).map(|()| counted)
			});
			match swept {
				Ok(counted) => tally = counted,
				Err(e) => {
					defensive!("sweeping a network failed", e);
				},
			}
		}
		match batch.last() {
			Some(last) if more => {
				state.next = last.saturating_add(1);
				Sweep::<T>::put(state);
				Tally::<T>::put(tally);
			},
			_ => {
				Sweep::<T>::kill();
				SweptPeriod::<T>::put(state.period);
				Tally::<T>::kill();
				Self::close_period(tally);
			},
		}
		T::WeightInfo::on_initialize(batch.len() as u32)
	}

	/// Bring `network` into `period`: pay what its lease owes for the periods before (starting
	/// its renewal when the lease ended), set its status for `period` and count its lease into
	/// the period's `tally`.
	pub(crate) fn process_network(
		network: NetworkId,
		period: LeasePeriodIndex,
		now: BlockNumberFor<T>,
		tally: &mut PeriodTally<BalanceOf<T>>,
	) -> DispatchResult {
		let Some(mut info) = Networks::<T>::get(network) else {
			return Ok(());
		};
		if let Some(mut lease) = Leases::<T>::get(network) {
			Self::pay_due(network, &mut info, &mut lease, period)?;
			if lease.next_unpaid > lease.last_period {
				if let Some(renewal) = Renewals::<T>::take(network) {
					Self::deposit_event(Event::RenewalStarted {
						network,
						first_period: renewal.first_period,
						last_period: renewal.last_period,
						price: renewal.price,
						reward_per_period: renewal.reward_per_period,
					});
					lease = renewal;
					// A sweep that came late may owe the renewal's first periods too.
					Self::pay_due(network, &mut info, &mut lease, period)?;
				}
			}
			if lease.next_unpaid > lease.last_period {
				Leases::<T>::remove(network);
				Self::start_offboarding(network, &mut info);
			} else {
				let status = if lease.first_period <= period {
					Self::count_lease(tally, network, &info, &lease);
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

	/// Pay what `lease` owes for the periods before `period` (`next_unpaid ..= min(period - 1,
	/// last_period)`); when it has paid its last period, release whatever escrow is left (none,
	/// by the books).
	fn pay_due(
		network: NetworkId,
		info: &mut NetworkInfoOf<T>,
		lease: &mut Lease<BalanceOf<T>>,
		period: LeasePeriodIndex,
	) -> DispatchResult {
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
			if let Some(fresh) = Networks::<T>::get(network) {
				*info = fresh;
			}
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
		if lease.next_unpaid > lease.last_period && !lease.escrow.is_zero() {
			defensive!("a finished lease kept escrow");
			T::Currency::release(
				&HoldReason::LeaseEscrow.into(),
				&info.manager,
				lease.escrow,
				Precision::BestEffort,
			)?;
			lease.escrow = Zero::zero();
		}
		Ok(())
	}

	/// Pay `amount` of the manager's escrow to the stake backing `network`, in one payment the
	/// restaking pallet spreads over the network's operators (O(1) in their number); if it
	/// refuses (no stake backs the network), the amount goes back to the manager. Returns
	/// (paid, refunded).
	fn pay_lease(
		network: NetworkId,
		manager: &T::AccountId,
		amount: BalanceOf<T>,
	) -> Result<(BalanceOf<T>, BalanceOf<T>), DispatchError> {
		match Self::pay_network(network, manager, amount) {
			Ok(()) => Ok((amount, Zero::zero())),
			Err(e) => {
				log::debug!(target: LOG_TARGET, "lease payment of network {network} refused: {e:?}");
				T::Currency::release(
					&HoldReason::LeaseEscrow.into(),
					manager,
					amount,
					Precision::Exact,
				)?;
				Ok((Zero::zero(), amount))
			},
		}
	}
}
