//! Test-only helpers of the SSP pallets, used as a dev-dependency of their test runtimes.
//!
//! The restaking, leasing and slashing mocks all run over the same parent chain: real
//! `frame-system`, `pallet-balances`, `pallet-timestamp` and `pallet-staking`, with staking's
//! stake changes reported to the restaking pallet. [`parent_chain_test_config!`] writes that
//! configuration once.

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
