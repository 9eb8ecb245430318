//! Committees sampled by stake, and stake-weighted supermajorities: the arithmetic of optimistic
//! validation (a small committee attests, the whole restaked pool is the backstop).
//!
//! [`sample_by_stake`] draws `k` distinct candidates, each draw with probability proportional to
//! the stake of the candidates not drawn yet, from a 32-byte seed (on chain: BABE's VRF output
//! of the epoch, or the runtime's `Randomness`): the same seed and candidates give the same
//! committee, so anyone can check it. [`is_supermajority`] is the two-thirds rule of checkpoints
//! and disputes.

use crate::{keys::Statement, NetworkId};
use alloc::vec::Vec;
use codec::Encode;
use sp_runtime::{
	helpers_128bit::multiply_by_rational_with_rounding,
	traits::{BlakeTwo256, Hash},
	Rounding,
};

fn blake2_256(data: &[u8]) -> [u8; 32] {
	BlakeTwo256::hash(data).0
}

/// The tag hashed with the seed and the draw's index: a committee's randomness is used for
/// nothing else.
pub const COMMITTEE_CONTEXT: [u8; 16] = *b"SSP/committee/v1";

/// Draws `k` distinct indices of `stakes` (all of those with stake if fewer), each draw with
/// probability proportional to the stake of the candidates not drawn yet. Candidates without
/// stake are never drawn. Costs O(`k` × `stakes.len()`) and `k` hashes.
///
/// Draw `i` takes the first 16 bytes of `blake2_256(COMMITTEE_CONTEXT ‖ seed ‖ i (u32 LE))` as a
/// little-endian `u128`, reduced modulo the stake left, and walks the candidates left in their
/// order (the bias of the reduction is below `total / 2^128`).
pub fn sample_by_stake(stakes: &[u128], k: u32, seed: &[u8; 32]) -> Vec<usize> {
	let mut left: Vec<(usize, u128)> =
		stakes.iter().copied().enumerate().filter(|(_, s)| *s > 0).collect();
	let mut total: u128 = left.iter().fold(0u128, |t, (_, s)| t.saturating_add(*s));
	let mut drawn = Vec::with_capacity(left.len().min(k as usize));
	for i in 0..k {
		if left.is_empty() || total == 0 {
			break;
		}
		let hash = blake2_256(&(COMMITTEE_CONTEXT, seed, i).encode());
		let mut bytes = [0u8; 16];
		bytes.copy_from_slice(&hash[..16]);
		let mut point = u128::from_le_bytes(bytes) % total;
		let mut at = left.len().saturating_sub(1);
		for (j, (_, stake)) in left.iter().enumerate() {
			if point < *stake {
				at = j;
				break;
			}
			point = point.saturating_sub(*stake);
		}
		let (index, stake) = left.remove(at);
		total = total.saturating_sub(stake);
		drawn.push(index);
	}
	drawn
}

/// The flag set in a statement's round when it is a dispute vote, so that a vote and an
/// attestation of the same round are different rounds: conflicting attestations, or conflicting
/// votes, of one key are equivocations; an attestation and a vote are not.
pub const VOTE_ROUND_FLAG: u64 = 1 << 63;

/// The flag set in a statement's round when it is a checkpoint attestation, so that an
/// attestation is never the same round as a statement of the child network's own consensus
/// (whose rounds stay below 2^62): the two top bits of a round are reserved for checkpoints.
pub const ATTESTATION_ROUND_FLAG: u64 = 1 << 62;

/// The tag hashed into a vote's payload.
pub const VOTE_CONTEXT: [u8; 16] = *b"SSP/dispute/v1\0\0";

/// What a committee member signs to attest `claim` as checkpoint `round` of `network`, the
/// committee being drawn from the validator set of `epoch` (the keys pallet's epoch): round
/// `round | ATTESTATION_ROUND_FLAG`, payload `claim`. A checkpoint has one claim at every
/// escalation level: two claims for one checkpoint by one key are an equivocation.
pub fn attestation(network: NetworkId, epoch: u64, round: u64, claim: [u8; 32]) -> Statement {
	let round = (round & !VOTE_ROUND_FLAG) | ATTESTATION_ROUND_FLAG;
	Statement { network, epoch, round, payload: claim }
}

/// What an operator signs to vote, in the dispute over checkpoint `round` of `network` whose
/// claim is `claim`, that the checkpoint is `valid` or not; `epoch` is that of the voters' set.
/// The payload is `blake2_256(VOTE_CONTEXT ‖ claim ‖ valid)`: a vote for and a vote against are
/// two payloads of one round, an equivocation.
pub fn vote(network: NetworkId, epoch: u64, round: u64, claim: [u8; 32], valid: bool) -> Statement {
	Statement {
		network,
		epoch,
		round: (round & !ATTESTATION_ROUND_FLAG) | VOTE_ROUND_FLAG,
		payload: blake2_256(&(VOTE_CONTEXT, claim, valid).encode()),
	}
}

/// Whether `part` is at least two thirds of `total` (rounded up): the stake that makes a
/// checkpoint pending or decides a dispute. Nothing is a supermajority of nothing.
pub fn is_supermajority(part: u128, total: u128) -> bool {
	if total == 0 {
		return false;
	}
	let threshold = multiply_by_rational_with_rounding(total, 2, 3, Rounding::Up).unwrap_or(total);
	part >= threshold
}

#[cfg(test)]
mod tests {
	use super::*;

	fn seed(i: u32) -> [u8; 32] {
		blake2_256(&i.to_le_bytes())
	}

	#[test]
	fn a_committee_is_distinct_reproducible_and_never_holds_a_candidate_without_stake() {
		let stakes = [5, 0, 3, 9, 1, 0, 7];
		let committee = sample_by_stake(&stakes, 4, &seed(1));
		assert_eq!(committee.len(), 4);
		let mut sorted = committee.clone();
		sorted.sort();
		sorted.dedup();
		assert_eq!(sorted.len(), 4, "distinct");
		assert!(committee.iter().all(|i| stakes[*i] > 0));
		assert_eq!(sample_by_stake(&stakes, 4, &seed(1)), committee, "same seed, same committee");
		assert_ne!(sample_by_stake(&stakes, 4, &seed(2)), committee, "another seed, another draw");
		// Asking for more than there are with stake gives all of them, once.
		let mut all = sample_by_stake(&stakes, 10, &seed(3));
		all.sort();
		assert_eq!(all, vec![0, 2, 3, 4, 6]);
		assert!(sample_by_stake(&[0, 0], 3, &seed(4)).is_empty());
		assert!(sample_by_stake(&[], 3, &seed(4)).is_empty());
	}

	#[test]
	fn a_seat_is_drawn_in_proportion_to_stake() {
		// Over 20,000 seeds the first seat goes to stakes 1 : 2 : 7 about 2,000 : 4,000 : 14,000
		// times (seeds are fixed: the counts are exact, the tolerance is that of a fair draw).
		let stakes = [1u128, 2, 7];
		let mut counts = [0u32; 3];
		for i in 0..20_000 {
			counts[sample_by_stake(&stakes, 1, &seed(i))[0]] += 1;
		}
		println!("committee: first seats {counts:?} of 20,000 for stakes 1 : 2 : 7");
		for (count, expected) in counts.iter().zip([2_000u32, 4_000, 14_000]) {
			assert!(count.abs_diff(expected) < 250, "{counts:?}");
		}
	}

	#[test]
	fn a_fully_corrupt_committee_is_as_rare_as_the_hypergeometric_draw() {
		// 30 operators of equal stake, 10 of them (a third of the stake) the adversary's: a
		// committee of 5 is all theirs with probability C(10,5)/C(30,5) = 252/142,506 ≈ 0.177%
		// (docs/economics.md). Over 40,000 seeds: about 71.
		let stakes = [1_000u128; 30];
		let corrupt = (0..40_000)
			.filter(|i| sample_by_stake(&stakes, 5, &seed(*i)).iter().all(|m| *m < 10))
			.count();
		println!("committee: {corrupt} of 40,000 committees of 5 fully corrupt (expected ≈ 71)");
		assert!((45..=100).contains(&corrupt), "{corrupt} fully corrupt committees");
	}

	#[test]
	fn attestations_and_votes_of_one_round_are_different_rounds_and_votes_differ_by_verdict() {
		let claim = [7u8; 32];
		let attested = attestation(3, 2, 9, claim);
		assert_eq!(
			(attested.network, attested.epoch, attested.round),
			(3, 2, 9 | ATTESTATION_ROUND_FLAG)
		);
		// A child network's own statement of round 9 (rounds below 2^62) is another round.
		assert_ne!(attested.round, 9);
		assert_eq!(attested.payload, claim);
		let aye = vote(3, 2, 9, claim, true);
		let nay = vote(3, 2, 9, claim, false);
		assert_eq!(aye.round, 9 | VOTE_ROUND_FLAG);
		assert_eq!(aye.round, nay.round);
		assert_ne!(aye.payload, nay.payload, "a vote for and against is an equivocation");
		assert_ne!(aye.round, attested.round, "a vote is not an attestation's equivocation");
		assert_ne!(vote(3, 2, 9, [8u8; 32], true).payload, aye.payload);
	}

	#[test]
	fn two_thirds_of_the_stake_is_a_supermajority_and_less_is_not() {
		assert!(is_supermajority(2, 3));
		assert!(!is_supermajority(1, 3));
		assert!(is_supermajority(667, 1_000));
		assert!(!is_supermajority(666, 1_000));
		assert!(is_supermajority(u128::MAX, u128::MAX));
		assert!(!is_supermajority(u128::MAX / 3 * 2 - 1, u128::MAX));
		assert!(!is_supermajority(0, 0));
	}
}
