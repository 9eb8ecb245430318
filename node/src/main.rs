//! `ssp-node`: a BABE + GRANDPA node of the SSP chain, or a dev chain that seals its own blocks.

// `sc_cli::Error` is large, and it is the error type every `sc_cli` command runner returns.
#![allow(clippy::result_large_err)]

mod chain_spec;
mod cli;
mod command;
mod equivocation;
mod pool_spawner;
mod rpc;
mod service;

fn main() {
	// The error's message (not its debug form): what to fix, in the words of the check that
	// refused the input, e.g. a validator started without a network key.
	if let Err(e) = command::run() {
		eprintln!("Error: {e}");
		std::process::exit(1);
	}
}
