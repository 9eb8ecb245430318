#![doc = include_str!("../README.md")]
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod dispatchables;
mod impls;
mod market;
#[cfg(test)]
mod market_tests;
pub mod migrations;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
mod tick;
pub mod types;
pub mod weights;

pub use impls::{EnsureNetworkManager, EnsureNetworkSlasher};
pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

use frame_support::traits::fungible;

/// The balance type of the pallet's currency.
pub type BalanceOf<T> =
	<<T as Config>::Currency as fungible::Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// A network record of this pallet's configuration.
pub type NetworkInfoOf<T> = NetworkInfo<
	<T as frame_system::Config>::AccountId,
	BalanceOf<T>,
	frame_system::pallet_prelude::BlockNumberFor<T>,
>;

const LOG_TARGET: &str = "runtime::ssp-leasing";

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{
		pallet_prelude::*,
		traits::fungible::{Mutate, MutateHold},
		PalletId,
	};
	use frame_system::pallet_prelude::*;
	use sp_runtime::{traits::AccountIdConversion, FixedU128, Perbill};
	use ssp_primitives::{
		market::{PriceController, RiskWeights},
		NetworkBackers, NetworkId, RestakingRewards,
	};

	/// The in-code storage version: 1 since leases record the security bought and its price
	/// ([`crate::migrations::v1`]).
	pub(crate) const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// A reason for the pallet to hold funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The deposit of a registered network, returned when it retires.
		#[codec(index = 0)]
		NetworkDeposit,
		/// The rewards of a lease not yet paid out.
		#[codec(index = 1)]
		LeaseEscrow,
	}

	/// Default values of the pallet's configuration, for `#[derive_impl]`.
	pub mod config_preludes {
		use super::*;
		use frame_support::{derive_impl, parameter_types, traits::ConstU32};

		/// The pallet id, the bounds its weights are benchmarked at (1,000 networks, swept 50 a
		/// block) and its reference weights. Chain-specific items (currency, restaking pallet,
		/// oracle, deposit, lease period, offboarding delay) have no default.
		///
		/// ```ignore
		/// #[derive_impl(pallet_ssp_leasing::config_preludes::SspDefaultConfig)]
		/// impl pallet_ssp_leasing::Config for Runtime { /* the items without a default */ }
		/// ```
		pub struct SspDefaultConfig;

		#[derive_impl(frame_system::config_preludes::TestDefaultConfig, no_aggregated_types)]
		impl frame_system::DefaultConfig for SspDefaultConfig {}

		parameter_types! {
			pub const LeasingPalletId: PalletId = PalletId(*b"ssp/leas");
			/// A floor of 0.01% of the security per period, stable at half the capacity leased,
			/// moving at most 10% a period.
			pub const DefaultPricing: PriceController = PriceController {
				floor: FixedU128::from_rational(1, 10_000),
				target: Perbill::from_percent(50),
				max_change: Perbill::from_percent(10),
			};
			/// Up to 2× at no security, +0.5 for stake all shared, +0.1 per recent slash (up to
			/// five), at most 3×.
			pub const DefaultRisk: RiskWeights = RiskWeights {
				deficit: FixedU128::from_u32(1),
				shared: FixedU128::from_rational(1, 2),
				per_slash: FixedU128::from_rational(1, 10),
				max_slashes: 5,
				max: FixedU128::from_u32(3),
			};
			/// A renewal pays at most 3% over its locked price (the bump of RFC-0149).
			pub const DefaultRenewalBump: Perbill = Perbill::from_percent(3);
			/// A network's fault threshold × max slash is at least 10%: a unit of its security
			/// needs at most 10 units of stake.
			pub const DefaultMinSecurityPerStake: Perbill = Perbill::from_percent(10);
		}

		#[frame_support::register_default_impl(SspDefaultConfig)]
		impl DefaultConfig for SspDefaultConfig {
			#[inject_runtime_type]
			type RuntimeHoldReason = ();
			type PalletId = LeasingPalletId;
			type MaxNetworks = ConstU32<1_000>;
			type MaxLeasePeriods = ConstU32<10_000>;
			type MaxNetworksPerBlock = ConstU32<50>;
			type Pricing = DefaultPricing;
			type Risk = DefaultRisk;
			type RenewalBump = DefaultRenewalBump;
			type SlashMemory = ConstU32<100>;
			type MinSecurityPerStake = DefaultMinSecurityPerStake;
			type WeightInfo = ();
		}
	}

	#[pallet::config(with_default)]
	pub trait Config: frame_system::Config {
		/// The currency of deposits and lease rewards (the one the restaking pallet pays
		/// rewards in).
		#[pallet::no_default]
		type Currency: Mutate<Self::AccountId>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The overarching hold reason.
		#[pallet::no_default_bounds]
		type RuntimeHoldReason: From<HoldReason>;

		/// The restaking pallet: who backs a network, and the entry point paying them.
		#[pallet::no_default]
		type Restaking: RestakingRewards<Self::AccountId, BalanceOf<Self>>
			+ NetworkBackers<Self::AccountId, BalanceOf<Self>>;

		/// May update any network's Profit from Corruption (besides its manager).
		#[pallet::no_default]
		type OracleOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The pallet's id: its account passes each operator's share of a lease payment on to
		/// the restaking pallet. It must be endowed with the existential deposit (the genesis
		/// build does it).
		#[pallet::constant]
		type PalletId: Get<PalletId>;

		/// Held from the manager for each registered network.
		#[pallet::constant]
		#[pallet::no_default]
		type NetworkDeposit: Get<BalanceOf<Self>>;

		/// The most networks registered at once (retired networks do not count).
		#[pallet::constant]
		type MaxNetworks: Get<u32>;

		/// Blocks per lease period.
		#[pallet::constant]
		#[pallet::no_default]
		type LeasePeriod: Get<BlockNumberFor<Self>>;

		/// The most periods one lease can cover ahead (including extensions).
		#[pallet::constant]
		type MaxLeasePeriods: Get<u32>;

		/// Blocks an offboarding network keeps its slashing authority: set it to at least the
		/// slashing pallet's reporting window + veto window + 1 (the restaking pallet's
		/// `slash_window()`), so an offence committed while the lease ran can still be reported
		/// and applied.
		#[pallet::constant]
		#[pallet::no_default]
		type OffboardingDelay: Get<BlockNumberFor<Self>>;

		/// The most networks the per-block sweep processes (each costs one payment, whatever
		/// the number of its operators). `MaxNetworks` must be at most
		/// `MaxNetworksPerBlock × LeasePeriod` so a sweep ends within its period.
		#[pallet::constant]
		type MaxNetworksPerBlock: Get<u32>;

		/// How the base price of security follows utilisation: its floor, the utilisation it is
		/// stable at, its largest move per period.
		#[pallet::constant]
		type Pricing: Get<PriceController>;

		/// The weights of a network's risk factor (what it pays over the base price).
		#[pallet::constant]
		type Risk: Get<RiskWeights>;

		/// A renewal pays at most its locked price raised by this (or the floor, if higher).
		#[pallet::constant]
		type RenewalBump: Get<Perbill>;

		/// Lease periods an applied slash counts in its network's risk factor.
		#[pallet::constant]
		type SlashMemory: Get<LeasePeriodIndex>;

		/// The least `fault_threshold × max_slash` of a network: the security one unit of its
		/// stake gives. The market counts a lease's demand in stake (`security / (fault_threshold
		/// × max_slash)`), so this bounds how much demand one unit of security bought can add:
		/// moving the price costs leases worth the stake they claim.
		#[pallet::constant]
		type MinSecurityPerStake: Get<Perbill>;

		/// Weight information for extrinsics and the hook of this pallet.
		type WeightInfo: WeightInfo;
	}

	/// The id the next registered network gets.
	#[pallet::storage]
	pub type NextNetworkId<T: Config> = StorageValue<_, NetworkId, ValueQuery>;

	/// Registered networks (including offboarding ones).
	#[pallet::storage]
	pub type Networks<T: Config> = StorageMap<_, Twox64Concat, NetworkId, NetworkInfoOf<T>>;

	/// The ids of [`Networks`], ascending: what the sweep walks, without iterating a map.
	#[pallet::storage]
	pub type NetworkIds<T: Config> =
		StorageValue<_, BoundedVec<NetworkId, T::MaxNetworks>, ValueQuery>;

	/// Each network's lease (one per network; extensions lengthen it).
	#[pallet::storage]
	pub type Leases<T: Config> = StorageMap<_, Twox64Concat, NetworkId, Lease<BalanceOf<T>>>;

	/// The sweep in progress, if any.
	#[pallet::storage]
	pub type Sweep<T: Config> = StorageValue<_, SweepState>;

	/// The last period whose sweep completed.
	#[pallet::storage]
	pub type SweptPeriod<T: Config> = StorageValue<_, LeasePeriodIndex>;

	/// The floor: the base price before any period was swept.
	#[pallet::type_value]
	pub fn FloorPrice<T: Config>() -> FixedU128 {
		T::Pricing::get().floor
	}

	/// The base price of one unit of security (Cost of Corruption) for one lease period, set at
	/// the end of each period's sweep from the period's utilisation.
	#[pallet::storage]
	pub type BasePrice<T: Config> = StorageValue<_, FixedU128, ValueQuery, FloorPrice<T>>;

	/// The market of the last [`MARKET_HISTORY`] periods, oldest first.
	#[pallet::storage]
	pub type MarketHistory<T: Config> = StorageValue<
		_,
		BoundedVec<MarketRecord<BalanceOf<T>>, ConstU32<MARKET_HISTORY>>,
		ValueQuery,
	>;

	/// The security index's constituents as of the last period swept (the period, then the
	/// networks): what the index pool follows.
	#[pallet::storage]
	pub type IndexConstituents<T: Config> =
		StorageValue<_, (LeasePeriodIndex, IndexConstituentsOf<BalanceOf<T>>)>;

	/// What the sweep in progress has added up so far.
	#[pallet::storage]
	pub type Tally<T: Config> = StorageValue<_, PeriodTally<BalanceOf<T>>>;

	/// Renewals bought before a lease ended: each starts the period after its lease's last,
	/// at the renewal's own price.
	#[pallet::storage]
	pub type Renewals<T: Config> = StorageMap<_, Twox64Concat, NetworkId, Lease<BalanceOf<T>>>;

	/// The slashes applied on each network lately (its risk factor counts them).
	#[pallet::storage]
	pub type NetworkSlashes<T: Config> = StorageMap<_, Twox64Concat, NetworkId, RecentSlashes>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A network registered; its deposit is held from the manager.
		NetworkRegistered {
			/// The new network's id.
			network: NetworkId,
			/// Its manager.
			manager: T::AccountId,
			/// Its slasher.
			slasher: T::AccountId,
			/// The deposit held.
			deposit: BalanceOf<T>,
		},
		/// A network's Profit from Corruption changed.
		PfcUpdated {
			/// The network.
			network: NetworkId,
			/// The PfC before.
			old: BalanceOf<T>,
			/// The PfC now.
			new: BalanceOf<T>,
		},
		/// A network's slasher changed.
		SlasherChanged {
			/// The network.
			network: NetworkId,
			/// The new slasher.
			slasher: T::AccountId,
		},
		/// A lease was bought at the quoted price; `escrow` is held from the manager.
		LeaseFunded {
			/// The network.
			network: NetworkId,
			/// The first period leased.
			first_period: LeasePeriodIndex,
			/// The last period leased.
			last_period: LeasePeriodIndex,
			/// The security (Cost of Corruption) bought.
			security: BalanceOf<T>,
			/// The price per unit and period, locked for the term.
			price: FixedU128,
			/// The reward paid per period.
			reward_per_period: BalanceOf<T>,
			/// The amount held.
			escrow: BalanceOf<T>,
		},
		/// A lease was renewed: at its own price (extended in place) or, when the price moved, by
		/// a renewal starting after its last period. `added` more is held from the manager.
		LeaseExtended {
			/// The network.
			network: NetworkId,
			/// The new last period.
			last_period: LeasePeriodIndex,
			/// The price of the added periods: the quote, at most the locked price bumped.
			price: FixedU128,
			/// The reward per added period.
			reward_per_period: BalanceOf<T>,
			/// The amount added to the escrow.
			added: BalanceOf<T>,
		},
		/// A lease ended and its renewal took over, at the renewal's price.
		RenewalStarted {
			/// The network.
			network: NetworkId,
			/// The renewal's first period.
			first_period: LeasePeriodIndex,
			/// Its last period.
			last_period: LeasePeriodIndex,
			/// Its price.
			price: FixedU128,
			/// Its reward per period.
			reward_per_period: BalanceOf<T>,
		},
		/// A period's sweep ended: the market of the period, and the base price of the next.
		MarketUpdated {
			/// The period swept.
			period: LeasePeriodIndex,
			/// Stake the leased security needs over all restaked stake (at most 100%).
			utilisation: Perbill,
			/// The stake the leased security needs.
			demand: BalanceOf<T>,
			/// All restaked stake.
			capacity: BalanceOf<T>,
			/// The base price from now on.
			base_price: FixedU128,
			/// The security index of the period: stake-weighted yield of the leased networks.
			index: FixedU128,
			/// The index per risk bucket (factor < 1.25, < 2, ≥ 2).
			buckets: [FixedU128; RISK_BUCKETS],
		},
		/// A lease paid its due periods to the stake securing the network.
		LeasePaid {
			/// The network.
			network: NetworkId,
			/// The first period paid.
			first_period: LeasePeriodIndex,
			/// Number of periods paid.
			periods: u32,
			/// Paid to the stake backing the network (through the restaking pallet, which
			/// spreads it over the operators' pools in proportion to their stake there).
			paid: BalanceOf<T>,
			/// Returned to the manager: no stake backed the network.
			refunded: BalanceOf<T>,
		},
		/// A network's status changed.
		StatusChanged {
			/// The network.
			network: NetworkId,
			/// The status now.
			status: NetworkStatus<BlockNumberFor<T>>,
		},
		/// A network's lease ended or it deregistered: it takes no new allocations and keeps its
		/// slashing authority until `until`.
		NetworkOffboarding {
			/// The network.
			network: NetworkId,
			/// The block it retires at.
			until: BlockNumberFor<T>,
		},
		/// A network retired: its deposit was returned and its storage removed.
		NetworkRetired {
			/// The network.
			network: NetworkId,
			/// The deposit returned to the manager.
			deposit: BalanceOf<T>,
		},
		/// A network's security figures changed.
		SecurityChanged {
			/// The network.
			network: NetworkId,
			/// The stake allocated now.
			allocated: BalanceOf<T>,
			/// The Cost of Corruption before.
			old_coc: BalanceOf<T>,
			/// The Cost of Corruption now.
			new_coc: BalanceOf<T>,
			/// The Profit from Corruption.
			pfc: BalanceOf<T>,
			/// `new_coc / pfc`.
			ratio: FixedU128,
			/// Whether the ratio meets the network's target.
			meets_target: bool,
		},
		/// A network's security ratio fell below its target.
		NetworkUnderSecured {
			/// The network.
			network: NetworkId,
			/// The ratio now.
			ratio: FixedU128,
			/// The target.
			target: FixedU128,
		},
		/// A network's security ratio reached its target again.
		NetworkSecured {
			/// The network.
			network: NetworkId,
			/// The ratio now.
			ratio: FixedU128,
			/// The target.
			target: FixedU128,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No network has this id (never registered, or retired).
		UnknownNetwork,
		/// The caller is not the network's manager.
		NotManager,
		/// A Profit from Corruption of zero makes the security ratio meaningless.
		ZeroPfc,
		/// The fault threshold must be above zero.
		ZeroFaultThreshold,
		/// The security target must be at least one.
		TargetBelowOne,
		/// `MaxNetworks` networks are registered.
		TooManyNetworks,
		/// The manager cannot cover the deposit or the lease escrow.
		InsufficientFunds,
		/// The lease would start in a period that has begun before the current one.
		LeaseInPast,
		/// The network already has a lease: extend it instead.
		LeaseOverlaps,
		/// A lease (or an extension) of zero periods.
		ZeroPeriods,
		/// The lease would reach more than `MaxLeasePeriods` periods ahead.
		TooManyPeriods,
		/// A lease must pay a reward.
		ZeroReward,
		/// The network has no lease.
		NoLease,
		/// The network is offboarding.
		NetworkOffboarding,
		/// The network has a lease: it offboards when the lease ends.
		LeaseActive,
		/// The price is above the caller's `max_price` (the market moved since the quote).
		PriceAboveMax,
		/// A lease must buy some security.
		ZeroSecurity,
		/// `fault_threshold × max_slash` is below `MinSecurityPerStake`: each unit of security
		/// would claim too much stake.
		SecurityPerStakeTooLow,
		/// The lease already has a renewal waiting: renew again once it has started.
		RenewalPending,
	}

	/// Genesis: networks (ids from 0, in order), each optionally with a lease funded from its
	/// manager. Build this pallet before the restaking pallet, whose genesis operators opt into
	/// these networks.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The networks to register.
		pub networks: alloc::vec::Vec<GenesisNetwork<T::AccountId, BalanceOf<T>>>,
		/// The base price at genesis (the floor if absent or below it); genesis leases are
		/// bought at it.
		pub base_price: Option<FixedU128>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			use sp_runtime::{traits::UniqueSaturatedInto, FixedPointNumber};
			ssp_primitives::endow_pot_at_genesis::<_, T::Currency>(&Pallet::<T>::account_id());
			let floor = T::Pricing::get().floor;
			let price = self.base_price.unwrap_or(floor).max(floor);
			BasePrice::<T>::put(price);
			for n in &self.networks {
				let target = FixedU128::saturating_from_rational(
					UniqueSaturatedInto::<u128>::unique_saturated_into(
						n.min_security_target_percent,
					),
					100u128,
				);
				let network = Pallet::<T>::do_register_network(
					n.manager.clone(),
					n.slasher.clone(),
					n.fault_threshold,
					n.max_slash,
					n.pfc,
					target,
				)
				.expect("genesis network registers (manager endowed, valid parameters)");
				if let Some(l) = &n.lease {
					Pallet::<T>::do_lease_at(
						n.manager.clone(),
						network,
						l.first_period,
						l.periods,
						l.security,
						price,
					)
					.expect("genesis lease is funded from the manager");
				}
			}
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// Pays due lease periods and moves networks between statuses, for at most
		/// `MaxNetworksPerBlock` networks per block.
		fn on_initialize(n: BlockNumberFor<T>) -> Weight {
			Self::sweep(n)
		}

		fn integrity_test() {
			use sp_runtime::traits::{UniqueSaturatedInto, Zero};
			assert!(!T::LeasePeriod::get().is_zero(), "LeasePeriod must be positive");
			assert!(!T::Pricing::get().floor.is_zero(), "the price floor must be positive");
			assert!(T::SlashMemory::get() >= 1, "SlashMemory must be positive");
			assert!(T::MaxNetworksPerBlock::get() >= 1, "MaxNetworksPerBlock must be positive");
			assert!(T::MaxLeasePeriods::get() >= 1, "MaxLeasePeriods must be positive");
			let period: u128 = T::LeasePeriod::get().unique_saturated_into();
			assert!(
				u128::from(T::MaxNetworks::get())
					<= u128::from(T::MaxNetworksPerBlock::get()).saturating_mul(period),
				"a sweep must end within its lease period: MaxNetworks <= MaxNetworksPerBlock * \
				 LeasePeriod"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call(weight(<T as Config>::WeightInfo))]
	impl<T: Config> Pallet<T> {
		/// Register a child network managed by the caller, holding `NetworkDeposit` from it. The
		/// network gets the next id.
		///
		/// - `slasher`: the account that may report the network's offences.
		/// - `fault_threshold`: share of the allocated stake an attacker must control (> 0).
		/// - `max_slash`: the largest fraction of an operator's allocation one offence slashes.
		/// - `pfc`: declared Profit from Corruption (> 0).
		/// - `min_security_target`: the smallest acceptable CoC / PfC (>= 1).
		///
		/// Origin: signed; the caller becomes the manager.
		#[pallet::call_index(0)]
		pub fn register_network(
			origin: OriginFor<T>,
			slasher: T::AccountId,
			fault_threshold: Perbill,
			max_slash: Perbill,
			#[pallet::compact] pfc: BalanceOf<T>,
			min_security_target: FixedU128,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_register_network(
				who,
				slasher,
				fault_threshold,
				max_slash,
				pfc,
				min_security_target,
			)
			.map(|_| ())
		}

		/// Set `network`'s declared Profit from Corruption (> 0) and update its security ratio.
		///
		/// Origin: the network's manager (signed) or `OracleOrigin`.
		#[pallet::call_index(1)]
		pub fn set_pfc(
			origin: OriginFor<T>,
			network: NetworkId,
			#[pallet::compact] pfc: BalanceOf<T>,
		) -> DispatchResult {
			let manager = match T::OracleOrigin::try_origin(origin) {
				Ok(_) => None,
				Err(origin) => Some(ensure_signed(origin)?),
			};
			Self::do_set_pfc(manager, network, pfc)
		}

		/// Replace `network`'s slasher account.
		///
		/// Origin: signed by the network's manager.
		#[pallet::call_index(2)]
		pub fn set_slasher(
			origin: OriginFor<T>,
			network: NetworkId,
			slasher: T::AccountId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_set_slasher(who, network, slasher)
		}

		/// Buy `security` (units of Cost of Corruption) for `network` for `periods` lease periods
		/// from `first_period` (the current period or a later one), at the quoted price: the base
		/// price times the network's risk factor, locked for the term. Fails with
		/// `PriceAboveMax` if that is above `max_price`. Each period pays `price × security` to
		/// the stake that secures the network; the whole of it is held from the manager now. If
		/// the lease covers the current period the network is leased at once.
		///
		/// Origin: signed by the network's manager.
		#[pallet::call_index(3)]
		pub fn lease_security(
			origin: OriginFor<T>,
			network: NetworkId,
			first_period: LeasePeriodIndex,
			periods: u32,
			#[pallet::compact] security: BalanceOf<T>,
			max_price: FixedU128,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_lease_security(who, network, first_period, periods, security, max_price)
		}

		/// Renew `network`'s lease for `periods` more periods of the same security, at the quoted
		/// price capped at `max(locked price × (1 + RenewalBump), floor)`. At the locked price the
		/// lease is extended in place; at another, a renewal starts after the lease's last period
		/// (one at a time). Fails with `PriceAboveMax` if the price is above `max_price`. The added
		/// reward is held from the manager.
		///
		/// Origin: signed by the network's manager.
		#[pallet::call_index(4)]
		pub fn extend_lease(
			origin: OriginFor<T>,
			network: NetworkId,
			periods: u32,
			max_price: FixedU128,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_extend_lease(who, network, periods, max_price)
		}

		/// Start offboarding a network that has no lease: it takes no new allocations at once,
		/// and retires (deposit returned) once `OffboardingDelay` has passed.
		///
		/// Origin: signed by the network's manager.
		#[pallet::call_index(5)]
		pub fn deregister_network(origin: OriginFor<T>, network: NetworkId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_deregister_network(who, network)
		}
	}

	impl<T: Config> Pallet<T> {
		/// The account that passes lease payments on to the restaking pallet.
		pub fn account_id() -> T::AccountId {
			T::PalletId::get().into_account_truncating()
		}
	}
}
