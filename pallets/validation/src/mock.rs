//! Test runtime: real `pallet-balances`, `pallet-staking`, `pallet-ssp-restaking`,
//! `pallet-ssp-leasing`, `pallet-ssp-slashing` and `pallet-ssp-keys`, so that committees come
//! from real validator sets and an invalid checkpoint becomes real slashes.

use crate::{self as pallet_ssp_validation, CheckpointParams};
use codec::Encode;
use frame_support::{
	parameter_types,
	traits::{ConstU128, ConstU32, ConstU64, Randomness},
	PalletId,
};
use pallet_ssp_keys::ValidationConfig;
use sp_core::{sr25519, Pair, H256};
use sp_runtime::{BuildStorage, MultiSignature, Perbill};
use ssp_primitives::{
	committee,
	keys::{self, KeyScheme, NetworkKey, Statement},
};

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
		Validation: pallet_ssp_validation,
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
pub const EPOCH: BlockNumber = 4;
pub const BOND: Balance = 50;

parameter_types! {
	pub const RestakingPalletId: PalletId = PalletId(*b"ssp/rstk");
	pub const LeasingPalletId: PalletId = PalletId(*b"ssp/leas");
	pub const SlashingPalletId: PalletId = PalletId(*b"ssp/slsh");
	pub const RewardFraction: Perbill = Perbill::from_percent(10);
	pub const BreakerFraction: Perbill = Perbill::one();
	pub static MaxSlashesPerBlock: u32 = 8;
	pub const MaxPendingSlashes: u32 = 16;
	pub static MaxPendingSlashesPerNetwork: u32 = 8;
	pub const MaxEvidenceLen: u32 = keys::EQUIVOCATION_EVIDENCE_LEN;
	/// Mixed into the test randomness: tests choose committees by choosing it.
	pub static RandomSalt: u64 = 0;
	pub static MaxNetworks: u32 = 2;
	pub static MaxHookWeight: frame_support::weights::Weight = frame_support::weights::Weight::MAX;
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
	type KeyDeposit = ConstU128<7>;
	type RotationDelay = ConstU64<3>;
	type MinEpochLength = ConstU64<2>;
	type MaxValidators = ConstU32<4>;
	type MaxValidatedNetworks = ConstU32<3>;
	type MaxSnapshotBackersPerBlock = ConstU32<8>;
	type MaxKeptEpochs = ConstU32<7>;
	type WeightInfo = ();
}

/// Randomness from the block's parent hash and a salt the tests set: a block author could choose
/// committees with it, so it is for tests only.
pub struct TestRandomness;

impl Randomness<H256, BlockNumber> for TestRandomness {
	fn random(subject: &[u8]) -> (H256, BlockNumber) {
		let input = (subject, RandomSalt::get(), System::parent_hash()).encode();
		(H256(sp_io::hashing::blake2_256(&input)), System::block_number())
	}
}

impl pallet_ssp_validation::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Randomness = TestRandomness;
	type MinCheckpointInterval = ConstU64<2>;
	type MinChallengerBond = ConstU128<10>;
	type MaxCommittee = ConstU32<3>;
	type MaxEscalations = ConstU32<1>;
	type MaxNetworks = MaxNetworks;
	type MaxOpenCheckpoints = ConstU32<2>;
	type MaxTasksPerBlock = ConstU32<4>;
	type MaxHookWeight = MaxHookWeight;
	type MaxSlashesPerTask = ConstU32<2>;
	type MaxJailsPerTask = ConstU32<1>;
	type WeightInfo = ();
}

pub const MANAGER: AccountId = 50;
pub const SLASHER: AccountId = 51;
pub const CHALLENGER: AccountId = 52;
pub const OP: AccountId = 10;
pub const OP2: AccountId = 11;
pub const OP3: AccountId = 12;
pub const ENDOWMENT: Balance = 100_000;

/// The network every test validates: A (max slash 100%), whose operators OP (1_000), OP2 (300)
/// and OP3 (200) have keys.
pub const NET: u32 = 0;
/// Network B (max slash 50%), validated, where only OP has stake (500) and a key.
pub const NET_B: u32 = 1;
/// Network C: registered, not validated by the keys pallet.
pub const NET_C: u32 = 2;

/// An operator's sr25519 key for every network, from its account number.
pub fn pair(operator: AccountId) -> sr25519::Pair {
	sr25519::Pair::from_string(&format!("//op{operator}"), None).unwrap()
}

pub fn key(operator: AccountId) -> NetworkKey {
	pair(operator).public().into()
}

pub fn sign(operator: AccountId, statement: &Statement) -> MultiSignature {
	let genesis = pallet_ssp_keys::Pallet::<Test>::genesis_hash();
	pair(operator).sign(&keys::statement_message(&genesis, statement)).into()
}

/// Genesis as the keys pallet's mock (networks A, B, C; stake on A: OP 1_000, OP2 300, OP3
/// 200; OP has 500 on B), with A and B validated by the keys pallet (4-block epochs) and every
/// operator's key registered for them.
pub struct ExtBuilder;

impl ExtBuilder {
	pub fn build() -> sp_io::TestExternalities {
		let mut t = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
		// Networks A, B, C; operators OP, OP2, OP3 and their restakers (ssp-test-support).
		ssp_test_support::three_networks_genesis!(
			Test,
			&mut t,
			[1, 2, 3, OP, OP2, OP3, MANAGER, SLASHER, CHALLENGER]
		);
		let validation =
			ValidationConfig { scheme: KeyScheme::Sr25519, epoch_length: EPOCH, max_validators: 4 };
		pallet_ssp_keys::GenesisConfig::<Test> {
			networks: vec![(NET, validation), (NET_B, validation)],
			keys: vec![
				(NET, OP, key(OP)),
				(NET, OP2, key(OP2)),
				(NET, OP3, key(OP3)),
				(NET_B, OP, key(OP)),
			],
		}
		.assimilate_storage(&mut t)
		.unwrap();
		let mut ext = sp_io::TestExternalities::new(t);
		// The benchmarks sign with keys they make in the keystore.
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
			crate::Pallet::<Test>::do_try_state().expect("validation try_state");
			pallet_ssp_keys::Pallet::<Test>::do_try_state().expect("keys try_state");
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
		.filter_map(
			|e| if let RuntimeEvent::Validation(inner) = e.event { Some(inner) } else { None },
		)
		.collect()
}

pub fn slashing_events() -> Vec<pallet_ssp_slashing::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(
			|e| if let RuntimeEvent::Slashing(inner) = e.event { Some(inner) } else { None },
		)
		.collect()
}

/// Committees of 1, 2-block intervals and windows, a bond of 50, attesters slashed 40%, wrong
/// challengers losing 20% of the bond, escalation at one no-show.
pub fn params(committee_size: u32) -> CheckpointParams<Balance, BlockNumber> {
	CheckpointParams {
		committee_size,
		checkpoint_interval: 2,
		attestation_window: 2,
		challenge_window: 2,
		dispute_window: 2,
		challenger_bond: BOND,
		attester_slash: Perbill::from_percent(40),
		challenger_slash: Perbill::from_percent(20),
		no_show_threshold: 1,
	}
}

/// Choose the salt so that the committee drawn for each of `rounds` (at level 0) of `network`
/// is `want`, in that order (the mock's parent hash does not change from block to block, so a
/// draw depends on the subject, the salt and the validator set only).
pub fn choose_committee(
	network: u32,
	rounds: impl IntoIterator<Item = (u64, u8)> + Clone,
	size: u32,
	want: &[AccountId],
) {
	for salt in 0..100_000 {
		RandomSalt::set(salt);
		let all = rounds.clone().into_iter().all(|(round, level)| {
			let seed = crate::Pallet::<Test>::seed(network, round, level);
			let drawn: Vec<AccountId> = crate::Pallet::<Test>::draw(network, size, &seed)
				.map(|(_, c)| c.into_iter().map(|m| m.operator).collect())
				.unwrap_or_default();
			drawn == want
		});
		if all {
			return;
		}
	}
	panic!("no salt draws {want:?}");
}

/// The attestation statement of `claim` for the open round of `network`, signed by `operator`.
pub fn attestation(network: u32, operator: AccountId, claim: [u8; 32]) -> (u64, MultiSignature) {
	let open = crate::Rounds::<Test>::get(network).expect("an open round");
	let statement = committee::attestation(network, open.epoch, open.round, claim);
	(open.round, sign(operator, &statement))
}

/// `operator`'s signed vote in the dispute over `round` of `network`.
pub fn vote(network: u32, round: u64, operator: AccountId, valid: bool) -> MultiSignature {
	let dispute = crate::Disputes::<Test>::get(network, round).expect("a dispute");
	let claim = crate::Checkpoints::<Test>::get(network, round).expect("a checkpoint").claim;
	sign(operator, &committee::vote(network, dispute.epoch, round, claim, valid))
}
