//! Configuration of the SSP pallets: leasing (network registry, security leases, the market),
//! restaking, slashing, operator keys, optimistic validation (checkpoints) and the index pool.
//!
//! Timelines are short so a dev chain shows a whole story in minutes (3 s blocks). Items not set
//! here take each pallet's `SspDefaultConfig` (pallet ids, the bounds the weights are benchmarked
//! at, a tenth of each slash to its reporter, a tenth of all restaked stake per breaker window);
//! docs/integration.md gives every value and why.

use crate::*;
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU128, ConstU32},
};
use frame_system::EnsureRoot;

/// A new allocation takes effect 10 blocks (30 s) after it is made.
pub const ALLOCATION_DELAY: BlockNumber = 10;
/// Offences may be reported up to 100 blocks (5 min) after they happened.
pub const REPORTING_WINDOW: BlockNumber = 100;
/// A reported slash waits 20 blocks (1 min) for a veto.
pub const VETO_WINDOW: BlockNumber = 20;
/// A withdrawal stays slashable for 130 blocks: longer than reporting + veto windows.
pub const WITHDRAWAL_DELAY: BlockNumber = REPORTING_WINDOW + VETO_WINDOW + 10;
/// A lease period is 20 blocks (1 min).
pub const LEASE_PERIOD: BlockNumber = 20;
/// A jailed operator may be un-jailed by the network's manager after 100 blocks (5 min).
pub const JAIL_COOLDOWN: BlockNumber = 100;
/// The circuit breaker counts a network's slashes over 200 blocks (10 min).
pub const CIRCUIT_BREAKER_WINDOW: BlockNumber = 200;

/// A network's checkpoint rounds are at least 2 blocks (6 s) apart.
pub const MIN_CHECKPOINT_INTERVAL: BlockNumber = 2;

/// A rotated operator key takes effect 10 blocks (30 s) after the rotation.
pub const KEY_ROTATION_DELAY: BlockNumber = 10;
/// A network's epoch (the life of one validator set) is at least 10 blocks (30 s); at most
/// half the reporting window (50 blocks).
pub const MIN_EPOCH_LENGTH: BlockNumber = 10;

parameter_types! {
	/// An offboarding network keeps slashing authority for restaking's whole slash window.
	pub const OffboardingDelay: BlockNumber = REPORTING_WINDOW + VETO_WINDOW + 1;
}

parameter_types! {
	/// The price of security: at least 0.1% of the security leased per period, stable at half
	/// of all restaked stake leased, moving at most 10% a period (a minute on the dev chain).
	pub const Pricing: ssp_primitives::market::PriceController =
		ssp_primitives::market::PriceController {
			floor: sp_runtime::FixedU128::from_rational(1, 1_000),
			target: sp_runtime::Perbill::from_percent(50),
			max_change: sp_runtime::Perbill::from_percent(10),
		};
}

#[derive_impl(pallet_ssp_leasing::config_preludes::SspDefaultConfig)]
impl pallet_ssp_leasing::Config for Runtime {
	type Currency = Balances;
	type Restaking = Restaking;
	type OracleOrigin = EnsureRoot<AccountId>;
	type NetworkDeposit = ConstU128<{ 1_000 * UNITS }>;
	type LeasePeriod = ConstU32<LEASE_PERIOD>;
	type OffboardingDelay = OffboardingDelay;
	type Pricing = Pricing;
	/// A slash counts in its network's price for 10 periods (10 minutes on the dev chain).
	type SlashMemory = ConstU32<10>;
	type WeightInfo = pallet_ssp_leasing::weights::SubstrateWeight<Runtime>;
}

#[derive_impl(pallet_ssp_restaking::config_preludes::SspDefaultConfig)]
impl pallet_ssp_restaking::Config for Runtime {
	type Currency = Balances;
	type Staking = Staking;
	// Restakers' losses are taken from their bonded stake through pallet-staking's own ledger.
	type BondedSlasher = ssp_staking_adapter::StakingSlasher<Runtime>;
	// Slashed funds go to the slashing pallet, which pays the reporter's share and burns the rest.
	type OnSlash = Slashing;
	type Networks = Leasing;
	type OnBackingChange = Leasing;
	type Jail = Slashing;
	/// Up to 300%: leverage is allowed and shows in every network's security figures.
	type MaxRestakingFactor = ConstU32<300>;
	type MinRestake = ConstU128<{ 10 * UNITS }>;
	/// Each of a network's 1,000 operator slots (and each of an operator's 100 networks) costs
	/// its holder 100 SSP while held: it pays for the slot's storage (the allocation in the
	/// operator's record, the entry in the network's operator index, its magnitude history), so
	/// that no one fills a network's slots for free; the network's manager may also remove an
	/// operator. (Operators may opt in before anyone restakes with them: no minimum operator
	/// stake.)
	type OptInDeposit = ConstU128<{ 100 * UNITS }>;
	type NetworkManagerOrigin = pallet_ssp_leasing::EnsureNetworkManager<Runtime>;
	type AllocationDelay = ConstU32<ALLOCATION_DELAY>;
	type WithdrawalDelay = ConstU32<WITHDRAWAL_DELAY>;
	type ReportingWindow = ConstU32<REPORTING_WINDOW>;
	type VetoWindow = ConstU32<VETO_WINDOW>;
	type WeightInfo = pallet_ssp_restaking::weights::SubstrateWeight<Runtime>;
}

#[derive_impl(pallet_ssp_slashing::config_preludes::SspDefaultConfig)]
impl pallet_ssp_slashing::Config for Runtime {
	type Currency = Balances;
	// Applied slashes pay covers and trigger security default swaps.
	type OnSlashApplied = Cover;
	type Restaking = Restaking;
	type Networks = Leasing;
	type SlasherOrigin = pallet_ssp_leasing::EnsureNetworkSlasher<Runtime>;
	type ManagerOrigin = pallet_ssp_leasing::EnsureNetworkManager<Runtime>;
	type VetoOrigin = EnsureRoot<AccountId>;
	type JailCooldown = ConstU32<JAIL_COOLDOWN>;
	type CircuitBreakerWindow = ConstU32<CIRCUIT_BREAKER_WINDOW>;
	type WeightInfo = pallet_ssp_slashing::weights::SubstrateWeight<Runtime>;
}

#[derive_impl(pallet_ssp_keys::config_preludes::SspDefaultConfig)]
impl pallet_ssp_keys::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Restaking = Restaking;
	type Networks = Leasing;
	type Jail = Slashing;
	// A proven equivocation is a slash of the slashing pallet, reported without the slasher.
	type Offences = Slashing;
	type ManagerOrigin = pallet_ssp_leasing::EnsureNetworkManager<Runtime>;
	/// 10 SSP per key record (an operator's key for one network).
	type KeyDeposit = ConstU128<{ 10 * UNITS }>;
	type RotationDelay = ConstU32<KEY_ROTATION_DELAY>;
	type MinEpochLength = ConstU32<MIN_EPOCH_LENGTH>;
	type WeightInfo = pallet_ssp_keys::weights::SubstrateWeight<Runtime>;
}

#[derive_impl(pallet_ssp_validation::config_preludes::SspDefaultConfig)]
impl pallet_ssp_validation::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	// Committees are drawn from BABE's VRF outputs of the epoch before last: no block author can
	// choose them.
	type Randomness = pallet_babe::RandomnessFromOneEpochAgo<Runtime>;
	type MinCheckpointInterval = ConstU32<MIN_CHECKPOINT_INTERVAL>;
	/// A challenge holds at least 100 SSP (a dispute asks every validator of the network to
	/// vote).
	type MinChallengerBond = ConstU128<{ 100 * UNITS }>;
	type WeightInfo = pallet_ssp_validation::weights::SubstrateWeight<Runtime>;
}

#[derive_impl(pallet_ssp_index::config_preludes::SspDefaultConfig)]
impl pallet_ssp_index::Config for Runtime {
	type Operators = Restaking;
	type Index = Leasing;
	type WeightInfo = pallet_ssp_index::weights::SubstrateWeight<Runtime>;
}

/// The longest cover: 120 blocks (6 periods, 6 minutes on the dev chain), so that with an end
/// booked up to 7 blocks late it ends before the stake it covers can be withdrawn (130 blocks).
pub const MAX_COVER_TERM: BlockNumber = 6 * LEASE_PERIOD;

parameter_types! {
	pub const CoverPalletId: frame_support::PalletId = frame_support::PalletId(*b"ssp/covr");
	pub const CoverDeductible: sp_runtime::Perbill = sp_runtime::Perbill::from_percent(10);
	/// Cover costs 0.2% of the amount a period for a subject of risk 1; a purchase of a whole
	/// pool's capacity adds 5%, which decays by 0.5% a period.
	pub const CoverPricing: pallet_ssp_cover::CoverPricing = pallet_ssp_cover::CoverPricing {
		target: sp_runtime::FixedU128::from_rational(2, 1_000),
		bump: sp_runtime::FixedU128::from_rational(5, 100),
		decay: sp_runtime::FixedU128::from_rational(5, 1_000),
	};
}

impl pallet_ssp_cover::Config for Runtime {
	type Currency = Balances;
	type Restaking = Restaking;
	type Networks = Leasing;
	type Jail = Slashing;
	type PalletId = CoverPalletId;
	/// Premium rates and swap terms count in lease periods.
	type CoverPeriod = ConstU32<LEASE_PERIOD>;
	type MaxCoverTerm = ConstU32<MAX_COVER_TERM>;
	type StakeLock = ConstU32<WITHDRAWAL_DELAY>;
	/// A tenth of each covered loss is the restaker's: the reporter's share of a slash, so no
	/// one profits from reporting an offence on stake they covered.
	type Deductible = CoverDeductible;
	/// 100 SSP: a network's 16 swap slots cost 1,600 SSP held to fill.
	type MinSwapCollateral = ConstU128<{ 100 * UNITS }>;
	/// Premiums of a tenth of an SSP a period or more (or none).
	type MinSwapPremium = ConstU128<{ UNITS / 10 }>;
	/// 240 blocks: longer than the longest cover and the longest swap (10 periods), so that
	/// withdrawn shares have backed nothing still open.
	type WithdrawalDelay = ConstU32<{ 12 * LEASE_PERIOD }>;
	type Pricing = CoverPricing;
	type MaxSwapsPerNetwork = ConstU32<16>;
	type MaxSwapPeriods = ConstU32<10>;
	type MaxExpiriesPerBlock = ConstU32<16>;
	type WeightInfo = pallet_ssp_cover::weights::SubstrateWeight<Runtime>;
}
