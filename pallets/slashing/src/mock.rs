//! Test runtime: real `pallet-balances`, `pallet-staking`, `pallet-ssp-restaking` and
//! `pallet-ssp-leasing`, so that slashes reach staking's ledger and the networks' security
//! figures through the real paths.

use crate::{self as pallet_ssp_slashing};
use frame_support::{
	parameter_types,
	traits::{fungible::Inspect, Hooks},
	PalletId,
};
use pallet_ssp_leasing::{GenesisLease, GenesisNetwork};
use pallet_ssp_restaking::{GenesisOperator, GenesisRestaker};
use pallet_staking::StakerStatus;
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
	}
);

// System, balances, timestamp and staking (with `EventListeners = Restaking`).
ssp_test_support::parent_chain_test_config!(Test);

pub const REPORTING_WINDOW: BlockNumber = 10;
pub const VETO_WINDOW: BlockNumber = 5;
pub const JAIL_COOLDOWN: BlockNumber = 20;
pub const BREAKER_WINDOW: BlockNumber = 50;

parameter_types! {
	pub const RestakingPalletId: PalletId = PalletId(*b"ssp/rstk");
	pub const LeasingPalletId: PalletId = PalletId(*b"ssp/leas");
	pub const SlashingPalletId: PalletId = PalletId(*b"ssp/slsh");
	pub static MaxSlashesPerBlock: u32 = 2;
	pub static MaxPendingSlashes: u32 = 8;
	pub static MaxPendingSlashesPerNetwork: u32 = 8;
	pub static RewardFraction: Perbill = Perbill::from_percent(10);
	pub static BreakerFraction: Perbill = Perbill::one();
	pub const MaxEvidenceLen: u32 = 64;
}

pub const PERIOD: BlockNumber = 10;
pub const OFFBOARDING: BlockNumber = 16;
pub const DEPOSIT: Balance = 100;

// Restaking, leasing and slashing, wired as in the dev runtime.
ssp_test_support::ssp_pallets_test_config!(Test);

pub const MANAGER: AccountId = 50;
pub const SLASHER: AccountId = 51;
pub const OTHER: AccountId = 52;
pub const OP: AccountId = 10;
pub const OP2: AccountId = 11;
pub const REWARD: Balance = 1_000;
pub const ENDOWMENT: Balance = 100_000;

pub fn third() -> Perbill {
	Perbill::from_rational(1u32, 3u32)
}

pub fn slashing_pot() -> AccountId {
	SlashingPalletId::get().into_account_truncating()
}

fn network(max_slash: Perbill, pfc: Balance) -> GenesisNetwork<AccountId, Balance> {
	GenesisNetwork {
		manager: MANAGER,
		slasher: SLASHER,
		fault_threshold: third(),
		max_slash,
		pfc,
		min_security_target_percent: 100,
		// At the genesis base price of 1 the security bought is the reward paid.
		lease: Some(GenesisLease { first_period: 0, periods: 4, security: REWARD }),
	}
}

/// Genesis networks: A = 0 (max slash 100%), B = 1 (max slash 50%), C = 2 (max slash 100%).
/// OP allocates 100% to A, 50% to B and 50% to C (restaking factor 200%: leverage); OP2 50% to
/// A. Restaker 1 backs OP with 1_000, restaker 2 backs OP2 with 600. Allocated: A 1_300, B 500,
/// C 500.
pub struct ExtBuilder;

impl ExtBuilder {
	pub fn build() -> sp_io::TestExternalities {
		let mut t = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
		let balances: Vec<(AccountId, Balance)> = [1, 2, 3, 4, 5, OP, OP2, MANAGER, SLASHER, OTHER]
			.map(|a| (a, ENDOWMENT))
			.to_vec();
		pallet_balances::GenesisConfig::<Test> { balances, ..Default::default() }
			.assimilate_storage(&mut t)
			.unwrap();
		let stakers =
			[1, 2, 3, 4, 5].map(|a| (a, a, 1_000, StakerStatus::<AccountId>::Idle)).to_vec();
		pallet_staking::GenesisConfig::<Test> { stakers, ..Default::default() }
			.assimilate_storage(&mut t)
			.unwrap();
		pallet_ssp_leasing::GenesisConfig::<Test> {
			networks: vec![
				network(Perbill::one(), 300),
				network(Perbill::from_percent(50), 100),
				network(Perbill::one(), 100),
			],
			base_price: Some(sp_runtime::FixedU128::from_u32(1)),
		}
		.assimilate_storage(&mut t)
		.unwrap();
		pallet_ssp_restaking::GenesisConfig::<Test> {
			operators: vec![
				GenesisOperator::new(
					OP,
					Perbill::from_percent(10),
					[
						(0, Perbill::one()),
						(1, Perbill::from_percent(50)),
						(2, Perbill::from_percent(50)),
					],
				),
				GenesisOperator::new(
					OP2,
					Perbill::from_percent(10),
					[(0, Perbill::from_percent(50))],
				),
			],
			restakers: vec![GenesisRestaker::new(1, OP, 1_000), GenesisRestaker::new(2, OP2, 600)],
		}
		.assimilate_storage(&mut t)
		.unwrap();
		pallet_ssp_slashing::GenesisConfig::<Test>::default()
			.assimilate_storage(&mut t)
			.unwrap();
		let mut ext = sp_io::TestExternalities::new(t);
		ext.execute_with(|| {
			System::set_block_number(1);
			Slashing::on_initialize(1);
			Leasing::on_initialize(1);
			System::reset_events();
		});
		ext
	}

	/// Build, run `test`, then check every SSP pallet's invariants.
	pub fn build_and_execute(test: impl FnOnce()) {
		Self::build().execute_with(|| {
			test();
			crate::Pallet::<Test>::do_try_state().expect("slashing try_state");
			pallet_ssp_leasing::Pallet::<Test>::do_try_state().expect("leasing try_state");
			pallet_ssp_restaking::Pallet::<Test>::do_try_state().expect("restaking try_state");
		})
	}
}

/// Run blocks up to and including `n`, with the hooks (slashing first, as in the runtime).
pub fn run_to_block(n: BlockNumber) {
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		Slashing::on_initialize(next);
		Leasing::on_initialize(next);
		pallet_ssp_restaking::Pallet::<Test>::on_initialize(next);
	}
}

pub fn slashing_events() -> Vec<crate::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(
			|e| if let RuntimeEvent::Slashing(inner) = e.event { Some(inner) } else { None },
		)
		.collect()
}

pub fn leasing_events() -> Vec<pallet_ssp_leasing::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|e| if let RuntimeEvent::Leasing(inner) = e.event { Some(inner) } else { None })
		.collect()
}

pub fn restaking_events() -> Vec<pallet_ssp_restaking::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(
			|e| if let RuntimeEvent::Restaking(inner) = e.event { Some(inner) } else { None },
		)
		.collect()
}

pub fn free(who: AccountId) -> Balance {
	Balances::balance(&who)
}

pub fn total(who: AccountId) -> Balance {
	Balances::total_balance(&who)
}
