//! Storage migrations of the leasing pallet.

/// Version 1: a lease records the security it bought and the price locked for its term (leases
/// are bought at a quoted price, no longer for a free reward).
pub mod v1 {
	use crate::*;
	use codec::{Decode, Encode, MaxEncodedLen};
	use frame_support::{
		migrations::VersionedMigration,
		pallet_prelude::*,
		traits::{Get, UncheckedOnRuntimeUpgrade},
	};
	use scale_info::TypeInfo;
	use sp_runtime::{traits::Zero, FixedPointNumber, FixedU128};
	use ssp_primitives::NetworkId;

	/// A lease as storage version 0 kept it: a free reward per period.
	#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
	pub struct OldLease<Balance> {
		/// The first period leased.
		pub first_period: LeasePeriodIndex,
		/// The last period leased.
		pub last_period: LeasePeriodIndex,
		/// Paid each period.
		pub reward_per_period: Balance,
		/// The first period not yet paid.
		pub next_unpaid: LeasePeriodIndex,
		/// Still held.
		pub escrow: Balance,
	}

	/// The old layout of [`crate::Leases`], for the migration and its test.
	pub mod old {
		use super::*;

		/// [`crate::Leases`] at storage version 0.
		#[frame_support::storage_alias]
		pub type Leases<T: Config> =
			StorageMap<Pallet<T>, Twox64Concat, NetworkId, OldLease<BalanceOf<T>>>;
	}

	/// The security a version-0 lease is taken to have bought: its reward at the base price
	/// (rounded down), so that `price × security` never exceeds the reward it keeps paying, and
	/// at most the network's Cost of Corruption now. The cap matters: on the first upgrade the
	/// base price is the floor, and a reward divided by the floor would claim, as demand, far
	/// more stake than the network has (found in review: the market would read 100% utilised
	/// for as long as the old leases run).
	pub fn security_of<T: Config>(
		reward: BalanceOf<T>,
		price: FixedU128,
		coc: BalanceOf<T>,
	) -> BalanceOf<T> {
		price
			.reciprocal()
			.map(|r| r.saturating_mul_int(reward))
			.unwrap_or_else(Zero::zero)
			.min(coc)
	}

	/// Gives each lease the security its reward buys at the base price in effect (the floor,
	/// before any period was priced), at most the network's CoC, and locks that price. Rewards, escrows and periods are
	/// kept: every lease keeps paying what its manager agreed to.
	pub struct InnerMigrateToV1<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for InnerMigrateToV1<T> {
		fn on_runtime_upgrade() -> Weight {
			let price = BasePrice::<T>::get();
			let mut translated: u64 = 0;
			Leases::<T>::translate::<OldLease<BalanceOf<T>>, _>(|network, old| {
				translated = translated.saturating_add(1);
				let coc = Networks::<T>::get(network).map(|i| i.security.coc).unwrap_or_default();
				Some(Lease {
					first_period: old.first_period,
					last_period: old.last_period,
					reward_per_period: old.reward_per_period,
					next_unpaid: old.next_unpaid,
					escrow: old.escrow,
					security: security_of::<T>(old.reward_per_period, price, coc),
					price,
				})
			});
			T::DbWeight::get()
				.reads_writes(translated.saturating_mul(2).saturating_add(1), translated)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<alloc::vec::Vec<u8>, sp_runtime::TryRuntimeError> {
			let leases: alloc::vec::Vec<(NetworkId, OldLease<BalanceOf<T>>)> =
				old::Leases::<T>::iter().collect();
			Ok(leases.encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			let before: alloc::vec::Vec<(NetworkId, OldLease<BalanceOf<T>>)> =
				Decode::decode(&mut &state[..]).map_err(|_| "pre-upgrade state")?;
			ensure!(Leases::<T>::iter().count() == before.len(), "every lease is kept");
			let price = BasePrice::<T>::get();
			for (network, old) in before {
				let new = Leases::<T>::get(network).ok_or("a lease was lost")?;
				ensure!(
					new.first_period == old.first_period
						&& new.last_period == old.last_period
						&& new.reward_per_period == old.reward_per_period
						&& new.next_unpaid == old.next_unpaid
						&& new.escrow == old.escrow,
					"a lease's terms changed"
				);
				ensure!(new.price == price, "the locked price is the base price");
				ensure!(
					new.price.saturating_mul_int(new.security) <= new.reward_per_period,
					"the security costs more than the reward paid"
				);
				let coc = Networks::<T>::get(network).map(|i| i.security.coc).unwrap_or_default();
				ensure!(new.security <= coc, "the security exceeds the network's CoC");
			}
			ensure!(Pallet::<T>::on_chain_storage_version() == 1, "storage version 1");
			Pallet::<T>::do_try_state()
		}
	}

	/// [`InnerMigrateToV1`], run once: from storage version 0 to 1.
	pub type MigrateToV1<T> = VersionedMigration<
		0,
		1,
		InnerMigrateToV1<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}
