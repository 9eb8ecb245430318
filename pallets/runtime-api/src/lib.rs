//! The SSP security API: what a restaker, an operator or a child network asks before it commits
//! stake or pays for security.
//!
//! It is a runtime API (declared here, implemented by the runtime, as
//! `pallet-nomination-pools-runtime-api`), so polkadot.js apps reaches it under
//! Developer → Runtime calls → `securityApi`, and @polkadot/api as `api.call.securityApi.*`.
//! There is no custom RPC.
//!
//! The answers are composed, for any runtime with the three SSP pallets, in [`compose`]: a
//! runtime implements the API by delegating each call to the function of the same name there.
//!
//! - [`SecurityApi::networks`]: every network with its security figures, lease and yield.
//! - [`SecurityApi::operator_exposure`]: an operator's backing, allocations, leverage and the
//!   networks that depend on it.
//! - [`SecurityApi::stake_overlap`]: how much stake secures two networks at once.
//! - [`SecurityApi::simulate_slash`]: the cascade of a slash, computed on the real code path
//!   and rolled back, so it predicts exactly what the slash would do applied now.
//!
//! [`ValidatorSetApi`] (`api.call.validatorSetApi.*`) gives what a child network's nodes need
//! from the keys pallet: its validator set of an epoch, how it is validated, an operator's key.
//!
//! [`MarketApi`] (`api.call.marketApi.*`) gives the market for security (the leasing pallet):
//! what a lease costs a network now, the base price and utilisation, the last 64 periods, the
//! security index, and each network's risk factor, price and yield. [`IndexPoolApi`]
//! (`api.call.indexPoolApi.*`) gives the index pool (the index pallet): its operator account,
//! the target it follows and its allocations.
//!
//! [`CoverApi`] (`api.call.coverApi.*`) gives slashing cover and security default swaps (the
//! cover pallet): a pool's capacity, rate and exposure, a restaker's cover, a network's swaps.
//!
//! [`CheckpointApi`] (`api.call.checkpointApi.*`) gives a network's optimistic validation (the
//! validation pallet): its latest final checkpoint, the checkpoints not final yet, open
//! disputes with the stake counted so far, and the committee of its open round.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod compose;

use alloc::vec::Vec;
use codec::{Codec, Decode, DecodeWithMemTracking, Encode};
pub use compose::{NetworkSecurityOf, OperatorExposureOf, RestakerPositionOf, SspRuntime};
pub use pallet_ssp_cover::{CoverView, PoolView, Subject, Swap, SwapId, SwapStatus};
pub use pallet_ssp_index::IndexPoolView;
pub use pallet_ssp_keys::{KeyRecord, ValidationView, Validator, ValidatorSetView};
pub use pallet_ssp_leasing::{MarketRecord, MarketView, NetworkMarket, Quote};
use pallet_ssp_leasing::{NetworkStatus, SecurityFigures};
pub use pallet_ssp_validation::{
	CheckpointParams, CheckpointView, DisputeView, FinalCheckpoint, RoundView,
};
use scale_info::TypeInfo;
use sp_runtime::{DispatchError, FixedU128, Perbill};
pub use ssp_primitives::{NetworkAllocation, NetworkId, OperatorBacking, RestakerPosition};

/// A network and its security, as a restaker comparing networks sees it.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
pub struct NetworkSecurity<AccountId, Balance, BlockNumber> {
	/// The network.
	pub network: NetworkId,
	/// Its manager.
	pub manager: AccountId,
	/// Where it is in its life.
	pub status: NetworkStatus<BlockNumber>,
	/// Share of the allocated stake an attacker must control to break it.
	pub fault_threshold: Perbill,
	/// Largest fraction of an operator's allocated stake one offence may slash.
	pub max_slash: Perbill,
	/// Smallest acceptable security ratio (`CoC / PfC`).
	pub target: FixedU128,
	/// Allocated stake, Cost and Profit from Corruption, ratio, whether the target is met.
	pub security: SecurityFigures<Balance>,
	/// Operators opted in.
	pub operators: u32,
	/// Paid to the network's backers each lease period (zero without a lease).
	pub reward_per_period: Balance,
	/// `reward_per_period / allocated`: what one unit of stake securing the network earns per
	/// period, before commission (zero without a lease or without stake).
	pub yield_per_period: Perbill,
	/// The first block after the last leased period, if a lease is funded.
	pub lease_end: Option<BlockNumber>,
}

/// One network whose security depends on an operator.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
pub struct Dependence<Balance> {
	/// The network.
	pub network: NetworkId,
	/// The stake the operator contributes to it.
	pub contributed: Balance,
	/// That stake as a share of all stake allocated to the network.
	pub share_of_network: Perbill,
	/// Whether the operator is jailed there.
	pub jailed: bool,
}

/// An operator's exposure: what backs it, where that stake is allocated, and who depends on it.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
pub struct OperatorExposure<AccountId, Balance, BlockNumber> {
	/// The operator.
	pub operator: AccountId,
	/// Its pool, commission and allocations; `restaking_factor` (parts per billion, above
	/// 1,000,000,000 is leverage) is the sum of its allocation magnitudes.
	pub backing: OperatorBacking<Balance, BlockNumber>,
	/// The networks whose security depends on it.
	pub dependents: Vec<Dependence<Balance>>,
}

/// Stake that secures two networks at once.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
pub struct StakeOverlap<Balance> {
	/// The network with the smaller id.
	pub a: NetworkId,
	/// The network with the larger id.
	pub b: NetworkId,
	/// Operators opted into both.
	pub operators: u32,
	/// Sum over those operators of the smaller of their two allocations: stake counted in the
	/// allocated stake of both networks, so one slash of it lowers the security of both.
	pub shared: Balance,
	/// `shared` as a share of `a`'s allocated stake.
	pub share_of_a: Perbill,
	/// `shared` as a share of `b`'s allocated stake.
	pub share_of_b: Perbill,
}

/// What a simulated slash hits.
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo)]
pub enum SlashTarget<AccountId> {
	/// One operator, for an offence on `network` (what `report_offence` leads to).
	Operator {
		/// The operator slashed.
		operator: AccountId,
		/// The network the offence was on.
		network: NetworkId,
	},
	/// Every operator backing the network, for an offence on it (a coalition attack proven).
	Network(NetworkId),
}

/// How one network's security changes in a simulated slash.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
pub struct SecurityChange<Balance> {
	/// The network.
	pub network: NetworkId,
	/// Its figures now.
	pub before: SecurityFigures<Balance>,
	/// Its figures after the slash.
	pub after: SecurityFigures<Balance>,
	/// Whether it meets its target now and would not after the slash.
	pub falls_under_target: bool,
}

/// The cascade of a simulated slash.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
pub struct SlashSimulation<Balance> {
	/// The stake the slash would remove from the operators' pools (what `SlashApplied.amount`
	/// would report, summed over operators).
	pub slashed: Balance,
	/// Every network whose allocated stake would change, in id order.
	pub changes: Vec<SecurityChange<Balance>>,
}

sp_api::decl_runtime_apis! {
	/// Networks and their security, operator exposure, shared stake and simulated cascades.
	pub trait SecurityApi<AccountId, Balance, BlockNumber>
	where
		AccountId: Codec,
		Balance: Codec,
		BlockNumber: Codec,
	{
		/// Every registered network, in id order.
		fn networks() -> Vec<NetworkSecurity<AccountId, Balance, BlockNumber>>;

		/// One network, or `None` if it is not registered.
		fn network(network: NetworkId) -> Option<NetworkSecurity<AccountId, Balance, BlockNumber>>;

		/// An operator's exposure, or `None` if it is not an operator.
		fn operator_exposure(
			operator: AccountId,
		) -> Option<OperatorExposure<AccountId, Balance, BlockNumber>>;

		/// A restaker's position as if its pending slashes and rewards were settled now.
		fn restaker_position(
			restaker: AccountId,
		) -> Option<RestakerPosition<AccountId, Balance, BlockNumber>>;

		/// Every pair of networks that share stake, ordered by `(a, b)`.
		fn stake_overlap() -> Vec<StakeOverlap<Balance>>;

		/// The cascade of slashing `target` by `fraction` of its allocated stake (capped by the
		/// network's max slash, as a real slash is), computed on the real slash path and rolled
		/// back: nothing changes. Fails as the slash would (unknown network, operator not
		/// opted in, ...).
		fn simulate_slash(
			target: SlashTarget<AccountId>,
			fraction: Perbill,
		) -> Result<SlashSimulation<Balance>, DispatchError>;
	}
}

sp_api::decl_runtime_apis! {
	/// Each child network's validator sets, how it is validated, and its operators' keys (the
	/// keys pallet). A runtime implements it by calling the keys pallet's functions of the same
	/// names.
	pub trait ValidatorSetApi<AccountId, Balance, BlockNumber>
	where
		AccountId: Codec,
		Balance: Codec,
		BlockNumber: Codec,
	{
		/// `network`'s validator set of `epoch` (its latest with `None`), if still kept.
		fn validator_set(
			network: NetworkId,
			epoch: Option<u64>,
		) -> Option<ValidatorSetView<AccountId, Balance, BlockNumber>>;

		/// How `network` is validated and where its epochs are, if it is validated.
		fn validation(network: NetworkId) -> Option<ValidationView<BlockNumber>>;

		/// `operator`'s key for `network` (with a rotation waiting to take effect), if any.
		fn operator_key(
			network: NetworkId,
			operator: AccountId,
		) -> Option<KeyRecord<Balance, BlockNumber>>;
	}

	/// Each child network's optimistic validation (the validation pallet). A runtime implements
	/// it by calling the validation pallet's functions of the same names.
	pub trait CheckpointApi<AccountId, Balance, BlockNumber>
	where
		AccountId: Codec,
		Balance: Codec,
		BlockNumber: Codec,
	{
		/// `network`'s latest final checkpoint, if any.
		fn latest_final(network: NetworkId) -> Option<FinalCheckpoint<BlockNumber>>;

		/// `network`'s checkpoints not final yet (pending, disputed, or found invalid and
		/// being punished), by round.
		fn open_checkpoints(
			network: NetworkId,
		) -> Vec<CheckpointView<AccountId, Balance, BlockNumber>>;

		/// `network`'s open disputes, by round, with the stake that voted each way so far.
		fn disputes(network: NetworkId) -> Vec<DisputeView<AccountId, Balance, Balance, BlockNumber>>;

		/// `network`'s open round (`round`, or whichever is open with `None`): its committee
		/// and attestations.
		fn round(network: NetworkId, round: Option<u64>) -> Option<RoundView<AccountId, Balance, BlockNumber>>;

		/// `network`'s checkpoint parameters, if it is validated by checkpoints.
		fn params(network: NetworkId) -> Option<CheckpointParams<Balance, BlockNumber>>;
	}
}

sp_api::decl_runtime_apis! {
	/// The market for security (the leasing pallet). A runtime implements it by calling the
	/// leasing pallet's `quote` and `market_view`.
	pub trait MarketApi<Balance>
	where
		Balance: Codec,
	{
		/// What `security` (units of Cost of Corruption) for `periods` lease periods costs
		/// `network` if bought now: the price `lease_security` would lock, the reward per period
		/// and the whole escrow. Fails for an unknown network or an overflowing total.
		fn quote(network: NetworkId, security: Balance, periods: u32) -> Result<Quote<Balance>, DispatchError>;

		/// The base price and its floor, the last period's utilisation and security index, the
		/// last 64 periods, and every network's risk factor, price and yield.
		fn market() -> MarketView<Balance>;
	}
}

sp_api::decl_runtime_apis! {
	/// The index pool (the index pallet). A runtime implements it by calling the index pallet's
	/// `pool`.
	pub trait IndexPoolApi<AccountId>
	where
		AccountId: Codec,
	{
		/// The pool's operator account (restake with it to hold index shares), the index period
		/// and target magnitudes it follows, whether it is rebalancing, and its allocations now.
		fn index_pool() -> IndexPoolView<AccountId>;
	}
}

sp_api::decl_runtime_apis! {
	/// Slashing cover and security default swaps (the cover pallet). A runtime implements it
	/// by calling the cover pallet's `pool_view`, `cover_view` and `swaps_on`.
	pub trait CoverApi<AccountId, Balance, BlockNumber>
	where
		AccountId: Codec,
		Balance: Codec,
		BlockNumber: Codec,
	{
		/// The cover pool of `subject`: its funds, the cover in force, its capacity, the rate a
		/// purchase pays now, its shares. `None` without a pool.
		fn pool(subject: Subject<AccountId>) -> Option<PoolView<Balance>>;

		/// `restaker`'s cover: what it covers now and what applied slashes owe it.
		fn cover(restaker: AccountId) -> Option<CoverView<AccountId, Balance, BlockNumber>>;

		/// The security default swaps on `network`, offered or active.
		fn swaps(network: NetworkId) -> Vec<(SwapId, Swap<AccountId, Balance, BlockNumber>)>;
	}
}
