//! Views for the runtime API, and the invariants `try_state` checks.

use crate::*;
use frame_support::traits::Get;
use ssp_primitives::NetworkId;

/// Views for the runtime API.
impl<T: Config> Pallet<T> {
	/// `network`'s latest final checkpoint.
	pub fn latest_final(network: NetworkId) -> Option<FinalCheckpoint<BlockNumberFor<T>>> {
		LatestFinal::<T>::get(network)
	}

	/// `network`'s checkpoints not final yet, by round.
	pub fn open_checkpoints(
		network: NetworkId,
	) -> alloc::vec::Vec<CheckpointView<T::AccountId, BalanceOf<T>, BlockNumberFor<T>>> {
		let mut open: alloc::vec::Vec<_> = Checkpoints::<T>::iter_prefix(network)
			.map(|(round, c)| CheckpointView {
				round,
				claim: c.claim,
				epoch: c.epoch,
				pending_at: c.pending_at,
				challenge_until: c.challenge_until,
				status: c.status,
				attesters: c.attesters.into_inner(),
				terms: c.terms,
			})
			.collect();
		open.sort_by_key(|c| c.round);
		open
	}

	/// `network`'s open disputes, by round, with the stake counted so far.
	pub fn disputes(network: NetworkId) -> alloc::vec::Vec<DisputeViewOf<T>> {
		let mut disputes: alloc::vec::Vec<_> = Disputes::<T>::iter_prefix(network)
			.map(|(round, d)| {
				let (valid, invalid, total) = Self::tally(&d);
				DisputeView {
					round,
					claim: Checkpoints::<T>::get(network, round)
						.map(|c| c.claim)
						.unwrap_or_default(),
					challenger: d.challenger,
					bond: d.bond,
					epoch: d.epoch,
					closes_at: d.closes_at,
					verdict: d.verdict,
					valid,
					invalid,
					total,
					voters: d.voters.into_inner(),
				}
			})
			.collect();
		disputes.sort_by_key(|d| d.round);
		disputes
	}

	/// `network`'s open round, if `round` is it (or `None` for whichever is open): its
	/// committee and attestations. Earlier rounds' committees are in their `RoundOpened`
	/// events.
	pub fn round(
		network: NetworkId,
		round: Option<u64>,
	) -> Option<RoundView<T::AccountId, StakeOf<T>, BlockNumberFor<T>>> {
		let open = Rounds::<T>::get(network)?;
		if round.is_some_and(|r| r != open.round) {
			return None;
		}
		Some(RoundView {
			network,
			round: open.round,
			level: open.level,
			epoch: open.epoch,
			seed: open.seed,
			closes_at: open.closes_at,
			committee: open.committee.into_inner(),
			attestations: open.attestations.into_inner(),
		})
	}

	/// `network`'s checkpoint parameters, if it is validated by checkpoints.
	pub fn params(network: NetworkId) -> Option<ParamsOf<T>> {
		Params::<T>::get(network)
	}
}

impl<T: Config> Pallet<T> {
	/// The invariants of the pallet's storage:
	///
	/// - each network validated by checkpoints has exactly one round task on the agenda, at
	///   `RoundTaskAt`: `OpenRound` without an open round, `CloseRound` of its round and level
	///   with one; no other network has a round task or an open round;
	/// - each open checkpoint has exactly one task at its `task_at`, the one of its status
	///   (`Finalize`, `CloseDispute`, `JailNonVoters`, `SlashAttesters`), and a dispute exactly
	///   when disputed (without a verdict) or concluding (with one);
	///   `OpenCheckpoints` counts them, at most `MaxOpenCheckpoints` per network;
	/// - the agenda holds nothing else, in the order tasks are due;
	/// - an open round's attestations are of distinct members of its committee, its committee
	///   of distinct operators; a checkpoint's attesters are distinct;
	/// - each challenger's held bonds are the sum of the bonds of its disputes without a verdict.
	#[cfg(any(feature = "std", feature = "try-runtime", feature = "runtime-benchmarks"))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::{btree_map::BTreeMap, btree_set::BTreeSet};
		use frame_support::{ensure, traits::fungible::InspectHold};
		use sp_runtime::traits::Saturating;

		let mut expected: BTreeMap<(BlockNumberFor<T>, AgendaItem), u32> = BTreeMap::new();
		let occupied = Params::<T>::iter_keys()
			.chain(OpenCheckpoints::<T>::iter_keys())
			.collect::<alloc::collections::btree_set::BTreeSet<_>>()
			.len() as u32;
		ensure!(Occupied::<T>::get() == occupied, "Occupied is off");
		ensure!(occupied <= T::MaxNetworks::get(), "more networks than MaxNetworks");
		for (network, _) in Params::<T>::iter() {
			let at = RoundTaskAt::<T>::get(network).ok_or("a network without a round task")?;
			let task = match Rounds::<T>::get(network) {
				Some(open) => AgendaItem::CloseRound(network, open.round, open.level),
				None => AgendaItem::OpenRound(network),
			};
			*expected.entry((at, task)).or_default() += 1;
		}
		ensure!(
			RoundTaskAt::<T>::iter_keys().all(Params::<T>::contains_key),
			"a round task of a network not validated by checkpoints"
		);
		for (network, open) in Rounds::<T>::iter() {
			ensure!(Params::<T>::contains_key(network), "a round of a stopped network");
			let members: BTreeSet<_> = open.committee.iter().map(|m| &m.operator).collect();
			ensure!(members.len() == open.committee.len(), "a committee names an operator twice");
			let attested: BTreeSet<_> = open.attestations.iter().map(|a| a.member).collect();
			ensure!(attested.len() == open.attestations.len(), "a member attested twice");
			ensure!(
				attested.iter().all(|m| (*m as usize) < open.committee.len()),
				"an attestation of no member"
			);
		}

		let mut counts: BTreeMap<NetworkId, u32> = BTreeMap::new();
		for (network, round, checkpoint) in Checkpoints::<T>::iter() {
			*counts.entry(network).or_default() += 1;
			let task = match checkpoint.status {
				CheckpointStatus::Pending => AgendaItem::Finalize(network, round),
				CheckpointStatus::Disputed => AgendaItem::CloseDispute(network, round),
				CheckpointStatus::Concluding => AgendaItem::JailNonVoters(network, round),
				CheckpointStatus::Slashing { .. } => AgendaItem::SlashAttesters(network, round),
			};
			*expected.entry((checkpoint.task_at, task)).or_default() += 1;
			// A dispute while disputed (no verdict yet) or concluding (with one), and only then.
			let disputed = matches!(
				checkpoint.status,
				CheckpointStatus::Disputed | CheckpointStatus::Concluding
			);
			ensure!(
				Disputes::<T>::get(network, round).map(|d| d.verdict.is_some())
					== disputed.then_some(checkpoint.status == CheckpointStatus::Concluding),
				"a dispute without a disputed checkpoint, or the reverse, or a verdict out of step"
			);
			let attesters: BTreeSet<_> = checkpoint.attesters.iter().map(|a| &a.operator).collect();
			ensure!(attesters.len() == checkpoint.attesters.len(), "an attester twice");
		}
		for (network, count) in &counts {
			ensure!(OpenCheckpoints::<T>::get(network) == *count, "OpenCheckpoints is off");
			ensure!(*count <= T::MaxOpenCheckpoints::get(), "more open checkpoints than allowed");
		}
		ensure!(
			OpenCheckpoints::<T>::iter().all(|(n, c)| counts.get(&n) == Some(&c)),
			"OpenCheckpoints counts a network without checkpoints"
		);

		let agenda = Agenda::<T>::get();
		ensure!(agenda.windows(2).all(|w| w[0].0 <= w[1].0), "the agenda is not in order");
		let mut found: BTreeMap<(BlockNumberFor<T>, AgendaItem), u32> = BTreeMap::new();
		for (at, task) in agenda {
			*found.entry((at, task)).or_default() += 1;
		}
		ensure!(found == expected, "the agenda differs from the networks' and checkpoints' tasks");

		let mut bonds: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		// A bond is held until its dispute's verdict.
		for (_, _, dispute) in Disputes::<T>::iter().filter(|(_, _, d)| d.verdict.is_none()) {
			let held = bonds.entry(dispute.challenger).or_default();
			*held = held.saturating_add(dispute.bond);
		}
		for (who, bond) in bonds {
			ensure!(
				<T as Config>::Currency::balance_on_hold(&HoldReason::ChallengerBond.into(), &who)
					== bond,
				"a challenger's held bond differs from its disputes'"
			);
		}
		Ok(())
	}
}
