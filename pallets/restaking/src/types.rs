//! Storage types of the restaking pallet.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{pallet_prelude::*, BoundedVec};
use scale_info::TypeInfo;
use sp_runtime::{FixedU128, Perbill};
use ssp_primitives::NetworkId;

/// Number of pool shares. Shares are an internal unit: a restaker's stake is its shares times the
/// pool's share price (`Pool::stake / Pool::shares`).
pub type Shares = u128;

/// One network an operator has opted into, with its allocation.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub struct Allocation<Balance, BlockNumber> {
	/// The network.
	pub network: NetworkId,
	/// The magnitude in effect: the fraction of the operator's backing allocated (and slashable)
	/// on `network`.
	pub magnitude: Perbill,
	/// A magnitude scheduled to replace `magnitude` at the given block. Increases wait
	/// `AllocationDelay`; decreases (and opt-outs) wait the slash window, so the stake stays
	/// slashable for faults committed while it was allocated.
	pub pending: Option<(Perbill, BlockNumber)>,
	/// Set when the operator opts out: the block from which the entry is removed.
	pub opting_out_until: Option<BlockNumber>,
	/// The stake this allocation last contributed to [`crate::NetworkStake`] of `network`.
	pub contributed: Balance,
	/// The opt-in deposit held for this slot, returned when the opt-out completes.
	pub deposit: Balance,
	/// The network's [`crate::NetworkRewardPerStake`] when this allocation's lease rewards were
	/// last harvested: it has earned `contributed × (now − checkpoint)` since.
	pub reward_checkpoint: FixedU128,
}

impl<Balance: Default, BlockNumber: PartialOrd + Copy> Allocation<Balance, BlockNumber> {
	/// A fresh allocation of zero to `network`, for which `deposit` is held; it earns the
	/// network's rewards paid after `reward_checkpoint`.
	pub fn new(network: NetworkId, deposit: Balance, reward_checkpoint: FixedU128) -> Self {
		Self {
			network,
			magnitude: Perbill::zero(),
			pending: None,
			opting_out_until: None,
			contributed: Default::default(),
			deposit,
			reward_checkpoint,
		}
	}

	/// The magnitude in effect at `now` (a matured pending change counts).
	pub fn magnitude_at(&self, now: BlockNumber) -> Perbill {
		match self.pending {
			Some((next, at)) if now >= at => next,
			_ => self.magnitude,
		}
	}

	/// The magnitude the allocation will have once its scheduled change (if any) matures.
	pub fn scheduled_magnitude(&self) -> Perbill {
		self.pending.map(|(m, _)| m).unwrap_or(self.magnitude)
	}

	/// The magnitude this allocation counts for in the restaking factor cap: the larger of the
	/// one in effect and the one scheduled.
	pub fn magnitude_for_cap(&self) -> Perbill {
		match self.pending {
			Some((next, _)) => next.max(self.magnitude),
			None => self.magnitude,
		}
	}
}

/// A registered operator.
#[derive(
	Encode,
	Decode,
	frame_support::CloneNoBound,
	frame_support::PartialEqNoBound,
	frame_support::EqNoBound,
	frame_support::DebugNoBound,
	TypeInfo,
	MaxEncodedLen,
)]
#[scale_info(skip_type_params(MaxMetadata, MaxNetworks))]
#[codec(mel_bound(Balance: MaxEncodedLen, BlockNumber: MaxEncodedLen))]
pub struct Operator<
	Balance: Clone + PartialEq + Eq + core::fmt::Debug,
	BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug,
	MaxMetadata: Get<u32>,
	MaxNetworks: Get<u32>,
> {
	/// The operator's cut of every reward paid to its pool.
	pub commission: Perbill,
	/// Free-form metadata (name, URL, ...).
	pub metadata: BoundedVec<u8, MaxMetadata>,
	/// The networks the operator has opted into, with its allocations.
	pub allocations: BoundedVec<Allocation<Balance, BlockNumber>, MaxNetworks>,
}

/// The pool of stake behind one operator.
///
/// Slashing lowers `stake` and leaves `shares` alone: every restaker loses pro rata in O(1).
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen, Default)]
pub struct Pool<Balance> {
	/// All stake in the pool (book value), including stake being withdrawn.
	pub stake: Balance,
	/// All shares of the pool, including the shares being withdrawn.
	pub shares: Shares,
	/// The shares being withdrawn: slashable, but backing no network and earning no reward.
	pub withdrawing_shares: Shares,
	/// Cumulative reward per active share.
	pub reward_per_share: FixedU128,
	/// Number of restakers in the pool.
	pub restakers: u32,
}

/// A withdrawal waiting for `WithdrawalDelay`.
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub struct Withdrawal<BlockNumber> {
	/// The shares being withdrawn (still in the pool, still slashable).
	pub shares: Shares,
	/// The block from which the withdrawal can complete.
	pub unlock_at: BlockNumber,
}

/// A restaker's position in one operator's pool.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub struct Restaker<AccountId, Balance, BlockNumber> {
	/// The operator backed.
	pub operator: AccountId,
	/// Shares backing the operator's networks and earning rewards.
	pub active_shares: Shares,
	/// Shares being withdrawn, if any.
	pub withdrawing: Option<Withdrawal<BlockNumber>>,
	/// The stake this restaker is liable for, as of its last settlement: the value of all its
	/// shares then. It is what the pallet's freeze holds on the account. The value of the shares
	/// now is never larger; the difference is slash not yet taken from the account.
	pub committed: Balance,
	/// The pool's `reward_per_share` when the rewards of this position were last accrued.
	pub reward_checkpoint: FixedU128,
	/// Rewards accrued and not claimed.
	pub unclaimed: Balance,
}

impl<AccountId, Balance, BlockNumber> Restaker<AccountId, Balance, BlockNumber> {
	/// All shares of the position, active and withdrawing.
	pub fn total_shares(&self) -> Shares {
		self.active_shares
			.saturating_add(self.withdrawing.as_ref().map(|w| w.shares).unwrap_or_default())
	}
}

/// An operator in the genesis config, registered, opted into its networks and allocated.
#[derive(Clone, PartialEq, Eq, Debug, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GenesisOperator<AccountId> {
	/// The operator's account (pays the opt-in deposits; must be endowed).
	pub operator: AccountId,
	/// Its commission on rewards.
	pub commission: Perbill,
	/// The networks it opts into, with the magnitude allocated to each (their sum is at most
	/// `MaxRestakingFactor`). The networks must accept allocations (the leasing pallet's genesis
	/// is built before this one).
	pub allocations: alloc::vec::Vec<GenesisAllocation>,
}

impl<AccountId> GenesisOperator<AccountId> {
	/// `operator` with `commission`, allocating each `(network, magnitude)`.
	pub fn new(
		operator: AccountId,
		commission: Perbill,
		allocations: impl IntoIterator<Item = (NetworkId, Perbill)>,
	) -> Self {
		let allocations = allocations
			.into_iter()
			.map(|(network, magnitude)| GenesisAllocation { network, magnitude })
			.collect();
		Self { operator, commission, allocations }
	}
}

/// One allocation of a genesis operator.
#[derive(Clone, PartialEq, Eq, Debug, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GenesisAllocation {
	/// The network.
	pub network: NetworkId,
	/// The fraction of the operator's backing allocated (and slashable) there.
	pub magnitude: Perbill,
}

/// A restaker in the genesis config: stake its account has bonded in staking, restaked with an
/// operator.
#[derive(Clone, PartialEq, Eq, Debug, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GenesisRestaker<AccountId, Balance> {
	/// The restaker (bonded in staking's genesis, with at least `amount`).
	pub restaker: AccountId,
	/// The operator it restakes with (a genesis operator).
	pub operator: AccountId,
	/// The stake restaked.
	pub amount: Balance,
}

impl<AccountId, Balance> GenesisRestaker<AccountId, Balance> {
	/// `restaker` restaking `amount` with `operator`.
	pub fn new(restaker: AccountId, operator: AccountId, amount: Balance) -> Self {
		Self { restaker, operator, amount }
	}
}

/// Where the funds of a settled slash came from.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct FundsTaken<Balance> {
	/// Taken from bonded stake, through the staking ledger.
	pub bonded: Balance,
	/// Taken from free funds.
	pub free: Balance,
	/// Left bonded for the staking system's own slashes, which come first.
	pub left_for_staking: Balance,
	/// Owed and not found (should be zero).
	pub missing: Balance,
}
