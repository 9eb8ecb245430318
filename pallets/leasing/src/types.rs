//! Storage and genesis types of the leasing pallet.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::pallet_prelude::*;
use scale_info::TypeInfo;
use sp_runtime::{FixedU128, Perbill};

/// Index of a lease period (`block / LeasePeriod`), like a slot's lease period.
pub type LeasePeriodIndex = u32;

/// Where a network is in its life.
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub enum NetworkStatus<BlockNumber> {
	/// Registered, with no lease in effect (none yet, or one starting in a later period).
	/// Operators may already opt in and allocate, so that the stake is there when the lease
	/// starts.
	Registered,
	/// A lease covers the current period and the network meets its security target.
	Active,
	/// A lease covers the current period but the security ratio is below the target.
	UnderSecured,
	/// The lease ended (or the network deregistered): no new allocations; offences can still
	/// be reported and applied until `until`, then the deposit is returned and the network's
	/// storage removed.
	Offboarding {
		/// The block from which the network retires.
		until: BlockNumber,
	},
	/// Gone: the deposit was returned and the storage removed (only ever returned by queries,
	/// never stored).
	Retired,
}

impl<BlockNumber> NetworkStatus<BlockNumber> {
	/// Whether a lease is in effect (`Active` or `UnderSecured`).
	pub fn is_leased(&self) -> bool {
		matches!(self, Self::Active | Self::UnderSecured)
	}
}

/// A network's security figures, kept up to date in O(1) from the restaking pallet's
/// notifications and from PfC updates.
///
/// Cost of Corruption: `CoC = allocated × fault_threshold × max_slash`, rounded down. To break
/// the network an attacking coalition must control more than `fault_threshold` of the stake
/// allocated to it; each of its members can lose at most `max_slash` of its allocated stake to
/// one offence. So `CoC` is what such a coalition loses when the attack is proven. Rounding down
/// states the security conservatively.
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub struct SecurityFigures<Balance> {
	/// Stake allocated to the network, summed over operators (may count leveraged stake).
	pub allocated: Balance,
	/// Cost of Corruption (see the type's docs for the formula).
	pub coc: Balance,
	/// Profit from Corruption, as declared by the manager or the oracle origin (never zero).
	pub pfc: Balance,
	/// `coc / pfc`.
	pub ratio: FixedU128,
	/// Whether `ratio` is at least the network's `min_security_target`.
	pub meets_target: bool,
}

/// A registered network.
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub struct NetworkInfo<AccountId, Balance, BlockNumber> {
	/// Registers, funds leases, updates PfC and the slasher, deregisters.
	pub manager: AccountId,
	/// May report the network's offences to the slashing pallet (through
	/// [`crate::EnsureNetworkSlasher`]).
	pub slasher: AccountId,
	/// Held from the manager while the network is registered.
	pub deposit: Balance,
	/// The share of the allocated stake an attacker must control to break the network (e.g.
	/// one third for a BFT chain).
	pub fault_threshold: Perbill,
	/// The largest fraction of an operator's allocated stake one offence may slash.
	pub max_slash: Perbill,
	/// The smallest acceptable `CoC / PfC` (at least one).
	pub min_security_target: FixedU128,
	/// Where the network is in its life.
	pub status: NetworkStatus<BlockNumber>,
	/// The security figures.
	pub security: SecurityFigures<Balance>,
}

/// A funded security lease: `reward_per_period` for each period `first_period..=last_period`,
/// held from the manager up front.
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub struct Lease<Balance> {
	/// The first period leased.
	pub first_period: LeasePeriodIndex,
	/// The last period leased.
	pub last_period: LeasePeriodIndex,
	/// Paid to the network's backers for each period.
	pub reward_per_period: Balance,
	/// The first period not yet paid.
	pub next_unpaid: LeasePeriodIndex,
	/// Still held from the manager: `reward_per_period × (last_period + 1 - next_unpaid)`.
	pub escrow: Balance,
}

/// Progress of the sweep that pays the periods and moves networks between statuses, paged over
/// blocks.
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub struct SweepState {
	/// The period being entered.
	pub period: LeasePeriodIndex,
	/// The smallest network id not yet processed.
	pub next: u32,
}

/// A lease in the genesis config, funded from the network's manager.
#[derive(Clone, PartialEq, Eq, Debug, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GenesisLease<Balance> {
	/// The first period leased (0 covers genesis).
	pub first_period: LeasePeriodIndex,
	/// Number of periods.
	pub periods: u32,
	/// Reward per period.
	pub reward_per_period: Balance,
}

/// A network in the genesis config. Ids are assigned in order from 0.
#[derive(Clone, PartialEq, Eq, Debug, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GenesisNetwork<AccountId, Balance> {
	/// The manager (pays the deposit and the lease; must be endowed).
	pub manager: AccountId,
	/// The slasher account.
	pub slasher: AccountId,
	/// Fault threshold, in `Perbill` parts (333_333_333 = one third).
	pub fault_threshold: Perbill,
	/// Max slash per offence, in `Perbill` parts.
	pub max_slash: Perbill,
	/// Profit from Corruption.
	pub pfc: Balance,
	/// Security target in percent (100 = ratio 1.0; at least 100).
	pub min_security_target_percent: u32,
	/// A lease to fund at genesis, if any.
	pub lease: Option<GenesisLease<Balance>>,
}
