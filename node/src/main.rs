//! `ssp-node`: a BABE + GRANDPA node of the SSP chain, or a dev chain that seals its own blocks.

// `sc_cli::Error` is large, and it is the error type every `sc_cli` command runner returns.
#![allow(clippy::result_large_err)]

mod chain_spec;
mod cli;
mod command;
mod equivocation;
mod rpc;
mod service;

fn main() -> sc_cli::Result<()> {
	command::run()
}
