//! Benchmarks of the keys pallet, each at its worst case: sr25519 signatures checked on chain,
//! the schedule full, sets of `MaxValidators` validators, the snapshot looking at every backer
//! of a network and evicting the oldest kept set, and an equivocation reported through the
//! runtime's slashing pallet.

use super::*;
use crate::Pallet as Keys_;
use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{fungible::Mutate, EnsureOriginWithArg, Get},
	BoundedVec,
};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use sp_core::{crypto::KeyTypeId, sr25519};
use sp_runtime::{traits::Saturating, MultiSignature};
use ssp_primitives::{
	keys::{self, EquivocationProof, KeyScheme, NetworkKey, Statement},
	NetworkBackers, NetworkId, NetworkRegistry,
};

/// A network registered for benchmarks, away from the ids genesis uses.
const NETWORK: NetworkId = 900;
/// The keystore's key type for the benchmarks' signing keys.
const KEY_TYPE: KeyTypeId = KeyTypeId(*b"sspk");

/// A new sr25519 key in the keystore (the worst-case scheme to verify).
fn new_key() -> sr25519::Public {
	sp_io::crypto::sr25519_generate(KEY_TYPE, None)
}

fn sign(key: &sr25519::Public, message: &[u8]) -> MultiSignature {
	sp_io::crypto::sr25519_sign(KEY_TYPE, key, message)
		.expect("the key is in the keystore")
		.into()
}

fn possession<T: Config>(key: &sr25519::Public, operator: &T::AccountId) -> MultiSignature {
	sign(key, &keys::possession_message(&Keys_::<T>::genesis_hash(), NETWORK, operator))
}

fn validation<T: Config>() -> ValidationConfig<BlockNumberFor<T>> {
	ValidationConfig {
		scheme: KeyScheme::Sr25519,
		epoch_length: T::MinEpochLength::get(),
		max_validators: T::MaxValidators::get(),
	}
}

/// Register `NETWORK`, back it with `operators` operators and validate it; returns the
/// operators, each funded for a key deposit.
fn validated<T: Config>(operators: u32) -> Vec<T::AccountId> {
	T::Networks::register_for_benchmarks(NETWORK);
	T::Restaking::back_network_for_benchmarks(NETWORK, operators);
	Validation::<T>::insert(NETWORK, validation::<T>());
	Schedule::<T>::mutate(|s| {
		if !s.iter().any(|e| e.network == NETWORK) {
			let _ = s.try_push(Scheduled { network: NETWORK, due: 0u32.into() });
		}
	});
	let ops: Vec<T::AccountId> =
		T::Restaking::network_backers(NETWORK).into_iter().map(|(op, _)| op).collect();
	for op in &ops {
		fund::<T>(op);
	}
	ops
}

fn fund<T: Config>(who: &T::AccountId) {
	let amount = T::KeyDeposit::get().saturating_mul(100u32.into());
	let _ = T::Currency::mint_into(who, amount);
}

/// Fill the schedule with networks not due (ids from 10_000) until `room` entries are left.
fn fill_schedule<T: Config>(room: u32) {
	let due = frame_system::Pallet::<T>::block_number().saturating_add(1_000u32.into());
	Schedule::<T>::mutate(|s| {
		let mut id = 10_000;
		while (s.len() as u32) < T::MaxValidatedNetworks::get().saturating_sub(room) {
			let _ = s.try_push(Scheduled { network: id, due });
			id += 1;
		}
	});
}

/// A set of `MaxValidators` validators for `NETWORK`, `last` (with `key`) the last of them.
fn full_set<T: Config>(
	last: (T::AccountId, NetworkKey),
	started_at: BlockNumberFor<T>,
) -> ValidatorSetOf<T> {
	let max = T::MaxValidators::get();
	let mut validators: Vec<_> = (1..max)
		.map(|i| Validator {
			operator: account("validator", i, 0),
			key: NetworkKey::Sr25519(sr25519::Public::from_raw([i as u8; 32])),
			weight: 2u32.into(),
		})
		.collect();
	validators.push(Validator { operator: last.0, key: last.1, weight: 1u32.into() });
	ValidatorSet { started_at, validators: BoundedVec::truncate_from(validators) }
}

/// `count` sets of `NETWORK` of `MaxValidators` validators kept, the latest `current`.
fn kept_sets<T: Config>(current: u64, count: u32, started_at: BlockNumberFor<T>) {
	let oldest = current.saturating_sub(count.saturating_sub(1) as u64);
	let filler: T::AccountId = account("validator", 0, 0);
	let key = NetworkKey::Sr25519(sr25519::Public::from_raw([0; 32]));
	for epoch in oldest..=current {
		ValidatorSets::<T>::insert(
			NETWORK,
			epoch,
			full_set::<T>((filler.clone(), key), started_at),
		);
	}
	Epochs::<T>::insert(NETWORK, EpochInfo { current, oldest });
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// A network validated for the first time: its entry appended to a schedule one short of
	/// full.
	#[benchmark]
	fn configure_validation() {
		T::Networks::register_for_benchmarks(NETWORK);
		fill_schedule::<T>(1);
		let origin = T::ManagerOrigin::try_successful_origin(&NETWORK)
			.map_err(|_| BenchmarkError::Weightless)
			.unwrap();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, NETWORK, validation::<T>());

		assert_eq!(Validation::<T>::get(NETWORK), Some(validation::<T>()));
	}

	/// A key registered: one sr25519 proof of possession checked.
	#[benchmark]
	fn register_key() {
		let op = validated::<T>(1).remove(0);
		let key = new_key();
		let proof = possession::<T>(&key, &op);

		#[extrinsic_call]
		_(RawOrigin::Signed(op.clone()), NETWORK, NetworkKey::Sr25519(key), proof);

		assert_eq!(KeyOwners::<T>::get(NETWORK, NetworkKey::Sr25519(key)), Some(op));
	}

	/// A key rotated while a rotation is in effect: the old key freed, the new one checked.
	#[benchmark]
	fn rotate_key() {
		let op = validated::<T>(1).remove(0);
		let (first, second, third) = (new_key(), new_key(), new_key());
		Keys_::<T>::insert_key(NETWORK, op.clone(), NetworkKey::Sr25519(first)).unwrap();
		let now = frame_system::Pallet::<T>::block_number();
		Keys::<T>::mutate(NETWORK, &op, |r| {
			if let Some(r) = r {
				r.next = Some((NetworkKey::Sr25519(second), now));
			}
		});
		KeyOwners::<T>::insert(NETWORK, NetworkKey::Sr25519(second), &op);
		let proof = possession::<T>(&third, &op);

		#[extrinsic_call]
		_(RawOrigin::Signed(op.clone()), NETWORK, NetworkKey::Sr25519(third), proof);

		assert_eq!(KeyOwners::<T>::get(NETWORK, NetworkKey::Sr25519(first)), None);
	}

	/// A record with a rotation pending removed: both keys freed, the deposit released.
	#[benchmark]
	fn remove_key() {
		let op = validated::<T>(1).remove(0);
		let (first, second) = (new_key(), new_key());
		Keys_::<T>::insert_key(NETWORK, op.clone(), NetworkKey::Sr25519(first)).unwrap();
		let now = frame_system::Pallet::<T>::block_number();
		Keys::<T>::mutate(NETWORK, &op, |r| {
			if let Some(r) = r {
				r.next = Some((NetworkKey::Sr25519(second), now.saturating_add(1_000u32.into())));
			}
		});
		KeyOwners::<T>::insert(NETWORK, NetworkKey::Sr25519(second), &op);

		#[extrinsic_call]
		_(RawOrigin::Signed(op.clone()), NETWORK);

		assert!(Keys::<T>::get(NETWORK, &op).is_none());
	}

	/// An equivocation proven: the key found last in a set of `MaxValidators`, two sr25519
	/// signatures checked, and the slash reported through the runtime's `Offences`.
	#[benchmark]
	fn report_equivocation() {
		let op = validated::<T>(1).remove(0);
		let key = new_key();
		let now = frame_system::Pallet::<T>::block_number();
		kept_sets::<T>(5, T::MaxKeptEpochs::get(), now);
		ValidatorSets::<T>::insert(
			NETWORK,
			5,
			full_set::<T>((op.clone(), NetworkKey::Sr25519(key)), now),
		);
		let statement = |payload| Statement { network: NETWORK, epoch: 5, round: 1, payload };
		let genesis = Keys_::<T>::genesis_hash();
		let (first, second) = (statement([1; 32]), statement([2; 32]));
		let proof = EquivocationProof {
			key: NetworkKey::Sr25519(key),
			first_signature: sign(&key, &keys::statement_message(&genesis, &first)),
			first,
			second_signature: sign(&key, &keys::statement_message(&genesis, &second)),
			second,
		};
		let reporter: T::AccountId = whitelisted_caller();

		#[extrinsic_call]
		_(RawOrigin::Signed(reporter), NETWORK, alloc::boxed::Box::new(proof));

		frame_system::Pallet::<T>::assert_last_event(
			Event::<T>::EquivocationReported {
				network: NETWORK,
				operator: op,
				key: NetworkKey::Sr25519(key),
				epoch: 5,
				round: 1,
				reporter: whitelisted_caller(),
			}
			.into(),
		);
	}

	/// The hook with nothing due: the full schedule read.
	#[benchmark]
	fn on_initialize_idle() {
		fill_schedule::<T>(0);
		let now = frame_system::Pallet::<T>::block_number();

		#[block]
		{
			Keys_::<T>::take_due_snapshots(now);
		}
	}

	/// The last page of a set: `o` backers looked at, all with keys, each one inserted in a set
	/// of `MaxValidators - 1` lighter ones found before (the last dropped when full), then the
	/// set taken, evicting the oldest of `MaxKeptEpochs` kept sets.
	#[benchmark]
	fn snapshot_page(o: Linear<1, { T::MaxSnapshotBackersPerBlock::get() }>) {
		let ops = validated::<T>(o);
		for (i, op) in ops.iter().enumerate() {
			let key = NetworkKey::Sr25519(sr25519::Public::from_raw(sp_io::hashing::blake2_256(
				&(i as u32).to_le_bytes(),
			)));
			Keys_::<T>::insert_key(NETWORK, op.clone(), key).unwrap();
		}
		let now = frame_system::Pallet::<T>::block_number();
		let max_kept = T::MaxKeptEpochs::get();
		kept_sets::<T>(max_kept as u64, max_kept, now);
		let mut found = full_set::<T>(
			(account("validator", 0, 0), NetworkKey::Sr25519(sr25519::Public::from_raw([0; 32]))),
			now,
		)
		.validators;
		found.pop();
		for v in found.iter_mut() {
			v.weight = 1u32.into();
		}
		Building::<T>::put(SnapshotBuild {
			network: NETWORK,
			began_at: now,
			after: None,
			validators: found,
		});
		let visited;

		#[block]
		{
			let build = Building::<T>::get().unwrap();
			visited = Keys_::<T>::build_page(build, o, now);
		}

		assert_eq!(visited, o);
		assert!(Building::<T>::get().is_none());
		let info = Epochs::<T>::get(NETWORK).unwrap();
		assert_eq!(info.kept(), max_kept as u64);
	}

	/// A network that left the registry: its settings and `e` kept sets removed.
	#[benchmark]
	fn end_validation(e: Linear<1, { T::MaxKeptEpochs::get() }>) {
		Validation::<T>::insert(NETWORK, validation::<T>());
		kept_sets::<T>(e as u64, e, 0u32.into());
		let removed;

		#[block]
		{
			removed = Keys_::<T>::end_validation(NETWORK);
		}

		assert_eq!(removed, e);
		assert!(Validation::<T>::get(NETWORK).is_none());
	}

	impl_benchmark_test_suite!(Keys_, crate::mock::ExtBuilder::build(), crate::mock::Test);
}
