//! Runtime APIs: the standard set polkadot.js apps relies on, plus benchmarking.

use crate::{configs::EpochDuration, *};
use alloc::vec::Vec;
use frame_support::{
	genesis_builder_helper::{build_state, get_preset},
	traits::KeyOwnerProofSystem,
	weights::Weight,
};
use sp_api::impl_runtime_apis;
use sp_core::{crypto::KeyTypeId, OpaqueMetadata};
use sp_runtime::{
	traits::Block as BlockT,
	transaction_validity::{TransactionSource, TransactionValidity},
	ApplyExtrinsicResult,
};
use ssp_runtime_api::{
	compose, NetworkId, NetworkSecurityOf, OperatorExposureOf, RestakerPositionOf, SlashSimulation,
	SlashTarget, StakeOverlap,
};

impl_runtime_apis! {
	impl ssp_runtime_api::ValidatorSetApi<Block, AccountId, Balance, BlockNumber> for Runtime {
		fn validator_set(
			network: NetworkId,
			epoch: Option<u64>,
		) -> Option<ssp_runtime_api::ValidatorSetView<AccountId, Balance, BlockNumber>> {
			OperatorKeys::validator_set(network, epoch)
		}

		fn validation(network: NetworkId) -> Option<ssp_runtime_api::ValidationView<BlockNumber>> {
			OperatorKeys::validation(network)
		}

		fn operator_key(
			network: NetworkId,
			operator: AccountId,
		) -> Option<ssp_runtime_api::KeyRecord<Balance, BlockNumber>> {
			OperatorKeys::operator_key(network, &operator)
		}
	}

	impl ssp_runtime_api::CheckpointApi<Block, AccountId, Balance, BlockNumber> for Runtime {
		fn latest_final(network: NetworkId) -> Option<ssp_runtime_api::FinalCheckpoint<BlockNumber>> {
			Checkpoints::latest_final(network)
		}

		fn open_checkpoints(
			network: NetworkId,
		) -> Vec<ssp_runtime_api::CheckpointView<AccountId, Balance, BlockNumber>> {
			Checkpoints::open_checkpoints(network)
		}

		fn disputes(
			network: NetworkId,
		) -> Vec<ssp_runtime_api::DisputeView<AccountId, Balance, Balance, BlockNumber>> {
			Checkpoints::disputes(network)
		}

		fn round(
			network: NetworkId,
			round: Option<u64>,
		) -> Option<ssp_runtime_api::RoundView<AccountId, Balance, BlockNumber>> {
			Checkpoints::round(network, round)
		}

		fn params(network: NetworkId) -> Option<ssp_runtime_api::CheckpointParams<Balance, BlockNumber>> {
			Checkpoints::params(network)
		}
	}

	impl ssp_runtime_api::CoverApi<Block, AccountId, Balance, BlockNumber> for Runtime {
		fn pool(
			subject: ssp_runtime_api::Subject<AccountId>,
		) -> Option<ssp_runtime_api::PoolView<Balance>> {
			Cover::pool_view(&subject)
		}

		fn cover(
			restaker: AccountId,
		) -> Option<ssp_runtime_api::CoverView<AccountId, Balance, BlockNumber>> {
			Cover::cover_view(&restaker)
		}

		fn swaps(
			network: NetworkId,
		) -> Vec<(ssp_runtime_api::SwapId, ssp_runtime_api::Swap<AccountId, Balance, BlockNumber>)> {
			Cover::swaps_on(network)
		}
	}

	impl ssp_runtime_api::IndexPoolApi<Block, AccountId> for Runtime {
		fn index_pool() -> ssp_runtime_api::IndexPoolView<AccountId> {
			IndexPool::pool()
		}
	}

	impl ssp_runtime_api::MarketApi<Block, Balance> for Runtime {
		fn quote(
			network: NetworkId,
			security: Balance,
			periods: u32,
		) -> Result<ssp_runtime_api::Quote<Balance>, sp_runtime::DispatchError> {
			Leasing::quote(network, security, periods)
		}

		fn market() -> ssp_runtime_api::MarketView<Balance> {
			Leasing::market_view()
		}
	}

	impl ssp_runtime_api::SecurityApi<Block, AccountId, Balance, BlockNumber> for Runtime {
		fn networks() -> Vec<NetworkSecurityOf<Runtime>> {
			compose::networks::<Runtime>()
		}

		fn network(network: NetworkId) -> Option<NetworkSecurityOf<Runtime>> {
			compose::network::<Runtime>(network)
		}

		fn operator_exposure(operator: AccountId) -> Option<OperatorExposureOf<Runtime>> {
			compose::operator_exposure::<Runtime>(operator)
		}

		fn restaker_position(restaker: AccountId) -> Option<RestakerPositionOf<Runtime>> {
			compose::restaker_position::<Runtime>(restaker)
		}

		fn stake_overlap() -> Vec<StakeOverlap<Balance>> {
			compose::stake_overlap::<Runtime>()
		}

		fn simulate_slash(
			target: SlashTarget<AccountId>,
			fraction: sp_runtime::Perbill,
		) -> Result<SlashSimulation<Balance>, sp_runtime::DispatchError> {
			compose::simulate_slash::<Runtime>(target, fraction)
		}
	}

	impl sp_api::Core<Block> for Runtime {
		fn version() -> RuntimeVersion {
			VERSION
		}

		fn execute_block(block: <Block as BlockT>::LazyBlock) {
			Executive::execute_block(block)
		}

		fn initialize_block(header: &<Block as BlockT>::Header) -> sp_runtime::ExtrinsicInclusionMode {
			Executive::initialize_block(header)
		}
	}

	impl sp_api::Metadata<Block> for Runtime {
		fn metadata() -> OpaqueMetadata {
			OpaqueMetadata::new(Runtime::metadata().into())
		}

		fn metadata_at_version(version: u32) -> Option<OpaqueMetadata> {
			Runtime::metadata_at_version(version)
		}

		fn metadata_versions() -> Vec<u32> {
			Runtime::metadata_versions()
		}
	}

	impl sp_block_builder::BlockBuilder<Block> for Runtime {
		fn apply_extrinsic(extrinsic: <Block as BlockT>::Extrinsic) -> ApplyExtrinsicResult {
			Executive::apply_extrinsic(extrinsic)
		}

		fn finalize_block() -> <Block as BlockT>::Header {
			Executive::finalize_block()
		}

		fn inherent_extrinsics(data: sp_inherents::InherentData) -> Vec<<Block as BlockT>::Extrinsic> {
			data.create_extrinsics()
		}

		fn check_inherents(
			block: <Block as BlockT>::LazyBlock,
			data: sp_inherents::InherentData,
		) -> sp_inherents::CheckInherentsResult {
			data.check_extrinsics(&block)
		}
	}

	impl sp_transaction_pool::runtime_api::TaggedTransactionQueue<Block> for Runtime {
		fn validate_transaction(
			source: TransactionSource,
			tx: <Block as BlockT>::Extrinsic,
			block_hash: <Block as BlockT>::Hash,
		) -> TransactionValidity {
			Executive::validate_transaction(source, tx, block_hash)
		}
	}

	impl sp_offchain::OffchainWorkerApi<Block> for Runtime {
		fn offchain_worker(header: &<Block as BlockT>::Header) {
			Executive::offchain_worker(header)
		}
	}

	impl sp_consensus_babe::BabeApi<Block> for Runtime {
		fn configuration() -> sp_consensus_babe::BabeConfiguration {
			let epoch_config = Babe::epoch_config().unwrap_or(BABE_GENESIS_EPOCH_CONFIG);
			sp_consensus_babe::BabeConfiguration {
				slot_duration: Babe::slot_duration(),
				epoch_length: EpochDuration::get(),
				c: epoch_config.c,
				authorities: Babe::authorities().to_vec(),
				randomness: Babe::randomness(),
				allowed_slots: epoch_config.allowed_slots,
			}
		}

		fn current_epoch_start() -> sp_consensus_babe::Slot {
			Babe::current_epoch_start()
		}

		fn current_epoch() -> sp_consensus_babe::Epoch {
			Babe::current_epoch()
		}

		fn next_epoch() -> sp_consensus_babe::Epoch {
			Babe::next_epoch()
		}

		fn generate_key_ownership_proof(
			_slot: sp_consensus_babe::Slot,
			authority_id: sp_consensus_babe::AuthorityId,
		) -> Option<sp_consensus_babe::OpaqueKeyOwnershipProof> {
			use codec::Encode;
			Historical::prove((sp_consensus_babe::KEY_TYPE, authority_id))
				.map(|p| p.encode())
				.map(sp_consensus_babe::OpaqueKeyOwnershipProof::new)
		}

		fn submit_report_equivocation_unsigned_extrinsic(
			equivocation_proof: sp_consensus_babe::EquivocationProof<<Block as BlockT>::Header>,
			key_owner_proof: sp_consensus_babe::OpaqueKeyOwnershipProof,
		) -> Option<()> {
			let key_owner_proof = key_owner_proof.decode()?;
			Babe::submit_unsigned_equivocation_report(equivocation_proof, key_owner_proof)
		}
	}

	impl sp_consensus_grandpa::GrandpaApi<Block> for Runtime {
		fn grandpa_authorities() -> sp_consensus_grandpa::AuthorityList {
			Grandpa::grandpa_authorities()
		}

		fn current_set_id() -> sp_consensus_grandpa::SetId {
			Grandpa::current_set_id()
		}

		fn submit_report_equivocation_unsigned_extrinsic(
			equivocation_proof: sp_consensus_grandpa::EquivocationProof<
				<Block as BlockT>::Hash,
				sp_runtime::traits::NumberFor<Block>,
			>,
			key_owner_proof: sp_consensus_grandpa::OpaqueKeyOwnershipProof,
		) -> Option<()> {
			let key_owner_proof = key_owner_proof.decode()?;
			Grandpa::submit_unsigned_equivocation_report(equivocation_proof, key_owner_proof)
		}

		fn generate_key_ownership_proof(
			_set_id: sp_consensus_grandpa::SetId,
			authority_id: sp_consensus_grandpa::AuthorityId,
		) -> Option<sp_consensus_grandpa::OpaqueKeyOwnershipProof> {
			use codec::Encode;
			Historical::prove((sp_consensus_grandpa::KEY_TYPE, authority_id))
				.map(|p| p.encode())
				.map(sp_consensus_grandpa::OpaqueKeyOwnershipProof::new)
		}
	}

	impl sp_session::SessionKeys<Block> for Runtime {
		fn generate_session_keys(
			owner: Vec<u8>,
			seed: Option<Vec<u8>>,
		) -> sp_session::OpaqueGeneratedSessionKeys {
			SessionKeys::generate(&owner, seed).into()
		}

		fn decode_session_keys(encoded: Vec<u8>) -> Option<Vec<(Vec<u8>, KeyTypeId)>> {
			SessionKeys::decode_into_raw_public_keys(&encoded)
		}
	}

	impl frame_system_rpc_runtime_api::AccountNonceApi<Block, AccountId, Nonce> for Runtime {
		fn account_nonce(account: AccountId) -> Nonce {
			System::account_nonce(account)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentApi<Block, Balance> for Runtime {
		fn query_info(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment_rpc_runtime_api::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_info(uxt, len)
		}
		fn query_fee_details(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_fee_details(uxt, len)
		}
		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}
		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentCallApi<Block, Balance, RuntimeCall>
		for Runtime
	{
		fn query_call_info(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_call_info(call, len)
		}
		fn query_call_fee_details(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_call_fee_details(call, len)
		}
		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}
		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	impl sp_genesis_builder::GenesisBuilder<Block> for Runtime {
		fn build_state(config: Vec<u8>) -> sp_genesis_builder::Result {
			build_state::<RuntimeGenesisConfig>(config)
		}

		fn get_preset(id: &Option<sp_genesis_builder::PresetId>) -> Option<Vec<u8>> {
			get_preset::<RuntimeGenesisConfig>(id, genesis_config_presets::get_preset)
		}

		fn preset_names() -> Vec<sp_genesis_builder::PresetId> {
			genesis_config_presets::preset_names()
		}
	}

	#[cfg(feature = "try-runtime")]
	impl frame_try_runtime::TryRuntime<Block> for Runtime {
		fn on_runtime_upgrade(
			checks: frame_try_runtime::UpgradeCheckSelect,
		) -> (Weight, Weight) {
			// A failed migration check must stop `try-runtime`: there is no result to return.
			let weight = Executive::try_runtime_upgrade(checks)
				.unwrap_or_else(|e| panic!("try_runtime_upgrade failed: {e:?}"));
			(weight, configs::RuntimeBlockWeights::get().max_block)
		}

		fn execute_block(
			block: <Block as BlockT>::LazyBlock,
			state_root_check: bool,
			signature_check: bool,
			select: frame_try_runtime::TryStateSelect,
		) -> Weight {
			// As above: a block that fails its checks has no weight to report.
			Executive::try_execute_block(block, state_root_check, signature_check, select)
				.unwrap_or_else(|e| panic!("try_execute_block failed: {e:?}"))
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	impl frame_benchmarking::Benchmark<Block> for Runtime {
		fn benchmark_metadata(extra: bool) -> (
			Vec<frame_benchmarking::BenchmarkList>,
			Vec<frame_support::traits::StorageInfo>,
		) {
			use frame_benchmarking::BenchmarkList;
			use frame_support::traits::StorageInfoTrait;
			use frame_system_benchmarking::Pallet as SystemBench;

			let mut list = Vec::<BenchmarkList>::new();
			list_benchmarks!(list, extra);
			let storage_info = AllPalletsWithSystem::storage_info();
			(list, storage_info)
		}

		#[allow(non_local_definitions)]
		fn dispatch_benchmark(
			config: frame_benchmarking::BenchmarkConfig,
		) -> Result<Vec<frame_benchmarking::BenchmarkBatch>, alloc::string::String> {
			use frame_benchmarking::BenchmarkBatch;
			use frame_support::traits::{TrackedStorageKey, WhitelistedStorageKeys};
			use frame_system_benchmarking::Pallet as SystemBench;

			impl frame_system_benchmarking::Config for Runtime {}

			let whitelist: Vec<TrackedStorageKey> = AllPalletsWithSystem::whitelisted_storage_keys();
			let mut batches = Vec::<BenchmarkBatch>::new();
			let params = (&config, &whitelist);
			add_benchmarks!(params, batches);
			Ok(batches)
		}
	}
}
