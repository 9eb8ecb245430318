use crate::{mock::*, *};
use frame_support::{
	assert_noop, assert_ok,
	traits::fungible::{Inspect, InspectHold},
	BoundedVec,
};
use sp_runtime::{DispatchError, Perbill};
use ssp_primitives::{
	committee,
	keys::{EquivocationProof, Statement},
	RestakingSlash,
};

const X: [u8; 32] = [1; 32];
const Y: [u8; 32] = [2; 32];

fn manager() -> RuntimeOrigin {
	RuntimeOrigin::signed(MANAGER)
}

fn configure(network: u32, params: CheckpointParams<Balance, BlockNumber>) {
	assert_ok!(Validation::configure_checkpoints(manager(), network, params));
}

fn attest(operator: AccountId, claim: [u8; 32]) -> frame_support::dispatch::DispatchResult {
	let (round, signature) = attestation(NET, operator, claim);
	Validation::attest(RuntimeOrigin::signed(operator), NET, round, claim, signature)
}

fn cast(round: u64, operator: AccountId, valid: bool) -> frame_support::dispatch::DispatchResult {
	let signature = vote(NET, round, operator, valid);
	Validation::vote(RuntimeOrigin::signed(operator), NET, round, valid, signature)
}

/// Put as many tasks as a block runs (of a network that does not exist: they do nothing) due at
/// `at`, so that the tasks due then scheduled after them wait for the next block.
fn fill(at: BlockNumber) {
	for _ in 0..4 {
		assert_ok!(Validation::schedule(at, AgendaItem::Finalize(9, 9)));
	}
}

fn held(who: AccountId) -> Balance {
	Balances::balance_on_hold(&HoldReason::ChallengerBond.into(), &who)
}

/// Network A with committees of `size` drawn as `committee` for round 0 (and the next rounds,
/// up to `rounds`), its first round open (block 2).
fn opened_for(
	rounds: u64,
	size: u32,
	committee: &[AccountId],
	params: CheckpointParams<Balance, BlockNumber>,
) {
	choose_committee(NET, (0..rounds).map(|r| (r, 0)), size, committee);
	configure(NET, CheckpointParams { committee_size: size, ..params });
	run_to_block(2);
}

fn opened(size: u32, committee: &[AccountId], params: CheckpointParams<Balance, BlockNumber>) {
	opened_for(1, size, committee, params)
}

/// Checkpoint 0 of network A attested `claim` by committee [OP3] and pending (block 2), with
/// challenge and dispute windows of 2.
fn pending_by_op3(claim: [u8; 32]) {
	opened_for(2, 1, &[OP3], params(1));
	assert_ok!(attest(OP3, claim));
	assert!(matches!(Checkpoints::<Test>::get(NET, 0).unwrap().status, CheckpointStatus::Pending));
}

#[test]
fn a_manager_configures_checkpoints_and_the_first_round_opens_in_the_next_block() {
	ExtBuilder::build_and_execute(|| {
		choose_committee(NET, [(0, 0)], 2, &[OP, OP2]);
		configure(NET, params(2));
		assert_eq!(
			events(),
			vec![Event::CheckpointsConfigured { network: NET, params: params(2) }]
		);
		assert_eq!(RoundTaskAt::<Test>::get(NET), Some(2));
		run_to_block(2);
		let epoch = pallet_ssp_keys::Epochs::<Test>::get(NET).unwrap().current;
		assert_eq!(
			events(),
			vec![Event::RoundOpened {
				network: NET,
				round: 0,
				level: 0,
				epoch,
				committee: vec![OP, OP2],
				closes_at: 4,
			}]
		);
		let open = Rounds::<Test>::get(NET).unwrap();
		assert_eq!(open.committee.iter().map(|m| m.weight).collect::<Vec<_>>(), vec![1_000, 300]);
		assert_eq!(open.committee[0].key, key(OP));
		assert_eq!(Validation::round(NET, Some(0)).unwrap().committee.len(), 2);
		assert_eq!(Validation::round(NET, Some(1)), None);
		assert_eq!(NextRound::<Test>::get(NET), 1);
	});
}

#[test]
fn bad_parameters_are_refused_and_change_nothing() {
	ExtBuilder::build_and_execute(|| {
		let bad = |f: fn(&mut CheckpointParams<Balance, BlockNumber>), error: Error<Test>| {
			let mut p = params(1);
			f(&mut p);
			assert_noop!(Validation::configure_checkpoints(manager(), NET, p), error);
		};
		bad(|p| p.committee_size = 0, Error::BadCommitteeSize);
		bad(|p| p.committee_size = 4, Error::BadCommitteeSize);
		bad(|p| p.no_show_threshold = 2, Error::BadCommitteeSize);
		bad(|p| p.checkpoint_interval = 1, Error::BadInterval);
		bad(|p| p.attestation_window = 0, Error::BadInterval);
		bad(|p| p.attestation_window = 3, Error::BadInterval);
		bad(|p| p.challenge_window = 0, Error::BadWindows);
		bad(|p| p.dispute_window = 0, Error::BadWindows);
		// Attestation, challenge and dispute windows add up to at most half the reporting
		// window (6 blocks).
		bad(|p| p.dispute_window = 3, Error::BadWindows);
		bad(|p| p.challenger_bond = 9, Error::BondTooSmall);
		bad(|p| p.attester_slash = Perbill::zero(), Error::ZeroSlash);
		bad(|p| p.challenger_slash = Perbill::zero(), Error::ZeroSlash);
		assert_noop!(
			Validation::configure_checkpoints(manager(), NET_C, params(1)),
			Error::<Test>::NotValidated
		);
		assert_noop!(
			Validation::configure_checkpoints(RuntimeOrigin::signed(OP), NET, params(1)),
			DispatchError::BadOrigin
		);
		MaxNetworks::set(1);
		configure(NET, params(1));
		assert_noop!(
			Validation::configure_checkpoints(manager(), NET_B, params(1)),
			Error::<Test>::TooManyNetworks
		);
		// A network already validated may change its parameters at the cap.
		configure(NET, params(2));
		MaxNetworks::set(2);
		assert_eq!(Params::<Test>::get(NET), Some(params(2)));
	});
}

#[test]
fn a_full_agenda_refuses_a_new_network() {
	ExtBuilder::build_and_execute(|| {
		// The agenda holds a task for each of MaxNetworks (2) networks and each of their
		// MaxOpenCheckpoints (2) checkpoints: 6. Full of placeholders, it takes no network.
		while Validation::schedule(2, AgendaItem::Finalize(9, 9)).is_ok() {}
		assert_eq!(Agenda::<Test>::get().len(), 6);
		assert_noop!(
			Validation::configure_checkpoints(manager(), NET, params(1)),
			Error::<Test>::AgendaFull
		);
		// The placeholders run (to nothing), 4 a block, and the agenda is empty again.
		run_to_block(2);
		assert_eq!(Agenda::<Test>::get().len(), 2);
		run_to_block(3);
		assert!(Agenda::<Test>::get().is_empty());
	});
}

#[test]
fn a_claim_with_two_thirds_of_the_committee_is_pending_then_final_after_the_challenge_window() {
	ExtBuilder::build_and_execute(|| {
		opened(2, &[OP, OP2], params(2));
		// OP holds 1_000 of the committee's 1_300: more than two thirds.
		assert_ok!(attest(OP, X));
		assert!(events().ends_with(&[
			Event::Attested { network: NET, round: 0, operator: OP, claim: X },
			Event::CheckpointPending { network: NET, round: 0, claim: X, challenge_until: 4 },
		]));
		// A member attesting the pending claim later is an attester too.
		assert_ok!(attest(OP2, X));
		let checkpoint = Checkpoints::<Test>::get(NET, 0).unwrap();
		assert_eq!(
			checkpoint.attesters.iter().map(|a| a.operator).collect::<Vec<_>>(),
			vec![OP, OP2]
		);
		assert_eq!(OpenCheckpoints::<Test>::get(NET), 1);
		assert_eq!(Validation::open_checkpoints(NET).len(), 1);
		run_to_block(4);
		assert!(events().contains(&Event::CheckpointFinalized {
			network: NET,
			round: 0,
			claim: X
		}));
		let latest = LatestFinal::<Test>::get(NET).unwrap();
		assert_eq!((latest.round, latest.claim, latest.finalized_at), (0, X, 4));
		assert_eq!(Checkpoints::<Test>::get(NET, 0), None);
		assert_eq!(OpenCheckpoints::<Test>::get(NET), 0);
		// Round 0 took its whole interval to attest (it closed in block 4): round 1 opens in
		// the block after.
		assert_eq!(Rounds::<Test>::get(NET), None);
		run_to_block(5);
		assert_eq!(Rounds::<Test>::get(NET).unwrap().round, 1);
	});
}

#[test]
fn less_than_two_thirds_is_not_pending_and_a_split_round_is_missed_without_escalation() {
	ExtBuilder::build_and_execute(|| {
		// OP2 (300) and OP3 (200): 300 of 500 is not two thirds.
		opened(2, &[OP2, OP3], params(2));
		assert_ok!(attest(OP2, X));
		assert_ok!(attest(OP3, Y));
		assert_eq!(Checkpoints::<Test>::get(NET, 0), None);
		run_to_block(4);
		// Both attested: no no-shows, so the round is missed, not drawn again.
		assert!(events().contains(&Event::RoundMissed { network: NET, round: 0 }));
		assert!(!events().iter().any(|e| matches!(e, Event::NoShows { .. })));
		run_to_block(5);
		assert_eq!(Rounds::<Test>::get(NET).unwrap().round, 1);
	});
}

#[test]
fn no_shows_are_recorded_and_escalate_the_round_to_a_larger_committee_once() {
	ExtBuilder::build_and_execute(|| {
		opened(1, &[OP3], params(1));
		run_to_block(4);
		let ev = events();
		assert!(ev.contains(&Event::NoShows { network: NET, round: 0, operators: vec![OP3] }));
		assert_eq!(NoShows::<Test>::get(NET, OP3), 1);
		let open = Rounds::<Test>::get(NET).unwrap();
		assert_eq!((open.round, open.level, open.committee.len()), (0, 1, 2));
		assert!(ev.iter().any(|e| matches!(e, Event::RoundOpened { round: 0, level: 1, .. })));
		// The larger committee attests nothing either: MaxEscalations (1) is reached, the round
		// is missed and the next opens at once.
		run_to_block(6);
		let ev = events();
		assert!(ev.contains(&Event::RoundMissed { network: NET, round: 0 }));
		assert_eq!(Rounds::<Test>::get(NET), None);
		run_to_block(7);
		assert_eq!(Rounds::<Test>::get(NET).unwrap().round, 1);
	});
}

#[test]
fn attestations_are_refused_outside_the_round_its_committee_and_its_key() {
	ExtBuilder::build_and_execute(|| {
		let claim_of = |op| attestation(NET, op, X);
		assert_noop!(
			Validation::attest(
				RuntimeOrigin::signed(OP),
				NET,
				0,
				X,
				sign(OP, &Statement { network: NET, epoch: 0, round: 0, payload: X })
			),
			Error::<Test>::NotCurrentRound
		);
		opened(2, &[OP2, OP3], params(2));
		let (round, signature) = claim_of(OP2);
		assert_noop!(
			Validation::attest(RuntimeOrigin::signed(OP2), NET, round + 1, X, signature.clone()),
			Error::<Test>::NotCurrentRound
		);
		let (_, op_signature) = claim_of(OP);
		assert_noop!(
			Validation::attest(RuntimeOrigin::signed(OP), NET, round, X, op_signature),
			Error::<Test>::NotInCommittee
		);
		// OP3's signature is not OP2's; a signature of X does not attest Y.
		let (_, op3_signature) = claim_of(OP3);
		assert_noop!(
			Validation::attest(RuntimeOrigin::signed(OP2), NET, round, X, op3_signature),
			Error::<Test>::BadSignature
		);
		assert_noop!(
			Validation::attest(RuntimeOrigin::signed(OP2), NET, round, Y, signature.clone()),
			Error::<Test>::BadSignature
		);
		assert_ok!(Validation::attest(RuntimeOrigin::signed(OP2), NET, round, X, signature));
		assert_noop!(attest(OP2, Y), Error::<Test>::AlreadyAttested);
	});
}

#[test]
fn an_attestation_after_the_window_is_refused_even_if_the_round_is_not_closed_yet() {
	ExtBuilder::build_and_execute(|| {
		// Block 4 (where round 0 closes) runs other tasks first: the close waits to block 5.
		fill(4);
		opened(1, &[OP3], params(1));
		assert_eq!(RoundTaskAt::<Test>::get(NET), Some(4));
		run_to_block(4);
		assert_noop!(attest(OP3, X), Error::<Test>::RoundClosed);
	});
}

#[test]
fn a_conflicting_attestation_of_one_key_is_an_equivocation_the_keys_pallet_proves() {
	ExtBuilder::build_and_execute(|| {
		pending_by_op3(X);
		let open = Rounds::<Test>::get(NET).unwrap();
		let first = committee::attestation(NET, open.epoch, open.round, X);
		let second = committee::attestation(NET, open.epoch, open.round, Y);
		let proof = EquivocationProof {
			key: key(OP3),
			first_signature: sign(OP3, &first),
			first,
			second_signature: sign(OP3, &second),
			second,
		};
		assert_ok!(SspKeys::report_equivocation(
			RuntimeOrigin::signed(CHALLENGER),
			NET,
			Box::new(proof)
		));
		assert!(slashing_events().iter().any(|e| matches!(
			e,
			pallet_ssp_slashing::Event::OffenceReported { operator: OP3, reporter: CHALLENGER, .. }
		)));
	});
}

#[test]
fn an_invalid_checkpoint_slashes_its_attesters_rewards_the_challenger_and_jails_non_voters() {
	ExtBuilder::build_and_execute(|| {
		pending_by_op3(Y);
		let free = Balances::balance(&CHALLENGER);
		assert_ok!(Validation::challenge(RuntimeOrigin::signed(CHALLENGER), NET, 0));
		assert_eq!(held(CHALLENGER), BOND);
		assert_eq!(Balances::balance(&CHALLENGER), free - BOND);
		assert!(events().contains(&Event::Challenged {
			network: NET,
			round: 0,
			challenger: CHALLENGER,
			bond: BOND,
			closes_at: 4,
		}));
		// OP (1_000) and OP2 (300) of 1_500: invalid. OP3 does not vote.
		assert_ok!(cast(0, OP, false));
		assert_ok!(cast(0, OP2, false));
		let dispute = &Validation::disputes(NET)[0];
		assert_eq!((dispute.invalid, dispute.valid, dispute.total), (1_300, 0, 1_500));
		let op3_stake = Restaking::slashable_stake(&OP3, NET);
		run_to_block(4);
		let ev = events();
		assert!(ev.contains(&Event::DisputeConcluded {
			network: NET,
			round: 0,
			verdict: Verdict::Invalid,
			valid: 0,
			invalid: 1_300,
			total: 1_500,
		}));
		assert!(ev.contains(&Event::NonVotersJailed {
			network: NET,
			round: 0,
			operators: vec![OP3]
		}));
		assert!(ev.contains(&Event::BondReturned {
			challenger: CHALLENGER,
			returned: BOND,
			forfeited: 0,
		}));
		assert!(pallet_ssp_slashing::Jailed::<Test>::contains_key(NET, OP3));
		assert_eq!((held(CHALLENGER), Balances::balance(&CHALLENGER)), (0, free));
		// The next block reports OP3, as of the block it attested, the challenger as reporter.
		run_to_block(5);
		assert!(events().contains(&Event::AttesterReported {
			network: NET,
			round: 0,
			operator: OP3
		}));
		assert!(events().contains(&Event::CheckpointPunished { network: NET, round: 0 }));
		let slash = pallet_ssp_slashing::Slashes::<Test>::get(0).unwrap();
		assert_eq!(
			(slash.operator, slash.reporter, slash.fraction, slash.offence_block),
			(OP3, CHALLENGER, Perbill::from_percent(40), 2)
		);
		assert_eq!(Checkpoints::<Test>::get(NET, 0), None);
		assert_eq!(LatestFinal::<Test>::get(NET), None, "an invalid checkpoint is never final");
		// After the veto window the slash applies: 40% of OP3's stake there.
		run_to_block(5 + VETO_WINDOW);
		assert_eq!(Restaking::slashable_stake(&OP3, NET), op3_stake - op3_stake * 2 / 5);
		assert!(pallet_ssp_slashing::ReporterRewards::<Test>::get(CHALLENGER) > 0);
	});
}

#[test]
fn attesters_wait_for_room_in_the_slashing_pallet() {
	ExtBuilder::build_and_execute(|| {
		opened(2, &[OP2, OP3], params(2));
		assert_ok!(attest(OP2, Y));
		assert_ok!(attest(OP3, Y));
		assert_ok!(Validation::challenge(RuntimeOrigin::signed(CHALLENGER), NET, 0));
		assert_ok!(cast(0, OP, false));
		// OP2 and OP3 did not vote: jailed in blocks 4 and 5 (one a block), then the reports,
		// one a block: OP2 in block 6, OP3 in block 7.
		MaxSlashesPerBlock::set(1);
		run_to_block(6);
		assert!(events().contains(&Event::AttesterReported {
			network: NET,
			round: 0,
			operator: OP2
		}));
		assert_eq!(Checkpoints::<Test>::get(NET, 0).unwrap().attesters.len(), 1);
		run_to_block(7);
		assert!(events().contains(&Event::AttesterReported {
			network: NET,
			round: 0,
			operator: OP3
		}));
		assert!(events().contains(&Event::CheckpointPunished { network: NET, round: 0 }));
		MaxSlashesPerBlock::set(8);
	});
}

#[test]
fn an_attester_the_slashing_pallet_refuses_is_recorded_and_skipped() {
	ExtBuilder::build_and_execute(|| {
		pending_by_op3(Y);
		assert_ok!(Validation::challenge(RuntimeOrigin::signed(CHALLENGER), NET, 0));
		assert_ok!(cast(0, OP, false));
		assert_ok!(cast(0, OP2, false));
		// OP3 was already reported for the block it attested at.
		assert_ok!(Slashing::report_offence(
			RuntimeOrigin::signed(SLASHER),
			NET,
			OP3,
			Perbill::from_percent(10),
			2,
			BoundedVec::truncate_from(vec![1]),
		));
		run_to_block(5);
		assert!(events().contains(&Event::AttesterReportFailed {
			network: NET,
			round: 0,
			operator: OP3,
			error: pallet_ssp_slashing::Error::<Test>::DuplicateReport.into(),
		}));
		assert!(events().contains(&Event::CheckpointPunished { network: NET, round: 0 }));
	});
}

#[test]
fn a_valid_checkpoint_is_final_and_a_wrong_challenger_loses_part_of_its_bond() {
	ExtBuilder::build_and_execute(|| {
		opened(1, &[OP], params(1));
		assert_ok!(attest(OP, X));
		let issuance = Balances::total_issuance();
		let free = Balances::balance(&CHALLENGER);
		assert_ok!(Validation::challenge(RuntimeOrigin::signed(CHALLENGER), NET, 0));
		assert_ok!(cast(0, OP, true));
		assert_ok!(cast(0, OP2, true));
		assert_ok!(cast(0, OP3, false));
		run_to_block(4);
		let ev = events();
		assert!(ev
			.iter()
			.any(|e| matches!(e, Event::DisputeConcluded { verdict: Verdict::Valid, .. })));
		assert!(ev.contains(&Event::BondReturned {
			challenger: CHALLENGER,
			returned: 40,
			forfeited: 10
		}));
		assert!(ev.contains(&Event::CheckpointFinalized { network: NET, round: 0, claim: X }));
		assert_eq!(Balances::balance(&CHALLENGER), free - 10);
		assert_eq!(Balances::total_issuance(), issuance - 10, "the forfeit is burnt");
		assert_eq!(LatestFinal::<Test>::get(NET).unwrap().round, 0);
		assert!(pallet_ssp_slashing::Slashes::<Test>::iter().next().is_none(), "no one slashed");
	});
}

#[test]
fn a_dispute_without_two_thirds_rejects_the_checkpoint_and_returns_the_bond() {
	ExtBuilder::build_and_execute(|| {
		opened(1, &[OP2], params(1));
		assert_ok!(attest(OP2, X));
		let free = Balances::balance(&CHALLENGER);
		assert_ok!(Validation::challenge(RuntimeOrigin::signed(CHALLENGER), NET, 0));
		// 300 valid, 200 invalid, OP (1_000) silent: neither side has two thirds.
		assert_ok!(cast(0, OP2, true));
		assert_ok!(cast(0, OP3, false));
		run_to_block(4);
		let ev = events();
		assert!(ev
			.iter()
			.any(|e| matches!(e, Event::DisputeConcluded { verdict: Verdict::Undecided, .. })));
		assert!(ev.contains(&Event::CheckpointRejected { network: NET, round: 0 }));
		assert!(ev.contains(&Event::NonVotersJailed {
			network: NET,
			round: 0,
			operators: vec![OP]
		}));
		assert_eq!(Balances::balance(&CHALLENGER), free);
		assert_eq!(LatestFinal::<Test>::get(NET), None);
		assert_eq!(Checkpoints::<Test>::get(NET, 0), None);
	});
}

#[test]
fn challenges_are_refused_for_unknown_disputed_or_expired_checkpoints() {
	ExtBuilder::build_and_execute(|| {
		let challenge =
			|round| Validation::challenge(RuntimeOrigin::signed(CHALLENGER), NET, round);
		assert_noop!(challenge(0), Error::<Test>::UnknownCheckpoint);
		// Block 4 (where checkpoint 0's window ends) is full: its finality waits to block 5.
		fill(4);
		pending_by_op3(X);
		run_to_block(4);
		assert_noop!(challenge(0), Error::<Test>::ChallengeWindowOver);
		run_to_block(5);
		assert_noop!(challenge(0), Error::<Test>::UnknownCheckpoint);

		// Round 1 (OP3 again) is pending in block 6; challenged once, it is no longer pending.
		run_to_block(6);
		assert_ok!(attest(OP3, X));
		assert_ok!(challenge(1));
		assert_noop!(challenge(1), Error::<Test>::NotPending);
	});
}

#[test]
fn a_challenge_needs_voters() {
	ExtBuilder::build_and_execute(|| {
		// A long challenge window (4 blocks) so that the next validator set comes first.
		let long = CheckpointParams {
			attestation_window: 1,
			challenge_window: 4,
			dispute_window: 1,
			..params(1)
		};
		opened(1, &[OP3], long);
		assert_ok!(attest(OP3, X));
		// Everyone is jailed: the next set (block 5) is empty.
		for op in [OP, OP2, OP3] {
			assert!(<Slashing as ssp_primitives::ProvenOffences<_, _>>::jail(&op, NET));
		}
		run_to_block(5);
		let epoch = pallet_ssp_keys::Epochs::<Test>::get(NET).unwrap().current;
		assert!(pallet_ssp_keys::ValidatorSets::<Test>::get(NET, epoch)
			.unwrap()
			.validators
			.is_empty());
		assert_noop!(
			Validation::challenge(RuntimeOrigin::signed(CHALLENGER), NET, 0),
			Error::<Test>::NoVoters
		);
	});
}

#[test]
fn votes_are_refused_outside_the_dispute_its_voters_and_their_keys() {
	ExtBuilder::build_and_execute(|| {
		pending_by_op3(Y);
		let signed = RuntimeOrigin::signed;
		let some_signature = sign(OP, &committee::vote(NET, 0, 0, Y, true));
		assert_noop!(
			Validation::vote(signed(OP), NET, 0, true, some_signature),
			Error::<Test>::NoDispute
		);
		// Block 4 (where the dispute closes) is full: the close waits to block 5.
		fill(4);
		assert_ok!(Validation::challenge(signed(CHALLENGER), NET, 0));
		let op_vote = vote(NET, 0, OP, false);
		assert_noop!(
			Validation::vote(signed(CHALLENGER), NET, 0, false, op_vote.clone()),
			Error::<Test>::NotAVoter
		);
		// OP's signature of "invalid" is not a vote "valid", nor OP2's vote.
		assert_noop!(
			Validation::vote(signed(OP), NET, 0, true, op_vote.clone()),
			Error::<Test>::BadSignature
		);
		assert_noop!(
			Validation::vote(signed(OP2), NET, 0, false, op_vote.clone()),
			Error::<Test>::BadSignature
		);
		assert_ok!(Validation::vote(signed(OP), NET, 0, false, op_vote));
		assert_noop!(cast(0, OP, true), Error::<Test>::AlreadyVoted);
		run_to_block(4);
		assert_noop!(cast(0, OP2, false), Error::<Test>::DisputeClosed);
		// The close runs in block 5, with the last placeholder.
		run_to_block(5);
		assert!(events().iter().any(|e| matches!(e, Event::DisputeConcluded { round: 0, .. })));
	});
}

#[test]
fn a_network_with_its_open_checkpoints_at_the_cap_waits_for_its_next_round() {
	ExtBuilder::build_and_execute(|| {
		let long = CheckpointParams {
			attestation_window: 1,
			challenge_window: 4,
			dispute_window: 1,
			..params(1)
		};
		opened_for(2, 1, &[OP], long);
		assert_ok!(attest(OP, X)); // round 0 pending at 2, final at 6
		run_to_block(4);
		assert_ok!(attest(OP, X)); // round 1 pending at 4
							 // Disputed in block 5, round 0 is still open in block 6 when round 2 is due.
		run_to_block(5);
		assert_ok!(Validation::challenge(RuntimeOrigin::signed(CHALLENGER), NET, 0));
		run_to_block(6);
		assert!(events().contains(&Event::RoundWaiting { network: NET }));
		assert_eq!(Rounds::<Test>::get(NET), None);
		assert_eq!(RoundTaskAt::<Test>::get(NET), Some(8));
	});
}

#[test]
fn a_stopped_network_opens_no_round_but_its_pending_checkpoint_becomes_final() {
	ExtBuilder::build_and_execute(|| {
		assert_noop!(Validation::stop_checkpoints(manager(), NET), Error::<Test>::NoCheckpoints);
		opened(1, &[OP], params(1));
		assert_ok!(attest(OP, X));
		assert_noop!(
			Validation::stop_checkpoints(RuntimeOrigin::signed(OP), NET),
			DispatchError::BadOrigin
		);
		assert_ok!(Validation::stop_checkpoints(manager(), NET));
		assert!(events().contains(&Event::CheckpointsStopped { network: NET }));
		assert_eq!((Rounds::<Test>::get(NET), RoundTaskAt::<Test>::get(NET)), (None, None));
		run_to_block(8);
		assert_eq!(LatestFinal::<Test>::get(NET).unwrap().round, 0);
		assert_eq!(Rounds::<Test>::get(NET), None);
		// Configured again, it goes on from round 1.
		choose_committee(NET, [(1, 0)], 1, &[OP]);
		configure(NET, params(1));
		run_to_block(9);
		assert_eq!(Rounds::<Test>::get(NET).unwrap().round, 1);
	});
}

#[test]
fn a_checkpoint_final_before_its_round_closes_is_not_made_again_nor_missed() {
	ExtBuilder::build_and_execute(|| {
		// A challenge window (1) shorter than the attestation window (2).
		let quick = CheckpointParams { challenge_window: 1, ..params(2) };
		opened(2, &[OP, OP2], quick);
		assert_ok!(attest(OP, X));
		run_to_block(3);
		assert!(events().contains(&Event::CheckpointFinalized {
			network: NET,
			round: 0,
			claim: X
		}));
		// The round is still open: a late member's attestation of the final claim makes no
		// second checkpoint.
		assert_ok!(attest(OP2, X));
		assert_eq!(Checkpoints::<Test>::get(NET, 0), None);
		assert_eq!(OpenCheckpoints::<Test>::get(NET), 0);
		run_to_block(4);
		assert!(!events().iter().any(|e| matches!(e, Event::RoundMissed { .. })));
		assert!(!events().iter().any(|e| matches!(e, Event::RoundOpened { level: 1, .. })));
		assert_eq!(LatestFinal::<Test>::get(NET).unwrap().round, 0);
	});
}

#[test]
fn non_voters_are_jailed_a_page_a_block_before_the_verdict_takes_effect() {
	ExtBuilder::build_and_execute(|| {
		opened(1, &[OP], params(1));
		assert_ok!(attest(OP, X));
		assert_ok!(Validation::challenge(RuntimeOrigin::signed(CHALLENGER), NET, 0));
		// OP votes valid: 1_000 of 1_500 is two thirds. OP2 and OP3 are silent: one is jailed
		// a block (MaxJailsPerTask = 1).
		assert_ok!(cast(0, OP, true));
		run_to_block(4);
		let ev = events();
		assert!(ev
			.iter()
			.any(|e| matches!(e, Event::DisputeConcluded { verdict: Verdict::Valid, .. })));
		assert!(ev.contains(&Event::NonVotersJailed {
			network: NET,
			round: 0,
			operators: vec![OP2]
		}));
		assert!(ev.iter().any(|e| matches!(e, Event::BondReturned { forfeited: 10, .. })));
		assert_eq!(Checkpoints::<Test>::get(NET, 0).unwrap().status, CheckpointStatus::Concluding);
		assert_eq!(Validation::disputes(NET)[0].verdict, Some(Verdict::Valid));
		assert_eq!(LatestFinal::<Test>::get(NET), None);
		// Votes are no longer taken.
		assert_noop!(cast(0, OP2, true), Error::<Test>::DisputeClosed);
		run_to_block(5);
		let ev = events();
		assert!(ev.contains(&Event::NonVotersJailed {
			network: NET,
			round: 0,
			operators: vec![OP3]
		}));
		assert!(ev.contains(&Event::CheckpointFinalized { network: NET, round: 0, claim: X }));
		assert_eq!(Disputes::<Test>::get(NET, 0), None);
		assert!(pallet_ssp_slashing::Jailed::<Test>::contains_key(NET, OP3));
	});
}

#[test]
fn tasks_beyond_the_hook_budget_wait_for_the_next_block() {
	ExtBuilder::build_and_execute(|| {
		// A budget of nothing: one task a block, the first due.
		MaxHookWeight::set(frame_support::weights::Weight::zero());
		configure(NET, params(1));
		configure(NET_B, params(1));
		run_to_block(2);
		assert!(Rounds::<Test>::get(NET).is_some());
		assert!(Rounds::<Test>::get(NET_B).is_none());
		assert_eq!(Agenda::<Test>::get().first(), Some(&(2, AgendaItem::OpenRound(NET_B))));
		run_to_block(3);
		assert!(Rounds::<Test>::get(NET_B).is_some());
		MaxHookWeight::set(frame_support::weights::Weight::MAX);
	});
}

#[test]
fn a_stopped_network_with_open_checkpoints_still_counts_against_max_networks() {
	ExtBuilder::build_and_execute(|| {
		MaxNetworks::set(1);
		opened(1, &[OP], params(1));
		assert_ok!(attest(OP, X));
		assert_ok!(Validation::stop_checkpoints(manager(), NET));
		// Its checkpoint's task is still on the agenda: no room for another network yet.
		assert_eq!(Occupied::<Test>::get(), 1);
		assert_noop!(
			Validation::configure_checkpoints(manager(), NET_B, params(1)),
			Error::<Test>::TooManyNetworks
		);
		run_to_block(4);
		assert_eq!(LatestFinal::<Test>::get(NET).unwrap().round, 0);
		assert_eq!(Occupied::<Test>::get(), 0);
		configure(NET_B, params(1));
		assert_eq!(Occupied::<Test>::get(), 1);
		MaxNetworks::set(2);
	});
}
