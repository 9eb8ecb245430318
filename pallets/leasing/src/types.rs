//! Storage and genesis types of the leasing pallet.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::pallet_prelude::*;
use scale_info::TypeInfo;
use sp_runtime::{FixedU128, Perbill};
use ssp_primitives::NetworkId;

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

/// A funded security lease: `security` (units of Cost of Corruption) bought at `price` per unit
/// and period, so `reward_per_period` for each period `first_period..=last_period`, held from the
/// manager up front.
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub struct Lease<Balance> {
	/// The first period leased.
	pub first_period: LeasePeriodIndex,
	/// The last period leased.
	pub last_period: LeasePeriodIndex,
	/// Paid to the network's backers for each period: `price × security`, rounded down.
	pub reward_per_period: Balance,
	/// The first period not yet paid.
	pub next_unpaid: LeasePeriodIndex,
	/// Still held from the manager: `reward_per_period × (last_period + 1 - next_unpaid)`.
	pub escrow: Balance,
	/// The Cost of Corruption bought: what the market counts as leased (the stake it needs is
	/// `security / (fault_threshold × max_slash)`).
	pub security: Balance,
	/// The price per unit of security and period, locked for the term.
	pub price: FixedU128,
}

impl<Balance> Lease<Balance> {
	/// A lease (or renewal) of `first_period..=last_period` that has paid nothing yet, `escrow`
	/// held for it.
	pub fn unpaid(
		first_period: LeasePeriodIndex,
		last_period: LeasePeriodIndex,
		reward_per_period: Balance,
		escrow: Balance,
		security: Balance,
		price: FixedU128,
	) -> Self {
		Self {
			first_period,
			last_period,
			reward_per_period,
			next_unpaid: first_period,
			escrow,
			security,
			price,
		}
	}
}

/// The slashes applied on a network lately: `count` since period `since`, forgotten once
/// `SlashMemory` periods have passed since then.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	Clone,
	PartialEq,
	Eq,
	Debug,
	TypeInfo,
	MaxEncodedLen,
	Default,
)]
pub struct RecentSlashes {
	/// The period of the first slash counted.
	pub since: LeasePeriodIndex,
	/// Slashes applied since.
	pub count: u32,
}

/// The number of risk buckets of the security index: a network's risk factor below 1.25, below
/// 2, and from 2 up (see [`ssp_primitives::market::risk_bucket`]).
pub const RISK_BUCKETS: usize = ssp_primitives::market::RISK_BUCKETS;

/// What the sweep of one period adds up over the leases in effect in it.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	Clone,
	PartialEq,
	Eq,
	Debug,
	TypeInfo,
	MaxEncodedLen,
	Default,
)]
pub struct PeriodTally<Balance> {
	/// The period.
	pub period: LeasePeriodIndex,
	/// The stake the leased security needs: `Σ security / (fault_threshold × max_slash)`.
	pub demand: Balance,
	/// Lease rewards of the period, per risk bucket.
	pub rewards: [Balance; RISK_BUCKETS],
	/// Stake securing the leased networks, per risk bucket.
	pub stake: [Balance; RISK_BUCKETS],
	/// The leased networks meeting their target that pay the most, with their reward per
	/// period, largest first (ties: lower id first): the security index's constituents.
	pub constituents: IndexConstituentsOf<Balance>,
}

/// The security index's constituents: at most [`ssp_primitives::market::INDEX_SIZE`] networks
/// with the reward each pays per period.
pub type IndexConstituentsOf<Balance> = frame_support::BoundedVec<
	(NetworkId, Balance),
	frame_support::traits::ConstU32<{ ssp_primitives::market::INDEX_SIZE }>,
>;

/// The market of one lease period, kept for the last [`MARKET_HISTORY`] periods.
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub struct MarketRecord<Balance> {
	/// The period.
	pub period: LeasePeriodIndex,
	/// The base price in effect during the period.
	pub price: FixedU128,
	/// `demand / capacity` (at most 100%): what moved the price for the next period.
	pub utilisation: Perbill,
	/// The stake the security leased in the period needs.
	pub demand: Balance,
	/// All restaked stake: the capacity on offer.
	pub capacity: Balance,
	/// The security index: what one unit of stake securing a leased network earned in the
	/// period, weighted by stake (`Σ rewards / Σ stake` over the leased networks).
	pub index: FixedU128,
	/// The same per risk bucket (zero for an empty bucket).
	pub buckets: [FixedU128; RISK_BUCKETS],
}

/// Periods of market history kept in storage and returned by the runtime API.
pub const MARKET_HISTORY: u32 = 64;

/// What security costs a network now.
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub struct Quote<Balance> {
	/// The base price per unit of security and period.
	pub base_price: FixedU128,
	/// The network's risk factor (at least 1).
	pub risk_factor: FixedU128,
	/// The price at which the network's stake earns what its operators ask in all (zero
	/// without asks).
	pub ask_floor: FixedU128,
	/// `max(base_price × risk_factor, ask_floor)`: the price a lease bought now locks.
	pub price: FixedU128,
	/// `price × security`, rounded down.
	pub reward_per_period: Balance,
	/// `reward_per_period × periods`: what the lease holds from the manager.
	pub total: Balance,
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
	/// The security (Cost of Corruption) leased, bought at the genesis base price.
	pub security: Balance,
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

/// A network in the market view.
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub struct NetworkMarket<Balance> {
	/// The network.
	pub network: NetworkId,
	/// Its risk factor now.
	pub risk_factor: FixedU128,
	/// The price at which its stake earns what its operators ask in all (zero without asks).
	pub ask_floor: FixedU128,
	/// The price a lease bought now locks: `max(base price × risk factor, ask_floor)`.
	pub price: FixedU128,
	/// The share of its stake that also secures other networks.
	pub shared: Perbill,
	/// The slashes its risk factor counts.
	pub recent_slashes: u32,
	/// The security its lease bought (zero without a lease).
	pub leased_security: Balance,
	/// The price its lease locked.
	pub locked_price: Option<FixedU128>,
	/// What one unit of its stake earns per period: lease reward / allocated stake.
	pub yield_per_period: FixedU128,
}

/// The market: the base price, the last periods, each network's price and yield.
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo)]
pub struct MarketView<Balance> {
	/// The base price now.
	pub base_price: FixedU128,
	/// Its floor.
	pub floor: FixedU128,
	/// The utilisation of the last period swept.
	pub utilisation: Perbill,
	/// The security index of the last period swept.
	pub index: FixedU128,
	/// The last [`MARKET_HISTORY`] periods, oldest first.
	pub history: alloc::vec::Vec<MarketRecord<Balance>>,
	/// Every registered network.
	pub networks: alloc::vec::Vec<NetworkMarket<Balance>>,
}
