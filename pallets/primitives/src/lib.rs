//! Types and traits shared by the SSP pallets.
//!
//! The SSP pallets talk to each other only through the traits in this crate, so each of them
//! stays generic and can be plugged into another runtime:
//!
//! - [`NetworkRegistry`]: what the restaking pallet needs to know about a child network
//!   (implemented by the leasing pallet).
//! - [`RestakingSlash`]: the slashing entry point of the restaking pallet (called by the slashing
//!   pallet after the veto window).
//! - [`RestakingRewards`]: the reward entry point of the restaking pallet (called by the leasing
//!   pallet once per lease period).
//! - [`OnBackingChange`]: the restaking pallet's notification that a network's allocated stake
//!   changed (implemented by the leasing pallet, which keeps the security figures).
//! - [`NetworkBackers`]: the operators backing a network and their stake (implemented by the
//!   restaking pallet; the leasing pallet reads a network's total stake, views list the operators).
//! - [`OperatorJail`]: whether an operator is jailed on a network, or has a slash reported and
//!   not yet applied (implemented by the slashing pallet, asked by the restaking pallet before
//!   opt-ins, allocation increases and withdrawals).
//! - [`SlashWindows`]: the reporting and veto windows (implemented by the restaking pallet, read
//!   by the slashing pallet).
//! - [`ProvenOffences`]: offences proven on chain (an equivocation of an operator's network key),
//!   reported to the slashing pallet without the network's slasher (implemented by the slashing
//!   pallet, called by the keys and validation pallets), and jails for proven failures of duty.
//! - [`BondedStakeSlasher`]: how the restaking pallet slashes stake bonded in the parent chain's
//!   staking system (implemented over `pallet_staking::slashing::do_slash` by
//!   `ssp-staking-adapter`'s `StakingSlasher`).
//!
//! The query types ([`OperatorBacking`], [`RestakerPosition`], [`NetworkAllocation`]) are the
//! answers of the runtime API to come.
//!
//! [`committee`] samples committees by stake and counts stake-weighted supermajorities (the
//! arithmetic of optimistic validation).
//!
//! [`market`] prices security: the base price that follows utilisation, the renewal cap, a
//! network's risk factor (the arithmetic of the leasing pallet's market).
//!
//! [`keys`] holds what an operator's key for a child network signs (proofs of possession and
//! round statements, domain-separated) and what makes two statements an equivocation.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod committee;
pub mod keys;
pub mod market;

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_runtime::{DispatchError, DispatchResult, Perbill};

/// Identifier of a child network that leases security, like a `ParaId`.
pub type NetworkId = u32;

/// What the restaking pallet needs to know about child networks.
///
/// Implemented by the leasing pallet (the network registry); the restaking pallet's mock has a
/// simple implementation.
pub trait NetworkRegistry {
	/// Whether `network` is known to the registry (in any status).
	fn is_registered(network: NetworkId) -> bool;

	/// Whether operators may opt into `network` and increase their allocations to it.
	///
	/// A paused or retiring network stays registered (its existing allocations stay slashable)
	/// but accepts no new allocations.
	fn is_accepting_allocations(network: NetworkId) -> bool;

	/// The largest fraction of an operator's allocated stake one offence on `network` may slash.
	fn max_slash_per_offence(network: NetworkId) -> Perbill;

	/// Whether offences on `network` may still be reported and applied: the network is
	/// registered and not past the slash window of its offboarding.
	///
	/// The default (for registries without offboarding) is [`Self::is_registered`].
	fn has_slashing_authority(network: NetworkId) -> bool {
		Self::is_registered(network)
	}

	/// A slash of an offence on `network` was applied (the registry counts a network's recent
	/// slashes into the price of its security). O(1); the default does nothing.
	fn on_slash_applied(_network: NetworkId) {}

	/// What `network`'s lease pays its backers per lease period now (zero without a lease), in
	/// the smallest unit of the chain's currency: the yield an operator's minimum ask is
	/// checked against. O(1).
	fn reward_per_period(network: NetworkId) -> u128;

	/// Make `network` registered and accepting allocations, for benchmarks.
	#[cfg(feature = "runtime-benchmarks")]
	fn register_for_benchmarks(_network: NetworkId) {}

	/// Make `network` (registered for benchmarks) pay `reward` per period, for benchmarks.
	#[cfg(feature = "runtime-benchmarks")]
	fn set_reward_for_benchmarks(_network: NetworkId, _reward: u128) {}
}

/// Notified whenever the total stake allocated to a network changes (allocations maturing,
/// restakes, withdrawals, slashes of the network or of another network the same operators back,
/// parent-chain slashes).
///
/// The restaking pallet calls it; the leasing pallet implements it to keep each network's
/// security figures up to date in O(1), without iterating.
pub trait OnBackingChange<Balance> {
	/// The stake allocated to `network`, summed over operators, went from `old_total` to
	/// `new_total`.
	fn on_backing_change(network: NetworkId, old_total: Balance, new_total: Balance);
}

impl<Balance> OnBackingChange<Balance> for () {
	fn on_backing_change(_network: NetworkId, _old_total: Balance, _new_total: Balance) {}
}

/// Who backs a network, as the restaking pallet sees it (the leasing pallet reads a network's
/// total stake; the runtime's views list its operators).
pub trait NetworkBackers<AccountId, Balance> {
	/// The operators opted into `network`, with the stake each allocates to it now, largest
	/// first. At most the restaking pallet's `MaxOperatorsPerNetwork` entries: for views and
	/// benchmarks, not for on-chain loops.
	fn network_backers(network: NetworkId) -> Vec<(AccountId, Balance)>;

	/// A page of `network`'s operators with the stake each allocates there now: at most `limit`
	/// of them visited, in storage order (not by stake), resuming after `after` (the last
	/// operator the previous page visited). Each operator costs the same bounded reads as in
	/// [`Self::network_backers`]: for hooks that go through a network's backers a page a block.
	fn backers_page(
		network: NetworkId,
		after: Option<&AccountId>,
		limit: u32,
	) -> BackersPage<AccountId, Balance>;

	/// The stake allocated to `network`, summed over operators.
	fn network_stake(network: NetworkId) -> Balance;

	/// The part of [`Self::network_stake`] that comes from operators allocating to other
	/// networks too (a slash on any of them takes it), as of each operator's last refresh. O(1).
	fn shared_stake(network: NetworkId) -> Balance;

	/// The reward per lease period that `network`'s backers ask in all: each operator's
	/// minimum yield on the network times the stake it allocates there, summed, as of each
	/// operator's last refresh. The market's quote covers it. O(1).
	fn asked_reward(network: NetworkId) -> Balance;

	/// All stake restaked with operators (each unit once, whatever its allocations): the
	/// capacity the market offers. O(1).
	fn total_stake() -> Balance;

	/// The most operators [`Self::network_backers`] returns.
	fn max_backers() -> u32;

	/// Make `operators` operators, each with stake behind it, opted into and allocated to
	/// `network` (which must accept allocations), for benchmarks.
	#[cfg(feature = "runtime-benchmarks")]
	fn back_network_for_benchmarks(_network: NetworkId, _operators: u32) {}

	/// Opt `operator` into as many more networks as it may back, with allocations, so that a
	/// slash of it cascades as widely as possible, for benchmarks.
	#[cfg(feature = "runtime-benchmarks")]
	fn spread_operator_for_benchmarks(_operator: &AccountId) {}

	/// Put `restakers` more restakers, each with stake, behind `operator`, for benchmarks.
	#[cfg(feature = "runtime-benchmarks")]
	fn add_restakers_for_benchmarks(_operator: &AccountId, _restakers: u32) {}
}

/// A page of a network's backers ([`NetworkBackers::backers_page`]).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct BackersPage<AccountId, Balance> {
	/// The operators visited, with the stake each allocates to the network now.
	pub backers: Vec<(AccountId, Balance)>,
	/// The last operator visited: the next page resumes after it.
	pub last: Option<AccountId>,
	/// How many operators the page visited (at most the limit).
	pub visited: u32,
	/// Whether no operator is left after this page.
	pub done: bool,
}

/// Change of the stake an operator has allocated to one network, caused by a slash.
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub struct BackingChange<Balance> {
	/// The network whose backing changed.
	pub network: NetworkId,
	/// Stake the operator had allocated to `network` before the slash.
	pub old: Balance,
	/// Stake the operator has allocated to `network` after the slash.
	pub new: Balance,
}

/// What [`RestakingSlash::slash_operator`] did.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
pub struct SlashOutcome<Balance> {
	/// The stake removed from the operator's pool (book value; the real funds are taken from
	/// each restaker when its position settles, never less than this in total).
	pub slashed: Balance,
	/// Every *other* network the operator backs whose allocated stake the slash changes, with
	/// that stake before and after (the propagation of the slash). The slashed network's stake
	/// is updated with the slash; these are updated by the restaking pallet's refresh hook,
	/// slashed operators first, within blocks (a page of allocations a block).
	pub other_networks: Vec<BackingChange<Balance>>,
}

/// The slashing entry point of the restaking pallet.
pub trait RestakingSlash<AccountId, Balance> {
	/// Slash `operator` on `network` by `fraction` of the stake `operator` has allocated to
	/// `network` now (clamped to the network's [`NetworkRegistry::max_slash_per_offence`]).
	///
	/// The magnitude in effect now counts (a matured change included); then as
	/// [`Self::slash_operator_at`].
	fn slash_operator(
		operator: &AccountId,
		network: NetworkId,
		fraction: Perbill,
	) -> Result<SlashOutcome<Balance>, DispatchError>;

	/// Slash `operator` for an offence on `network` by `fraction` of `magnitude` of its pool's
	/// stake: the magnitude and fraction in effect when the offence was committed, whatever the
	/// operator's allocations and the network's status are now (the operator may have opted out
	/// since, the network may have retired). The caller checked both when the offence was
	/// reported. The pool and the slashed network lose the stake at once; the operator's
	/// other networks follow through the restaking pallet's paged refresh. Costs O(1) storage
	/// accesses (a pass over the operator's allocations in memory), whatever the number of
	/// networks or restakers.
	fn slash_operator_at(
		operator: &AccountId,
		network: NetworkId,
		fraction: Perbill,
		magnitude: Perbill,
	) -> Result<SlashOutcome<Balance>, DispatchError>;

	/// The stake `operator` currently has slashable on `network` (what a fraction of 100% would
	/// slash before the per-offence cap).
	fn slashable_stake(operator: &AccountId, network: NetworkId) -> Balance;

	/// All stake in `operator`'s pool, including stake being withdrawn (all of it slashable):
	/// the base a magnitude is a fraction of.
	fn pool_stake(operator: &AccountId) -> Balance;

	/// Whether `operator` is a registered operator.
	fn is_operator(operator: &AccountId) -> bool;

	/// Whether `operator` is opted into `network` (including while opting out: still slashable).
	fn is_opted_in(operator: &AccountId, network: NetworkId) -> bool;

	/// All stake restaked through every operator: the base of "a fraction of all restaked
	/// stake" (the slashing pallet's circuit breaker). O(1).
	fn total_restaked() -> Balance;
}

/// The time rules of slashing, owned by the restaking pallet (it keeps stake slashable for them)
/// and read by the slashing pallet (it enforces them), so the two can never disagree.
pub trait SlashWindows<BlockNumber> {
	/// Blocks a network has to report an offence after it happened.
	fn reporting_window() -> BlockNumber;

	/// Blocks a report waits, cancellable, before it applies.
	fn veto_window() -> BlockNumber;
}

/// The allocations operators had in the past, kept by the restaking pallet for the reporting and
/// veto windows, so that an offence is slashed by the magnitude in effect when it was committed.
pub trait AllocationHistory<AccountId, BlockNumber> {
	/// The magnitude `operator` had in effect on `network` at block `at` (zero if it was not
	/// opted in). Exact for any `at` within the reporting and veto windows before now.
	fn magnitude_at(operator: &AccountId, network: NetworkId, at: BlockNumber) -> Perbill;
}

/// An operator's standing with the slashing pallet, asked by the restaking pallet.
///
/// - A jailed operator may not opt into the network or increase its allocation there
///   (decreases and opt-outs stay allowed).
/// - While a slash against an operator is reported but neither applied nor cancelled (waiting
///   out its veto window, or held back by a circuit breaker), its restakers may not complete a
///   withdrawal: the slash must find the stake it was reported against.
///
/// Implemented by the slashing pallet. `()` jails nobody and reports no slash.
pub trait OperatorJail<AccountId> {
	/// Whether `operator` is jailed on `network`.
	fn is_jailed(operator: &AccountId, network: NetworkId) -> bool;

	/// Whether a slash against `operator` is reported and not yet applied or cancelled.
	fn has_unapplied_slash(_operator: &AccountId) -> bool {
		false
	}

	/// Whether a slash on `network` is reported and not yet applied or cancelled (pending or
	/// held back by the network's circuit breaker).
	fn network_has_unapplied_slash(_network: NetworkId) -> bool {
		false
	}
}

impl<AccountId> OperatorJail<AccountId> for () {
	fn is_jailed(_operator: &AccountId, _network: NetworkId) -> bool {
		false
	}
}

/// Told of every slash the slashing pallet applies, after the restaking pallet took it (the
/// cover pallet pays covered restakers and triggers security default swaps from it).
///
/// The slashing pallet charges [`Self::max_weight`] for each slash it applies, on top of its
/// own benchmarked weight: a listener's work is paid by the slash that causes it.
pub trait OnSlashApplied<AccountId, Balance> {
	/// Slash `id` of `operator` for an offence on `network` took `amount` from the operator's
	/// pool, which held `pool_before` (the pool lost `amount / pool_before` of its value, every
	/// restaker alike).
	fn on_slash_applied(
		id: u32,
		network: NetworkId,
		operator: &AccountId,
		amount: Balance,
		pool_before: Balance,
	);

	/// The most [`Self::on_slash_applied`] weighs.
	fn max_weight() -> frame_support::weights::Weight;
}

impl<AccountId, Balance> OnSlashApplied<AccountId, Balance> for () {
	fn on_slash_applied(_: u32, _: NetworkId, _: &AccountId, _: Balance, _: Balance) {}

	fn max_weight() -> frame_support::weights::Weight {
		frame_support::weights::Weight::zero()
	}
}

/// A restaker's position, as the restaking pallet keeps it (the cover pallet sells cover on it).
pub trait RestakerPositions<AccountId, Balance> {
	/// The operator `restaker` backs and what its active (not withdrawing) stake is worth now;
	/// `None` for an account that does not restake.
	fn position(restaker: &AccountId) -> Option<(AccountId, Balance)>;

	/// Make `restaker` (funded) restake `amount` with `operator` (registered), for benchmarks.
	#[cfg(feature = "runtime-benchmarks")]
	fn restake_for_benchmarks(_restaker: &AccountId, _operator: &AccountId, _amount: Balance) {}
}

/// The market's risk factor of a network (the leasing pallet's): 1 for a network secure by its
/// own stake and not slashed lately, more otherwise.
pub trait NetworkRisk {
	/// `network`'s risk factor now (1 for an unknown network). O(1).
	fn risk_factor(network: NetworkId) -> sp_runtime::FixedU128;
}

/// Offences the runtime proved itself (two statements signed by one operator key for one round,
/// attestations of a checkpoint a dispute found invalid), reported without the network's
/// slasher: the proof is the authority. Such a slash waits out the veto window like any other.
///
/// Implemented by the slashing pallet.
pub trait ProvenOffences<AccountId, BlockNumber> {
	/// Report that `operator` committed a proven offence on `network` at `offence_block`, to be
	/// slashed by `fraction` capped at the network's maximum slash per offence; `reporter` earns
	/// the reporter's share of the slash. `evidence` is kept with the slash. Fails, changing
	/// nothing, as a report by the network's slasher would (unknown network, an offence outside
	/// the reporting window, one already reported for that operator and block, no room for more
	/// slashes, nothing allocated then, a zero fraction) or when `evidence` is too long.
	fn report_proven(
		reporter: AccountId,
		network: NetworkId,
		operator: AccountId,
		fraction: Perbill,
		offence_block: BlockNumber,
		evidence: Vec<u8>,
	) -> Result<(), DispatchError>;

	/// Whether a report on `network` fits the slashing pallet's caps now (reports in this
	/// block, slashes of the network waiting, slashes waiting overall): a report refused only
	/// for room can be made again in a later block.
	fn has_room(network: NetworkId) -> bool;

	/// Jail `operator` on `network` for a proven failure of duty (a vote it did not cast in a
	/// dispute): it may not opt in or raise its allocation there, and is left out of the
	/// network's next validator sets, until the network's manager un-jails it. Returns whether
	/// it was jailed now (not already jailed, network registered).
	fn jail(operator: &AccountId, network: NetworkId) -> bool;
}

/// An operator the runtime itself runs (the index pool): what it may do through the restaking
/// pallet, the same checks and deposits as an operator's own calls.
///
/// Implemented by the restaking pallet.
pub trait OperatorControl<AccountId> {
	/// Register `operator` with `commission` (fails if it is one already).
	fn register(operator: &AccountId, commission: Perbill) -> DispatchResult;

	/// Whether `operator` is a registered operator.
	fn is_operator(operator: &AccountId) -> bool;

	/// `operator`'s allocations: each network with the magnitude it will have once its
	/// scheduled change matures, and whether it is opting out. At most the restaking pallet's
	/// `MaxNetworksPerOperator` entries (one storage read).
	fn allocations(operator: &AccountId) -> Vec<(NetworkId, Perbill, bool)>;

	/// Opt `operator` into `network` (holding the opt-in deposit from it).
	fn opt_in(operator: &AccountId, network: NetworkId) -> DispatchResult;

	/// Schedule `operator`'s allocation to `network` at `magnitude`.
	fn allocate(operator: &AccountId, network: NetworkId, magnitude: Perbill) -> DispatchResult;

	/// Schedule `operator`'s opt-out of `network`.
	fn opt_out(operator: &AccountId, network: NetworkId) -> DispatchResult;

	/// The most networks one operator may be opted into.
	fn max_networks() -> u32;

	/// Make `network` registered and accepting allocations, for benchmarks.
	#[cfg(feature = "runtime-benchmarks")]
	fn register_network_for_benchmarks(_network: NetworkId) {}

	/// Give `operator` stake behind it (a restaker's), for benchmarks.
	#[cfg(feature = "runtime-benchmarks")]
	fn back_operator_for_benchmarks(_operator: &AccountId) {}
}

/// The security index of the registry: the leased networks that meet their security target,
/// with the lease reward each pays per period, as of the last period swept.
///
/// Implemented by the leasing pallet; followed by the index pool.
pub trait SecurityIndex {
	/// The last period swept and its constituents, largest reward first (ties: lower id first),
	/// at most [`market::INDEX_SIZE`]; `None` before the first sweep ends.
	fn constituents() -> Option<(u32, Vec<(NetworkId, u128)>)>;

	/// Make these the constituents of `period`, for benchmarks.
	#[cfg(feature = "runtime-benchmarks")]
	fn set_constituents_for_benchmarks(_period: u32, _constituents: Vec<(NetworkId, u128)>) {}
}

/// The reward entry point of the restaking pallet.
pub trait RestakingRewards<AccountId, Balance> {
	/// Pay `amount` from `payer` into the pool of `operator` for its work on `network`.
	///
	/// The operator's commission goes to the operator; the rest is distributed to the operator's
	/// restakers pro rata to their shares. Returns the part distributed to restakers.
	fn reward_operator(
		network: NetworkId,
		operator: &AccountId,
		payer: &AccountId,
		amount: Balance,
	) -> Result<Balance, DispatchError>;

	/// Pay `amount` from `payer` to the stake backing `network`, in O(1) whatever the number of
	/// its operators: each operator's pool earns a share in proportion to the stake it
	/// contributes to the network, and takes it (commission to the operator, the rest to its
	/// restakers) at its next harvest. Fails, changing nothing, when no stake backs `network`.
	fn reward_network(
		network: NetworkId,
		payer: &AccountId,
		amount: Balance,
	) -> Result<(), DispatchError>;
}

/// Slash stake bonded in the parent chain's staking system.
///
/// `ssp_staking_adapter::StakingSlasher` implements this over
/// `pallet_staking::slashing::do_slash`, so that staking's ledger stays consistent with the funds
/// taken.
pub trait BondedStakeSlasher<AccountId, Balance, Imbalance> {
	/// Slash up to `amount` of `who`'s bonded stake (active and unlocking). Returns the funds
	/// taken (possibly less than `amount`, if less is bonded) and the part of `amount` left
	/// bonded on purpose for the staking system's own slashes (the slash order below): the
	/// caller must not take that part from elsewhere.
	///
	/// # Slash order
	///
	/// The staking system's slashes come first: an SSP slash never takes the last of a bond
	/// that the staking system may still slash for the stash's recent exposure (an emptied
	/// bond can be removed at once, and staking expects the bond of a stash it slashes to
	/// exist).
	fn slash_bonded(who: &AccountId, amount: Balance) -> (Imbalance, Balance);
}

/// One allocation of an operator, as seen by queries.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
pub struct NetworkAllocation<Balance, BlockNumber> {
	/// The network.
	pub network: NetworkId,
	/// The magnitude in effect now.
	pub magnitude: Perbill,
	/// The magnitude scheduled next and the block it takes effect at, if any.
	pub pending: Option<(Perbill, BlockNumber)>,
	/// The stake allocated to the network now (`magnitude` of the active backing).
	pub allocated: Balance,
	/// Whether the operator is opting out (still slashable until the block given).
	pub opting_out_until: Option<BlockNumber>,
}

/// An operator's backing and allocations, as seen by queries.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
pub struct OperatorBacking<Balance, BlockNumber> {
	/// All stake in the operator's pool, including stake waiting to be withdrawn (all slashable).
	pub total: Balance,
	/// Stake in the pool that is not being withdrawn (what allocations are a fraction of).
	pub active: Balance,
	/// Number of restakers in the pool.
	pub restakers: u32,
	/// The operator's commission on rewards.
	pub commission: Perbill,
	/// The operator's allocations.
	pub allocations: Vec<NetworkAllocation<Balance, BlockNumber>>,
	/// Sum of the magnitudes in effect (may exceed 100%: leverage).
	pub restaking_factor: u64,
}

/// A restaker's position after pending settlement, as seen by queries.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
pub struct RestakerPosition<AccountId, Balance, BlockNumber> {
	/// The operator the restaker backs.
	pub operator: AccountId,
	/// Restaked stake not being withdrawn.
	pub active: Balance,
	/// Stake waiting to be withdrawn (still slashable).
	pub withdrawing: Balance,
	/// The block from which the withdrawal can complete.
	pub unlock_at: Option<BlockNumber>,
	/// Loss from slashes not yet settled on the restaker's funds.
	pub pending_slash: Balance,
	/// Rewards the restaker can claim.
	pub pending_rewards: Balance,
}

/// Mints the existential deposit into a pallet's `pot` account if it holds less, so that the
/// pot can receive any amount later. For genesis builds: a chain whose pot cannot be endowed
/// must not start, so a failure panics there.
pub fn endow_pot_at_genesis<AccountId: Eq, Currency>(pot: &AccountId)
where
	Currency: frame_support::traits::fungible::Mutate<AccountId>,
{
	let ed = Currency::minimum_balance();
	if Currency::balance(pot) < ed {
		Currency::mint_into(pot, ed).expect("the pot is endowed at genesis");
	}
}
