//! Assembles the node: client, transaction pool, network, RPC, and block authoring — BABE and
//! GRANDPA for a network of validators, or manual / instant seal (with BABE digests) for a
//! single-node dev chain.

use crate::cli::Consensus;
use futures::{FutureExt, StreamExt};
use sc_client_api::backend::Backend;
use sc_consensus_babe::{BabeWorkerHandle, SlotProportion};
use sc_executor::WasmExecutor;
use sc_service::{error::Error as ServiceError, Configuration, TaskManager};
use sc_telemetry::{Telemetry, TelemetryWorker};
use sc_transaction_pool_api::{OffchainTransactionPoolFactory, TransactionPool};
use sp_consensus_babe::inherents::InherentDataProvider as SlotInherent;
use sp_runtime::traits::Block as BlockT;
use ssp_runtime::{opaque::Block, RuntimeApi};
use std::{sync::Arc, time::Duration};

/// Host functions of the runtime, plus the benchmarking ones when it is built for benchmarks.
#[cfg(not(feature = "runtime-benchmarks"))]
pub type HostFunctions = sp_io::SubstrateHostFunctions;
#[cfg(feature = "runtime-benchmarks")]
pub type HostFunctions =
	(sp_io::SubstrateHostFunctions, frame_benchmarking::benchmarking::HostFunctions);

pub type FullClient = sc_service::TFullClient<Block, RuntimeApi, WasmExecutor<HostFunctions>>;
type FullBackend = sc_service::TFullBackend<Block>;
type FullSelectChain = sc_consensus::LongestChain<FullBackend, Block>;
type FullPool = sc_transaction_pool::TransactionPoolHandle<Block, FullClient>;
type GrandpaBlockImport =
	sc_consensus_grandpa::GrandpaBlockImport<FullBackend, Block, FullClient, FullSelectChain>;

/// GRANDPA writes a justification at least every this many blocks, so that a syncing node can
/// check finality without replaying every round.
const GRANDPA_JUSTIFICATION_PERIOD: u32 = 512;

/// The timestamp and slot inherents a block is built with and checked against on import.
#[derive(Clone)]
enum SlotInherents {
	/// The wall clock's: BABE's slots are real time.
	WallClock(sp_consensus_babe::SlotDuration),
	/// One slot past the best block's, however fast blocks are sealed: the dev node's
	/// manual and instant seal, whose BABE epochs (and the sessions and eras they drive)
	/// then count blocks.
	NextSlot(Arc<FullClient>),
}

#[async_trait::async_trait]
impl sp_inherents::CreateInherentDataProviders<Block, ()> for SlotInherents {
	type InherentDataProviders = (SlotInherent, sp_timestamp::InherentDataProvider);

	async fn create_inherent_data_providers(
		&self,
		_parent: <Block as BlockT>::Hash,
		_: (),
	) -> Result<Self::InherentDataProviders, Box<dyn std::error::Error + Send + Sync>> {
		match self {
			SlotInherents::WallClock(slot_duration) => {
				let timestamp = sp_timestamp::InherentDataProvider::from_system_time();
				let slot =
					SlotInherent::from_timestamp_and_slot_duration(*timestamp, *slot_duration);
				Ok((slot, timestamp))
			},
			SlotInherents::NextSlot(client) => {
				let next = sc_consensus_manual_seal::consensus::timestamp::SlotTimestampProvider::new_babe(
					client.clone(),
				)?;
				Ok((
					SlotInherent::new(next.slot()),
					sp_timestamp::InherentDataProvider::new(next.timestamp()),
				))
			},
		}
	}
}

/// What every mode shares: the client and its database, the keystore, the pool, the tasks.
struct Parts {
	client: Arc<FullClient>,
	backend: Arc<FullBackend>,
	keystore_container: sc_service::KeystoreContainer,
	task_manager: TaskManager,
	select_chain: FullSelectChain,
	transaction_pool: Arc<FullPool>,
	telemetry: Option<Telemetry>,
}

fn new_parts(config: &Configuration) -> Result<Parts, ServiceError> {
	let telemetry = config
		.telemetry_endpoints
		.clone()
		.filter(|x| !x.is_empty())
		.map(|endpoints| -> Result<_, sc_telemetry::Error> {
			let worker = TelemetryWorker::new(16)?;
			let telemetry = worker.handle().new_telemetry(endpoints);
			Ok((worker, telemetry))
		})
		.transpose()?;

	let executor = sc_service::new_wasm_executor(&config.executor);
	let (client, backend, keystore_container, task_manager) =
		sc_service::new_full_parts::<Block, RuntimeApi, _>(
			config,
			telemetry.as_ref().map(|(_, telemetry)| telemetry.handle()),
			executor,
			Vec::new(),
		)?;
	let client = Arc::new(client);

	let telemetry = telemetry.map(|(worker, telemetry)| {
		task_manager.spawn_handle().spawn("telemetry", None, worker.run());
		telemetry
	});

	let select_chain = sc_consensus::LongestChain::new(backend.clone());

	let transaction_pool = Arc::from(
		sc_transaction_pool::Builder::new(
			crate::pool_spawner::PoolSpawner(task_manager.spawn_essential_handle()),
			client.clone(),
			config.role.is_authority().into(),
		)
		.with_options(config.transaction_pool.clone())
		.with_prometheus(config.prometheus_registry())
		.build(),
	);

	Ok(Parts {
		client,
		backend,
		keystore_container,
		task_manager,
		select_chain,
		transaction_pool,
		telemetry,
	})
}

/// The BABE and GRANDPA halves a validator needs after the network is up.
struct BabeGrandpa {
	block_import: sc_consensus_babe::BabeBlockImport<
		Block,
		FullClient,
		GrandpaBlockImport,
		SlotInherents,
		FullSelectChain,
	>,
	babe_link: sc_consensus_babe::BabeLink<Block>,
	grandpa_link: sc_consensus_grandpa::LinkHalf<Block, FullClient, FullSelectChain>,
}

/// The sealing engine's BABE half: its epochs, tracked by BABE's block import.
struct SealBabe {
	block_import: sc_consensus_babe::BabeBlockImport<
		Block,
		FullClient,
		Arc<FullClient>,
		SlotInherents,
		FullSelectChain,
	>,
	babe_link: sc_consensus_babe::BabeLink<Block>,
}

enum Authoring {
	BabeGrandpa(Box<BabeGrandpa>),
	Seal(Box<SealBabe>),
}

/// The BABE key type, in the keystore.
const BABE: sp_core::crypto::KeyTypeId = sp_consensus_babe::KEY_TYPE;

/// Builds and starts the full node.
pub async fn new_full<Network: sc_network::NetworkBackend<Block, <Block as BlockT>::Hash>>(
	config: Configuration,
	consensus: Consensus,
) -> Result<TaskManager, ServiceError> {
	let Parts {
		client,
		backend,
		keystore_container,
		mut task_manager,
		select_chain,
		transaction_pool,
		mut telemetry,
	} = new_parts(&config)?;

	let babe_config = sc_consensus_babe::configuration(&*client)?;
	check_authorities(&client, &babe_config)?;
	let slot_inherents = match consensus {
		Consensus::Babe => SlotInherents::WallClock(babe_config.slot_duration()),
		Consensus::ManualSeal(_) | Consensus::InstantSeal => {
			SlotInherents::NextSlot(client.clone())
		},
	};
	let offchain_tx_pool_factory = OffchainTransactionPoolFactory::new(transaction_pool.clone());

	let (import_queue, authoring) = match consensus {
		Consensus::Babe => {
			let (grandpa_block_import, grandpa_link) = sc_consensus_grandpa::block_import(
				client.clone(),
				GRANDPA_JUSTIFICATION_PERIOD,
				&client,
				select_chain.clone(),
				telemetry.as_ref().map(|x| x.handle()),
			)?;
			let justification_import = grandpa_block_import.clone();
			let (block_import, babe_link) = sc_consensus_babe::block_import(
				babe_config.clone(),
				grandpa_block_import,
				client.clone(),
				slot_inherents.clone(),
				select_chain.clone(),
				offchain_tx_pool_factory.clone(),
			)?;
			let (import_queue, babe_worker) =
				sc_consensus_babe::import_queue(sc_consensus_babe::ImportQueueParams {
					link: babe_link.clone(),
					block_import: crate::equivocation::EquivocationReporter::new(
						block_import.clone(),
						client.clone(),
						babe_link.config().slot_duration(),
						offchain_tx_pool_factory.clone(),
					),
					justification_import: Some(Box::new(justification_import)),
					client: client.clone(),
					slot_duration: babe_link.config().slot_duration(),
					spawner: &task_manager.spawn_essential_handle(),
					registry: config.prometheus_registry(),
					telemetry: telemetry.as_ref().map(|x| x.handle()),
				})?;
			let parts = BabeGrandpa { block_import, babe_link, grandpa_link };
			keep_babe_worker(&task_manager, babe_worker);
			(import_queue, Authoring::BabeGrandpa(Box::new(parts)))
		},
		Consensus::ManualSeal(_) | Consensus::InstantSeal => {
			let (block_import, babe_link) = sc_consensus_babe::block_import(
				babe_config.clone(),
				client.clone(),
				client.clone(),
				slot_inherents.clone(),
				select_chain.clone(),
				offchain_tx_pool_factory.clone(),
			)?;
			let import_queue = sc_consensus_manual_seal::import_queue(
				Box::new(block_import.clone()),
				&task_manager.spawn_essential_handle(),
				config.prometheus_registry(),
			);
			let parts = SealBabe { block_import, babe_link };
			(import_queue, Authoring::Seal(Box::new(parts)))
		},
	};

	let mut net_config = sc_network::config::FullNetworkConfiguration::<
		Block,
		<Block as BlockT>::Hash,
		Network,
	>::new(
		&config.network,
		config.prometheus_config.as_ref().map(|cfg| cfg.registry.clone()),
	);
	let metrics = Network::register_notification_metrics(
		config.prometheus_config.as_ref().map(|cfg| &cfg.registry),
	);
	let grandpa_protocol_name = sc_consensus_grandpa::protocol_standard_name(
		&client.chain_info().genesis_hash,
		&config.chain_spec,
	);
	let grandpa_notification_service = match authoring {
		Authoring::BabeGrandpa(_) => {
			let (protocol_config, service) =
				sc_consensus_grandpa::grandpa_peers_set_config::<_, Network>(
					grandpa_protocol_name.clone(),
					metrics.clone(),
					net_config.peer_store_handle(),
				);
			net_config.add_notification_protocol(protocol_config);
			Some(service)
		},
		Authoring::Seal(_) => None,
	};

	let (network, system_rpc_tx, tx_handler_controller, sync_service, _bitswap) =
		sc_service::build_network(sc_service::BuildNetworkParams {
			config: &config,
			net_config,
			client: client.clone(),
			transaction_pool: transaction_pool.clone(),
			spawn_handle: task_manager.spawn_handle(),
			spawn_essential_handle: task_manager.spawn_essential_handle(),
			import_queue,
			block_announce_validator_builder: None,
			warp_sync_config: None,
			block_relay: None,
			metrics,
			gap_sync_body_policy: None,
		})?;

	if config.offchain_worker.enabled {
		let offchain_workers =
			sc_offchain::OffchainWorkers::new(sc_offchain::OffchainWorkerOptions {
				runtime_api_provider: client.clone(),
				is_validator: config.role.is_authority(),
				keystore: Some(keystore_container.keystore()),
				offchain_db: backend.offchain_storage(),
				transaction_pool: Some(offchain_tx_pool_factory.clone()),
				network_provider: Arc::new(network.clone()),
				enable_http_requests: false,
				custom_extensions: |_| vec![],
			})?;
		task_manager.spawn_handle().spawn(
			"offchain-workers-runner",
			"offchain-worker",
			offchain_workers.run(client.clone(), task_manager.spawn_handle()).boxed(),
		);
	}

	let rpc_extensions_builder = {
		let client = client.clone();
		let pool = transaction_pool.clone();
		Box::new(move |_| {
			let deps = crate::rpc::FullDeps { client: client.clone(), pool: pool.clone() };
			crate::rpc::create_full(deps).map_err(Into::into)
		})
	};

	let prometheus_registry = config.prometheus_registry().cloned();
	let role = config.role;
	let force_authoring = config.force_authoring;
	let node_name = config.network.node_name.clone();
	let is_dev = config.chain_spec.chain_type() == sc_service::ChainType::Development;
	let keystore = keystore_container.keystore();

	sc_service::spawn_tasks(sc_service::SpawnTasksParams {
		network: network.clone(),
		client: client.clone(),
		keystore: keystore.clone(),
		task_manager: &mut task_manager,
		transaction_pool: transaction_pool.clone(),
		rpc_builder: rpc_extensions_builder,
		backend,
		system_rpc_tx,
		tx_handler_controller,
		sync_service: sync_service.clone(),
		config,
		telemetry: telemetry.as_mut(),
		tracing_execute_block: None,
	})?;

	let proposer = sc_basic_authorship::ProposerFactory::new(
		task_manager.spawn_handle(),
		client.clone(),
		transaction_pool.clone(),
		prometheus_registry.as_ref(),
		telemetry.as_ref().map(|x| x.handle()),
	);

	match authoring {
		Authoring::BabeGrandpa(parts) => {
			let BabeGrandpa { block_import, babe_link, grandpa_link } = *parts;
			if role.is_authority() {
				warn_without_keys(&keystore, &babe_config.authorities);
				let babe = sc_consensus_babe::start_babe(sc_consensus_babe::BabeParams {
					keystore: keystore.clone(),
					client: client.clone(),
					select_chain,
					env: proposer,
					block_import,
					sync_oracle: sync_service.clone(),
					justification_sync_link: sync_service.clone(),
					create_inherent_data_providers: slot_inherents,
					force_authoring,
					backoff_authoring_blocks: Option::<()>::None,
					babe_link,
					block_proposal_slot_portion: SlotProportion::new(0.5),
					max_block_proposal_slot_portion: None,
					telemetry: telemetry.as_ref().map(|x| x.handle()),
				})?;
				task_manager.spawn_essential_handle().spawn_blocking(
					"babe-proposer",
					Some("block-authoring"),
					babe,
				);
			}
			let grandpa_config = sc_consensus_grandpa::Config {
				gossip_duration: Duration::from_millis(333),
				justification_generation_period: GRANDPA_JUSTIFICATION_PERIOD,
				name: Some(node_name),
				observer_enabled: false,
				// A node without GRANDPA keys follows finality without voting.
				keystore: if role.is_authority() { Some(keystore) } else { None },
				local_role: role,
				telemetry: telemetry.as_ref().map(|x| x.handle()),
				protocol_name: grandpa_protocol_name,
			};
			let voter =
				sc_consensus_grandpa::run_grandpa_voter(sc_consensus_grandpa::GrandpaParams {
					config: grandpa_config,
					link: grandpa_link,
					network,
					sync: sync_service,
					notification_service: grandpa_notification_service.ok_or_else(|| {
						ServiceError::Other("the GRANDPA protocol was not registered".into())
					})?,
					voting_rule: sc_consensus_grandpa::VotingRulesBuilder::default().build(),
					prometheus_registry,
					shared_voter_state: sc_consensus_grandpa::SharedVoterState::empty(),
					telemetry: telemetry.as_ref().map(|x| x.handle()),
					offchain_tx_pool_factory,
				})?;
			task_manager
				.spawn_essential_handle()
				.spawn_blocking("grandpa-voter", None, voter);
		},
		Authoring::Seal(parts) => {
			let SealBabe { block_import, babe_link } = *parts;
			if is_dev {
				insert_dev_babe_keys(&keystore)?;
			}
			let consensus_data_provider =
				sc_consensus_manual_seal::consensus::babe::BabeConsensusDataProvider::new(
					client.clone(),
					keystore,
					babe_link.epoch_changes().clone(),
					babe_config.authorities.clone(),
				)
				.map_err(|e| ServiceError::Other(e.to_string()))?;
			// Both seal modes run manual seal on a stream of commands: a timer's ticks or the
			// pool's new transactions. Every block is finalised once imported.
			finalize_sealed(&task_manager, client.clone());
			let spawner = task_manager.spawn_handle();
			let commands_stream = match consensus {
				Consensus::ManualSeal(block_time) => seal_timer(&spawner, block_time).boxed(),
				_ => {
					let spawner = spawner.clone();
					transaction_pool
						.import_notification_stream()
						.map(move |_| seal_command(&spawner))
						.boxed()
				},
			};
			let authorship = sc_consensus_manual_seal::run_manual_seal(
				sc_consensus_manual_seal::ManualSealParams {
					block_import,
					env: proposer,
					client,
					pool: transaction_pool,
					select_chain,
					commands_stream,
					consensus_data_provider: Some(Box::new(consensus_data_provider)),
					create_inherent_data_providers: slot_inherents,
				},
			);
			task_manager
				.spawn_essential_handle()
				.spawn_blocking("manual-seal", None, authorship);
		},
	}

	Ok(task_manager)
}

/// A chain whose genesis validators have no session keys has no BABE or GRANDPA authorities and
/// could never author or finalise a block (GRANDPA's client would panic on it): refuse it with
/// what to fix.
fn check_authorities(
	client: &Arc<FullClient>,
	babe_config: &sp_consensus_babe::BabeConfiguration,
) -> Result<(), ServiceError> {
	use sp_api::ProvideRuntimeApi;
	use sp_consensus_grandpa::GrandpaApi;
	let genesis = client.chain_info().genesis_hash;
	let grandpa = client
		.runtime_api()
		.grandpa_authorities(genesis)
		.map_err(|e| ServiceError::Application(Box::new(e)))?;
	if babe_config.authorities.is_empty() || grandpa.is_empty() {
		return Err(ServiceError::Other(format!(
			"the chain spec's genesis has {} BABE and {} GRANDPA authorities: every genesis \
			 validator needs session keys (`session.keys`: [stash, stash, {{ \"babe\": sr25519, \
			 \"grandpa\": ed25519 }}] for each validator, as `build-spec --chain local` shows)",
			babe_config.authorities.len(),
			grandpa.len()
		)));
	}
	Ok(())
}

/// BABE's worker (which answers epoch queries) stops, and takes the node down as an essential
/// task, once the last handle to it is dropped: a task that lives as long as the node holds one.
fn keep_babe_worker(task_manager: &TaskManager, handle: BabeWorkerHandle<Block>) {
	task_manager.spawn_handle().spawn("babe-worker-handle", None, async move {
		let _handle = handle;
		futures::future::pending::<()>().await
	});
}

/// A stream of seal commands, one every `block_time` milliseconds.
fn seal_timer(
	spawner: &sc_service::SpawnTaskHandle,
	block_time: u64,
) -> futures::channel::mpsc::Receiver<SealCommand> {
	let (mut sink, commands_stream) = futures::channel::mpsc::channel(1024);
	let ticker = spawner.clone();
	spawner.spawn("block-timer", None, async move {
		// The first block at once, then one every `block_time`.
		let mut first = true;
		loop {
			if !first {
				futures_timer::Delay::new(Duration::from_millis(block_time)).await;
			}
			first = false;
			// A full queue means sealing lags behind the timer: skip this tick.
			if let Err(e) = sink.try_send(seal_command(&ticker)) {
				if e.is_disconnected() {
					break;
				}
			}
		}
	});
	commands_stream
}

type SealCommand = sc_consensus_manual_seal::EngineCommand<<Block as BlockT>::Hash>;

/// A command to seal the next block, whose outcome is awaited here: a failure is logged as an
/// error, a success needs no line of its own (the informant prints `Imported #N`). Without a
/// reply channel, manual seal logs every block's full record at info instead.
fn seal_command(spawner: &sc_service::SpawnTaskHandle) -> SealCommand {
	let (sender, outcome) = futures::channel::oneshot::channel();
	spawner.spawn("seal-outcome", None, async move {
		if let Ok(Err(e)) = outcome.await {
			log::error!("Sealing a block failed: {e}");
		}
	});
	sc_consensus_manual_seal::EngineCommand::SealNewBlock {
		create_empty: true,
		finalize: false,
		parent_hash: None,
		sender: Some(sender),
	}
}

/// Finalises each block this node seals, once it is imported. Finalising a block within its own import
/// (manual seal's `finalize: true`) runs BABE's finality clean-up before the header is written,
/// which then warns "Failed to lookup metadata for block" on every block.
fn finalize_sealed(task_manager: &TaskManager, client: Arc<FullClient>) {
	use sc_client_api::{BlockchainEvents, Finalizer};
	let mut imported = client.import_notification_stream();
	task_manager.spawn_handle().spawn("seal-finality", None, async move {
		while let Some(block) = imported.next().await {
			// Only what this node sealed: blocks from peers (manual seal on a shared chain) are
			// theirs to finalise.
			if !block.is_new_best || block.origin != sp_consensus::BlockOrigin::Own {
				continue;
			}
			if let Err(e) = client.finalize_block(block.hash, None, true) {
				log::error!("Finalising block #{} failed: {e}", block.header.number);
			}
		}
	});
}

/// The dev node seals every block itself, so it holds the BABE key of every well-known dev
/// account: whichever of them the chain has elected, the node can claim its slots (one process
/// standing in for all validators). Never done outside a development chain.
fn insert_dev_babe_keys(keystore: &sp_keystore::KeystorePtr) -> Result<(), ServiceError> {
	for name in ["Alice", "Bob", "Charlie", "Dave", "Eve", "Ferdie"] {
		keystore
			.sr25519_generate_new(BABE, Some(&format!("//{name}")))
			.map_err(|e| ServiceError::Other(format!("dev BABE key of {name}: {e}")))?;
	}
	Ok(())
}

/// A validator whose keystore holds none of the chain's BABE authority keys authors nothing;
/// say so once at start-up, with the fix, instead of leaving the user with a silent node.
fn warn_without_keys(
	keystore: &sp_keystore::KeystorePtr,
	authorities: &[(sp_consensus_babe::AuthorityId, sp_consensus_babe::BabeAuthorityWeight)],
) {
	let ours = keystore.sr25519_public_keys(BABE);
	let authority = authorities
		.iter()
		.any(|(id, _)| ours.iter().any(|k| sp_consensus_babe::AuthorityId::from(*k) == *id));
	if ours.is_empty() {
		log::warn!(
			"This node runs as a validator but its keystore holds no BABE key: it will author no \
			 blocks. Start it with a dev key (--alice, --bob, ...), or insert its session keys \
			 (`ssp-node key insert --key-type babe ...` and `--key-type gran`, or the \
			 `author_rotateKeysWithOwner` RPC followed by `session.setKeys` with the keys and \
			 the proof it returns)."
		);
	} else if !authority {
		log::warn!(
			"This node runs as a validator, but none of its {} BABE key(s) is a current \
			 authority: it will author blocks once a session with its keys begins.",
			ours.len()
		);
	}
}
