//! Test helpers of the SSP pallets and of the runtimes that include them (a dev-dependency).
//!
//! - [`run_to_block`] / [`run_to_block_with`]: drive a runtime block by block through every
//!   pallet's hooks, with the timestamp inherent each block needs: how a test of your
//!   integration reaches the block where a lease pays, a veto window closes or a slash applies.
//! - [`apply_preset`]: a genesis preset's JSON patch applied over the default genesis config,
//!   as the node's chain-spec builder applies it.
//! - [`ssp_try_state!`]: the invariants of the three SSP pallets (their `try_state`), to check
//!   after each step of a test.
//! - [`parent_chain_test_config!`]: the parent chain the SSP mocks run over (real
//!   `frame-system`, `pallet-balances`, `pallet-timestamp` and `pallet-staking`, with staking's
//!   stake changes reported to the restaking pallet), written once.
//! - [`ssp_pallets_test_config!`]: the three SSP pallets wired together over that parent chain
//!   (the slashing, keys and validation pallets' mocks), written once.
//! - [`three_networks_genesis!`]: the genesis market of the keys and validation mocks (three
//!   networks, three operators, three restakers), written once.

use frame_support::{
	sp_runtime::{
		traits::{One, Saturating, UniqueSaturatedFrom, UniqueSaturatedInto},
		Digest,
	},
	traits::{OnFinalize, OnInitialize},
};
use frame_system::pallet_prelude::BlockNumberFor;

/// Drives the runtime `T` to block `n` through the hooks of `AllPallets` (your
/// `AllPalletsWithSystem`), as block production does: `on_finalize` of the current block (from
/// block 1), then for the next block its events reset, `System::initialize`, every pallet's
/// `on_initialize`, and the timestamp inherent at `block × block_time` (pallet-timestamp's
/// `on_finalize` panics in a block without one). Blocks are not finalised by
/// `System::finalize` (no header is built), so `ParentHash` stays the genesis one: enough for
/// pallets that read block numbers and time, as the SSP pallets do.
///
/// ```ignore
/// use ssp_test_support::run_to_block;
/// run_to_block::<Runtime, AllPalletsWithSystem>(LEASE_PERIOD + 1, 6_000);
/// ```
pub fn run_to_block<T, AllPallets>(n: BlockNumberFor<T>, block_time: T::Moment)
where
	T: pallet_timestamp::Config,
	AllPallets: OnInitialize<BlockNumberFor<T>> + OnFinalize<BlockNumberFor<T>>,
{
	run_to_block_with::<T, AllPallets>(n, block_time, |_| Digest::default())
}

/// [`run_to_block`], with each block's digest from `digest` (a runtime whose pallets read the
/// block author or slot from pre-runtime digests, as pallet-babe and pallet-aura do, needs them).
pub fn run_to_block_with<T, AllPallets>(
	n: BlockNumberFor<T>,
	block_time: T::Moment,
	mut digest: impl FnMut(BlockNumberFor<T>) -> Digest,
) where
	T: pallet_timestamp::Config,
	AllPallets: OnInitialize<BlockNumberFor<T>> + OnFinalize<BlockNumberFor<T>>,
{
	type System<T> = frame_system::Pallet<T>;
	while System::<T>::block_number() < n {
		let current = System::<T>::block_number();
		if current > BlockNumberFor::<T>::default() {
			AllPallets::on_finalize(current);
		}
		let next = current.saturating_add(One::one());
		System::<T>::reset_events();
		System::<T>::initialize(&next, &System::<T>::parent_hash(), &digest(next));
		AllPallets::on_initialize(next);
		let block: u64 = next.unique_saturated_into();
		let now = T::Moment::unique_saturated_from(block).saturating_mul(block_time);
		pallet_timestamp::Pallet::<T>::set_timestamp(now);
	}
}

/// Applies a genesis preset (a JSON patch) to `config` (the default genesis config as JSON), as
/// the node's chain-spec builder does: objects are merged key by key, anything else replaced.
pub fn apply_preset(config: &mut serde_json::Value, patch: serde_json::Value) {
	use serde_json::Value;
	match (config, patch) {
		(Value::Object(config), Value::Object(patch)) => {
			for (key, value) in patch {
				apply_preset(config.entry(key).or_insert(Value::Null), value);
			}
		},
		(config, patch) => *config = patch,
	}
}

/// Checks the invariants of the three SSP pallets in `$runtime` (each pallet's `do_try_state`,
/// what `try-runtime` checks after every block), panicking with the broken one. Needs
/// `pallet_ssp_leasing`, `pallet_ssp_restaking` and `pallet_ssp_slashing` as dependencies of the
/// calling crate (with `std`).
///
/// ```ignore
/// ssp_test_support::ssp_try_state!(Runtime);
/// ```
#[macro_export]
macro_rules! ssp_try_state {
	($runtime:ty) => {{
		pallet_ssp_leasing::Pallet::<$runtime>::do_try_state().expect("leasing try_state");
		pallet_ssp_restaking::Pallet::<$runtime>::do_try_state().expect("restaking try_state");
		pallet_ssp_slashing::Pallet::<$runtime>::do_try_state().expect("slashing try_state");
	}};
}

/// Implements the parent-chain pallets' `Config` for a mock runtime:
///
/// - `frame_system::Config`, from `frame_system::config_preludes::TestDefaultConfig`, with
///   `Block = frame_system::mocking::MockBlock<$runtime>` and
///   `AccountData = pallet_balances::AccountData<Balance>`;
/// - `pallet_balances::Config`, from its `TestDefaultConfig`: `Balance`, existential deposit 1,
///   the runtime's hold and freeze reasons (`FreezeIdentifier = RuntimeFreezeReason`) and
///   `MaxFreezes = 2` (restaking's `FreezeReason::Restaked` takes one);
/// - `pallet_timestamp::Config`, from its `TestDefaultConfig`;
/// - `pallet_staking::Config`, from its `TestDefaultConfig`, on `Balances` (both `Currency` and
///   `OldCurrency`), with `Timestamp` as `UnixTime`, root as `AdminOrigin`, no era payout, no
///   election (`frame_election_provider_support::NoElection`), the nominators and validators
///   maps as voter and target lists, and `EventListeners = Restaking`.
///
/// The paths are written plainly (`frame_system::…`, `pallet_balances::…`, `pallet_timestamp::…`,
/// `pallet_staking::…`, `sp_staking::…`, `frame_election_provider_support::…`,
/// `frame_support::…`), so the calling crate must have those crates as (dev-)dependencies. At the
/// call site, these names must be in scope:
///
/// - the types `AccountId`, `Balance` (the balances' and staking's balance) and `BlockNumber`
///   (the block number of `MockBlock`, used by `NoElection`);
/// - from `construct_runtime!`: `System`, `Timestamp`, `Balances`, `Staking`, `Restaking` (a
///   `pallet_ssp_restaking` instance), `RuntimeHoldReason` and `RuntimeFreezeReason`.
///
/// Everything else of the mock (its `construct_runtime!`, the SSP pallets' `Config`, genesis)
/// stays in the mock.
///
/// ```ignore
/// pub type AccountId = u64;
/// pub type Balance = u128;
/// pub type BlockNumber = u64;
///
/// frame_support::construct_runtime!(
///     pub enum Test {
///         System: frame_system,
///         Timestamp: pallet_timestamp,
///         Balances: pallet_balances,
///         Staking: pallet_staking,
///         Restaking: pallet_ssp_restaking,
///     }
/// );
///
/// ssp_test_support::parent_chain_test_config!(Test);
/// ```
#[macro_export]
macro_rules! parent_chain_test_config {
	($runtime:ident) => {
		// In a block of its own: `derive_impl` re-invokes itself by its bare name, so it must be in
		// scope, without clashing with the caller's imports.
		const _: () = {
			use frame_support::derive_impl;

			#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
			impl frame_system::Config for $runtime {
				type Block = frame_system::mocking::MockBlock<$runtime>;
				type AccountData = pallet_balances::AccountData<Balance>;
			}

			#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
			impl pallet_balances::Config for $runtime {
				type Balance = Balance;
				type ExistentialDeposit = frame_support::traits::ConstU128<1>;
				type AccountStore = System;
				type RuntimeHoldReason = RuntimeHoldReason;
				type RuntimeFreezeReason = RuntimeFreezeReason;
				type FreezeIdentifier = RuntimeFreezeReason;
				type MaxFreezes = frame_support::traits::ConstU32<2>;
			}

			#[derive_impl(pallet_timestamp::config_preludes::TestDefaultConfig)]
			impl pallet_timestamp::Config for $runtime {}

			#[derive_impl(pallet_staking::config_preludes::TestDefaultConfig)]
			impl pallet_staking::Config for $runtime {
				type OldCurrency = Balances;
				type Currency = Balances;
				type RuntimeHoldReason = RuntimeHoldReason;
				type CurrencyToVote = sp_staking::currency_to_vote::SaturatingCurrencyToVote;
				type UnixTime = Timestamp;
				type AdminOrigin = frame_system::EnsureRoot<AccountId>;
				type EraPayout = ();
				type ElectionProvider = frame_election_provider_support::NoElection<(
					AccountId,
					BlockNumber,
					Staking,
					frame_support::traits::ConstU32<100>,
					frame_support::traits::ConstU32<64>,
				)>;
				type GenesisElectionProvider = <Self as pallet_staking::Config>::ElectionProvider;
				type VoterList = pallet_staking::UseNominatorsAndValidatorsMap<Self>;
				type TargetList = pallet_staking::UseValidatorsMap<Self>;
				// Parent-chain slashes and withdrawals reach the restaking pallet.
				type EventListeners = Restaking;
				type BenchmarkingConfig = pallet_staking::TestBenchmarkingConfig;
			}
		};
	};
}

/// Implements the three SSP pallets' `Config` for a mock runtime, wired as the dev runtime
/// wires them: restaking slashes bonded stake through `ssp_staking_adapter::StakingSlasher`,
/// pays slashed funds to the slashing pallet and takes the leasing pallet as its network
/// registry (which hears every backing change); the slashing pallet is the jail; networks'
/// managers and slashers are the leasing pallet's origins; root vetoes. Bounds are test-sized
/// (4 networks an operator, 8 operators a network, 8 networks).
///
/// `ssp_pallets_test_config!(Test, Listener)` makes `Listener` the slashing pallet's
/// `OnSlashApplied` (the cover pallet's mock); without it, `()`. A third argument sets
/// restaking's `WithdrawalDelay` (20 blocks otherwise).
///
/// At the call site, besides what [`parent_chain_test_config!`] needs (with `Leasing` and
/// `Slashing` in `construct_runtime!` too), these names must be in scope, so that each mock
/// chooses its timings and the slashing pallet's limits:
///
/// - constants (`u64` blocks, `u128` balances): `REPORTING_WINDOW`, `VETO_WINDOW`,
///   `JAIL_COOLDOWN`, `BREAKER_WINDOW`, `PERIOD` (the lease period), `OFFBOARDING`, `DEPOSIT`
///   (a network's);
/// - `Get` types (from `parameter_types!`): `RestakingPalletId`, `LeasingPalletId`,
///   `SlashingPalletId`, `MaxSlashesPerBlock`, `MaxPendingSlashes`,
///   `MaxPendingSlashesPerNetwork`, `MaxEvidenceLen`, `RewardFraction`, `BreakerFraction`.
#[macro_export]
macro_rules! ssp_pallets_test_config {
	($runtime:ident) => {
		$crate::ssp_pallets_test_config!($runtime, (), 20);
	};
	($runtime:ident, $slash_listener:ty) => {
		$crate::ssp_pallets_test_config!($runtime, $slash_listener, 20);
	};
	($runtime:ident, $slash_listener:ty, $withdrawal_delay:expr) => {
		impl pallet_ssp_restaking::Config for $runtime {
			type Currency = Balances;
			type RuntimeFreezeReason = RuntimeFreezeReason;
			type RuntimeHoldReason = RuntimeHoldReason;
			type Staking = Staking;
			type BondedSlasher = ssp_staking_adapter::StakingSlasher<$runtime>;
			type OnSlash = Slashing;
			type Networks = Leasing;
			type OnBackingChange = Leasing;
			type Jail = Slashing;
			type PalletId = RestakingPalletId;
			type MaxRestakingFactor = frame_support::traits::ConstU32<300>;
			type MaxNetworksPerOperator = frame_support::traits::ConstU32<4>;
			type MaxOperatorsPerNetwork = frame_support::traits::ConstU32<8>;
			type MaxMetadataLen = frame_support::traits::ConstU32<16>;
			type MinRestake = frame_support::traits::ConstU128<10>;
			type OptInDeposit = frame_support::traits::ConstU128<5>;
			type MinOperatorStake = frame_support::traits::ConstU128<0>;
			type NetworkManagerOrigin = pallet_ssp_leasing::EnsureNetworkManager<$runtime>;
			type MaxMagnitudeHistory = frame_support::traits::ConstU32<8>;
			type MaxRefreshesPerBlock = frame_support::traits::ConstU32<4>;
			type MaxAllocationRefreshesPerBlock = frame_support::traits::ConstU32<64>;
			type AllocationDelay = frame_support::traits::ConstU64<5>;
			type WithdrawalDelay = frame_support::traits::ConstU64<$withdrawal_delay>;
			type ReportingWindow = frame_support::traits::ConstU64<REPORTING_WINDOW>;
			type VetoWindow = frame_support::traits::ConstU64<VETO_WINDOW>;
			type MaxAsk = pallet_ssp_restaking::config_preludes::MaxAskPerPeriod;
			type WeightInfo = ();
		}

		impl pallet_ssp_leasing::Config for $runtime {
			type Currency = Balances;
			type RuntimeHoldReason = RuntimeHoldReason;
			type Restaking = Restaking;
			type OracleOrigin = frame_system::EnsureRoot<AccountId>;
			type PalletId = LeasingPalletId;
			type NetworkDeposit = frame_support::traits::ConstU128<DEPOSIT>;
			type MaxNetworks = frame_support::traits::ConstU32<8>;
			type LeasePeriod = frame_support::traits::ConstU64<PERIOD>;
			type MaxLeasePeriods = frame_support::traits::ConstU32<8>;
			type OffboardingDelay = frame_support::traits::ConstU64<OFFBOARDING>;
			type MaxNetworksPerBlock = frame_support::traits::ConstU32<2>;
			type Pricing = pallet_ssp_leasing::config_preludes::DefaultPricing;
			type Risk = pallet_ssp_leasing::config_preludes::DefaultRisk;
			type RenewalBump = pallet_ssp_leasing::config_preludes::DefaultRenewalBump;
			type SlashMemory = frame_support::traits::ConstU32<100>;
			type MinSecurityPerStake =
				pallet_ssp_leasing::config_preludes::DefaultMinSecurityPerStake;
			type WeightInfo = ();
		}

		impl pallet_ssp_slashing::Config for $runtime {
			type Currency = Balances;
			type Restaking = Restaking;
			type Networks = Leasing;
			type SlasherOrigin = pallet_ssp_leasing::EnsureNetworkSlasher<$runtime>;
			type ManagerOrigin = pallet_ssp_leasing::EnsureNetworkManager<$runtime>;
			type VetoOrigin = frame_system::EnsureRoot<AccountId>;
			type OnSlash = ();
			type OnSlashApplied = $slash_listener;
			type PalletId = SlashingPalletId;
			type SlashRewardFraction = RewardFraction;
			type JailCooldown = frame_support::traits::ConstU64<JAIL_COOLDOWN>;
			type MaxSlashesPerBlock = MaxSlashesPerBlock;
			type MaxPendingSlashes = MaxPendingSlashes;
			type MaxPendingSlashesPerNetwork = MaxPendingSlashesPerNetwork;
			type MaxEvidenceLen = MaxEvidenceLen;
			type MaxReasonLen = frame_support::traits::ConstU32<32>;
			type MaxSlashFractionPerWindow = BreakerFraction;
			type CircuitBreakerWindow = frame_support::traits::ConstU64<BREAKER_WINDOW>;
			type WeightInfo = ();
		}
	};
}

/// Assimilates into `$storage` the genesis market of the keys and validation pallets' mocks:
/// `$endowed` accounts with `ENDOWMENT` each; stakers 1, 2 and 3 bonding 1_000 each; networks A =
/// 0 (max slash 100%), B = 1 (50%), both leased (4 periods of 1_000), and C = 2 (no lease: its
/// manager can deregister it), each managed by `MANAGER` and slashed by `SLASHER`; operators
/// `OP` (100% to A, 50% to B), `OP2` (50% to A) and `OP3` (100% to A), backed by restakers 1
/// (1_000), 2 (600) and 3 (200). Stake on A: OP 1_000, OP2 300, OP3 200; on B: OP 500. The
/// constants are the caller's.
#[macro_export]
macro_rules! three_networks_genesis {
	($runtime:ident, $storage:expr, [$($endowed:expr),* $(,)?]) => {{
		use sp_runtime::{BuildStorage as _, Perbill};
		let t: &mut sp_runtime::Storage = $storage;
		let balances: Vec<(AccountId, Balance)> = vec![$(($endowed, ENDOWMENT)),*];
		pallet_balances::GenesisConfig::<$runtime> { balances, ..Default::default() }
			.assimilate_storage(t)
			.unwrap();
		let stakers = [1, 2, 3]
			.map(|a| (a, a, 1_000, pallet_staking::StakerStatus::<AccountId>::Idle))
			.to_vec();
		pallet_staking::GenesisConfig::<$runtime> { stakers, ..Default::default() }
			.assimilate_storage(t)
			.unwrap();
		let network = |max_slash: Perbill, leased: bool| pallet_ssp_leasing::GenesisNetwork::<
			AccountId,
			Balance,
		> {
			manager: MANAGER,
			slasher: SLASHER,
			fault_threshold: Perbill::from_rational(1u32, 3u32),
			max_slash,
			pfc: 100,
			min_security_target_percent: 100,
			lease: leased.then_some(pallet_ssp_leasing::GenesisLease {
				first_period: 0,
				periods: 4,
				security: 1_000,
			}),
		};
		pallet_ssp_leasing::GenesisConfig::<$runtime> {
			networks: vec![
				network(Perbill::one(), true),
				network(Perbill::from_percent(50), true),
				network(Perbill::one(), false),
			],
			// Each lease's reward is its security: 1,000 a period.
			base_price: Some(sp_runtime::FixedU128::from_u32(1)),
		}
		.assimilate_storage(t)
		.unwrap();
		let p = Perbill::from_percent;
		pallet_ssp_restaking::GenesisConfig::<$runtime> {
			operators: vec![
				pallet_ssp_restaking::GenesisOperator::new(OP, p(10), [(0, p(100)), (1, p(50))]),
				pallet_ssp_restaking::GenesisOperator::new(OP2, p(10), [(0, p(50))]),
				pallet_ssp_restaking::GenesisOperator::new(OP3, p(10), [(0, p(100))]),
			],
			restakers: vec![
				pallet_ssp_restaking::GenesisRestaker::new(1, OP, 1_000),
				pallet_ssp_restaking::GenesisRestaker::new(2, OP2, 600),
				pallet_ssp_restaking::GenesisRestaker::new(3, OP3, 200),
			],
		}
		.assimilate_storage(t)
		.unwrap();
		pallet_ssp_slashing::GenesisConfig::<$runtime>::default()
			.assimilate_storage(t)
			.unwrap();
	}};
}
