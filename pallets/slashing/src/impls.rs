//! The pallet's logic: reports, cancellation, application (by call and by the hook), the
//! circuit breaker, jail, reporter rewards, and `try_state`.

use crate::*;
use frame_support::{
	defensive,
	pallet_prelude::*,
	storage::with_storage_layer,
	traits::{
		fungible::{Balanced, Inspect, Mutate},
		tokens::{imbalance::Imbalance, Preservation},
		OnUnbalanced,
	},
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{
	traits::{Saturating, Zero},
	Perbill,
};
use ssp_primitives::{
	AllocationHistory, NetworkId, NetworkRegistry, OnSlashApplied, OperatorJail, ProvenOffences,
	RestakingSlash, SlashWindows,
};

/// What one attempt to apply a due slash did.
#[derive(PartialEq, Eq, Debug)]
pub(crate) enum Attempt {
	/// Applied.
	Applied,
	/// Held back by the circuit breaker.
	HeldBack,
}

impl<T: Config> Pallet<T> {
	fn now() -> BlockNumberFor<T> {
		frame_system::Pallet::<T>::block_number()
	}

	pub(crate) fn do_report(
		reporter: T::AccountId,
		network: NetworkId,
		operator: T::AccountId,
		fraction: Perbill,
		offence_block: BlockNumberFor<T>,
		evidence: BoundedVec<u8, T::MaxEvidenceLen>,
	) -> DispatchResult {
		ensure!(T::Restaking::is_operator(&operator), Error::<T>::UnknownOperator);
		ensure!(!fraction.is_zero(), Error::<T>::ZeroFraction);
		ensure!(
			fraction <= T::Networks::max_slash_per_offence(network),
			Error::<T>::FractionAboveCap
		);
		let now = Self::now();
		ensure!(offence_block <= now, Error::<T>::OffenceInFuture);
		ensure!(
			now.saturating_sub(offence_block) <= T::Restaking::reporting_window(),
			Error::<T>::ReportExpired
		);
		// The slash is fixed now, by the rules of the offence's block: the magnitude then and
		// the fraction within the network's cap now. Later allocation changes, opt-outs, the
		// circuit breaker's delay or the network's retirement do not change it.
		let magnitude = T::Restaking::magnitude_at(&operator, network, offence_block);
		if magnitude.is_zero() {
			ensure!(T::Restaking::is_opted_in(&operator, network), Error::<T>::NotOptedIn);
			return Err(Error::<T>::NothingAllocated.into());
		}
		let key = (network, operator.clone(), offence_block);
		ensure!(!Offences::<T>::contains_key(&key), Error::<T>::DuplicateReport);
		let (count, of_network) = Self::room_for(network, now)?;
		let id = NextSlashId::<T>::get();
		let next = id.checked_add(1).ok_or(Error::<T>::Overflow)?;
		ApplyQueue::<T>::try_append(id).map_err(|_| Error::<T>::TooManyPendingSlashes)?;

		let evidence_hash = sp_io::hashing::blake2_256(&evidence);
		let apply_at = now.saturating_add(T::Restaking::veto_window());
		Slashes::<T>::insert(
			id,
			SlashRecord {
				network,
				operator: operator.clone(),
				reporter: reporter.clone(),
				fraction,
				magnitude,
				offence_block,
				reported_at: now,
				apply_at,
				evidence,
				evidence_hash,
				status: SlashStatus::Pending,
			},
		);
		Offences::<T>::insert(&key, id);
		UnappliedSlashes::<T>::mutate(&operator, |n| *n = Some(n.unwrap_or(0).saturating_add(1)));
		NextSlashId::<T>::put(next);
		ReportsInBlock::<T>::insert(network, (now, count.saturating_add(1)));
		NetworkPendingSlashes::<T>::insert(network, of_network.saturating_add(1));
		Self::deposit_event(Event::OffenceReported {
			id,
			network,
			operator,
			reporter,
			fraction,
			offence_block,
			apply_at,
			evidence_hash,
		});
		Ok(())
	}

	/// The reports made on `network` in block `now` and its slashes waiting, if one more report
	/// fits every cap. Both counts are per network: one network's reports cannot keep another's
	/// out.
	pub(crate) fn room_for(
		network: NetworkId,
		now: BlockNumberFor<T>,
	) -> Result<(u32, u32), Error<T>> {
		let (block, count) = ReportsInBlock::<T>::get(network);
		let count = if block == now { count } else { 0 };
		ensure!(count < T::MaxSlashesPerBlock::get(), Error::<T>::TooManyReportsInBlock);
		let of_network = NetworkPendingSlashes::<T>::get(network).unwrap_or(0);
		ensure!(
			of_network < T::MaxPendingSlashesPerNetwork::get(),
			Error::<T>::TooManyPendingSlashesOfNetwork
		);
		let waiting = ApplyQueue::<T>::decode_len()
			.unwrap_or(0)
			.saturating_add(Deferred::<T>::decode_len().unwrap_or(0));
		ensure!(waiting < T::MaxPendingSlashes::get() as usize, Error::<T>::TooManyPendingSlashes);
		Ok((count, of_network))
	}

	pub(crate) fn do_cancel(
		id: SlashId,
		reason: BoundedVec<u8, T::MaxReasonLen>,
	) -> DispatchResult {
		let mut rec = Slashes::<T>::get(id).ok_or(Error::<T>::UnknownSlash)?;
		match rec.status {
			SlashStatus::Pending => ApplyQueue::<T>::mutate(|q| q.retain(|x| *x != id)),
			SlashStatus::Queued => Deferred::<T>::mutate(|q| q.retain(|x| *x != id)),
			_ => return Err(Error::<T>::NotCancellable.into()),
		}
		rec.status = SlashStatus::Cancelled;
		Self::no_longer_unapplied(&rec);
		Slashes::<T>::insert(id, rec);
		Self::deposit_event(Event::SlashCancelled { id, reason });
		Ok(())
	}

	pub(crate) fn do_apply_call(id: SlashId) -> DispatchResult {
		let rec = Slashes::<T>::get(id).ok_or(Error::<T>::UnknownSlash)?;
		let now = Self::now();
		match rec.status {
			SlashStatus::Pending => {
				ensure!(rec.apply_at <= now, Error::<T>::NotDue);
				ApplyQueue::<T>::mutate(|q| q.retain(|x| *x != id));
				if Self::try_apply(id, rec, now)? == Attempt::HeldBack {
					Self::defer(id);
				}
				Ok(())
			},
			SlashStatus::Queued => {
				ensure!(
					Self::try_apply(id, rec, now)? == Attempt::Applied,
					Error::<T>::CircuitBreakerTripped
				);
				Deferred::<T>::mutate(|q| q.retain(|x| *x != id));
				Ok(())
			},
			_ => Err(Error::<T>::NotDue.into()),
		}
	}

	/// The slash `rec` left the waiting states (applied, cancelled or failed): one fewer
	/// unapplied slash of its operator, one fewer pending slash of its network.
	fn no_longer_unapplied(rec: &SlashRecord<T>) {
		UnappliedSlashes::<T>::mutate_exists(&rec.operator, |n| {
			*n = n.and_then(|n| n.checked_sub(1)).filter(|n| *n > 0);
		});
		NetworkPendingSlashes::<T>::mutate_exists(rec.network, |n| {
			*n = n.and_then(|n| n.checked_sub(1)).filter(|n| *n > 0);
		});
	}

	/// Move a slash the breaker held back into [`Deferred`] (room is reserved at report time).
	fn defer(id: SlashId) {
		if Deferred::<T>::try_append(id).is_err() {
			defensive!("deferred queue full although reports reserve room");
		}
	}

	/// The network's breaker window as of `now` (a new one if the last has ended).
	pub(crate) fn breaker_window(
		network: NetworkId,
		now: BlockNumberFor<T>,
	) -> BreakerWindow<BalanceOf<T>, BlockNumberFor<T>> {
		match Breakers::<T>::get(network) {
			Some(w) if now < w.start.saturating_add(T::CircuitBreakerWindow::get()) => w,
			_ => BreakerWindow {
				start: now,
				base: T::Restaking::total_restaked(),
				slashed: Zero::zero(),
			},
		}
	}

	/// Apply a due slash unless its network's breaker holds it back. Writes the record. An error
	/// of the restaking pallet is returned with nothing written.
	pub(crate) fn try_apply(
		id: SlashId,
		mut rec: SlashRecord<T>,
		now: BlockNumberFor<T>,
	) -> Result<Attempt, DispatchError> {
		let mut window = Self::breaker_window(rec.network, now);
		let allowance = T::MaxSlashFractionPerWindow::get().mul_floor(window.base);
		let estimate = rec
			.fraction
			.mul_ceil(rec.magnitude.mul_ceil(T::Restaking::pool_stake(&rec.operator)));
		// The first slash of a window always goes through (bounded by the per-offence cap), so
		// a network whose allowance rounds to zero still makes progress.
		if !window.slashed.is_zero() && window.slashed.saturating_add(estimate) > allowance {
			if rec.status == SlashStatus::Pending {
				rec.status = SlashStatus::Queued;
				Slashes::<T>::insert(id, &rec);
				Breakers::<T>::insert(rec.network, window);
				Self::deposit_event(Event::SlashQueued {
					id,
					network: rec.network,
					slashed_in_window: window.slashed,
					allowance,
				});
			}
			return Ok(Attempt::HeldBack);
		}
		let pool_before = T::Restaking::pool_stake(&rec.operator);
		let outcome = T::Restaking::slash_operator_at(
			&rec.operator,
			rec.network,
			rec.fraction,
			rec.magnitude,
		)?;
		let amount = outcome.slashed;
		window.slashed = window.slashed.saturating_add(amount);
		Breakers::<T>::insert(rec.network, window);

		let reward = T::SlashRewardFraction::get().mul_floor(amount);
		if !reward.is_zero() {
			ReporterRewards::<T>::mutate(&rec.reporter, |r| *r = r.saturating_add(reward));
			UnfundedRewards::<T>::mutate(|r| *r = r.saturating_add(reward));
		}
		// A network that has retired takes no opt-in: a jail there would bind nothing and
		// have no manager to lift it.
		if T::Networks::is_registered(rec.network)
			&& !Jailed::<T>::contains_key(rec.network, &rec.operator)
		{
			Jailed::<T>::insert(rec.network, &rec.operator, now);
			Self::deposit_event(Event::OperatorJailed {
				network: rec.network,
				operator: rec.operator.clone(),
				cooldown_until: now.saturating_add(T::JailCooldown::get()),
			});
		}
		// The registry counts the network's recent slashes into the price of its security;
		// covers and swaps pay from them.
		T::Networks::on_slash_applied(rec.network);
		T::OnSlashApplied::on_slash_applied(id, rec.network, &rec.operator, amount, pool_before);
		rec.status = SlashStatus::Applied { amount };
		Self::no_longer_unapplied(&rec);
		Self::deposit_event(Event::SlashApplied {
			id,
			network: rec.network,
			operator: rec.operator.clone(),
			fraction: rec.fraction,
			amount,
			reporter_reward: reward,
			networks_affected: u32::try_from(outcome.other_networks.len()).unwrap_or(u32::MAX),
		});
		Slashes::<T>::insert(id, rec);
		Ok(Attempt::Applied)
	}

	/// One attempt of the hook on slash `id`; errors of the restaking pallet mark it failed.
	fn hook_attempt(id: SlashId, now: BlockNumberFor<T>) -> Attempt {
		let Some(rec) = Slashes::<T>::get(id) else {
			defensive!("queued slash without a record");
			return Attempt::Applied;
		};
		let result = with_storage_layer(|| Self::try_apply(id, rec.clone(), now));
		match result {
			Ok(a) => a,
			Err(error) => {
				let mut rec = rec;
				rec.status = SlashStatus::Failed;
				Self::no_longer_unapplied(&rec);
				Slashes::<T>::insert(id, rec);
				Self::deposit_event(Event::SlashFailed { id, error });
				Attempt::Applied
			},
		}
	}

	/// Apply due slashes, at most `MaxSlashesPerBlock`: first those whose veto window ended (in
	/// report order), then, with what is left of the budget, those the breaker held back.
	/// Returns how many slashes it looked at.
	pub(crate) fn process_due(now: BlockNumberFor<T>) -> u32 {
		let max = T::MaxSlashesPerBlock::get();
		let mut done: u32 = 0;
		let mut queue = ApplyQueue::<T>::get();
		let mut taken: usize = 0;
		for id in queue.iter().copied() {
			if done >= max {
				break;
			}
			let due = Slashes::<T>::get(id).is_some_and(|r| r.apply_at <= now);
			if !due {
				break;
			}
			taken = taken.saturating_add(1);
			done = done.saturating_add(1);
			if Self::hook_attempt(id, now) == Attempt::HeldBack {
				Self::defer(id);
			}
		}
		if taken > 0 {
			let rest: alloc::vec::Vec<SlashId> = queue.iter().skip(taken).copied().collect();
			queue = BoundedVec::truncate_from(rest);
			ApplyQueue::<T>::put(queue);
		}
		// Deferred slashes, oldest first, while the breakers let them through.
		while done < max {
			let Some(id) = Deferred::<T>::get().first().copied() else {
				break;
			};
			done = done.saturating_add(1);
			if Self::hook_attempt(id, now) == Attempt::HeldBack {
				break;
			}
			Deferred::<T>::mutate(|q| q.retain(|x| *x != id));
		}
		done
	}

	pub(crate) fn do_unjail(network: NetworkId, operator: T::AccountId) -> DispatchResult {
		let since = Jailed::<T>::get(network, &operator).ok_or(Error::<T>::NotJailed)?;
		ensure!(
			Self::now() >= since.saturating_add(T::JailCooldown::get()),
			Error::<T>::JailCooldown
		);
		Jailed::<T>::remove(network, &operator);
		Self::deposit_event(Event::OperatorUnjailed { network, operator });
		Ok(())
	}

	/// Lift a jail on a network that is no longer registered (no cooldown: it binds nothing).
	pub(crate) fn do_clear_jail(network: NetworkId, operator: T::AccountId) -> DispatchResult {
		ensure!(Jailed::<T>::contains_key(network, &operator), Error::<T>::NotJailed);
		Jailed::<T>::remove(network, &operator);
		Self::deposit_event(Event::OperatorUnjailed { network, operator });
		Ok(())
	}

	/// What the pot holds for rewards (above its existential deposit).
	fn pot_available() -> BalanceOf<T> {
		T::Currency::balance(&Self::reward_pot()).saturating_sub(T::Currency::minimum_balance())
	}

	pub(crate) fn do_claim_reward(who: T::AccountId) -> DispatchResult {
		let owed = ReporterRewards::<T>::get(&who);
		ensure!(!owed.is_zero(), Error::<T>::NothingToClaim);
		let funded = Self::pot_available().min(owed);
		ensure!(!funded.is_zero(), Error::<T>::RewardNotFunded);
		T::Currency::transfer(&Self::reward_pot(), &who, funded, Preservation::Preserve)?;
		let left = owed.saturating_sub(funded);
		if left.is_zero() {
			ReporterRewards::<T>::remove(&who);
		} else {
			ReporterRewards::<T>::insert(&who, left);
		}
		Self::deposit_event(Event::RewardClaimed { reporter: who, amount: funded });
		Ok(())
	}

	/// A slash's record.
	pub fn slash(id: SlashId) -> Option<SlashRecord<T>> {
		Slashes::<T>::get(id)
	}

	/// Check the pallet's invariants.
	///
	/// - [`ApplyQueue`] holds pending slashes in `apply_at` order; [`Deferred`] holds queued
	///   ones; no id is in both; every pending or queued slash is in one of them; together they
	///   hold at most `MaxPendingSlashes`.
	/// - Every record's offence key maps back to it.
	/// - Unfunded rewards are at most the rewards owed, and the pot holds the funded rest above
	///   its existential deposit.
	#[cfg(any(feature = "std", feature = "try-runtime", feature = "runtime-benchmarks"))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use sp_runtime::TryRuntimeError;
		let queue = ApplyQueue::<T>::get();
		let deferred = Deferred::<T>::get();
		ensure!(
			queue.len().saturating_add(deferred.len()) <= T::MaxPendingSlashes::get() as usize,
			TryRuntimeError::Other("too many waiting slashes")
		);
		let mut last = None;
		for id in queue.iter() {
			let rec = Slashes::<T>::get(id).ok_or("queued id without record")?;
			ensure!(
				rec.status == SlashStatus::Pending,
				TryRuntimeError::Other("queued not pending")
			);
			ensure!(
				match last {
					Some(l) => l <= rec.apply_at,
					None => true,
				},
				TryRuntimeError::Other("queue order")
			);
			last = Some(rec.apply_at);
			ensure!(!deferred.contains(id), TryRuntimeError::Other("id in both queues"));
		}
		for id in deferred.iter() {
			let rec = Slashes::<T>::get(id).ok_or("deferred id without record")?;
			ensure!(
				rec.status == SlashStatus::Queued,
				TryRuntimeError::Other("deferred not queued")
			);
		}
		let mut per_network: alloc::collections::btree_map::BTreeMap<NetworkId, u32> =
			Default::default();
		for id in queue.iter().chain(deferred.iter()) {
			if let Some(rec) = Slashes::<T>::get(id) {
				*per_network.entry(rec.network).or_default() += 1;
			}
		}
		for (network, count) in NetworkPendingSlashes::<T>::iter() {
			ensure!(
				per_network.remove(&network) == Some(count),
				TryRuntimeError::Other("network pending count != waiting slashes of the network")
			);
			ensure!(
				count <= T::MaxPendingSlashesPerNetwork::get(),
				TryRuntimeError::Other("network over its pending cap")
			);
		}
		ensure!(
			per_network.is_empty(),
			TryRuntimeError::Other("waiting slashes of a network without a count")
		);
		let mut waiting: usize = 0;
		let mut per_operator: alloc::collections::btree_map::BTreeMap<T::AccountId, u32> =
			Default::default();
		for (id, rec) in Slashes::<T>::iter() {
			ensure!(
				Offences::<T>::get((rec.network, rec.operator.clone(), rec.offence_block))
					== Some(id),
				TryRuntimeError::Other("offence key does not map to its slash")
			);
			ensure!(id < NextSlashId::<T>::get(), TryRuntimeError::Other("id beyond next id"));
			if matches!(rec.status, SlashStatus::Pending | SlashStatus::Queued) {
				waiting = waiting.saturating_add(1);
				let n = per_operator.entry(rec.operator.clone()).or_default();
				*n = n.saturating_add(1);
			}
		}
		let counted: alloc::collections::btree_map::BTreeMap<T::AccountId, u32> =
			UnappliedSlashes::<T>::iter().collect();
		ensure!(
			counted == per_operator,
			TryRuntimeError::Other("UnappliedSlashes != waiting slashes per operator")
		);
		ensure!(
			waiting == queue.len().saturating_add(deferred.len()),
			TryRuntimeError::Other("waiting slash missing from the queues")
		);
		let owed = ReporterRewards::<T>::iter_values()
			.fold(BalanceOf::<T>::zero(), |a, v| a.saturating_add(v));
		let unfunded = UnfundedRewards::<T>::get();
		ensure!(unfunded <= owed, TryRuntimeError::Other("unfunded rewards exceed owed"));
		ensure!(
			Self::pot_available() >= owed.saturating_sub(unfunded),
			TryRuntimeError::Other("reward pot short")
		);
		Ok(())
	}
}

/// Slashed funds, as the restaking pallet takes them from restakers (wire this pallet as the
/// restaking pallet's `OnSlash`): the reporters' unfunded rewards are kept in the pot, the rest
/// goes to `Config::OnSlash`.
impl<T: Config> OnUnbalanced<CreditOf<T>> for Pallet<T> {
	fn on_nonzero_unbalanced(credit: CreditOf<T>) {
		let unfunded = UnfundedRewards::<T>::get();
		let (keep, rest) = credit.split(unfunded);
		let kept = keep.peek();
		if !kept.is_zero() {
			match T::Currency::resolve(&Self::reward_pot(), keep) {
				Ok(()) => UnfundedRewards::<T>::put(unfunded.saturating_sub(kept)),
				Err(keep) => {
					log::warn!(target: LOG_TARGET, "reward pot refused slashed funds");
					T::OnSlash::on_unbalanced(keep);
				},
			}
		}
		T::OnSlash::on_unbalanced(rest);
	}
}

/// Operators jailed by applied slashes (wire as the restaking pallet's `Jail`).
/// A proven offence is reported as the network's slasher would report it, at the network's
/// maximum slash per offence, with the prover as the reporter.
impl<T: Config> ProvenOffences<T::AccountId, BlockNumberFor<T>> for Pallet<T> {
	fn report_proven(
		reporter: T::AccountId,
		network: NetworkId,
		operator: T::AccountId,
		fraction: Perbill,
		offence_block: BlockNumberFor<T>,
		evidence: alloc::vec::Vec<u8>,
	) -> Result<(), DispatchError> {
		ensure!(T::Networks::has_slashing_authority(network), Error::<T>::UnknownNetwork);
		let evidence = BoundedVec::try_from(evidence).map_err(|_| Error::<T>::EvidenceTooLong)?;
		let fraction = fraction.min(T::Networks::max_slash_per_offence(network));
		Self::do_report(reporter, network, operator, fraction, offence_block, evidence)
	}

	fn has_room(network: NetworkId) -> bool {
		Self::room_for(network, Self::now()).is_ok()
	}

	fn jail(operator: &T::AccountId, network: NetworkId) -> bool {
		// As for a slash's jail: a retired network's jail would bind nothing, with no manager
		// to lift it.
		if !T::Networks::is_registered(network) || Jailed::<T>::contains_key(network, operator) {
			return false;
		}
		let now = Self::now();
		Jailed::<T>::insert(network, operator, now);
		Self::deposit_event(Event::OperatorJailed {
			network,
			operator: operator.clone(),
			cooldown_until: now.saturating_add(T::JailCooldown::get()),
		});
		true
	}
}

impl<T: Config> OperatorJail<T::AccountId> for Pallet<T> {
	fn is_jailed(operator: &T::AccountId, network: NetworkId) -> bool {
		Jailed::<T>::contains_key(network, operator)
	}

	fn has_unapplied_slash(operator: &T::AccountId) -> bool {
		UnappliedSlashes::<T>::contains_key(operator)
	}

	fn network_has_unapplied_slash(network: NetworkId) -> bool {
		NetworkPendingSlashes::<T>::contains_key(network)
	}
}
