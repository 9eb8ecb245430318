//! Tests of the cover pallet against real restaking, leasing and slashing pallets: pools and
//! underwriters, covers paid from applied slashes, security default swaps.

mod covers;
mod pools;
mod swaps;

use crate::{mock::*, Subject};
use frame_support::{assert_ok, BoundedVec};
use sp_runtime::Perbill;

pub(crate) fn op_pool() -> Subject<AccountId> {
	Subject::Operator(OP)
}

/// `who` (funded, not bonded) bonds and restakes `amount` with `operator`.
pub(crate) fn restake(who: AccountId, operator: AccountId, amount: Balance) {
	assert_ok!(Staking::bond(
		RuntimeOrigin::signed(who),
		amount,
		pallet_staking::RewardDestination::Stash
	));
	assert_ok!(Restaking::restake(RuntimeOrigin::signed(who), operator, amount));
}

/// The network's slasher reports `operator` for `percent` of its stake on `network`.
pub(crate) fn report(network: u32, operator: AccountId, percent: u32) {
	let now = System::block_number();
	assert_ok!(Slashing::report_offence(
		RuntimeOrigin::signed(SLASHER),
		network,
		operator,
		Perbill::from_percent(percent),
		now,
		BoundedVec::truncate_from(b"offence".to_vec()),
	));
}

/// Report, then run blocks until the slash applies, stopping in the block it applied in (its
/// events are still there).
pub(crate) fn slash(network: u32, operator: AccountId, percent: u32) {
	report(network, operator, percent);
	for _ in 0..2 * VETO_WINDOW {
		run_to_block(System::block_number() + 1);
		let applied = System::events().iter().any(|r| {
			matches!(
				r.event,
				RuntimeEvent::Slashing(pallet_ssp_slashing::Event::SlashApplied { .. })
			)
		});
		if applied {
			return;
		}
	}
	panic!("the slash did not apply");
}
