//! The hook's agenda: tasks by block, each network's round task and each open checkpoint's next
//! task exactly once, so the agenda never holds more than `MaxNetworks × (1 +
//! MaxOpenCheckpoints)` tasks and a task always finds room within `AgendaLookahead` blocks.

use crate::*;
use frame_support::traits::Get;
use frame_support::weights::Weight;
use sp_runtime::traits::{One, Saturating};

impl<T: Config> Pallet<T> {
	pub(crate) fn now() -> BlockNumberFor<T> {
		frame_system::Pallet::<T>::block_number()
	}

	/// Put `task` on the agenda at `at`, or the first block after it with room (at most
	/// `AgendaLookahead` blocks later). Returns the block it is at.
	pub(crate) fn schedule(
		at: BlockNumberFor<T>,
		task: AgendaItem,
	) -> Result<BlockNumberFor<T>, Error<T>> {
		let mut block = at;
		for _ in 0..=T::AgendaLookahead::get() {
			if Agenda::<T>::try_mutate(block, |tasks| tasks.try_push(task)).is_ok() {
				return Ok(block);
			}
			block = block.saturating_add(One::one());
		}
		Err(Error::<T>::AgendaFull)
	}

	/// Take `task` off the agenda at `at`.
	pub(crate) fn unschedule(at: BlockNumberFor<T>, task: &AgendaItem) {
		Agenda::<T>::mutate_exists(at, |tasks| {
			if let Some(list) = tasks {
				list.retain(|t| t != task);
				if list.is_empty() {
					*tasks = None;
				}
			}
		});
	}

	/// Run every task on the agenda at `now`. Returns the weight used: the idle hook's and each
	/// task's worst case.
	pub(crate) fn run_agenda(now: BlockNumberFor<T>) -> Weight {
		let tasks = Agenda::<T>::take(now);
		let mut weight = <T as Config>::WeightInfo::on_initialize_idle();
		for task in tasks {
			let used = match task {
				AgendaItem::OpenRound(network) => {
					Self::open_round(network, now);
					<T as Config>::WeightInfo::open_round()
				},
				AgendaItem::CloseRound(network, round, level) => {
					Self::close_round(network, round, level, now);
					<T as Config>::WeightInfo::close_round()
				},
				AgendaItem::Finalize(network, round) => {
					Self::finalize(network, round, now);
					<T as Config>::WeightInfo::finalize()
				},
				AgendaItem::CloseDispute(network, round) => {
					Self::close_dispute(network, round, now);
					<T as Config>::WeightInfo::close_dispute()
				},
				AgendaItem::JailNonVoters(network, round) => {
					Self::jail_non_voters(network, round, now);
					<T as Config>::WeightInfo::jail_non_voters()
				},
				AgendaItem::SlashAttesters(network, round) => {
					Self::slash_attesters(network, round, now);
					<T as Config>::WeightInfo::slash_attesters()
				},
			};
			weight.saturating_accrue(used);
		}
		weight
	}

	/// Put the network's round task at `at` (or later, if full), and record where it is. A task
	/// that finds no room (impossible while `integrity_test` holds) stops the network's rounds,
	/// logged, rather than leave it with none.
	pub(crate) fn schedule_round_task(
		network: ssp_primitives::NetworkId,
		at: BlockNumberFor<T>,
		task: AgendaItem,
	) {
		match Self::schedule(at, task) {
			Ok(block) => RoundTaskAt::<T>::insert(network, block),
			Err(_) => {
				log::error!(target: LOG_TARGET, "no room on the agenda for {task:?}: rounds of {network} stop");
				Self::stop(network);
			},
		}
	}
}
