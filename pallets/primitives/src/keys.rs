//! What an operator's key for a child network signs, and how the parent chain checks it: the
//! proof that an operator holds a key, the statements a network's validators sign each round,
//! and what makes two statements an equivocation.
//!
//! A child network's client signs the SCALE encoding of a context tag, the parent chain's genesis
//! hash and the data, so that a signature is valid for one purpose on one parent chain only:
//!
//! - proof of possession: `(POSSESSION_CONTEXT, genesis_hash, network, operator)`;
//! - statement: `(STATEMENT_CONTEXT, genesis_hash, Statement { network, epoch, round, payload })`.
//!
//! Keys are sr25519 or ed25519 ([`KeyScheme`]), stored as [`NetworkKey`] (encoded as the first
//! two variants of `sp_runtime::MultiSigner`, so a client that encodes a `MultiSigner` sends the
//! same bytes), with `MultiSignature` signatures, the types wallets and `subxt`/`@polkadot/api`
//! already encode.

use crate::NetworkId;
use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_core::{ed25519, sr25519};
use sp_runtime::{
	traits::{IdentifyAccount, Verify},
	MultiSignature, MultiSigner,
};

/// The tag of a proof of possession.
pub const POSSESSION_CONTEXT: [u8; 16] = *b"SSP/possession/1";
/// The tag of a statement.
pub const STATEMENT_CONTEXT: [u8; 16] = *b"SSP/statement/v1";

/// The signature schemes a network may declare for its validators' keys.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	TypeInfo,
	MaxEncodedLen,
	serde::Serialize,
	serde::Deserialize,
)]
pub enum KeyScheme {
	/// Schnorr over Ristretto25519 (BABE, most Substrate chains).
	Sr25519,
	/// Ed25519 (GRANDPA, Tendermint/CometBFT).
	Ed25519,
}

impl KeyScheme {
	/// The scheme of `key`.
	pub fn of(key: &NetworkKey) -> Self {
		match key {
			NetworkKey::Sr25519(_) => Self::Sr25519,
			NetworkKey::Ed25519(_) => Self::Ed25519,
		}
	}

	/// Whether `signature` is of this scheme.
	fn matches(self, signature: &MultiSignature) -> bool {
		matches!(
			(self, signature),
			(Self::Sr25519, MultiSignature::Sr25519(_))
				| (Self::Ed25519, MultiSignature::Ed25519(_))
		)
	}
}

/// An operator's public key for one child network, in a scheme networks may declare.
///
/// Encoded as `MultiSigner::Ed25519` (index 0) and `MultiSigner::Sr25519` (index 1): one variant
/// byte and the 32-byte public key.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Debug,
	TypeInfo,
	MaxEncodedLen,
	serde::Serialize,
	serde::Deserialize,
)]
pub enum NetworkKey {
	/// An ed25519 public key.
	#[codec(index = 0)]
	Ed25519(ed25519::Public),
	/// An sr25519 public key.
	#[codec(index = 1)]
	Sr25519(sr25519::Public),
}

impl From<NetworkKey> for MultiSigner {
	fn from(key: NetworkKey) -> Self {
		match key {
			NetworkKey::Ed25519(k) => MultiSigner::Ed25519(k),
			NetworkKey::Sr25519(k) => MultiSigner::Sr25519(k),
		}
	}
}

impl TryFrom<MultiSigner> for NetworkKey {
	type Error = ();

	/// An ed25519 or sr25519 key; `Err` for a scheme networks cannot declare.
	fn try_from(key: MultiSigner) -> Result<Self, ()> {
		match key {
			MultiSigner::Ed25519(k) => Ok(Self::Ed25519(k)),
			MultiSigner::Sr25519(k) => Ok(Self::Sr25519(k)),
			_ => Err(()),
		}
	}
}

impl From<sr25519::Public> for NetworkKey {
	fn from(key: sr25519::Public) -> Self {
		Self::Sr25519(key)
	}
}

impl From<ed25519::Public> for NetworkKey {
	fn from(key: ed25519::Public) -> Self {
		Self::Ed25519(key)
	}
}

/// What a network's validator signs in a round: `payload` (a block hash, a state root, any
/// 32-byte claim) for round `round` of `epoch` (or height) on `network`.
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub struct Statement {
	/// The network.
	pub network: NetworkId,
	/// The epoch, or the height, of the network.
	pub epoch: u64,
	/// The round within it.
	pub round: u64,
	/// What the validator vouches for.
	pub payload: [u8; 32],
}

/// Two statements signed by one key for the same round with different payloads: what a reporter
/// submits to prove an equivocation.
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo)]
pub struct EquivocationProof {
	/// The key that signed both statements.
	pub key: NetworkKey,
	/// The first statement.
	pub first: Statement,
	/// The key's signature of the first statement's message ([`statement_message`]).
	pub first_signature: MultiSignature,
	/// The second statement: same network, epoch and round, another payload.
	pub second: Statement,
	/// The key's signature of the second statement's message.
	pub second_signature: MultiSignature,
}

impl EquivocationProof {
	/// Checks that the proof is an equivocation by its key on the parent chain of `genesis`.
	pub fn check(&self, genesis: &[u8; 32]) -> Result<(), NotAnEquivocation> {
		check_equivocation(
			genesis,
			&self.key,
			(&self.first, &self.first_signature),
			(&self.second, &self.second_signature),
		)
	}

	/// What the chain keeps of the proof once it is checked: the key, the round and the two
	/// payloads, without the signatures (the extrinsic that carried them stays in its block).
	pub fn evidence(&self) -> Vec<u8> {
		(
			self.key,
			self.first.network,
			self.first.epoch,
			self.first.round,
			self.first.payload,
			self.second.payload,
		)
			.encode()
	}
}

/// The length of [`EquivocationProof::evidence`]: key (33), network (4), epoch (8), round (8),
/// two payloads (64).
pub const EQUIVOCATION_EVIDENCE_LEN: u32 = 33 + 4 + 8 + 8 + 64;

/// Why two signed statements do not prove an equivocation.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum NotAnEquivocation {
	/// They are for different networks, epochs or rounds.
	DifferentRounds,
	/// They vouch for the same payload.
	SamePayload,
	/// A signature is not the key's over its statement (or not of the key's scheme).
	BadSignature,
}

/// The bytes a key signs to prove that `operator` holds it for `network` on the parent chain
/// whose genesis hash is `genesis`.
pub fn possession_message<AccountId: Encode>(
	genesis: &[u8; 32],
	network: NetworkId,
	operator: &AccountId,
) -> Vec<u8> {
	(POSSESSION_CONTEXT, genesis, network, operator).encode()
}

/// The bytes a key signs for `statement` on the parent chain whose genesis hash is `genesis`.
pub fn statement_message(genesis: &[u8; 32], statement: &Statement) -> Vec<u8> {
	(STATEMENT_CONTEXT, genesis, statement).encode()
}

/// Whether `signature` is `key`'s over `message`, in `key`'s scheme.
pub fn verify(key: &NetworkKey, message: &[u8], signature: &MultiSignature) -> bool {
	KeyScheme::of(key).matches(signature)
		&& signature.verify(message, &MultiSigner::from(*key).into_account())
}

/// Checks that `a` and `b`, signed by `key`, are an equivocation: two statements for the same
/// network, epoch and round with different payloads, both signed by the key.
pub fn check_equivocation(
	genesis: &[u8; 32],
	key: &NetworkKey,
	a: (&Statement, &MultiSignature),
	b: (&Statement, &MultiSignature),
) -> Result<(), NotAnEquivocation> {
	let ((a, sig_a), (b, sig_b)) = (a, b);
	if (a.network, a.epoch, a.round) != (b.network, b.epoch, b.round) {
		return Err(NotAnEquivocation::DifferentRounds);
	}
	if a.payload == b.payload {
		return Err(NotAnEquivocation::SamePayload);
	}
	let signed =
		|s: &Statement, sig: &MultiSignature| verify(key, &statement_message(genesis, s), sig);
	if signed(a, sig_a) && signed(b, sig_b) {
		Ok(())
	} else {
		Err(NotAnEquivocation::BadSignature)
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use sp_core::{ed25519, sr25519, Pair};

	const GENESIS: [u8; 32] = [7; 32];

	fn statement(round: u64, payload: u8) -> Statement {
		Statement { network: 3, epoch: 11, round, payload: [payload; 32] }
	}

	/// A key, and signing with it.
	type Signer = (NetworkKey, Box<dyn Fn(&[u8]) -> MultiSignature>);

	fn sr() -> Signer {
		let pair = sr25519::Pair::from_string("//Alice", None).expect("dev seed");
		(pair.public().into(), Box::new(move |m: &[u8]| pair.sign(m).into()))
	}

	fn ed() -> Signer {
		let pair = ed25519::Pair::from_string("//Alice", None).expect("dev seed");
		(pair.public().into(), Box::new(move |m: &[u8]| pair.sign(m).into()))
	}

	#[test]
	fn a_possession_proof_verifies_for_its_operator_network_and_chain_only() {
		for (key, sign) in [sr(), ed()] {
			let proof = sign(&possession_message(&GENESIS, 3, &42u64));
			assert!(verify(&key, &possession_message(&GENESIS, 3, &42u64), &proof));
			assert!(!verify(&key, &possession_message(&GENESIS, 3, &43u64), &proof));
			assert!(!verify(&key, &possession_message(&GENESIS, 4, &42u64), &proof));
			assert!(!verify(&key, &possession_message(&[8; 32], 3, &42u64), &proof));
		}
	}

	#[test]
	fn a_statement_signature_is_bound_to_its_context_and_scheme() {
		let (key, sign) = sr();
		let s = statement(1, 1);
		// Signed without the context tag and genesis hash: not a statement of this chain.
		assert!(!verify(&key, &statement_message(&GENESIS, &s), &sign(&s.encode())));
		// A possession proof cannot be replayed as a statement.
		let proof = sign(&possession_message(&GENESIS, 3, &42u64));
		assert!(!verify(&key, &statement_message(&GENESIS, &s), &proof));
		// An ed25519 signature does not verify against an sr25519 key, nor the other way round.
		let (ed_key, ed_sign) = ed();
		assert!(!verify(&key, b"m", &ed_sign(b"m")));
		assert!(!verify(&ed_key, b"m", &sign(b"m")));
		assert_eq!(KeyScheme::of(&key), KeyScheme::Sr25519);
		assert_eq!(KeyScheme::of(&ed_key), KeyScheme::Ed25519);
	}

	#[test]
	fn the_signed_bytes_are_the_documented_layout() {
		// docs/architecture.md, "Keys and signed statements": fixed-size fields are raw bytes,
		// integers little-endian, no length prefixes.
		let s = Statement { network: 3, epoch: 11, round: 5, payload: [1; 32] };
		let mut expected = b"SSP/statement/v1".to_vec();
		expected.extend_from_slice(&GENESIS);
		expected.extend_from_slice(&3u32.to_le_bytes());
		expected.extend_from_slice(&11u64.to_le_bytes());
		expected.extend_from_slice(&5u64.to_le_bytes());
		expected.extend_from_slice(&[1; 32]);
		assert_eq!(statement_message(&GENESIS, &s), expected);
		assert_eq!(expected.len(), 16 + 32 + 4 + 8 + 8 + 32);

		let operator = [9u8; 32];
		let mut expected = b"SSP/possession/1".to_vec();
		expected.extend_from_slice(&GENESIS);
		expected.extend_from_slice(&3u32.to_le_bytes());
		expected.extend_from_slice(&operator);
		assert_eq!(possession_message(&GENESIS, 3, &operator), expected);
	}

	#[test]
	fn a_network_key_encodes_as_the_multi_signer_of_its_scheme() {
		for (key, _) in [sr(), ed()] {
			assert_eq!(key.encode(), MultiSigner::from(key).encode());
			assert_eq!(NetworkKey::try_from(MultiSigner::from(key)), Ok(key));
			assert_eq!(key.encode().len(), NetworkKey::max_encoded_len());
		}
		let ecdsa = MultiSigner::Ecdsa(sp_core::ecdsa::Public::from_raw([2; 33]));
		assert_eq!(NetworkKey::try_from(ecdsa), Err(()));
	}

	#[test]
	fn the_evidence_kept_of_a_proof_has_its_documented_length() {
		let (key, sign) = sr();
		let (a, b) = (statement(5, 1), statement(5, 2));
		let proof = EquivocationProof {
			key,
			first_signature: sign(&statement_message(&GENESIS, &a)),
			first: a,
			second_signature: sign(&statement_message(&GENESIS, &b)),
			second: b,
		};
		assert_eq!(proof.check(&GENESIS), Ok(()));
		assert_eq!(proof.evidence().len(), EQUIVOCATION_EVIDENCE_LEN as usize);
	}

	#[test]
	fn two_payloads_signed_for_one_round_are_an_equivocation() {
		let (key, sign) = ed();
		let (a, b) = (statement(5, 1), statement(5, 2));
		let (sig_a, sig_b) =
			(sign(&statement_message(&GENESIS, &a)), sign(&statement_message(&GENESIS, &b)));
		assert_eq!(check_equivocation(&GENESIS, &key, (&a, &sig_a), (&b, &sig_b)), Ok(()));
	}

	#[test]
	fn what_is_not_an_equivocation_is_refused_with_its_reason() {
		let (key, sign) = sr();
		let signed = |s: &Statement| sign(&statement_message(&GENESIS, s));
		let (a, same, other_round) = (statement(5, 1), statement(5, 1), statement(6, 2));
		assert_eq!(
			check_equivocation(&GENESIS, &key, (&a, &signed(&a)), (&same, &signed(&same))),
			Err(NotAnEquivocation::SamePayload)
		);
		assert_eq!(
			check_equivocation(
				&GENESIS,
				&key,
				(&a, &signed(&a)),
				(&other_round, &signed(&other_round))
			),
			Err(NotAnEquivocation::DifferentRounds)
		);
		let other_network = Statement { network: 4, ..statement(5, 2) };
		assert_eq!(
			check_equivocation(
				&GENESIS,
				&key,
				(&a, &signed(&a)),
				(&other_network, &signed(&other_network))
			),
			Err(NotAnEquivocation::DifferentRounds)
		);
		// The second statement signed by another key.
		let b = statement(5, 2);
		let (_, other_sign) = ed();
		let forged = other_sign(&statement_message(&GENESIS, &b));
		assert_eq!(
			check_equivocation(&GENESIS, &key, (&a, &signed(&a)), (&b, &forged)),
			Err(NotAnEquivocation::BadSignature)
		);
		// Signed for another parent chain.
		let elsewhere = sign(&statement_message(&[8; 32], &b));
		assert_eq!(
			check_equivocation(&GENESIS, &key, (&a, &signed(&a)), (&b, &elsewhere)),
			Err(NotAnEquivocation::BadSignature)
		);
	}
}
