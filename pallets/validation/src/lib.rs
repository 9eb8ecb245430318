#![doc = include_str!("../README.md")]
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

mod agenda;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod disputes;
#[cfg(test)]
mod mock;
mod rounds;
#[cfg(test)]
mod tests;
pub mod types;
mod view;
pub mod weights;

pub use agenda::AgendaCapacity;
pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

use frame_support::traits::fungible;
use frame_system::pallet_prelude::BlockNumberFor;

/// The balance type of the pallet's currency (bonds).
pub type BalanceOf<T> =
	<<T as Config>::Currency as fungible::Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// The balance type of stake (the keys pallet's: a validator's weight).
pub type StakeOf<T> = pallet_ssp_keys::BalanceOf<T>;

/// A network's checkpoint parameters, as stored.
pub type ParamsOf<T> = CheckpointParams<BalanceOf<T>, BlockNumberFor<T>>;

/// A round, as stored.
pub type RoundOf<T> = Round<
	<T as frame_system::Config>::AccountId,
	StakeOf<T>,
	BlockNumberFor<T>,
	<T as Config>::MaxCommittee,
>;

/// A checkpoint, as stored.
pub type CheckpointOf<T> = Checkpoint<
	<T as frame_system::Config>::AccountId,
	BalanceOf<T>,
	BlockNumberFor<T>,
	<T as Config>::MaxCommittee,
>;

/// A dispute, as stored.
pub type DisputeOf<T> = Dispute<
	<T as frame_system::Config>::AccountId,
	BalanceOf<T>,
	StakeOf<T>,
	BlockNumberFor<T>,
	<T as pallet_ssp_keys::Config>::MaxValidators,
>;

/// A committee member, as stored.
pub type MemberOf<T> = Member<<T as frame_system::Config>::AccountId, StakeOf<T>>;

/// A committee, as stored.
pub type CommitteeOf<T> = frame_support::BoundedVec<MemberOf<T>, <T as Config>::MaxCommittee>;

/// A dispute, as the runtime API gives it.
pub type DisputeViewOf<T> = DisputeView<
	<T as frame_system::Config>::AccountId,
	BalanceOf<T>,
	StakeOf<T>,
	BlockNumberFor<T>,
>;

const LOG_TARGET: &str = "runtime::ssp-validation";

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{
		pallet_prelude::*,
		traits::{
			fungible::{Mutate, MutateHold},
			EnsureOriginWithArg, Randomness,
		},
	};
	use frame_system::pallet_prelude::*;
	use sp_runtime::MultiSignature;
	use ssp_primitives::NetworkId;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Why the pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// A challenger's bond, while its dispute runs.
		ChallengerBond,
	}

	/// Default values of the pallet's configuration, for `#[derive_impl]`.
	pub mod config_preludes {
		use super::*;
		use frame_support::{derive_impl, parameter_types, traits::ConstU32};

		parameter_types! {
			/// The agenda's tasks take at most 80 ms and 200 KiB of proof a block: 4% of 2 s
			/// and of a 5 MiB parachain proof (with the idle read, within 5%).
			pub const MaxHookWeight: frame_support::weights::Weight =
				frame_support::weights::Weight::from_parts(80_000_000_000, 200 * 1024);
		}

		/// Committees of up to 16, drawn again at most twice; up to 50 networks with 8
		/// checkpoints open each; up to 16 of the agenda's tasks run a block, within 80 ms and 200
		/// KiB of proof; 4
		/// attesters reported and 16 non-voters jailed a block per checkpoint; reference
		/// weights. Chain-specific
		/// items (currency, randomness, the shortest interval, the smallest bond) have no default.
		///
		/// ```ignore
		/// #[derive_impl(pallet_ssp_validation::config_preludes::SspDefaultConfig)]
		/// impl pallet_ssp_validation::Config for Runtime { /* the items without a default */ }
		/// ```
		pub struct SspDefaultConfig;

		#[derive_impl(frame_system::config_preludes::TestDefaultConfig, no_aggregated_types)]
		impl frame_system::DefaultConfig for SspDefaultConfig {}

		#[frame_support::register_default_impl(SspDefaultConfig)]
		impl DefaultConfig for SspDefaultConfig {
			type MaxCommittee = ConstU32<16>;
			type MaxEscalations = ConstU32<2>;
			type MaxNetworks = ConstU32<50>;
			type MaxOpenCheckpoints = ConstU32<8>;
			type MaxTasksPerBlock = ConstU32<16>;
			type MaxHookWeight = MaxHookWeight;
			type MaxSlashesPerTask = ConstU32<4>;
			type MaxJailsPerTask = ConstU32<16>;
			type WeightInfo = ();
		}
	}

	/// The keys pallet gives the validator sets committees and voters are drawn from, the
	/// restaking pallet (through it) the reporting window, and its `Offences` (the slashing
	/// pallet) takes the slashes and jails.
	#[pallet::config(with_default)]
	pub trait Config: frame_system::Config + pallet_ssp_keys::Config {
		/// The currency challengers' bonds are held in.
		#[pallet::no_default]
		type Currency: Mutate<Self::AccountId>
			+ MutateHold<Self::AccountId, Reason = <Self as Config>::RuntimeHoldReason>;

		/// The overarching hold reason.
		#[pallet::no_default]
		type RuntimeHoldReason: From<HoldReason>;

		/// Where committees' seeds come from: BABE's `RandomnessFromOneEpochAgo` (VRF outputs)
		/// on a BABE chain. Randomness from block hashes lets a block author choose committees:
		/// for tests only.
		#[pallet::no_default]
		type Randomness: Randomness<Self::Hash, BlockNumberFor<Self>>;

		/// The shortest checkpoint interval a network may choose, in blocks.
		#[pallet::constant]
		#[pallet::no_default]
		type MinCheckpointInterval: Get<BlockNumberFor<Self>>;

		/// The smallest challenger bond a network may ask (a challenge costs the chain a dispute).
		#[pallet::constant]
		#[pallet::no_default]
		type MinChallengerBond: Get<BalanceOf<Self>>;

		/// The largest committee.
		#[pallet::constant]
		type MaxCommittee: Get<u32>;

		/// How many times a round may be drawn again with a committee twice as large.
		#[pallet::constant]
		type MaxEscalations: Get<u32>;

		/// The most networks validated by checkpoints at once.
		#[pallet::constant]
		type MaxNetworks: Get<u32>;

		/// The most checkpoints of one network not final yet (pending, disputed or being
		/// punished); a round waits while a network has this many.
		#[pallet::constant]
		type MaxOpenCheckpoints: Get<u32>;

		/// The most of the agenda's tasks run in one block (the earliest due first; the rest
		/// wait for the next block).
		#[pallet::constant]
		type MaxTasksPerBlock: Get<u32>;

		/// The most weight the agenda's tasks may take in a block, each counted at its
		/// benchmarked worst case: the tasks due beyond it wait for the next block. The first
		/// due task always runs (each is well below it).
		#[pallet::constant]
		type MaxHookWeight: Get<frame_support::weights::Weight>;

		/// The most attesters of an invalid checkpoint reported to the slashing pallet in one
		/// block.
		#[pallet::constant]
		type MaxSlashesPerTask: Get<u32>;

		/// The most non-voters of a dispute jailed in one block.
		#[pallet::constant]
		type MaxJailsPerTask: Get<u32>;

		/// Weight information for extrinsics and hooks of this pallet.
		type WeightInfo: WeightInfo;
	}

	/// The checkpoint parameters of each network validated by checkpoints.
	#[pallet::storage]
	pub type Params<T: Config> = CountedStorageMap<_, Twox64Concat, NetworkId, ParamsOf<T>>;

	/// How many networks count against `MaxNetworks`: those validated by checkpoints and those
	/// stopped with checkpoints still open (their tasks are still on the agenda).
	#[pallet::storage]
	pub type Occupied<T: Config> = StorageValue<_, u32, ValueQuery>;

	/// The block each validated network's round task (open or close its round) is on the agenda
	/// at.
	#[pallet::storage]
	pub type RoundTaskAt<T: Config> = StorageMap<_, Twox64Concat, NetworkId, BlockNumberFor<T>>;

	/// Each network's next checkpoint number (kept when it stops, so numbers are never reused).
	#[pallet::storage]
	pub type NextRound<T: Config> = StorageMap<_, Twox64Concat, NetworkId, u64, ValueQuery>;

	/// Each network's open round: its committee and the attestations so far.
	#[pallet::storage]
	pub type Rounds<T: Config> = StorageMap<_, Twox64Concat, NetworkId, RoundOf<T>>;

	/// Checkpoints not final yet: pending, disputed, or found invalid and being punished.
	#[pallet::storage]
	pub type Checkpoints<T: Config> =
		StorageDoubleMap<_, Twox64Concat, NetworkId, Twox64Concat, u64, CheckpointOf<T>>;

	/// How many checkpoints each network has in `Checkpoints`.
	#[pallet::storage]
	pub type OpenCheckpoints<T: Config> = StorageMap<_, Twox64Concat, NetworkId, u32, ValueQuery>;

	/// Each network's latest final checkpoint.
	///
	/// A child chain's bridge proves `LatestFinal(network)` with a state proof: the key is
	/// `twox128(<the pallet's name in the runtime, "Checkpoints" in the dev runtime>) ++
	/// twox128("LatestFinal") ++ twox64(network) ++ network (u32 LE)`.
	#[pallet::storage]
	pub type LatestFinal<T: Config> =
		StorageMap<_, Twox64Concat, NetworkId, FinalCheckpoint<BlockNumberFor<T>>>;

	/// Disputes over challenged checkpoints.
	#[pallet::storage]
	pub type Disputes<T: Config> =
		StorageDoubleMap<_, Twox64Concat, NetworkId, Twox64Concat, u64, DisputeOf<T>>;

	/// Rounds each operator was drawn for and did not attest in, per network.
	#[pallet::storage]
	pub type NoShows<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		NetworkId,
		Blake2_128Concat,
		T::AccountId,
		u32,
		ValueQuery,
	>;

	/// The hook's tasks with the block each is due at, the earliest first: each network's round
	/// task and each open checkpoint's next task, once.
	#[pallet::storage]
	pub type Agenda<T: Config> =
		StorageValue<_, BoundedVec<(BlockNumberFor<T>, AgendaItem), AgendaCapacity<T>>, ValueQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A network's manager set its checkpoint parameters (a network not validated by
		/// checkpoints before opens its first round in the next block; a change of one that is
		/// counts from its next round).
		CheckpointsConfigured {
			/// The network.
			network: NetworkId,
			/// The parameters.
			params: ParamsOf<T>,
		},
		/// A network stopped being validated by checkpoints (its manager, or it left the
		/// registry); its open checkpoints run to their end.
		CheckpointsStopped {
			/// The network.
			network: NetworkId,
		},
		/// A round opened, or was drawn again (`level` > 0), with a committee drawn by stake.
		RoundOpened {
			/// The network.
			network: NetworkId,
			/// The checkpoint number.
			round: u64,
			/// Escalations so far.
			level: u8,
			/// The epoch of the validator set the committee was drawn from.
			epoch: u64,
			/// The committee.
			committee: alloc::vec::Vec<T::AccountId>,
			/// Attestations are taken before this block.
			closes_at: BlockNumberFor<T>,
		},
		/// A network has no validator set with stake yet: its round waits an interval.
		RoundWaiting {
			/// The network.
			network: NetworkId,
		},
		/// A committee member attested a claim.
		Attested {
			/// The network.
			network: NetworkId,
			/// The checkpoint number.
			round: u64,
			/// The member.
			operator: T::AccountId,
			/// Its claim.
			claim: [u8; 32],
		},
		/// A claim has two thirds of its committee's stake: the checkpoint is pending.
		CheckpointPending {
			/// The network.
			network: NetworkId,
			/// The checkpoint number.
			round: u64,
			/// The claim.
			claim: [u8; 32],
			/// It may be challenged before this block.
			challenge_until: BlockNumberFor<T>,
		},
		/// Committee members drawn for a round did not attest in it.
		NoShows {
			/// The network.
			network: NetworkId,
			/// The checkpoint number.
			round: u64,
			/// Who did not attest.
			operators: alloc::vec::Vec<T::AccountId>,
		},
		/// A round ended without a pending checkpoint.
		RoundMissed {
			/// The network.
			network: NetworkId,
			/// The checkpoint number.
			round: u64,
		},
		/// A checkpoint is final.
		CheckpointFinalized {
			/// The network.
			network: NetworkId,
			/// The checkpoint number.
			round: u64,
			/// The claim.
			claim: [u8; 32],
		},
		/// A pending checkpoint was challenged: a dispute is open.
		Challenged {
			/// The network.
			network: NetworkId,
			/// The checkpoint number.
			round: u64,
			/// Who challenged.
			challenger: T::AccountId,
			/// The bond held.
			bond: BalanceOf<T>,
			/// Votes are taken before this block.
			closes_at: BlockNumberFor<T>,
		},
		/// An operator voted in a dispute.
		Voted {
			/// The network.
			network: NetworkId,
			/// The checkpoint number.
			round: u64,
			/// The voter.
			operator: T::AccountId,
			/// Its vote: the checkpoint is valid.
			valid: bool,
		},
		/// A dispute ended.
		DisputeConcluded {
			/// The network.
			network: NetworkId,
			/// The checkpoint number.
			round: u64,
			/// The verdict.
			verdict: Verdict,
			/// Stake that voted valid.
			valid: StakeOf<T>,
			/// Stake that voted invalid.
			invalid: StakeOf<T>,
			/// All the voters' stake.
			total: StakeOf<T>,
		},
		/// Voters of a dispute who did not vote were jailed on the network (a page of them; the
		/// verdict takes effect after the last page).
		NonVotersJailed {
			/// The network.
			network: NetworkId,
			/// The checkpoint number.
			round: u64,
			/// Who was jailed.
			operators: alloc::vec::Vec<T::AccountId>,
		},
		/// A challenger got its bond back, less `forfeited` (burnt) if it was wrong.
		BondReturned {
			/// The challenger.
			challenger: T::AccountId,
			/// The part returned.
			returned: BalanceOf<T>,
			/// The part burnt.
			forfeited: BalanceOf<T>,
		},
		/// An attester of an invalid checkpoint was reported to the slashing pallet (its
		/// `OffenceReported` follows, the challenger as reporter).
		AttesterReported {
			/// The network.
			network: NetworkId,
			/// The checkpoint number.
			round: u64,
			/// The attester.
			operator: T::AccountId,
		},
		/// The slashing pallet refused an attester's report (out of the reporting window,
		/// nothing allocated then, already reported for that block, ...): it is not slashed for
		/// this checkpoint.
		AttesterReportFailed {
			/// The network.
			network: NetworkId,
			/// The checkpoint number.
			round: u64,
			/// The attester.
			operator: T::AccountId,
			/// Why.
			error: DispatchError,
		},
		/// A checkpoint the dispute did not decide was rejected: it will not be final.
		CheckpointRejected {
			/// The network.
			network: NetworkId,
			/// The checkpoint number.
			round: u64,
		},
		/// Every attester of an invalid checkpoint was reported (or refused): it is gone.
		CheckpointPunished {
			/// The network.
			network: NetworkId,
			/// The checkpoint number.
			round: u64,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The network is not validated by the keys pallet (no validator sets).
		NotValidated,
		/// The network is not validated by checkpoints.
		NoCheckpoints,
		/// `committee_size` is zero or above `MaxCommittee`, or `no_show_threshold` above it.
		BadCommitteeSize,
		/// The interval is below `MinCheckpointInterval`, or the attestation window is zero or
		/// longer than the interval.
		BadInterval,
		/// A window is zero, or the attestation, challenge and dispute windows add up to more
		/// than half the reporting window (the rest is the time attesters' slashes have to be
		/// reported in).
		BadWindows,
		/// The bond is below `MinChallengerBond`.
		BondTooSmall,
		/// The attester slash, or a wrong challenger's forfeit, is zero (a free challenge would
		/// cost every validator a vote).
		ZeroSlash,
		/// As many networks as `MaxNetworks` are validated by checkpoints or stopped with
		/// checkpoints still open.
		TooManyNetworks,
		/// The round is not the network's open round.
		NotCurrentRound,
		/// The round takes no more attestations.
		RoundClosed,
		/// The caller is not in the round's committee.
		NotInCommittee,
		/// The caller already attested in this round.
		AlreadyAttested,
		/// The signature is not the member's (or voter's) key's signature of the statement.
		BadSignature,
		/// No such checkpoint is open.
		UnknownCheckpoint,
		/// The checkpoint is not pending (challenged already, or being punished).
		NotPending,
		/// The checkpoint's challenge window is over.
		ChallengeWindowOver,
		/// The network has no validator set with stake to vote.
		NoVoters,
		/// No dispute over this checkpoint.
		NoDispute,
		/// The dispute takes no more votes.
		DisputeClosed,
		/// The caller is not a voter of the dispute.
		NotAVoter,
		/// The caller already voted.
		AlreadyVoted,
		/// No room on the agenda (never: it has room for every network's and open checkpoint's
		/// task).
		AgendaFull,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// Run the tasks on the agenda at `now`.
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			Self::run_agenda(now)
		}

		fn integrity_test() {
			assert!(<T as Config>::MaxCommittee::get() >= 1, "MaxCommittee must be positive");
			assert!(
				<T as Config>::MaxEscalations::get() < u8::MAX as u32,
				"MaxEscalations must fit a round's level"
			);
			assert!(T::MaxSlashesPerTask::get() >= 1, "MaxSlashesPerTask must be positive");
			assert!(T::MaxJailsPerTask::get() >= 1, "MaxJailsPerTask must be positive");
			assert!(
				!T::MinCheckpointInterval::get().is_zero(),
				"MinCheckpointInterval must be positive"
			);
			assert!(T::MaxTasksPerBlock::get() >= 1, "MaxTasksPerBlock must be positive");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call(weight(<T as Config>::WeightInfo))]
	impl<T: Config> Pallet<T> {
		/// Validate `network` by checkpoints with `params`, or change its parameters (from its
		/// next round; open checkpoints keep the terms they were attested under).
		///
		/// Origin: the network's manager. The network is validated by the keys pallet (its
		/// committees are drawn from its validator sets).
		#[pallet::call_index(0)]
		pub fn configure_checkpoints(
			origin: OriginFor<T>,
			network: NetworkId,
			params: ParamsOf<T>,
		) -> DispatchResult {
			<T as pallet_ssp_keys::Config>::ManagerOrigin::ensure_origin(origin, &network)?;
			Self::do_configure(network, params)
		}

		/// Stop validating `network` by checkpoints: its open round ends; checkpoints already
		/// pending or disputed run to their end.
		///
		/// Origin: the network's manager.
		#[pallet::call_index(1)]
		pub fn stop_checkpoints(origin: OriginFor<T>, network: NetworkId) -> DispatchResult {
			<T as pallet_ssp_keys::Config>::ManagerOrigin::ensure_origin(origin, &network)?;
			ensure!(Params::<T>::contains_key(network), Error::<T>::NoCheckpoints);
			Self::stop(network);
			Ok(())
		}

		/// Attest `claim` (a state root, a block hash, any 32-byte commitment of the child
		/// network) as checkpoint `round` of `network`, with `signature`: the caller's network
		/// key's signature of the attestation statement
		/// (`ssp_primitives::committee::attestation(network, epoch, round, claim)`, signed as
		/// `ssp_primitives::keys::statement_message`), `epoch` being the round's.
		///
		/// Origin: a member of the round's committee, once per round. When a claim has two
		/// thirds of the committee's stake the checkpoint is pending; members attesting that
		/// claim later are its attesters too.
		#[pallet::call_index(2)]
		pub fn attest(
			origin: OriginFor<T>,
			network: NetworkId,
			round: u64,
			claim: [u8; 32],
			signature: MultiSignature,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_attest(who, network, round, claim, signature)
		}

		/// Challenge pending checkpoint `round` of `network`: holds its challenger bond and
		/// opens a dispute in which every validator of the network's current set votes.
		///
		/// Origin: signed (any account), within the checkpoint's challenge window.
		#[pallet::call_index(3)]
		pub fn challenge(origin: OriginFor<T>, network: NetworkId, round: u64) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_challenge(who, network, round)
		}

		/// Vote in the dispute over checkpoint `round` of `network` that its claim is `valid`
		/// or not, with `signature`: the caller's network key's signature of the vote statement
		/// (`ssp_primitives::committee::vote(network, epoch, round, claim, valid)`), `epoch`
		/// being the dispute's.
		///
		/// Origin: a voter of the dispute, once, before it closes.
		#[pallet::call_index(4)]
		pub fn vote(
			origin: OriginFor<T>,
			network: NetworkId,
			round: u64,
			valid: bool,
			signature: MultiSignature,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_vote(who, network, round, valid, signature)
		}
	}
}
