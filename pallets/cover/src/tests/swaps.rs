//! Security default swaps: offered, bought, triggered by a network's applied slashes or
//! expired, transferred, cancelled.

use super::*;
use crate::{Error, Event, NetworkSwaps, SwapStatus, Swaps};
use frame_support::{assert_noop, assert_ok};

/// SELLER offers 1,000 of collateral against network A for 4 periods at 10 a period, triggered
/// by `threshold` of stake slashed there.
fn offer(threshold: Balance) -> u32 {
	let id = crate::NextSwapId::<Test>::get();
	assert_ok!(Cover::offer_swap(RuntimeOrigin::signed(SELLER), NET_A, 1_000, 10, 4, threshold));
	id
}

#[test]
fn a_swap_pays_its_buyer_when_the_networks_slashes_reach_the_threshold() {
	ExtBuilder::build_and_execute(|| {
		let (seller, buyer) = (free(SELLER), free(BUYER));
		let id = offer(100);
		assert_eq!(free(SELLER), seller - 1_000);
		assert_ok!(Cover::buy_swap(RuntimeOrigin::signed(BUYER), id, 10));
		assert_eq!(free(BUYER), buyer - 40);
		// OP3's slash on A (10% of 200 = 20) is below the threshold.
		slash(NET_A, OP3, 10);
		assert_noop!(
			Cover::claim_swap(RuntimeOrigin::signed(BUYER), id),
			Error::<Test>::ThresholdNotReached
		);
		// OP's (10% of 1,000 = 100) takes the term's slashes past it, in the swap's second
		// period: the seller earned two periods' premiums, the buyer gets the rest back with
		// the collateral.
		slash(NET_A, OP, 10);
		// Anyone may have it paid at once.
		assert_ok!(Cover::claim_swap(RuntimeOrigin::signed(UW), id));
		assert!(!Swaps::<Test>::contains_key(id));
		assert!(events().contains(&Event::SwapTriggered {
			id,
			buyer: BUYER,
			to_buyer: 1_020,
			to_seller: 20
		}));
		assert_eq!(free(BUYER), buyer + 980);
		assert_eq!(free(SELLER), seller - 980);
		assert!(NetworkSwaps::<Test>::get(NET_A).is_empty());
	});
}

#[test]
fn an_untriggered_swap_expires_to_its_seller_and_a_transferred_one_pays_its_new_buyer() {
	ExtBuilder::build_and_execute(|| {
		let seller = free(SELLER);
		let quiet = offer(1_000);
		assert_ok!(Cover::buy_swap(RuntimeOrigin::signed(BUYER), quiet, 10));
		let until = System::block_number() + 4 * PERIOD;
		let traded = offer(50);
		assert_ok!(Cover::buy_swap(RuntimeOrigin::signed(BUYER), traded, 10));
		assert_noop!(
			Cover::transfer_swap(RuntimeOrigin::signed(SELLER), traded, 5),
			Error::<Test>::NotBuyer
		);
		assert_ok!(Cover::transfer_swap(RuntimeOrigin::signed(BUYER), traded, 5));
		assert!(matches!(
			Swaps::<Test>::get(traded).unwrap().status,
			SwapStatus::Active { buyer: 5, .. }
		));
		// 100 slashed: the second swap (threshold 50) is due to account 5, the first is not. No
		// one claims it: the hook pays it at its end.
		let five = free(5);
		slash(NET_A, OP, 10);
		assert_noop!(
			Cover::claim_swap(RuntimeOrigin::signed(5), quiet),
			Error::<Test>::ThresholdNotReached
		);
		run_to_block(until);
		assert_eq!(free(5), five + 1_000);
		assert!(events().contains(&Event::SwapExpired { id: quiet, to_seller: 1_040 }));
		// The seller kept the first swap's collateral and premiums and all four periods of the
		// other's (each period began before it was paid).
		assert_eq!(free(SELLER), seller + 40 + 40 - 1_000);
	});
}

#[test]
fn swaps_refuse_bad_inputs_and_change_nothing() {
	ExtBuilder::build_and_execute(|| {
		let offer_with = |network, collateral, periods, threshold| {
			Cover::offer_swap(
				RuntimeOrigin::signed(SELLER),
				network,
				collateral,
				10,
				periods,
				threshold,
			)
		};
		assert_noop!(offer_with(NET_A, 0, 4, 100), Error::<Test>::ZeroAmount);
		assert_noop!(offer_with(NET_A, 100, 4, 0), Error::<Test>::ZeroAmount);
		assert_noop!(offer_with(NET_A, 100, 0, 100), Error::<Test>::TermTooLong);
		assert_noop!(offer_with(NET_A, 100, 9, 100), Error::<Test>::TermTooLong);
		assert_noop!(offer_with(9, 100, 4, 100), Error::<Test>::UnknownSubject);
		// At least `MinSwapCollateral` (100); a premium of zero or at least `MinSwapPremium` (2).
		assert_noop!(offer_with(NET_A, 99, 4, 100), Error::<Test>::CollateralTooLow);
		assert_noop!(
			Cover::offer_swap(RuntimeOrigin::signed(SELLER), NET_A, 100, 1, 4, 100),
			Error::<Test>::PremiumTooLow
		);
		assert_ok!(Cover::offer_swap(RuntimeOrigin::signed(SELLER), NET_A, 100, 0, 4, 100));
		assert_ok!(Cover::cancel_swap(
			RuntimeOrigin::signed(SELLER),
			crate::NextSwapId::<Test>::get() - 1
		));
		let id = offer(100);
		assert_noop!(
			Cover::buy_swap(RuntimeOrigin::signed(BUYER), id + 1, 10),
			Error::<Test>::UnknownSwap
		);
		assert_noop!(
			Cover::buy_swap(RuntimeOrigin::signed(SELLER), id, 10),
			Error::<Test>::SelfSwap
		);
		assert_noop!(
			Cover::buy_swap(RuntimeOrigin::signed(BUYER), id, 9),
			Error::<Test>::PremiumAboveMax
		);
		assert_noop!(
			Cover::cancel_swap(RuntimeOrigin::signed(BUYER), id),
			Error::<Test>::NotSeller
		);
		assert_noop!(
			Cover::transfer_swap(RuntimeOrigin::signed(BUYER), id, 5),
			Error::<Test>::NotBuyer
		);
		assert_noop!(Cover::claim_swap(RuntimeOrigin::signed(BUYER), id), Error::<Test>::NotBuyer);
		assert_noop!(
			Cover::claim_swap(RuntimeOrigin::signed(BUYER), id + 9),
			Error::<Test>::UnknownSwap
		);
		// No protection is sold while a slash on the network is pending.
		report(NET_A, OP3, 10);
		assert_noop!(
			Cover::buy_swap(RuntimeOrigin::signed(BUYER), id, 10),
			Error::<Test>::SlashPending
		);
		run_to_block(System::block_number() + VETO_WINDOW + 1);
		assert_ok!(Cover::buy_swap(RuntimeOrigin::signed(BUYER), id, 10));
		assert_noop!(Cover::buy_swap(RuntimeOrigin::signed(UW), id, 10), Error::<Test>::NotOffered);
		assert_noop!(
			Cover::cancel_swap(RuntimeOrigin::signed(SELLER), id),
			Error::<Test>::NotOffered
		);
		// At most four a network.
		for _ in 0..3 {
			offer(100);
		}
		assert_noop!(offer_with(NET_A, 100, 4, 100), Error::<Test>::TooManySwaps);
		// An offer nobody bought is cancelled: the collateral is back.
		let last = crate::NextSwapId::<Test>::get() - 1;
		let seller = free(SELLER);
		assert_ok!(Cover::cancel_swap(RuntimeOrigin::signed(SELLER), last));
		assert_eq!(free(SELLER), seller + 1_000);
		assert!(events().contains(&Event::SwapCancelled { id: last }));
	});
}
