//! Reports BABE equivocations (two blocks by one authority in one slot) with headers that carry
//! their seals.
//!
//! `sc-consensus-babe` 0.60 (stable2609) checks for equivocations inside its block import, after
//! its verifier has moved each header's seal into `post_digests`; the proof it builds therefore
//! holds unsealed headers, which `sp_consensus_babe::check_equivocation_proof` rejects
//! (`babe.InvalidEquivocationProof` on chain), so no BABE equivocation is ever slashed. This
//! block import sits in front of BABE's: it puts the seal back on a copy of the header, detects
//! the equivocation with the same slot index (`sc_consensus_slots::check_equivocation`, kept
//! under its own aux-storage prefix) and submits the report through the same runtime API. Its
//! report and BABE's share the pool's tag (offender, slot), so the valid one, submitted first,
//! is the one that stays.

use crate::service::FullClient;
use sc_client_api::AuxStore;
use sc_consensus::{BlockCheckParams, BlockImport, BlockImportParams, ImportResult};
use sc_transaction_pool_api::OffchainTransactionPoolFactory;
use sp_api::{ApiExt, ProvideRuntimeApi};
use sp_blockchain::HeaderBackend;
use sp_consensus::BlockOrigin;
use sp_consensus_babe::{BabeApi, Slot, SlotDuration};
use sp_runtime::traits::Header as HeaderT;
use ssp_runtime::opaque::Block;
use std::sync::Arc;

/// Aux storage of the client with every key under this module's prefix, so that its slot index
/// does not mix with BABE's own (which holds unsealed headers).
struct Prefixed<'a>(&'a FullClient);

const PREFIX: &[u8] = b"ssp_sealed_";

impl AuxStore for Prefixed<'_> {
	fn insert_aux<
		'a,
		'b: 'a,
		'c: 'a,
		I: IntoIterator<Item = &'a (&'c [u8], &'c [u8])>,
		D: IntoIterator<Item = &'a &'b [u8]>,
	>(
		&self,
		insert: I,
		delete: D,
	) -> sp_blockchain::Result<()> {
		let key = |k: &[u8]| [PREFIX, k].concat();
		let insert: Vec<(Vec<u8>, Vec<u8>)> =
			insert.into_iter().map(|(k, v)| (key(k), v.to_vec())).collect();
		let delete: Vec<Vec<u8>> = delete.into_iter().map(|k| key(k)).collect();
		let insert_refs: Vec<(&[u8], &[u8])> =
			insert.iter().map(|(k, v)| (k.as_slice(), v.as_slice())).collect();
		let delete_refs: Vec<&[u8]> = delete.iter().map(|k| k.as_slice()).collect();
		self.0.insert_aux(insert_refs.iter(), delete_refs.iter())
	}

	fn get_aux(&self, key: &[u8]) -> sp_blockchain::Result<Option<Vec<u8>>> {
		self.0.get_aux(&[PREFIX, key].concat())
	}
}

/// A block import that reports BABE equivocations, then hands the block to `inner`.
#[derive(Clone)]
pub struct EquivocationReporter<I> {
	inner: I,
	client: Arc<FullClient>,
	slot_duration: SlotDuration,
	offchain_tx_pool_factory: OffchainTransactionPoolFactory<Block>,
}

impl<I> EquivocationReporter<I> {
	pub fn new(
		inner: I,
		client: Arc<FullClient>,
		slot_duration: SlotDuration,
		offchain_tx_pool_factory: OffchainTransactionPoolFactory<Block>,
	) -> Self {
		Self { inner, client, slot_duration, offchain_tx_pool_factory }
	}

	fn report(&self, block: &BlockImportParams<Block>) -> Result<(), String> {
		let mut sealed = block.header.clone();
		for digest in &block.post_digests {
			sealed.digest_mut().push(digest.clone());
		}
		let pre_digest =
			sc_consensus_babe::find_pre_digest::<Block>(&sealed).map_err(|e| e.to_string())?;
		let slot = pre_digest.slot();
		let parent = *sealed.parent_hash();
		let api = self.client.runtime_api();
		// The block's epoch is the parent's current one, or the next if the block opens it.
		let mut epoch = api.current_epoch(parent).map_err(|e| e.to_string())?;
		if *slot >= *epoch.start_slot + epoch.duration {
			epoch = api.next_epoch(parent).map_err(|e| e.to_string())?;
		}
		let Some((author, _)) = epoch.authorities.get(pre_digest.authority_index() as usize) else {
			return Ok(());
		};
		let slot_now = Slot::from_timestamp(sp_timestamp::Timestamp::current(), self.slot_duration);
		let Some(proof) = sc_consensus_slots::check_equivocation(
			&Prefixed(&self.client),
			slot_now,
			slot,
			&sealed,
			author,
		)
		.map_err(|e| e.to_string())?
		else {
			return Ok(());
		};
		// The key ownership proof is made in the session of the equivocation (the parent's
		// state), or, if that fails at a session boundary, at the best block.
		let best = self.client.info().best_hash;
		let mut key_owner_proof = None;
		for at in [parent, best] {
			key_owner_proof = api
				.generate_key_ownership_proof(at, slot, proof.offender.clone())
				.map_err(|e| e.to_string())?;
			if key_owner_proof.is_some() {
				break;
			}
		}
		let Some(key_owner_proof) = key_owner_proof else {
			log::debug!("BABE equivocation by {author:?}, who is not in the authority set");
			return Ok(());
		};
		let mut api = self.client.runtime_api();
		api.register_extension(self.offchain_tx_pool_factory.offchain_transaction_pool(best));
		api.submit_report_equivocation_unsigned_extrinsic(best, proof, key_owner_proof)
			.map_err(|e| e.to_string())?;
		log::info!("Reported the BABE equivocation of {author:?} at slot {slot}");
		Ok(())
	}
}

#[async_trait::async_trait]
impl<I> BlockImport<Block> for EquivocationReporter<I>
where
	I: BlockImport<Block> + Send + Sync,
{
	type Error = I::Error;

	async fn check_block(
		&self,
		block: BlockCheckParams<Block>,
	) -> Result<ImportResult, Self::Error> {
		self.inner.check_block(block).await
	}

	async fn import_block(
		&self,
		block: BlockImportParams<Block>,
	) -> Result<ImportResult, Self::Error> {
		// Our own blocks are not equivocations we would report; blocks of an initial sync are
		// most likely stale ones (as BABE itself judges).
		let reportable =
			!matches!(block.origin, BlockOrigin::Own | BlockOrigin::NetworkInitialSync);
		if reportable && !block.post_digests.is_empty() {
			if let Err(e) = self.report(&block) {
				log::warn!("Checking or reporting a BABE equivocation failed: {e}");
			}
		}
		self.inner.import_block(block).await
	}
}
