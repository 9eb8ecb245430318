//! The binding of the SSP pallets to `pallet-staking`.
//!
//! The SSP pallets reach the parent chain's staking only through traits
//! (`sp_staking::StakingInterface`, `sp_staking::OnStakingUpdate` and
//! [`ssp_primitives::BondedStakeSlasher`]), so that another runtime can plug in its own staking
//! system. This crate is the one place that binds them to `pallet-staking`: a runtime with
//! `pallet-staking` sets `pallet_ssp_restaking::Config::BondedSlasher` to
//! [`StakingSlasher<Runtime>`], and the restaking and slashing test runtimes use the same adapter,
//! so what the runtime runs is what their tests exercise.
#![cfg_attr(not(feature = "std"), no_std)]

use core::marker::PhantomData;
use frame_support::{sp_runtime::traits::Zero, traits::tokens::imbalance::Imbalance};
use pallet_staking::{BalanceOf, NegativeImbalanceOf};
use ssp_primitives::BondedStakeSlasher;

/// Slashes stake bonded in `pallet-staking` through staking's own ledger
/// (`pallet_staking::slashing::do_slash`), so its books (active, unlocking chunks, total) stay
/// consistent; the slashed funds come back as a credit for restaking to route.
///
/// `do_slash` also notifies staking's `EventListeners::on_slash`; the restaking pallet marks its
/// own slash (`SlashingBonded`) so that it does not count that notification twice.
pub struct StakingSlasher<T>(PhantomData<T>);

impl<T: pallet_staking::Config>
	BondedStakeSlasher<T::AccountId, BalanceOf<T>, NegativeImbalanceOf<T>> for StakingSlasher<T>
{
	fn slash_bonded(who: &T::AccountId, amount: BalanceOf<T>) -> NegativeImbalanceOf<T> {
		let mut credit = NegativeImbalanceOf::<T>::zero();
		// `do_slash` treats an unbonded account as a defensive failure: nothing to take there.
		if <pallet_staking::Pallet<T> as sp_staking::StakingInterface>::stake(who).is_err() {
			return credit;
		}
		// Staking uses the era to decide which unlocking chunks are still liable; for a slash
		// applied now, the active era is the right value.
		let era = pallet_staking::ActiveEra::<T>::get().map(|e| e.index).unwrap_or_default();
		let mut reward_payout = BalanceOf::<T>::zero();
		pallet_staking::slashing::do_slash::<T>(who, amount, &mut reward_payout, &mut credit, era);
		credit
	}
}
