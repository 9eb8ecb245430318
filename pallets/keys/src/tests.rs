//! Tests: keys, validator sets and proven equivocations, over real staking, restaking, leasing
//! and slashing.

use crate::{
	mock::*, Building, Epochs, Error, Event, KeyCount, KeyOwners, KeyRecord, Keys, Schedule,
	Scheduled, Validation, ValidationConfig, Validator, ValidatorSets,
};
use frame_support::{
	assert_noop, assert_ok,
	traits::{fungible::InspectHold, Hooks},
};
use sp_runtime::{DispatchError, Perbill};
use ssp_primitives::keys::{EquivocationProof, KeyScheme, NetworkKey, Statement};

const HOLD: RuntimeHoldReason = RuntimeHoldReason::SspKeys(crate::HoldReason::KeyDeposit);

fn held(who: AccountId) -> Balance {
	Balances::balance_on_hold(&HOLD, &who)
}

fn validate(network: u32, scheme: KeyScheme) {
	assert_ok!(SspKeys::configure_validation(
		RuntimeOrigin::signed(MANAGER),
		network,
		config(scheme)
	));
}

fn register(network: u32, operator: AccountId, signer: &Signer) {
	assert_ok!(SspKeys::register_key(
		RuntimeOrigin::signed(operator),
		network,
		signer.key(),
		signer.possession(network, operator)
	));
}

/// Network A validated with sr25519 keys for OP, OP2 and OP3 (in block 1); its first set is
/// taken in block 2.
fn validated_with_keys() -> [Signer; 3] {
	validate(NET, KeyScheme::Sr25519);
	let signers = [Signer::sr("op"), Signer::sr("op2"), Signer::sr("op3")];
	for (operator, signer) in [OP, OP2, OP3].into_iter().zip(&signers) {
		register(NET, operator, signer);
	}
	signers
}

fn set(network: u32, epoch: u64) -> Vec<(AccountId, NetworkKey, Balance)> {
	ValidatorSets::<Test>::get(network, epoch)
		.expect("a kept set")
		.validators
		.into_iter()
		.map(|v| (v.operator, v.key, v.weight))
		.collect()
}

fn statement(epoch: u64, round: u64, payload: u8) -> Statement {
	Statement { network: NET, epoch, round, payload: [payload; 32] }
}

/// `signer`'s two statements for one round of `epoch`, with different payloads.
fn equivocation(signer: &Signer, epoch: u64) -> EquivocationProof {
	let (first, second) = (statement(epoch, 7, 1), statement(epoch, 7, 2));
	EquivocationProof {
		key: signer.key(),
		first_signature: signer.statement(&first),
		first,
		second_signature: signer.statement(&second),
		second,
	}
}

fn report(proof: EquivocationProof) -> sp_runtime::DispatchResult {
	SspKeys::report_equivocation(RuntimeOrigin::signed(OTHER), NET, Box::new(proof))
}

#[test]
fn a_validated_network_gets_its_set_each_epoch_ordered_by_stake() {
	ExtBuilder::build_and_execute(|| {
		let [op, op2, op3] = validated_with_keys();
		assert_eq!(Schedule::<Test>::get().to_vec(), vec![Scheduled { network: NET, due: 2 }]);
		run_to_block(2);
		let expected = vec![(OP, op.key(), 1_000), (OP2, op2.key(), 300), (OP3, op3.key(), 200)];
		assert_eq!(set(NET, 0), expected);
		let stored = ValidatorSets::<Test>::get(NET, 0).unwrap();
		assert_eq!(stored.started_at, 2);
		let root = sp_io::hashing::blake2_256(&codec::Encode::encode(&stored.validators));
		assert_eq!(
			events(),
			vec![Event::ValidatorSetUpdated {
				network: NET,
				epoch: 0,
				set_root: root,
				validators: 3
			}]
		);
		// The next set is taken one epoch later, not before.
		run_to_block(1 + EPOCH);
		assert_eq!(Epochs::<Test>::get(NET).unwrap().current, 0);
		run_to_block(2 + EPOCH);
		assert_eq!(Epochs::<Test>::get(NET).unwrap().current, 1);
		assert_eq!(ValidatorSets::<Test>::get(NET, 1).unwrap().started_at, 2 + EPOCH);
		assert_eq!(set(NET, 1), expected);
	});
}

#[test]
fn a_set_holds_only_operators_with_a_key_stake_and_no_jail_up_to_max_validators() {
	ExtBuilder::build_and_execute(|| {
		validate(NET, KeyScheme::Sr25519);
		let (op, op3) = (Signer::sr("op"), Signer::sr("op3"));
		register(NET, OP, &op);
		register(NET, OP3, &op3);
		// OP2 has stake on A but no key: not in the set.
		run_to_block(2);
		assert_eq!(set(NET, 0), vec![(OP, op.key(), 1_000), (OP3, op3.key(), 200)]);

		// A jailed operator is left out.
		pallet_ssp_slashing::Jailed::<Test>::insert(NET, OP, 2);
		// At most `max_validators`, the most stake first.
		assert_ok!(SspKeys::configure_validation(
			RuntimeOrigin::signed(MANAGER),
			NET,
			ValidationConfig { max_validators: 1, ..config(KeyScheme::Sr25519) }
		));
		run_to_block(2 + EPOCH);
		assert_eq!(set(NET, 1), vec![(OP3, op3.key(), 200)]);
		pallet_ssp_slashing::Jailed::<Test>::remove(NET, OP);
		run_to_block(2 + 2 * EPOCH);
		assert_eq!(set(NET, 2), vec![(OP, op.key(), 1_000)]);
	});
}

#[test]
fn only_the_latest_max_kept_epochs_sets_are_kept() {
	ExtBuilder::build_and_execute(|| {
		validated_with_keys();
		// MaxKeptEpochs is 6: epochs 0..=7 taken, 2..=7 kept.
		run_to_block(2 + 7 * EPOCH);
		let info = Epochs::<Test>::get(NET).unwrap();
		assert_eq!((info.oldest, info.current), (2, 7));
		assert!(ValidatorSets::<Test>::get(NET, 1).is_none());
		assert!(ValidatorSets::<Test>::get(NET, 2).is_some());
	});
}

#[test]
fn a_set_is_taken_a_page_of_backers_a_block_and_due_sets_wait_their_turn() {
	ExtBuilder::build_and_execute(|| {
		MaxSnapshotBackersPerBlock::set(2);
		let [op, op2, op3] = validated_with_keys();
		validate(1, KeyScheme::Sr25519);
		// Block 2: two of A's three backers looked at; nothing taken yet.
		run_to_block(2);
		assert!(Epochs::<Test>::get(NET).is_none());
		let build = Building::<Test>::get().expect("A's set is being taken");
		assert_eq!((build.network, build.began_at), (NET, 2));
		// Block 3: the last backer, A's set taken; B's (one backer, OP) with the budget left.
		run_to_block(3);
		assert_eq!(
			set(NET, 0),
			vec![(OP, op.key(), 1_000), (OP2, op2.key(), 300), (OP3, op3.key(), 200)]
		);
		assert_eq!(ValidatorSets::<Test>::get(NET, 0).unwrap().started_at, 3);
		assert!(Building::<Test>::get().is_none());
		// B's set names no one: OP has no key there.
		assert_eq!(set(1, 0), vec![]);
		// Each keeps its rhythm from the block its set began.
		assert_eq!(
			Schedule::<Test>::get().to_vec(),
			vec![
				Scheduled { network: NET, due: 2 + EPOCH },
				Scheduled { network: 1, due: 3 + EPOCH }
			]
		);
	});
}

#[test]
fn a_max_lowered_while_a_set_is_taken_holds_for_that_set() {
	ExtBuilder::build_and_execute(|| {
		MaxSnapshotBackersPerBlock::set(2);
		let [op, _, _] = validated_with_keys();
		run_to_block(2);
		assert!(Building::<Test>::get().is_some());
		assert_ok!(SspKeys::configure_validation(
			RuntimeOrigin::signed(MANAGER),
			NET,
			ValidationConfig { max_validators: 1, ..config(KeyScheme::Sr25519) }
		));
		run_to_block(3);
		assert_eq!(set(NET, 0), vec![(OP, op.key(), 1_000)]);
	});
}

#[test]
fn a_network_that_leaves_the_registry_stops_being_validated_and_its_sets_go() {
	ExtBuilder::build_and_execute(|| {
		validate(2, KeyScheme::Sr25519);
		run_to_block(2 + EPOCH);
		assert_eq!(Epochs::<Test>::get(2).unwrap().current, 1);
		assert_ok!(Leasing::deregister_network(RuntimeOrigin::signed(MANAGER), 2));
		// While it offboards it is still registered, and still validated.
		let mut now = 2 + EPOCH;
		while Leasing::network_status(2) != Some(pallet_ssp_leasing::NetworkStatus::Retired) {
			assert!(Validation::<Test>::contains_key(2));
			assert!(now < 100, "the network never retired");
			now += 1;
			run_to_block(now);
		}
		// Its next due snapshot ends its validation instead, within an epoch.
		let retired_at = now;
		while Validation::<Test>::contains_key(2) {
			assert!(now <= retired_at + EPOCH, "validation did not end within an epoch");
			now += 1;
			run_to_block(now);
		}
		assert!(Epochs::<Test>::get(2).is_none());
		assert_eq!(ValidatorSets::<Test>::iter_prefix(2).count(), 0);
		assert!(Schedule::<Test>::get().is_empty());
		assert!(System::events()
			.iter()
			.any(|e| e.event == RuntimeEvent::SspKeys(Event::ValidationEnded { network: 2 })));
	});
}

#[test]
fn configure_validation_errors_change_nothing() {
	ExtBuilder::build_and_execute(|| {
		let configure = |who, network, config| {
			SspKeys::configure_validation(RuntimeOrigin::signed(who), network, config)
		};
		let sr = config(KeyScheme::Sr25519);
		assert_noop!(configure(OTHER, NET, sr), DispatchError::BadOrigin);
		assert_noop!(
			configure(MANAGER, NET, ValidationConfig { epoch_length: 1, ..sr }),
			Error::<Test>::BadEpochLength
		);
		// Longer than half the reporting window (10).
		assert_noop!(
			configure(MANAGER, NET, ValidationConfig { epoch_length: 6, ..sr }),
			Error::<Test>::BadEpochLength
		);
		assert_noop!(
			configure(MANAGER, NET, ValidationConfig { max_validators: 0, ..sr }),
			Error::<Test>::BadMaxValidators
		);
		assert_noop!(
			configure(MANAGER, NET, ValidationConfig { max_validators: 5, ..sr }),
			Error::<Test>::BadMaxValidators
		);
		assert_noop!(SspKeys::do_configure(9, sr, 2), Error::<Test>::UnknownNetwork);

		validate(NET, KeyScheme::Sr25519);
		validate(1, KeyScheme::Sr25519);
		assert_noop!(configure(MANAGER, 2, sr), Error::<Test>::TooManyNetworks);
		// The scheme may change while no key is registered, not after.
		validate(NET, KeyScheme::Ed25519);
		validate(NET, KeyScheme::Sr25519);
		register(NET, OP, &Signer::sr("op"));
		assert_noop!(
			configure(MANAGER, NET, config(KeyScheme::Ed25519)),
			Error::<Test>::SchemeLocked
		);
		// Other settings still change.
		assert_ok!(configure(MANAGER, NET, ValidationConfig { epoch_length: 5, ..sr }));
	});
}

#[test]
fn a_key_is_registered_with_a_proof_and_a_deposit() {
	ExtBuilder::build_and_execute(|| {
		validate(NET, KeyScheme::Ed25519);
		let signer = Signer::ed("op");
		System::reset_events();
		register(NET, OP, &signer);
		assert_eq!(
			Keys::<Test>::get(NET, OP),
			Some(KeyRecord { key: signer.key(), next: None, deposit: KEY_DEPOSIT })
		);
		assert_eq!(KeyOwners::<Test>::get(NET, signer.key()), Some(OP));
		assert_eq!(KeyCount::<Test>::get(NET), 1);
		assert_eq!(held(OP), KEY_DEPOSIT);
		assert_eq!(
			events(),
			vec![Event::KeyRegistered { network: NET, operator: OP, key: signer.key() }]
		);
	});
}

#[test]
fn register_key_errors_change_nothing() {
	ExtBuilder::build_and_execute(|| {
		let (op, op2) = (Signer::sr("op"), Signer::sr("op2"));
		let try_register = |operator, network, key, proof| {
			SspKeys::register_key(RuntimeOrigin::signed(operator), network, key, proof)
		};
		assert_noop!(
			try_register(OP, NET, op.key(), op.possession(NET, OP)),
			Error::<Test>::NotValidated
		);
		validate(NET, KeyScheme::Sr25519);
		validate(1, KeyScheme::Sr25519);
		// OP3 allocates nothing to B.
		let op3 = Signer::sr("op3");
		assert_noop!(
			try_register(OP3, 1, op3.key(), op3.possession(1, OP3)),
			Error::<Test>::NotOptedIn
		);
		let ed = Signer::ed("op");
		assert_noop!(
			try_register(OP, NET, ed.key(), ed.possession(NET, OP)),
			Error::<Test>::WrongScheme
		);
		// A proof for another operator, another network, or by another key.
		for proof in [op.possession(NET, OP2), op.possession(1, OP), op2.possession(NET, OP)] {
			assert_noop!(try_register(OP, NET, op.key(), proof), Error::<Test>::BadProof);
		}
		register(NET, OP, &op);
		assert_noop!(
			try_register(OP, NET, op2.key(), op2.possession(NET, OP)),
			Error::<Test>::AlreadyRegistered
		);
		// OP's key, even with OP2's own proof of it.
		assert_noop!(
			try_register(OP2, NET, op.key(), op.possession(NET, OP2)),
			Error::<Test>::KeyInUse
		);
		// The same key on another network is another record.
		register(1, OP, &op);
	});
}

#[test]
fn a_rotation_takes_effect_after_the_delay_and_old_sets_keep_the_old_key() {
	ExtBuilder::build_and_execute(|| {
		let [op, _, _] = validated_with_keys();
		run_to_block(2);
		let new = Signer::sr("op-new");
		System::reset_events();
		assert_ok!(SspKeys::rotate_key(
			RuntimeOrigin::signed(OP),
			NET,
			new.key(),
			new.possession(NET, OP)
		));
		let from = 2 + ROTATION_DELAY;
		assert_eq!(
			events(),
			vec![Event::KeyRotated { network: NET, operator: OP, key: new.key(), from }]
		);
		// Both keys are reserved for OP until the rotation settles.
		assert_eq!(KeyOwners::<Test>::get(NET, op.key()), Some(OP));
		assert_eq!(KeyOwners::<Test>::get(NET, new.key()), Some(OP));
		assert_eq!(Keys::<Test>::get(NET, OP).unwrap().key_at(from - 1), op.key());
		assert_eq!(Keys::<Test>::get(NET, OP).unwrap().key_at(from), new.key());
		run_to_block(2 + EPOCH);
		assert_eq!(set(NET, 0)[0].1, op.key());
		assert_eq!(set(NET, 1)[0].1, new.key());
		// The deposit is held once.
		assert_eq!(held(OP), KEY_DEPOSIT);

		// A later rotation settles the first: the old key is free, the new one current.
		let third = Signer::sr("op-third");
		assert_ok!(SspKeys::rotate_key(
			RuntimeOrigin::signed(OP),
			NET,
			third.key(),
			third.possession(NET, OP)
		));
		let record = Keys::<Test>::get(NET, OP).unwrap();
		assert_eq!(record.key, new.key());
		assert_eq!(record.next, Some((third.key(), 2 + EPOCH + ROTATION_DELAY)));
		assert_eq!(KeyOwners::<Test>::get(NET, op.key()), None);
	});
}

#[test]
fn a_rotation_not_yet_in_effect_is_replaced_and_its_key_freed() {
	ExtBuilder::build_and_execute(|| {
		validated_with_keys();
		let (first, second) = (Signer::sr("first"), Signer::sr("second"));
		for signer in [&first, &second] {
			assert_ok!(SspKeys::rotate_key(
				RuntimeOrigin::signed(OP),
				NET,
				signer.key(),
				signer.possession(NET, OP)
			));
		}
		assert_eq!(KeyOwners::<Test>::get(NET, first.key()), None);
		assert_eq!(Keys::<Test>::get(NET, OP).unwrap().next.unwrap().0, second.key());
		// The freed key can be someone else's.
		assert_ok!(SspKeys::remove_key(RuntimeOrigin::signed(OP2), NET));
		register(NET, OP2, &first);
	});
}

#[test]
fn rotate_key_errors_change_nothing() {
	ExtBuilder::build_and_execute(|| {
		let [op, op2, _] = validated_with_keys();
		let new = Signer::sr("new");
		let rotate = |operator, key, proof| {
			SspKeys::rotate_key(RuntimeOrigin::signed(operator), NET, key, proof)
		};
		assert_noop!(rotate(OTHER, new.key(), new.possession(NET, OTHER)), Error::<Test>::NoKey);
		assert_noop!(rotate(OP, op2.key(), op2.possession(NET, OP)), Error::<Test>::KeyInUse);
		assert_noop!(rotate(OP, op.key(), op.possession(NET, OP)), Error::<Test>::KeyInUse);
		assert_noop!(rotate(OP, new.key(), new.possession(NET, OP2)), Error::<Test>::BadProof);
		let ed = Signer::ed("new");
		assert_noop!(rotate(OP, ed.key(), ed.possession(NET, OP)), Error::<Test>::WrongScheme);
	});
}

#[test]
fn removing_a_key_releases_the_deposit_and_frees_both_keys() {
	ExtBuilder::build_and_execute(|| {
		let [op, _, _] = validated_with_keys();
		let new = Signer::sr("new");
		assert_ok!(SspKeys::rotate_key(
			RuntimeOrigin::signed(OP),
			NET,
			new.key(),
			new.possession(NET, OP)
		));
		let free_before = Balances::free_balance(OP);
		System::reset_events();
		assert_ok!(SspKeys::remove_key(RuntimeOrigin::signed(OP), NET));
		assert_eq!(events(), vec![Event::KeyRemoved { network: NET, operator: OP }]);
		assert_eq!(held(OP), 0);
		assert_eq!(Balances::free_balance(OP), free_before + KEY_DEPOSIT);
		assert_eq!(Keys::<Test>::get(NET, OP), None);
		assert_eq!(KeyOwners::<Test>::get(NET, op.key()), None);
		assert_eq!(KeyOwners::<Test>::get(NET, new.key()), None);
		assert_eq!(KeyCount::<Test>::get(NET), 2);
		assert_noop!(SspKeys::remove_key(RuntimeOrigin::signed(OP), NET), Error::<Test>::NoKey);
	});
}

#[test]
fn a_proven_equivocation_slashes_at_the_max_slash_without_the_slasher_and_propagates() {
	ExtBuilder::build_and_execute(|| {
		let [op, _, _] = validated_with_keys();
		run_to_block(2);
		run_to_block(4);
		let allocated_b = || Leasing::network_security(1).unwrap().allocated;
		assert_eq!(allocated_b(), 500);
		System::reset_events();
		assert_ok!(report(equivocation(&op, 0)));
		assert_eq!(
			events(),
			vec![Event::EquivocationReported {
				network: NET,
				operator: OP,
				key: op.key(),
				epoch: 0,
				round: 7,
				reporter: OTHER,
			}]
		);
		// A slash in the slashing pallet: A's max slash (100%) of OP's stake there, as of the
		// epoch's first block, reported by the prover; it waits out the veto window.
		let slash = pallet_ssp_slashing::Slashes::<Test>::get(0).unwrap();
		assert_eq!(
			(slash.operator, slash.reporter, slash.fraction, slash.offence_block),
			(OP, OTHER, Perbill::one(), 2)
		);
		assert_eq!(slash.apply_at, 4 + VETO_WINDOW);
		run_to_block(4 + VETO_WINDOW);
		assert_eq!(
			pallet_ssp_slashing::Slashes::<Test>::get(0).unwrap().status,
			pallet_ssp_slashing::SlashStatus::Applied { amount: 1_000 }
		);
		assert!(pallet_ssp_slashing::ReporterRewards::<Test>::get(OTHER) > 0);
		// The loss reaches B, the other network OP's stake secured.
		run_to_block(6 + VETO_WINDOW);
		assert_eq!(allocated_b(), 0);
	});
}

#[test]
fn an_ed25519_network_proves_equivocations_too() {
	ExtBuilder::build_and_execute(|| {
		validate(NET, KeyScheme::Ed25519);
		let signer = Signer::ed("op2");
		register(NET, OP2, &signer);
		run_to_block(2);
		assert_ok!(report(equivocation(&signer, 0)));
		let slash = pallet_ssp_slashing::Slashes::<Test>::get(0).unwrap();
		assert_eq!((slash.operator, slash.reporter), (OP2, OTHER));
	});
}

#[test]
fn report_equivocation_errors_change_nothing() {
	ExtBuilder::build_and_execute(|| {
		let op = Signer::sr("op");
		assert_noop!(report(equivocation(&op, 0)), Error::<Test>::NotValidated);
		validated_with_keys();
		assert_noop!(report(equivocation(&op, 0)), Error::<Test>::UnknownEpoch);
		run_to_block(2);
		assert_noop!(report(equivocation(&op, 1)), Error::<Test>::UnknownEpoch);

		let mut other_network = equivocation(&op, 0);
		other_network.second.network = 1;
		assert_noop!(report(other_network), Error::<Test>::WrongNetwork);
		assert_noop!(
			SspKeys::report_equivocation(
				RuntimeOrigin::signed(OTHER),
				1,
				Box::new(equivocation(&op, 0))
			),
			Error::<Test>::NotValidated
		);

		let stranger = Signer::sr("stranger");
		assert_noop!(report(equivocation(&stranger, 0)), Error::<Test>::UnknownKey);

		let mut other_round = equivocation(&op, 0);
		other_round.second.round = 8;
		other_round.second_signature = op.statement(&other_round.second);
		assert_noop!(report(other_round), Error::<Test>::DifferentRounds);

		let mut same = equivocation(&op, 0);
		same.second = same.first.clone();
		same.second_signature = op.statement(&same.second);
		assert_noop!(report(same), Error::<Test>::SamePayload);

		let mut forged = equivocation(&op, 0);
		forged.second_signature = stranger.statement(&forged.second);
		assert_noop!(report(forged), Error::<Test>::BadSignature);

		assert_ok!(report(equivocation(&op, 0)));
		// One offence per operator and epoch.
		assert_noop!(
			report(equivocation(&op, 0)),
			pallet_ssp_slashing::Error::<Test>::DuplicateReport
		);
	});
}

#[test]
fn an_equivocation_is_provable_for_the_reporting_window_only() {
	ExtBuilder::build_and_execute(|| {
		let [_, op2, _] = validated_with_keys();
		// Epoch 0 started at block 2: provable up to block 2 + REPORTING_WINDOW.
		run_to_block(2 + REPORTING_WINDOW + 1);
		assert!(ValidatorSets::<Test>::get(NET, 0).is_some());
		assert_noop!(report(equivocation(&op2, 0)), Error::<Test>::ProofExpired);
		// Once its set is no longer kept, for the same reason.
		run_to_block(2 + 7 * EPOCH);
		assert!(ValidatorSets::<Test>::get(NET, 0).is_none());
		assert_noop!(report(equivocation(&op2, 0)), Error::<Test>::ProofExpired);
		// A recent epoch is provable.
		assert_ok!(report(equivocation(&op2, 7)));
	});
}

#[test]
fn a_removed_key_stays_attributable_through_the_sets_that_name_it() {
	ExtBuilder::build_and_execute(|| {
		let [_, _, op3] = validated_with_keys();
		run_to_block(2);
		assert_ok!(SspKeys::remove_key(RuntimeOrigin::signed(OP3), NET));
		// OP3 signed twice in epoch 0, whose set names its key.
		assert_ok!(report(equivocation(&op3, 0)));
		assert_eq!(pallet_ssp_slashing::Slashes::<Test>::get(0).unwrap().operator, OP3);
		// A set taken after the removal does not name it.
		run_to_block(2 + EPOCH);
		assert!(set(NET, 1).iter().all(|(operator, _, _)| *operator != OP3));
	});
}

#[test]
fn genesis_validates_networks_and_holds_key_deposits() {
	let mut ext = ExtBuilder::build();
	ext.execute_with(|| {
		use frame_support::traits::BuildGenesisConfig;
		let signer = Signer::sr("genesis");
		crate::GenesisConfig::<Test> {
			networks: vec![(NET, config(KeyScheme::Sr25519))],
			keys: vec![(NET, OP, signer.key())],
		}
		.build();
		assert_eq!(Validation::<Test>::get(NET), Some(config(KeyScheme::Sr25519)));
		assert_eq!(KeyOwners::<Test>::get(NET, signer.key()), Some(OP));
		assert_eq!(held(OP), KEY_DEPOSIT);
		run_to_block(2);
		assert_eq!(
			ValidatorSets::<Test>::get(NET, 0).unwrap().validators.to_vec(),
			vec![Validator { operator: OP, key: signer.key(), weight: 1_000 }]
		);
		crate::Pallet::<Test>::do_try_state().expect("keys try_state");
	});
}

#[test]
fn integrity_test_passes() {
	ExtBuilder::build().execute_with(SspKeys::integrity_test);
}
