//! Test runtime: real `pallet-balances`, `pallet-staking`, `pallet-ssp-restaking`,
//! `pallet-ssp-leasing` and `pallet-ssp-slashing` (telling this pallet of its applied slashes),
//! so that covers and swaps pay from real slashes.

use crate as pallet_ssp_cover;
use frame_support::{parameter_types, PalletId};
use sp_runtime::{traits::AccountIdConversion, BuildStorage, FixedU128, Perbill};

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
		Cover: pallet_ssp_cover,
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
pub const MAX_TERM: BlockNumber = 100;
pub const WITHDRAWAL_DELAY: BlockNumber = 120;

parameter_types! {
	pub const RestakingPalletId: PalletId = PalletId(*b"ssp/rstk");
	pub const LeasingPalletId: PalletId = PalletId(*b"ssp/leas");
	pub const SlashingPalletId: PalletId = PalletId(*b"ssp/slsh");
	/// Not `ssp/…`: a `u64` account keeps only the first 8 bytes of `modl` + id, which would be
	/// the other SSP pallets' pots.
	pub const CoverPalletId: PalletId = PalletId(*b"coverpot");
	pub const RewardFraction: Perbill = Perbill::from_percent(10);
	pub const BreakerFraction: Perbill = Perbill::one();
	pub static MaxSlashesPerBlock: u32 = 8;
	pub const MaxPendingSlashes: u32 = 16;
	pub static MaxPendingSlashesPerNetwork: u32 = 8;
	pub const MaxEvidenceLen: u32 = 32;
	/// Each covered loss is paid less a tenth (the reporter's share of a slash).
	pub const Deductible: Perbill = Perbill::from_percent(10);
	/// 1% a period for risk 1; a purchase of all the capacity adds 10%; 1% a period decays.
	pub Pricing: pallet_ssp_cover::CoverPricing = pallet_ssp_cover::CoverPricing {
		target: FixedU128::from_rational(1, 100),
		bump: FixedU128::from_rational(1, 10),
		decay: FixedU128::from_rational(1, 100),
	};
}

// Restaking, leasing and slashing, wired as in the dev runtime, slashes told to this pallet.
ssp_test_support::ssp_pallets_test_config!(Test, Cover, 120);

impl pallet_ssp_cover::Config for Test {
	type Currency = Balances;
	type Restaking = Restaking;
	type Networks = Leasing;
	type Jail = Slashing;
	type PalletId = CoverPalletId;
	type CoverPeriod = frame_support::traits::ConstU64<PERIOD>;
	type MaxCoverTerm = frame_support::traits::ConstU64<MAX_TERM>;
	/// Restaking's `WithdrawalDelay` in this mock.
	type StakeLock = frame_support::traits::ConstU64<120>;
	type Deductible = Deductible;
	type MinSwapCollateral = frame_support::traits::ConstU128<100>;
	type MinSwapPremium = frame_support::traits::ConstU128<2>;
	type WithdrawalDelay = frame_support::traits::ConstU64<WITHDRAWAL_DELAY>;
	type Pricing = Pricing;
	type MaxSwapsPerNetwork = frame_support::traits::ConstU32<4>;
	type MaxSwapPeriods = frame_support::traits::ConstU32<8>;
	type MaxExpiriesPerBlock = frame_support::traits::ConstU32<4>;
	type WeightInfo = ();
}

pub const MANAGER: AccountId = 50;
pub const SLASHER: AccountId = 51;
pub const OP: AccountId = 10;
pub const OP2: AccountId = 11;
pub const OP3: AccountId = 12;
/// Underwriters and swap parties.
pub const UW: AccountId = 60;
pub const UW2: AccountId = 61;
pub const SELLER: AccountId = 62;
pub const BUYER: AccountId = 63;
pub const ENDOWMENT: Balance = 100_000;

/// Network A (max slash 100%): OP 1_000, OP2 300, OP3 200 of stake.
pub const NET_A: u32 = 0;
/// Network B (max slash 50%): OP's 500.
pub const NET_B: u32 = 1;

pub fn pot() -> AccountId {
	CoverPalletId::get().into_account_truncating()
}

/// Genesis: networks A, B (leased) and C, operators OP (restaker 1, 1_000), OP2 (restaker 2,
/// 600), OP3 (restaker 3, 200) (ssp-test-support); the cover pot endowed.
pub struct ExtBuilder;

impl ExtBuilder {
	pub fn build() -> sp_io::TestExternalities {
		let mut t = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
		ssp_test_support::three_networks_genesis!(
			Test,
			&mut t,
			[1, 2, 3, 4, 5, OP, OP2, OP3, MANAGER, SLASHER, UW, UW2, SELLER, BUYER]
		);
		pallet_ssp_cover::GenesisConfig::<Test>::default()
			.assimilate_storage(&mut t)
			.unwrap();
		let mut ext = sp_io::TestExternalities::new(t);
		ext.execute_with(|| run_to_block(1));
		ext
	}

	/// Build, run `test`, then check every SSP pallet's invariants, and that the cover pot
	/// holds exactly what the books say (nothing created or lost).
	pub fn build_and_execute(test: impl FnOnce()) {
		Self::build().execute_with(|| {
			test();
			crate::Pallet::<Test>::do_try_state().expect("cover try_state");
			assert_eq!(Balances::free_balance(pot()), books() + 1, "the pot != the books");
			ssp_test_support::ssp_try_state!(Test);
		})
	}
}

/// What the books say the pot holds (besides its existential deposit).
pub fn books() -> Balance {
	use crate::{Exposures, Pools, Swaps};
	Pools::<Test>::iter_values().map(|p| p.funds).sum::<Balance>()
		+ Exposures::<Test>::iter_values().map(|e| e.owed).sum::<Balance>()
		+ Swaps::<Test>::iter_values().map(|s| s.collateral + s.escrow).sum::<Balance>()
}

/// Run blocks up to and including `n`, through every pallet's hooks.
pub fn run_to_block(n: BlockNumber) {
	ssp_test_support::run_to_block::<Test, AllPalletsWithSystem>(n, 3_000);
}

pub fn events() -> Vec<crate::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|e| if let RuntimeEvent::Cover(inner) = e.event { Some(inner) } else { None })
		.collect()
}

pub fn free(who: AccountId) -> Balance {
	Balances::free_balance(who)
}
