//! Underwriters' deposits and withdrawals.

use super::*;
use crate::{Error, Event, Pools, Underwriters};
use frame_support::{assert_noop, assert_ok};

#[test]
fn underwriters_buy_shares_at_their_value_and_withdraw_after_the_delay() {
	ExtBuilder::build_and_execute(|| {
		let pot_before = free(pot());
		assert_ok!(Cover::deposit(RuntimeOrigin::signed(UW), op_pool(), 1_000));
		assert_ok!(Cover::deposit(RuntimeOrigin::signed(UW2), op_pool(), 500));
		assert!(events().contains(&Event::Deposited {
			subject: op_pool(),
			underwriter: UW2,
			amount: 500,
			shares: 500
		}));
		let pool = Pools::<Test>::get(op_pool()).unwrap();
		assert_eq!((pool.funds, pool.shares, pool.underwriters), (1_500, 1_500, 2));
		assert_eq!(free(pot()), pot_before + 1_500);
		// UW starts withdrawing 400: those shares back no new cover from now on.
		assert_ok!(Cover::request_withdrawal(RuntimeOrigin::signed(UW), op_pool(), 400));
		let unlock_at = System::block_number() + WITHDRAWAL_DELAY;
		assert!(events().contains(&Event::WithdrawalRequested {
			subject: op_pool(),
			underwriter: UW,
			shares: 400,
			unlock_at
		}));
		assert_eq!(Cover::capacity(&Pools::<Test>::get(op_pool()).unwrap()), 1_100);
		assert_noop!(
			Cover::withdraw(RuntimeOrigin::signed(UW), op_pool()),
			Error::<Test>::WithdrawalNotReady
		);
		run_to_block(unlock_at);
		let before = free(UW);
		assert_ok!(Cover::withdraw(RuntimeOrigin::signed(UW), op_pool()));
		assert_eq!(free(UW), before + 400);
		assert_eq!(Underwriters::<Test>::get(op_pool(), UW).unwrap().active, 600);
		// The last shares take all that is left; the pool goes.
		for uw in [UW, UW2] {
			let all = Underwriters::<Test>::get(op_pool(), uw).unwrap().active as Balance;
			assert_ok!(Cover::request_withdrawal(RuntimeOrigin::signed(uw), op_pool(), all));
		}
		run_to_block(System::block_number() + WITHDRAWAL_DELAY);
		assert_ok!(Cover::withdraw(RuntimeOrigin::signed(UW), op_pool()));
		assert_ok!(Cover::withdraw(RuntimeOrigin::signed(UW2), op_pool()));
		assert!(Pools::<Test>::get(op_pool()).is_none());
		assert_eq!(free(pot()), pot_before);
	});
}

#[test]
fn deposits_and_withdrawals_refuse_bad_inputs() {
	ExtBuilder::build_and_execute(|| {
		assert_noop!(
			Cover::deposit(RuntimeOrigin::signed(UW), op_pool(), 0),
			Error::<Test>::ZeroAmount
		);
		assert_noop!(
			Cover::deposit(RuntimeOrigin::signed(UW), Subject::Operator(99), 10),
			Error::<Test>::UnknownSubject
		);
		assert_noop!(
			Cover::deposit(RuntimeOrigin::signed(UW), Subject::Network(9), 10),
			Error::<Test>::UnknownSubject
		);
		assert_noop!(
			Cover::request_withdrawal(RuntimeOrigin::signed(UW), op_pool(), 10),
			Error::<Test>::NotUnderwriter
		);
		assert_noop!(
			Cover::withdraw(RuntimeOrigin::signed(UW), op_pool()),
			Error::<Test>::NotUnderwriter
		);
		assert_ok!(Cover::deposit(RuntimeOrigin::signed(UW), op_pool(), 100));
		assert_noop!(
			Cover::request_withdrawal(RuntimeOrigin::signed(UW), op_pool(), 0),
			Error::<Test>::ZeroAmount
		);
		assert_noop!(
			Cover::withdraw(RuntimeOrigin::signed(UW), op_pool()),
			Error::<Test>::WithdrawalNotReady
		);
		assert_ok!(Cover::request_withdrawal(RuntimeOrigin::signed(UW), op_pool(), 1_000));
		assert_noop!(
			Cover::request_withdrawal(RuntimeOrigin::signed(UW), op_pool(), 1),
			Error::<Test>::NothingToWithdraw
		);
	});
}
