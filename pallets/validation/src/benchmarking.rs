//! Benchmarks of the validation pallet, each at its worst case: sr25519 signatures checked on
//! chain, committees of `MaxCommittee` drawn from sets of `MaxValidators`, disputes of
//! `MaxValidators` voters, every task put at the front of an agenda full but for it, and
//! attesters reported and non-voters jailed through the runtime's slashing pallet.

use super::*;
use crate::Pallet as Validation_;
use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{fungible::Mutate, EnsureOriginWithArg, Get},
	BoundedVec,
};
use frame_system::RawOrigin;
use pallet_ssp_keys::{EpochInfo, ValidationConfig, Validator, ValidatorSet};
use sp_core::{crypto::KeyTypeId, sr25519};
use sp_runtime::{traits::Saturating, MultiSignature, Perbill};
use ssp_primitives::{
	committee,
	keys::{self, KeyScheme, NetworkKey, Statement},
	NetworkBackers, NetworkId, NetworkRegistry,
};

/// A network registered for benchmarks, away from the ids genesis uses.
const NETWORK: NetworkId = 901;
/// The keystore's key type for the benchmarks' signing keys.
const KEY_TYPE: KeyTypeId = KeyTypeId(*b"sspv");
const EPOCH: u64 = 3;

fn now<T: Config>() -> BlockNumberFor<T> {
	frame_system::Pallet::<T>::block_number()
}

fn new_key() -> sr25519::Public {
	sp_io::crypto::sr25519_generate(KEY_TYPE, None)
}

fn sign<T: Config>(key: &sr25519::Public, statement: &Statement) -> MultiSignature {
	let message = keys::statement_message(&pallet_ssp_keys::Pallet::<T>::genesis_hash(), statement);
	sp_io::crypto::sr25519_sign(KEY_TYPE, key, &message)
		.expect("the key is in the keystore")
		.into()
}

fn params<T: Config>() -> ParamsOf<T> {
	let one: BlockNumberFor<T> = 1u32.into();
	CheckpointParams {
		committee_size: <T as Config>::MaxCommittee::get(),
		checkpoint_interval: T::MinCheckpointInterval::get(),
		attestation_window: one,
		challenge_window: one,
		dispute_window: one,
		challenger_bond: T::MinChallengerBond::get(),
		attester_slash: Perbill::from_percent(50),
		challenger_slash: Perbill::from_percent(50),
		no_show_threshold: 0,
	}
}

/// `NETWORK` registered and validated by the keys pallet, with a set of `MaxValidators`
/// validators of equal stake for epoch `EPOCH` whose keys are in the keystore (returned in set
/// order), and validated by checkpoints.
fn validated<T: Config>() -> Vec<(T::AccountId, sr25519::Public)> {
	<T as pallet_ssp_keys::Config>::Networks::register_for_benchmarks(NETWORK);
	pallet_ssp_keys::Validation::<T>::insert(
		NETWORK,
		ValidationConfig {
			scheme: KeyScheme::Sr25519,
			epoch_length: <T as pallet_ssp_keys::Config>::MinEpochLength::get(),
			max_validators: <T as pallet_ssp_keys::Config>::MaxValidators::get(),
		},
	);
	let validators: Vec<(T::AccountId, sr25519::Public)> = (0
		..<T as pallet_ssp_keys::Config>::MaxValidators::get())
		.map(|i| (account("validator", i, 0), new_key()))
		.collect();
	let set = validators
		.iter()
		.map(|(operator, key)| Validator {
			operator: operator.clone(),
			key: NetworkKey::Sr25519(*key),
			weight: 1_000u32.into(),
		})
		.collect::<Vec<_>>();
	pallet_ssp_keys::ValidatorSets::<T>::insert(
		NETWORK,
		EPOCH,
		ValidatorSet { started_at: now::<T>(), validators: BoundedVec::truncate_from(set) },
	);
	pallet_ssp_keys::Epochs::<T>::insert(NETWORK, EpochInfo { current: EPOCH, oldest: EPOCH });
	Params::<T>::insert(NETWORK, params::<T>());
	validators
}

/// The agenda full but for one task, of tasks due later than any the benchmark schedules: the
/// largest agenda to read and write, a task inserted at its front.
fn fill_agenda<T: Config>() {
	let later = now::<T>().saturating_add(1_000u32.into());
	let room = AgendaCapacity::<T>::get().saturating_sub(1) as usize;
	Agenda::<T>::mutate(|agenda| {
		while agenda.len() < room {
			if agenda.try_push((later, AgendaItem::Finalize(u32::MAX, 0))).is_err() {
				break;
			}
		}
	});
}

/// An open round of `NETWORK` whose committee is the first `MaxCommittee` validators.
fn an_open_round<T: Config>(validators: &[(T::AccountId, sr25519::Public)]) -> RoundOf<T> {
	let committee = validators
		.iter()
		.take(<T as Config>::MaxCommittee::get() as usize)
		.map(|(operator, key)| Member {
			operator: operator.clone(),
			key: NetworkKey::Sr25519(*key),
			weight: 1_000u32.into(),
		})
		.collect::<Vec<_>>();
	let round = Round {
		round: 0,
		level: 0,
		epoch: EPOCH,
		seed: [0; 32],
		opened_at: now::<T>(),
		closes_at: now::<T>().saturating_add(10u32.into()),
		pended: false,
		committee: BoundedVec::truncate_from(committee),
		attestations: BoundedVec::new(),
	};
	Rounds::<T>::insert(NETWORK, round.clone());
	round
}

/// Checkpoint 0 of `NETWORK` pending, attested by `attesters`, its task at `task_at`.
fn pending<T: Config>(attesters: Vec<T::AccountId>, task_at: BlockNumberFor<T>) {
	let p = params::<T>();
	let checkpoint = Checkpoint {
		claim: [1; 32],
		epoch: EPOCH,
		pending_at: now::<T>(),
		challenge_until: now::<T>().saturating_add(10u32.into()),
		status: CheckpointStatus::Pending,
		task_at,
		attesters: BoundedVec::truncate_from(
			attesters
				.into_iter()
				.map(|operator| Attester { operator, at: now::<T>() })
				.collect(),
		),
		terms: Terms {
			challenger_bond: p.challenger_bond,
			attester_slash: p.attester_slash,
			challenger_slash: p.challenger_slash,
			dispute_window: p.dispute_window,
		},
	};
	Checkpoints::<T>::insert(NETWORK, 0, checkpoint);
	OpenCheckpoints::<T>::insert(NETWORK, 1);
}

/// Checkpoint 0 of `NETWORK`, attested by one validator, challenged: its dispute of
/// `MaxValidators` voters, where all but the last `silent` voted valid (with `MaxValidators`
/// 100 and 17 silent, two thirds: the challenger forfeits part of its bond, burnt); returns the
/// block the dispute closes at, which is now.
fn disputed<T: Config>(silent: u32) -> BlockNumberFor<T> {
	let validators = validated::<T>();
	// Not whitelisted: the hook pays for the challenger's account like any other.
	let challenger: T::AccountId = account("challenger", 0, 0);
	let _ = <T as Config>::Currency::mint_into(
		&challenger,
		T::MinChallengerBond::get().saturating_mul(10u32.into()),
	);
	let at = Validation_::<T>::schedule(
		now::<T>().saturating_add(10u32.into()),
		AgendaItem::Finalize(NETWORK, 0),
	)
	.map_err(|_| "room")
	.unwrap();
	pending::<T>(validators.iter().take(1).map(|(op, _)| op.clone()).collect(), at);
	Validation_::<T>::do_challenge(challenger, NETWORK, 0)
		.map_err(|_| "challenge")
		.unwrap();
	let mut dispute = Disputes::<T>::get(NETWORK, 0).unwrap();
	let count = dispute.voters.len() as u32;
	let voting = count.saturating_sub(silent);
	for voter in dispute.voters.iter_mut().take(voting as usize) {
		voter.vote = Some(true);
	}
	let closes_at = dispute.closes_at;
	Disputes::<T>::insert(NETWORK, 0, dispute);
	frame_system::Pallet::<T>::set_block_number(closes_at);
	closes_at
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// A network's first configuration: the count read, its first round put on the agenda's
	/// last free block.
	#[benchmark]
	fn configure_checkpoints() {
		validated::<T>();
		Params::<T>::remove(NETWORK);
		fill_agenda::<T>();
		let origin = <T as pallet_ssp_keys::Config>::ManagerOrigin::try_successful_origin(&NETWORK)
			.map_err(|_| "no manager origin")
			.unwrap();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, NETWORK, params::<T>());

		assert!(Params::<T>::contains_key(NETWORK));
	}

	/// Stopping a network with an open round of `MaxCommittee` members.
	#[benchmark]
	fn stop_checkpoints() {
		let validators = validated::<T>();
		let round = an_open_round::<T>(&validators);
		fill_agenda::<T>();
		let at = Validation_::<T>::schedule(round.closes_at, AgendaItem::CloseRound(NETWORK, 0, 0))
			.map_err(|_| "room")
			.unwrap();
		RoundTaskAt::<T>::insert(NETWORK, at);
		let origin = <T as pallet_ssp_keys::Config>::ManagerOrigin::try_successful_origin(&NETWORK)
			.map_err(|_| "no manager origin")
			.unwrap();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, NETWORK);

		assert!(Rounds::<T>::get(NETWORK).is_none());
	}

	/// The attestation that makes the checkpoint pending: the last member of a committee of
	/// `MaxCommittee`, all others having attested (a third of them another claim), an sr25519
	/// signature checked, the finality put on the agenda's last free block.
	#[benchmark]
	fn attest() {
		let validators = validated::<T>();
		let mut round = an_open_round::<T>(&validators);
		let size = round.committee.len() as u32;
		for member in 0..size.saturating_sub(1) {
			let claim = if member < size / 3 { [2; 32] } else { [1; 32] };
			let _ = round.attestations.try_push(Attestation { member, claim, at: now::<T>() });
		}
		Rounds::<T>::insert(NETWORK, round.clone());
		fill_agenda::<T>();
		let (operator, key) = validators[size.saturating_sub(1) as usize].clone();
		let signature = sign::<T>(&key, &committee::attestation(NETWORK, EPOCH, 0, [1; 32]));

		#[extrinsic_call]
		_(RawOrigin::Signed(operator), NETWORK, 0, [1; 32], signature);

		assert!(Checkpoints::<T>::contains_key(NETWORK, 0));
	}

	/// A challenge: a set of `MaxValidators` voters copied, the bond held, the dispute's close
	/// put on the agenda's last free block.
	#[benchmark]
	fn challenge() {
		let validators = validated::<T>();
		let finalize_at = now::<T>().saturating_add(10u32.into());
		let at = Validation_::<T>::schedule(finalize_at, AgendaItem::Finalize(NETWORK, 0))
			.map_err(|_| "room")
			.unwrap();
		pending::<T>(validators.iter().map(|(op, _)| op.clone()).collect(), at);
		fill_agenda::<T>();
		let challenger: T::AccountId = whitelisted_caller();
		let _ = <T as Config>::Currency::mint_into(
			&challenger,
			T::MinChallengerBond::get().saturating_mul(10u32.into()),
		);

		#[extrinsic_call]
		_(RawOrigin::Signed(challenger), NETWORK, 0);

		assert!(Disputes::<T>::contains_key(NETWORK, 0));
	}

	/// A vote by the last of `MaxValidators` voters, an sr25519 signature checked.
	#[benchmark]
	fn vote() {
		let validators = validated::<T>();
		let challenger: T::AccountId = whitelisted_caller();
		let _ = <T as Config>::Currency::mint_into(
			&challenger,
			T::MinChallengerBond::get().saturating_mul(10u32.into()),
		);
		let at = Validation_::<T>::schedule(
			now::<T>().saturating_add(10u32.into()),
			AgendaItem::Finalize(NETWORK, 0),
		)
		.map_err(|_| "room")
		.unwrap();
		pending::<T>(Vec::new(), at);
		Validation_::<T>::do_challenge(challenger, NETWORK, 0)
			.map_err(|_| "challenge")
			.unwrap();
		// Open for a while, whatever block the call runs at.
		Disputes::<T>::mutate(NETWORK, 0, |d| {
			if let Some(d) = d {
				d.closes_at = d.closes_at.saturating_add(100u32.into());
			}
		});
		let (operator, key) = validators.last().cloned().unwrap();
		let signature = sign::<T>(&key, &committee::vote(NETWORK, EPOCH, 0, [1; 32], false));

		#[extrinsic_call]
		_(RawOrigin::Signed(operator.clone()), NETWORK, 0, false, signature);

		let dispute = Disputes::<T>::get(NETWORK, 0).unwrap();
		assert_eq!(dispute.voters.last().map(|v| v.vote), Some(Some(false)));
	}

	/// The hook with nothing due: the full agenda read.
	#[benchmark]
	fn on_initialize_idle() {
		fill_agenda::<T>();
		let next = now::<T>().saturating_add(1u32.into());

		#[block]
		{
			Validation_::<T>::run_agenda(next);
		}
	}

	/// Opening a round: a committee of `MaxCommittee` drawn from `MaxValidators`, its close put
	/// on the agenda's last free block.
	#[benchmark]
	fn open_round() {
		validated::<T>();
		let now = now::<T>();
		fill_agenda::<T>();

		#[block]
		{
			Validation_::<T>::open_round(NETWORK, now);
		}

		assert_eq!(
			Rounds::<T>::get(NETWORK).map(|r| r.committee.len() as u32),
			Some(<T as Config>::MaxCommittee::get())
		);
	}

	/// Closing a round no member attested in: `MaxCommittee` no-shows recorded, a committee of
	/// `MaxCommittee` drawn again from `MaxValidators`, its close put on the agenda's last free
	/// block.
	#[benchmark]
	fn close_round() {
		let validators = validated::<T>();
		let round = an_open_round::<T>(&validators);
		let now = round.closes_at;
		frame_system::Pallet::<T>::set_block_number(now);
		fill_agenda::<T>();

		#[block]
		{
			Validation_::<T>::close_round(NETWORK, 0, 0, now);
		}

		assert_eq!(Rounds::<T>::get(NETWORK).map(|r| r.level), Some(1));
	}

	/// A pending checkpoint made final.
	#[benchmark]
	fn finalize() {
		validated::<T>();
		pending::<T>(Vec::new(), now::<T>());
		let now = now::<T>();

		#[block]
		{
			Validation_::<T>::finalize(NETWORK, 0, now);
		}

		assert!(LatestFinal::<T>::contains_key(NETWORK));
	}

	/// Closing a dispute of `MaxValidators` voters, all but `MaxJailsPerTask + 1` voting valid:
	/// the tally, part of the bond burnt and the rest released, the first page of
	/// `MaxJailsPerTask` non-voters jailed through the runtime's `Offences`, more left: the next
	/// page put at the front of a full agenda.
	#[benchmark]
	fn close_dispute() {
		let now = disputed::<T>(<T as Config>::MaxJailsPerTask::get().saturating_add(1));
		fill_agenda::<T>();

		#[block]
		{
			Validation_::<T>::close_dispute(NETWORK, 0, now);
		}

		let dispute = Disputes::<T>::get(NETWORK, 0).unwrap();
		assert!(dispute.verdict.is_some());
	}

	/// A page of `MaxJailsPerTask` non-voters jailed, none left: the verdict (invalid) takes
	/// effect, the attesters' reports put on the agenda's last free block.
	#[benchmark]
	fn jail_non_voters() {
		let jails = <T as Config>::MaxJailsPerTask::get();
		let now = disputed::<T>(jails);
		Disputes::<T>::mutate(NETWORK, 0, |d| {
			if let Some(d) = d {
				d.verdict = Some(Verdict::Invalid);
			}
		});
		Checkpoints::<T>::mutate(NETWORK, 0, |c| {
			if let Some(c) = c {
				c.status = CheckpointStatus::Concluding;
			}
		});
		fill_agenda::<T>();

		#[block]
		{
			Validation_::<T>::jail_non_voters(NETWORK, 0, now);
		}

		assert!(!Disputes::<T>::contains_key(NETWORK, 0));
		assert!(matches!(
			Checkpoints::<T>::get(NETWORK, 0).map(|c| c.status),
			Some(CheckpointStatus::Slashing { .. })
		));
	}

	/// Reporting `MaxSlashesPerTask` attesters through the runtime's slashing pallet (each with
	/// stake allocated), more left: the task put on the agenda's last free block.
	#[benchmark]
	fn slash_attesters() {
		<T as pallet_ssp_keys::Config>::Networks::register_for_benchmarks(NETWORK);
		let count = T::MaxSlashesPerTask::get().saturating_add(1);
		<T as pallet_ssp_keys::Config>::Restaking::back_network_for_benchmarks(NETWORK, count);
		let operators: Vec<T::AccountId> =
			<T as pallet_ssp_keys::Config>::Restaking::network_backers(NETWORK)
				.into_iter()
				.map(|(op, _)| op)
				.collect();
		let now = now::<T>();
		pending::<T>(operators, now);
		Checkpoints::<T>::mutate(NETWORK, 0, |c| {
			if let Some(c) = c {
				c.status = CheckpointStatus::Slashing { challenger: whitelisted_caller() };
			}
		});
		fill_agenda::<T>();

		#[block]
		{
			Validation_::<T>::slash_attesters(NETWORK, 0, now);
		}

		assert_eq!(Checkpoints::<T>::get(NETWORK, 0).map(|c| c.attesters.len()), Some(1));
	}

	impl_benchmark_test_suite!(Validation_, crate::mock::ExtBuilder::build(), crate::mock::Test);
}
