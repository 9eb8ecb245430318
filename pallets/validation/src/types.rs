//! What the pallet stores: a network's checkpoint parameters, the round a committee attests in,
//! checkpoints waiting out their challenge window, disputes, and the agenda of its hook.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{traits::Get, BoundedVec, CloneNoBound, DebugNoBound, PartialEqNoBound};
use scale_info::TypeInfo;
use sp_runtime::Perbill;
use ssp_primitives::{keys::NetworkKey, NetworkId};

/// How a network is validated optimistically: a committee of `committee_size` operators, drawn
/// by stake every `checkpoint_interval` blocks, attests a checkpoint within
/// `attestation_window`; the checkpoint is final `challenge_window` blocks after it is pending
/// unless someone posts `challenger_bond` to challenge it, which opens a dispute of
/// `dispute_window` blocks among all the network's validators.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	TypeInfo,
	MaxEncodedLen,
	serde::Serialize,
	serde::Deserialize,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CheckpointParams<Balance, BlockNumber> {
	/// Operators drawn for a round's committee (K), at most `MaxCommittee`.
	pub committee_size: u32,
	/// Blocks from a round's opening to the next's.
	pub checkpoint_interval: BlockNumber,
	/// Blocks a committee has to attest, at most `checkpoint_interval`.
	pub attestation_window: BlockNumber,
	/// Blocks a pending checkpoint may be challenged in.
	pub challenge_window: BlockNumber,
	/// Blocks the network's validators have to vote in a dispute.
	pub dispute_window: BlockNumber,
	/// What a challenger holds while its dispute runs.
	pub challenger_bond: Balance,
	/// The slash of each attester of a checkpoint a dispute finds invalid (capped at the
	/// network's maximum slash per offence).
	pub attester_slash: Perbill,
	/// The part of its bond a challenger loses when the dispute finds the checkpoint valid.
	pub challenger_slash: Perbill,
	/// No-shows at which a round that ends without a pending checkpoint is drawn again with a
	/// committee twice as large (at most `MaxEscalations` times); with fewer, it is missed.
	pub no_show_threshold: u32,
}

/// A committee member: an operator of the epoch's validator set, its key and its stake.
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub struct Member<AccountId, Balance> {
	/// The operator.
	pub operator: AccountId,
	/// Its key in the epoch's validator set: what its attestations are signed with.
	pub key: NetworkKey,
	/// Its stake in the epoch's set: its weight in the committee.
	pub weight: Balance,
}

/// A committee member's attestation of a claim.
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub struct Attestation<BlockNumber> {
	/// The member's index in the committee.
	pub member: u32,
	/// What it attested.
	pub claim: [u8; 32],
	/// When: the block its slash is taken as of if the claim is found invalid.
	pub at: BlockNumber,
}

/// The round a network's committee attests in.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	CloneNoBound,
	PartialEqNoBound,
	DebugNoBound,
	TypeInfo,
	MaxEncodedLen,
)]
#[scale_info(skip_type_params(MaxCommittee))]
#[codec(mel_bound(AccountId: MaxEncodedLen, Balance: MaxEncodedLen, BlockNumber: MaxEncodedLen))]
pub struct Round<AccountId, Balance, BlockNumber, MaxCommittee: Get<u32>>
where
	AccountId: Clone + PartialEq + core::fmt::Debug,
	Balance: Clone + PartialEq + core::fmt::Debug,
	BlockNumber: Clone + PartialEq + core::fmt::Debug,
{
	/// The checkpoint number.
	pub round: u64,
	/// How many times the round was drawn again with a larger committee.
	pub level: u8,
	/// The keys pallet's epoch whose validator set the committee was drawn from (the epoch its
	/// members sign their attestations for).
	pub epoch: u64,
	/// The seed the committee was drawn with (`ssp_primitives::committee::sample_by_stake`).
	pub seed: [u8; 32],
	/// The block the round first opened at: the next round opens `checkpoint_interval` later.
	pub opened_at: BlockNumber,
	/// Attestations are taken before this block.
	pub closes_at: BlockNumber,
	/// Whether a claim of this round became pending (it may be final, disputed or gone since:
	/// the round makes no second checkpoint).
	pub pended: bool,
	/// The committee.
	pub committee: BoundedVec<Member<AccountId, Balance>, MaxCommittee>,
	/// The attestations so far, one per member at most.
	pub attestations: BoundedVec<Attestation<BlockNumber>, MaxCommittee>,
}

/// An attester of a checkpoint: liable if a dispute finds it invalid.
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub struct Attester<AccountId, BlockNumber> {
	/// The operator.
	pub operator: AccountId,
	/// The block it attested at.
	pub at: BlockNumber,
}

/// Where a checkpoint is in its life (a final, rejected or punished one is no longer stored).
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub enum CheckpointStatus<AccountId> {
	/// Attested by a supermajority of its committee's stake; final at the end of the challenge
	/// window unless challenged.
	Pending,
	/// Challenged: a dispute runs.
	Disputed,
	/// The dispute is decided (its verdict is in the dispute): its non-voters are being
	/// jailed, a few a block, before the verdict takes effect.
	Concluding,
	/// Found invalid: its attesters are being reported to the slashing pallet, a few a block,
	/// with the challenger as the reporter.
	Slashing {
		/// Who challenged it: the reporter of each attester's slash.
		challenger: AccountId,
	},
}

/// The terms a checkpoint was attested under, fixed when it became pending (a later change of
/// the network's parameters does not change them).
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub struct Terms<Balance, BlockNumber> {
	/// The bond a challenge holds.
	pub challenger_bond: Balance,
	/// Each attester's slash if the checkpoint is invalid.
	pub attester_slash: Perbill,
	/// The part of the bond a wrong challenger loses.
	pub challenger_slash: Perbill,
	/// The dispute's length.
	pub dispute_window: BlockNumber,
}

/// A checkpoint not final yet.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	CloneNoBound,
	PartialEqNoBound,
	DebugNoBound,
	TypeInfo,
	MaxEncodedLen,
)]
#[scale_info(skip_type_params(MaxCommittee))]
#[codec(mel_bound(AccountId: MaxEncodedLen, Balance: MaxEncodedLen, BlockNumber: MaxEncodedLen))]
pub struct Checkpoint<AccountId, Balance, BlockNumber, MaxCommittee: Get<u32>>
where
	AccountId: Clone + PartialEq + core::fmt::Debug,
	Balance: Clone + PartialEq + core::fmt::Debug,
	BlockNumber: Clone + PartialEq + core::fmt::Debug,
{
	/// What the committee attested.
	pub claim: [u8; 32],
	/// The epoch of the committee's set.
	pub epoch: u64,
	/// The block it became pending at.
	pub pending_at: BlockNumber,
	/// It may be challenged before this block.
	pub challenge_until: BlockNumber,
	/// Where it is.
	pub status: CheckpointStatus<AccountId>,
	/// The block its next task (finalise, close the dispute, report attesters) is on the agenda
	/// at.
	pub task_at: BlockNumber,
	/// The members who attested this claim, each with its block; those not reported yet while
	/// `Slashing`.
	pub attesters: BoundedVec<Attester<AccountId, BlockNumber>, MaxCommittee>,
	/// Its terms.
	pub terms: Terms<Balance, BlockNumber>,
}

/// One of a dispute's voters: a validator of the network's set when the dispute opened.
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub struct Voter<AccountId, Balance> {
	/// The operator.
	pub operator: AccountId,
	/// Its key: what its vote is signed with.
	pub key: NetworkKey,
	/// Its stake: its weight in the vote.
	pub weight: Balance,
	/// Its vote: `Some(true)` valid, `Some(false)` invalid, `None` not cast.
	pub vote: Option<bool>,
}

/// A dispute over a challenged checkpoint.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	CloneNoBound,
	PartialEqNoBound,
	DebugNoBound,
	TypeInfo,
	MaxEncodedLen,
)]
#[scale_info(skip_type_params(MaxVoters))]
#[codec(mel_bound(
	AccountId: MaxEncodedLen,
	Balance: MaxEncodedLen,
	Stake: MaxEncodedLen,
	BlockNumber: MaxEncodedLen
))]
pub struct Dispute<AccountId, Balance, Stake, BlockNumber, MaxVoters: Get<u32>>
where
	AccountId: Clone + PartialEq + core::fmt::Debug,
	Balance: Clone + PartialEq + core::fmt::Debug,
	Stake: Clone + PartialEq + core::fmt::Debug,
	BlockNumber: Clone + PartialEq + core::fmt::Debug,
{
	/// Who challenged, and holds the bond.
	pub challenger: AccountId,
	/// The bond held.
	pub bond: Balance,
	/// The keys pallet's epoch of the voters' set (the epoch votes are signed for).
	pub epoch: u64,
	/// Votes are taken before this block.
	pub closes_at: BlockNumber,
	/// The voters: the network's validator set when the challenge came.
	pub voters: BoundedVec<Voter<AccountId, Stake>, MaxVoters>,
	/// The verdict, once the dispute closed (its non-voters are then jailed before it takes
	/// effect).
	pub verdict: Option<Verdict>,
	/// The next voter to look at when jailing non-voters.
	pub cursor: u32,
}

/// How a dispute ended.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	TypeInfo,
	MaxEncodedLen,
)]
pub enum Verdict {
	/// Two thirds of the voters' stake found the checkpoint valid: it is final and the
	/// challenger loses part of its bond.
	Valid,
	/// Two thirds found it invalid: its attesters are slashed, the challenger gets its bond
	/// back and the reporter's share of each slash.
	Invalid,
	/// Neither side had two thirds: the checkpoint is rejected (not final), the challenger gets
	/// its bond back, no one is slashed.
	Undecided,
}

/// Something the hook does at a block.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Debug,
	TypeInfo,
	MaxEncodedLen,
)]
pub enum AgendaItem {
	/// Draw a committee and open the network's next round.
	OpenRound(NetworkId),
	/// Close round `.1` at escalation level `.2`: record no-shows, then escalate, or end the
	/// round and schedule the next.
	CloseRound(NetworkId, u64, u8),
	/// Make checkpoint `.1` final if it was not challenged.
	Finalize(NetworkId, u64),
	/// Count the votes of the dispute over checkpoint `.1`.
	CloseDispute(NetworkId, u64),
	/// Jail the next non-voters of the decided dispute over checkpoint `.1`, then give effect
	/// to its verdict.
	JailNonVoters(NetworkId, u64),
	/// Report the next attesters of invalid checkpoint `.1` to the slashing pallet.
	SlashAttesters(NetworkId, u64),
}

/// A network's latest final checkpoint: what a bridge or light client of the child network
/// proves with a state proof of `LatestFinal(network)`.
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub struct FinalCheckpoint<BlockNumber> {
	/// The checkpoint number.
	pub round: u64,
	/// What was attested.
	pub claim: [u8; 32],
	/// The keys pallet's epoch of the committee that attested it.
	pub epoch: u64,
	/// The block it became final at.
	pub finalized_at: BlockNumber,
}

/// A checkpoint not final yet, as the runtime API gives it.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
pub struct CheckpointView<AccountId, Balance, BlockNumber> {
	/// The checkpoint number.
	pub round: u64,
	/// What was attested.
	pub claim: [u8; 32],
	/// The epoch of the committee's set.
	pub epoch: u64,
	/// The block it became pending at.
	pub pending_at: BlockNumber,
	/// It may be challenged before this block.
	pub challenge_until: BlockNumber,
	/// Where it is.
	pub status: CheckpointStatus<AccountId>,
	/// Its attesters (left to report, while slashing).
	pub attesters: alloc::vec::Vec<Attester<AccountId, BlockNumber>>,
	/// Its terms.
	pub terms: Terms<Balance, BlockNumber>,
}

/// A dispute, as the runtime API gives it, with the stake counted so far.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
pub struct DisputeView<AccountId, Balance, Stake, BlockNumber> {
	/// The checkpoint disputed.
	pub round: u64,
	/// Its claim.
	pub claim: [u8; 32],
	/// Who challenged.
	pub challenger: AccountId,
	/// The bond held.
	pub bond: Balance,
	/// The epoch of the voters' set.
	pub epoch: u64,
	/// Votes are taken before this block.
	pub closes_at: BlockNumber,
	/// The verdict, once closed (non-voters being jailed).
	pub verdict: Option<Verdict>,
	/// Stake that voted valid.
	pub valid: Stake,
	/// Stake that voted invalid.
	pub invalid: Stake,
	/// All the voters' stake (two thirds of it decides).
	pub total: Stake,
	/// The voters and their votes.
	pub voters: alloc::vec::Vec<Voter<AccountId, Stake>>,
}

/// A network's round, as the runtime API gives it.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
pub struct RoundView<AccountId, Balance, BlockNumber> {
	/// The network.
	pub network: NetworkId,
	/// The checkpoint number.
	pub round: u64,
	/// Escalations so far.
	pub level: u8,
	/// The epoch of the committee's set.
	pub epoch: u64,
	/// The seed the committee was drawn with.
	pub seed: [u8; 32],
	/// Attestations are taken before this block.
	pub closes_at: BlockNumber,
	/// The committee.
	pub committee: alloc::vec::Vec<Member<AccountId, Balance>>,
	/// The attestations so far.
	pub attestations: alloc::vec::Vec<Attestation<BlockNumber>>,
}
