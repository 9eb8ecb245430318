//! Tests of the market: the base price that follows utilisation, risk factors and quotes, the
//! security index, the history, and the migration of leases to priced ones.

use crate::{
	mock::*, BasePrice, Error, Event, Leases, MarketHistory, MarketRecord, NetworkSlashes,
	MARKET_HISTORY,
};
use frame_support::{assert_noop, assert_ok};
use sp_runtime::{
	traits::{Bounded, One, Zero},
	FixedPointNumber, FixedU128, Perbill,
};
use ssp_primitives::{market::PriceController, NetworkRegistry};

fn ratio(n: u128, d: u128) -> FixedU128 {
	FixedU128::from_rational(n, d)
}

/// The mock's controller, moving up to 10% a period.
fn moving() {
	Pricing::set(PriceController { max_change: Perbill::from_percent(10), ..Pricing::get() });
}

/// OTHER registers the next network (a third fault threshold, all slashable, target 1) with
/// this PfC.
fn register_other(pfc: Balance) {
	assert_ok!(Leasing::register_network(
		RuntimeOrigin::signed(OTHER),
		SLASHER,
		third(),
		Perbill::one(),
		pfc,
		FixedU128::one(),
	));
}

fn market_events() -> Vec<Event<Test>> {
	leasing_events()
		.into_iter()
		.filter(|e| matches!(e, Event::MarketUpdated { .. }))
		.collect()
}

/// Network 0: 1,300 staked, 1,000 of it OP's, which also secures network 1; ratio 1.44.
fn risk_of_network_0() -> FixedU128 {
	FixedU128::one()
		+ ratio(1, 2) * FixedU128::from_perbill(Perbill::from_rational(1_000u32, 1_300u32))
}

/// Network 1: 500 staked, all of it OP's; ratio 0.83.
fn risk_of_network_1() -> FixedU128 {
	FixedU128::one() + (FixedU128::one() - ratio(83, 100)) + ratio(1, 2)
}

#[test]
fn each_sweep_records_the_period_and_moves_the_price_by_its_utilisation() {
	ExtBuilder::default().build_and_execute(|| {
		// Genesis's sweep of period 0 (block 1) recorded it. The two leases buy 100 of security
		// each: network 0 (a third × 100% slashable) needs 300 of stake, network 1 (a third ×
		// 50%) 600: 900 of the 1,600 restaked, 56.25%. Each network's stake earns its 1,000:
		// 2,000 over 1,800 staked, both networks in the middle risk bucket (1.25 to 2).
		let index = ratio(2_000, 1_800);
		let period_0 = MarketRecord {
			period: 0,
			price: FixedU128::from_u32(BASE_PRICE),
			utilisation: Perbill::from_rational(900u32, 1_600u32),
			demand: 900,
			capacity: 1_600,
			index,
			buckets: [FixedU128::zero(), index, FixedU128::zero()],
		};
		assert_eq!(MarketHistory::<Test>::get().into_inner(), vec![period_0.clone()]);
		assert_eq!(BasePrice::<Test>::get(), FixedU128::from_u32(BASE_PRICE));
		// From now on the price moves up to 10% a period: 56.25% is an eighth of the way from
		// the 50% target to full, so +1.25%.
		moving();
		run_to_block(PERIOD);
		let price = ratio(10_125, 1_000);
		assert_eq!(
			market_events(),
			vec![Event::MarketUpdated {
				period: 1,
				utilisation: period_0.utilisation,
				demand: 900,
				capacity: 1_600,
				base_price: price,
				index,
				buckets: period_0.buckets,
			}]
		);
		assert_eq!(BasePrice::<Test>::get(), price);
		let history = MarketHistory::<Test>::get();
		assert_eq!(history.len(), 2);
		assert_eq!((history[1].period, history[1].price), (1, FixedU128::from_u32(BASE_PRICE)));
	});
}

#[test]
fn a_purchase_raises_the_next_periods_price() {
	ExtBuilder::default().build_and_execute(|| {
		moving();
		// A third network buys 100 of security (300 of stake): 1,200 of 1,600, 75%: +5%.
		let id = crate::NextNetworkId::<Test>::get();
		register_other(1_000);
		assert_ok!(Leasing::lease_security(
			RuntimeOrigin::signed(OTHER),
			id,
			0,
			2,
			100,
			FixedU128::max_value()
		));
		// Three networks: the sweep takes two blocks, the second prices the next period.
		run_to_block(PERIOD);
		assert!(market_events().is_empty());
		run_to_block(PERIOD + 1);
		let updated = market_events();
		assert!(matches!(
			updated.as_slice(),
			[Event::MarketUpdated { demand: 1_200, base_price, .. }]
				if *base_price == ratio(105, 10)
		));
		// The quote of a network follows: base price × its risk.
		let quote = Leasing::quote(0, 100, 3).unwrap();
		assert_eq!(quote.base_price, ratio(105, 10));
		assert_eq!(quote.price, ratio(105, 10) * risk_of_network_0());
		assert_eq!(quote.reward_per_period, quote.price.saturating_mul_int(100));
		assert_eq!(quote.total, 3 * quote.reward_per_period);
	});
}

#[test]
fn an_idle_market_decays_to_the_floor() {
	ExtBuilder::default().empty().build_and_execute(|| {
		moving();
		BasePrice::<Test>::put(ratio(11, 1_000));
		// Nothing leased: each period −10%, never below the floor of 0.01.
		run_to_block(PERIOD);
		assert_eq!(BasePrice::<Test>::get(), ratio(99, 10_000).max(ratio(1, 100)));
		assert_eq!(BasePrice::<Test>::get(), ratio(1, 100));
		run_to_block(2 * PERIOD);
		assert_eq!(BasePrice::<Test>::get(), ratio(1, 100));
		let last = MarketHistory::<Test>::get().into_inner().pop().unwrap();
		assert_eq!((last.utilisation, last.demand, last.index), (Perbill::zero(), 0, 0.into()));
	});
}

#[test]
fn the_quote_prices_a_deficit_shared_stake_and_recent_slashes() {
	ExtBuilder::default().build_and_execute(|| {
		let base = FixedU128::from_u32(BASE_PRICE);
		let quote = Leasing::quote(1, 100, 2).unwrap();
		assert_eq!(quote.risk_factor, risk_of_network_1());
		assert_eq!(quote.price, base * risk_of_network_1());
		assert_eq!(quote.reward_per_period, 1_670);
		assert_eq!(quote.total, 3_340);
		// Two slashes applied: +0.1 each.
		<Leasing as NetworkRegistry>::on_slash_applied(1);
		<Leasing as NetworkRegistry>::on_slash_applied(1);
		assert_eq!(Leasing::recent_slashes(1), 2);
		assert_eq!(
			Leasing::quote(1, 100, 2).unwrap().risk_factor,
			risk_of_network_1() + ratio(2, 10)
		);
		// Forgotten `SlashMemory` (3) periods after the first of them.
		run_to_block(3 * PERIOD - 1);
		assert_eq!(Leasing::recent_slashes(1), 2);
		run_to_block(3 * PERIOD);
		assert_eq!(Leasing::recent_slashes(1), 0);
		assert_eq!(Leasing::quote(1, 100, 2).unwrap().risk_factor, risk_of_network_1());
		// A later slash starts a new memory.
		<Leasing as NetworkRegistry>::on_slash_applied(1);
		assert_eq!(NetworkSlashes::<Test>::get(1).map(|r| (r.since, r.count)), Some((3, 1)));
		// Slashes of unknown networks are not kept.
		<Leasing as NetworkRegistry>::on_slash_applied(9);
		assert!(!NetworkSlashes::<Test>::contains_key(9));
		assert_noop!(Leasing::quote(9, 100, 1), Error::<Test>::UnknownNetwork);
	});
}

#[test]
fn a_slash_through_the_slashing_path_is_counted_and_leaves_with_the_network() {
	ExtBuilder::default().build_and_execute(|| {
		<Leasing as NetworkRegistry>::on_slash_applied(0);
		assert_eq!(Leasing::recent_slashes(0), 1);
		// Network 0 ends its lease and retires: its slash count goes with it.
		run_to_block(4 * PERIOD + OFFBOARDING + PERIOD);
		assert!(Leasing::network_status(0) == Some(crate::NetworkStatus::Retired));
		assert!(!NetworkSlashes::<Test>::contains_key(0));
	});
}

#[test]
fn a_lease_too_small_to_pay_anything_is_refused() {
	ExtBuilder::default().empty().build_and_execute(|| {
		let id = crate::NextNetworkId::<Test>::get();
		register_other(1_000);
		// 0.02 (the floor, risk 2) × 49 rounds down to nothing.
		assert_noop!(
			Leasing::lease_security(
				RuntimeOrigin::signed(OTHER),
				id,
				0,
				1,
				49,
				FixedU128::max_value()
			),
			Error::<Test>::ZeroReward
		);
	});
}

#[test]
fn the_history_keeps_the_last_64_periods() {
	ExtBuilder::default().empty().build_and_execute(|| {
		run_to_block(70 * PERIOD);
		let history = MarketHistory::<Test>::get();
		assert_eq!(history.len() as u32, MARKET_HISTORY);
		assert_eq!(history.first().unwrap().period, 70 - MARKET_HISTORY + 1);
		assert_eq!(history.last().unwrap().period, 70);
	});
}

#[test]
fn the_market_view_gives_each_networks_price_and_yield() {
	ExtBuilder::default().build_and_execute(|| {
		let view = Leasing::market_view();
		assert_eq!(view.base_price, FixedU128::from_u32(BASE_PRICE));
		assert_eq!(view.floor, ratio(1, 100));
		assert_eq!(view.history.len(), 1);
		assert_eq!(view.utilisation, Perbill::from_rational(900u32, 1_600u32));
		let n0 = &view.networks[0];
		assert_eq!((n0.network, n0.risk_factor), (0, risk_of_network_0()));
		assert_eq!(n0.shared, Perbill::from_rational(1_000u32, 1_300u32));
		assert_eq!((n0.leased_security, n0.locked_price), (SECURITY, Some(10.into())));
		assert_eq!(
			n0.yield_per_period,
			FixedU128::checked_from_rational(1_000u128, 1_300u128).unwrap()
		);
		let n1 = &view.networks[1];
		assert_eq!((n1.network, n1.shared, n1.yield_per_period), (1, Perbill::one(), ratio(2, 1)));
	});
}

#[test]
fn migration_to_v1_prices_old_leases_at_the_base_price_and_keeps_their_terms() {
	use crate::migrations::v1::{old, MigrateToV1, OldLease};
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
	ExtBuilder::default().build_and_execute(|| {
		// The genesis leases as the old code kept them (their escrows are held as before).
		let lease = |reward, escrow| OldLease {
			first_period: 0,
			last_period: 3,
			reward_per_period: reward,
			next_unpaid: 0,
			escrow,
		};
		old::Leases::<Test>::insert(0, lease(REWARD, 4 * REWARD));
		old::Leases::<Test>::insert(1, lease(REWARD, 4 * REWARD));
		StorageVersion::new(0).put::<Leasing>();
		BasePrice::<Test>::put(FixedU128::from_u32(4));
		#[cfg(feature = "try-runtime")]
		let state = MigrateToV1::<Test>::pre_upgrade().unwrap();
		MigrateToV1::<Test>::on_runtime_upgrade();
		#[cfg(feature = "try-runtime")]
		MigrateToV1::<Test>::post_upgrade(state).unwrap();
		// Network 0: 1,000 / 4 = 250 of security, under its CoC of 433; network 1: capped at its
		// CoC of 83 (the reward at the price would claim 250).
		let new = Leases::<Test>::get(0).unwrap();
		assert_eq!((new.reward_per_period, new.escrow, new.last_period), (REWARD, 4 * REWARD, 3));
		assert_eq!((new.security, new.price), (250, FixedU128::from_u32(4)));
		assert_eq!(Leases::<Test>::get(1).unwrap().security, 83);
		assert_eq!(Leasing::on_chain_storage_version(), 1);
		// Run again: nothing changes.
		MigrateToV1::<Test>::on_runtime_upgrade();
		assert_eq!(Leases::<Test>::get(0).unwrap(), new);
	});
}

#[test]
fn the_index_holds_the_leased_secure_networks_that_pay_the_most() {
	use ssp_primitives::SecurityIndex;
	ExtBuilder::default().build_and_execute(|| {
		// Network 1 is under its target: out of the index.
		assert_eq!(<Leasing as SecurityIndex>::constituents(), Some((0, vec![(0, 1_000)])));
		// A third network, secure (PfC 1) and paying more, ranks first from the next period.
		let id = crate::NextNetworkId::<Test>::get();
		register_other(1);
		assert_ok!(pallet_ssp_restaking::Pallet::<Test>::opt_in(RuntimeOrigin::signed(OP2), id));
		assert_ok!(pallet_ssp_restaking::Pallet::<Test>::allocate(
			RuntimeOrigin::signed(OP2),
			id,
			Perbill::from_percent(10)
		));
		assert_ok!(Leasing::lease_security(
			RuntimeOrigin::signed(OTHER),
			id,
			1,
			2,
			100,
			FixedU128::max_value()
		));
		run_to_block(PERIOD + 1);
		let (period, list) = <Leasing as SecurityIndex>::constituents().unwrap();
		assert_eq!(period, 1);
		assert_eq!(list.iter().map(|(n, _)| *n).collect::<Vec<_>>(), vec![id, 0]);
		assert!(list[0].1 > 1_000);
	});
}

#[test]
fn the_quote_covers_what_the_networks_operators_ask() {
	ExtBuilder::default().build_and_execute(|| {
		use pallet_ssp_restaking::Pallet as Restaking;
		// A cheap market, and a new network 2 (a third × 100% slashable) that OP backs with
		// half of its 1,000: 500 of stake, 166 of security.
		BasePrice::<Test>::put(ratio(1, 100));
		let id = crate::NextNetworkId::<Test>::get();
		register_other(100);
		assert_ok!(Restaking::<Test>::opt_in(RuntimeOrigin::signed(OP), id));
		assert_ok!(Restaking::<Test>::allocate(
			RuntimeOrigin::signed(OP),
			id,
			Perbill::from_percent(50)
		));
		run_to_block(10);
		let market = Leasing::quote(id, 166, 1).unwrap();
		assert_eq!(market.ask_floor, FixedU128::zero());
		assert_eq!(market.price, ratio(1, 100) * market.risk_factor);
		// OP asks 10% a period of its 500: 50. Each unit of security must pay 50 / 166, rounded
		// up, whatever the market price below it.
		assert_ok!(Restaking::<Test>::set_ask(RuntimeOrigin::signed(OP), id, Some(ratio(1, 10))));
		let floor = FixedU128::from_inner((FixedU128::DIV * 50).div_ceil(166));
		let quote = Leasing::quote(id, 166, 1).unwrap();
		assert_eq!((quote.ask_floor, quote.price), (floor, floor));
		assert_eq!(quote.reward_per_period, 50);
		let view = Leasing::market_view();
		let n2 = view.networks.iter().find(|n| n.network == id).unwrap();
		assert_eq!((n2.ask_floor, n2.price), (floor, floor));
		// A lease bought at the quote locks the floor and pays the ask.
		let next = Leasing::current_period() + 1;
		assert_noop!(
			Leasing::lease_security(RuntimeOrigin::signed(OTHER), id, next, 1, 166, market.price),
			Error::<Test>::PriceAboveMax
		);
		assert_ok!(Leasing::lease_security(RuntimeOrigin::signed(OTHER), id, next, 1, 166, floor));
		assert_eq!(
			Leases::<Test>::get(id).map(|l| (l.price, l.reward_per_period)),
			Some((floor, 50))
		);
	});
}
