#![doc = include_str!("../README.md")]
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
mod rebalance;
#[cfg(test)]
mod tests;
pub mod weights;

pub use pallet::*;
pub use rebalance::Step;
pub use weights::WeightInfo;

use frame_support::{traits::ConstU32, BoundedVec};
use sp_runtime::Perbill;
use ssp_primitives::{market::INDEX_SIZE, NetworkId};

/// The index pool's target: each network of the index with the magnitude the pool allocates to
/// it.
pub type Targets = BoundedVec<(NetworkId, Perbill), ConstU32<INDEX_SIZE>>;

/// The networks whose step failed in the rebalance in progress (skipped until the next one).
pub type Skipped = BoundedVec<NetworkId, ConstU32<{ 2 * INDEX_SIZE }>>;

/// The index pool as the runtime API shows it.
#[derive(
	codec::Encode,
	codec::Decode,
	codec::DecodeWithMemTracking,
	Clone,
	PartialEq,
	Eq,
	Debug,
	scale_info::TypeInfo,
)]
pub struct IndexPoolView<AccountId> {
	/// The pool's operator account: restake with it to hold index shares.
	pub operator: AccountId,
	/// The period of the index the targets follow.
	pub period: u32,
	/// Each index network with the magnitude the pool aims at.
	pub targets: alloc::vec::Vec<(NetworkId, Perbill)>,
	/// Whether a rebalance is in progress (steps left).
	pub rebalancing: bool,
	/// The pool's allocations now: network, magnitude once scheduled changes mature, opting out.
	pub allocations: alloc::vec::Vec<(NetworkId, Perbill, bool)>,
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{pallet_prelude::*, PalletId};
	use frame_system::pallet_prelude::*;
	use sp_runtime::traits::AccountIdConversion;
	use ssp_primitives::{OperatorControl, SecurityIndex};

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	/// Default values of the pallet's configuration, for `#[derive_impl]`.
	pub mod config_preludes {
		use super::*;
		use frame_support::{derive_impl, parameter_types};

		/// The pool's id, bands of 5% to 40% per network, at most 32 networks joined (twice the
		/// index, room for the networks it is leaving), two steps a block.
		pub struct SspDefaultConfig;

		#[derive_impl(frame_system::config_preludes::TestDefaultConfig, no_aggregated_types)]
		impl frame_system::DefaultConfig for SspDefaultConfig {}

		parameter_types! {
			pub const IndexPalletId: PalletId = PalletId(*b"ssp/indx");
			pub const DefaultMinWeight: Perbill = Perbill::from_percent(5);
			pub const DefaultMaxWeight: Perbill = Perbill::from_percent(40);
		}

		#[frame_support::register_default_impl(SspDefaultConfig)]
		impl DefaultConfig for SspDefaultConfig {
			type PalletId = IndexPalletId;
			type MinWeight = DefaultMinWeight;
			type MaxWeight = DefaultMaxWeight;
			type MaxNetworks = ConstU32<{ 2 * INDEX_SIZE }>;
			type StepsPerBlock = ConstU32<2>;
			type WeightInfo = ();
		}
	}

	#[pallet::config(with_default)]
	pub trait Config: frame_system::Config {
		/// The restaking pallet, through which the pool operates.
		#[pallet::no_default]
		type Operators: OperatorControl<Self::AccountId>;

		/// The security index the pool follows (the leasing pallet).
		#[pallet::no_default]
		type Index: SecurityIndex;

		/// The pool's id: its account is the pool's operator. It pays the restaking pallet's
		/// opt-in deposit for each network it joins, so it must be endowed with enough of them.
		#[pallet::constant]
		type PalletId: Get<PalletId>;

		/// The smallest magnitude the pool gives an index network (one paying little).
		#[pallet::constant]
		type MinWeight: Get<Perbill>;

		/// The largest magnitude the pool gives one network, so no network holds most of it.
		#[pallet::constant]
		type MaxWeight: Get<Perbill>;

		/// The most networks the pool is opted into at once (those it is leaving count until
		/// their opt-out completes): each step refreshes all of them, so this bounds a step's
		/// weight.
		#[pallet::constant]
		type MaxNetworks: Get<u32>;

		/// The most allocation changes (opt-ins, allocations, opt-outs) a block makes.
		#[pallet::constant]
		type StepsPerBlock: Get<u32>;

		/// Weight information of the hook.
		type WeightInfo: WeightInfo;
	}

	/// The index period the pool follows and its target magnitudes (none before the first
	/// period is followed).
	#[pallet::storage]
	pub type Target<T: Config> = StorageValue<_, (u32, Targets)>;

	/// Set while the pool's allocations do not match the target yet.
	#[pallet::storage]
	pub type Rebalancing<T: Config> = StorageValue<_, bool, ValueQuery>;

	/// Networks whose step failed in this rebalance: left as they are until the next.
	#[pallet::storage]
	pub type Failed<T: Config> = StorageValue<_, Skipped, ValueQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// The index changed: the pool moves its allocations to these magnitudes.
		RebalanceStarted {
			/// The index period followed.
			period: u32,
			/// Each index network with its magnitude.
			targets: Targets,
		},
		/// A step of the rebalance was made (through the restaking pallet, which events it too).
		StepTaken {
			/// The step.
			step: Step,
		},
		/// A step failed (the network stopped accepting allocations, the pool's opt-in deposit
		/// cannot be held, ...): the network is left as it is until the next rebalance.
		StepFailed {
			/// The step.
			step: Step,
			/// Why.
			error: DispatchError,
		},
		/// The pool's allocations follow the target.
		Rebalanced {
			/// The index period followed.
			period: u32,
		},
	}

	/// Genesis: the pool's operator is registered (build it after the restaking pallet).
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The pool's commission on its rewards (zero: depositors earn the whole index yield).
		pub commission: Perbill,
		#[serde(skip)]
		pub _marker: core::marker::PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			T::Operators::register(&Pallet::<T>::account_id(), self.commission)
				.expect("the index pool's operator registers at genesis");
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// Follows a new index period, then takes at most `StepsPerBlock` steps.
		fn on_initialize(_n: BlockNumberFor<T>) -> Weight {
			Self::rebalance()
		}

		/// A runtime that adds the pallet by an upgrade gets the pool's operator registered
		/// here (genesis does it on a new chain); fund its account for the opt-in deposits.
		fn on_runtime_upgrade() -> Weight {
			let operator = Self::account_id();
			if T::Operators::is_operator(&operator) {
				return T::DbWeight::get().reads(1);
			}
			if let Err(e) = T::Operators::register(&operator, Perbill::zero()) {
				log::warn!(target: "runtime::ssp-index", "registering the index pool failed: {e:?}");
			}
			T::DbWeight::get().reads_writes(2, 1)
		}

		fn integrity_test() {
			assert!(T::MinWeight::get() <= T::MaxWeight::get(), "MinWeight <= MaxWeight");
			assert!(
				u64::from(T::MinWeight::get().deconstruct()) * u64::from(INDEX_SIZE)
					<= u64::from(Perbill::one().deconstruct()),
				"INDEX_SIZE networks at MinWeight must fit in 100%"
			);
			assert!(T::StepsPerBlock::get() >= 1, "StepsPerBlock must be positive");
			assert!(T::MaxNetworks::get() >= INDEX_SIZE, "MaxNetworks must hold a whole index");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	impl<T: Config> Pallet<T> {
		/// The pool's operator account.
		pub fn account_id() -> T::AccountId {
			T::PalletId::get().into_account_truncating()
		}

		/// The pool, for the runtime API.
		pub fn pool() -> IndexPoolView<T::AccountId> {
			let operator = Self::account_id();
			let (period, targets) = Target::<T>::get().unwrap_or_default();
			IndexPoolView {
				allocations: T::Operators::allocations(&operator),
				operator,
				period,
				targets: targets.into_inner(),
				rebalancing: Rebalancing::<T>::get(),
			}
		}
	}
}
