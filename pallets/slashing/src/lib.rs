#![doc = include_str!("../README.md")]
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod impls;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod weights;

pub use pallet::*;
pub use weights::WeightInfo;

use frame_support::traits::fungible;

/// The balance type of the pallet's currency.
pub type BalanceOf<T> =
	<<T as Config>::Currency as fungible::Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// Funds taken from an account and not yet placed anywhere.
pub type CreditOf<T> =
	fungible::Credit<<T as frame_system::Config>::AccountId, <T as Config>::Currency>;

/// Identifier of a reported slash.
pub type SlashId = u32;

const LOG_TARGET: &str = "runtime::ssp-slashing";

/// The most restakers behind one operator the `apply_slash` benchmark measures. Applying a slash
/// costs the same whatever the number of restakers (it lowers the operator's pool; each restaker
/// settles later, on its own call), which the benchmark shows; the call is charged at the top of
/// the measured range so that any measured slope is charged too.
pub const RESTAKERS_MEASURED: u32 = 100;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{
		pallet_prelude::*,
		traits::{
			fungible::{Balanced, Mutate},
			EnsureOriginWithArg, OnUnbalanced,
		},
		PalletId,
	};
	use frame_system::pallet_prelude::*;
	use sp_runtime::Perbill;
	use ssp_primitives::{
		AllocationHistory, NetworkBackers, NetworkId, NetworkRegistry, RestakingSlash, SlashWindows,
	};

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Where a reported slash is in its life.
	#[derive(
		Encode,
		Decode,
		DecodeWithMemTracking,
		Clone,
		Copy,
		PartialEq,
		Eq,
		Debug,
		TypeInfo,
		MaxEncodedLen,
	)]
	pub enum SlashStatus<Balance> {
		/// Waiting for its veto window to pass (in [`ApplyQueue`]).
		Pending,
		/// Due, but held back by the reporting network's circuit breaker (in [`Deferred`]).
		Queued,
		/// Applied; `amount` was removed from the operator's pool.
		Applied {
			/// The stake removed.
			amount: Balance,
		},
		/// Cancelled by the veto origin.
		Cancelled,
		/// The restaking pallet refused it at application (e.g. nothing left allocated).
		Failed,
	}

	/// A reported slash, kept for audit after it is applied or cancelled.
	#[derive(Encode, Decode, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound, TypeInfo)]
	#[scale_info(skip_type_params(T))]
	pub struct SlashRecord<T: Config> {
		/// The network the offence was committed on.
		pub network: NetworkId,
		/// The offending operator.
		pub operator: T::AccountId,
		/// Who reported it (the network's slasher): receives the reward share.
		pub reporter: T::AccountId,
		/// The fraction of the operator's stake allocated to `network` to slash.
		pub fraction: Perbill,
		/// The operator's magnitude on `network` at the offence block: the slash takes
		/// `fraction` of this share of the operator's pool, whatever the allocation is when it
		/// applies.
		pub magnitude: Perbill,
		/// The block the offence was committed at.
		pub offence_block: BlockNumberFor<T>,
		/// The block the report was made at.
		pub reported_at: BlockNumberFor<T>,
		/// The block from which the slash applies (end of the veto window).
		pub apply_at: BlockNumberFor<T>,
		/// The evidence, as submitted.
		pub evidence: BoundedVec<u8, T::MaxEvidenceLen>,
		/// `blake2_256` of the evidence.
		pub evidence_hash: [u8; 32],
		/// Where the slash is.
		pub status: SlashStatus<BalanceOf<T>>,
	}

	impl<T: Config> MaxEncodedLen for SlashRecord<T> {
		fn max_encoded_len() -> usize {
			NetworkId::max_encoded_len()
				.saturating_add(T::AccountId::max_encoded_len().saturating_mul(2))
				.saturating_add(Perbill::max_encoded_len().saturating_mul(2))
				.saturating_add(BlockNumberFor::<T>::max_encoded_len().saturating_mul(3))
				.saturating_add(BoundedVec::<u8, T::MaxEvidenceLen>::max_encoded_len())
				.saturating_add(32)
				.saturating_add(SlashStatus::<BalanceOf<T>>::max_encoded_len())
		}
	}

	/// The circuit breaker of one network: what it slashed in the current window.
	#[derive(
		Encode, Decode, Clone, Copy, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen, Default,
	)]
	pub struct BreakerWindow<Balance, BlockNumber> {
		/// The first block of the window.
		pub start: BlockNumber,
		/// All restaked stake (every operator's pool) when the window started.
		pub base: Balance,
		/// The stake slashed by the network's offences in the window.
		pub slashed: Balance,
	}

	/// Default values of the pallet's configuration, for `#[derive_impl]`.
	pub mod config_preludes {
		use super::*;
		use frame_support::{derive_impl, parameter_types, traits::ConstU32};

		/// The pallet id, a tenth of each slash to its reporter, the rest burned, at most a tenth
		/// of the restaked stake slashed per network and breaker window, the bounds its weights are
		/// benchmarked at (8 slashes applied a block, 4 pending per network, 4,000 in all) and its
		/// reference weights. Chain-specific items (currency, restaking pallet, network registry,
		/// origins, jail cooldown and breaker window in blocks) have no default.
		///
		/// ```ignore
		/// #[derive_impl(pallet_ssp_slashing::config_preludes::SspDefaultConfig)]
		/// impl pallet_ssp_slashing::Config for Runtime { /* the items without a default */ }
		/// ```
		pub struct SspDefaultConfig;

		#[derive_impl(frame_system::config_preludes::TestDefaultConfig, no_aggregated_types)]
		impl frame_system::DefaultConfig for SspDefaultConfig {}

		parameter_types! {
			pub const SlashingPalletId: PalletId = PalletId(*b"ssp/slsh");
			pub const SlashRewardFraction: Perbill = Perbill::from_percent(10);
			pub const MaxSlashFractionPerWindow: Perbill = Perbill::from_percent(10);
		}

		#[frame_support::register_default_impl(SspDefaultConfig)]
		impl DefaultConfig for SspDefaultConfig {
			type OnSlash = ();
			type PalletId = SlashingPalletId;
			type SlashRewardFraction = SlashRewardFraction;
			type MaxSlashesPerBlock = ConstU32<8>;
			type MaxPendingSlashes = ConstU32<4_000>;
			type MaxPendingSlashesPerNetwork = ConstU32<4>;
			type MaxEvidenceLen = ConstU32<256>;
			type MaxReasonLen = ConstU32<128>;
			type MaxSlashFractionPerWindow = MaxSlashFractionPerWindow;
			type WeightInfo = ();
		}
	}

	#[pallet::config(with_default)]
	pub trait Config: frame_system::Config {
		/// The currency slashed (the restaking pallet's).
		#[pallet::no_default]
		type Currency: Mutate<Self::AccountId> + Balanced<Self::AccountId>;

		/// The restaking pallet: its O(1) slash, each network's allocated stake, all restaked
		/// stake, and the reporting and veto windows (restaking keeps stake slashable for
		/// exactly those, so this pallet reads them rather than declaring its own).
		#[pallet::no_default]
		type Restaking: RestakingSlash<Self::AccountId, BalanceOf<Self>>
			+ NetworkBackers<Self::AccountId, BalanceOf<Self>>
			+ SlashWindows<BlockNumberFor<Self>>
			+ AllocationHistory<Self::AccountId, BlockNumberFor<Self>>;

		/// The network registry (the leasing pallet).
		#[pallet::no_default]
		type Networks: NetworkRegistry;

		/// Who may report offences on a network (the leasing pallet's `EnsureNetworkSlasher`).
		/// `Success` is the reporter, who earns the reward share.
		#[pallet::no_default]
		type SlasherOrigin: EnsureOriginWithArg<
			Self::RuntimeOrigin,
			NetworkId,
			Success = Self::AccountId,
		>;

		/// Who may un-jail an operator on a network (the leasing pallet's
		/// `EnsureNetworkManager`).
		#[pallet::no_default]
		type ManagerOrigin: EnsureOriginWithArg<Self::RuntimeOrigin, NetworkId>;

		/// Who may cancel a pending slash (governance, a resolver).
		#[pallet::no_default]
		type VetoOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Where slashed funds go, less the reporters' share (burnt with `()`, or a treasury).
		#[pallet::no_default_bounds]
		type OnSlash: OnUnbalanced<CreditOf<Self>>;

		/// Told of every slash applied (the cover pallet; `()` for none). Its `max_weight` is
		/// charged for each slash the hook or `apply_slash` applies.
		#[pallet::no_default]
		type OnSlashApplied: ssp_primitives::OnSlashApplied<Self::AccountId, BalanceOf<Self>>;

		/// The pallet's id: its account holds reporter rewards not yet claimed.
		#[pallet::constant]
		type PalletId: Get<PalletId>;

		/// The share of each slash owed to its reporter.
		#[pallet::constant]
		type SlashRewardFraction: Get<Perbill>;

		/// Blocks an operator stays jailed on a network, at least, before its manager can un-jail
		/// it.
		#[pallet::constant]
		#[pallet::no_default]
		type JailCooldown: Get<BlockNumberFor<Self>>;

		/// The most slashes the hook applies in one block, and the most reports accepted in one
		/// block (so that matured slashes never wait beyond their block for lack of room).
		#[pallet::constant]
		type MaxSlashesPerBlock: Get<u32>;

		/// The most slashes pending or queued at once, over all networks. Set it to at least
		/// `MaxPendingSlashesPerNetwork` times the registry's most networks, so that every
		/// network always has room of its own and none can crowd the others out.
		#[pallet::constant]
		type MaxPendingSlashes: Get<u32>;

		/// The most slashes one network may have pending or queued at once.
		#[pallet::constant]
		type MaxPendingSlashesPerNetwork: Get<u32>;

		/// The longest evidence, in bytes.
		#[pallet::constant]
		type MaxEvidenceLen: Get<u32>;

		/// The longest veto reason, in bytes.
		#[pallet::constant]
		type MaxReasonLen: Get<u32>;

		/// The largest fraction of all restaked stake (as at the start of the window) one
		/// network's offences may slash within one `CircuitBreakerWindow`; slashes beyond it
		/// queue. The first slash of a window always applies (bounded by the network's max
		/// slash per offence).
		#[pallet::constant]
		type MaxSlashFractionPerWindow: Get<Perbill>;

		/// Blocks of one circuit-breaker window.
		#[pallet::constant]
		#[pallet::no_default]
		type CircuitBreakerWindow: Get<BlockNumberFor<Self>>;

		/// Weight information for extrinsics in this pallet.
		type WeightInfo: WeightInfo;
	}

	/// The next slash id.
	#[pallet::storage]
	pub type NextSlashId<T: Config> = StorageValue<_, SlashId, ValueQuery>;

	/// Every reported slash, with its evidence and status.
	#[pallet::storage]
	pub type Slashes<T: Config> = StorageMap<_, Twox64Concat, SlashId, SlashRecord<T>>;

	/// The offences already reported: (network, operator, offence block) → slash id. Never
	/// removed, so a cancelled report cannot be made again.
	#[pallet::storage]
	pub type Offences<T: Config> = StorageNMap<
		_,
		(
			NMapKey<Twox64Concat, NetworkId>,
			NMapKey<Blake2_128Concat, T::AccountId>,
			NMapKey<Twox64Concat, BlockNumberFor<T>>,
		),
		SlashId,
	>;

	/// Pending slashes, in report order (hence in `apply_at` order).
	#[pallet::storage]
	pub type ApplyQueue<T: Config> =
		StorageValue<_, BoundedVec<SlashId, T::MaxPendingSlashes>, ValueQuery>;

	/// Due slashes held back by a circuit breaker, in the order they were due.
	#[pallet::storage]
	pub type Deferred<T: Config> =
		StorageValue<_, BoundedVec<SlashId, T::MaxPendingSlashes>, ValueQuery>;

	/// Reports accepted in the current block: (block, count).
	#[pallet::storage]
	pub type ReportsInBlock<T: Config> =
		StorageMap<_, Twox64Concat, NetworkId, (BlockNumberFor<T>, u32), ValueQuery>;

	/// How many slashes each network has pending or queued (at most
	/// `MaxPendingSlashesPerNetwork`).
	#[pallet::storage]
	pub type NetworkPendingSlashes<T: Config> =
		StorageMap<_, Twox64Concat, NetworkId, u32, OptionQuery>;

	/// Each network's circuit-breaker window.
	#[pallet::storage]
	pub type Breakers<T: Config> =
		StorageMap<_, Twox64Concat, NetworkId, BreakerWindow<BalanceOf<T>, BlockNumberFor<T>>>;

	/// Slashes reported against each operator and not yet applied, cancelled or failed. While
	/// non-zero, the operator's restakers cannot complete withdrawals (see
	/// `OperatorJail::has_unapplied_slash`).
	#[pallet::storage]
	pub type UnappliedSlashes<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, u32, OptionQuery>;

	/// Operators jailed on a network, with the block they were jailed at.
	#[pallet::storage]
	pub type Jailed<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		NetworkId,
		Blake2_128Concat,
		T::AccountId,
		BlockNumberFor<T>,
	>;

	/// Reward owed to each reporter.
	#[pallet::storage]
	pub type ReporterRewards<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, BalanceOf<T>, ValueQuery>;

	/// Rewards owed whose funds have not arrived yet (the restaking pallet takes slashed funds
	/// from restakers lazily, and passes them to this pallet's `OnUnbalanced`).
	#[pallet::storage]
	pub type UnfundedRewards<T: Config> = StorageValue<_, BalanceOf<T>, ValueQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A network reported an offence; the slash applies from `apply_at` unless vetoed.
		OffenceReported {
			/// The slash.
			id: SlashId,
			/// The network.
			network: NetworkId,
			/// The operator.
			operator: T::AccountId,
			/// The reporter.
			reporter: T::AccountId,
			/// The fraction to slash.
			fraction: Perbill,
			/// The block of the offence.
			offence_block: BlockNumberFor<T>,
			/// The first block the slash can apply at.
			apply_at: BlockNumberFor<T>,
			/// `blake2_256` of the evidence.
			evidence_hash: [u8; 32],
		},
		/// The veto origin cancelled a slash.
		SlashCancelled {
			/// The slash.
			id: SlashId,
			/// Why.
			reason: BoundedVec<u8, T::MaxReasonLen>,
		},
		/// A due slash was held back by its network's circuit breaker; it applies once the
		/// breaker's window allows it.
		SlashQueued {
			/// The slash.
			id: SlashId,
			/// The network.
			network: NetworkId,
			/// Slashed by the network in the current window.
			slashed_in_window: BalanceOf<T>,
			/// What the network may slash in the window.
			allowance: BalanceOf<T>,
		},
		/// A slash was applied: the operator's pool lost `amount`, every restaker pro rata, and
		/// so did the operator's backing of the network (restaking's `BackingReduced`, leasing's
		/// `SecurityChanged`); its backing of each of its `networks_affected` other networks
		/// drops as the restaking pallet's refresh hook carries the loss to them, slashed
		/// operators first (restaking's `SlashPropagated` when done).
		SlashApplied {
			/// The slash.
			id: SlashId,
			/// The network.
			network: NetworkId,
			/// The operator.
			operator: T::AccountId,
			/// The fraction slashed.
			fraction: Perbill,
			/// The stake removed from the operator's pool.
			amount: BalanceOf<T>,
			/// The reporter's share, owed from the slashed funds.
			reporter_reward: BalanceOf<T>,
			/// How many other networks' backing the slash lowers.
			networks_affected: u32,
		},
		/// The restaking pallet refused a slash at application; it is dropped.
		SlashFailed {
			/// The slash.
			id: SlashId,
			/// The error.
			error: DispatchError,
		},
		/// An operator was jailed on a network: no opt-in or allocation increase there.
		OperatorJailed {
			/// The network.
			network: NetworkId,
			/// The operator.
			operator: T::AccountId,
			/// The first block its manager may un-jail it at.
			cooldown_until: BlockNumberFor<T>,
		},
		/// An operator was un-jailed on a network.
		OperatorUnjailed {
			/// The network.
			network: NetworkId,
			/// The operator.
			operator: T::AccountId,
		},
		/// A reporter claimed its reward.
		RewardClaimed {
			/// The reporter.
			reporter: T::AccountId,
			/// Paid.
			amount: BalanceOf<T>,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The network is unknown or has no slashing authority.
		UnknownNetwork,
		/// The account is not a registered operator.
		UnknownOperator,
		/// The operator is not opted into the network.
		NotOptedIn,
		/// The operator had nothing allocated to the network at the offence block.
		NothingAllocated,
		/// The fraction is zero.
		ZeroFraction,
		/// The fraction exceeds the network's maximum slash per offence.
		FractionAboveCap,
		/// The offence is older than `ReportingWindow`.
		ReportExpired,
		/// The offence block is in the future.
		OffenceInFuture,
		/// This offence (network, operator, block) was already reported.
		DuplicateReport,
		/// As many reports of this network as `MaxSlashesPerBlock` were accepted in this block.
		TooManyReportsInBlock,
		/// As many slashes as `MaxPendingSlashes` are pending or queued.
		TooManyPendingSlashes,
		/// This network has `MaxPendingSlashesPerNetwork` slashes pending or queued.
		TooManyPendingSlashesOfNetwork,
		/// No slash has this id.
		UnknownSlash,
		/// The slash is not pending or queued (already applied, cancelled or failed).
		NotCancellable,
		/// The slash is not pending and due, nor queued.
		NotDue,
		/// The network's circuit breaker holds the slash back in this window.
		CircuitBreakerTripped,
		/// The operator is not jailed on the network.
		NotJailed,
		/// The jail cool-down has not passed.
		JailCooldown,
		/// The caller is owed no reward.
		NothingToClaim,
		/// The slashed funds backing the reward have not arrived yet (settle the restakers).
		RewardNotFunded,
		/// An id or counter overflowed.
		Overflow,
		/// The evidence of a proven offence is longer than `MaxEvidenceLen`.
		EvidenceTooLong,
	}

	/// Genesis: endow the reward pot with the existential deposit.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		#[serde(skip)]
		#[doc(hidden)]
		pub _config: core::marker::PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			ssp_primitives::endow_pot_at_genesis::<_, T::Currency>(&Pallet::<T>::reward_pot());
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// Apply the slashes due at `now`, at most `MaxSlashesPerBlock`, before the block's
		/// extrinsics (a withdrawal may complete in the block a slash covering it applies).
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			use ssp_primitives::OnSlashApplied;
			let processed = Self::process_due(now);
			T::WeightInfo::on_initialize(processed)
				.saturating_add(T::OnSlashApplied::max_weight().saturating_mul(processed.into()))
		}

		fn integrity_test() {
			assert!(T::MaxSlashesPerBlock::get() >= 1, "MaxSlashesPerBlock must be positive");
			assert!(T::MaxPendingSlashes::get() >= 1, "MaxPendingSlashes must be positive");
			assert!(
				T::MaxPendingSlashesPerNetwork::get() >= 1,
				"MaxPendingSlashesPerNetwork must be positive"
			);
			assert!(
				!T::CircuitBreakerWindow::get().is_zero(),
				"CircuitBreakerWindow must be positive"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call(weight(<T as Config>::WeightInfo))]
	impl<T: Config> Pallet<T> {
		/// Report that `operator` committed an offence on `network` at `offence_block`, to be
		/// punished by slashing `fraction` of the stake it allocates to `network`. The slash
		/// applies after `VetoWindow` blocks unless the veto origin cancels it.
		///
		/// Origin: the network's slasher (`SlasherOrigin`). The offence must be at most
		/// `ReportingWindow` blocks old and not reported before; `fraction` is non-zero and at
		/// most the network's maximum slash per offence.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::report_offence(evidence.len() as u32))]
		pub fn report_offence(
			origin: OriginFor<T>,
			network: NetworkId,
			operator: T::AccountId,
			fraction: Perbill,
			offence_block: BlockNumberFor<T>,
			evidence: BoundedVec<u8, T::MaxEvidenceLen>,
		) -> DispatchResult {
			ensure!(T::Networks::has_slashing_authority(network), Error::<T>::UnknownNetwork);
			let reporter = T::SlasherOrigin::ensure_origin(origin, &network)?;
			Self::do_report(reporter, network, operator, fraction, offence_block, evidence)
		}

		/// Cancel a pending (or queued) slash, with a `reason` for the record. Only that slash is
		/// cancelled; the offence cannot be reported again.
		///
		/// Origin: `VetoOrigin`.
		#[pallet::call_index(1)]
		pub fn cancel_slash(
			origin: OriginFor<T>,
			id: SlashId,
			reason: BoundedVec<u8, T::MaxReasonLen>,
		) -> DispatchResult {
			T::VetoOrigin::ensure_origin(origin)?;
			Self::do_cancel(id, reason)
		}

		/// Apply a slash whose veto window has passed, or a queued one the circuit breaker now
		/// allows. The hook does this by itself; anyone may call it.
		///
		/// Origin: signed (any account).
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::apply_slash(RESTAKERS_MEASURED).saturating_add(
			<T::OnSlashApplied as ssp_primitives::OnSlashApplied<_, _>>::max_weight()
		))]
		pub fn apply_slash(origin: OriginFor<T>, id: SlashId) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_apply_call(id)
		}

		/// Un-jail `operator` on `network` once `JailCooldown` has passed since it was jailed.
		/// The jail of a network that has retired binds nothing: anyone may clear it, at once.
		///
		/// Origin: the network's manager (`ManagerOrigin`); any signed account once the network
		/// is no longer registered.
		#[pallet::call_index(3)]
		pub fn unjail(
			origin: OriginFor<T>,
			network: NetworkId,
			operator: T::AccountId,
		) -> DispatchResult {
			if T::Networks::is_registered(network) {
				T::ManagerOrigin::ensure_origin(origin, &network)?;
				Self::do_unjail(network, operator)
			} else {
				ensure_signed(origin)?;
				Self::do_clear_jail(network, operator)
			}
		}

		/// Pay the caller the reporter rewards owed to it, as far as the slashed funds have
		/// arrived.
		///
		/// Origin: signed by a reporter.
		#[pallet::call_index(4)]
		pub fn claim_reward(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_claim_reward(who)
		}
	}

	impl<T: Config> Pallet<T> {
		/// The account holding reporter rewards not yet claimed.
		pub fn reward_pot() -> T::AccountId {
			use sp_runtime::traits::AccountIdConversion;
			T::PalletId::get().into_account_truncating()
		}
	}
}
