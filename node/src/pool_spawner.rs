//! The spawner of the transaction pool's background tasks.
//!
//! Those tasks end only when the pool is dropped, which happens as the node shuts down, and the
//! task manager reports any essential task that ends as a failure ("Essential task
//! `txpool-background` failed"), an error line at every Ctrl-C. One of them (the fork-aware
//! pool's mempool bridge) blocks its thread on a channel, so the exit signal cannot interrupt
//! it: it always ends after the signal, when the pool goes. Spawned through [`PoolSpawner`], a
//! task that ends waits for the exit signal instead, so a shutdown is silent. A panic still
//! reaches the task manager and stops the node.

use futures::{future::BoxFuture, FutureExt};
use sc_service::SpawnEssentialTaskHandle;
use sp_core::traits::SpawnEssentialNamed;

/// Spawns essential tasks whose normal end is part of the node's shutdown.
#[derive(Clone)]
pub struct PoolSpawner(pub SpawnEssentialTaskHandle);

/// `task`, then pending until the task manager's exit signal cancels it.
fn end_with_the_node(task: BoxFuture<'static, ()>) -> BoxFuture<'static, ()> {
	async move {
		task.await;
		// Logged only at debug: it happens at every shutdown.
		log::debug!("a transaction pool task ended; it stops with the node");
		futures::future::pending::<()>().await
	}
	.boxed()
}

impl SpawnEssentialNamed for PoolSpawner {
	fn spawn_essential(
		&self,
		name: &'static str,
		group: Option<&'static str>,
		task: BoxFuture<'static, ()>,
	) {
		self.0.spawn(name, group, end_with_the_node(task));
	}

	fn spawn_essential_blocking(
		&self,
		name: &'static str,
		group: Option<&'static str>,
		task: BoxFuture<'static, ()>,
	) {
		self.0.spawn_blocking(name, group, end_with_the_node(task));
	}
}
