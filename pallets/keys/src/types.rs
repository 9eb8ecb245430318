//! What the pallet stores: a network's validation settings, an operator's key record, and the
//! validator set of one epoch.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{traits::Get, BoundedVec, CloneNoBound, DebugNoBound, PartialEqNoBound};
use scale_info::TypeInfo;
use ssp_primitives::keys::{KeyScheme, NetworkKey};

/// How a network is validated: the scheme of its validators' keys, how often its validator set
/// is renewed, and how many validators the set holds.
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
pub struct ValidationConfig<BlockNumber> {
	/// The scheme every key registered for the network must be of.
	pub scheme: KeyScheme,
	/// Blocks between two snapshots of the validator set.
	pub epoch_length: BlockNumber,
	/// The most validators in one set (the operators with the most stake allocated there).
	pub max_validators: u32,
}

/// An operator's key for one network, with a rotation waiting to take effect.
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
pub struct KeyRecord<Balance, BlockNumber> {
	/// The key in effect until `next` takes over.
	pub key: NetworkKey,
	/// The key rotated to, and the first block it is in effect at.
	pub next: Option<(NetworkKey, BlockNumber)>,
	/// The deposit held for the record.
	pub deposit: Balance,
}

impl<Balance, BlockNumber: PartialOrd + Copy> KeyRecord<Balance, BlockNumber> {
	/// The key in effect at block `at`.
	pub fn key_at(&self, at: BlockNumber) -> NetworkKey {
		match self.next {
			Some((next, from)) if from <= at => next,
			_ => self.key,
		}
	}

	/// The record with a rotation that took effect by `at` made the current key; the key it
	/// replaced, if so.
	pub fn settle(&mut self, at: BlockNumber) -> Option<NetworkKey> {
		match self.next {
			Some((next, from)) if from <= at => {
				let old = core::mem::replace(&mut self.key, next);
				self.next = None;
				Some(old)
			},
			_ => None,
		}
	}
}

/// One validator of a network's set.
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub struct Validator<AccountId, Balance> {
	/// The operator.
	pub operator: AccountId,
	/// Its key for the network in effect when the set was taken.
	pub key: NetworkKey,
	/// The stake it had allocated to the network when the set was taken.
	pub weight: Balance,
}

/// A network's validator set for one epoch: what a child chain proves with a state proof.
///
/// The set root announced in `ValidatorSetUpdated` is `blake2_256` of the SCALE encoding of
/// `validators`.
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
#[scale_info(skip_type_params(MaxValidators))]
#[codec(mel_bound(AccountId: MaxEncodedLen, Balance: MaxEncodedLen, BlockNumber: MaxEncodedLen))]
pub struct ValidatorSet<AccountId, Balance, BlockNumber, MaxValidators: Get<u32>>
where
	AccountId: Clone + PartialEq + core::fmt::Debug,
	Balance: Clone + PartialEq + core::fmt::Debug,
	BlockNumber: Clone + PartialEq + core::fmt::Debug,
{
	/// The block the set was taken at: the epoch's first block, and the block an offence in the
	/// epoch is slashed as of.
	pub started_at: BlockNumber,
	/// The validators, the most stake first.
	pub validators: BoundedVec<Validator<AccountId, Balance>, MaxValidators>,
}

impl<AccountId, Balance, BlockNumber, MaxValidators>
	ValidatorSet<AccountId, Balance, BlockNumber, MaxValidators>
where
	AccountId: Clone + PartialEq + core::fmt::Debug + Encode,
	Balance: Clone + PartialEq + core::fmt::Debug + Encode,
	BlockNumber: Clone + PartialEq + core::fmt::Debug,
	MaxValidators: Get<u32>,
{
	/// `blake2_256` of the SCALE encoding of the validators.
	pub fn root(&self) -> [u8; 32] {
		sp_io::hashing::blake2_256(&self.validators.encode())
	}

	/// The operator whose key in this set is `key`.
	pub fn operator_of(&self, key: &NetworkKey) -> Option<&AccountId> {
		self.validators.iter().find(|v| &v.key == key).map(|v| &v.operator)
	}
}

/// A validator set being taken, a page of the network's backers a block.
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
#[scale_info(skip_type_params(MaxValidators))]
#[codec(mel_bound(AccountId: MaxEncodedLen, Balance: MaxEncodedLen, BlockNumber: MaxEncodedLen))]
pub struct SnapshotBuild<AccountId, Balance, BlockNumber, MaxValidators: Get<u32>>
where
	AccountId: Clone + PartialEq + core::fmt::Debug,
	Balance: Clone + PartialEq + core::fmt::Debug,
	BlockNumber: Clone + PartialEq + core::fmt::Debug,
{
	/// The network.
	pub network: ssp_primitives::NetworkId,
	/// The block the build began at.
	pub began_at: BlockNumber,
	/// The last backer visited: the next page resumes after it.
	pub after: Option<AccountId>,
	/// The validators found so far, the most stake first (at most the network's
	/// `max_validators`).
	pub validators: BoundedVec<Validator<AccountId, Balance>, MaxValidators>,
}

/// A network's epochs: the current one and the oldest whose set is still kept.
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
	Default,
)]
pub struct EpochInfo {
	/// The epoch of the latest set.
	pub current: u64,
	/// The oldest epoch whose set is kept (sets of `oldest..=current` are in storage).
	pub oldest: u64,
}

impl EpochInfo {
	/// How many sets are kept.
	pub fn kept(&self) -> u64 {
		self.current.saturating_sub(self.oldest).saturating_add(1)
	}
}

/// The next snapshot of a validated network.
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
pub struct Scheduled<BlockNumber> {
	/// The network.
	pub network: ssp_primitives::NetworkId,
	/// The first block its next set may be taken at.
	pub due: BlockNumber,
}

/// A network's validator set for one epoch, as the runtime API gives it.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
pub struct ValidatorSetView<AccountId, Balance, BlockNumber> {
	/// The network.
	pub network: ssp_primitives::NetworkId,
	/// The epoch.
	pub epoch: u64,
	/// The block the set was taken at.
	pub started_at: BlockNumber,
	/// `blake2_256` of the SCALE encoding of `validators` (as in `ValidatorSetUpdated`).
	pub set_root: [u8; 32],
	/// The validators, the most stake first.
	pub validators: alloc::vec::Vec<Validator<AccountId, Balance>>,
}

/// How a network is validated and where its epochs are, as the runtime API gives it.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
pub struct ValidationView<BlockNumber> {
	/// The network's settings.
	pub config: ValidationConfig<BlockNumber>,
	/// The epoch of its latest set (`None` before its first).
	pub current_epoch: Option<u64>,
	/// The oldest epoch whose set is kept (equivocations in it can still be proven, within the
	/// reporting window).
	pub oldest_epoch: Option<u64>,
	/// The first block its next set may be taken at.
	pub next_set_at: Option<BlockNumber>,
}
