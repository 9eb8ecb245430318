//! The logic behind the calls, and the pool bookkeeping they share with the trait impls.

use crate::{pool::reward_since, *};
use alloc::vec::Vec;
use frame_support::{
	defensive,
	pallet_prelude::*,
	traits::{
		fungible::{Balanced, MutateFreeze, MutateHold},
		tokens::{imbalance::Imbalance, Fortitude, Precision, Preservation},
		OnUnbalanced,
	},
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{
	traits::{CheckedAdd, One, Saturating, Zero},
	ArithmeticError, PerThing, Perbill,
};
use sp_staking::StakingInterface;
use ssp_primitives::{
	BackingChange, BondedStakeSlasher, NetworkId, NetworkRegistry, OnBackingChange, OperatorJail,
};

/// What one page of an operator's refresh did.
pub(crate) struct RefreshPage<Balance> {
	/// The changes of the stake contributed to networks.
	pub changes: Vec<BackingChange<Balance>>,
	/// Where the next page starts, if allocations are left (removed allocations shift the
	/// later ones down).
	pub next: Option<u32>,
	/// How many allocations the page refreshed.
	pub refreshed: u32,
}

impl<T: Config> Pallet<T> {
	pub(crate) fn now() -> BlockNumberFor<T> {
		frame_system::Pallet::<T>::block_number()
	}

	/// Blocks a deallocated or opted-out stake stays slashable: the time a network has to report
	/// an offence plus the time a report waits before it applies, plus one block. An offence
	/// committed at the block of the decrease, reported at the end of the reporting window and
	/// applied at the end of the veto window (`now + ReportingWindow + VetoWindow`) still finds
	/// the old magnitude in effect: the change applies one block later.
	pub fn slash_window() -> BlockNumberFor<T> {
		T::ReportingWindow::get()
			.saturating_add(T::VetoWindow::get())
			.saturating_add(One::one())
	}

	/// Write `operator`'s pool and move [`TotalRestaked`] by the change of its stake: the only
	/// way pools are written, so the total cannot drift from the sum of the pools.
	pub(crate) fn put_pool(operator: &T::AccountId, pool: Pool<BalanceOf<T>>) {
		let old = Pools::<T>::get(operator).stake;
		TotalRestaked::<T>::mutate(|total| {
			*total = total.saturating_sub(old).saturating_add(pool.stake);
		});
		Pools::<T>::insert(operator, pool);
	}

	/// The cap on the sum of an operator's magnitudes, in `Perbill` parts.
	pub fn max_factor_parts() -> u64 {
		u64::from(T::MaxRestakingFactor::get())
			.saturating_mul(u64::from(Perbill::ACCURACY))
			.saturating_div(100)
	}

	pub(crate) fn do_register_operator(
		who: T::AccountId,
		commission: Perbill,
		metadata: BoundedVec<u8, T::MaxMetadataLen>,
	) -> DispatchResult {
		ensure!(!Operators::<T>::contains_key(&who), Error::<T>::AlreadyOperator);
		Operators::<T>::insert(
			&who,
			Operator { commission, metadata, allocations: Default::default() },
		);
		Self::deposit_event(Event::OperatorRegistered { operator: who, commission });
		Ok(())
	}

	pub(crate) fn do_opt_in(who: T::AccountId, network: NetworkId) -> DispatchResult {
		ensure!(Operators::<T>::contains_key(&who), Error::<T>::NotOperator);
		Self::refresh_operator_networks(&who)?;
		ensure!(T::Networks::is_accepting_allocations(network), Error::<T>::NetworkNotAccepting);
		ensure!(!T::Jail::is_jailed(&who, network), Error::<T>::Jailed);
		ensure!(!RemovedOperators::<T>::contains_key(network, &who), Error::<T>::RemovedByNetwork);
		ensure!(
			Pools::<T>::get(&who).active_stake()? >= T::MinOperatorStake::get(),
			Error::<T>::OperatorStakeTooLow
		);
		let deposit = T::OptInDeposit::get();
		Operators::<T>::try_mutate(&who, |maybe| -> DispatchResult {
			let info = maybe.as_mut().ok_or(Error::<T>::NotOperator)?;
			ensure!(
				!info.allocations.iter().any(|a| a.network == network),
				Error::<T>::AlreadyOptedIn
			);
			info.allocations
				.try_push(Allocation::new(
					network,
					deposit,
					NetworkRewardPerStake::<T>::get(network),
				))
				.map_err(|_| Error::<T>::TooManyNetworks)?;
			Ok(())
		})?;
		// `try_mutate` above and these are all checked before any event: an error here reverts
		// the opt-in with the rest of the call.
		let count = NetworkOperatorCount::<T>::get(network);
		ensure!(count < T::MaxOperatorsPerNetwork::get(), Error::<T>::TooManyOperators);
		NetworkOperatorCount::<T>::insert(network, count.saturating_add(1));
		NetworkOperators::<T>::insert(network, &who, ());
		if !deposit.is_zero() {
			T::Currency::hold(&HoldReason::OptInDeposit.into(), &who, deposit)
				.map_err(|_| Error::<T>::InsufficientDeposit)?;
		}
		Self::deposit_event(Event::OptedIn { operator: who, network, deposit });
		Ok(())
	}

	pub(crate) fn do_opt_out(who: T::AccountId, network: NetworkId) -> DispatchResult {
		ensure!(Operators::<T>::contains_key(&who), Error::<T>::NotOperator);
		Self::schedule_opt_out(&who, network).map(|_| ())
	}

	/// Schedule `who`'s opt-out of `network` at the end of the slash window. Returns the block
	/// it completes at.
	fn schedule_opt_out(
		who: &T::AccountId,
		network: NetworkId,
	) -> Result<BlockNumberFor<T>, DispatchError> {
		Self::refresh_operator_networks(who)?;
		Self::ensure_history_room(who, network)?;
		let effective_at =
			Self::schedule_maturity(who, Self::now().saturating_add(Self::slash_window()))?;
		Operators::<T>::try_mutate(who, |maybe| -> DispatchResult {
			let info = maybe.as_mut().ok_or(Error::<T>::NotOperator)?;
			let entry = info
				.allocations
				.iter_mut()
				.find(|a| a.network == network)
				.ok_or(Error::<T>::NotOptedIn)?;
			ensure!(entry.opting_out_until.is_none(), Error::<T>::OptingOut);
			// The magnitude in effect stays slashable until the window has passed; a pending
			// increase is dropped.
			entry.pending = Some((Perbill::zero(), effective_at));
			entry.opting_out_until = Some(effective_at);
			Ok(())
		})?;
		Self::deposit_event(Event::OptOutScheduled {
			operator: who.clone(),
			network,
			effective_at,
		});
		Ok(effective_at)
	}

	pub(crate) fn do_remove_operator(network: NetworkId, operator: T::AccountId) -> DispatchResult {
		ensure!(Operators::<T>::contains_key(&operator), Error::<T>::NotOperator);
		ensure!(
			!RemovedOperators::<T>::contains_key(network, &operator),
			Error::<T>::AlreadyRemoved
		);
		let staying = Operators::<T>::get(&operator).is_some_and(|info| {
			info.allocations
				.iter()
				.any(|a| a.network == network && a.opting_out_until.is_none())
		});
		let effective_at =
			if staying { Some(Self::schedule_opt_out(&operator, network)?) } else { None };
		RemovedOperators::<T>::insert(network, &operator, ());
		Self::deposit_event(Event::OperatorRemoved { network, operator, effective_at });
		Ok(())
	}

	pub(crate) fn do_allocate(
		who: T::AccountId,
		network: NetworkId,
		magnitude: Perbill,
	) -> DispatchResult {
		ensure!(Operators::<T>::contains_key(&who), Error::<T>::NotOperator);
		Self::refresh_operator_networks(&who)?;
		let now = Self::now();
		Self::ensure_history_room(&who, network)?;
		let active = Pools::<T>::get(&who).active_stake()?;
		let effective_at = Operators::<T>::try_mutate(
			&who,
			|maybe| -> Result<BlockNumberFor<T>, DispatchError> {
				let info = maybe.as_mut().ok_or(Error::<T>::NotOperator)?;
				let mut others: u64 = 0;
				let mut target = None;
				for a in info.allocations.iter_mut() {
					if a.network == network {
						target = Some(a);
					} else {
						others =
							others.saturating_add(u64::from(a.magnitude_for_cap().deconstruct()));
					}
				}
				let entry = target.ok_or(Error::<T>::NotOptedIn)?;
				ensure!(entry.opting_out_until.is_none(), Error::<T>::OptingOut);
				ensure!(entry.scheduled_magnitude() != magnitude, Error::<T>::MagnitudeUnchanged);
				let effective_at = if magnitude > entry.magnitude {
					ensure!(
						T::Networks::is_accepting_allocations(network),
						Error::<T>::NetworkNotAccepting
					);
					ensure!(!T::Jail::is_jailed(&who, network), Error::<T>::Jailed);
					let added = magnitude.saturating_sub(entry.magnitude).mul_floor(active);
					Self::ensure_meets_ask(&who, network, added)?;
					now.saturating_add(T::AllocationDelay::get())
				} else {
					now.saturating_add(Self::slash_window())
				};
				let this = u64::from(magnitude.max(entry.magnitude).deconstruct());
				ensure!(
					others.saturating_add(this) <= Self::max_factor_parts(),
					Error::<T>::RestakingFactorExceeded
				);
				entry.pending = if magnitude == entry.magnitude {
					None
				} else {
					Some((magnitude, effective_at))
				};
				Ok(effective_at)
			},
		)?;
		// The hook refreshes the operator when the change takes effect (a block or a few later
		// if that block is full).
		let booked = Self::schedule_maturity(&who, effective_at)?;
		if booked != effective_at {
			Operators::<T>::mutate(&who, |maybe| {
				if let Some(entry) = maybe
					.as_mut()
					.and_then(|i| i.allocations.iter_mut().find(|a| a.network == network))
				{
					entry.pending = entry.pending.map(|(m, _)| (m, booked));
				}
			});
		}
		let effective_at = booked;
		Self::deposit_event(Event::AllocationScheduled {
			operator: who,
			network,
			magnitude,
			effective_at,
		});
		Ok(())
	}

	pub(crate) fn do_restake(
		who: T::AccountId,
		operator: T::AccountId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		ensure!(Operators::<T>::contains_key(&operator), Error::<T>::NotOperator);
		match Restakers::<T>::get(&who) {
			// A pending slash is not settled here: it stays owed (`committed` above the shares'
			// value, and frozen) until `settle` or `withdraw`, so that adding stake costs what
			// `bond_extra` costs and never a pass through the staking ledger. The liability check
			// below counts the debt.
			Some(rec) => ensure!(rec.operator == operator, Error::<T>::OtherOperator),
			None => ensure!(amount >= T::MinRestake::get(), Error::<T>::BelowMinimumRestake),
		}
		let mut pool = Pools::<T>::get(&operator);
		ensure!(pool.shares == 0 || !pool.stake.is_zero(), Error::<T>::PoolDepleted);
		let is_new = !Restakers::<T>::contains_key(&who);
		let mut rec = Restakers::<T>::get(&who).unwrap_or_else(|| Restaker {
			operator: operator.clone(),
			active_shares: 0,
			withdrawing: None,
			committed: Zero::zero(),
			reward_checkpoint: pool.reward_per_share,
			unclaimed: Zero::zero(),
		});
		// Every liability of the position must be covered by active bonded stake.
		let bonded = T::Staking::stake(&who).map(|s| s.active).unwrap_or_default();
		let liability = rec.committed.checked_add(&amount).ok_or(ArithmeticError::Overflow)?;
		ensure!(liability <= bonded, Error::<T>::InsufficientBondedStake);

		let shares = pool.shares_for_deposit(amount)?;
		ensure!(shares > 0, Error::<T>::ZeroAmount);
		Self::accrue(&mut rec, &mut pool)?;
		let before = pool.value_of(rec.total_shares())?;
		pool.deposit(amount, shares)?;
		rec.active_shares =
			rec.active_shares.checked_add(shares).ok_or(ArithmeticError::Overflow)?;
		// The restaker becomes liable for what its shares are worth (rounded down, at most
		// `amount`): the rounding dust backs the pool but binds no one's funds.
		let gained = pool.value_of(rec.total_shares())?.saturating_sub(before).min(amount);
		rec.committed = rec.committed.checked_add(&gained).ok_or(ArithmeticError::Overflow)?;
		if is_new {
			pool.restakers = pool.restakers.checked_add(1).ok_or(ArithmeticError::Overflow)?;
		}
		Self::set_freeze(&who, rec.committed)?;
		Self::put_pool(&operator, pool);
		Restakers::<T>::insert(&who, rec);
		Self::mark_stale(&operator);
		Self::deposit_event(Event::Restaked { restaker: who, operator, amount });
		Ok(())
	}

	pub(crate) fn do_request_withdrawal(who: T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		ensure!(Restakers::<T>::contains_key(&who), Error::<T>::NotRestaker);
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		// Pending slashes stay owed until `withdraw` (which settles before it releases), and
		// stake that left the staking system is moved out by the next settlement: requesting
		// costs what `unbond` costs.
		let mut rec = Restakers::<T>::get(&who).ok_or(Error::<T>::NotRestaker)?;
		ensure!(rec.active_shares > 0, Error::<T>::NothingToWithdraw);
		let mut pool = Pools::<T>::get(&rec.operator);
		// A pool slashed to nothing has no stake to withdraw: `settle` burns its shares.
		ensure!(!pool.stake.is_zero(), Error::<T>::PoolDepleted);
		let shares = pool.shares_for_withdrawal(amount, rec.active_shares)?;
		ensure!(shares > 0, Error::<T>::ZeroAmount);
		let value = pool.value_of(shares)?;
		let unlock_at = Self::move_to_withdrawal(&mut rec, &mut pool, shares)?;
		let operator = rec.operator.clone();
		Self::put_pool(&operator, pool);
		Restakers::<T>::insert(&who, rec);
		Self::mark_stale(&operator);
		Self::deposit_event(Event::WithdrawalRequested {
			restaker: who,
			operator,
			amount: value,
			unlock_at,
		});
		Ok(())
	}

	/// Move `shares` active shares of `rec` into its withdrawal, restarting the delay.
	fn move_to_withdrawal(
		rec: &mut RestakerOf<T>,
		pool: &mut Pool<BalanceOf<T>>,
		shares: Shares,
	) -> Result<BlockNumberFor<T>, DispatchError> {
		Self::accrue(rec, pool)?;
		rec.active_shares =
			rec.active_shares.checked_sub(shares).ok_or(ArithmeticError::Underflow)?;
		pool.withdrawing_shares =
			pool.withdrawing_shares.checked_add(shares).ok_or(ArithmeticError::Overflow)?;
		let unlock_at = Self::now().saturating_add(T::WithdrawalDelay::get());
		let already = rec.withdrawing.as_ref().map(|w| w.shares).unwrap_or_default();
		rec.withdrawing = Some(Withdrawal {
			shares: already.checked_add(shares).ok_or(ArithmeticError::Overflow)?,
			unlock_at,
		});
		Ok(unlock_at)
	}

	pub(crate) fn do_withdraw(who: T::AccountId) -> DispatchResult {
		let rec = Restakers::<T>::get(&who).ok_or(Error::<T>::NotRestaker)?;
		let w = rec.withdrawing.ok_or(Error::<T>::NoWithdrawal)?;
		ensure!(Self::now() >= w.unlock_at, Error::<T>::WithdrawalNotReady);
		ensure!(!T::Jail::has_unapplied_slash(&rec.operator), Error::<T>::UnappliedSlash);
		// Settle the slashes only: moving stake that left the staking system into a withdrawal
		// (`reconcile`) would merge it into the matured one. That waits until the matured
		// shares are out.
		if !Self::settle_slashes(&who)? {
			// The position was wiped by a 100% slash: nothing is left to release.
			return Ok(());
		}
		let mut rec = Restakers::<T>::get(&who).ok_or(Error::<T>::NotRestaker)?;
		let Some(w) = rec.withdrawing.take() else {
			return Ok(());
		};
		let mut pool = Pools::<T>::get(&rec.operator);
		Self::accrue(&mut rec, &mut pool)?;
		// Remove what the withdrawn shares are worth, rounded down, so the share price of the
		// others never drops.
		let removed = pool.value_of(w.shares)?;
		pool.remove(w.shares, w.shares, removed)?;
		// Settled above, `committed` is the value of every share of the position; what the
		// active shares are worth now stays frozen, the rest is released.
		let remaining = pool.value_of(rec.active_shares)?;
		let new_committed = rec.committed.min(remaining);
		let released = rec.committed.saturating_sub(new_committed);
		rec.committed = new_committed;
		let operator = rec.operator.clone();
		Self::store_or_remove(&who, rec, &mut pool)?;
		Self::put_pool(&operator, pool);
		Self::deposit_event(Event::Withdrawn {
			restaker: who.clone(),
			operator: operator.clone(),
			amount: released,
		});
		// Now stake that left the staking system starts a withdrawal of its own.
		Self::reconcile(&who)?;
		Self::mark_stale(&operator);
		Ok(())
	}

	/// Store `rec`, or, if it has no share left and owes no pending slash, pay its rewards and
	/// remove it.
	pub(crate) fn store_or_remove(
		who: &T::AccountId,
		mut rec: RestakerOf<T>,
		pool: &mut Pool<BalanceOf<T>>,
	) -> DispatchResult {
		if rec.total_shares() == 0 && rec.committed.is_zero() {
			if !rec.unclaimed.is_zero() {
				Self::pay_from_pot(who, rec.unclaimed)?;
				Self::deposit_event(Event::RewardsClaimed {
					restaker: who.clone(),
					amount: rec.unclaimed,
				});
				rec.unclaimed = Zero::zero();
			}
			Self::set_freeze(who, Zero::zero())?;
			pool.restakers = pool.restakers.saturating_sub(1);
			Restakers::<T>::remove(who);
		} else {
			Self::set_freeze(who, rec.committed)?;
			Restakers::<T>::insert(who, rec);
		}
		Ok(())
	}

	pub(crate) fn do_settle_call(who: T::AccountId) -> DispatchResult {
		ensure!(Restakers::<T>::contains_key(&who), Error::<T>::NotRestaker);
		Self::settle_position(&who)
	}

	pub(crate) fn do_claim_rewards(who: T::AccountId) -> DispatchResult {
		let mut rec = Restakers::<T>::get(&who).ok_or(Error::<T>::NotRestaker)?;
		let mut pool = Pools::<T>::get(&rec.operator);
		Self::accrue(&mut rec, &mut pool)?;
		let amount = rec.unclaimed;
		ensure!(!amount.is_zero(), Error::<T>::NothingToClaim);
		Self::pay_from_pot(&who, amount)?;
		Self::put_pool(&rec.operator, pool);
		rec.unclaimed = Zero::zero();
		Restakers::<T>::insert(&who, rec);
		Self::deposit_event(Event::RewardsClaimed { restaker: who, amount });
		Ok(())
	}

	/// Harvest the network rewards of `rec`'s operator into `pool` (the caller writes it), then
	/// add the rewards `rec` earned since its checkpoint to its unclaimed rewards. Called before
	/// every change of `rec`'s shares, so that shares earn exactly what was paid while they
	/// were active.
	pub(crate) fn accrue(rec: &mut RestakerOf<T>, pool: &mut Pool<BalanceOf<T>>) -> DispatchResult {
		Self::harvest_into(&rec.operator, pool)?;
		let earned: BalanceOf<T> =
			reward_since(pool.reward_per_share, rec.reward_checkpoint, rec.active_shares)?;
		rec.unclaimed = rec.unclaimed.checked_add(&earned).ok_or(ArithmeticError::Overflow)?;
		rec.reward_checkpoint = pool.reward_per_share;
		Ok(())
	}

	/// Set the pallet's freeze on `who` to `amount` (thaw at zero).
	pub(crate) fn set_freeze(who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		let reason = FreezeReason::Restaked.into();
		if amount.is_zero() {
			T::Currency::thaw(&reason, who)
		} else {
			T::Currency::set_freeze(&reason, who, amount)
		}
	}

	/// Settle the slashes pending on `who`'s position: take the lost stake from its funds (bonded
	/// first, through the staking ledger; then free funds, ignoring the freeze), send it to
	/// `OnSlash`, and lower the freeze. Then move any restaked stake that has left the staking
	/// system into a withdrawal.
	pub(crate) fn settle_position(who: &T::AccountId) -> DispatchResult {
		if Self::settle_slashes(who)? {
			Self::reconcile(who)?;
		}
		Ok(())
	}

	/// The first half of [`Self::settle_position`]: take the pending slashes from `who`'s
	/// funds and burn a position slashed to nothing. Returns whether a position with shares
	/// remains.
	pub(crate) fn settle_slashes(who: &T::AccountId) -> Result<bool, DispatchError> {
		let Some(mut rec) = Restakers::<T>::get(who) else {
			return Ok(false);
		};
		let pool = Pools::<T>::get(&rec.operator);
		let value = pool.value_of(rec.total_shares())?;
		if value < rec.committed {
			let loss = rec.committed.saturating_sub(value);
			rec.committed = value;
			let operator = rec.operator.clone();
			Restakers::<T>::insert(who, rec);
			let taken = Self::take_funds(who, loss);
			Self::set_freeze(who, value)?;
			Self::deposit_event(Event::RestakerSlashed {
				restaker: who.clone(),
				operator,
				bonded: taken.bonded,
				free: taken.free,
				left_for_staking: taken.left_for_staking,
				missing: taken.missing,
			});
		}
		if Restakers::<T>::get(who).is_some_and(|r| r.total_shares() == 0) {
			// A position emptied by a staking slash, whose pending slash is now paid.
			Self::burn_wiped_position(who)?;
			return Ok(false);
		}
		if pool.stake.is_zero() && pool.shares > 0 {
			// The pool was slashed to nothing (a 100% slash of a 100% allocation): the shares
			// are worthless. Burn them, so that the pool can take deposits again once every
			// wiped position is settled (anyone may call `settle`).
			Self::burn_wiped_position(who)?;
			return Ok(false);
		}
		Ok(true)
	}

	/// Remove the worthless shares of `who` from a pool slashed to nothing.
	fn burn_wiped_position(who: &T::AccountId) -> DispatchResult {
		let Some(mut rec) = Restakers::<T>::get(who) else {
			return Ok(());
		};
		let mut pool = Pools::<T>::get(&rec.operator);
		Self::accrue(&mut rec, &mut pool)?;
		let withdrawing = rec.withdrawing.as_ref().map(|w| w.shares).unwrap_or_default();
		pool.remove(rec.total_shares(), withdrawing, Zero::zero())?;
		rec.active_shares = 0;
		rec.withdrawing = None;
		rec.committed = Zero::zero();
		let operator = rec.operator.clone();
		Self::store_or_remove(who, rec, &mut pool)?;
		Self::put_pool(&operator, pool);
		Self::mark_stale(&operator);
		Ok(())
	}

	/// Take `amount` from `who`: bonded stake first (through `BondedSlasher`, which may leave
	/// part of it bonded for the staking system's own slashes: the restaker owes that part no
	/// more), then free funds with `Fortitude::Force` (the pallet's own freeze does not protect
	/// them). The funds go to `OnSlash`.
	fn take_funds(who: &T::AccountId, amount: BalanceOf<T>) -> FundsTaken<BalanceOf<T>> {
		SlashingBonded::<T>::put(true);
		let (mut credit, left_for_staking) = T::BondedSlasher::slash_bonded(who, amount);
		SlashingBonded::<T>::kill();
		let bonded = credit.peek().min(amount);
		let rest = amount.saturating_sub(bonded).saturating_sub(left_for_staking);
		let mut free = Zero::zero();
		if !rest.is_zero() {
			match <T::Currency as Balanced<T::AccountId>>::withdraw(
				who,
				rest,
				Precision::BestEffort,
				Preservation::Expendable,
				Fortitude::Force,
			) {
				Ok(c) => {
					free = c.peek();
					credit.subsume(c);
				},
				Err(e) => {
					log::warn!(target: LOG_TARGET, "could not take free funds of a restaker: {e:?}")
				},
			}
		}
		let missing = rest.saturating_sub(free);
		if !missing.is_zero() {
			defensive!("restaked funds escaped their freeze");
		}
		T::OnSlash::on_unbalanced(credit);
		FundsTaken { bonded, free, left_for_staking, missing }
	}

	/// If the restaker's active restaked stake exceeds its active bonded stake (it unbonded or
	/// was slashed in the staking system), move the excess into a withdrawal: it stops backing
	/// networks at once, and stays frozen and slashable for `WithdrawalDelay`.
	///
	/// Touches only this pallet's books: safe to call from staking's notifications.
	pub(crate) fn reconcile(who: &T::AccountId) -> DispatchResult {
		let Some(mut rec) = Restakers::<T>::get(who) else {
			return Ok(());
		};
		let mut pool = Pools::<T>::get(&rec.operator);
		let bonded = T::Staking::stake(who).map(|s| s.active).unwrap_or_default();
		let active = pool.value_of(rec.active_shares)?;
		if active <= bonded {
			return Ok(());
		}
		let excess = active.saturating_sub(bonded);
		let shares = pool.shares_for_withdrawal(excess, rec.active_shares)?;
		if shares == 0 {
			return Ok(());
		}
		let amount = pool.value_of(shares)?;
		let unlock_at = Self::move_to_withdrawal(&mut rec, &mut pool, shares)?;
		let operator = rec.operator.clone();
		Self::put_pool(&operator, pool);
		Restakers::<T>::insert(who, rec);
		Self::mark_stale(&operator);
		Self::deposit_event(Event::WithdrawalForced {
			restaker: who.clone(),
			operator,
			amount,
			unlock_at,
		});
		Ok(())
	}

	/// Apply `operator`'s matured allocation changes and opt-outs, and bring the stake it
	/// contributes to each network's [`NetworkStake`] up to date, all at once: the hook has
	/// nothing left to do for it, and a slash's propagation is complete. Returns the changes.
	///
	/// O(`MaxNetworksPerOperator`).
	pub fn refresh_operator_networks(
		operator: &T::AccountId,
	) -> Result<Vec<BackingChange<BalanceOf<T>>>, DispatchError> {
		let changes = Self::refresh_allocations(operator, 0, u32::MAX)?.changes;
		StaleOperators::<T>::remove(operator);
		Self::drop_cursor_of(operator);
		Self::propagation_done(operator);
		Ok(changes)
	}

	/// Whether `info` has more than one allocation in effect at `now` (a non-zero magnitude, its
	/// opt-out not complete): its stake then secures several networks at once.
	pub(crate) fn allocates_to_several(info: &OperatorOf<T>, now: BlockNumberFor<T>) -> bool {
		info.allocations
			.iter()
			.filter(|a| {
				!a.magnitude_at(now).is_zero() && a.opting_out_until.is_none_or(|u| now < u)
			})
			.nth(1)
			.is_some()
	}

	/// Replace `old` by `new` in `network`'s entry of the per-network total `M` (a sum of
	/// per-allocation records, absent at zero).
	pub(crate) fn replace_in_total<M>(network: NetworkId, old: BalanceOf<T>, new: BalanceOf<T>)
	where
		M: frame_support::storage::StorageMap<NetworkId, BalanceOf<T>>,
	{
		if old == new {
			return;
		}
		M::mutate_exists(network, |total| {
			let t = total.unwrap_or_default().saturating_sub(old).saturating_add(new);
			*total = (!t.is_zero()).then_some(t);
		});
	}

	/// The stake `operator`'s allocation on `network` last contributed (`None`: not opted in).
	pub(crate) fn contributed(operator: &T::AccountId, network: NetworkId) -> Option<BalanceOf<T>> {
		Operators::<T>::get(operator)?
			.allocations
			.iter()
			.find(|a| a.network == network)
			.map(|a| a.contributed)
	}

	/// Record what `operator`'s allocation on `network` adds to the network's shared stake
	/// (`None`: nothing), keeping [`NetworkSharedStake`] the sum of the records.
	pub(crate) fn set_shared_contribution(
		operator: &T::AccountId,
		network: NetworkId,
		shared: Option<BalanceOf<T>>,
	) {
		let shared = shared.filter(|s| !s.is_zero());
		let old = SharedContribution::<T>::get(operator, network);
		if old == shared {
			return;
		}
		Self::replace_in_total::<NetworkSharedStake<T>>(
			network,
			old.unwrap_or_default(),
			shared.unwrap_or_default(),
		);
		match shared {
			Some(s) => SharedContribution::<T>::insert(operator, network, s),
			None => SharedContribution::<T>::remove(operator, network),
		}
	}

	/// [`Self::refresh_operator_networks`] for at most `count` of `operator`'s allocations, from
	/// index `from`: each allocation is brought up to date on its own (its earnings harvested,
	/// its matured change applied, its contribution set from the pool as it is now, its
	/// completed opt-out removed).
	pub(crate) fn refresh_allocations(
		operator: &T::AccountId,
		from: u32,
		count: u32,
	) -> Result<RefreshPage<BalanceOf<T>>, DispatchError> {
		let Some(mut info) = Operators::<T>::get(operator) else {
			return Ok(RefreshPage { changes: Vec::new(), next: None, refreshed: 0 });
		};
		let len = info.allocations.len();
		let start = (from as usize).min(len);
		let end = start.saturating_add(count as usize).min(len);
		// What the allocations earned at their old contributions is taken before these change.
		let mut pool = Pools::<T>::get(operator);
		Self::harvest_range(operator, &mut info, &mut pool, start..end)?;
		Self::put_pool(operator, pool.clone());
		let active = pool.active_stake()?;
		let now = Self::now();
		// A slash's loss reaching this operator's networks: each reduction is an event.
		let propagating = Propagating::<T>::contains_key(operator);
		let shared = Self::allocates_to_several(&info, now);
		let mut changes = Vec::new();
		for a in info.allocations.iter_mut().take(end).skip(start) {
			if let Some((next, at)) = a.pending {
				if now >= at {
					if next != a.magnitude {
						Self::record_magnitude(operator, a.network, at, a.magnitude);
					}
					a.magnitude = next;
					a.pending = None;
				}
			}
			let new = a.magnitude.mul_floor(active);
			if new != a.contributed {
				let (old_total, new_total) = NetworkStake::<T>::mutate(a.network, |s| {
					let old_total = *s;
					*s = s.saturating_sub(a.contributed).saturating_add(new);
					(old_total, *s)
				});
				// Every change of a network's total passes here: the registry keeps its
				// security figures from these notifications alone.
				T::OnBackingChange::on_backing_change(a.network, old_total, new_total);
				if propagating && new < a.contributed {
					Self::deposit_event(Event::BackingReduced {
						operator: operator.clone(),
						network: a.network,
						old: a.contributed,
						new,
					});
				}
				changes.push(BackingChange { network: a.network, old: a.contributed, new });
				Self::ask_follows_contribution(operator, a.network, a.contributed, new);
				a.contributed = new;
			}
			Self::set_shared_contribution(operator, a.network, shared.then_some(a.contributed));
		}
		let mut opted_out = Vec::new();
		let mut index = 0usize;
		info.allocations.retain(|a| {
			let in_page = (start..end).contains(&index);
			index = index.saturating_add(1);
			let done = in_page && a.opting_out_until.is_some_and(|until| now >= until);
			if done {
				opted_out.push((a.network, a.deposit, a.contributed));
			}
			!done
		});
		let next = end.saturating_sub(opted_out.len());
		let next = (next < info.allocations.len()).then_some(next as u32);
		Operators::<T>::insert(operator, info);
		for (network, deposit, contributed) in opted_out {
			let deposit = if deposit.is_zero() {
				deposit
			} else {
				T::Currency::release(
					&HoldReason::OptInDeposit.into(),
					operator,
					deposit,
					Precision::BestEffort,
				)
				.unwrap_or_else(|e| {
					defensive!("the opt-in deposit is held until the opt-out completes", e);
					Zero::zero()
				})
			};
			Self::set_shared_contribution(operator, network, None);
			Self::drop_ask(operator, network, contributed);
			NetworkStake::<T>::mutate_exists(network, |s| {
				if s.is_some_and(|v| v.is_zero()) {
					*s = None
				}
			});
			if NetworkOperators::<T>::take(network, operator).is_some() {
				let left = NetworkOperatorCount::<T>::get(network).saturating_sub(1);
				if left == 0 {
					NetworkOperatorCount::<T>::remove(network);
					// No allocation refers to the accumulator any more.
					NetworkRewardPerStake::<T>::remove(network);
				} else {
					NetworkOperatorCount::<T>::insert(network, left);
				}
			}
			Self::deposit_event(Event::OptedOut { operator: operator.clone(), network, deposit });
		}
		Ok(RefreshPage { changes, next, refreshed: end.saturating_sub(start) as u32 })
	}
}
