#![doc = include_str!("../README.md")]
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod epochs;
mod impls;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

use frame_support::traits::fungible;

/// The balance type of the pallet's currency.
pub type BalanceOf<T> =
	<<T as Config>::Currency as fungible::Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// An operator's key record, as stored.
pub type KeyRecordOf<T> = KeyRecord<BalanceOf<T>, frame_system::pallet_prelude::BlockNumberFor<T>>;

/// A network's validator set, as stored.
pub type ValidatorSetOf<T> = ValidatorSet<
	<T as frame_system::Config>::AccountId,
	BalanceOf<T>,
	frame_system::pallet_prelude::BlockNumberFor<T>,
	<T as Config>::MaxValidators,
>;

/// A validator set being taken, as stored.
pub type SnapshotBuildOf<T> = SnapshotBuild<
	<T as frame_system::Config>::AccountId,
	BalanceOf<T>,
	frame_system::pallet_prelude::BlockNumberFor<T>,
	<T as Config>::MaxValidators,
>;

/// The index of a network's epoch (its `n`th validator set, from 0).
pub type EpochIndex = u64;

const LOG_TARGET: &str = "runtime::ssp-keys";

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{
		pallet_prelude::*,
		traits::{
			fungible::{Mutate, MutateHold},
			EnsureOriginWithArg,
		},
	};
	use frame_system::pallet_prelude::*;
	use sp_runtime::{traits::Saturating, MultiSignature};
	use ssp_primitives::{
		keys::{EquivocationProof, KeyScheme, NetworkKey},
		NetworkBackers, NetworkId, NetworkRegistry, OperatorJail, ProvenOffences, RestakingSlash,
		SlashWindows,
	};

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Why the pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The deposit of an operator's key record for a network.
		KeyDeposit,
	}

	/// Default values of the pallet's configuration, for `#[derive_impl]`.
	pub mod config_preludes {
		use super::*;
		use frame_support::{derive_impl, traits::ConstU32};

		/// Sets of up to 100 validators, up to 100 validated networks, 16 backers looked at per
		/// block, 16 sets kept per network, and reference weights. Chain-specific items (currency, the
		/// other SSP pallets, origins, the deposit, the rotation delay and the shortest epoch in
		/// blocks) have no default.
		///
		/// ```ignore
		/// #[derive_impl(pallet_ssp_keys::config_preludes::SspDefaultConfig)]
		/// impl pallet_ssp_keys::Config for Runtime { /* the items without a default */ }
		/// ```
		pub struct SspDefaultConfig;

		#[derive_impl(frame_system::config_preludes::TestDefaultConfig, no_aggregated_types)]
		impl frame_system::DefaultConfig for SspDefaultConfig {}

		#[frame_support::register_default_impl(SspDefaultConfig)]
		impl DefaultConfig for SspDefaultConfig {
			type MaxValidators = ConstU32<100>;
			type MaxValidatedNetworks = ConstU32<100>;
			type MaxSnapshotBackersPerBlock = ConstU32<16>;
			type MaxKeptEpochs = ConstU32<16>;
			type WeightInfo = ();
		}
	}

	#[pallet::config(with_default)]
	pub trait Config: frame_system::Config {
		/// The currency key deposits are held in.
		#[pallet::no_default]
		type Currency: Mutate<Self::AccountId>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The overarching hold reason.
		#[pallet::no_default]
		type RuntimeHoldReason: From<HoldReason>;

		/// The restaking pallet: who is opted into a network, the stake each operator allocates
		/// there (largest first), and the reporting window an offence must be proven within.
		#[pallet::no_default]
		type Restaking: RestakingSlash<Self::AccountId, BalanceOf<Self>>
			+ NetworkBackers<Self::AccountId, BalanceOf<Self>>
			+ SlashWindows<BlockNumberFor<Self>>;

		/// The network registry (the leasing pallet).
		#[pallet::no_default]
		type Networks: NetworkRegistry;

		/// Who is jailed on a network (the slashing pallet): left out of its validator sets.
		#[pallet::no_default]
		type Jail: OperatorJail<Self::AccountId>;

		/// Where proven equivocations are reported (the slashing pallet).
		#[pallet::no_default]
		type Offences: ProvenOffences<Self::AccountId, BlockNumberFor<Self>>;

		/// Who may configure a network's validation (the leasing pallet's
		/// `EnsureNetworkManager`).
		#[pallet::no_default]
		type ManagerOrigin: EnsureOriginWithArg<Self::RuntimeOrigin, NetworkId>;

		/// The deposit held for each key record (an operator's key for one network).
		#[pallet::constant]
		#[pallet::no_default]
		type KeyDeposit: Get<BalanceOf<Self>>;

		/// Blocks from a rotation to the first block its key is in effect: the network's nodes
		/// have that long to learn the new key before a set names it.
		#[pallet::constant]
		#[pallet::no_default]
		type RotationDelay: Get<BlockNumberFor<Self>>;

		/// The shortest epoch a network may choose, in blocks. With `MaxKeptEpochs` it decides
		/// how long sets are kept: `MaxKeptEpochs` × `MinEpochLength` must exceed the reporting
		/// window (checked by `integrity_test`), so an offence can be proven for as long as it
		/// can be reported.
		#[pallet::constant]
		#[pallet::no_default]
		type MinEpochLength: Get<BlockNumberFor<Self>>;

		/// The most validators in one set (a network's `max_validators` is at most this).
		#[pallet::constant]
		type MaxValidators: Get<u32>;

		/// The most networks validated at once.
		#[pallet::constant]
		type MaxValidatedNetworks: Get<u32>;

		/// The most backers looked at in one block to take validator sets (a network that left
		/// the registry counts as one): a network's set is taken a page of this many backers a
		/// block, and sets due beyond it wait for the next block.
		#[pallet::constant]
		type MaxSnapshotBackersPerBlock: Get<u32>;

		/// The most sets kept per network; the oldest is removed when a new one is taken.
		#[pallet::constant]
		type MaxKeptEpochs: Get<u32>;

		/// Weight information for extrinsics and hooks of this pallet.
		type WeightInfo: WeightInfo;
	}

	/// How each validated network is validated.
	#[pallet::storage]
	pub type Validation<T: Config> =
		StorageMap<_, Twox64Concat, NetworkId, ValidationConfig<BlockNumberFor<T>>>;

	/// The next snapshot of every validated network (one entry each).
	#[pallet::storage]
	pub type Schedule<T: Config> = StorageValue<
		_,
		BoundedVec<Scheduled<BlockNumberFor<T>>, T::MaxValidatedNetworks>,
		ValueQuery,
	>;

	/// The validator set being taken, if any (one at a time, a page of backers a block).
	#[pallet::storage]
	pub type Building<T: Config> = StorageValue<_, SnapshotBuildOf<T>>;

	/// Each validated network's current and oldest kept epoch (absent before its first set).
	#[pallet::storage]
	pub type Epochs<T: Config> = StorageMap<_, Twox64Concat, NetworkId, EpochInfo>;

	/// The validator set of each kept epoch of each network.
	///
	/// A child chain proves `ValidatorSets(network, epoch)` with a state proof: the key is
	/// `twox128(<the pallet's name in the runtime, "OperatorKeys" in the dev runtime>) ++
	/// twox128("ValidatorSets") ++ twox64(network) ++ network (u32 LE) ++
	/// twox64(epoch) ++ epoch (u64 LE)` (docs/integration.md).
	#[pallet::storage]
	pub type ValidatorSets<T: Config> =
		StorageDoubleMap<_, Twox64Concat, NetworkId, Twox64Concat, EpochIndex, ValidatorSetOf<T>>;

	/// Each operator's key for each network.
	#[pallet::storage]
	pub type Keys<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		NetworkId,
		Blake2_128Concat,
		T::AccountId,
		KeyRecordOf<T>,
	>;

	/// Who holds each key of a network (the current and the next key of every record): a key
	/// belongs to one operator per network.
	#[pallet::storage]
	pub type KeyOwners<T: Config> =
		StorageDoubleMap<_, Twox64Concat, NetworkId, Blake2_128Concat, NetworkKey, T::AccountId>;

	/// How many key records each network has (its scheme may change only while it has none).
	#[pallet::storage]
	pub type KeyCount<T: Config> = StorageMap<_, Twox64Concat, NetworkId, u32, ValueQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A network's manager set how the network is validated (a network not validated before
		/// gets its first set in the next block).
		ValidationConfigured {
			/// The network.
			network: NetworkId,
			/// The settings.
			config: ValidationConfig<BlockNumberFor<T>>,
		},
		/// An operator registered its key for a network.
		KeyRegistered {
			/// The network.
			network: NetworkId,
			/// The operator.
			operator: T::AccountId,
			/// The key.
			key: NetworkKey,
		},
		/// An operator rotated its key for a network; the new key is in effect from `from`.
		KeyRotated {
			/// The network.
			network: NetworkId,
			/// The operator.
			operator: T::AccountId,
			/// The new key.
			key: NetworkKey,
			/// The first block it is in effect at.
			from: BlockNumberFor<T>,
		},
		/// An operator removed its key for a network; its deposit was released.
		KeyRemoved {
			/// The network.
			network: NetworkId,
			/// The operator.
			operator: T::AccountId,
		},
		/// A network's validator set for a new epoch was taken.
		ValidatorSetUpdated {
			/// The network.
			network: NetworkId,
			/// The epoch.
			epoch: EpochIndex,
			/// `blake2_256` of the SCALE encoding of the validators.
			set_root: [u8; 32],
			/// How many validators the set has.
			validators: u32,
		},
		/// A network left the registry: it is no longer validated and its sets were removed.
		ValidationEnded {
			/// The network.
			network: NetworkId,
		},
		/// An equivocation was proven: a slash of the operator at the network's maximum slash
		/// was reported to the slashing pallet (its `OffenceReported` follows), with the
		/// reporter as the one rewarded.
		EquivocationReported {
			/// The network.
			network: NetworkId,
			/// The operator whose key signed both statements.
			operator: T::AccountId,
			/// The key.
			key: NetworkKey,
			/// The epoch of the statements.
			epoch: EpochIndex,
			/// The round of the statements.
			round: u64,
			/// Who proved it.
			reporter: T::AccountId,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The network is not registered.
		UnknownNetwork,
		/// The network is not validated (its manager has not configured it).
		NotValidated,
		/// The epoch length is below `MinEpochLength` or above half the reporting window.
		BadEpochLength,
		/// `max_validators` is zero or above `MaxValidators`.
		BadMaxValidators,
		/// The network has keys registered: its scheme cannot change.
		SchemeLocked,
		/// As many networks as `MaxValidatedNetworks` are validated.
		TooManyNetworks,
		/// The caller is not opted into the network.
		NotOptedIn,
		/// The caller already has a key for the network (rotate it instead).
		AlreadyRegistered,
		/// The caller has no key for the network.
		NoKey,
		/// The key is not of the scheme the network declared.
		WrongScheme,
		/// The key is another record's key for this network (current or next).
		KeyInUse,
		/// The proof of possession is not the key's signature of the possession message.
		BadProof,
		/// A statement of the proof is for another network.
		WrongNetwork,
		/// The proof's epoch has no validator set yet.
		UnknownEpoch,
		/// The proof's epoch is older than the kept sets or the reporting window.
		ProofExpired,
		/// The proof's key is not in the validator set of its epoch.
		UnknownKey,
		/// The statements are for different rounds (or epochs).
		DifferentRounds,
		/// The statements vouch for the same payload.
		SamePayload,
		/// A statement's signature is not the key's.
		BadSignature,
	}

	/// Genesis: networks validated from the first block, and operators' keys (trusted: no proof
	/// of possession; the deposit is held).
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// `(network, config)`: validated networks; their first set is taken in block 1.
		pub networks: alloc::vec::Vec<(NetworkId, ValidationConfig<BlockNumberFor<T>>)>,
		/// `(network, operator, key)`: keys registered at genesis.
		pub keys: alloc::vec::Vec<(NetworkId, T::AccountId, NetworkKey)>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for (network, config) in &self.networks {
				Pallet::<T>::do_configure(*network, *config, 1u32.into())
					.expect("a genesis network's validation is valid");
			}
			for (network, operator, key) in &self.keys {
				Pallet::<T>::insert_key(*network, operator.clone(), *key)
					.expect("a genesis key is valid and its operator can pay the deposit");
			}
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// Take the validator sets due at `now`, at most `MaxSnapshotBackersPerBlock` backers
		/// looked at.
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			Self::take_due_snapshots(now)
		}

		fn integrity_test() {
			assert!(T::MaxValidators::get() >= 1, "MaxValidators must be positive");
			assert!(
				T::MaxSnapshotBackersPerBlock::get() >= 1,
				"MaxSnapshotBackersPerBlock must be positive"
			);
			assert!(T::MaxKeptEpochs::get() >= 2, "MaxKeptEpochs must be at least 2");
			assert!(!T::MinEpochLength::get().is_zero(), "MinEpochLength must be positive");
			let kept = T::MinEpochLength::get().saturating_mul(T::MaxKeptEpochs::get().into());
			assert!(
				kept > T::Restaking::reporting_window(),
				"MaxKeptEpochs x MinEpochLength must exceed the reporting window"
			);
			assert!(
				T::MinEpochLength::get().saturating_mul(2u32.into())
					<= T::Restaking::reporting_window(),
				"MinEpochLength must be at most half the reporting window"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call(weight(<T as Config>::WeightInfo))]
	impl<T: Config> Pallet<T> {
		/// Declare how `network` is validated: the scheme of its validators' keys, its epoch
		/// length and how many validators a set holds. A network not validated before gets its
		/// first set in the next block; a change of an already validated network counts from
		/// its next set.
		///
		/// Origin: the network's manager. `epoch_length` is at least `MinEpochLength` and at
		/// most half the reporting window (so an offence late in an epoch can still be proven
		/// for at least half the window); the scheme can change only while no key is
		/// registered.
		#[pallet::call_index(0)]
		pub fn configure_validation(
			origin: OriginFor<T>,
			network: NetworkId,
			config: ValidationConfig<BlockNumberFor<T>>,
		) -> DispatchResult {
			T::ManagerOrigin::ensure_origin(origin, &network)?;
			let first_at = frame_system::Pallet::<T>::block_number().saturating_add(1u32.into());
			Self::do_configure(network, config, first_at)
		}

		/// Register the caller's key for `network`, with `proof`: the key's signature of the
		/// possession message (`ssp_primitives::keys::possession_message` of the genesis hash,
		/// `network` and the caller). Holds `KeyDeposit`.
		///
		/// Origin: an operator opted into `network`. The key is of the network's scheme and no
		/// other record's key for the network.
		#[pallet::call_index(1)]
		pub fn register_key(
			origin: OriginFor<T>,
			network: NetworkId,
			key: NetworkKey,
			proof: MultiSignature,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_register(who, network, key, proof)
		}

		/// Rotate the caller's key for `network` to `key`, in effect `RotationDelay` blocks from
		/// now (a rotation not yet in effect is replaced). Sets taken before then name the old
		/// key, and offences signed with it stay provable for as long as those sets are kept.
		///
		/// Origin: an operator with a key for `network`; `proof` as for `register_key`.
		#[pallet::call_index(2)]
		pub fn rotate_key(
			origin: OriginFor<T>,
			network: NetworkId,
			key: NetworkKey,
			proof: MultiSignature,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_rotate(who, network, key, proof)
		}

		/// Remove the caller's key for `network` and release its deposit. Sets already taken
		/// keep naming the key, so offences signed with it stay provable.
		///
		/// Origin: an operator with a key for `network`.
		#[pallet::call_index(3)]
		pub fn remove_key(origin: OriginFor<T>, network: NetworkId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_remove(who, network)
		}

		/// Prove that a key of `network`'s validator set signed two different payloads for the
		/// same round: the operator the set names for the key is slashed at the network's
		/// maximum slash per offence, as of the epoch's first block, after the veto window; the
		/// caller earns the reporter's share. No slasher is needed: the proof is the authority.
		///
		/// Origin: signed (any account). The epoch's set must still be kept and the epoch must
		/// have started within the reporting window; one offence per operator and epoch.
		#[pallet::call_index(4)]
		pub fn report_equivocation(
			origin: OriginFor<T>,
			network: NetworkId,
			proof: alloc::boxed::Box<EquivocationProof>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_report_equivocation(who, network, *proof)
		}
	}

	impl<T: Config> Pallet<T> {
		/// The scheme `network` declared, if it is validated.
		pub fn scheme_of(network: NetworkId) -> Option<KeyScheme> {
			Validation::<T>::get(network).map(|c| c.scheme)
		}
	}
}
