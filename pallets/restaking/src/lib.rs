#![doc = include_str!("../README.md")]
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

mod asks;
#[cfg(feature = "runtime-benchmarks")]
pub(crate) mod benchmarking;
mod dispatchables;
mod history;
mod impls;
pub mod migrations;
#[cfg(test)]
mod mock;
pub mod pool;
mod refresh;
mod rewards;
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

/// Funds taken from an account and not yet placed anywhere.
pub type CreditOf<T> =
	fungible::Credit<<T as frame_system::Config>::AccountId, <T as Config>::Currency>;

/// An operator record of this pallet's configuration.
pub type OperatorOf<T> = Operator<
	BalanceOf<T>,
	frame_system::pallet_prelude::BlockNumberFor<T>,
	<T as Config>::MaxMetadataLen,
	<T as Config>::MaxNetworksPerOperator,
>;

/// A restaker record of this pallet's configuration.
pub type RestakerOf<T> = Restaker<
	<T as frame_system::Config>::AccountId,
	BalanceOf<T>,
	frame_system::pallet_prelude::BlockNumberFor<T>,
>;

const LOG_TARGET: &str = "runtime::ssp-restaking";

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{
		pallet_prelude::*,
		traits::{
			fungible::{Mutate, MutateFreeze, MutateHold},
			tokens::Preservation,
			EnsureOriginWithArg, OnUnbalanced,
		},
		PalletId,
	};
	use frame_system::pallet_prelude::*;
	use sp_runtime::{traits::AccountIdConversion, FixedU128, Perbill};
	use sp_staking::StakingInterface;
	use ssp_primitives::{BondedStakeSlasher, NetworkId, NetworkRegistry, OnBackingChange};

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(2);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// A reason for the pallet to freeze funds.
	#[pallet::composite_enum]
	pub enum FreezeReason {
		/// Funds restaked to an operator, liable to slashing until their withdrawal completes.
		#[codec(index = 0)]
		Restaked,
	}

	/// A reason for the pallet to hold funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The deposit an operator pays for each network it is opted into (its slot in the
		/// network's bounded operator list); returned when the opt-out completes.
		#[codec(index = 0)]
		OptInDeposit,
	}

	/// Default values of the pallet's configuration, for `#[derive_impl]`.
	pub mod config_preludes {
		use super::*;
		use frame_support::{derive_impl, parameter_types, traits::ConstU32};

		/// The pallet id, the bounds its weights are benchmarked at (1,000 operators per network,
		/// 100 networks per operator), no leverage (a restaking factor of at most 100%: a runtime
		/// allows leverage by raising `MaxRestakingFactor`), no minimum operator stake, and its
		/// reference weights. Chain-specific items (currency, staking, where slashed funds go,
		/// the network registry, deposits, minimum restake and the windows in blocks) have no
		/// default.
		///
		/// ```ignore
		/// #[derive_impl(pallet_ssp_restaking::config_preludes::SspDefaultConfig)]
		/// impl pallet_ssp_restaking::Config for Runtime { /* the items without a default */ }
		/// ```
		pub struct SspDefaultConfig;

		#[derive_impl(frame_system::config_preludes::TestDefaultConfig, no_aggregated_types)]
		impl frame_system::DefaultConfig for SspDefaultConfig {}

		parameter_types! {
			pub const RestakingPalletId: PalletId = PalletId(*b"ssp/rstk");
			/// 10% of the stake per lease period.
			pub const MaxAskPerPeriod: FixedU128 = FixedU128::from_inner(100_000_000_000_000_000);
		}

		#[frame_support::register_default_impl(SspDefaultConfig)]
		impl DefaultConfig for SspDefaultConfig {
			#[inject_runtime_type]
			type RuntimeFreezeReason = ();
			#[inject_runtime_type]
			type RuntimeHoldReason = ();
			type PalletId = RestakingPalletId;
			type MaxRestakingFactor = ConstU32<100>;
			type MaxNetworksPerOperator = ConstU32<100>;
			type MaxOperatorsPerNetwork = ConstU32<1_000>;
			type MaxMetadataLen = ConstU32<128>;
			type MinOperatorStake = frame_support::traits::GetDefault;
			type MaxMagnitudeHistory = ConstU32<8>;
			type MaxRefreshesPerBlock = ConstU32<8>;
			type MaxAllocationRefreshesPerBlock = ConstU32<64>;
			type MaxAsk = MaxAskPerPeriod;
			type WeightInfo = ();
		}
	}

	#[pallet::config(with_default)]
	pub trait Config: frame_system::Config {
		/// The currency restaked. Must be the currency `Staking` bonds: the pallet freezes the
		/// restaked amount on top of staking's hold.
		#[pallet::no_default]
		type Currency: Mutate<Self::AccountId>
			+ MutateFreeze<Self::AccountId, Id = Self::RuntimeFreezeReason>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ fungible::Balanced<Self::AccountId>;

		/// The overarching freeze reason.
		#[pallet::no_default_bounds]
		type RuntimeFreezeReason: From<FreezeReason>;

		/// The overarching hold reason.
		#[pallet::no_default_bounds]
		type RuntimeHoldReason: From<HoldReason>;

		/// The parent chain's staking system, where restakers bond their stake.
		#[pallet::no_default]
		type Staking: StakingInterface<AccountId = Self::AccountId, Balance = BalanceOf<Self>>;

		/// Slashes bonded stake through the staking system's own ledger (in a runtime with
		/// `pallet-staking`: an adapter over `pallet_staking::slashing::do_slash`).
		#[pallet::no_default]
		type BondedSlasher: BondedStakeSlasher<Self::AccountId, BalanceOf<Self>, CreditOf<Self>>;

		/// Where slashed funds go (burnt with `()`, or a treasury).
		#[pallet::no_default]
		type OnSlash: OnUnbalanced<CreditOf<Self>>;

		/// The network registry (the leasing pallet).
		#[pallet::no_default]
		type Networks: NetworkRegistry;

		/// Told whenever the total stake allocated to a network changes (the leasing pallet, which
		/// keeps each network's security figures; `()` to ignore).
		#[pallet::no_default]
		type OnBackingChange: OnBackingChange<BalanceOf<Self>>;

		/// The operator's standing with the slashing pallet (`()`: never jailed, no slash
		/// pending). A jailed operator cannot opt into the network or increase its allocation
		/// there; while a slash against an operator is unapplied its restakers cannot withdraw.
		#[pallet::no_default]
		type Jail: ssp_primitives::OperatorJail<Self::AccountId>;

		/// The pallet's id: its account holds the rewards not yet claimed. That account must be
		/// endowed with the existential deposit (e.g. at genesis).
		#[pallet::constant]
		type PalletId: Get<PalletId>;

		/// Cap on the sum of an operator's magnitudes, in percent: 100 = each unit of stake
		/// secures at most one network's worth; more is leverage.
		#[pallet::constant]
		type MaxRestakingFactor: Get<u32>;

		/// The most networks one operator can opt into.
		#[pallet::constant]
		type MaxNetworksPerOperator: Get<u32>;

		/// The most operators one network can have opted in (bounds the per-network operator
		/// index that lease payouts iterate).
		#[pallet::constant]
		type MaxOperatorsPerNetwork: Get<u32>;

		/// Held from an operator for each network it opts into, and returned when the opt-out
		/// completes: a network's operator slots are bounded, so each costs its holder.
		#[pallet::constant]
		#[pallet::no_default]
		type OptInDeposit: Get<BalanceOf<Self>>;

		/// The smallest stake an operator's pool must hold (active, not withdrawing) for the
		/// operator to opt into a network: a stakeless operator cannot take a slot.
		#[pallet::constant]
		#[pallet::no_default_bounds]
		type MinOperatorStake: Get<BalanceOf<Self>>;

		/// Who may remove an operator from a network (and let it back): the network's manager
		/// (the leasing pallet's `EnsureNetworkManager`).
		#[pallet::no_default]
		type NetworkManagerOrigin: EnsureOriginWithArg<Self::RuntimeOrigin, NetworkId>;

		/// The longest operator metadata, in bytes.
		#[pallet::constant]
		type MaxMetadataLen: Get<u32>;

		/// The smallest first restake.
		#[pallet::constant]
		#[pallet::no_default]
		type MinRestake: Get<BalanceOf<Self>>;

		/// The most magnitude changes of one operator on one network kept for the reporting and
		/// veto windows (each a block number and a `Perbill`). While that many changes are
		/// within the windows, further allocation changes on that network wait
		/// (`TooManyAllocationChanges`).
		#[pallet::constant]
		type MaxMagnitudeHistory: Get<u32>;

		/// The most allocation changes (and opt-outs) that may take effect in one block: the
		/// hook marks their operators stale at that block.
		#[pallet::constant]
		type MaxRefreshesPerBlock: Get<u32>;

		/// The most allocations the hook refreshes in one block (an operator refreshed with no
		/// allocation counts as one): its budget, whatever `MaxNetworksPerOperator` is. An
		/// operator with more allocations is refreshed over several blocks.
		#[pallet::constant]
		type MaxAllocationRefreshesPerBlock: Get<u32>;

		/// Blocks before an increased allocation takes effect.
		#[pallet::constant]
		#[pallet::no_default]
		type AllocationDelay: Get<BlockNumberFor<Self>>;

		/// Blocks between a withdrawal request and its completion; the stake stays slashable
		/// meanwhile. Must be at least `ReportingWindow + VetoWindow`. A withdrawal can complete
		/// in the block a slash for an offence at its request block applies: the slashing pallet
		/// must apply matured slashes in `on_initialize`, before that block's extrinsics.
		#[pallet::constant]
		#[pallet::no_default]
		type WithdrawalDelay: Get<BlockNumberFor<Self>>;

		/// Blocks a network has to report an offence after it happened.
		#[pallet::constant]
		#[pallet::no_default]
		type ReportingWindow: Get<BlockNumberFor<Self>>;

		/// Blocks a reported slash waits, cancellable, before it is applied.
		#[pallet::constant]
		#[pallet::no_default]
		type VetoWindow: Get<BlockNumberFor<Self>>;

		/// The highest minimum yield per lease period an operator may ask of a network
		/// (`set_ask`). The quote's floor is the asked reward over the network's CoC, so one
		/// operator holding a share `s` of the network's stake raises it by at most
		/// `MaxAsk × s / (fault threshold × max slash)`; the network's manager may remove an
		/// operator whose ask it will not pay.
		#[pallet::constant]
		type MaxAsk: Get<FixedU128>;

		/// Weight information for extrinsics in this pallet.
		type WeightInfo: WeightInfo;
	}

	/// Registered operators, with their allocations.
	#[pallet::storage]
	pub type Operators<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, OperatorOf<T>>;

	/// The pool of stake behind each operator.
	#[pallet::storage]
	pub type Pools<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, Pool<BalanceOf<T>>, ValueQuery>;

	/// All stake in all operator pools (the sum of every pool's `stake`), kept up to date on
	/// every pool write, so that "a fraction of all restaked stake" costs one read.
	#[pallet::storage]
	pub type TotalRestaked<T: Config> = StorageValue<_, BalanceOf<T>, ValueQuery>;

	/// Restaker positions. A restaker backs one operator.
	#[pallet::storage]
	pub type Restakers<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, RestakerOf<T>>;

	/// Stake allocated to each network, summed over operators, as of each operator's last
	/// refresh.
	#[pallet::storage]
	pub type NetworkStake<T: Config> =
		StorageMap<_, Twox64Concat, NetworkId, BalanceOf<T>, ValueQuery>;

	/// The part of [`NetworkStake`] contributed by operators with more than one allocation in
	/// effect: stake that a slash on another network also takes (the market prices it as risk).
	#[pallet::storage]
	pub type NetworkSharedStake<T: Config> =
		StorageMap<_, Twox64Concat, NetworkId, BalanceOf<T>, ValueQuery>;

	/// What each allocation adds to [`NetworkSharedStake`]: its contribution while its operator
	/// has other allocations in effect, absent otherwise. Set with the contribution at each
	/// refresh.
	#[pallet::storage]
	pub type SharedContribution<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Twox64Concat,
		NetworkId,
		BalanceOf<T>,
		OptionQuery,
	>;

	/// The operators opted into each network (including those opting out, until their opt-out
	/// completes), so that a network's backers can be found without iterating all operators.
	/// One small entry per (network, operator): opting in or out touches only its own entry,
	/// whatever the number of the network's operators.
	#[pallet::storage]
	pub type NetworkOperators<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		NetworkId,
		Blake2_128Concat,
		T::AccountId,
		(),
		OptionQuery,
	>;

	/// How many operators [`NetworkOperators`] holds for each network (at most
	/// `MaxOperatorsPerNetwork`); absent at zero.
	#[pallet::storage]
	pub type NetworkOperatorCount<T: Config> =
		StorageMap<_, Twox64Concat, NetworkId, u32, ValueQuery>;

	/// The magnitudes an operator had on a network before its latest changes, as
	/// `(until, magnitude)`: `magnitude` was in effect up to block `until` (exclusive), from the
	/// `until` of the entry before. Entries older than the reporting and veto windows are
	/// pruned, so that an offence is always slashed at the magnitude of its block.
	#[pallet::storage]
	pub type MagnitudeHistory<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Twox64Concat,
		NetworkId,
		BoundedVec<(BlockNumberFor<T>, Perbill), T::MaxMagnitudeHistory>,
		ValueQuery,
	>;

	/// Operators whose contributions to their networks' stake lag their pool (after restakes,
	/// withdrawals, settlements and staking's notifications, which do not touch the networks'
	/// stake) or their matured allocation changes. The hook refreshes them, in key order, at
	/// most `MaxAllocationRefreshesPerBlock` allocations per block; anyone may call
	/// `refresh_operator` sooner.
	#[pallet::storage]
	pub type StaleOperators<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, (), OptionQuery>;

	/// The operators with an allocation change (or an opt-out) taking effect at each block: the
	/// hook marks them stale at that block, so a matured decrease stops counting for the
	/// network's security, and a matured increase starts counting, without anyone's call.
	#[pallet::storage]
	pub type Maturing<T: Config> = StorageMap<
		_,
		Twox64Concat,
		BlockNumberFor<T>,
		BoundedVec<T::AccountId, T::MaxRefreshesPerBlock>,
		ValueQuery,
	>;

	/// The operator the hook is refreshing and the index of its next allocation, when a
	/// refresh did not fit in one block's budget: the next block resumes it there.
	#[pallet::storage]
	pub type RefreshCursor<T: Config> = StorageValue<_, (T::AccountId, u32), OptionQuery>;

	/// Operators slashed since their last full refresh: the slash reduced their pool and the
	/// slashed network at once, and the refresh hook carries the loss to their other networks,
	/// before any other stale operator (a slash's propagation does not wait behind a backlog of
	/// restakes). Removed, with [`Event::SlashPropagated`], when the operator's allocations
	/// have all been refreshed from the first after its latest slash.
	#[pallet::storage]
	pub type Propagating<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, (), OptionQuery>;

	/// Operators a network's manager removed from the network: they cannot opt into it again
	/// until the manager readmits them.
	#[pallet::storage]
	pub type RemovedOperators<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		NetworkId,
		Blake2_128Concat,
		T::AccountId,
		(),
		OptionQuery,
	>;

	/// The lease rewards each network paid per unit of the stake backing it, cumulative. An
	/// allocation earns `contributed × (this − its checkpoint)`, taken into the operator's pool
	/// at each harvest (before any change of the pool's active shares, at every refresh and
	/// claim), so that paying a network costs O(1) whatever the number of its operators. Kept
	/// while the network has operators.
	#[pallet::storage]
	pub type NetworkRewardPerStake<T: Config> =
		StorageMap<_, Twox64Concat, NetworkId, sp_runtime::FixedU128, ValueQuery>;

	/// Each operator's minimum yield on a network it is opted into: the lease reward per lease
	/// period per unit of the network's stake it asks. Allocation increases that would leave
	/// the network's yield below it are refused; the market's quote covers it. Removed when the
	/// operator's opt-out completes.
	#[pallet::storage]
	pub type Asks<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Twox64Concat,
		NetworkId,
		FixedU128,
		OptionQuery,
	>;

	/// The reward per lease period each network's backers ask in all: Σ ask × contribution
	/// (rounded down each) over the allocations with an ask, kept with every contribution and
	/// every ask change. Absent at zero.
	#[pallet::storage]
	pub type NetworkAskedReward<T: Config> =
		StorageMap<_, Twox64Concat, NetworkId, BalanceOf<T>, ValueQuery>;

	/// Set while the pallet itself slashes bonded stake, so that the staking system's
	/// `on_slash` notification of that same slash is not counted twice.
	#[pallet::storage]
	pub type SlashingBonded<T: Config> = StorageValue<_, bool, ValueQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An operator registered.
		OperatorRegistered {
			/// The operator.
			operator: T::AccountId,
			/// Its commission on rewards.
			commission: Perbill,
		},
		/// An operator opted into a network.
		OptedIn {
			/// The operator.
			operator: T::AccountId,
			/// The network.
			network: NetworkId,
			/// Held from the operator for the slot (`OptInDeposit`).
			deposit: BalanceOf<T>,
		},
		/// An operator scheduled its opt-out of a network; its stake stays slashable there
		/// until `effective_at`.
		OptOutScheduled {
			/// The operator.
			operator: T::AccountId,
			/// The network.
			network: NetworkId,
			/// The block the opt-out completes at.
			effective_at: BlockNumberFor<T>,
		},
		/// An operator's opt-out of a network completed.
		OptedOut {
			/// The operator.
			operator: T::AccountId,
			/// The network.
			network: NetworkId,
			/// The opt-in deposit returned to the operator.
			deposit: BalanceOf<T>,
		},
		/// A network's manager removed an operator from the network: its opt-out is scheduled
		/// (if it was opted in and not already leaving) and it cannot opt in again until
		/// readmitted.
		OperatorRemoved {
			/// The network.
			network: NetworkId,
			/// The operator.
			operator: T::AccountId,
			/// The block its opt-out completes at, if this removal scheduled one.
			effective_at: Option<BlockNumberFor<T>>,
		},
		/// A network's manager let a removed operator opt into the network again.
		OperatorReadmitted {
			/// The network.
			network: NetworkId,
			/// The operator.
			operator: T::AccountId,
		},
		/// An operator set (`Some`) or cleared (`None`) its minimum yield per lease period on a
		/// network.
		AskSet {
			/// The operator.
			operator: T::AccountId,
			/// The network.
			network: NetworkId,
			/// The reward per lease period per unit of stake it asks.
			ask: Option<FixedU128>,
			/// The network's backers now ask this much per period in all.
			asked_reward: BalanceOf<T>,
		},
		/// A network paid its backers less than they ask in all (the sum of each operator's ask
		/// times its stake there): operators whose ask is not met may leave.
		RewardBelowAsks {
			/// The network.
			network: NetworkId,
			/// What it paid.
			paid: BalanceOf<T>,
			/// What its backers ask per period.
			asked: BalanceOf<T>,
		},
		/// An operator scheduled a new magnitude for a network.
		AllocationScheduled {
			/// The operator.
			operator: T::AccountId,
			/// The network.
			network: NetworkId,
			/// The new magnitude.
			magnitude: Perbill,
			/// The block it takes effect at.
			effective_at: BlockNumberFor<T>,
		},
		/// A restaker committed bonded stake to an operator.
		Restaked {
			/// The restaker.
			restaker: T::AccountId,
			/// The operator.
			operator: T::AccountId,
			/// The stake added.
			amount: BalanceOf<T>,
		},
		/// A restaker asked to withdraw stake; it stays slashable until `unlock_at`.
		WithdrawalRequested {
			/// The restaker.
			restaker: T::AccountId,
			/// The operator.
			operator: T::AccountId,
			/// The stake being withdrawn (at today's share price).
			amount: BalanceOf<T>,
			/// The block the withdrawal can complete at.
			unlock_at: BlockNumberFor<T>,
		},
		/// Restaked stake left the staking system (unbonded and withdrawn, or slashed there), so
		/// the excess of the restaked position was moved into a withdrawal. It stays frozen and
		/// slashable until `unlock_at`.
		WithdrawalForced {
			/// The restaker.
			restaker: T::AccountId,
			/// The operator.
			operator: T::AccountId,
			/// The stake moved into the withdrawal.
			amount: BalanceOf<T>,
			/// The block the withdrawal can complete at.
			unlock_at: BlockNumberFor<T>,
		},
		/// A withdrawal completed and its stake was unfrozen.
		Withdrawn {
			/// The restaker.
			restaker: T::AccountId,
			/// The operator.
			operator: T::AccountId,
			/// The stake unfrozen.
			amount: BalanceOf<T>,
		},
		/// An operator was slashed on a network: every restaker of its pool loses pro rata.
		OperatorSlashed {
			/// The operator.
			operator: T::AccountId,
			/// The network the offence was on.
			network: NetworkId,
			/// The fraction of the operator's allocated stake slashed (after the network's cap).
			fraction: Perbill,
			/// The stake removed from the pool.
			amount: BalanceOf<T>,
		},
		/// The stake an operator allocates to a network fell because of a slash: for the
		/// slashed network when the slash applies, for the operator's other networks when a
		/// refresh of the operator (the hook's, or any call's) carries the loss to them.
		BackingReduced {
			/// The operator.
			operator: T::AccountId,
			/// The network.
			network: NetworkId,
			/// The allocated stake before.
			old: BalanceOf<T>,
			/// The allocated stake after.
			new: BalanceOf<T>,
		},
		/// Every network of a slashed operator now counts its stake as the slash left it (the
		/// last [`Event::BackingReduced`] of the slash's propagation was deposited before).
		SlashPropagated {
			/// The operator.
			operator: T::AccountId,
		},
		/// Slashes of an operator were settled on one restaker's funds.
		RestakerSlashed {
			/// The restaker.
			restaker: T::AccountId,
			/// The operator.
			operator: T::AccountId,
			/// Taken from the restaker's bonded stake (through the staking ledger).
			bonded: BalanceOf<T>,
			/// Taken from the restaker's free, frozen funds.
			free: BalanceOf<T>,
			/// Owed but left bonded for the staking system's own slashes, which come first (the
			/// restaker owes that much less).
			left_for_staking: BalanceOf<T>,
			/// Owed but not found on the account (should be zero).
			missing: BalanceOf<T>,
		},
		/// A slash in the staking system reduced a restaker's position.
		ParentSlashApplied {
			/// The restaker.
			restaker: T::AccountId,
			/// The operator.
			operator: T::AccountId,
			/// The restaked stake removed.
			amount: BalanceOf<T>,
			/// What the restaker owed for SSP slashes not yet settled and owes no more: the
			/// staking slash took from the same stake first, so the debt shrank with it.
			debt_reduced: BalanceOf<T>,
		},
		/// A network paid a lease reward to the stake backing it; each operator's pool takes its
		/// share at its next harvest (`RewardPaid`).
		NetworkRewarded {
			/// The network paying.
			network: NetworkId,
			/// The amount paid into the reward pot.
			amount: BalanceOf<T>,
		},
		/// An operator's pool took a network's reward (directly, or its share of the network's
		/// lease rewards at a harvest).
		RewardPaid {
			/// The network paying.
			network: NetworkId,
			/// The operator.
			operator: T::AccountId,
			/// The operator's commission.
			commission: BalanceOf<T>,
			/// The part distributed to the restakers.
			distributed: BalanceOf<T>,
		},
		/// A restaker claimed its rewards.
		RewardsClaimed {
			/// The restaker.
			restaker: T::AccountId,
			/// The amount paid.
			amount: BalanceOf<T>,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The account is already a registered operator.
		AlreadyOperator,
		/// The account is not a registered operator.
		NotOperator,
		/// The network is not registered or does not accept new allocations.
		NetworkNotAccepting,
		/// The operator already opted into this network.
		AlreadyOptedIn,
		/// The operator has not opted into this network.
		NotOptedIn,
		/// The operator is opting out of this network.
		OptingOut,
		/// The operator is in as many networks as allowed.
		TooManyNetworks,
		/// The network has as many operators as allowed (`MaxOperatorsPerNetwork`).
		TooManyOperators,
		/// The sum of the operator's magnitudes would exceed `MaxRestakingFactor`.
		RestakingFactorExceeded,
		/// The magnitude is the one already in effect or scheduled.
		MagnitudeUnchanged,
		/// The operator has nothing allocated (and slashable) on this network.
		NothingAllocated,
		/// The account has no restaked position.
		NotRestaker,
		/// The account already restakes with another operator.
		OtherOperator,
		/// The account's active bonded stake does not cover the restaked amount.
		InsufficientBondedStake,
		/// A first restake must be at least `MinRestake`.
		BelowMinimumRestake,
		/// The amount is zero or buys no share.
		ZeroAmount,
		/// The operator's pool was slashed to nothing while shares remain; it takes no deposit.
		PoolDepleted,
		/// The restaker has no active stake to withdraw.
		NothingToWithdraw,
		/// No withdrawal is waiting.
		NoWithdrawal,
		/// The withdrawal delay has not passed.
		WithdrawalNotReady,
		/// A slash against the operator is reported and not yet applied or cancelled: the
		/// withdrawal waits for it.
		UnappliedSlash,
		/// There is no reward to claim.
		NothingToClaim,
		/// The pool has no active stake to reward.
		NoActiveStake,
		/// The operator is jailed on this network: no opt-in or allocation increase there.
		Jailed,
		/// The operator changed its allocation on this network `MaxMagnitudeHistory` times
		/// within the reporting and veto windows: further changes wait for the oldest to leave
		/// them.
		TooManyAllocationChanges,
		/// Every block in which the change could take effect already has
		/// `MaxRefreshesPerBlock` changes taking effect: try again in a later block.
		MaturityScheduleFull,
		/// The operator's free funds do not cover the opt-in deposit.
		InsufficientDeposit,
		/// The operator's pool holds less active stake than `MinOperatorStake`.
		OperatorStakeTooLow,
		/// The network's manager removed the operator from the network.
		RemovedByNetwork,
		/// The operator is already removed from the network.
		AlreadyRemoved,
		/// The operator was not removed from the network.
		NotRemoved,
		/// No stake backs the network: there is no one to reward.
		NoNetworkStake,
		/// The reward is too small to be worth anything per unit of the network's stake.
		RewardTooSmall,
		/// The ask is above `MaxAsk`.
		AskTooHigh,
		/// The network's lease would pay less per unit of its stake than the operator asks once
		/// the increase takes effect.
		BelowAsk,
	}

	/// Genesis: operators with allocations in effect at once, and restakers (who must be bonded
	/// by the staking pallet's genesis, built before this one).
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Operators, with their commission and allocations.
		pub operators: alloc::vec::Vec<GenesisOperator<T::AccountId>>,
		/// Restakers, with their operator and the stake restaked.
		pub restakers: alloc::vec::Vec<GenesisRestaker<T::AccountId, BalanceOf<T>>>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			ssp_primitives::endow_pot_at_genesis::<_, T::Currency>(&Pallet::<T>::reward_pot());
			for o in &self.operators {
				Pallet::<T>::do_register_operator(
					o.operator.clone(),
					o.commission,
					Default::default(),
				)
				.expect("genesis operator registers");
			}
			// Restakers first: an operator may need `MinOperatorStake` behind it to opt in.
			for r in &self.restakers {
				Pallet::<T>::do_restake(r.restaker.clone(), r.operator.clone(), r.amount)
					.expect("genesis restaker is bonded and its operator registered");
			}
			for o in &self.operators {
				for GenesisAllocation { network, magnitude } in &o.allocations {
					Pallet::<T>::do_opt_in(o.operator.clone(), *network)
						.expect("genesis network accepts allocations, operator pays the deposit");
					Operators::<T>::mutate(&o.operator, |info| {
						if let Some(a) = info
							.as_mut()
							.and_then(|i| i.allocations.iter_mut().find(|a| a.network == *network))
						{
							a.magnitude = *magnitude;
						}
					});
				}
				let factor = Operators::<T>::get(&o.operator)
					.map(|i| {
						i.allocations
							.iter()
							.map(|a| u64::from(a.magnitude.deconstruct()))
							.sum::<u64>()
					})
					.unwrap_or_default();
				assert!(
					factor <= Pallet::<T>::max_factor_parts(),
					"genesis allocations exceed MaxRestakingFactor"
				);
			}
			for o in &self.operators {
				// Refreshed in full: nothing is left for the hook to do.
				Pallet::<T>::refresh_operator_networks(&o.operator)
					.expect("genesis operators refresh");
			}
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			use sp_runtime::traits::Saturating;
			assert!(
				T::WithdrawalDelay::get()
					>= T::ReportingWindow::get().saturating_add(T::VetoWindow::get()),
				"WithdrawalDelay must be at least ReportingWindow + VetoWindow, or withdrawn \
				 stake escapes slashes for offences reported in time",
			);
			assert!(T::MaxRestakingFactor::get() >= 1, "MaxRestakingFactor must be positive");
			assert!(
				T::MaxNetworksPerOperator::get() >= 1,
				"MaxNetworksPerOperator must be positive"
			);
			assert!(
				T::MaxOperatorsPerNetwork::get() >= 1,
				"MaxOperatorsPerNetwork must be positive"
			);
			assert!(
				T::MaxRefreshesPerBlock::get() >= 1,
				"MaxRefreshesPerBlock must be positive: matured changes must be refreshed"
			);
			assert!(
				T::MaxAllocationRefreshesPerBlock::get() >= 1,
				"MaxAllocationRefreshesPerBlock must be positive: stale operators must be refreshed"
			);
			assert!(
				T::MaxMagnitudeHistory::get() >= 1,
				"MaxMagnitudeHistory must be positive: a change must be remembered to be slashed"
			);
		}

		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			Self::refresh_stale(now)
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call(weight(<T as Config>::WeightInfo))]
	impl<T: Config> Pallet<T> {
		/// Register the caller as an operator with a `commission` on rewards and `metadata`.
		///
		/// Origin: signed; the caller becomes the operator.
		#[pallet::call_index(0)]
		pub fn register_operator(
			origin: OriginFor<T>,
			commission: Perbill,
			metadata: BoundedVec<u8, T::MaxMetadataLen>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_register_operator(who, commission, metadata)
		}

		/// Opt the calling operator into `network`, with a zero allocation. `OptInDeposit` is
		/// held from the operator until the opt-out completes.
		///
		/// Origin: signed by a registered operator whose pool holds at least
		/// `MinOperatorStake`, not removed from the network by its manager. The network must
		/// accept allocations.
		#[pallet::call_index(1)]
		pub fn opt_in(origin: OriginFor<T>, network: NetworkId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_opt_in(who, network)
		}

		/// Opt the calling operator out of `network`. The allocation drops to zero and the
		/// entry disappears after `ReportingWindow + VetoWindow + 1` blocks; until then the stake
		/// stays slashable for the network.
		///
		/// Origin: signed by a registered operator opted into `network`.
		#[pallet::call_index(2)]
		pub fn opt_out(origin: OriginFor<T>, network: NetworkId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_opt_out(who, network)
		}

		/// Set the fraction (`magnitude`) of the calling operator's backing allocated to
		/// `network`. An increase takes effect after `AllocationDelay` blocks; a decrease after
		/// `ReportingWindow + VetoWindow + 1` blocks (slashable at the old magnitude meanwhile). The
		/// sum of magnitudes is capped by `MaxRestakingFactor`.
		///
		/// Origin: signed by a registered operator opted into `network`.
		#[pallet::call_index(3)]
		pub fn allocate(
			origin: OriginFor<T>,
			network: NetworkId,
			magnitude: Perbill,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_allocate(who, network, magnitude)
		}

		/// Commit `amount` more of the caller's active bonded stake to `operator`. The restaked
		/// stake is frozen until withdrawn, and slashable for the operator's networks.
		///
		/// Origin: signed by a staker of the parent chain; a restaker backs one operator.
		#[pallet::call_index(4)]
		pub fn restake(
			origin: OriginFor<T>,
			operator: T::AccountId,
			#[pallet::compact] amount: BalanceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_restake(who, operator, amount)
		}

		/// Start withdrawing `amount` of the caller's restaked stake (at most all of it). It
		/// stops backing networks and earning rewards now, and stays frozen and slashable for
		/// `WithdrawalDelay` blocks. A second request adds to the first and restarts the delay.
		///
		/// Origin: signed by a restaker.
		#[pallet::call_index(5)]
		pub fn request_withdrawal(
			origin: OriginFor<T>,
			#[pallet::compact] amount: BalanceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_request_withdrawal(who, amount)
		}

		/// Complete the caller's withdrawal after its delay: settle pending slashes and unfreeze
		/// what is left of the withdrawn stake.
		///
		/// Origin: signed by a restaker with a matured withdrawal.
		#[pallet::call_index(6)]
		pub fn withdraw(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_withdraw(who)
		}

		/// Settle the slashes pending on `restaker`'s position: take the lost stake from its
		/// funds and lower its freeze. Anyone may call this.
		///
		/// Origin: signed (any account).
		#[pallet::call_index(7)]
		pub fn settle(origin: OriginFor<T>, restaker: T::AccountId) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_settle_call(restaker)
		}

		/// Pay the caller the rewards its position earned.
		///
		/// Origin: signed by a restaker.
		#[pallet::call_index(8)]
		pub fn claim_rewards(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_claim_rewards(who)
		}

		/// Apply `operator`'s matured allocation changes and opt-outs, harvest its network
		/// rewards and update the stake it allocates to each network, all at once; the hook then
		/// has nothing left to do for it. Anyone may call this.
		///
		/// Origin: signed (any account).
		#[pallet::call_index(9)]
		pub fn refresh_operator(origin: OriginFor<T>, operator: T::AccountId) -> DispatchResult {
			ensure_signed(origin)?;
			ensure!(Operators::<T>::contains_key(&operator), Error::<T>::NotOperator);
			Self::refresh_operator_networks(&operator)?;
			Ok(())
		}

		/// Remove `operator` from `network`: schedule its opt-out (its stake stays slashable
		/// there for the slash window, as with its own opt-out) and keep it from opting in again
		/// until readmitted. Also bars an operator that is not opted in.
		///
		/// Origin: the network's manager (`NetworkManagerOrigin`).
		#[pallet::call_index(10)]
		pub fn remove_operator(
			origin: OriginFor<T>,
			network: NetworkId,
			operator: T::AccountId,
		) -> DispatchResult {
			T::NetworkManagerOrigin::ensure_origin(origin, &network)?;
			Self::do_remove_operator(network, operator)
		}

		/// Let an operator the network's manager removed opt into `network` again.
		///
		/// Origin: the network's manager (`NetworkManagerOrigin`).
		#[pallet::call_index(11)]
		pub fn readmit_operator(
			origin: OriginFor<T>,
			network: NetworkId,
			operator: T::AccountId,
		) -> DispatchResult {
			T::NetworkManagerOrigin::ensure_origin(origin, &network)?;
			ensure!(
				RemovedOperators::<T>::take(network, &operator).is_some(),
				Error::<T>::NotRemoved
			);
			Self::deposit_event(Event::OperatorReadmitted { network, operator });
			Ok(())
		}

		/// Set the calling operator's minimum yield on `network`: the lease reward per lease
		/// period per unit of the network's stake (`0.005` = 0.5% a period), or clear it with
		/// `None` (or zero). While it is set, an allocation increase that would leave the
		/// network paying less is refused (`BelowAsk`), the market's quote for the network
		/// covers what its backers ask in all, and a payout below that is evented
		/// (`RewardBelowAsks`).
		///
		/// Origin: signed by a registered operator opted into `network` (not opting out).
		#[pallet::call_index(12)]
		pub fn set_ask(
			origin: OriginFor<T>,
			network: NetworkId,
			ask: Option<FixedU128>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_set_ask(who, network, ask)
		}
	}

	impl<T: Config> Pallet<T> {
		/// The account holding unclaimed rewards.
		pub fn reward_pot() -> T::AccountId {
			T::PalletId::get().into_account_truncating()
		}

		/// Pay `amount` from the reward pot to `who`, keeping the pot alive.
		pub(crate) fn pay_from_pot(who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
			<T::Currency as Mutate<T::AccountId>>::transfer(
				&Self::reward_pot(),
				who,
				amount,
				Preservation::Preserve,
			)
			.map(|_| ())
		}
	}
}
