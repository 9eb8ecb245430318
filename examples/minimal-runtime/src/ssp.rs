//! The SSP pallets' configuration: all the glue a runtime with `pallet-balances` and
//! `pallet-staking` writes (docs/integration.md explains each item). Every item not set here
//! takes the pallet's `SspDefaultConfig`: pallet ids, the bounds the weights are benchmarked at,
//! a tenth of each slash to its reporter.

use crate::*;
use frame_support::{
	derive_impl,
	traits::{ConstU128, ConstU32},
};
use frame_system::EnsureRoot;

/// A lease period: 600 blocks (one hour of 6-second blocks).
pub const LEASE_PERIOD: BlockNumber = 600;
/// Offences may be reported up to a day after they happened.
pub const REPORTING_WINDOW: BlockNumber = 14_400;
/// A reported slash waits two hours for a veto.
pub const VETO_WINDOW: BlockNumber = 1_200;
/// A new allocation takes effect after ten minutes.
pub const ALLOCATION_DELAY: BlockNumber = 100;

#[derive_impl(pallet_ssp_leasing::config_preludes::SspDefaultConfig)]
impl pallet_ssp_leasing::Config for Runtime {
	type Currency = Balances;
	type Restaking = Restaking;
	type OracleOrigin = EnsureRoot<AccountId>;
	type NetworkDeposit = ConstU128<{ 1_000 * UNITS }>;
	type LeasePeriod = ConstU32<LEASE_PERIOD>;
	type OffboardingDelay = ConstU32<{ REPORTING_WINDOW + VETO_WINDOW + 1 }>;
	type WeightInfo = pallet_ssp_leasing::weights::SubstrateWeight<Runtime>;
}

#[derive_impl(pallet_ssp_restaking::config_preludes::SspDefaultConfig)]
impl pallet_ssp_restaking::Config for Runtime {
	type Currency = Balances;
	type Staking = Staking;
	type BondedSlasher = ssp_staking_adapter::StakingSlasher<Runtime>;
	type OnSlash = Slashing;
	type Networks = Leasing;
	type OnBackingChange = Leasing;
	type Jail = Slashing;
	type NetworkManagerOrigin = pallet_ssp_leasing::EnsureNetworkManager<Runtime>;
	type OptInDeposit = ConstU128<{ 100 * UNITS }>;
	type MinRestake = ConstU128<{ 10 * UNITS }>;
	type AllocationDelay = ConstU32<ALLOCATION_DELAY>;
	type WithdrawalDelay = ConstU32<{ REPORTING_WINDOW + VETO_WINDOW + 100 }>;
	type ReportingWindow = ConstU32<REPORTING_WINDOW>;
	type VetoWindow = ConstU32<VETO_WINDOW>;
	type WeightInfo = pallet_ssp_restaking::weights::SubstrateWeight<Runtime>;
}

#[derive_impl(pallet_ssp_slashing::config_preludes::SspDefaultConfig)]
impl pallet_ssp_slashing::Config for Runtime {
	type Currency = Balances;
	type OnSlashApplied = ();
	type Restaking = Restaking;
	type Networks = Leasing;
	type SlasherOrigin = pallet_ssp_leasing::EnsureNetworkSlasher<Runtime>;
	type ManagerOrigin = pallet_ssp_leasing::EnsureNetworkManager<Runtime>;
	type VetoOrigin = EnsureRoot<AccountId>;
	type JailCooldown = ConstU32<{ 2 * VETO_WINDOW }>;
	type CircuitBreakerWindow = ConstU32<REPORTING_WINDOW>;
	type WeightInfo = pallet_ssp_slashing::weights::SubstrateWeight<Runtime>;
}
