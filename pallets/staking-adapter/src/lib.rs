//! The binding of the SSP pallets to `pallet-staking`.
//!
//! The SSP pallets reach the parent chain's staking only through traits
//! (`sp_staking::StakingInterface`, `sp_staking::OnStakingUpdate` and
//! [`ssp_primitives::BondedStakeSlasher`]), so that another runtime can plug in its own staking
//! system. This crate is the one place that binds them to `pallet-staking`: a runtime with
//! `pallet-staking` sets `pallet_ssp_restaking::Config::BondedSlasher` to
//! [`StakingSlasher<Runtime>`], and the restaking and slashing test runtimes use the same adapter,
//! so what the runtime runs is what their tests exercise.
//!
//! [`StakingWeights`] is pallet-staking's weights with the restaking listener's work added where
//! staking runs it.
#![cfg_attr(not(feature = "std"), no_std)]

mod weights;
pub use weights::StakingWeights;

use core::marker::PhantomData;
use frame_support::{
	sp_runtime::traits::{Saturating, Zero},
	traits::{fungible::Inspect, tokens::imbalance::Imbalance},
};
use pallet_staking::{BalanceOf, NegativeImbalanceOf};
use ssp_primitives::BondedStakeSlasher;

/// Slashes stake bonded in `pallet-staking` through staking's own ledger
/// (`pallet_staking::slashing::do_slash`), so its books (active, unlocking chunks, total) stay
/// consistent; the slashed funds come back as a credit for restaking to route.
///
/// `do_slash` also notifies staking's `EventListeners::on_slash`; the restaking pallet marks its
/// own slash (`SlashingBonded`) so that it does not count that notification twice.
///
/// Staking's slashes come first: the adapter never takes the last existential deposit of a
/// bond. `withdraw_unbonded` removes a ledger below the existential deposit at once, while
/// staking may still hold, or later compute, a slash for the stash's exposure in recent eras;
/// it applies that slash to the ledger and treats a missing one as a defect. The deposit left
/// bonded is what such a slash takes first; the SSP slash is owed that much less.
pub struct StakingSlasher<T>(PhantomData<T>);

impl<T: pallet_staking::Config>
	BondedStakeSlasher<T::AccountId, BalanceOf<T>, NegativeImbalanceOf<T>> for StakingSlasher<T>
{
	fn slash_bonded(
		who: &T::AccountId,
		amount: BalanceOf<T>,
	) -> (NegativeImbalanceOf<T>, BalanceOf<T>) {
		let mut credit = NegativeImbalanceOf::<T>::zero();
		// `do_slash` treats an unbonded account as a defensive failure: nothing to take there.
		let Ok(stake) = <pallet_staking::Pallet<T> as sp_staking::StakingInterface>::stake(who)
		else {
			return (credit, Zero::zero());
		};
		let ed = T::Currency::minimum_balance();
		let take = amount.min(stake.total.saturating_sub(ed));
		let kept = amount.saturating_sub(take).min(stake.total.saturating_sub(take));
		if take.is_zero() {
			return (credit, kept);
		}
		// Staking uses the era to decide which unlocking chunks are still liable; for a slash
		// applied now, the active era is the right value.
		let era = pallet_staking::ActiveEra::<T>::get().map(|e| e.index).unwrap_or_default();
		let mut reward_payout = BalanceOf::<T>::zero();
		pallet_staking::slashing::do_slash::<T>(who, take, &mut reward_payout, &mut credit, era);
		// Staking rounds parts below the existential deposit into the slash: whatever it took
		// beyond `take` comes out of what was kept.
		let kept = kept.saturating_sub(credit.peek().saturating_sub(take));
		(credit, kept)
	}
}
