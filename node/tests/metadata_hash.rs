//! `CheckMetadataHash` (RFC-0078) in the runtime a node runs: the wasm blob, built with the
//! `metadata-hash` feature, accepts a mode-1 transaction signed over the digest of its own
//! metadata, rejects one signed over any other digest, and keeps accepting mode 0.
//!
//! The digest is only compiled into the wasm blob (the wasm builder sets `RUNTIME_METADATA_HASH`
//! for the wasm build alone), so these tests execute the blob, over the genesis state the node
//! builds for `--dev` (the blob's own genesis builder, as `sc-chain-spec` calls it). They live in
//! the node crate because the node is what builds the runtime with `metadata-hash`; keeping the
//! executor out of the runtime's dev-dependencies keeps the native-only builds of the runtime
//! (fuzzer, scale benchmark) from compiling wasmtime a second time. Under `SKIP_WASM_BUILD=1`
//! there is no blob, and they fail saying so.

use codec::{Decode, Encode};
use frame_metadata::RuntimeMetadataPrefixed;
use frame_metadata_hash_extension::CheckMetadataHash;
use merkleized_metadata::{generate_metadata_digest, ExtraInfo};
use sc_chain_spec::GenesisConfigBuilderRuntimeCaller;
use sc_executor::WasmExecutor;
use sp_core::hexdisplay::HexDisplay;
use sp_core::traits::{CallContext, CodeExecutor, RuntimeCode, WrappedRuntimeCode};
use sp_keyring::Sr25519Keyring::{Alice, Bob};
use sp_runtime::{
	generic::{Era, SignedPayload},
	transaction_validity::{
		InvalidTransaction, TransactionSource, TransactionValidity, TransactionValidityError,
	},
	MultiAddress,
};
use sp_version::RuntimeVersion;
use ssp_runtime::{
	Runtime, RuntimeCall, System, TxExtension, UncheckedExtrinsic, SS58_PREFIX, TOKEN_DECIMALS,
	TOKEN_SYMBOL, UNITS, WASM_BINARY,
};

/// The state `ssp-node --dev` starts from, built by the blob itself.
fn dev_genesis(code: &[u8]) -> sp_io::TestExternalities {
	let storage = GenesisConfigBuilderRuntimeCaller::<()>::new(code)
		.get_storage_for_named_preset(Some(&sp_genesis_builder::DEV_RUNTIME_PRESET.to_string()))
		.unwrap_or_else(|e| panic!("the dev genesis builds: {e}"));
	sp_io::TestExternalities::new(storage)
}

/// The runtime's wasm blob over the dev chain's genesis state.
struct Blob {
	executor: WasmExecutor<sp_io::SubstrateHostFunctions>,
	code: Vec<u8>,
	state: sp_io::TestExternalities,
}

impl Blob {
	fn new() -> Self {
		let code = WASM_BINARY
			.expect("the metadata-hash tests run the wasm blob: build without SKIP_WASM_BUILD")
			.to_vec();
		Self {
			// A blob built with `runtime-benchmarks` imports the benchmarking host functions.
			executor: WasmExecutor::builder().with_allow_missing_host_functions(true).build(),
			state: dev_genesis(&code),
			code,
		}
	}

	fn call(&mut self, method: &str, input: &[u8]) -> Vec<u8> {
		let runtime_code = RuntimeCode {
			code_fetcher: &WrappedRuntimeCode(self.code.as_slice().into()),
			heap_pages: None,
			hash: sp_io::hashing::blake2_256(&self.code).to_vec(),
		};
		self.executor
			.call(&mut self.state.ext(), &runtime_code, method, input, CallContext::Offchain)
			.0
			.unwrap_or_else(|e| panic!("{method} failed in the wasm blob: {e}"))
	}

	/// The RFC-0078 digest of the blob's metadata, computed as a wallet does: metadata V15, the
	/// blob's spec name and version, and the chain's SS58 prefix, token symbol and decimals.
	fn metadata_digest(&mut self) -> [u8; 32] {
		let metadata = Option::<Vec<u8>>::decode(
			&mut &self.call("Metadata_metadata_at_version", &15u32.encode())[..],
		)
		.expect("decodes")
		.expect("the runtime serves metadata V15");
		let metadata = RuntimeMetadataPrefixed::decode(&mut &metadata[..]).expect("decodes").1;
		let version =
			RuntimeVersion::decode(&mut &self.call("Core_version", &[])[..]).expect("decodes");
		let extra = ExtraInfo {
			spec_version: version.spec_version,
			spec_name: version.spec_name.into(),
			base58_prefix: SS58_PREFIX,
			decimals: TOKEN_DECIMALS,
			token_symbol: TOKEN_SYMBOL.into(),
		};
		generate_metadata_digest(&metadata, extra).expect("digest").hash()
	}

	/// What the transaction pool asks the runtime before it accepts a transaction.
	fn validate(&mut self, tx: &UncheckedExtrinsic) -> TransactionValidity {
		let parent = self.state.execute_with(|| System::block_hash(0));
		let input = (TransactionSource::External, tx, parent).encode();
		let out = self.call("TaggedTransactionQueue_validate_transaction", &input);
		TransactionValidity::decode(&mut &out[..]).expect("decodes")
	}

	/// Alice's first transfer to Bob, signed the way a wallet signs it with the given
	/// `CheckMetadataHash` (its mode is in the extrinsic, its digest only in what is signed).
	fn signed_transfer(&mut self, metadata_hash: CheckMetadataHash<Runtime>) -> UncheckedExtrinsic {
		let call = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
			dest: MultiAddress::Id(Bob.to_account_id()),
			value: UNITS,
		});
		let tx_ext: TxExtension = (
			frame_system::CheckNonZeroSender::new(),
			frame_system::CheckSpecVersion::new(),
			frame_system::CheckTxVersion::new(),
			frame_system::CheckGenesis::new(),
			frame_system::CheckEra::from(Era::Immortal),
			frame_system::CheckNonce::from(0),
			frame_system::CheckWeight::new(),
			pallet_transaction_payment::ChargeTransactionPayment::from(0),
			metadata_hash,
		);
		// The implicit data (genesis hash, versions, digest) is read from the state, as a wallet
		// reads it from the node.
		let payload = self
			.state
			.execute_with(|| SignedPayload::new(call.clone(), tx_ext.clone()))
			.expect("every implicit is known");
		let signature = payload.using_encoded(|bytes| Alice.sign(bytes));
		UncheckedExtrinsic::new_signed(
			call,
			MultiAddress::Id(Alice.to_account_id()),
			signature.into(),
			tx_ext,
		)
	}
}

#[test]
fn a_transfer_signed_in_mode_1_over_the_runtimes_metadata_digest_is_valid() {
	let mut blob = Blob::new();
	let digest = blob.metadata_digest();
	// Printed so that a run's log shows the digest next to the one the e2e test computes in JS.
	println!("metadata digest of the built runtime: 0x{}", HexDisplay::from(&digest));
	let tx = blob.signed_transfer(CheckMetadataHash::new_with_custom_hash(digest));
	let validity = blob.validate(&tx);
	assert!(validity.is_ok(), "{validity:?}");
}

#[test]
fn a_transfer_signed_over_another_digest_is_rejected_as_a_bad_proof() {
	let mut blob = Blob::new();
	let mut digest = blob.metadata_digest();
	digest[0] ^= 1;
	let tx = blob.signed_transfer(CheckMetadataHash::new_with_custom_hash(digest));
	assert_eq!(
		blob.validate(&tx),
		Err(TransactionValidityError::Invalid(InvalidTransaction::BadProof))
	);
}

#[test]
fn a_transfer_in_mode_0_needs_no_digest() {
	let mut blob = Blob::new();
	let tx = blob.signed_transfer(CheckMetadataHash::new(false));
	let validity = blob.validate(&tx);
	assert!(validity.is_ok(), "{validity:?}");
}
