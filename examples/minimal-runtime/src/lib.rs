//! # An example runtime with the SSP pallets
//!
//! The smallest runtime that leases security: `frame-system`, `pallet-timestamp`,
//! `pallet-balances` and `pallet-staking` (the parent chain's stake), and the three SSP pallets.
//! It is the code docs/integration.md quotes, built and tested by the repository's test command,
//! so the guide cannot drift from code that compiles and works.
//!
//! - [`ssp`]: the SSP pallets' configuration, all the glue a runtime writes.
//! - [`genesis`]: a genesis in Rust (a network, an operator, a bonded restaker), also served as
//!   the `development` preset.
//! - `apis`: the runtime APIs, with `SecurityApi` delegated to `ssp_runtime_api::compose` and
//!   `MarketApi` to the leasing pallet.
//!
//! Staking is configured only as far as SSP needs it (bonds, slashes, the listener): your
//! runtime keeps its own elections, sessions, rewards, fees and the rest of its runtime APIs.
//! There is no node here and no wasm blob: copy [`ssp`], the pallets' declaration and the
//! wiring shown into your runtime, whose build script already builds one.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

mod apis;
pub mod genesis;
pub mod ssp;

use frame_support::{
	derive_impl,
	traits::{ConstU128, ConstU32, ConstU64, VariantCountOf},
	weights::constants::RocksDbWeight,
};
use sp_runtime::{
	generic,
	traits::{BlakeTwo256, IdentifyAccount, Verify},
	MultiAddress, MultiSignature,
};
use sp_version::RuntimeVersion;

pub use apis::RuntimeApi;

/// Signatures of transactions.
pub type Signature = MultiSignature;
/// An account: the public key behind a [`Signature`].
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;
/// Balances, and the stake staking bonds.
pub type Balance = u128;
/// Block numbers.
pub type BlockNumber = u32;
/// One token: twelve decimals.
pub const UNITS: Balance = 1_000_000_000_000;
/// Six-second blocks.
pub const MILLISECS_PER_BLOCK: u64 = 6_000;

/// The block header.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
/// A block.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;
/// The checks every transaction passes.
pub type TxExtension = (
	frame_system::CheckNonZeroSender<Runtime>,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckEra<Runtime>,
	frame_system::CheckNonce<Runtime>,
	frame_system::CheckWeight<Runtime>,
);
/// A transaction as it arrives in a block.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<MultiAddress<AccountId, ()>, RuntimeCall, Signature, TxExtension>;
/// Runs blocks through the pallets.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
>;

/// The runtime's version.
#[sp_version::runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("ssp-example"),
	impl_name: alloc::borrow::Cow::Borrowed("ssp-example"),
	authoring_version: 1,
	spec_version: 1,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 1,
	system_version: 1,
};

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Runtime;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;
	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;
	#[runtime::pallet_index(2)]
	pub type Balances = pallet_balances;
	#[runtime::pallet_index(3)]
	pub type Staking = pallet_staking;

	// Leasing before restaking: genesis operators opt into genesis networks.
	#[runtime::pallet_index(20)]
	pub type Leasing = pallet_ssp_leasing;
	#[runtime::pallet_index(21)]
	pub type Restaking = pallet_ssp_restaking;
	#[runtime::pallet_index(22)]
	pub type Slashing = pallet_ssp_slashing;
}

frame_support::parameter_types! {
	pub const Version: RuntimeVersion = VERSION;
}

#[derive_impl(frame_system::config_preludes::SolochainDefaultConfig)]
impl frame_system::Config for Runtime {
	type Block = Block;
	type AccountId = AccountId;
	type Version = Version;
	type AccountData = pallet_balances::AccountData<Balance>;
	// The weights of every pallet charge their storage accesses at this cost.
	type DbWeight = RocksDbWeight;
}

impl pallet_timestamp::Config for Runtime {
	type Moment = u64;
	type OnTimestampSet = ();
	type MinimumPeriod = ConstU64<{ MILLISECS_PER_BLOCK / 2 }>;
	type WeightInfo = pallet_timestamp::weights::SubstrateWeight<Runtime>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Runtime {
	type Balance = Balance;
	type ExistentialDeposit = ConstU128<{ UNITS / 1_000 }>;
	type AccountStore = System;
	// The SSP pallets hold deposits and lease escrows, and restaking freezes restaked stake:
	// balances needs the runtime's reasons, and room for one freeze per reason.
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
	type WeightInfo = pallet_balances::weights::SubstrateWeight<Runtime>;
}

#[derive_impl(pallet_staking::config_preludes::TestDefaultConfig)]
impl pallet_staking::Config for Runtime {
	type OldCurrency = Balances;
	// The SSP pallets' currency: restaking freezes the stake staking holds.
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type CurrencyBalance = Balance;
	type UnixTime = Timestamp;
	type CurrencyToVote = sp_staking::currency_to_vote::U128CurrencyToVote;
	type AdminOrigin = frame_system::EnsureRoot<AccountId>;
	type EraPayout = ();
	// Staking's own slashes apply at an era start, in the session-rotation block, which
	// pallet-session charges in full: that is where restaking's `on_slash` listener runs.
	type SlashDeferDuration = ConstU32<1>;
	// Your runtime's elections go here; this example elects no one.
	type ElectionProvider = frame_election_provider_support::NoElection<(
		AccountId,
		BlockNumber,
		Staking,
		ConstU32<100>,
		ConstU32<64>,
	)>;
	type GenesisElectionProvider = Self::ElectionProvider;
	type VoterList = pallet_staking::UseNominatorsAndValidatorsMap<Self>;
	type TargetList = pallet_staking::UseValidatorsMap<Self>;
	// Stake changes made by staking (slashes, withdrawals) reach restaked positions and, through
	// them, the security of every network they back.
	type EventListeners = Restaking;
	// Staking's weights, plus restaking's listener where staking's calls run it.
	type WeightInfo = ssp_staking_adapter::StakingWeights<Runtime>;
}
