//! The hook: each validated network's validator set, taken once per epoch a page of backers a
//! block, and the end of validation of a network that left the registry.

use crate::*;
use frame_support::{pallet_prelude::*, weights::Weight};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::traits::Saturating;
use ssp_primitives::{NetworkBackers, NetworkId, NetworkRegistry, OperatorJail};

impl<T: Config> Pallet<T> {
	/// Work on the validator sets due at `now`, looking at most at `MaxSnapshotBackersPerBlock`
	/// backers: go on with the set being taken, then start the next due one. Returns the weight
	/// used.
	pub(crate) fn take_due_snapshots(now: BlockNumberFor<T>) -> Weight {
		let mut weight = T::WeightInfo::on_initialize_idle();
		let mut budget = T::MaxSnapshotBackersPerBlock::get();
		while budget > 0 {
			let build = match Building::<T>::get() {
				Some(build) => build,
				None => match Self::next_due(now, &mut budget, &mut weight) {
					Some(build) => build,
					None => break,
				},
			};
			let visited = Self::build_page(build, budget, now).max(1);
			weight.saturating_accrue(T::WeightInfo::snapshot_page(visited));
			budget = budget.saturating_sub(visited);
		}
		weight
	}

	/// The first due network's set to take, its next one scheduled an epoch later. Networks
	/// due that left the registry on the way stop being validated (each costs one unit of
	/// `budget`). The schedule is written back once, if it changed.
	fn next_due(
		now: BlockNumberFor<T>,
		budget: &mut u32,
		weight: &mut Weight,
	) -> Option<SnapshotBuildOf<T>> {
		let mut schedule = Schedule::<T>::get();
		let mut build = None;
		let mut changed = false;
		while *budget > 0 {
			let Some(entry) = schedule.iter_mut().find(|entry| entry.due <= now) else { break };
			let network = entry.network;
			changed = true;
			match Validation::<T>::get(network) {
				Some(config) if T::Networks::is_registered(network) => {
					entry.due = now.saturating_add(config.epoch_length);
					build = Some(SnapshotBuild {
						network,
						began_at: now,
						after: None,
						validators: BoundedVec::new(),
					});
					break;
				},
				_ => {
					schedule.retain(|entry| entry.network != network);
					let removed = Self::end_validation(network);
					weight.saturating_accrue(T::WeightInfo::end_validation(removed));
					*budget = budget.saturating_sub(1);
				},
			}
		}
		if changed {
			Schedule::<T>::put(schedule);
			weight.saturating_accrue(T::DbWeight::get().writes(1));
		}
		build
	}

	/// Look at the next page of at most `limit` of the network's backers: keep those with a key,
	/// stake and no jail there, the most stake first, up to `max_validators`; the set is taken
	/// when no backer is left. Returns how many backers were looked at.
	pub(crate) fn build_page(
		mut build: SnapshotBuildOf<T>,
		limit: u32,
		now: BlockNumberFor<T>,
	) -> u32 {
		let network = build.network;
		let max = Validation::<T>::get(network).map_or(0, |c| c.max_validators);
		let page = T::Restaking::backers_page(network, build.after.as_ref(), limit);
		for (operator, weight) in page.backers {
			if weight.is_zero() || T::Jail::is_jailed(&operator, network) {
				continue;
			}
			let Some(record) = Keys::<T>::get(network, &operator) else { continue };
			let validator = Validator { operator, key: record.key_at(now), weight };
			Self::keep_if_in_top(&mut build.validators, validator, max);
		}
		if page.last.is_some() {
			build.after = page.last;
		}
		if page.done {
			Building::<T>::kill();
			build.validators.truncate(max as usize);
			Self::publish(network, build.validators, now);
		} else {
			Building::<T>::put(build);
		}
		page.visited
	}

	/// Insert `validator` in `set` (the most stake first, ties by account) if it is among the
	/// `max` with the most stake; a key already in the set is not taken twice.
	fn keep_if_in_top(
		set: &mut BoundedVec<Validator<T::AccountId, BalanceOf<T>>, T::MaxValidators>,
		validator: Validator<T::AccountId, BalanceOf<T>>,
		max: u32,
	) {
		if set.iter().any(|v| v.key == validator.key) {
			return;
		}
		let at = set
			.iter()
			.position(|v| {
				(validator.weight > v.weight)
					|| (validator.weight == v.weight && validator.operator < v.operator)
			})
			.unwrap_or(set.len());
		if at >= max as usize {
			return;
		}
		// Room for one (`max` may have been lowered while the set was being taken).
		if set.len() >= max as usize {
			set.truncate((max as usize).saturating_sub(1));
		}
		// Room was made, or the set is below `max` (at most `MaxValidators`).
		let _ = set.try_insert(at, validator);
	}

	/// Store `validators` as `network`'s set of its next epoch, taken at `now`; the oldest kept
	/// set goes when more than `MaxKeptEpochs` would be kept.
	fn publish(
		network: NetworkId,
		validators: BoundedVec<Validator<T::AccountId, BalanceOf<T>>, T::MaxValidators>,
		now: BlockNumberFor<T>,
	) {
		let mut info = match Epochs::<T>::get(network) {
			Some(info) => EpochInfo { current: info.current.saturating_add(1), ..info },
			None => EpochInfo::default(),
		};
		while info.kept() > T::MaxKeptEpochs::get() as u64 {
			ValidatorSets::<T>::remove(network, info.oldest);
			info.oldest = info.oldest.saturating_add(1);
		}
		let set = ValidatorSet { started_at: now, validators };
		let (set_root, count) = (set.root(), set.validators.len() as u32);
		ValidatorSets::<T>::insert(network, info.current, set);
		Epochs::<T>::insert(network, info);
		Self::deposit_event(Event::ValidatorSetUpdated {
			network,
			epoch: info.current,
			set_root,
			validators: count,
		});
	}

	/// Stop validating `network` (it left the registry): its settings and kept sets go; key
	/// records stay until their operators remove them. Returns how many sets were removed.
	pub(crate) fn end_validation(network: NetworkId) -> u32 {
		Validation::<T>::remove(network);
		let mut removed = 0u32;
		if let Some(info) = Epochs::<T>::take(network) {
			for epoch in info.oldest..=info.current {
				ValidatorSets::<T>::remove(network, epoch);
				removed = removed.saturating_add(1);
			}
		}
		log::debug!(target: LOG_TARGET, "network {network} left the registry: {removed} sets removed");
		Self::deposit_event(Event::ValidationEnded { network });
		removed
	}
}
