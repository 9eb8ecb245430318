//! Configuration of the SSP pallets: leasing (network registry, security leases) and restaking.
//!
//! Timelines are short so a dev chain shows a whole story in minutes (3 s blocks).

use crate::*;
use frame_support::{
	parameter_types,
	traits::{ConstU128, ConstU32},
	PalletId,
};
use frame_system::EnsureRoot;
use sp_runtime::Perbill;

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

parameter_types! {
	pub const RestakingPalletId: PalletId = PalletId(*b"ssp/rstk");
	pub const LeasingPalletId: PalletId = PalletId(*b"ssp/leas");
	pub const SlashingPalletId: PalletId = PalletId(*b"ssp/slsh");
	/// A tenth of every slash rewards its reporter.
	pub const SlashRewardFraction: Perbill = Perbill::from_percent(10);
	/// One network's offences may slash at most a tenth of all restaked stake per breaker
	/// window; further slashes queue for later windows.
	pub const MaxSlashFractionPerWindow: Perbill = Perbill::from_percent(10);
	/// An offboarding network keeps slashing authority for restaking's whole slash window.
	pub const OffboardingDelay: BlockNumber = REPORTING_WINDOW + VETO_WINDOW + 1;
}

impl pallet_ssp_leasing::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Restaking = Restaking;
	type OracleOrigin = EnsureRoot<AccountId>;
	type PalletId = LeasingPalletId;
	type NetworkDeposit = ConstU128<{ 1_000 * UNITS }>;
	type MaxNetworks = ConstU32<1_000>;
	type LeasePeriod = ConstU32<LEASE_PERIOD>;
	type MaxLeasePeriods = ConstU32<10_000>;
	type OffboardingDelay = OffboardingDelay;
	type MaxNetworksPerBlock = ConstU32<50>;
	type WeightInfo = pallet_ssp_leasing::weights::SubstrateWeight<Runtime>;
}

impl pallet_ssp_restaking::Config for Runtime {
	type Currency = Balances;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Staking = Staking;
	// Restakers' losses are taken from their bonded stake through pallet-staking's own ledger.
	type BondedSlasher = ssp_staking_adapter::StakingSlasher<Runtime>;
	// Slashed funds go to the slashing pallet, which pays the reporter's share and burns the rest.
	type OnSlash = Slashing;
	type Networks = Leasing;
	type OnBackingChange = Leasing;
	type Jail = Slashing;
	type PalletId = RestakingPalletId;
	/// Up to 300%: leverage is allowed and shows in every network's security figures.
	type MaxRestakingFactor = ConstU32<300>;
	type MaxNetworksPerOperator = ConstU32<100>;
	type MaxOperatorsPerNetwork = ConstU32<1_000>;
	type MaxMetadataLen = ConstU32<128>;
	type MinRestake = ConstU128<{ 10 * UNITS }>;
	/// Each of a network's 1,000 operator slots (and each of an operator's 100 networks) costs
	/// its holder 100 SSP while held: it pays for the slot's storage (the allocation in the
	/// operator's record, the entry in the network's operator index, its magnitude history), so
	/// that no one fills a network's slots for free; the network's manager may also remove an
	/// operator.
	type OptInDeposit = ConstU128<{ 100 * UNITS }>;
	/// Operators may opt in before anyone restakes with them (they court restakers with the
	/// networks they serve); the deposit and the manager guard the slots.
	type MinOperatorStake = ConstU128<0>;
	type NetworkManagerOrigin = pallet_ssp_leasing::EnsureNetworkManager<Runtime>;
	type MaxMagnitudeHistory = ConstU32<8>;
	/// Eight allocation changes may take effect per block (later ones are booked a block or a
	/// few later).
	type MaxRefreshesPerBlock = ConstU32<8>;
	/// 64 allocations refreshed per block by the hook (slashed operators first): an operator
	/// in 100 networks is brought up to date over 2 blocks (or at once by anyone's
	/// `refresh_operator`).
	type MaxAllocationRefreshesPerBlock = ConstU32<64>;
	type AllocationDelay = ConstU32<ALLOCATION_DELAY>;
	type WithdrawalDelay = ConstU32<WITHDRAWAL_DELAY>;
	type ReportingWindow = ConstU32<REPORTING_WINDOW>;
	type VetoWindow = ConstU32<VETO_WINDOW>;
	type WeightInfo = pallet_ssp_restaking::weights::SubstrateWeight<Runtime>;
}

impl pallet_ssp_slashing::Config for Runtime {
	type Currency = Balances;
	type Restaking = Restaking;
	type Networks = Leasing;
	type SlasherOrigin = pallet_ssp_leasing::EnsureNetworkSlasher<Runtime>;
	type ManagerOrigin = pallet_ssp_leasing::EnsureNetworkManager<Runtime>;
	type VetoOrigin = EnsureRoot<AccountId>;
	// What is left after the reporter's share is burned; `SlashApplied` events record it.
	type OnSlash = ();
	type PalletId = SlashingPalletId;
	type SlashRewardFraction = SlashRewardFraction;
	type JailCooldown = ConstU32<JAIL_COOLDOWN>;
	/// Eight slashes applied per block (and eight reports per network per block): a slash
	/// writes the pool and the slashed network only (its other networks follow through
	/// restaking's refresh hook), so eight fit well within a hook's 5% of the block
	/// (docs/performance.md), and a full queue of 4,000 drains in 500 blocks.
	type MaxSlashesPerBlock = ConstU32<8>;
	/// Room for every network's own cap: `MaxNetworks` (1,000) × 4.
	type MaxPendingSlashes = ConstU32<4_000>;
	type MaxPendingSlashesPerNetwork = ConstU32<4>;
	type MaxEvidenceLen = ConstU32<256>;
	type MaxReasonLen = ConstU32<128>;
	type MaxSlashFractionPerWindow = MaxSlashFractionPerWindow;
	type CircuitBreakerWindow = ConstU32<CIRCUIT_BREAKER_WINDOW>;
	type WeightInfo = pallet_ssp_slashing::weights::SubstrateWeight<Runtime>;
}
