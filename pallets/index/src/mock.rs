//! Test runtime: real `pallet-balances`, `pallet-staking`, `pallet-ssp-restaking`,
//! `pallet-ssp-leasing` and `pallet-ssp-slashing`, so that the pool earns real lease payments and
//! takes real slashes.

use crate as pallet_ssp_index;
use frame_support::{parameter_types, PalletId};
use sp_runtime::{traits::AccountIdConversion, BuildStorage, Perbill};

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
		Index: pallet_ssp_index,
	}
);

// System, balances, timestamp and staking (with `EventListeners = Restaking`).
ssp_test_support::parent_chain_test_config!(Test);

pub const REPORTING_WINDOW: BlockNumber = 12;
pub const VETO_WINDOW: BlockNumber = 5;
pub const JAIL_COOLDOWN: BlockNumber = 20;
pub const BREAKER_WINDOW: BlockNumber = 50;
pub const PERIOD: BlockNumber = 10;
pub const OFFBOARDING: BlockNumber = 18;
pub const DEPOSIT: Balance = 100;

parameter_types! {
	pub const RestakingPalletId: PalletId = PalletId(*b"ssp/rstk");
	pub const LeasingPalletId: PalletId = PalletId(*b"ssp/leas");
	pub const SlashingPalletId: PalletId = PalletId(*b"ssp/slsh");
	/// Not `ssp/…`: a `u64` account keeps only the first 8 bytes of `modl` + id, which would be
	/// the other SSP pallets' pots.
	pub const IndexPalletId: PalletId = PalletId(*b"indxpool");
	pub const RewardFraction: Perbill = Perbill::from_percent(10);
	pub const BreakerFraction: Perbill = Perbill::one();
	pub static MaxSlashesPerBlock: u32 = 8;
	pub const MaxPendingSlashes: u32 = 16;
	pub static MaxPendingSlashesPerNetwork: u32 = 8;
	pub const MaxEvidenceLen: u32 = 32;
	pub const MinWeight: Perbill = Perbill::from_percent(5);
	pub const MaxWeight: Perbill = Perbill::from_percent(40);
	pub static StepsPerBlock: u32 = 4;
}

// Restaking, leasing and slashing, wired as in the dev runtime.
ssp_test_support::ssp_pallets_test_config!(Test);

impl pallet_ssp_index::Config for Test {
	type Operators = Restaking;
	type Index = Leasing;
	type PalletId = IndexPalletId;
	type MinWeight = MinWeight;
	type MaxWeight = MaxWeight;
	type MaxNetworks = frame_support::traits::ConstU32<16>;
	type StepsPerBlock = StepsPerBlock;
	type WeightInfo = ();
}

pub const MANAGER: AccountId = 50;
pub const SLASHER: AccountId = 51;
pub const OP: AccountId = 10;
pub const OP2: AccountId = 11;
pub const OP3: AccountId = 12;
pub const ENDOWMENT: Balance = 100_000;

/// Network A: leased, secure (1_500 staked by OP, OP2, OP3).
pub const NET_A: u32 = 0;
/// Network B: leased, under its target (OP's 500).
pub const NET_B: u32 = 1;

/// The pool's operator account.
pub fn pool() -> AccountId {
	IndexPalletId::get().into_account_truncating()
}

/// Genesis: networks A, B (leased, 1_000 a period each) and C, operators OP, OP2, OP3 and their
/// restakers (ssp-test-support), the pool's operator registered and endowed for its opt-in
/// deposits.
pub struct ExtBuilder;

impl ExtBuilder {
	pub fn build() -> sp_io::TestExternalities {
		let mut t = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
		ssp_test_support::three_networks_genesis!(
			Test,
			&mut t,
			[1, 2, 3, 4, 5, OP, OP2, OP3, MANAGER, SLASHER, pool()]
		);
		pallet_ssp_index::GenesisConfig::<Test> {
			commission: Perbill::zero(),
			_marker: Default::default(),
		}
		.assimilate_storage(&mut t)
		.unwrap();
		let mut ext = sp_io::TestExternalities::new(t);
		ext.execute_with(|| run_to_block(1));
		ext
	}

	/// Build, run `test`, then check every SSP pallet's invariants.
	pub fn build_and_execute(test: impl FnOnce()) {
		Self::build().execute_with(|| {
			test();
			crate::Pallet::<Test>::do_try_state().expect("index try_state");
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
		.filter_map(|e| if let RuntimeEvent::Index(inner) = e.event { Some(inner) } else { None })
		.collect()
}
