//! The calls' logic: a network's validation settings, key records (registration with a proof of
//! possession, delayed rotation, removal), equivocation reports, and `try_state`.

use crate::*;
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{fungible::MutateHold, tokens::Precision},
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{traits::Saturating, MultiSignature};
use ssp_primitives::{
	keys::{self, EquivocationProof, KeyScheme, NetworkKey, NotAnEquivocation},
	NetworkId, NetworkRegistry, ProvenOffences, RestakingSlash, SlashWindows,
};

impl<T: Config> Pallet<T> {
	pub(crate) fn now() -> BlockNumberFor<T> {
		frame_system::Pallet::<T>::block_number()
	}

	/// The parent chain's genesis hash, which every signed message names (a signature for
	/// another chain does not verify here). For a 32-byte `Hash`, its bytes.
	pub fn genesis_hash() -> [u8; 32] {
		let hash = frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero());
		let mut out = [0u8; 32];
		let bytes = hash.as_ref();
		let len = bytes.len().min(32);
		out[..len].copy_from_slice(&bytes[..len]);
		out
	}

	/// The longest epoch a network may choose: half the reporting window.
	pub fn max_epoch_length() -> BlockNumberFor<T> {
		T::Restaking::reporting_window() / 2u32.into()
	}

	pub(crate) fn do_configure(
		network: NetworkId,
		config: ValidationConfig<BlockNumberFor<T>>,
		first_at: BlockNumberFor<T>,
	) -> DispatchResult {
		ensure!(T::Networks::is_registered(network), Error::<T>::UnknownNetwork);
		ensure!(
			config.epoch_length >= T::MinEpochLength::get()
				&& config.epoch_length <= Self::max_epoch_length(),
			Error::<T>::BadEpochLength
		);
		ensure!(
			config.max_validators >= 1 && config.max_validators <= T::MaxValidators::get(),
			Error::<T>::BadMaxValidators
		);
		match Validation::<T>::get(network) {
			Some(old) => ensure!(
				old.scheme == config.scheme || KeyCount::<T>::get(network) == 0,
				Error::<T>::SchemeLocked
			),
			None => Schedule::<T>::try_append(Scheduled { network, due: first_at })
				.map_err(|_| Error::<T>::TooManyNetworks)?,
		}
		Validation::<T>::insert(network, config);
		Self::deposit_event(Event::ValidationConfigured { network, config });
		Ok(())
	}

	/// Checks that `key` may become `operator`'s key for `network`: of the network's scheme,
	/// held by no other record of the network, and `proof` its signature of the possession
	/// message.
	fn check_new_key(
		operator: &T::AccountId,
		network: NetworkId,
		key: &NetworkKey,
		proof: &MultiSignature,
	) -> DispatchResult {
		let scheme = Self::scheme_of(network).ok_or(Error::<T>::NotValidated)?;
		ensure!(KeyScheme::of(key) == scheme, Error::<T>::WrongScheme);
		ensure!(!KeyOwners::<T>::contains_key(network, key), Error::<T>::KeyInUse);
		let message = keys::possession_message(&Self::genesis_hash(), network, operator);
		ensure!(keys::verify(key, &message, proof), Error::<T>::BadProof);
		Ok(())
	}

	pub(crate) fn do_register(
		who: T::AccountId,
		network: NetworkId,
		key: NetworkKey,
		proof: MultiSignature,
	) -> DispatchResult {
		ensure!(Validation::<T>::contains_key(network), Error::<T>::NotValidated);
		ensure!(T::Restaking::is_opted_in(&who, network), Error::<T>::NotOptedIn);
		ensure!(!Keys::<T>::contains_key(network, &who), Error::<T>::AlreadyRegistered);
		Self::check_new_key(&who, network, &key, &proof)?;
		Self::insert_key(network, who, key)
	}

	/// Hold the deposit and store `key` as `operator`'s key for `network` (the checks are the
	/// caller's).
	pub(crate) fn insert_key(
		network: NetworkId,
		operator: T::AccountId,
		key: NetworkKey,
	) -> DispatchResult {
		let deposit = T::KeyDeposit::get();
		T::Currency::hold(&HoldReason::KeyDeposit.into(), &operator, deposit)?;
		Keys::<T>::insert(network, &operator, KeyRecord { key, next: None, deposit });
		KeyOwners::<T>::insert(network, key, &operator);
		KeyCount::<T>::mutate(network, |n| *n = n.saturating_add(1));
		Self::deposit_event(Event::KeyRegistered { network, operator, key });
		Ok(())
	}

	pub(crate) fn do_rotate(
		who: T::AccountId,
		network: NetworkId,
		key: NetworkKey,
		proof: MultiSignature,
	) -> DispatchResult {
		let mut record = Keys::<T>::get(network, &who).ok_or(Error::<T>::NoKey)?;
		Self::check_new_key(&who, network, &key, &proof)?;
		let now = Self::now();
		// A rotation already in effect becomes the current key; one not yet in effect is
		// replaced (its key is free again).
		if let Some(old) = record.settle(now) {
			KeyOwners::<T>::remove(network, old);
		}
		if let Some((pending, _)) = record.next.take() {
			KeyOwners::<T>::remove(network, pending);
		}
		let from = now.saturating_add(T::RotationDelay::get());
		record.next = Some((key, from));
		Keys::<T>::insert(network, &who, record);
		KeyOwners::<T>::insert(network, key, &who);
		Self::deposit_event(Event::KeyRotated { network, operator: who, key, from });
		Ok(())
	}

	pub(crate) fn do_remove(who: T::AccountId, network: NetworkId) -> DispatchResult {
		let record = Keys::<T>::take(network, &who).ok_or(Error::<T>::NoKey)?;
		KeyOwners::<T>::remove(network, record.key);
		if let Some((next, _)) = record.next {
			KeyOwners::<T>::remove(network, next);
		}
		KeyCount::<T>::mutate(network, |n| *n = n.saturating_sub(1));
		T::Currency::release(
			&HoldReason::KeyDeposit.into(),
			&who,
			record.deposit,
			Precision::BestEffort,
		)?;
		Self::deposit_event(Event::KeyRemoved { network, operator: who });
		Ok(())
	}

	pub(crate) fn do_report_equivocation(
		reporter: T::AccountId,
		network: NetworkId,
		proof: EquivocationProof,
	) -> DispatchResult {
		ensure!(Validation::<T>::contains_key(network), Error::<T>::NotValidated);
		ensure!(
			proof.first.network == network && proof.second.network == network,
			Error::<T>::WrongNetwork
		);
		let epoch = proof.first.epoch;
		let info = Epochs::<T>::get(network).ok_or(Error::<T>::UnknownEpoch)?;
		ensure!(epoch <= info.current, Error::<T>::UnknownEpoch);
		ensure!(epoch >= info.oldest, Error::<T>::ProofExpired);
		let set = ValidatorSets::<T>::get(network, epoch).ok_or(Error::<T>::ProofExpired)?;
		ensure!(
			Self::now().saturating_sub(set.started_at) <= T::Restaking::reporting_window(),
			Error::<T>::ProofExpired
		);
		let operator = set.operator_of(&proof.key).cloned().ok_or(Error::<T>::UnknownKey)?;
		proof.check(&Self::genesis_hash()).map_err(|e| match e {
			NotAnEquivocation::DifferentRounds => Error::<T>::DifferentRounds,
			NotAnEquivocation::SamePayload => Error::<T>::SamePayload,
			NotAnEquivocation::BadSignature => Error::<T>::BadSignature,
		})?;
		T::Offences::report_proven(
			reporter.clone(),
			network,
			operator.clone(),
			// Capped at the network's maximum slash per offence.
			sp_runtime::Perbill::one(),
			set.started_at,
			proof.evidence(),
		)?;
		Self::deposit_event(Event::EquivocationReported {
			network,
			operator,
			key: proof.key,
			epoch,
			round: proof.first.round,
			reporter,
		});
		Ok(())
	}

	/// The invariants of the pallet's storage:
	///
	/// - every key record's current and next key is owned by it in `KeyOwners`, and nothing
	///   else is there; `KeyCount` counts each network's records; each account's held deposit
	///   is the sum of its records' deposits;
	/// - the schedule holds every validated network once, and nothing else; a set being taken
	///   is of a validated network, ordered by stake;
	/// - each validated network with sets keeps exactly the sets of `oldest..=current`, at most
	///   `MaxKeptEpochs` of them, each of validators with distinct keys, the most stake first,
	///   none without stake.
	#[cfg(any(feature = "std", feature = "try-runtime", feature = "runtime-benchmarks"))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::{btree_map::BTreeMap, btree_set::BTreeSet};
		use frame_support::traits::fungible::InspectHold;

		let mut owners = 0usize;
		let mut counts: BTreeMap<NetworkId, u32> = BTreeMap::new();
		let mut deposits: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		for (network, operator, record) in Keys::<T>::iter() {
			let keys = core::iter::once(record.key).chain(record.next.map(|(k, _)| k));
			for key in keys {
				ensure!(
					KeyOwners::<T>::get(network, key).as_ref() == Some(&operator),
					"a record's key is not owned by its operator"
				);
				owners += 1;
			}
			*counts.entry(network).or_default() += 1;
			let held = deposits.entry(operator).or_default();
			*held = held.saturating_add(record.deposit);
		}
		ensure!(KeyOwners::<T>::iter().count() == owners, "KeyOwners holds keys of no record");
		ensure!(
			KeyCount::<T>::iter().all(|(n, c)| counts.get(&n).copied().unwrap_or(0) == c)
				&& counts.iter().all(|(n, c)| KeyCount::<T>::get(n) == *c),
			"KeyCount differs from the records"
		);
		for (who, deposit) in deposits {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::KeyDeposit.into(), &who) == deposit,
				"an operator's held deposit differs from its records'"
			);
		}

		let schedule = Schedule::<T>::get();
		let scheduled: BTreeSet<NetworkId> = schedule.iter().map(|s| s.network).collect();
		ensure!(scheduled.len() == schedule.len(), "a network is scheduled twice");
		let validated: BTreeSet<NetworkId> = Validation::<T>::iter_keys().collect();
		ensure!(scheduled == validated, "the schedule differs from the validated networks");

		if let Some(build) = Building::<T>::get() {
			ensure!(Validation::<T>::contains_key(build.network), "a set taken of no network");
			ensure!(
				build.validators.windows(2).all(|w| w[0].weight >= w[1].weight),
				"a set being taken is not ordered by stake"
			);
		}

		let mut sets = 0usize;
		for (network, info) in Epochs::<T>::iter() {
			ensure!(Validation::<T>::contains_key(network), "epochs of an unvalidated network");
			ensure!(info.oldest <= info.current, "oldest epoch after current");
			ensure!(info.kept() <= T::MaxKeptEpochs::get() as u64, "more sets kept than allowed");
			for epoch in info.oldest..=info.current {
				let set = ValidatorSets::<T>::get(network, epoch).ok_or("a kept set is missing")?;
				let distinct: BTreeSet<_> = set.validators.iter().map(|v| v.key).collect();
				ensure!(distinct.len() == set.validators.len(), "a set names a key twice");
				ensure!(
					set.validators.windows(2).all(|w| w[0].weight >= w[1].weight),
					"a set is not ordered by stake"
				);
				ensure!(
					set.validators.iter().all(|v| !v.weight.is_zero()),
					"a validator without stake"
				);
				sets += 1;
			}
		}
		ensure!(ValidatorSets::<T>::iter_keys().count() == sets, "a set outside the kept epochs");
		Ok(())
	}
}

/// Views for the runtime API.
impl<T: Config> Pallet<T> {
	/// `network`'s set of `epoch` (its latest with `None`), if kept.
	pub fn validator_set(
		network: NetworkId,
		epoch: Option<EpochIndex>,
	) -> Option<ValidatorSetView<T::AccountId, BalanceOf<T>, BlockNumberFor<T>>> {
		let epoch = match epoch {
			Some(epoch) => epoch,
			None => Epochs::<T>::get(network)?.current,
		};
		let set = ValidatorSets::<T>::get(network, epoch)?;
		Some(ValidatorSetView {
			network,
			epoch,
			started_at: set.started_at,
			set_root: set.root(),
			validators: set.validators.into_inner(),
		})
	}

	/// How `network` is validated, if it is.
	pub fn validation(network: NetworkId) -> Option<ValidationView<BlockNumberFor<T>>> {
		let config = Validation::<T>::get(network)?;
		let epochs = Epochs::<T>::get(network);
		Some(ValidationView {
			config,
			current_epoch: epochs.map(|e| e.current),
			oldest_epoch: epochs.map(|e| e.oldest),
			next_set_at: Schedule::<T>::get().iter().find(|s| s.network == network).map(|s| s.due),
		})
	}

	/// `operator`'s key record for `network`, if any.
	pub fn operator_key(network: NetworkId, operator: &T::AccountId) -> Option<KeyRecordOf<T>> {
		Keys::<T>::get(network, operator)
	}
}
