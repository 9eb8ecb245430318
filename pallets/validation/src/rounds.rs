//! Rounds: a network's parameters, committees drawn by stake from its validator set, signed
//! attestations, the two-thirds rule that makes a checkpoint pending, no-shows and escalation,
//! and finality at the end of the challenge window.

use crate::*;
use codec::Encode;
use frame_support::traits::Get;
use frame_support::{ensure, traits::Randomness, BoundedVec};
use sp_runtime::{traits::Zero, DispatchError, DispatchResult};
use sp_runtime::{
	traits::{Saturating, UniqueSaturatedInto},
	MultiSignature,
};
use ssp_primitives::{
	committee::{self, is_supermajority, sample_by_stake},
	keys, NetworkId, NetworkRegistry, SlashWindows,
};

/// The tag of the randomness subject a committee is drawn with.
const SEED_CONTEXT: [u8; 16] = *b"SSP/checkpoint/1";

impl<T: Config> Pallet<T> {
	pub(crate) fn check_params(params: &ParamsOf<T>) -> DispatchResult {
		ensure!(
			(1..=<T as Config>::MaxCommittee::get()).contains(&params.committee_size)
				&& params.no_show_threshold <= params.committee_size,
			Error::<T>::BadCommitteeSize
		);
		ensure!(
			params.checkpoint_interval >= T::MinCheckpointInterval::get()
				&& !params.attestation_window.is_zero()
				&& params.attestation_window <= params.checkpoint_interval,
			Error::<T>::BadInterval
		);
		let windows = params
			.attestation_window
			.saturating_add(params.challenge_window)
			.saturating_add(params.dispute_window);
		let half = <T as pallet_ssp_keys::Config>::Restaking::reporting_window() / 2u32.into();
		ensure!(
			!params.challenge_window.is_zero()
				&& !params.dispute_window.is_zero()
				&& windows <= half,
			Error::<T>::BadWindows
		);
		ensure!(params.challenger_bond >= T::MinChallengerBond::get(), Error::<T>::BondTooSmall);
		ensure!(
			!params.attester_slash.is_zero() && !params.challenger_slash.is_zero(),
			Error::<T>::ZeroSlash
		);
		Ok(())
	}

	pub(crate) fn do_configure(network: NetworkId, params: ParamsOf<T>) -> DispatchResult {
		ensure!(pallet_ssp_keys::Validation::<T>::contains_key(network), Error::<T>::NotValidated);
		Self::check_params(&params)?;
		if !Params::<T>::contains_key(network) {
			let occupied = Self::occupies(network);
			ensure!(
				occupied || Occupied::<T>::get() < T::MaxNetworks::get(),
				Error::<T>::TooManyNetworks
			);
			if !occupied {
				Occupied::<T>::mutate(|n| *n = n.saturating_add(1));
			}
			let at = Self::schedule(
				Self::now().saturating_add(1u32.into()),
				AgendaItem::OpenRound(network),
			)?;
			RoundTaskAt::<T>::insert(network, at);
		}
		Params::<T>::insert(network, params);
		Self::deposit_event(Event::CheckpointsConfigured { network, params });
		Ok(())
	}

	/// Whether `network` counts against `MaxNetworks`: validated by checkpoints, or with
	/// checkpoints open.
	pub(crate) fn occupies(network: NetworkId) -> bool {
		Params::<T>::contains_key(network) || OpenCheckpoints::<T>::get(network) > 0
	}

	/// Stop rounds of `network`: its parameters, open round and round task go; its open
	/// checkpoints run to their end (and the network counts against `MaxNetworks` until then).
	pub(crate) fn stop(network: NetworkId) {
		let was = Self::occupies(network);
		Params::<T>::remove(network);
		if was && !Self::occupies(network) {
			Occupied::<T>::mutate(|n| *n = n.saturating_sub(1));
		}
		Rounds::<T>::remove(network);
		if RoundTaskAt::<T>::take(network).is_some() {
			Agenda::<T>::mutate(|agenda| {
				agenda.retain(|(_, t)| {
					!matches!(t, AgendaItem::OpenRound(n) | AgendaItem::CloseRound(n, ..) if *n == network)
				})
			});
		}
		Self::deposit_event(Event::CheckpointsStopped { network });
	}

	/// The seed of round `round`'s committee at escalation `level`, from the runtime's
	/// randomness.
	pub(crate) fn seed(network: NetworkId, round: u64, level: u8) -> [u8; 32] {
		let subject = (SEED_CONTEXT, network, round, level).encode();
		let (random, _) = T::Randomness::random(&subject);
		sp_io::hashing::blake2_256(random.as_ref())
	}

	/// A committee of up to `size` operators of `network`'s current validator set, drawn by
	/// stake with `seed`; with the set's epoch. `None` when the network has no set with stake.
	pub(crate) fn draw(
		network: NetworkId,
		size: u32,
		seed: &[u8; 32],
	) -> Option<(u64, CommitteeOf<T>)> {
		let epoch = pallet_ssp_keys::Epochs::<T>::get(network)?.current;
		let set = pallet_ssp_keys::ValidatorSets::<T>::get(network, epoch)?;
		let stakes: alloc::vec::Vec<u128> =
			set.validators.iter().map(|v| v.weight.unique_saturated_into()).collect();
		let size = size.min(<T as Config>::MaxCommittee::get());
		let members: alloc::vec::Vec<MemberOf<T>> = sample_by_stake(&stakes, size, seed)
			.into_iter()
			.filter_map(|i| set.validators.get(i))
			.map(|v| Member { operator: v.operator.clone(), key: v.key, weight: v.weight })
			.collect();
		let committee = BoundedVec::truncate_from(members);
		(!committee.is_empty()).then_some((epoch, committee))
	}

	/// Open `network`'s next round: a committee drawn from its current set. A network that
	/// left the registry, or is no longer validated by the keys pallet, stops; one with
	/// `MaxOpenCheckpoints` open, or no set with stake, waits an interval.
	pub(crate) fn open_round(network: NetworkId, now: BlockNumberFor<T>) {
		RoundTaskAt::<T>::remove(network);
		let Some(params) = Params::<T>::get(network) else { return };
		if !<T as pallet_ssp_keys::Config>::Networks::is_registered(network)
			|| !pallet_ssp_keys::Validation::<T>::contains_key(network)
		{
			Self::stop(network);
			return;
		}
		let later = now.saturating_add(params.checkpoint_interval);
		let round = NextRound::<T>::get(network);
		let seed = Self::seed(network, round, 0);
		let drawn = if OpenCheckpoints::<T>::get(network) < T::MaxOpenCheckpoints::get() {
			Self::draw(network, params.committee_size, &seed)
		} else {
			None
		};
		let Some((epoch, committee)) = drawn else {
			Self::deposit_event(Event::RoundWaiting { network });
			Self::schedule_round_task(network, later, AgendaItem::OpenRound(network));
			return;
		};
		let closes_at = now.saturating_add(params.attestation_window);
		Self::begin_attempt(network, round, 0, (epoch, seed, committee), now, closes_at);
		NextRound::<T>::insert(network, round.saturating_add(1));
	}

	/// Store round `round` of `network` at escalation `level` with its drawn committee (and
	/// the set's epoch and the seed), announce it, and put its close on the agenda.
	fn begin_attempt(
		network: NetworkId,
		round: u64,
		level: u8,
		(epoch, seed, committee): (u64, [u8; 32], CommitteeOf<T>),
		opened_at: BlockNumberFor<T>,
		closes_at: BlockNumberFor<T>,
	) {
		Self::deposit_event(Event::RoundOpened {
			network,
			round,
			level,
			epoch,
			committee: committee.iter().map(|m| m.operator.clone()).collect(),
			closes_at,
		});
		Rounds::<T>::insert(
			network,
			Round {
				round,
				level,
				epoch,
				seed,
				opened_at,
				closes_at,
				pended: false,
				committee,
				attestations: BoundedVec::new(),
			},
		);
		Self::schedule_round_task(
			network,
			closes_at,
			AgendaItem::CloseRound(network, round, level),
		);
	}

	pub(crate) fn do_attest(
		who: T::AccountId,
		network: NetworkId,
		round: u64,
		claim: [u8; 32],
		signature: MultiSignature,
	) -> DispatchResult {
		let mut open = Rounds::<T>::get(network).ok_or(Error::<T>::NotCurrentRound)?;
		ensure!(open.round == round, Error::<T>::NotCurrentRound);
		let now = Self::now();
		ensure!(now < open.closes_at, Error::<T>::RoundClosed);
		let index = open
			.committee
			.iter()
			.position(|m| m.operator == who)
			.ok_or(Error::<T>::NotInCommittee)?;
		let member = open.committee.get(index).cloned().ok_or(Error::<T>::NotInCommittee)?;
		let index = index as u32;
		ensure!(!open.attestations.iter().any(|a| a.member == index), Error::<T>::AlreadyAttested);
		let statement = committee::attestation(network, open.epoch, round, claim);
		let message =
			keys::statement_message(&pallet_ssp_keys::Pallet::<T>::genesis_hash(), &statement);
		ensure!(keys::verify(&member.key, &message, &signature), Error::<T>::BadSignature);
		open.attestations
			.try_push(Attestation { member: index, claim, at: now })
			.map_err(|_| Error::<T>::AlreadyAttested)?;
		Self::deposit_event(Event::Attested { network, round, operator: who.clone(), claim });

		if open.pended {
			// Late members attesting the pending claim vouch for it too, while it is open.
			if let Some(mut checkpoint) = Checkpoints::<T>::get(network, round) {
				if checkpoint.claim == claim {
					checkpoint
						.attesters
						.try_push(Attester { operator: who, at: now })
						.map_err(|_| Error::<T>::AlreadyAttested)?;
					Checkpoints::<T>::insert(network, round, checkpoint);
				}
			}
		} else {
			open.pended = Self::pend_if_supermajority(network, &open, claim, now)?;
		}
		Rounds::<T>::insert(network, open);
		Ok(())
	}

	/// Make `claim` checkpoint `open.round` if two thirds of the committee's stake attested it;
	/// whether it did.
	fn pend_if_supermajority(
		network: NetworkId,
		open: &RoundOf<T>,
		claim: [u8; 32],
		now: BlockNumberFor<T>,
	) -> Result<bool, DispatchError> {
		let weight_of = |a: &Attestation<BlockNumberFor<T>>| -> u128 {
			open.committee
				.get(a.member as usize)
				.map(|m| m.weight.unique_saturated_into())
				.unwrap_or(0)
		};
		let total = open
			.committee
			.iter()
			.fold(0u128, |t, m| t.saturating_add(m.weight.unique_saturated_into()));
		let attested = open
			.attestations
			.iter()
			.filter(|a| a.claim == claim)
			.fold(0u128, |t, a| t.saturating_add(weight_of(a)));
		if !is_supermajority(attested, total) {
			return Ok(false);
		}
		let params = Params::<T>::get(network).ok_or(Error::<T>::NoCheckpoints)?;
		let challenge_until = now.saturating_add(params.challenge_window);
		let task_at = Self::schedule(challenge_until, AgendaItem::Finalize(network, open.round))?;
		let attesters = open
			.attestations
			.iter()
			.filter(|a| a.claim == claim)
			.filter_map(|a| {
				open.committee
					.get(a.member as usize)
					.map(|m| Attester { operator: m.operator.clone(), at: a.at })
			})
			.collect::<alloc::vec::Vec<_>>();
		Checkpoints::<T>::insert(
			network,
			open.round,
			Checkpoint {
				claim,
				epoch: open.epoch,
				pending_at: now,
				challenge_until,
				status: CheckpointStatus::Pending,
				task_at,
				attesters: BoundedVec::truncate_from(attesters),
				terms: Terms {
					challenger_bond: params.challenger_bond,
					attester_slash: params.attester_slash,
					challenger_slash: params.challenger_slash,
					dispute_window: params.dispute_window,
				},
			},
		);
		OpenCheckpoints::<T>::mutate(network, |n| *n = n.saturating_add(1));
		Self::deposit_event(Event::CheckpointPending {
			network,
			round: open.round,
			claim,
			challenge_until,
		});
		Ok(true)
	}

	/// Close round `round` at `level`: members who did not attest are no-shows; a round without
	/// a pending checkpoint and with at least `no_show_threshold` no-shows is drawn again with a
	/// committee twice as large (up to `MaxEscalations` times), otherwise it ends (missed, if
	/// nothing is pending) and the next opens an interval after this one opened.
	pub(crate) fn close_round(network: NetworkId, round: u64, level: u8, now: BlockNumberFor<T>) {
		let Some(open) = Rounds::<T>::get(network) else { return };
		if open.round != round || open.level != level {
			return;
		}
		RoundTaskAt::<T>::remove(network);
		let no_shows: alloc::vec::Vec<T::AccountId> = open
			.committee
			.iter()
			.enumerate()
			.filter(|(i, _)| !open.attestations.iter().any(|a| a.member as usize == *i))
			.map(|(_, m)| m.operator.clone())
			.collect();
		for operator in &no_shows {
			NoShows::<T>::mutate(network, operator, |n| *n = n.saturating_add(1));
		}
		if !no_shows.is_empty() {
			Self::deposit_event(Event::NoShows { network, round, operators: no_shows.clone() });
		}
		let Some(params) = Params::<T>::get(network) else {
			Rounds::<T>::remove(network);
			return;
		};
		let pending = open.pended;
		if !pending
			&& no_shows.len() as u32 >= params.no_show_threshold
			&& (level as u32) < T::MaxEscalations::get()
		{
			let next_level = level.saturating_add(1);
			let size = params.committee_size.saturating_mul(1u32 << next_level.min(31));
			let seed = Self::seed(network, round, next_level);
			if let Some((epoch, committee)) = Self::draw(network, size, &seed) {
				let closes_at = now.saturating_add(params.attestation_window);
				let drawn = (epoch, seed, committee);
				Self::begin_attempt(network, round, next_level, drawn, open.opened_at, closes_at);
				return;
			}
		}
		if !pending {
			Self::deposit_event(Event::RoundMissed { network, round });
		}
		Rounds::<T>::remove(network);
		let next = open
			.opened_at
			.saturating_add(params.checkpoint_interval)
			.max(now.saturating_add(1u32.into()));
		Self::schedule_round_task(network, next, AgendaItem::OpenRound(network));
	}

	/// Make checkpoint `round` final if it is still pending (its challenge window is over).
	pub(crate) fn finalize(network: NetworkId, round: u64, now: BlockNumberFor<T>) {
		if let Some(checkpoint) = Checkpoints::<T>::get(network, round) {
			if checkpoint.status == CheckpointStatus::Pending {
				Self::make_final(network, round, &checkpoint, now);
			}
		}
	}

	/// `checkpoint` is final: it leaves `Checkpoints` and becomes the latest final one unless a
	/// later round already is.
	pub(crate) fn make_final(
		network: NetworkId,
		round: u64,
		checkpoint: &CheckpointOf<T>,
		now: BlockNumberFor<T>,
	) {
		Self::close_checkpoint(network, round);
		LatestFinal::<T>::mutate(network, |latest| {
			if latest.as_ref().is_none_or(|l| l.round < round) {
				*latest = Some(FinalCheckpoint {
					round,
					claim: checkpoint.claim,
					epoch: checkpoint.epoch,
					finalized_at: now,
				});
			}
		});
		Self::deposit_event(Event::CheckpointFinalized { network, round, claim: checkpoint.claim });
	}

	/// Remove checkpoint `round` from the open ones.
	pub(crate) fn close_checkpoint(network: NetworkId, round: u64) {
		let was = Self::occupies(network);
		Checkpoints::<T>::remove(network, round);
		OpenCheckpoints::<T>::mutate_exists(network, |n| {
			let left = n.unwrap_or(0).saturating_sub(1);
			*n = (left > 0).then_some(left);
		});
		if was && !Self::occupies(network) {
			Occupied::<T>::mutate(|n| *n = n.saturating_sub(1));
		}
	}
}
