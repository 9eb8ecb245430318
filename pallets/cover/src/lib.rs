#![doc = include_str!("../README.md")]
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod covers;
mod expiry;
#[cfg(test)]
mod mock;
mod pricing;
mod swaps;
#[cfg(test)]
mod tests;
pub mod types;
mod underwriting;
pub mod weights;

pub use pallet::*;
pub use pricing::CoverPricing;
pub use types::*;
pub use weights::WeightInfo;

use frame_support::traits::fungible;

/// The balance type of the pallet's currency.
pub type BalanceOf<T> =
	<<T as Config>::Currency as fungible::Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// A cover pool of this pallet's configuration.
pub type PoolOf<T> = CoverPool<BalanceOf<T>, frame_system::pallet_prelude::BlockNumberFor<T>>;

/// A cover of this pallet's configuration.
pub type CoverOf<T> = Cover<
	<T as frame_system::Config>::AccountId,
	BalanceOf<T>,
	frame_system::pallet_prelude::BlockNumberFor<T>,
>;

/// A swap of this pallet's configuration.
pub type SwapOf<T> = Swap<
	<T as frame_system::Config>::AccountId,
	BalanceOf<T>,
	frame_system::pallet_prelude::BlockNumberFor<T>,
>;

/// A subject of this pallet's configuration.
pub type SubjectOf<T> = Subject<<T as frame_system::Config>::AccountId>;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{pallet_prelude::*, traits::fungible::Mutate, PalletId};
	use frame_system::pallet_prelude::*;
	use sp_runtime::traits::AccountIdConversion;
	use ssp_primitives::{
		NetworkId, NetworkRegistry, NetworkRisk, OperatorControl, OperatorJail, RestakerPositions,
		RestakingSlash,
	};

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The currency premiums, deposits, payouts and collateral are paid in.
		type Currency: Mutate<Self::AccountId>;

		/// The restaking pallet: restakers' positions, operators and their allocations, pools'
		/// stake.
		type Restaking: RestakerPositions<Self::AccountId, BalanceOf<Self>>
			+ RestakingSlash<Self::AccountId, BalanceOf<Self>>
			+ OperatorControl<Self::AccountId>
			+ ssp_primitives::NetworkBackers<Self::AccountId, BalanceOf<Self>>;

		/// The network registry and its risk factors (the leasing pallet).
		type Networks: NetworkRegistry + NetworkRisk;

		/// Whether a slash is reported and not yet applied against an operator or on a network
		/// (the slashing pallet): no cover or swap is sold on it meanwhile.
		type Jail: OperatorJail<Self::AccountId>;

		/// The pallet's id: its account holds pools' funds, payouts owed, swaps' collateral and
		/// premiums. Endowed with the existential deposit at genesis.
		#[pallet::constant]
		type PalletId: Get<PalletId>;

		/// The unit of the premium rates and of swap terms, in blocks.
		#[pallet::constant]
		type CoverPeriod: Get<BlockNumberFor<Self>>;

		/// The longest cover term, in blocks. With the blocks an end may be booked late, at
		/// most `StakeLock`: the stake a cover is bought on cannot leave before the cover ends.
		#[pallet::constant]
		type MaxCoverTerm: Get<BlockNumberFor<Self>>;

		/// How long restaked stake stays slashable after its withdrawal is requested (the
		/// restaking pallet's `WithdrawalDelay`).
		#[pallet::constant]
		type StakeLock: Get<BlockNumberFor<Self>>;

		/// The share of each covered loss a cover does not pay: at least the share of a slash
		/// its reporter earns, so that no one profits from reporting an offence on stake they
		/// covered.
		#[pallet::constant]
		type Deductible: Get<sp_runtime::Perbill>;

		/// The least collateral a swap is offered with (at least the existential deposit; it
		/// also prices the slots of a network's bounded swap list).
		#[pallet::constant]
		type MinSwapCollateral: Get<BalanceOf<Self>>;

		/// The least non-zero premium per period of a swap (at least the existential deposit:
		/// the seller's share of a triggered swap is whole periods' premiums, never dust).
		#[pallet::constant]
		type MinSwapPremium: Get<BalanceOf<Self>>;

		/// Blocks between an underwriter's withdrawal request and its completion: longer than
		/// the longest cover term and the blocks an expiry may be booked late, so that every
		/// cover the withdrawn shares backed has ended.
		#[pallet::constant]
		type WithdrawalDelay: Get<BlockNumberFor<Self>>;

		/// The premium rate's target, bump and decay (per cover period).
		#[pallet::constant]
		type Pricing: Get<CoverPricing>;

		/// The most swaps offered or active on one network (its list is read by the runtime
		/// API; a slash does not visit it).
		#[pallet::constant]
		type MaxSwapsPerNetwork: Get<u32>;

		/// The longest swap term, in cover periods.
		#[pallet::constant]
		type MaxSwapPeriods: Get<u32>;

		/// The most covers and swaps ending in one block (the hook settles them there).
		#[pallet::constant]
		type MaxExpiriesPerBlock: Get<u32>;

		/// Weight information for extrinsics in this pallet.
		type WeightInfo: WeightInfo;
	}

	/// Cover pools, by subject.
	#[pallet::storage]
	pub type Pools<T: Config> = StorageMap<_, Blake2_128Concat, SubjectOf<T>, PoolOf<T>>;

	/// Each underwriter's shares of each pool.
	#[pallet::storage]
	pub type Underwriters<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		SubjectOf<T>,
		Blake2_128Concat,
		T::AccountId,
		Underwriting<BlockNumberFor<T>>,
	>;

	/// What each pool covers on positions with each operator (present while covers are open).
	#[pallet::storage]
	pub type Exposures<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		SubjectOf<T>,
		Blake2_128Concat,
		T::AccountId,
		Exposure<BalanceOf<T>>,
	>;

	/// Each restaker's cover (one at a time: a restaker backs one operator).
	#[pallet::storage]
	pub type Covers<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, CoverOf<T>>;

	/// Security default swaps, offered or active.
	#[pallet::storage]
	pub type Swaps<T: Config> = StorageMap<_, Twox64Concat, SwapId, SwapOf<T>>;

	/// The id of the next swap.
	#[pallet::storage]
	pub type NextSwapId<T: Config> = StorageValue<_, SwapId, ValueQuery>;

	/// The swaps on each network (a slash there visits them).
	#[pallet::storage]
	pub type NetworkSwaps<T: Config> = StorageMap<
		_,
		Twox64Concat,
		NetworkId,
		BoundedVec<SwapId, T::MaxSwapsPerNetwork>,
		ValueQuery,
	>;

	/// The stake slashed on each network by applied slashes, summed since genesis (swaps measure
	/// their term's slashes against it).
	#[pallet::storage]
	pub type NetworkSlashed<T: Config> =
		StorageMap<_, Twox64Concat, NetworkId, BalanceOf<T>, ValueQuery>;

	/// The covers and swaps ending at each block.
	#[pallet::storage]
	pub type Expiries<T: Config> = StorageMap<
		_,
		Twox64Concat,
		BlockNumberFor<T>,
		BoundedVec<Expiry<T::AccountId>, T::MaxExpiriesPerBlock>,
		ValueQuery,
	>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An underwriter deposited into a pool.
		Deposited {
			/// The pool.
			subject: SubjectOf<T>,
			/// The underwriter.
			underwriter: T::AccountId,
			/// The amount.
			amount: BalanceOf<T>,
			/// The shares it bought.
			shares: u128,
		},
		/// An underwriter started withdrawing shares; they back no new cover and stay liable
		/// for the covers in force until `unlock_at`.
		WithdrawalRequested {
			/// The pool.
			subject: SubjectOf<T>,
			/// The underwriter.
			underwriter: T::AccountId,
			/// The shares, all of its withdrawing ones.
			shares: u128,
			/// From when they can be withdrawn.
			unlock_at: BlockNumberFor<T>,
		},
		/// An underwriter withdrew shares.
		Withdrawn {
			/// The pool.
			subject: SubjectOf<T>,
			/// The underwriter.
			underwriter: T::AccountId,
			/// The shares.
			shares: u128,
			/// What they were worth.
			amount: BalanceOf<T>,
		},
		/// A restaker bought cover for its position.
		CoverBought {
			/// The restaker.
			restaker: T::AccountId,
			/// The pool.
			subject: SubjectOf<T>,
			/// The operator of the position.
			operator: T::AccountId,
			/// The amount covered.
			amount: BalanceOf<T>,
			/// The rate it paid, per unit and cover period.
			rate: sp_runtime::FixedU128,
			/// The premium paid to the pool.
			premium: BalanceOf<T>,
			/// When the cover ends.
			until: BlockNumberFor<T>,
		},
		/// An applied slash reached a pool's covers on positions with the operator: `reserved`
		/// is set aside from the pool for them, paid at their next settlement.
		CoverTriggered {
			/// The pool.
			subject: SubjectOf<T>,
			/// The slashed operator.
			operator: T::AccountId,
			/// The slash (the slashing pallet's id).
			slash: u32,
			/// Reserved for the covers' payouts.
			reserved: BalanceOf<T>,
		},
		/// A cover was settled: what its slashes owed it was paid.
		CoverSettled {
			/// The restaker.
			restaker: T::AccountId,
			/// Paid to the restaker.
			paid: BalanceOf<T>,
			/// What it covers from now on.
			covered: BalanceOf<T>,
		},
		/// A cover ended (after its last settlement).
		CoverEnded {
			/// The restaker.
			restaker: T::AccountId,
		},
		/// A cover reached its end with a slash reported and unapplied on what it covers: it
		/// stays in force until `until`, so that the slash of an offence in its term pays it.
		CoverPostponed {
			/// The restaker.
			restaker: T::AccountId,
			/// Its new end.
			until: BlockNumberFor<T>,
		},
		/// A seller offered a security default swap, its collateral held.
		SwapOffered {
			/// The swap.
			id: SwapId,
			/// The network protected against.
			network: NetworkId,
			/// The seller.
			seller: T::AccountId,
			/// The collateral.
			collateral: BalanceOf<T>,
			/// The premium per cover period.
			premium_per_period: BalanceOf<T>,
			/// The term, in cover periods.
			periods: u32,
			/// Applied slashes on the network during the term that trigger it.
			threshold: BalanceOf<T>,
		},
		/// A seller withdrew its offer; the collateral is back.
		SwapCancelled {
			/// The swap.
			id: SwapId,
		},
		/// A buyer bought a swap, its premiums held.
		SwapBought {
			/// The swap.
			id: SwapId,
			/// The buyer.
			buyer: T::AccountId,
			/// The premiums held for the term.
			escrow: BalanceOf<T>,
			/// When the protection ends.
			until: BlockNumberFor<T>,
		},
		/// A swap's buyer transferred it.
		SwapTransferred {
			/// The swap.
			id: SwapId,
			/// The old buyer.
			from: T::AccountId,
			/// The new buyer.
			to: T::AccountId,
		},
		/// A network's applied slashes reached a swap's threshold during its term: the
		/// collateral and the unearned premiums went to the buyer, the earned premiums to the
		/// seller.
		SwapTriggered {
			/// The swap.
			id: SwapId,
			/// The buyer paid.
			buyer: T::AccountId,
			/// Paid to the buyer: the collateral and the premiums of the periods not begun.
			to_buyer: BalanceOf<T>,
			/// Paid to the seller: the premiums of the periods begun.
			to_seller: BalanceOf<T>,
		},
		/// A swap's term ended without reaching its threshold: collateral and premiums to the
		/// seller.
		SwapExpired {
			/// The swap.
			id: SwapId,
			/// Paid to the seller.
			to_seller: BalanceOf<T>,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The operator is not registered, or the network not known.
		UnknownSubject,
		/// The amount is zero or buys nothing.
		ZeroAmount,
		/// The pool was paid out to nothing while shares remain: it takes no deposit.
		PoolDepleted,
		/// The account holds no shares of the pool.
		NotUnderwriter,
		/// The underwriter has no active shares to withdraw.
		NothingToWithdraw,
		/// No withdrawal is waiting, or its delay has not passed.
		WithdrawalNotReady,
		/// The withdrawal would leave the pool's cover in force unbacked.
		CoverInForce,
		/// The account has no restaked position.
		NotRestaker,
		/// The position backs another operator than the pool covers.
		WrongOperator,
		/// The position's operator is not in the network the pool covers.
		NotBacking,
		/// An operator cannot buy cover of its own pool.
		SelfCover,
		/// A slash is reported against the operator (or on the network) and not yet applied.
		SlashPending,
		/// The restaker already holds a cover.
		AlreadyCovered,
		/// The amount is more than the position's active stake.
		ExceedsPosition,
		/// The term has already ended.
		TermExpired,
		/// The term is longer than `MaxCoverTerm` (or `MaxSwapPeriods`), or zero.
		TermTooLong,
		/// No pool covers the subject, or it has no funds.
		NoPool,
		/// The pool's capacity (its funds not being withdrawn) does not cover the amount.
		OverCapacity,
		/// The premium is above the buyer's bound.
		PremiumAboveMax,
		/// Every block the term could end at already has `MaxExpiriesPerBlock` ends.
		ExpiryScheduleFull,
		/// The restaker holds no cover.
		NoCover,
		/// The network has `MaxSwapsPerNetwork` swaps.
		TooManySwaps,
		/// No such swap.
		UnknownSwap,
		/// Only the swap's seller may do this.
		NotSeller,
		/// The swap is not on offer.
		NotOffered,
		/// Only the swap's buyer may do this.
		NotBuyer,
		/// A seller cannot buy its own swap.
		SelfSwap,
		/// The network's applied slashes since the swap was bought are below its threshold.
		ThresholdNotReached,
		/// The operator's pool was slashed to nothing while covers on it are open: no new cover
		/// until they have ended.
		ExposureDepleted,
		/// The collateral is below `MinSwapCollateral`.
		CollateralTooLow,
		/// A premium per period must be zero or at least `MinSwapPremium`.
		PremiumTooLow,
	}

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		#[serde(skip)]
		pub _marker: core::marker::PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			ssp_primitives::endow_pot_at_genesis::<_, T::Currency>(&Pallet::<T>::pot());
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			use sp_runtime::traits::{Saturating, Zero};
			assert!(!T::CoverPeriod::get().is_zero(), "CoverPeriod must be positive");
			assert!(
				T::WithdrawalDelay::get()
					> T::MaxCoverTerm::get()
						.saturating_add(expiry::EXPIRY_SEARCH.into())
						.max(T::CoverPeriod::get().saturating_mul(T::MaxSwapPeriods::get().into())),
				"WithdrawalDelay must outlast every cover the withdrawn shares backed"
			);
			assert!(T::MaxExpiriesPerBlock::get() >= 1, "MaxExpiriesPerBlock must be positive");
			assert!(
				T::MaxCoverTerm::get().saturating_add(expiry::EXPIRY_SEARCH.into())
					<= T::StakeLock::get(),
				"a cover must end before the stake it covers can be withdrawn"
			);
			use frame_support::traits::fungible::Inspect;
			assert!(
				T::MinSwapCollateral::get() >= T::Currency::minimum_balance(),
				"MinSwapCollateral must be at least the existential deposit"
			);
			assert!(
				T::MinSwapPremium::get() >= T::Currency::minimum_balance(),
				"MinSwapPremium must be at least the existential deposit"
			);
		}

		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			Self::expire(now)
		}

		/// A chain that adds the pallet by an upgrade gets its pot endowed as a genesis does.
		fn on_runtime_upgrade() -> Weight {
			ssp_primitives::endow_pot_at_genesis::<_, T::Currency>(&Pallet::<T>::pot());
			T::DbWeight::get().reads_writes(1, 1)
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call(weight(<T as Config>::WeightInfo))]
	impl<T: Config> Pallet<T> {
		/// Deposit `amount` into the cover pool of `subject` (created by the first deposit),
		/// buying its shares at their value: they earn the premiums of the covers sold and pay
		/// their payouts.
		///
		/// Origin: signed. The subject must be a registered operator or a known network.
		#[pallet::call_index(0)]
		pub fn deposit(
			origin: OriginFor<T>,
			subject: SubjectOf<T>,
			#[pallet::compact] amount: BalanceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_deposit(who, subject, amount)
		}

		/// Start withdrawing shares worth `amount` (at most all active ones) from `subject`'s
		/// pool. They back no new cover and stay liable for the covers in force until
		/// `WithdrawalDelay` has passed (a second request adds to the first and restarts it).
		///
		/// Origin: signed by an underwriter of the pool.
		#[pallet::call_index(1)]
		pub fn request_withdrawal(
			origin: OriginFor<T>,
			subject: SubjectOf<T>,
			#[pallet::compact] amount: BalanceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_request_withdrawal(who, subject, amount)
		}

		/// Withdraw the caller's withdrawing shares of `subject`'s pool after their delay, at
		/// what they are worth now.
		///
		/// Origin: signed by an underwriter with a matured withdrawal.
		#[pallet::call_index(2)]
		pub fn withdraw(origin: OriginFor<T>, subject: SubjectOf<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_withdraw(who, subject)
		}

		/// Buy cover of `amount` of the caller's restaked position from `subject`'s pool until
		/// block `until`, paying at most `max_premium`. Every slash of the position's operator
		/// the pool covers, applied before `until`, pays the caller the same fraction of what
		/// is covered, with no claim: at the next settlement (anyone's `settle_cover`), at the
		/// latest when the cover ends.
		///
		/// Origin: signed by a restaker (not its own operator), whose operator has no slash
		/// reported and unapplied.
		#[pallet::call_index(3)]
		pub fn buy_cover(
			origin: OriginFor<T>,
			subject: SubjectOf<T>,
			#[pallet::compact] amount: BalanceOf<T>,
			until: BlockNumberFor<T>,
			#[pallet::compact] max_premium: BalanceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_buy_cover(who, subject, amount, until, max_premium)
		}

		/// Pay `restaker` what the slashes applied since its cover's last settlement owe it.
		///
		/// Origin: signed (any account).
		#[pallet::call_index(4)]
		pub fn settle_cover(origin: OriginFor<T>, restaker: T::AccountId) -> DispatchResult {
			ensure_signed(origin)?;
			let cover = Covers::<T>::get(&restaker).ok_or(Error::<T>::NoCover)?;
			Self::settle(&restaker, cover, false)
		}

		/// Offer a security default swap on `network`: `collateral` is held now and paid to
		/// the buyer if the network's applied slashes during the term reach `threshold` (in
		/// stake slashed); the buyer pays `premium_per_period` for each of `periods` cover
		/// periods.
		///
		/// Origin: signed (the seller).
		#[pallet::call_index(5)]
		pub fn offer_swap(
			origin: OriginFor<T>,
			network: NetworkId,
			#[pallet::compact] collateral: BalanceOf<T>,
			#[pallet::compact] premium_per_period: BalanceOf<T>,
			periods: u32,
			#[pallet::compact] threshold: BalanceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_offer_swap(who, network, collateral, premium_per_period, periods, threshold)
		}

		/// Withdraw an offer nobody bought; the collateral is returned.
		///
		/// Origin: signed by the swap's seller.
		#[pallet::call_index(6)]
		pub fn cancel_swap(origin: OriginFor<T>, id: SwapId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_cancel_swap(who, id)
		}

		/// Buy swap `id`: its premiums for the whole term are held now and earned by the
		/// seller period by period.
		///
		/// Origin: signed (not the seller). No slash may be pending on the network.
		#[pallet::call_index(7)]
		pub fn buy_swap(
			origin: OriginFor<T>,
			id: SwapId,
			#[pallet::compact] max_premium_per_period: BalanceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_buy_swap(who, id, max_premium_per_period)
		}

		/// Transfer the protection of swap `id` to `to`.
		///
		/// Origin: signed by the swap's buyer.
		#[pallet::call_index(8)]
		pub fn transfer_swap(origin: OriginFor<T>, id: SwapId, to: T::AccountId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_transfer_swap(who, id, to)
		}

		/// Pay swap `id`'s buyer now: the network's slashes applied since it was bought reached
		/// its threshold. (The hook pays it at the swap's end anyway; this is sooner.)
		///
		/// Origin: signed (any account).
		#[pallet::call_index(9)]
		pub fn claim_swap(origin: OriginFor<T>, id: SwapId) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_claim_swap(id)
		}
	}

	impl<T: Config> Pallet<T> {
		/// The account holding pools' funds, payouts owed, swaps' collateral and premiums.
		pub fn pot() -> T::AccountId {
			T::PalletId::get().into_account_truncating()
		}

		/// Whether `subject` exists: a registered operator or a known network.
		pub(crate) fn subject_exists(subject: &SubjectOf<T>) -> bool {
			match subject {
				Subject::Operator(op) => <T::Restaking as RestakingSlash<_, _>>::is_operator(op),
				Subject::Network(n) => T::Networks::is_registered(*n),
			}
		}

		/// Whether a slash is reported and unapplied on what `subject` covers.
		pub(crate) fn slash_pending_on(subject: &SubjectOf<T>, operator: &T::AccountId) -> bool {
			T::Jail::has_unapplied_slash(operator)
				|| matches!(subject, Subject::Network(n) if T::Jail::network_has_unapplied_slash(*n))
		}

		/// Whether `restaker` holds a position with `subject`'s operator (or an operator in
		/// `subject`'s network): its operator and active stake.
		pub(crate) fn covered_position(
			restaker: &T::AccountId,
			subject: &SubjectOf<T>,
		) -> Result<(T::AccountId, BalanceOf<T>), DispatchError> {
			let (operator, active) =
				T::Restaking::position(restaker).ok_or(Error::<T>::NotRestaker)?;
			match subject {
				Subject::Operator(op) => ensure!(*op == operator, Error::<T>::WrongOperator),
				Subject::Network(n) => {
					ensure!(T::Restaking::is_opted_in(&operator, *n), Error::<T>::NotBacking)
				},
			}
			ensure!(*restaker != operator, Error::<T>::SelfCover);
			Ok((operator, active))
		}
	}
}
