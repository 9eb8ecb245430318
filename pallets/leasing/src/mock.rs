//! Test runtime: real `pallet-balances`, `pallet-staking` and `pallet-ssp-restaking` (the reward
//! path and the backing-change notifications are the real ones).

use crate::{self as pallet_ssp_leasing, GenesisLease, GenesisNetwork};
use frame_support::{
	parameter_types,
	traits::{fungible::Inspect, ConstU128, ConstU32, ConstU64, Hooks},
	PalletId,
};
use frame_system::EnsureRoot;
use pallet_ssp_restaking::{GenesisOperator, GenesisRestaker};
use pallet_staking::StakerStatus;
use sp_runtime::{traits::AccountIdConversion, BuildStorage, FixedU128, Perbill};
use ssp_primitives::market::PriceController;

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
	}
);

// System, balances, timestamp and staking (with `EventListeners = Restaking`).
ssp_test_support::parent_chain_test_config!(Test);

parameter_types! {
	pub const RestakingPalletId: PalletId = PalletId(*b"ssp/rstk");
	pub const LeasingPalletId: PalletId = PalletId(*b"ssp/leas");
	pub static MaxNetworks: u32 = 4;
	/// The price does not move unless a test sets `max_change` (most tests count rewards).
	pub static Pricing: PriceController = PriceController {
		floor: FixedU128::from_rational(1, 100),
		target: Perbill::from_percent(50),
		max_change: Perbill::zero(),
	};
	pub static SlashMemory: u32 = 3;
}

impl pallet_ssp_restaking::Config for Test {
	type Currency = Balances;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Staking = Staking;
	type BondedSlasher = NoBondedSlash;
	type OnSlash = ();
	type Networks = Leasing;
	type OnBackingChange = Leasing;
	type Jail = ();
	type PalletId = RestakingPalletId;
	type MaxRestakingFactor = ConstU32<300>;
	type MaxNetworksPerOperator = ConstU32<4>;
	type MaxOperatorsPerNetwork = ConstU32<8>;
	type MaxMetadataLen = ConstU32<16>;
	type MinRestake = ConstU128<10>;
	type OptInDeposit = ConstU128<5>;
	type MinOperatorStake = ConstU128<0>;
	type NetworkManagerOrigin = pallet_ssp_leasing::EnsureNetworkManager<Test>;
	type MaxMagnitudeHistory = ConstU32<8>;
	type MaxRefreshesPerBlock = ConstU32<4>;
	type MaxAllocationRefreshesPerBlock = ConstU32<64>;
	type AllocationDelay = ConstU64<5>;
	type WithdrawalDelay = ConstU64<20>;
	type ReportingWindow = ConstU64<10>;
	type VetoWindow = ConstU64<5>;
	type MaxAsk = pallet_ssp_restaking::config_preludes::MaxAskPerPeriod;
	type WeightInfo = ();
}

/// Leasing tests make no slash that reaches bonded stake.
pub struct NoBondedSlash;
impl ssp_primitives::BondedStakeSlasher<AccountId, Balance, pallet_ssp_restaking::CreditOf<Test>>
	for NoBondedSlash
{
	fn slash_bonded(
		_who: &AccountId,
		_amount: Balance,
	) -> (pallet_ssp_restaking::CreditOf<Test>, Balance) {
		use frame_support::traits::tokens::imbalance::Imbalance;
		(pallet_ssp_restaking::CreditOf::<Test>::zero(), 0)
	}
}

/// Blocks per lease period in the mock.
pub const PERIOD: BlockNumber = 10;
/// The restaking pallet's slash window (ReportingWindow + VetoWindow + 1).
pub const OFFBOARDING: BlockNumber = 16;
pub const DEPOSIT: Balance = 100;

impl pallet_ssp_leasing::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Restaking = Restaking;
	type OracleOrigin = EnsureRoot<AccountId>;
	type PalletId = LeasingPalletId;
	type NetworkDeposit = ConstU128<DEPOSIT>;
	type MaxNetworks = MaxNetworks;
	type LeasePeriod = ConstU64<PERIOD>;
	type MaxLeasePeriods = ConstU32<8>;
	type OffboardingDelay = ConstU64<OFFBOARDING>;
	type MaxNetworksPerBlock = ConstU32<2>;
	type Pricing = Pricing;
	type Risk = crate::config_preludes::DefaultRisk;
	type RenewalBump = crate::config_preludes::DefaultRenewalBump;
	type SlashMemory = SlashMemory;
	type MinSecurityPerStake = crate::config_preludes::DefaultMinSecurityPerStake;
	type WeightInfo = ();
}

/// Manages the genesis networks.
pub const MANAGER: AccountId = 50;
pub const SLASHER: AccountId = 51;
/// Another funded account, manager of nothing.
pub const OTHER: AccountId = 52;
/// An account without funds.
pub const POOR: AccountId = 53;
pub const OP: AccountId = 10;
pub const OP2: AccountId = 11;
pub const REWARD: Balance = 1_000;
/// The genesis base price: each genesis lease buys `SECURITY` for `REWARD` a period.
pub const BASE_PRICE: u32 = 10;
pub const SECURITY: Balance = 100;
pub const ENDOWMENT: Balance = 100_000;

pub fn third() -> Perbill {
	Perbill::from_rational(1u32, 3u32)
}

pub fn leasing_pot() -> AccountId {
	LeasingPalletId::get().into_account_truncating()
}

pub fn restaking_pot() -> AccountId {
	RestakingPalletId::get().into_account_truncating()
}

/// Genesis networks: 0 (PfC 300, max slash 100%) and 1 (PfC 100, max slash 50%), both leased for
/// periods 0..=3: `SECURITY` at the genesis base price of `BASE_PRICE`, so `REWARD` per period. Operators: OP allocates 100% to 0 and 50% to 1, OP2 50%
/// to 0; restaker 1 backs OP with 1_000, restaker 2 backs OP2 with 600. So network 0 has
/// 1_000 + 300 = 1_300 allocated (CoC 433, ratio 1.44: secure), network 1 has 500 (CoC 83,
/// ratio 0.83: under-secured).
pub fn genesis_networks() -> Vec<GenesisNetwork<AccountId, Balance>> {
	let lease = Some(GenesisLease { first_period: 0, periods: 4, security: SECURITY });
	vec![
		GenesisNetwork {
			manager: MANAGER,
			slasher: SLASHER,
			fault_threshold: third(),
			max_slash: Perbill::one(),
			pfc: 300,
			min_security_target_percent: 100,
			lease: lease.clone(),
		},
		GenesisNetwork {
			manager: MANAGER,
			slasher: SLASHER,
			fault_threshold: third(),
			max_slash: Perbill::from_percent(50),
			pfc: 100,
			min_security_target_percent: 100,
			lease,
		},
	]
}

#[derive(Default)]
pub struct ExtBuilder {
	empty: bool,
}

impl ExtBuilder {
	/// No networks, operators or restakers at genesis.
	pub fn empty(mut self) -> Self {
		self.empty = true;
		self
	}

	pub fn build(self) -> sp_io::TestExternalities {
		let mut t = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
		let mut balances: Vec<(AccountId, Balance)> =
			[1, 2, 3, 4, 5, OP, OP2, MANAGER, SLASHER, OTHER]
				.map(|a| (a, ENDOWMENT))
				.to_vec();
		balances.push((restaking_pot(), 1));
		pallet_balances::GenesisConfig::<Test> { balances, ..Default::default() }
			.assimilate_storage(&mut t)
			.unwrap();
		let stakers =
			[1, 2, 3, 4, 5].map(|a| (a, a, 1_000, StakerStatus::<AccountId>::Idle)).to_vec();
		pallet_staking::GenesisConfig::<Test> { stakers, ..Default::default() }
			.assimilate_storage(&mut t)
			.unwrap();
		if !self.empty {
			pallet_ssp_leasing::GenesisConfig::<Test> {
				networks: genesis_networks(),
				base_price: Some(FixedU128::from_u32(BASE_PRICE)),
			}
			.assimilate_storage(&mut t)
			.unwrap();
			pallet_ssp_restaking::GenesisConfig::<Test> {
				operators: vec![
					GenesisOperator::new(
						OP,
						Perbill::from_percent(10),
						[(0, Perbill::one()), (1, Perbill::from_percent(50))],
					),
					GenesisOperator::new(
						OP2,
						Perbill::from_percent(10),
						[(0, Perbill::from_percent(50))],
					),
				],
				restakers: vec![
					GenesisRestaker::new(1, OP, 1_000),
					GenesisRestaker::new(2, OP2, 600),
				],
			}
			.assimilate_storage(&mut t)
			.unwrap();
		} else {
			pallet_ssp_leasing::GenesisConfig::<Test>::default()
				.assimilate_storage(&mut t)
				.unwrap();
		}
		let mut ext = sp_io::TestExternalities::new(t);
		ext.execute_with(|| {
			System::set_block_number(1);
			Leasing::on_initialize(1);
			System::reset_events();
		});
		ext
	}

	/// Build, run `test`, then check both pallets' invariants and that no balance was created
	/// or destroyed.
	pub fn build_and_execute(self, test: impl FnOnce()) {
		self.build().execute_with(|| {
			let issuance = Balances::total_issuance();
			test();
			crate::Pallet::<Test>::do_try_state().expect("leasing try_state");
			pallet_ssp_restaking::Pallet::<Test>::do_try_state().expect("restaking try_state");
			assert_eq!(issuance, Balances::total_issuance(), "issuance changed");
		})
	}
}

/// Run blocks up to and including `n`, with the leasing pallet's hook.
pub fn run_to_block(n: BlockNumber) {
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		Leasing::on_initialize(next);
		Restaking::on_initialize(next);
	}
}

pub fn leasing_events() -> Vec<crate::Event<Test>> {
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

pub fn held(reason: crate::HoldReason, who: AccountId) -> Balance {
	use frame_support::traits::fungible::InspectHold;
	Balances::balance_on_hold(&reason.into(), &who)
}
