//! The hook's agenda: one list of tasks ordered by the block they are due at, holding each
//! network's round task and each open checkpoint's next task exactly once, so it never holds more
//! than `MaxNetworks × (1 + MaxOpenCheckpoints)` tasks (its bound, `AgendaCapacity`). A block runs
//! the earliest due tasks, at most `MaxTasksPerBlock` and within `MaxHookWeight`
//! (each counted at its benchmarked worst case); the rest wait for the next block (the calls
//! enforce every window themselves, so a task run late changes nothing).

use crate::*;
use frame_support::{traits::Get, weights::Weight};

/// The agenda's bound: every network validated by checkpoints with its round task and its open
/// checkpoints' tasks.
pub struct AgendaCapacity<T>(core::marker::PhantomData<T>);

impl<T: Config> Get<u32> for AgendaCapacity<T> {
	fn get() -> u32 {
		T::MaxNetworks::get().saturating_mul(T::MaxOpenCheckpoints::get().saturating_add(1))
	}
}

impl<T: Config> Pallet<T> {
	pub(crate) fn now() -> BlockNumberFor<T> {
		frame_system::Pallet::<T>::block_number()
	}

	/// Put `task` on the agenda, due at `at` (after the tasks already due then). Returns `at`.
	pub(crate) fn schedule(
		at: BlockNumberFor<T>,
		task: AgendaItem,
	) -> Result<BlockNumberFor<T>, Error<T>> {
		Agenda::<T>::try_mutate(|agenda| {
			let index = agenda.partition_point(|(due, _)| *due <= at);
			agenda.try_insert(index, (at, task)).map_err(|_| Error::<T>::AgendaFull)?;
			Ok(at)
		})
	}

	/// Take `task` off the agenda.
	pub(crate) fn unschedule(task: &AgendaItem) {
		Agenda::<T>::mutate(|agenda| agenda.retain(|(_, t)| t != task));
	}

	/// The benchmarked worst case of `task`.
	fn weight_of(task: &AgendaItem) -> Weight {
		match task {
			AgendaItem::OpenRound(..) => <T as Config>::WeightInfo::open_round(),
			AgendaItem::CloseRound(..) => <T as Config>::WeightInfo::close_round(),
			AgendaItem::Finalize(..) => <T as Config>::WeightInfo::finalize(),
			AgendaItem::CloseDispute(..) => <T as Config>::WeightInfo::close_dispute(),
			AgendaItem::JailNonVoters(..) => <T as Config>::WeightInfo::jail_non_voters(),
			AgendaItem::SlashAttesters(..) => <T as Config>::WeightInfo::slash_attesters(),
		}
	}

	/// Run the tasks due by `now`, the earliest first: at most `MaxTasksPerBlock`, within the
	/// hook's budget (the first always). Returns the weight used: the idle hook's and each
	/// task's worst case.
	pub(crate) fn run_agenda(now: BlockNumberFor<T>) -> Weight {
		let mut weight = <T as Config>::WeightInfo::on_initialize_idle();
		let mut agenda = Agenda::<T>::get();
		let budget = T::MaxHookWeight::get();
		let mut planned = Weight::zero();
		let mut due = 0usize;
		for (at, task) in agenda.iter().take(T::MaxTasksPerBlock::get() as usize) {
			let next = planned.saturating_add(Self::weight_of(task));
			if *at > now || (due > 0 && !next.all_lte(budget)) {
				break;
			}
			planned = next;
			due = due.saturating_add(1);
		}
		if due == 0 {
			return weight;
		}
		let tasks: alloc::vec::Vec<AgendaItem> = agenda.drain(..due).map(|(_, t)| t).collect();
		Agenda::<T>::put(agenda);
		// The agenda written back (its read is the idle hook's).
		weight.saturating_accrue(<T as frame_system::Config>::DbWeight::get().writes(1));
		for task in tasks {
			match task {
				AgendaItem::OpenRound(network) => Self::open_round(network, now),
				AgendaItem::CloseRound(network, round, level) => {
					Self::close_round(network, round, level, now)
				},
				AgendaItem::Finalize(network, round) => Self::finalize(network, round, now),
				AgendaItem::CloseDispute(network, round) => {
					Self::close_dispute(network, round, now)
				},
				AgendaItem::JailNonVoters(network, round) => {
					Self::jail_non_voters(network, round, now)
				},
				AgendaItem::SlashAttesters(network, round) => {
					Self::slash_attesters(network, round, now)
				},
			}
		}
		weight.saturating_accrue(planned);
		weight
	}

	/// Put the network's round task at `at`, and record when it is due. A task that finds no
	/// room (impossible while every network has one round task and every open checkpoint one
	/// task) stops the network's rounds, logged, rather than leave it with none.
	pub(crate) fn schedule_round_task(
		network: ssp_primitives::NetworkId,
		at: BlockNumberFor<T>,
		task: AgendaItem,
	) {
		match Self::schedule(at, task) {
			Ok(block) => RoundTaskAt::<T>::insert(network, block),
			Err(_) => {
				log::error!(
					target: LOG_TARGET,
					"no room on the agenda for {task:?}: rounds of {network} stop"
				);
				Self::stop(network);
			},
		}
	}
}
