//! `ssp-node`: runs the SSP runtime on a local chain sealed by the node itself.

mod chain_spec;
mod cli;
mod command;
mod rpc;
mod service;

fn main() -> sc_cli::Result<()> {
	command::run()
}
