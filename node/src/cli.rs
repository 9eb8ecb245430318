//! Command-line interface.

/// How the node authors and finalises blocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Consensus {
	/// BABE authors blocks in slots, GRANDPA finalises them: a validator of a multi-node network
	/// (`--validator` with its session keys in the keystore) or a full node following one.
	Babe,
	/// The node seals a block every given number of milliseconds, with or without transactions,
	/// one BABE slot a block, and finalises it at once: a single-node chain.
	ManualSeal(u64),
	/// The node seals a block as soon as a transaction arrives, one BABE slot a block.
	InstantSeal,
}

impl std::str::FromStr for Consensus {
	type Err = String;

	fn from_str(s: &str) -> Result<Self, Self::Err> {
		match s {
			"babe" => return Ok(Consensus::Babe),
			"instant-seal" => return Ok(Consensus::InstantSeal),
			_ => {},
		}
		let millis = s.strip_prefix("manual-seal-").ok_or_else(|| {
			format!("unknown consensus `{s}`: use babe, manual-seal-<ms> or instant-seal")
		})?;
		match millis.parse::<u64>() {
			Ok(ms) if ms > 0 => Ok(Consensus::ManualSeal(ms)),
			_ => Err(format!("invalid block time `{millis}` in `{s}`: a positive number of ms")),
		}
	}
}

#[derive(Debug, clap::Parser)]
#[command(version, propagate_version = true, args_conflicts_with_subcommands = true)]
pub struct Cli {
	#[command(subcommand)]
	pub subcommand: Option<Subcommand>,

	/// Block production: `babe` (BABE + GRANDPA, with other nodes: the default on every chain
	/// but `dev`); `manual-seal-<ms>` seals a block every <ms> milliseconds (the default on the
	/// `dev` chain, every 3000 ms); `instant-seal` seals one per incoming transaction. Both
	/// finalise each block they seal as soon as it is imported.
	#[arg(long)]
	pub consensus: Option<Consensus>,

	#[command(flatten)]
	pub run: sc_cli::RunCmd,
}

#[derive(Debug, clap::Subcommand)]
#[allow(clippy::large_enum_variant)]
pub enum Subcommand {
	/// Key management utilities.
	#[command(subcommand)]
	Key(sc_cli::KeySubcommand),

	/// Build a chain specification.
	BuildSpec(sc_cli::BuildSpecCmd),

	/// Export the chain specification.
	ExportChainSpec(sc_cli::ExportChainSpecCmd),

	/// Remove the whole chain.
	PurgeChain(sc_cli::PurgeChainCmd),

	/// Db meta columns information.
	ChainInfo(sc_cli::ChainInfoCmd),

	/// Benchmark the runtime's pallets (needs a node built with `--features runtime-benchmarks`).
	#[command(subcommand)]
	Benchmark(frame_benchmarking_cli::BenchmarkCmd),
}
