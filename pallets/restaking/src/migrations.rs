//! Storage migrations of the restaking pallet.

/// Version 1: each allocation keeps a checkpoint of its network's lease rewards
/// ([`crate::NetworkRewardPerStake`]), so that a network pays all its operators in O(1); the
/// per-network operator index is one entry per (network, operator) with a count beside it, so
/// that opting in or out costs the same whatever the number of the network's operators.
pub mod v1 {
	use crate::*;
	use codec::{Decode, Encode, MaxEncodedLen};
	use frame_support::{
		migrations::VersionedMigration,
		pallet_prelude::*,
		traits::{Get, UncheckedOnRuntimeUpgrade},
	};
	use frame_system::pallet_prelude::BlockNumberFor;
	use scale_info::TypeInfo;
	use sp_runtime::{traits::Zero, FixedU128, Perbill};
	use ssp_primitives::NetworkId;

	/// An allocation as storage version 0 kept it.
	#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
	pub struct OldAllocation<Balance, BlockNumber> {
		/// The network.
		pub network: NetworkId,
		/// The magnitude in effect.
		pub magnitude: Perbill,
		/// A scheduled magnitude.
		pub pending: Option<(Perbill, BlockNumber)>,
		/// Set while opting out.
		pub opting_out_until: Option<BlockNumber>,
		/// The stake contributed to the network.
		pub contributed: Balance,
		/// The opt-in deposit held.
		pub deposit: Balance,
	}

	/// An operator as storage version 0 kept it.
	#[derive(Encode, Decode, TypeInfo, MaxEncodedLen)]
	#[scale_info(skip_type_params(T))]
	pub struct OldOperator<T: Config> {
		/// Commission.
		pub commission: Perbill,
		/// Metadata.
		pub metadata: BoundedVec<u8, T::MaxMetadataLen>,
		/// Allocations, without reward checkpoints.
		pub allocations:
			BoundedVec<OldAllocation<BalanceOf<T>, BlockNumberFor<T>>, T::MaxNetworksPerOperator>,
	}

	/// The old layout of [`crate::Operators`], for the migration and its test.
	pub mod old {
		use super::*;

		/// [`crate::Operators`] at storage version 0 (an alias is named after its storage).
		#[frame_support::storage_alias]
		pub type Operators<T: Config> = StorageMap<
			Pallet<T>,
			Blake2_128Concat,
			<T as frame_system::Config>::AccountId,
			OldOperator<T>,
		>;

		/// [`crate::NetworkOperators`] at storage version 0: one bounded list per network.
		#[frame_support::storage_alias]
		pub type NetworkOperators<T: Config> = StorageMap<
			Pallet<T>,
			Twox64Concat,
			NetworkId,
			BoundedVec<
				<T as frame_system::Config>::AccountId,
				<T as Config>::MaxOperatorsPerNetwork,
			>,
		>;
	}

	/// Adds a zero reward checkpoint to every allocation: no network has paid through
	/// [`crate::NetworkRewardPerStake`] before this version, so zero is its value everywhere.
	pub struct InnerMigrateToV1<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for InnerMigrateToV1<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut translated: u64 = 0;
			Operators::<T>::translate::<OldOperator<T>, _>(|_, old| {
				translated = translated.saturating_add(1);
				let allocations = old
					.allocations
					.into_iter()
					.map(|a| Allocation {
						network: a.network,
						magnitude: a.magnitude,
						pending: a.pending,
						opting_out_until: a.opting_out_until,
						contributed: a.contributed,
						deposit: a.deposit,
						reward_checkpoint: FixedU128::zero(),
					})
					.collect::<alloc::vec::Vec<_>>();
				Some(Operator {
					commission: old.commission,
					metadata: old.metadata,
					// The same bound as before: nothing is cut.
					allocations: BoundedVec::truncate_from(allocations),
				})
			});
			// The old lists share the storage prefix of the new index: take them all out first.
			let lists: alloc::vec::Vec<_> = old::NetworkOperators::<T>::drain().collect();
			let mut writes: u64 = 0;
			for (network, ops) in lists.iter() {
				NetworkOperatorCount::<T>::insert(network, ops.len() as u32);
				for op in ops.iter() {
					NetworkOperators::<T>::insert(network, op, ());
				}
				writes = writes.saturating_add(ops.len() as u64).saturating_add(2);
			}
			T::DbWeight::get().reads_writes(
				translated.saturating_add(lists.len() as u64),
				translated.saturating_add(writes),
			)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<alloc::vec::Vec<u8>, sp_runtime::TryRuntimeError> {
			let operators = old::Operators::<T>::iter().count() as u64;
			let allocations: u64 =
				old::Operators::<T>::iter().map(|(_, o)| o.allocations.len() as u64).sum();
			let indexed: u64 =
				old::NetworkOperators::<T>::iter().map(|(_, ops)| ops.len() as u64).sum();
			Ok((operators, allocations, indexed).encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			let (operators, allocations, indexed): (u64, u64, u64) =
				Decode::decode(&mut &state[..]).map_err(|_| "pre-upgrade state")?;
			ensure!(
				NetworkOperators::<T>::iter().count() as u64 == indexed,
				"every indexed operator is kept"
			);
			ensure!(Operators::<T>::iter().count() as u64 == operators, "every operator is kept");
			let mut after = 0u64;
			for (_, info) in Operators::<T>::iter() {
				for a in info.allocations.iter() {
					ensure!(a.reward_checkpoint.is_zero(), "checkpoints start at zero");
					after = after.saturating_add(1);
				}
			}
			ensure!(after == allocations, "every allocation is kept");
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

/// Version 2: each network's shared stake (`NetworkSharedStake`, kept from each allocation's
/// `SharedContribution`) is filled at each operator's refresh. An upgraded chain has none: the
/// migration marks every operator stale, so the refresh hook fills it over the next blocks (a
/// few operators a block, as after any restake), and `refresh_operator` sooner.
pub mod v2 {
	use crate::*;
	use frame_support::{
		migrations::VersionedMigration,
		pallet_prelude::*,
		traits::{Get, UncheckedOnRuntimeUpgrade},
	};

	/// Marks every operator stale. One write per operator.
	pub struct InnerMigrateToV2<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for InnerMigrateToV2<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut marked: u64 = 0;
			for op in Operators::<T>::iter_keys() {
				StaleOperators::<T>::insert(&op, ());
				marked = marked.saturating_add(1);
			}
			T::DbWeight::get().reads_writes(marked, marked)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<alloc::vec::Vec<u8>, sp_runtime::TryRuntimeError> {
			Ok(alloc::vec::Vec::new())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(_state: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			ensure!(
				Operators::<T>::iter_keys().all(|op| StaleOperators::<T>::contains_key(&op)),
				"every operator is due a refresh"
			);
			Ok(())
		}
	}

	/// [`InnerMigrateToV2`], run once: from storage version 1 to 2.
	pub type MigrateToV2<T> = VersionedMigration<
		1,
		2,
		InnerMigrateToV2<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}
