//! Covers: priced by risk and utilisation, refused on bad inputs, paid from applied slashes.

use super::*;
use crate::{Covers, Error, Event, Exposures, Pools};
use frame_support::{assert_noop, assert_ok};
use sp_runtime::{
	traits::{One, Saturating, Zero},
	FixedPointNumber, FixedU128,
};
use ssp_primitives::NetworkRisk;

fn ratio(n: u128, d: u128) -> FixedU128 {
	FixedU128::from_rational(n, d)
}

/// The highest risk factor of OP's networks (A and B).
fn op_risk() -> FixedU128 {
	<Leasing as NetworkRisk>::risk_factor(NET_A).max(<Leasing as NetworkRisk>::risk_factor(NET_B))
}

fn buy(who: AccountId, subject: Subject<AccountId>, amount: Balance, term: u64) -> Balance {
	let until = System::block_number() + term;
	let before = free(who);
	assert_ok!(Cover::buy_cover(RuntimeOrigin::signed(who), subject, amount, until, Balance::MAX));
	before - free(who)
}

#[test]
fn a_cover_is_priced_by_the_subjects_risk_bumped_by_its_size_and_decays_back() {
	ExtBuilder::build_and_execute(|| {
		assert_ok!(Cover::deposit(RuntimeOrigin::signed(UW), op_pool(), 10_000));
		let rate = ratio(1, 100) * op_risk();
		assert!(op_risk() > FixedU128::one(), "network B is under its target");
		// 500 covered for 50 blocks (5 periods) at 1% × risk a period.
		let premium = buy(1, op_pool(), 500, 50);
		// 500 × 5 × rate, rounded up once.
		let exact = rate.saturating_mul_int(2_500u128 * 1_000_000);
		assert_eq!(premium, exact.div_ceil(1_000_000));
		let until = System::block_number() + 50;
		assert!(events().contains(&Event::CoverBought {
			restaker: 1,
			subject: op_pool(),
			operator: OP,
			amount: 500,
			rate,
			premium,
			until
		}));
		let pool = Pools::<Test>::get(op_pool()).unwrap();
		assert_eq!((pool.funds, pool.covered), (10_000 + premium, 500));
		// 5% of the capacity bought: +10% × 5%.
		assert_eq!(pool.price, rate + ratio(5, 1_000));
		// A period later it has decayed by 1%, never below the target.
		run_to_block(System::block_number() + PERIOD);
		let view = Cover::pool_view(&op_pool()).unwrap();
		assert_eq!(view.price, (rate + ratio(5, 1_000)).saturating_sub(ratio(1, 100)).max(rate));
		assert_eq!(view.capacity, 10_000 + premium);
		let cover = Cover::cover_view(&1).unwrap();
		assert_eq!((cover.covered, cover.owed, cover.until), (500, 0, until));
	});
}

#[test]
fn buying_cover_refuses_bad_inputs_and_changes_nothing() {
	ExtBuilder::build_and_execute(|| {
		let now = System::block_number();
		let buy = |who, subject, amount, until, max| {
			Cover::buy_cover(RuntimeOrigin::signed(who), subject, amount, until, max)
		};
		assert_noop!(buy(1, op_pool(), 100, now + 10, 1_000), Error::<Test>::NoPool);
		assert_ok!(Cover::deposit(RuntimeOrigin::signed(UW), op_pool(), 300));
		assert_noop!(buy(1, op_pool(), 100, now, 1_000), Error::<Test>::TermExpired);
		assert_noop!(buy(1, op_pool(), 100, now + MAX_TERM + 1, 1_000), Error::<Test>::TermTooLong);
		assert_noop!(buy(1, op_pool(), 0, now + 10, 1_000), Error::<Test>::ZeroAmount);
		assert_noop!(buy(4, op_pool(), 100, now + 10, 1_000), Error::<Test>::NotRestaker);
		assert_noop!(buy(2, op_pool(), 100, now + 10, 1_000), Error::<Test>::WrongOperator);
		// OP3 is not in network B.
		assert_noop!(
			buy(3, Subject::Network(NET_B), 100, now + 10, 1_000),
			Error::<Test>::NotBacking
		);
		assert_noop!(buy(1, op_pool(), 1_001, now + 10, 1_000), Error::<Test>::ExceedsPosition);
		assert_noop!(buy(1, op_pool(), 301, now + 10, 1_000), Error::<Test>::OverCapacity);
		assert_noop!(buy(1, op_pool(), 100, now + 10, 0), Error::<Test>::PremiumAboveMax);
		// The operator cannot cover its own pool's position (the buy-cover-then-misbehave exit).
		restake(OP, OP, 100);
		assert_noop!(buy(OP, op_pool(), 100, now + 10, 1_000), Error::<Test>::SelfCover);
		assert_ok!(buy(1, op_pool(), 100, now + 10, 1_000));
		assert_noop!(buy(1, op_pool(), 100, now + 10, 1_000), Error::<Test>::AlreadyCovered);
		// No cover while a slash against the operator is reported and unapplied.
		report(NET_A, OP, 10);
		restake(4, OP, 100);
		assert_noop!(buy(4, op_pool(), 50, now + 10, 1_000), Error::<Test>::SlashPending);
		assert_noop!(Cover::settle_cover(RuntimeOrigin::signed(9), 4), Error::<Test>::NoCover);
	});
}

#[test]
fn an_applied_slash_pays_covered_restakers_pro_rata_with_no_claim() {
	ExtBuilder::build_and_execute(|| {
		assert_ok!(Cover::deposit(RuntimeOrigin::signed(UW), op_pool(), 5_000));
		// OP's pool: restaker 1's 1,000 and restaker 4's 400; they cover 800 and 400.
		restake(4, OP, 400);
		buy(1, op_pool(), 800, 60);
		buy(4, op_pool(), 400, 60);
		let until = System::block_number() + 60;
		let funds = Pools::<Test>::get(op_pool()).unwrap().funds;
		// 10% of OP's stake on A (all of its 1,400): its pool loses 10%, the covers 120, of
		// which they are paid all but the 10% deductible.
		slash(NET_A, OP, 10);
		let reserved = events()
			.into_iter()
			.find_map(|e| match e {
				Event::CoverTriggered { subject, operator: OP, reserved, .. }
					if subject == op_pool() =>
				{
					Some(reserved)
				},
				_ => None,
			})
			.expect("the slash reached the pool");
		assert_eq!(reserved, 108);
		let pool = Pools::<Test>::get(op_pool()).unwrap();
		assert_eq!((pool.funds, pool.covered), (funds - 108, 1_080));
		assert_eq!(Cover::cover_view(&1).unwrap().owed, 72);
		// Anyone may settle a cover early; a second settlement has nothing more to pay.
		let before = free(4);
		assert_ok!(Cover::settle_cover(RuntimeOrigin::signed(9), 4));
		assert_eq!(free(4), before + 36);
		assert_ok!(Cover::settle_cover(RuntimeOrigin::signed(9), 4));
		assert_eq!(free(4), before + 36);
		// The hook pays restaker 1 when its cover ends, with no call of its own.
		let before = free(1);
		run_to_block(until);
		assert_eq!(free(1), before + 72);
		assert!(events().contains(&Event::CoverSettled { restaker: 1, paid: 72, covered: 720 }));
		assert!(events().contains(&Event::CoverEnded { restaker: 1 }));
		assert!(!Covers::<Test>::contains_key(1) && !Covers::<Test>::contains_key(4));
		assert!(Exposures::<Test>::iter().next().is_none());
		assert_eq!(Pools::<Test>::get(op_pool()).unwrap().covered, 0);
	});
}

#[test]
fn a_network_pool_pays_for_slashes_on_its_network_only() {
	ExtBuilder::build_and_execute(|| {
		let net_b = Subject::Network(NET_B);
		assert_ok!(Cover::deposit(RuntimeOrigin::signed(UW), net_b.clone(), 5_000));
		buy(1, net_b.clone(), 1_000, 90);
		// A slash of OP on network A: not this pool's.
		slash(NET_A, OP, 10);
		assert_eq!(Cover::cover_view(&1).unwrap().owed, 0);
		assert_eq!(Exposures::<Test>::get(&net_b, OP).unwrap().owed, 0);
		// On network B (10% of OP's 450 there: 45 of its 900, 5% of the pool): paid.
		slash(NET_B, OP, 10);
		assert_eq!(Cover::cover_view(&1).unwrap().owed, 45);
	});
}

#[test]
fn shares_being_withdrawn_back_no_new_cover_and_still_pay_for_the_old() {
	ExtBuilder::build_and_execute(|| {
		assert_ok!(Cover::deposit(RuntimeOrigin::signed(UW), op_pool(), 1_000));
		buy(1, op_pool(), 1_000, 90);
		let funds = Pools::<Test>::get(op_pool()).unwrap().funds;
		assert_ok!(Cover::request_withdrawal(RuntimeOrigin::signed(UW), op_pool(), funds));
		restake(4, OP, 100);
		assert_noop!(
			Cover::buy_cover(RuntimeOrigin::signed(4), op_pool(), 10, 50, Balance::MAX),
			Error::<Test>::OverCapacity
		);
		// The slash takes 10% of OP's pool: 90 of the cover's 100 lost is reserved from the pool.
		slash(NET_A, OP, 10);
		run_to_block(System::block_number() + WITHDRAWAL_DELAY);
		let before = free(UW);
		assert_ok!(Cover::withdraw(RuntimeOrigin::signed(UW), op_pool()));
		assert_eq!(free(UW), before + funds - 90);
	});
}

#[test]
fn a_cover_ending_with_a_slash_pending_stays_until_the_slash_pays_it() {
	ExtBuilder::build_and_execute(|| {
		assert_ok!(Cover::deposit(RuntimeOrigin::signed(UW), op_pool(), 5_000));
		buy(1, op_pool(), 1_000, 3);
		let until = System::block_number() + 3;
		// An offence in the cover's term, reported before its end, applied after it.
		report(NET_A, OP, 10);
		run_to_block(until);
		assert!(events().contains(&Event::CoverPostponed { restaker: 1, until: until + PERIOD }));
		assert!(Covers::<Test>::contains_key(1));
		let before = free(1);
		run_to_block(until + PERIOD);
		// 10% of the 1,000 covered, less the 10% deductible.
		assert_eq!(free(1), before + 90);
		assert!(!Covers::<Test>::contains_key(1));
	});
}

#[test]
fn no_cover_is_sold_on_an_operator_slashed_to_nothing_while_its_covers_are_open() {
	ExtBuilder::build_and_execute(|| {
		assert_ok!(Cover::deposit(RuntimeOrigin::signed(UW), op_pool(), 5_000));
		buy(1, op_pool(), 1_000, 90);
		// The whole of OP's pool: network A's slashes of up to 100%.
		slash(NET_A, OP, 100);
		assert!(Exposures::<Test>::get(op_pool(), OP).unwrap().survival.is_zero());
		// Restaker 1's wiped position is settled away; the empty pool takes a new restaker.
		assert_ok!(Restaking::settle(RuntimeOrigin::signed(9), 1));
		restake(4, OP, 100);
		assert_noop!(
			Cover::buy_cover(RuntimeOrigin::signed(4), op_pool(), 50, 60, Balance::MAX),
			Error::<Test>::ExposureDepleted
		);
		// The open cover is owed all it covered, less the deductible.
		assert_eq!(Cover::cover_view(&1).unwrap().owed, 900);
	});
}
