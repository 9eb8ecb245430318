//! `ssp-node`: runs the SSP runtime on a local chain sealed by the node itself.

// `sc_cli::Error` is large, and it is the error type every `sc_cli` command runner returns.
#![allow(clippy::result_large_err)]

mod chain_spec;
mod cli;
mod command;
mod rpc;
mod service;

fn main() -> sc_cli::Result<()> {
	command::run()
}
