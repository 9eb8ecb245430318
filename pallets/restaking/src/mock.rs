//! Test runtime: real `pallet-staking`, `pallet-balances` and `pallet-timestamp`.

use crate::{self as pallet_ssp_restaking, CreditOf};
use frame_support::{
	parameter_types,
	traits::{
		fungible::Inspect, tokens::imbalance::Imbalance, ConstU128, ConstU32, ConstU64,
		OnUnbalanced,
	},
	PalletId,
};
use sp_runtime::{traits::AccountIdConversion, BuildStorage, Perbill};
use sp_staking::StakingInterface;
use ssp_primitives::{NetworkId, NetworkRegistry};
use std::collections::BTreeMap;

pub type AccountId = u64;
pub type Balance = u128;
pub type BlockNumber = u64;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Timestamp: pallet_timestamp,
		Balances: pallet_balances,
		Staking: pallet_staking,
		Restaking: pallet_ssp_restaking,
	}
);

// System, balances, timestamp and staking (with `EventListeners = Restaking`).
ssp_test_support::parent_chain_test_config!(Test);

parameter_types! {
	/// Networks known to the mock registry: (accepting allocations, max slash per offence).
	pub static Networks: BTreeMap<NetworkId, (bool, Perbill)> = BTreeMap::from([
		(1, (true, Perbill::one())),
		(2, (true, Perbill::one())),
		(3, (true, Perbill::one())),
		(4, (true, Perbill::from_percent(10))),
		(5, (false, Perbill::one())),
	]);
	/// What each network's lease pays per period, as the mock registry says (zero if absent).
	pub static LeaseRewards: BTreeMap<NetworkId, u128> = BTreeMap::new();
	/// Total burnt by slashes a test makes in staking directly (parent-chain slashes).
	pub static BurntOutside: Balance = 0;
	pub const RestakingPalletId: PalletId = PalletId(*b"ssp/rstk");
	pub static MaxNetworks: u32 = 4;
	/// The hook's allocation budget per block (large: one block refreshes everything, unless a
	/// test pages).
	pub static MaxAllocationRefreshes: u32 = 64;
	pub static WithdrawalDelay: BlockNumber = 20;
	pub static MaxOperatorsPerNetwork: u32 = 8;
	/// Held from an operator for each network it opts into.
	pub static OptInDeposit: Balance = 5;
	/// The stake an operator's pool needs to opt in (none unless a test sets it).
	pub static MinOperatorStake: Balance = 0;
	/// Every `OnBackingChange` notification: (network, old total, new total).
	pub static BackingChanges: Vec<(NetworkId, Balance, Balance)> = Vec::new();
	/// (operator, network) pairs jailed by the mock jail.
	pub static JailedPairs: Vec<(AccountId, NetworkId)> = Vec::new();
	/// Operators with a slash reported and not yet applied, as the mock jail says.
	pub static UnappliedSlashes: Vec<AccountId> = Vec::new();
}

pub struct MockJail;
impl ssp_primitives::OperatorJail<AccountId> for MockJail {
	fn is_jailed(operator: &AccountId, network: NetworkId) -> bool {
		JailedPairs::get().contains(&(*operator, network))
	}
	fn has_unapplied_slash(operator: &AccountId) -> bool {
		UnappliedSlashes::get().contains(operator)
	}
}

/// The manager of network `n` is account `MANAGER_BASE + n`.
pub const MANAGER_BASE: AccountId = 1_000;

pub struct MockManager;
impl frame_support::traits::EnsureOriginWithArg<RuntimeOrigin, NetworkId> for MockManager {
	type Success = AccountId;
	fn try_origin(o: RuntimeOrigin, network: &NetworkId) -> Result<AccountId, RuntimeOrigin> {
		match o.clone().into() {
			Ok(frame_system::RawOrigin::Signed(who)) if who == MANAGER_BASE + *network as u64 => {
				Ok(who)
			},
			_ => Err(o),
		}
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn try_successful_origin(network: &NetworkId) -> Result<RuntimeOrigin, ()> {
		Ok(RuntimeOrigin::signed(MANAGER_BASE + *network as u64))
	}
}

pub struct MockNetworks;
impl NetworkRegistry for MockNetworks {
	fn is_registered(network: NetworkId) -> bool {
		Networks::get().contains_key(&network)
	}
	fn is_accepting_allocations(network: NetworkId) -> bool {
		Networks::get().get(&network).is_some_and(|(accepting, _)| *accepting)
	}
	fn max_slash_per_offence(network: NetworkId) -> Perbill {
		Networks::get().get(&network).map(|(_, max)| *max).unwrap_or_default()
	}
	fn reward_per_period(network: NetworkId) -> u128 {
		LeaseRewards::get().get(&network).copied().unwrap_or_default()
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn register_for_benchmarks(network: NetworkId) {
		Networks::mutate(|n| {
			n.insert(network, (true, Perbill::one()));
		});
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn set_reward_for_benchmarks(network: NetworkId, reward: u128) {
		LeaseRewards::mutate(|r| {
			r.insert(network, reward);
		});
	}
}

/// Records the notifications, so tests can check they follow `NetworkStake`.
pub struct RecordBackingChanges;
impl ssp_primitives::OnBackingChange<Balance> for RecordBackingChanges {
	fn on_backing_change(network: NetworkId, old_total: Balance, new_total: Balance) {
		BackingChanges::mutate(|v| v.push((network, old_total, new_total)));
	}
}

/// Total sent to the slash destination, kept in storage so that it is rolled back with the
/// call that failed.
pub struct SlashedToSink;
impl SlashedToSink {
	const KEY: &'static [u8] = b":test:slashed_to_sink:";
	pub fn get() -> Balance {
		frame_support::storage::unhashed::get_or_default(Self::KEY)
	}
	pub fn set(v: Balance) {
		frame_support::storage::unhashed::put(Self::KEY, &v)
	}
	pub fn mutate(f: impl FnOnce(&mut Balance)) {
		let mut v = Self::get();
		f(&mut v);
		Self::set(v)
	}
}

/// Slash destination: counts, then burns.
pub struct SlashSink;
impl OnUnbalanced<CreditOf<Test>> for SlashSink {
	fn on_nonzero_unbalanced(credit: CreditOf<Test>) {
		SlashedToSink::mutate(|s| *s += credit.peek());
		drop(credit);
	}
}

impl pallet_ssp_restaking::Config for Test {
	type Currency = Balances;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Staking = Staking;
	type BondedSlasher = ssp_staking_adapter::StakingSlasher<Test>;
	type OnSlash = SlashSink;
	type Networks = MockNetworks;
	type OnBackingChange = RecordBackingChanges;
	type Jail = MockJail;
	type MaxOperatorsPerNetwork = MaxOperatorsPerNetwork;
	type PalletId = RestakingPalletId;
	type MaxRestakingFactor = ConstU32<300>;
	type MaxNetworksPerOperator = MaxNetworks;
	type MaxMetadataLen = ConstU32<64>;
	type MinRestake = ConstU128<10>;
	type OptInDeposit = OptInDeposit;
	type MinOperatorStake = MinOperatorStake;
	type NetworkManagerOrigin = MockManager;
	type MaxMagnitudeHistory = ConstU32<8>;
	type MaxRefreshesPerBlock = ConstU32<4>;
	type MaxAllocationRefreshesPerBlock = MaxAllocationRefreshes;
	type AllocationDelay = ConstU64<5>;
	type WithdrawalDelay = WithdrawalDelay;
	type ReportingWindow = ConstU64<10>;
	type VetoWindow = ConstU64<5>;
	type MaxAsk = crate::config_preludes::MaxAskPerPeriod;
	type WeightInfo = ();
}

/// Operators in the default set-up.
pub const OP: AccountId = 10;
pub const OP2: AccountId = 11;
/// Pays rewards.
pub const PAYER: AccountId = 100;
/// Restakers with 1_000 bonded out of 10_000.
pub const RESTAKERS: [AccountId; 5] = [1, 2, 3, 4, 5];
pub const BONDED: Balance = 1_000;
pub const ENDOWMENT: Balance = 10_000;

pub fn pot() -> AccountId {
	RestakingPalletId::get().into_account_truncating()
}

#[derive(Default)]
pub struct ExtBuilder {
	no_operators: bool,
}

impl ExtBuilder {
	/// No operator registered at start.
	pub fn no_operators(mut self) -> Self {
		self.no_operators = true;
		self
	}

	pub fn build(self) -> sp_io::TestExternalities {
		let mut t = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
		let mut balances: Vec<(AccountId, Balance)> =
			RESTAKERS.iter().map(|a| (*a, ENDOWMENT)).collect();
		balances.extend([(OP, ENDOWMENT), (OP2, ENDOWMENT), (PAYER, 1_000_000), (pot(), 1)]);
		for a in 20..30 {
			balances.push((a, ENDOWMENT));
		}
		pallet_balances::GenesisConfig::<Test> { balances, ..Default::default() }
			.assimilate_storage(&mut t)
			.unwrap();
		let mut ext = sp_io::TestExternalities::new(t);
		ext.execute_with(|| {
			System::set_block_number(1);
			pallet_staking::CurrentEra::<Test>::put(1);
			pallet_staking::ActiveEra::<Test>::put(pallet_staking::ActiveEraInfo {
				index: 1,
				start: None,
			});
			for who in RESTAKERS.iter().copied().chain(20..30) {
				bond(who, BONDED);
			}
			if !self.no_operators {
				for op in [OP, OP2] {
					assert_ok(Restaking::register_operator(
						RuntimeOrigin::signed(op),
						Perbill::from_percent(10),
						Default::default(),
					));
					assert_ok(Restaking::opt_in(RuntimeOrigin::signed(op), 1));
					assert_ok(Restaking::opt_in(RuntimeOrigin::signed(op), 2));
				}
			}
			System::reset_events();
		});
		ext
	}

	/// Build, run `test`, then check the pallet's invariants and that issuance only fell by
	/// what slashes sent to the slash destination or burnt in staking.
	pub fn build_and_execute(self, test: impl FnOnce()) {
		self.build().execute_with(|| {
			SlashedToSink::set(0);
			BurntOutside::set(0);
			let issuance = Balances::total_issuance();
			test();
			crate::Pallet::<Test>::do_try_state().expect("try_state");
			// Every unit sent to the slash destination was evented.
			let evented: Balance = restaking_events()
				.into_iter()
				.map(|e| match e {
					crate::Event::RestakerSlashed { bonded, free, .. } => bonded + free,
					_ => 0,
				})
				.sum();
			assert_eq!(evented, SlashedToSink::get(), "unevented slash");
			assert_eq!(
				issuance - Balances::total_issuance(),
				SlashedToSink::get() + BurntOutside::get(),
				"issuance changed by something other than a slash"
			);
		})
	}
}

fn assert_ok(r: sp_runtime::DispatchResult) {
	r.expect("set-up call failed")
}

pub fn bond(who: AccountId, amount: Balance) {
	assert_ok(Staking::bond(
		RuntimeOrigin::signed(who),
		amount,
		pallet_staking::RewardDestination::Stash,
	));
}

/// Move to block `n`, running the restaking hook of every block on the way (staking's hooks do
/// not run: eras are driven by tests directly).
pub fn roll_to(n: BlockNumber) {
	use frame_support::traits::Hooks;
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		Restaking::on_initialize(next);
	}
}

/// Move to the next block: the hook refreshes the operators marked stale in this one.
pub fn next_block() {
	roll_to(System::block_number() + 1);
}

pub fn restaking_events() -> Vec<crate::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(
			|e| {
				if let RuntimeEvent::Restaking(inner) = e.event {
					Some(inner)
				} else {
					None
				}
			},
		)
		.collect()
}

pub fn free(who: AccountId) -> Balance {
	Balances::balance(&who)
}

pub fn total(who: AccountId) -> Balance {
	Balances::total_balance(&who)
}

pub fn staked(who: AccountId) -> sp_staking::Stake<Balance> {
	<Staking as StakingInterface>::stake(&who).unwrap_or_default()
}

/// The operators indexed for `network`, sorted, and the count kept beside them.
pub fn network_operators(network: ssp_primitives::NetworkId) -> (Vec<AccountId>, u32) {
	let mut ops: Vec<AccountId> =
		crate::NetworkOperators::<Test>::iter_key_prefix(network).collect();
	ops.sort();
	(ops, crate::NetworkOperatorCount::<Test>::get(network))
}
