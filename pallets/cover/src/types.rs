//! The records of cover pools, covers and security default swaps, and the views the runtime
//! API returns.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_runtime::FixedU128;
use ssp_primitives::NetworkId;

/// Identifier of a security default swap.
pub type SwapId = u32;

/// What a cover pool covers: positions with one operator against its slashes on any network,
/// or positions with any operator against slashes on one network.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	Clone,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Debug,
	TypeInfo,
	MaxEncodedLen,
)]
pub enum Subject<AccountId> {
	/// Every slash of this operator.
	Operator(AccountId),
	/// Every slash for an offence on this network.
	Network(NetworkId),
}

/// A cover pool: underwriters' funds, in shares, backing the covers sold on its subject.
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub struct CoverPool<Balance, BlockNumber> {
	/// What the underwriters' shares are worth: deposits and premiums, less payouts reserved.
	pub funds: Balance,
	/// All shares, withdrawing ones included (they stay liable until their withdrawal).
	pub shares: u128,
	/// The shares being withdrawn: they back no new cover.
	pub withdrawing_shares: u128,
	/// The cover in force, summed over the pool's exposures (each cover at what it covers now).
	pub covered: Balance,
	/// The premium rate (per unit covered and cover period) after the last purchase.
	pub price: FixedU128,
	/// The block of the last purchase: the price decays from there toward the target.
	pub priced_at: BlockNumber,
	/// How many accounts hold shares.
	pub underwriters: u32,
}

impl<Balance: Default, BlockNumber: Default> Default for CoverPool<Balance, BlockNumber> {
	fn default() -> Self {
		Self {
			funds: Default::default(),
			shares: 0,
			withdrawing_shares: 0,
			covered: Default::default(),
			price: FixedU128::from_u32(0),
			priced_at: Default::default(),
			underwriters: 0,
		}
	}
}

/// An underwriter's shares of one pool.
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
pub struct Underwriting<BlockNumber> {
	/// Shares backing new cover.
	pub active: u128,
	/// Shares being withdrawn, and the block from which they can be.
	pub withdrawing: Option<(u128, BlockNumber)>,
}

/// What one pool covers on positions with one operator: the aggregate every slash updates in
/// O(1), whatever the number of covers.
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub struct Exposure<Balance> {
	/// The covers' amounts now, summed (each shrinks with the position it covers).
	pub covered: Balance,
	/// Π (1 − loss) over the slashes counted since the exposure opened: a cover recorded at
	/// survival `s` covers `amount × survival / s` now and is owed the rest.
	pub survival: FixedU128,
	/// Reserved from the pool for the covers' payouts, not yet paid.
	pub owed: Balance,
	/// How many covers are open.
	pub covers: u32,
}

/// A restaker's cover of its position.
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub struct Cover<AccountId, Balance, BlockNumber> {
	/// The pool that sold it.
	pub subject: Subject<AccountId>,
	/// The operator the covered position backs.
	pub operator: AccountId,
	/// What it covered when last settled.
	pub amount: Balance,
	/// Its exposure's survival when last settled.
	pub survival: FixedU128,
	/// The premium paid.
	pub premium: Balance,
	/// The block it ends at (settled and closed by the hook there).
	pub until: BlockNumber,
}

/// Where a security default swap is.
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub enum SwapStatus<AccountId, BlockNumber> {
	/// Offered by its seller, collateral held, not bought.
	Offered,
	/// Bought: protection runs to `until`.
	Active {
		/// The protection buyer (transferable).
		buyer: AccountId,
		/// When it was bought.
		start: BlockNumber,
		/// When it expires.
		until: BlockNumber,
		/// The network's applied slashes (cumulative) when it was bought.
		baseline: u128,
	},
}

/// A security default swap on a network.
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub struct Swap<AccountId, Balance, BlockNumber> {
	/// The network protected against.
	pub network: NetworkId,
	/// The protection seller, who posted the collateral and earns the premiums.
	pub seller: AccountId,
	/// Paid to the buyer if the network's applied slashes reach `threshold` during the term.
	pub collateral: Balance,
	/// The premium per swap period.
	pub premium_per_period: Balance,
	/// The term, in swap periods.
	pub periods: u32,
	/// Stake slashed on the network (applied slashes, summed) during the term that triggers the
	/// payment.
	pub threshold: Balance,
	/// The buyer's premiums held, not yet earned by the seller.
	pub escrow: Balance,
	/// Offered or active.
	pub status: SwapStatus<AccountId, BlockNumber>,
}

/// Something that ends at a block: the hook settles it there.
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub enum Expiry<AccountId> {
	/// A restaker's cover.
	Cover(AccountId),
	/// A security default swap.
	Swap(SwapId),
}

/// A cover pool as the runtime API shows it.
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo)]
pub struct PoolView<Balance> {
	/// The underwriters' funds.
	pub funds: Balance,
	/// The cover in force.
	pub covered: Balance,
	/// The most cover in force the pool may hold now (its funds not being withdrawn).
	pub capacity: Balance,
	/// The premium rate a purchase pays now, per unit covered and cover period (the decayed
	/// price, at least the target times the subject's risk).
	pub price: FixedU128,
	/// All shares, and those being withdrawn.
	pub shares: u128,
	/// The shares being withdrawn.
	pub withdrawing_shares: u128,
	/// How many accounts hold shares.
	pub underwriters: u32,
}

/// A restaker's cover as the runtime API shows it.
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo)]
pub struct CoverView<AccountId, Balance, BlockNumber> {
	/// The pool that sold it.
	pub subject: Subject<AccountId>,
	/// The operator of the covered position.
	pub operator: AccountId,
	/// What it covers now.
	pub covered: Balance,
	/// Owed for slashes applied and not yet paid (paid at the next settlement, at the latest
	/// when it ends).
	pub owed: Balance,
	/// The premium paid.
	pub premium: Balance,
	/// The block it ends at.
	pub until: BlockNumber,
}
