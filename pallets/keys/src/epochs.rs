//! The hook: each validated network's validator set, taken once per epoch, and the end of
//! validation of a network that left the registry.

use crate::*;
use frame_support::{pallet_prelude::*, weights::Weight};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::traits::Saturating;
use ssp_primitives::{NetworkBackers, NetworkId, NetworkRegistry, OperatorJail};

impl<T: Config> Pallet<T> {
	/// Take the sets due at `now`, at most `MaxSnapshotsPerBlock` (the rest wait for the next
	/// block); returns the weight used.
	pub(crate) fn take_due_snapshots(now: BlockNumberFor<T>) -> Weight {
		let mut weight = T::WeightInfo::on_initialize_idle();
		let mut schedule = Schedule::<T>::get();
		let mut taken = 0u32;
		let mut i = 0usize;
		while taken < T::MaxSnapshotsPerBlock::get() {
			let Some(entry) = schedule.get(i).copied() else { break };
			if entry.due > now {
				i = i.saturating_add(1);
				continue;
			}
			taken = taken.saturating_add(1);
			match Validation::<T>::get(entry.network) {
				Some(config) if T::Networks::is_registered(entry.network) => {
					let backers = Self::take_snapshot(entry.network, config, now);
					weight.saturating_accrue(T::WeightInfo::take_snapshot(backers));
					if let Some(e) = schedule.get_mut(i) {
						e.due = now.saturating_add(config.epoch_length);
					}
					i = i.saturating_add(1);
				},
				_ => {
					let removed = Self::end_validation(entry.network);
					weight.saturating_accrue(T::WeightInfo::end_validation(removed));
					schedule.remove(i);
				},
			}
		}
		if taken > 0 {
			Schedule::<T>::put(schedule);
		}
		weight
	}

	/// The validator set of `network` now: up to `max_validators` operators with a key, not
	/// jailed there, with stake allocated there, the most stake first, each with its key in
	/// effect now. Stored as the network's next epoch; the oldest kept set goes when more than
	/// `MaxKeptEpochs` would be kept. Returns how many backers were looked at.
	pub(crate) fn take_snapshot(
		network: NetworkId,
		config: ValidationConfig<BlockNumberFor<T>>,
		now: BlockNumberFor<T>,
	) -> u32 {
		let backers = T::Restaking::network_backers(network);
		let looked_at = backers.len() as u32;
		let mut validators = BoundedVec::<_, T::MaxValidators>::new();
		for (operator, weight) in backers {
			if validators.len() >= config.max_validators as usize {
				break;
			}
			if weight.is_zero() || T::Jail::is_jailed(&operator, network) {
				continue;
			}
			let Some(record) = Keys::<T>::get(network, &operator) else { continue };
			let validator = Validator { operator, key: record.key_at(now), weight };
			if validators.try_push(validator).is_err() {
				break;
			}
		}

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
		looked_at
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
