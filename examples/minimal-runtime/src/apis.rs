//! The runtime APIs: the ones every runtime implements, the SSP security API, which is six
//! lines of delegation to `ssp_runtime_api::compose`, and the market API, two calls of the
//! leasing pallet.

use crate::*;
use alloc::vec::Vec;
use frame_support::genesis_builder_helper::{build_state, get_preset};
use sp_api::impl_runtime_apis;
use sp_core::OpaqueMetadata;
use sp_runtime::{
	traits::Block as BlockT,
	transaction_validity::{TransactionSource, TransactionValidity},
	ApplyExtrinsicResult, DispatchError, Perbill,
};
use ssp_runtime_api::{
	compose, NetworkId, NetworkSecurityOf, OperatorExposureOf, RestakerPositionOf, SlashSimulation,
	SlashTarget, StakeOverlap,
};

impl_runtime_apis! {
	impl ssp_runtime_api::MarketApi<Block, Balance> for Runtime {
		fn quote(
			network: NetworkId,
			security: Balance,
			periods: u32,
		) -> Result<ssp_runtime_api::Quote<Balance>, DispatchError> {
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
			fraction: Perbill,
		) -> Result<SlashSimulation<Balance>, DispatchError> {
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

	impl sp_genesis_builder::GenesisBuilder<Block> for Runtime {
		fn build_state(config: Vec<u8>) -> sp_genesis_builder::Result {
			build_state::<RuntimeGenesisConfig>(config)
		}

		fn get_preset(id: &Option<sp_genesis_builder::PresetId>) -> Option<Vec<u8>> {
			get_preset::<RuntimeGenesisConfig>(id, genesis::get_preset)
		}

		fn preset_names() -> Vec<sp_genesis_builder::PresetId> {
			alloc::vec![sp_genesis_builder::PresetId::from(sp_genesis_builder::DEV_RUNTIME_PRESET)]
		}
	}
}
