//! Command-line interface.

/// How the node seals blocks. There is one authority: no slot consensus is needed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Consensus {
	/// Seal a block every given number of milliseconds, with or without transactions.
	ManualSeal(u64),
	/// Seal a block as soon as a transaction arrives.
	InstantSeal,
}

impl std::str::FromStr for Consensus {
	type Err = String;

	fn from_str(s: &str) -> Result<Self, Self::Err> {
		if s == "instant-seal" {
			return Ok(Consensus::InstantSeal);
		}
		let millis = s.strip_prefix("manual-seal-").ok_or_else(|| {
			format!("unknown consensus `{s}`: use manual-seal-<ms> or instant-seal")
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

	/// Block production: `manual-seal-<ms>` seals a block every <ms> milliseconds;
	/// `instant-seal` seals one per incoming transaction.
	#[arg(long, default_value = "manual-seal-3000")]
	pub consensus: Consensus,

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
