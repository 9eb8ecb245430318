//! Dispatches the command line to the node or to a chain operation.

use crate::{
	chain_spec,
	cli::{Cli, Subcommand},
	service,
};
use sc_cli::SubstrateCli;
use ssp_runtime::opaque::Block;

impl SubstrateCli for Cli {
	fn impl_name() -> String {
		"SSP Node".into()
	}

	fn impl_version() -> String {
		env!("SUBSTRATE_CLI_IMPL_VERSION").into()
	}

	fn description() -> String {
		env!("CARGO_PKG_DESCRIPTION").into()
	}

	fn author() -> String {
		env!("CARGO_PKG_AUTHORS").into()
	}

	fn support_url() -> String {
		"https://github.com/ssp/ssp/issues".into()
	}

	fn copyright_start_year() -> i32 {
		2026
	}

	fn load_spec(&self, id: &str) -> Result<Box<dyn sc_service::ChainSpec>, String> {
		chain_spec::load(id)
	}
}

/// Parses the command line and runs it.
pub fn run() -> sc_cli::Result<()> {
	let cli = Cli::from_args();

	match &cli.subcommand {
		Some(Subcommand::Key(cmd)) => cmd.run(&cli),
		Some(Subcommand::BuildSpec(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run(config.chain_spec, config.network))
		},
		Some(Subcommand::ExportChainSpec(cmd)) => {
			let chain_spec = cli.load_spec(&cmd.chain)?;
			cmd.run(chain_spec)
		},
		Some(Subcommand::PurgeChain(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run(config.database))
		},
		Some(Subcommand::ChainInfo(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run::<Block>(&config))
		},
		Some(Subcommand::Benchmark(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| match cmd {
				frame_benchmarking_cli::BenchmarkCmd::Pallet(cmd) => {
					if !cfg!(feature = "runtime-benchmarks") {
						return Err("benchmarks need a node built with `--features \
							runtime-benchmarks`: run scripts/benchmark.sh"
							.into());
					}
					cmd.run_with_spec::<sp_runtime::traits::HashingFor<Block>, service::HostFunctions>(
						Some(config.chain_spec),
					)
				},
				_ => Err("only `benchmark pallet` is supported by ssp-node".into()),
			})
		},
		None => {
			let runner = cli.create_runner(&cli.run)?;
			let chosen = cli.consensus;
			runner.run_node_until_exit(|mut config| async move {
				// A development chain seals its own blocks; any other runs BABE + GRANDPA.
				let consensus = chosen.unwrap_or(
					if config.chain_spec.chain_type() == sc_service::ChainType::Development {
						crate::cli::Consensus::ManualSeal(ssp_runtime::MILLISECS_PER_BLOCK)
					} else {
						crate::cli::Consensus::Babe
					},
				);
				// A user who names a port means that port: fail instead of silently moving the
				// RPC server to a random one, where polkadot.js apps would not find it.
				for endpoint in config.rpc.addr.iter_mut().flatten() {
					endpoint.retry_random_port = false;
				}
				match config.network.network_backend {
					sc_network::config::NetworkBackendType::Libp2p => {
						service::new_full::<sc_network::NetworkWorker<_, _>>(config, consensus)
							.await
							.map_err(sc_cli::Error::Service)
					},
					sc_network::config::NetworkBackendType::Litep2p => {
						service::new_full::<sc_network::Litep2pNetworkBackend>(config, consensus)
							.await
							.map_err(sc_cli::Error::Service)
					},
				}
			})
		},
	}
}
