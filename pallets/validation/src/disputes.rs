//! Disputes: a bonded challenge of a pending checkpoint, votes of every validator of the
//! network signed with their keys, the two-thirds verdict, jail for who did not vote, and the
//! attesters of an invalid checkpoint reported to the slashing pallet a few a block.

use crate::*;
use codec::Encode;
use frame_support::traits::Get;
use frame_support::{
	ensure,
	traits::{
		fungible::MutateHold,
		tokens::{Fortitude, Precision},
	},
	BoundedVec,
};
use sp_runtime::{
	traits::{Saturating, UniqueSaturatedInto, Zero},
	DispatchResult, MultiSignature,
};
use ssp_primitives::{
	committee::{self, is_supermajority},
	keys, NetworkId, ProvenOffences,
};

impl<T: Config> Pallet<T> {
	pub(crate) fn do_challenge(
		who: T::AccountId,
		network: NetworkId,
		round: u64,
	) -> DispatchResult {
		let mut checkpoint =
			Checkpoints::<T>::get(network, round).ok_or(Error::<T>::UnknownCheckpoint)?;
		ensure!(checkpoint.status == CheckpointStatus::Pending, Error::<T>::NotPending);
		let now = Self::now();
		ensure!(now < checkpoint.challenge_until, Error::<T>::ChallengeWindowOver);
		let epoch = pallet_ssp_keys::Epochs::<T>::get(network).ok_or(Error::<T>::NoVoters)?.current;
		let set =
			pallet_ssp_keys::ValidatorSets::<T>::get(network, epoch).ok_or(Error::<T>::NoVoters)?;
		let voters: alloc::vec::Vec<_> = set
			.validators
			.into_iter()
			.map(|v| Voter { operator: v.operator, key: v.key, weight: v.weight, vote: None })
			.collect();
		ensure!(!voters.is_empty(), Error::<T>::NoVoters);
		let bond = checkpoint.terms.challenger_bond;
		<T as Config>::Currency::hold(&HoldReason::ChallengerBond.into(), &who, bond)?;
		let closes_at = now.saturating_add(checkpoint.terms.dispute_window);
		Self::unschedule(&AgendaItem::Finalize(network, round));
		let task_at = Self::schedule(closes_at, AgendaItem::CloseDispute(network, round))?;
		checkpoint.status = CheckpointStatus::Disputed;
		checkpoint.task_at = task_at;
		Checkpoints::<T>::insert(network, round, checkpoint);
		Disputes::<T>::insert(
			network,
			round,
			Dispute {
				challenger: who.clone(),
				bond,
				epoch,
				closes_at,
				voters: BoundedVec::truncate_from(voters),
				verdict: None,
				cursor: 0,
			},
		);
		Self::deposit_event(Event::Challenged { network, round, challenger: who, bond, closes_at });
		Ok(())
	}

	pub(crate) fn do_vote(
		who: T::AccountId,
		network: NetworkId,
		round: u64,
		valid: bool,
		signature: MultiSignature,
	) -> DispatchResult {
		let mut dispute = Disputes::<T>::get(network, round).ok_or(Error::<T>::NoDispute)?;
		ensure!(Self::now() < dispute.closes_at, Error::<T>::DisputeClosed);
		let voter = dispute
			.voters
			.iter_mut()
			.find(|v| v.operator == who)
			.ok_or(Error::<T>::NotAVoter)?;
		ensure!(voter.vote.is_none(), Error::<T>::AlreadyVoted);
		let claim = Checkpoints::<T>::get(network, round).ok_or(Error::<T>::NoDispute)?.claim;
		let statement = committee::vote(network, dispute.epoch, round, claim, valid);
		let message =
			keys::statement_message(&pallet_ssp_keys::Pallet::<T>::genesis_hash(), &statement);
		ensure!(keys::verify(&voter.key, &message, &signature), Error::<T>::BadSignature);
		voter.vote = Some(valid);
		Disputes::<T>::insert(network, round, dispute);
		Self::deposit_event(Event::Voted { network, round, operator: who, valid });
		Ok(())
	}

	/// The stake that voted valid, invalid, and all the voters' stake.
	pub(crate) fn tally(dispute: &DisputeOf<T>) -> (StakeOf<T>, StakeOf<T>, StakeOf<T>) {
		let zero = StakeOf::<T>::default();
		dispute.voters.iter().fold((zero, zero, zero), |(valid, invalid, total), v| {
			let total = total.saturating_add(v.weight);
			match v.vote {
				Some(true) => (valid.saturating_add(v.weight), invalid, total),
				Some(false) => (valid, invalid.saturating_add(v.weight), total),
				None => (valid, invalid, total),
			}
		})
	}

	/// Count the votes over checkpoint `round`: the verdict, and the bond back (less the forfeit
	/// of a wrong challenger). Voters who did not vote are then jailed, a page a block, before
	/// the verdict takes effect: the checkpoint final, rejected, or on its way to its attesters'
	/// slashes.
	pub(crate) fn close_dispute(network: NetworkId, round: u64, now: BlockNumberFor<T>) {
		let Some(mut dispute) = Disputes::<T>::get(network, round) else { return };
		// A decided dispute's bond was returned at its verdict.
		if dispute.verdict.is_some() {
			return;
		}
		let Some(mut checkpoint) = Checkpoints::<T>::get(network, round) else {
			// Never without its checkpoint (`try_state`); the bond goes back regardless.
			Disputes::<T>::remove(network, round);
			Self::return_bond(&dispute.challenger, dispute.bond, Default::default());
			return;
		};
		let (valid, invalid, total) = Self::tally(&dispute);
		let big = |x: StakeOf<T>| -> u128 { x.unique_saturated_into() };
		let verdict = if is_supermajority(big(invalid), big(total)) {
			Verdict::Invalid
		} else if is_supermajority(big(valid), big(total)) {
			Verdict::Valid
		} else {
			Verdict::Undecided
		};
		Self::deposit_event(Event::DisputeConcluded {
			network,
			round,
			verdict,
			valid,
			invalid,
			total,
		});
		let forfeit = match verdict {
			Verdict::Valid => checkpoint.terms.challenger_slash.mul_floor(dispute.bond),
			_ => Default::default(),
		};
		Self::return_bond(&dispute.challenger, dispute.bond, forfeit);
		dispute.verdict = Some(verdict);
		checkpoint.status = CheckpointStatus::Concluding;
		Self::jail_page(network, round, dispute, checkpoint, now);
	}

	/// Jail the next `MaxJailsPerTask` non-voters of the decided dispute over `round`, and give
	/// effect to its verdict once none is left.
	pub(crate) fn jail_non_voters(network: NetworkId, round: u64, now: BlockNumberFor<T>) {
		let (Some(dispute), Some(checkpoint)) =
			(Disputes::<T>::get(network, round), Checkpoints::<T>::get(network, round))
		else {
			return;
		};
		if checkpoint.status == CheckpointStatus::Concluding {
			Self::jail_page(network, round, dispute, checkpoint, now);
		}
	}

	fn jail_page(
		network: NetworkId,
		round: u64,
		mut dispute: DisputeOf<T>,
		mut checkpoint: CheckpointOf<T>,
		now: BlockNumberFor<T>,
	) {
		let mut jailed = alloc::vec::Vec::new();
		let mut calls = 0u32;
		while let Some(voter) = dispute.voters.get(dispute.cursor as usize) {
			if voter.vote.is_none() {
				if calls >= T::MaxJailsPerTask::get() {
					break;
				}
				calls = calls.saturating_add(1);
				if <T as pallet_ssp_keys::Config>::Offences::jail(&voter.operator, network) {
					jailed.push(voter.operator.clone());
				}
			}
			dispute.cursor = dispute.cursor.saturating_add(1);
		}
		if !jailed.is_empty() {
			Self::deposit_event(Event::NonVotersJailed { network, round, operators: jailed });
		}
		let left = dispute.voters.iter().skip(dispute.cursor as usize).any(|v| v.vote.is_none());
		if left {
			match Self::schedule(
				now.saturating_add(1u32.into()),
				AgendaItem::JailNonVoters(network, round),
			) {
				Ok(at) => {
					checkpoint.task_at = at;
					Checkpoints::<T>::insert(network, round, checkpoint);
					Disputes::<T>::insert(network, round, dispute);
					return;
				},
				Err(_) => log::error!(
					target: LOG_TARGET,
					"no room on the agenda to jail the non-voters of {network}/{round}"
				),
			}
		}
		Disputes::<T>::remove(network, round);
		match dispute.verdict.unwrap_or(Verdict::Undecided) {
			Verdict::Valid => Self::make_final(network, round, &checkpoint, now),
			Verdict::Undecided => {
				Self::close_checkpoint(network, round);
				Self::deposit_event(Event::CheckpointRejected { network, round });
			},
			Verdict::Invalid => {
				checkpoint.status = CheckpointStatus::Slashing { challenger: dispute.challenger };
				Self::continue_slashing(network, round, checkpoint, now);
			},
		}
	}

	/// Burn `forfeit` of `challenger`'s held `bond` and release the rest.
	fn return_bond(challenger: &T::AccountId, bond: BalanceOf<T>, forfeit: BalanceOf<T>) {
		let reason = HoldReason::ChallengerBond.into();
		// Nothing to burn is no burn (and no `BurnedHeld` event of nothing).
		let forfeited = if forfeit.is_zero() {
			forfeit
		} else {
			<T as Config>::Currency::burn_held(
				&reason,
				challenger,
				forfeit,
				Precision::BestEffort,
				Fortitude::Force,
			)
			.unwrap_or_default()
		};
		let returned = <T as Config>::Currency::release(
			&reason,
			challenger,
			bond.saturating_sub(forfeited),
			Precision::BestEffort,
		)
		.unwrap_or_default();
		Self::deposit_event(Event::BondReturned {
			challenger: challenger.clone(),
			returned,
			forfeited,
		});
	}

	/// Report the next `MaxSlashesPerTask` attesters of invalid checkpoint `round`, each slashed
	/// by the checkpoint's attester slash as of the block it attested at, the challenger as
	/// reporter. While the slashing pallet has no room (its caps per block and per network),
	/// the rest wait for the next block.
	pub(crate) fn slash_attesters(network: NetworkId, round: u64, now: BlockNumberFor<T>) {
		let Some(mut checkpoint) = Checkpoints::<T>::get(network, round) else { return };
		let CheckpointStatus::Slashing { challenger } = checkpoint.status.clone() else { return };
		let evidence = (network, round, checkpoint.claim).encode();
		for _ in 0..T::MaxSlashesPerTask::get() {
			if checkpoint.attesters.is_empty()
				|| !<T as pallet_ssp_keys::Config>::Offences::has_room(network)
			{
				break;
			}
			let attester = checkpoint.attesters.remove(0);
			match <T as pallet_ssp_keys::Config>::Offences::report_proven(
				challenger.clone(),
				network,
				attester.operator.clone(),
				checkpoint.terms.attester_slash,
				attester.at,
				evidence.clone(),
			) {
				Ok(()) => Self::deposit_event(Event::AttesterReported {
					network,
					round,
					operator: attester.operator,
				}),
				Err(error) => Self::deposit_event(Event::AttesterReportFailed {
					network,
					round,
					operator: attester.operator,
					error,
				}),
			}
		}
		Self::continue_slashing(network, round, checkpoint, now);
	}

	/// Store `checkpoint` with its attesters left to report on the agenda of the next block, or
	/// remove it when none is left.
	fn continue_slashing(
		network: NetworkId,
		round: u64,
		mut checkpoint: CheckpointOf<T>,
		now: BlockNumberFor<T>,
	) {
		if checkpoint.attesters.is_empty() {
			Self::close_checkpoint(network, round);
			Self::deposit_event(Event::CheckpointPunished { network, round });
			return;
		}
		match Self::schedule(
			now.saturating_add(1u32.into()),
			AgendaItem::SlashAttesters(network, round),
		) {
			Ok(at) => {
				checkpoint.task_at = at;
				Checkpoints::<T>::insert(network, round, checkpoint);
			},
			Err(_) => {
				log::error!(
					target: LOG_TARGET,
					"no room on the agenda to report the attesters of {network}/{round}"
				);
				Self::close_checkpoint(network, round);
			},
		}
	}
}
