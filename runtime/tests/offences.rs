//! A proven consensus fault slashes the validator through `pallet-offences` and `pallet-staking`,
//! and the slash reaches the restaked position its stake backs and the security of the networks
//! that position secures. The `local` preset: four slashable validators; Charlie restakes 40,000
//! SSP with Alice's operator, which backs networks 0 and 1.

use codec::Encode;
use frame_support::{assert_noop, assert_ok, traits::KeyOwnerProofSystem};
use sp_consensus_babe::{
	digests::{CompatibleDigestItem, PreDigest, SecondaryPlainPreDigest},
	AuthorityId, EquivocationProof, Slot,
};
use sp_core::{crypto::KeyTypeId, Pair, H256};
use sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET;
use sp_keyring::Sr25519Keyring::{Alice, Charlie};
use sp_runtime::{traits::Header as _, Digest, DigestItem};
use ssp_runtime::{
	Babe, Historical, Restaking, Runtime, RuntimeEvent, RuntimeOrigin, Staking, System,
};
use ssp_runtime_api::compose;

mod common;
use common::{account, ext_from_preset, run_to_block};

type Header = sp_runtime::generic::Header<u32, sp_runtime::traits::BlakeTwo256>;

/// A header of `slot` by the authority at `index`, sealed with `pair`; `root` tells two apart.
fn sealed_header(slot: Slot, index: u32, pair: &sp_core::sr25519::Pair, root: u8) -> Header {
	let pre_digest =
		PreDigest::SecondaryPlain(SecondaryPlainPreDigest { slot, authority_index: index });
	let mut header = Header::new(
		System::block_number(),
		H256::zero(),
		H256::repeat_byte(root),
		System::parent_hash(),
		Digest {
			logs: vec![DigestItem::PreRuntime(
				sp_consensus_babe::BABE_ENGINE_ID,
				pre_digest.encode(),
			)],
		},
	);
	let pre_hash = header.hash();
	let signature = pair.sign(pre_hash.as_ref());
	header
		.digest_mut()
		.push(<DigestItem as CompatibleDigestItem>::babe_seal(signature.into()));
	header
}

/// Charlie's equivocation in the current slot, with the proof that the key was his then.
fn charlie_equivocates() -> (EquivocationProof<Header>, sp_session::MembershipProof) {
	let pair = Charlie.pair();
	let offender = AuthorityId::from(pair.public());
	let index = pallet_babe::Authorities::<Runtime>::get()
		.iter()
		.position(|(id, _)| *id == offender)
		.expect("Charlie is a BABE authority") as u32;
	let slot = pallet_babe::CurrentSlot::<Runtime>::get();
	let proof = EquivocationProof {
		offender: offender.clone(),
		slot,
		first_header: sealed_header(slot, index, &pair, 1),
		second_header: sealed_header(slot, index, &pair, 2),
	};
	let key: KeyTypeId = sp_consensus_babe::KEY_TYPE;
	let owner = Historical::prove((key, offender)).expect("Charlie's key is in the session");
	(proof, owner)
}

fn events_until(block: u32, seen: &mut Vec<RuntimeEvent>) {
	while System::block_number() < block {
		seen.extend(System::events().into_iter().map(|r| r.event));
		run_to_block(System::block_number() + 1);
	}
	seen.extend(System::events().into_iter().map(|r| r.event));
}

#[test]
fn a_babe_equivocation_slashes_the_validator_and_its_restaked_position_and_networks() {
	ext_from_preset(LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		run_to_block(5);
		let charlie = account(Charlie);
		let alice = account(Alice);
		let position_before =
			compose::restaker_position::<Runtime>(charlie.clone()).expect("Charlie restakes");
		let network_before = compose::network::<Runtime>(0).expect("network 0").security;
		let bonded_before = Staking::ledger(charlie.clone().into()).expect("bonded").active;

		let (proof, owner) = charlie_equivocates();
		assert_ok!(Babe::report_equivocation_unsigned(
			RuntimeOrigin::none(),
			Box::new(proof.clone()),
			owner.clone()
		));
		let reported = System::events().into_iter().any(|r| {
			matches!(r.event, RuntimeEvent::Offences(pallet_offences::Event::Offence { .. }))
		});
		assert!(reported, "pallet-offences recorded the offence");
		// The same offence twice is refused.
		assert_noop!(
			Babe::report_equivocation_unsigned(RuntimeOrigin::none(), Box::new(proof), owner),
			pallet_babe::Error::<Runtime>::DuplicateOffenceReport
		);

		// Staking defers the slash one era, then applies it; restaking's listener follows.
		let era_blocks = ssp_runtime::SESSIONS_PER_ERA * ssp_runtime::SESSION_PERIOD;
		let mut seen = Vec::new();
		events_until(System::block_number() + 3 * era_blocks, &mut seen);
		let slashed = seen
			.iter()
			.find_map(|e| match e {
				RuntimeEvent::Staking(pallet_staking::Event::Slashed { staker, amount })
					if *staker == charlie =>
				{
					Some(*amount)
				},
				_ => None,
			})
			.expect("staking slashed Charlie");
		let moved = seen
			.iter()
			.find_map(|e| match e {
				RuntimeEvent::Restaking(pallet_ssp_restaking::Event::ParentSlashApplied {
					restaker,
					operator,
					amount,
					..
				}) if *restaker == charlie && *operator == alice => Some(*amount),
				_ => None,
			})
			.expect("the slash reached Charlie's restaked position");

		// BABE's slash for one offender of four: (3 × 1/4)² = 56.25% of the stake.
		let bonded_after = Staking::ledger(charlie.clone().into()).expect("bonded").active;
		assert_eq!(bonded_before - bonded_after, slashed);
		assert_eq!(slashed, bonded_before * 5625 / 10_000);
		let position_after =
			compose::restaker_position::<Runtime>(charlie.clone()).expect("position");
		assert_eq!(position_after.active, position_before.active - moved);
		assert_eq!(moved, position_before.active * 5625 / 10_000);

		// Network 0 is backed by less once the refresh hook has carried the smaller pool to it.
		run_to_block(System::block_number() + 5);
		let network_after = compose::network::<Runtime>(0).expect("network 0").security;
		assert!(
			network_after.allocated < network_before.allocated,
			"network 0 backing {} -> {}",
			network_before.allocated,
			network_after.allocated
		);
		Restaking::do_try_state().expect("restaking books");
		ssp_runtime::Leasing::do_try_state().expect("leasing books");
		ssp_runtime::Slashing::do_try_state().expect("slashing books");
	});
}
