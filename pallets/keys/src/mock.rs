//! Test runtime: real `pallet-balances`, `pallet-staking`, `pallet-ssp-restaking`,
//! `pallet-ssp-leasing` and `pallet-ssp-slashing`, so that validator sets come from real
//! allocations and a proven equivocation becomes a real slash.

use crate::{self as pallet_ssp_keys, ValidationConfig};
use frame_support::{
	parameter_types,
	traits::{ConstU128, ConstU32, ConstU64},
	PalletId,
};
use sp_core::{ed25519, sr25519, Pair};
use sp_runtime::{BuildStorage, MultiSignature, Perbill};
use ssp_primitives::keys::{self, KeyScheme, NetworkKey, Statement};

pub type AccountId = u64;
pub type Balance = u128;
pub type BlockNumber = u64;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Timestamp: pallet_timestamp,
		Balances: pallet_balances,
		Staking: pallet_staking,
		Leasing: pallet_ssp_leasing,
		Restaking: pallet_ssp_restaking,
		Slashing: pallet_ssp_slashing,
		SspKeys: pallet_ssp_keys,
	}
);

// System, balances, timestamp and staking (with `EventListeners = Restaking`).
ssp_test_support::parent_chain_test_config!(Test);

pub const REPORTING_WINDOW: BlockNumber = 10;
pub const VETO_WINDOW: BlockNumber = 5;
pub const JAIL_COOLDOWN: BlockNumber = 20;
pub const BREAKER_WINDOW: BlockNumber = 50;
pub const PERIOD: BlockNumber = 10;
pub const OFFBOARDING: BlockNumber = 16;
pub const DEPOSIT: Balance = 100;
pub const ROTATION_DELAY: BlockNumber = 3;
pub const EPOCH: BlockNumber = 4;
pub const KEY_DEPOSIT: Balance = 7;

parameter_types! {
	pub const RestakingPalletId: PalletId = PalletId(*b"ssp/rstk");
	pub const LeasingPalletId: PalletId = PalletId(*b"ssp/leas");
	pub const SlashingPalletId: PalletId = PalletId(*b"ssp/slsh");
	pub static MaxSnapshotBackersPerBlock: u32 = 8;
	pub const RewardFraction: Perbill = Perbill::from_percent(10);
	pub const BreakerFraction: Perbill = Perbill::one();
	pub const MaxSlashesPerBlock: u32 = 2;
	pub const MaxPendingSlashes: u32 = 8;
	pub const MaxPendingSlashesPerNetwork: u32 = 8;
	pub const MaxEvidenceLen: u32 = keys::EQUIVOCATION_EVIDENCE_LEN;
}

// Restaking, leasing and slashing, wired as in the dev runtime.
ssp_test_support::ssp_pallets_test_config!(Test);

impl pallet_ssp_keys::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Restaking = Restaking;
	type Networks = Leasing;
	type Jail = Slashing;
	type Offences = Slashing;
	type ManagerOrigin = pallet_ssp_leasing::EnsureNetworkManager<Test>;
	type KeyDeposit = ConstU128<KEY_DEPOSIT>;
	type RotationDelay = ConstU64<ROTATION_DELAY>;
	type MinEpochLength = ConstU64<2>;
	type MaxValidators = ConstU32<4>;
	type MaxValidatedNetworks = ConstU32<2>;
	type MaxSnapshotBackersPerBlock = MaxSnapshotBackersPerBlock;
	type MaxKeptEpochs = ConstU32<6>;
	type WeightInfo = ();
}

pub const MANAGER: AccountId = 50;
pub const SLASHER: AccountId = 51;
pub const OTHER: AccountId = 52;
pub const OP: AccountId = 10;
pub const OP2: AccountId = 11;
pub const OP3: AccountId = 12;
pub const ENDOWMENT: Balance = 100_000;

/// The network every test validates: A (max slash 100%).
pub const NET: u32 = 0;

/// Genesis networks: A = 0 (max slash 100%), B = 1 (max slash 50%), both leased, and C = 2
/// (no lease: its manager can deregister it). OP allocates 100% to A and 50% to B; OP2 50% to A; OP3 100% to
/// A. Restaker 1 backs OP with 1_000, 2 backs OP2 with 600, 3 backs OP3 with 200. Stake on A:
/// OP 1_000, OP2 300, OP3 200.
pub struct ExtBuilder;

impl ExtBuilder {
	pub fn build() -> sp_io::TestExternalities {
		let mut t = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
		// Networks A, B, C; operators OP, OP2, OP3 and their restakers (ssp-test-support).
		ssp_test_support::three_networks_genesis!(
			Test,
			&mut t,
			[1, 2, 3, OP, OP2, OP3, MANAGER, SLASHER, OTHER]
		);
		let mut ext = sp_io::TestExternalities::new(t);
		ext.register_extension(sp_keystore::KeystoreExt::new(
			sp_keystore::testing::MemoryKeystore::new(),
		));
		ext.execute_with(|| run_to_block(1));
		ext
	}

	/// Build, run `test`, then check every SSP pallet's invariants.
	pub fn build_and_execute(test: impl FnOnce()) {
		Self::build().execute_with(|| {
			test();
			crate::Pallet::<Test>::do_try_state().expect("keys try_state");
			ssp_test_support::ssp_try_state!(Test);
		})
	}
}

/// Run blocks up to and including `n`, through every pallet's hooks.
pub fn run_to_block(n: BlockNumber) {
	ssp_test_support::run_to_block::<Test, AllPalletsWithSystem>(n, 3_000);
}

pub fn events() -> Vec<crate::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|e| if let RuntimeEvent::SspKeys(inner) = e.event { Some(inner) } else { None })
		.collect()
}

pub fn config(scheme: KeyScheme) -> ValidationConfig<BlockNumber> {
	ValidationConfig { scheme, epoch_length: EPOCH, max_validators: 4 }
}

/// An operator's signing key for a network, derived from a name.
pub enum Signer {
	Sr(Box<sr25519::Pair>),
	Ed(Box<ed25519::Pair>),
}

impl Signer {
	pub fn sr(name: &str) -> Self {
		Self::Sr(Box::new(sr25519::Pair::from_string(&format!("//{name}"), None).unwrap()))
	}

	pub fn ed(name: &str) -> Self {
		Self::Ed(Box::new(ed25519::Pair::from_string(&format!("//{name}"), None).unwrap()))
	}

	pub fn key(&self) -> NetworkKey {
		match self {
			Self::Sr(p) => p.public().into(),
			Self::Ed(p) => p.public().into(),
		}
	}

	pub fn sign(&self, message: &[u8]) -> MultiSignature {
		match self {
			Self::Sr(p) => p.sign(message).into(),
			Self::Ed(p) => p.sign(message).into(),
		}
	}

	/// The proof that `operator` holds this key for `network` on the mock chain.
	pub fn possession(&self, network: u32, operator: AccountId) -> MultiSignature {
		let genesis = crate::Pallet::<Test>::genesis_hash();
		self.sign(&keys::possession_message(&genesis, network, &operator))
	}

	/// This key's signature of `statement` on the mock chain.
	pub fn statement(&self, statement: &Statement) -> MultiSignature {
		self.sign(&keys::statement_message(&crate::Pallet::<Test>::genesis_hash(), statement))
	}
}
