//! # SSP runtime
//!
//! The parent chain of Shared Security Provisioning: a proof-of-stake chain whose validators,
//! elected by `pallet-staking`, author blocks with BABE and finalise them with GRANDPA. Their
//! session keys rotate with BABE's epochs (`pallet-session`, which also drives staking's eras);
//! BABE and GRANDPA equivocations are reported on chain (`report_equivocation_unsigned`, with
//! key-ownership proofs from session historical) to `pallet-offences`, which slashes through
//! `pallet-staking`, whose listener carries the slash into restaked positions and network
//! security. The SSP pallets (leasing, restaking, slashing) sit on top.
//!
//! The `--dev` node seals blocks itself (manual or instant seal) with BABE digests, one slot a
//! block; the `local` chain and any multi-node network run BABE and GRANDPA.
#![cfg_attr(not(feature = "std"), no_std)]
#![recursion_limit = "256"]

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

extern crate alloc;

use alloc::vec::Vec;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarks {
	frame_benchmarking::define_benchmarks!(
		[frame_system, SystemBench::<Runtime>]
		[pallet_balances, Balances]
		[pallet_timestamp, Timestamp]
		[pallet_sudo, Sudo]
		[pallet_staking, Staking]
		[pallet_bags_list, VoterList]
		[pallet_ssp_leasing, Leasing]
		[pallet_ssp_restaking, Restaking]
		[pallet_ssp_slashing, Slashing]
		[pallet_ssp_keys, OperatorKeys]
		[pallet_ssp_validation, Checkpoints]
		[pallet_ssp_index, IndexPool]
		[pallet_ssp_cover, Cover]
	);
}

mod apis;
pub mod configs;
pub mod genesis_config_presets;
mod voter_bags;

use sp_runtime::{
	generic, impl_opaque_keys,
	traits::{BlakeTwo256, IdentifyAccount, Verify},
	MultiAddress, MultiSignature,
};
use sp_version::RuntimeVersion;

pub use apis::RuntimeApi;

/// Signature type of the chain's accounts.
pub type Signature = MultiSignature;
/// An account on the chain: the public key of its signature scheme.
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;
/// Balance of an account (12 decimals).
pub type Balance = u128;
/// Index of a transaction in an account's history.
pub type Nonce = u32;
/// Block number.
pub type BlockNumber = u32;
/// Hash of a block or extrinsic.
pub type Hash = sp_core::H256;

/// One SSP token in planck.
pub const UNITS: Balance = 1_000_000_000_000;
/// A thousandth of a token.
pub const MILLI_UNITS: Balance = UNITS / 1_000;
/// Smallest balance an account may hold.
pub const EXISTENTIAL_DEPOSIT: Balance = MILLI_UNITS;
include!("token.rs");
/// SS58 address format: the generic Substrate prefix.
pub const SS58_PREFIX: u16 = 42;

/// Target block time, in milliseconds: one BABE slot.
pub const MILLISECS_PER_BLOCK: u64 = 3_000;
/// Length of a BABE slot, in milliseconds. Fixed for the life of a chain.
pub const SLOT_DURATION: u64 = MILLISECS_PER_BLOCK;
/// Blocks per session (one BABE epoch, counted in slots). A session is 30 s at the target block
/// time; the dev chain's manual seal advances one slot per block, so there it is 10 blocks.
pub const SESSION_PERIOD: BlockNumber = 10;
/// A BABE epoch in slots: one session. Fixed for the life of a chain.
pub const EPOCH_DURATION_IN_SLOTS: u64 = SESSION_PERIOD as u64;
/// The chance that a slot has a primary (VRF) author; every other slot has a secondary one, so
/// that a healthy network authors a block in every slot.
pub const PRIMARY_PROBABILITY: (u64, u64) = (1, 4);
/// BABE's epoch configuration at genesis.
pub const BABE_GENESIS_EPOCH_CONFIG: sp_consensus_babe::BabeEpochConfiguration =
	sp_consensus_babe::BabeEpochConfiguration {
		c: PRIMARY_PROBABILITY,
		allowed_slots: sp_consensus_babe::AllowedSlots::PrimaryAndSecondaryVRFSlots,
	};
/// Sessions per staking era: an era lasts one minute on the dev chain.
pub const SESSIONS_PER_ERA: sp_staking::SessionIndex = 2;
/// Eras an unbonded chunk stays locked before it can be withdrawn.
pub const BONDING_DURATION: sp_staking::EraIndex = 2;

/// The address format used by extrinsics.
pub type Address = MultiAddress<AccountId, ()>;
/// Block header.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
/// Block of the runtime.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;
/// The standard transaction extensions: nothing polkadot.js apps cannot sign. The last one,
/// `CheckMetadataHash` (RFC-0078), lets a hardware wallet (Ledger, Polkadot Vault) sign in mode 1
/// against the digest of this runtime's metadata; mode 0 (the default of apps) skips it.
pub type TxExtension = (
	frame_system::CheckNonZeroSender<Runtime>,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckEra<Runtime>,
	frame_system::CheckNonce<Runtime>,
	frame_system::CheckWeight<Runtime>,
	pallet_transaction_payment::ChargeTransactionPayment<Runtime>,
	frame_metadata_hash_extension::CheckMetadataHash<Runtime>,
);
/// Extrinsic as it arrives from outside.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;
/// Executes blocks against the pallets.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
	Migrations,
>;

/// Storage migrations run at the next runtime upgrade (each checks its pallet's storage
/// version, so it runs once).
pub type Migrations = (
	pallet_ssp_restaking::migrations::v1::MigrateToV1<Runtime>,
	pallet_ssp_restaking::migrations::v2::MigrateToV2<Runtime>,
	pallet_ssp_leasing::migrations::v1::MigrateToV1<Runtime>,
);

/// Types the node needs without knowing the runtime's extrinsic format.
pub mod opaque {
	use super::*;
	/// Opaque block header.
	pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
	/// Opaque block: the node treats extrinsics as bytes.
	pub type Block = generic::Block<Header, sp_runtime::OpaqueExtrinsic>;
}

impl_opaque_keys! {
	/// The session keys a validator registers with `session.setKeys`: BABE to author blocks,
	/// GRANDPA to finalise them.
	pub struct SessionKeys {
		pub babe: Babe,
		pub grandpa: Grandpa,
	}
}

/// Runtime version, read by wallets to build transactions.
#[sp_version::runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("ssp"),
	impl_name: alloc::borrow::Cow::Borrowed("ssp"),
	authoring_version: 1,
	// 101: `CheckMetadataHash` (wallets refetch metadata when the spec version changes).
	// 102: operator keys. 103: optimistic validation (checkpoints).
	spec_version: 106,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	// 2: `CheckMetadataHash` appended to the transaction extensions. 3: `leasing.lease_security`
	// and `extend_lease` take the security wanted and a `max_price` (leases bought at a quote).
	transaction_version: 3,
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
	// BABE first: the block's slot and author are known to every later pallet's hooks.
	#[runtime::pallet_index(10)]
	pub type Babe = pallet_babe;
	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;
	#[runtime::pallet_index(2)]
	pub type Balances = pallet_balances;
	#[runtime::pallet_index(3)]
	pub type TransactionPayment = pallet_transaction_payment;
	#[runtime::pallet_index(4)]
	pub type Sudo = pallet_sudo;
	#[runtime::pallet_index(5)]
	pub type Authorship = pallet_authorship;
	#[runtime::pallet_index(6)]
	pub type Staking = pallet_staking;
	#[runtime::pallet_index(7)]
	pub type Session = pallet_session;
	#[runtime::pallet_index(8)]
	pub type Historical = pallet_session::historical;
	#[runtime::pallet_index(9)]
	pub type VoterList = pallet_bags_list<Instance1>;
	#[runtime::pallet_index(11)]
	pub type Grandpa = pallet_grandpa;
	#[runtime::pallet_index(12)]
	pub type Offences = pallet_offences;

	// Leasing before restaking: genesis operators opt into genesis networks.
	#[runtime::pallet_index(20)]
	pub type Leasing = pallet_ssp_leasing;
	#[runtime::pallet_index(21)]
	pub type Restaking = pallet_ssp_restaking;
	#[runtime::pallet_index(22)]
	pub type Slashing = pallet_ssp_slashing;
	// After restaking and slashing: a validator set is taken from the stake and jail of the
	// block's start.
	#[runtime::pallet_index(23)]
	pub type OperatorKeys = pallet_ssp_keys;
	// After the keys pallet: a round's committee is drawn from the set taken in the same block.
	#[runtime::pallet_index(24)]
	pub type Checkpoints = pallet_ssp_validation;
	// After leasing (whose sweep ranks the index) and restaking (through which it allocates).
	#[runtime::pallet_index(25)]
	pub type IndexPool = pallet_ssp_index;
	// After slashing: the slashes applied in a block's hook have paid their covers before the
	// covers ending in that block are closed.
	#[runtime::pallet_index(26)]
	pub type Cover = pallet_ssp_cover;
}
