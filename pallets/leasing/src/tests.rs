//! Tests of the leasing pallet with real `pallet-balances`, `pallet-staking` and
//! `pallet-ssp-restaking`.

use crate::{
	mock::*, BasePrice, EnsureNetworkManager, EnsureNetworkSlasher, Error, Event, HoldReason,
	Leases, NetworkIds, NetworkStatus, Networks, Renewals,
};
use frame_support::{assert_noop, assert_ok, traits::EnsureOriginWithArg};
use sp_runtime::{
	traits::{Bounded, One},
	DispatchError, FixedU128, Perbill,
};
use ssp_primitives::{NetworkRegistry, RestakingSlash};

fn ratio(n: u128, d: u128) -> FixedU128 {
	FixedU128::from_rational(n, d)
}

fn status(network: u32) -> NetworkStatus<BlockNumber> {
	Leasing::network_status(network).unwrap()
}

/// Buy `security` at whatever the quote is.
fn lease(
	who: AccountId,
	network: u32,
	first: u32,
	periods: u32,
	security: Balance,
) -> sp_runtime::DispatchResult {
	Leasing::lease_security(
		RuntimeOrigin::signed(who),
		network,
		first,
		periods,
		security,
		FixedU128::max_value(),
	)
}

fn register(who: AccountId) -> u32 {
	let id = crate::NextNetworkId::<Test>::get();
	assert_ok!(Leasing::register_network(
		RuntimeOrigin::signed(who),
		SLASHER,
		third(),
		Perbill::one(),
		1_000,
		FixedU128::from_u32(1),
	));
	id
}

#[test]
fn genesis_registers_networks_with_live_leases() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(NetworkIds::<Test>::get().into_inner(), vec![0, 1]);
		assert_eq!(status(0), NetworkStatus::Active);
		assert_eq!(status(1), NetworkStatus::UnderSecured);
		let s0 = Leasing::network_security(0).unwrap();
		assert_eq!((s0.allocated, s0.coc, s0.pfc), (1_300, 433, 300));
		assert_eq!(s0.ratio, ratio(433, 300));
		assert!(s0.meets_target);
		let s1 = Leasing::network_security(1).unwrap();
		assert_eq!((s1.allocated, s1.coc, s1.pfc), (500, 83, 100));
		assert!(!s1.meets_target);
		assert_eq!(held(HoldReason::NetworkDeposit, MANAGER), 2 * DEPOSIT);
		assert_eq!(held(HoldReason::LeaseEscrow, MANAGER), 2 * 4 * REWARD);
		assert_eq!(free(leasing_pot()), 1);
		assert!(Leasing::is_accepting_allocations(0));
		assert!(Leasing::has_slashing_authority(1));
		assert_eq!(Leasing::max_slash_per_offence(1), Perbill::from_percent(50));
	});
}

#[test]
fn genesis_config_json_uses_named_camel_case_fields() {
	let json = serde_json::json!({
		"networks": [{
			"manager": 50, "slasher": 51, "faultThreshold": 333333333, "maxSlash": 1000000000,
			"pfc": 300, "minSecurityTargetPercent": 150,
			"lease": { "firstPeriod": 0, "periods": 4, "security": 1000 }
		}, {
			"manager": 50, "slasher": 51, "faultThreshold": 333333333, "maxSlash": 500000000,
			"pfc": 100, "minSecurityTargetPercent": 100, "lease": null
		}]
	});
	let config: crate::GenesisConfig<Test> = serde_json::from_value(json).unwrap();
	assert_eq!(config.networks.len(), 2);
	assert_eq!(config.networks[0].lease.as_ref().unwrap().security, 1_000);
	assert_eq!(config.base_price, None);
	// The base price is a decimal string, as a chain spec writes a `FixedU128`.
	let priced: crate::GenesisConfig<Test> =
		serde_json::from_value(serde_json::json!({ "networks": [], "basePrice": "0.04" })).unwrap();
	assert_eq!(priced.base_price, Some(ratio(4, 100)));
	assert_eq!(config.networks[0].min_security_target_percent, 150);
	assert!(config.networks[1].lease.is_none());
}

#[test]
fn register_network_holds_deposit_and_assigns_ids() {
	ExtBuilder::default().build_and_execute(|| {
		let before = free(OTHER);
		assert_eq!(register(OTHER), 2);
		assert_eq!(free(OTHER), before - DEPOSIT);
		assert_eq!(held(HoldReason::NetworkDeposit, OTHER), DEPOSIT);
		assert_eq!(status(2), NetworkStatus::Registered);
		assert_eq!(
			leasing_events(),
			vec![Event::NetworkRegistered {
				network: 2,
				manager: OTHER,
				slasher: SLASHER,
				deposit: DEPOSIT
			}]
		);
		// Registered networks accept allocations (operators prepare for the lease).
		assert!(Leasing::is_accepting_allocations(2));
		assert_ok!(Restaking::opt_in(RuntimeOrigin::signed(OP2), 2));
		assert_eq!(register(OTHER), 3);
		assert_eq!(Leasing::network_status(9), None);
	});
}

#[test]
fn register_network_errors() {
	ExtBuilder::default().build_and_execute(|| {
		let one = FixedU128::from_u32(1);
		let call = |who, threshold, pfc, target| {
			Leasing::register_network(
				RuntimeOrigin::signed(who),
				SLASHER,
				threshold,
				Perbill::one(),
				pfc,
				target,
			)
		};
		assert_noop!(call(OTHER, third(), 0, one), Error::<Test>::ZeroPfc);
		assert_noop!(call(OTHER, Perbill::zero(), 1, one), Error::<Test>::ZeroFaultThreshold);
		assert_noop!(call(OTHER, third(), 1, ratio(99, 100)), Error::<Test>::TargetBelowOne);
		// A 1% fault threshold with the whole stake slashable: 1% of security per unit of stake,
		// under the 10% a network must give (found in review: such a network's lease claimed
		// 100 units of stake per unit bought, and moved the price for next to nothing).
		assert_noop!(
			call(OTHER, Perbill::from_percent(1), 1, one),
			Error::<Test>::SecurityPerStakeTooLow
		);
		assert_ok!(call(OTHER, Perbill::from_percent(10), 1, one));
		assert_noop!(call(POOR, third(), 1, one), Error::<Test>::InsufficientFunds);
		assert_noop!(
			Leasing::register_network(
				RuntimeOrigin::none(),
				SLASHER,
				third(),
				Perbill::one(),
				1,
				one
			),
			DispatchError::BadOrigin
		);
		register(OTHER);
		assert_noop!(call(OTHER, third(), 1, one), Error::<Test>::TooManyNetworks);
	});
}

#[test]
fn set_pfc_by_manager_or_oracle_moves_the_network_across_its_target() {
	ExtBuilder::default().build_and_execute(|| {
		// Network 0: CoC 433. PfC 500 makes it under-secured.
		assert_ok!(Leasing::set_pfc(RuntimeOrigin::signed(MANAGER), 0, 500));
		assert_eq!(status(0), NetworkStatus::UnderSecured);
		assert_eq!(
			leasing_events(),
			vec![
				Event::SecurityChanged {
					network: 0,
					allocated: 1_300,
					old_coc: 433,
					new_coc: 433,
					pfc: 500,
					ratio: ratio(433, 500),
					meets_target: false
				},
				Event::NetworkUnderSecured {
					network: 0,
					ratio: ratio(433, 500),
					target: FixedU128::from_u32(1)
				},
				Event::StatusChanged { network: 0, status: NetworkStatus::UnderSecured },
				Event::PfcUpdated { network: 0, old: 300, new: 500 },
			]
		);
		System::reset_events();
		// The oracle brings it back.
		assert_ok!(Leasing::set_pfc(RuntimeOrigin::root(), 0, 400));
		assert_eq!(status(0), NetworkStatus::Active);
		assert!(leasing_events().contains(&Event::NetworkSecured {
			network: 0,
			ratio: ratio(433, 400),
			target: FixedU128::from_u32(1)
		}));
	});
}

#[test]
fn set_pfc_errors() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Leasing::set_pfc(RuntimeOrigin::signed(MANAGER), 7, 1),
			Error::<Test>::UnknownNetwork
		);
		assert_noop!(Leasing::set_pfc(RuntimeOrigin::root(), 7, 1), Error::<Test>::UnknownNetwork);
		assert_noop!(
			Leasing::set_pfc(RuntimeOrigin::signed(OTHER), 0, 1),
			Error::<Test>::NotManager
		);
		assert_noop!(
			Leasing::set_pfc(RuntimeOrigin::signed(MANAGER), 0, 0),
			Error::<Test>::ZeroPfc
		);
		assert_noop!(Leasing::set_pfc(RuntimeOrigin::none(), 0, 1), DispatchError::BadOrigin);
	});
}

#[test]
fn set_slasher_and_the_slasher_origin() {
	ExtBuilder::default().build_and_execute(|| {
		type Slasher = EnsureNetworkSlasher<Test>;
		assert_eq!(Slasher::try_origin(RuntimeOrigin::signed(SLASHER), &0).ok(), Some(SLASHER));
		assert!(Slasher::try_origin(RuntimeOrigin::signed(OTHER), &0).is_err());
		assert!(Slasher::try_origin(RuntimeOrigin::root(), &0).is_err());
		assert!(Slasher::try_origin(RuntimeOrigin::signed(SLASHER), &9).is_err());
		assert_noop!(
			Leasing::set_slasher(RuntimeOrigin::signed(OTHER), 0, OTHER),
			Error::<Test>::NotManager
		);
		assert_noop!(
			Leasing::set_slasher(RuntimeOrigin::signed(MANAGER), 9, OTHER),
			Error::<Test>::UnknownNetwork
		);
		assert_ok!(Leasing::set_slasher(RuntimeOrigin::signed(MANAGER), 0, OTHER));
		assert_eq!(leasing_events(), vec![Event::SlasherChanged { network: 0, slasher: OTHER }]);
		assert!(Slasher::try_origin(RuntimeOrigin::signed(SLASHER), &0).is_err());
		assert_eq!(Slasher::try_origin(RuntimeOrigin::signed(OTHER), &0).ok(), Some(OTHER));
	});
}

#[test]
fn each_period_pays_the_backers_pro_rata_through_restaking() {
	ExtBuilder::default().build_and_execute(|| {
		let (op, op2, pot, manager) = (free(OP), free(OP2), free(restaking_pot()), free(MANAGER));
		// Nothing is paid before period 0 ends.
		run_to_block(PERIOD - 1);
		assert!(leasing_events().is_empty());
		run_to_block(PERIOD);
		// Each network's period is paid in one payment into the restaking pot, whatever the
		// number of its operators.
		for network in [0, 1] {
			assert!(leasing_events().contains(&Event::LeasePaid {
				network,
				first_period: 0,
				periods: 1,
				paid: 1_000,
				refunded: 0
			}));
			assert!(restaking_events().contains(&pallet_ssp_restaking::Event::NetworkRewarded {
				network,
				amount: 1_000
			}));
		}
		assert_eq!(free(restaking_pot()), pot + 2 * 1_000);
		assert_eq!(free(MANAGER), manager);
		assert_eq!(held(HoldReason::LeaseEscrow, MANAGER), 2 * 3 * REWARD);
		assert_eq!(Leases::<Test>::get(0).unwrap().next_unpaid, 1);
		assert_eq!((free(OP), free(OP2)), (op, op2));
		// Network 0: 1_300 allocated; OP contributes 1_000, OP2 300: they earn 769 and 230
		// (rounded down; 1 unit stays in the pot). Network 1: OP alone earns 1_000. Each pool
		// takes its share when harvested: a restaker's claim harvests its operator.
		let before = free(2);
		assert_ok!(Restaking::claim_rewards(RuntimeOrigin::signed(2)));
		assert!(restaking_events().contains(&pallet_ssp_restaking::Event::RewardPaid {
			network: 0,
			operator: OP2,
			commission: 23,
			distributed: 207
		}));
		assert_eq!(free(2), before + 207);
		assert_eq!(free(OP2), op2 + 23);
		// Anyone's refresh of an operator harvests it too; commissions are 10%, rounded down.
		assert_ok!(Restaking::refresh_operator(RuntimeOrigin::signed(OTHER), OP));
		for (network, commission, distributed) in [(0, 76, 693), (1, 100, 900)] {
			assert!(restaking_events().contains(&pallet_ssp_restaking::Event::RewardPaid {
				network,
				operator: OP,
				commission,
				distributed
			}));
		}
		assert_eq!(free(OP), op + 76 + 100);
		assert_eq!(free(restaking_pot()), pot + 2_000 - 23 - 207 - 176);
		// The sweep runs once per period.
		System::reset_events();
		run_to_block(2 * PERIOD - 1);
		assert!(leasing_events().is_empty());
	});
}

#[test]
fn a_network_without_stake_gets_its_period_refunded() {
	ExtBuilder::default().empty().build_and_execute(|| {
		let id = register(OTHER);
		// No stake: risk factor 2 over the floor of 0.01.
		assert_ok!(lease(OTHER, id, 0, 2, 25_000));
		assert_eq!(Leases::<Test>::get(id).unwrap().reward_per_period, 500);
		assert_eq!(status(id), NetworkStatus::UnderSecured);
		let before = free(OTHER);
		run_to_block(PERIOD);
		assert!(leasing_events().contains(&Event::LeasePaid {
			network: id,
			first_period: 0,
			periods: 1,
			paid: 0,
			refunded: 500
		}));
		assert_eq!(free(OTHER), before + 500);
	});
}

#[test]
fn a_lease_starting_later_activates_when_its_period_comes() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register(OTHER);
		// Base price 10, no stake yet: risk factor 2.
		assert_ok!(lease(OTHER, id, 2, 3, 5));
		assert_eq!(
			leasing_events().last(),
			Some(&Event::LeaseFunded {
				network: id,
				first_period: 2,
				last_period: 4,
				security: 5,
				price: FixedU128::from_u32(20),
				reward_per_period: 100,
				escrow: 300
			})
		);
		assert_eq!(held(HoldReason::LeaseEscrow, OTHER), 300);
		run_to_block(2 * PERIOD - 1);
		assert_eq!(status(id), NetworkStatus::Registered);
		run_to_block(2 * PERIOD + 1);
		// No stake: under-secured, but leased.
		assert_eq!(status(id), NetworkStatus::UnderSecured);
		assert!(!leasing_events()
			.iter()
			.any(|e| matches!(e, Event::LeasePaid { network, .. } if *network == id)));
	});
}

#[test]
fn lease_security_errors() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register(OTHER);
		assert_noop!(lease(OTHER, 9, 0, 1, 1), Error::<Test>::UnknownNetwork);
		assert_noop!(lease(MANAGER, id, 0, 1, 1), Error::<Test>::NotManager);
		assert_noop!(lease(MANAGER, 0, 1, 1, 1), Error::<Test>::LeaseOverlaps);
		assert_noop!(lease(OTHER, id, 0, 1, 0), Error::<Test>::ZeroSecurity);
		assert_noop!(lease(OTHER, id, 0, 0, 1), Error::<Test>::ZeroPeriods);
		assert_noop!(lease(OTHER, id, 0, 9, 1), Error::<Test>::TooManyPeriods);
		assert_noop!(lease(OTHER, id, 5, 4, 1), Error::<Test>::TooManyPeriods);
		assert_noop!(lease(OTHER, id, 0, 2, ENDOWMENT), Error::<Test>::InsufficientFunds);
		// The quote is 20 (base 10, risk 2): a bound of 19.99 refuses it, 20 takes it.
		let other = register(OTHER);
		let bounded = |max: FixedU128| {
			Leasing::lease_security(RuntimeOrigin::signed(OTHER), other, 0, 1, 10, max)
		};
		assert_noop!(bounded(ratio(1_999, 100)), Error::<Test>::PriceAboveMax);
		assert_ok!(bounded(FixedU128::from_u32(20)));
		assert_eq!(held(HoldReason::LeaseEscrow, OTHER), 200);
		run_to_block(PERIOD);
		assert_noop!(lease(OTHER, id, 0, 1, 1), Error::<Test>::LeaseInPast);
		assert_ok!(Leasing::deregister_network(RuntimeOrigin::signed(OTHER), id));
		assert_noop!(lease(OTHER, id, 2, 1, 1), Error::<Test>::NetworkOffboarding);
		assert_noop!(
			Leasing::lease_security(RuntimeOrigin::none(), id, 2, 1, 1, FixedU128::one()),
			DispatchError::BadOrigin
		);
	});
}

fn extend(who: AccountId, network: u32, periods: u32) -> sp_runtime::DispatchResult {
	Leasing::extend_lease(RuntimeOrigin::signed(who), network, periods, FixedU128::max_value())
}

#[test]
fn a_renewal_at_the_locked_price_extends_the_lease_in_place() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register(OTHER);
		assert_ok!(lease(OTHER, id, 0, 1, 5));
		System::reset_events();
		// The quote has not moved (20): the lease is lengthened at its price.
		assert_ok!(extend(OTHER, id, 2));
		assert_eq!(
			leasing_events(),
			vec![Event::LeaseExtended {
				network: id,
				last_period: 2,
				price: FixedU128::from_u32(20),
				reward_per_period: 100,
				added: 200
			}]
		);
		assert_eq!(held(HoldReason::LeaseEscrow, OTHER), 300);
		assert_eq!(Leases::<Test>::get(id).unwrap().last_period, 2);
		assert!(!Renewals::<Test>::contains_key(id));
	});
}

#[test]
fn a_renewal_pays_the_quote_capped_at_the_locked_price_bumped_and_takes_over_at_the_end() {
	ExtBuilder::default().build_and_execute(|| {
		// Network 0 locked a price of 10; its quote is now 13.8 (risk 1.38: 1,000 of its 1,300
		// also secures network 1); the renewal pays the cap, 10 × 1.03.
		let quote = Leasing::quote(0, SECURITY, 2).unwrap();
		assert_eq!(quote.base_price, FixedU128::from_u32(BASE_PRICE));
		assert_eq!(
			quote.risk_factor,
			FixedU128::one()
				+ ratio(1, 2) * FixedU128::from_perbill(Perbill::from_rational(1_000u32, 1_300u32))
		);
		assert_ok!(extend(MANAGER, 0, 2));
		assert_eq!(
			leasing_events(),
			vec![Event::LeaseExtended {
				network: 0,
				last_period: 5,
				price: ratio(103, 10),
				reward_per_period: 1_030,
				added: 2_060
			}]
		);
		assert_eq!(held(HoldReason::LeaseEscrow, MANAGER), 8 * REWARD + 2_060);
		let renewal = Renewals::<Test>::get(0).unwrap();
		assert_eq!((renewal.first_period, renewal.last_period), (4, 5));
		// The lease runs its term at its own price, then the renewal takes over.
		run_to_block(4 * PERIOD);
		assert!(leasing_events().contains(&Event::LeasePaid {
			network: 0,
			first_period: 3,
			periods: 1,
			paid: REWARD,
			refunded: 0
		}));
		assert!(leasing_events().contains(&Event::RenewalStarted {
			network: 0,
			first_period: 4,
			last_period: 5,
			price: ratio(103, 10),
			reward_per_period: 1_030
		}));
		assert_eq!(status(0), NetworkStatus::Active);
		assert!(!Renewals::<Test>::contains_key(0));
		assert!(matches!(status(1), NetworkStatus::Offboarding { .. }));
		run_to_block(5 * PERIOD);
		assert!(leasing_events().contains(&Event::LeasePaid {
			network: 0,
			first_period: 4,
			periods: 1,
			paid: 1_030,
			refunded: 0
		}));
		assert_eq!(held(HoldReason::LeaseEscrow, MANAGER), 1_030);
	});
}

#[test]
fn a_renewal_below_the_locked_price_pays_the_quote() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register(OTHER);
		assert_ok!(lease(OTHER, id, 0, 1, 5));
		// The base price halves: the quote (10) is under the locked price (20).
		BasePrice::<Test>::put(FixedU128::from_u32(5));
		assert_ok!(extend(OTHER, id, 1));
		let renewal = Renewals::<Test>::get(id).unwrap();
		assert_eq!(
			(renewal.price, renewal.reward_per_period, renewal.escrow),
			(FixedU128::from_u32(10), 50, 50)
		);
	});
}

#[test]
fn a_late_sweep_pays_the_lease_and_its_renewal() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(extend(MANAGER, 0, 2));
		// A sweep of period 6 that never saw periods 1 to 5: periods 0..=3 of the lease, then 4
		// and 5 of the renewal, are paid at once; both are over.
		let mut tally = crate::PeriodTally { period: 6, ..Default::default() };
		run_to_block(PERIOD - 1);
		assert_ok!(Leasing::process_network(0, 6, 6 * PERIOD, &mut tally));
		let paid: Vec<_> = leasing_events()
			.into_iter()
			.filter_map(|e| match e {
				Event::LeasePaid { network: 0, first_period, periods, paid, .. } => {
					Some((first_period, periods, paid))
				},
				_ => None,
			})
			.collect();
		assert_eq!(paid, vec![(0, 4, 4 * REWARD), (4, 2, 2_060)]);
		assert!(!Leases::<Test>::contains_key(0));
		assert!(!Renewals::<Test>::contains_key(0));
		assert!(matches!(status(0), NetworkStatus::Offboarding { .. }));
		assert_eq!(tally.demand, 0);
	});
}

#[test]
fn extend_lease_errors() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register(OTHER);
		assert_noop!(extend(MANAGER, 9, 1), Error::<Test>::UnknownNetwork);
		assert_noop!(extend(OTHER, 0, 1), Error::<Test>::NotManager);
		assert_noop!(extend(OTHER, id, 1), Error::<Test>::NoLease);
		assert_noop!(extend(MANAGER, 0, 0), Error::<Test>::ZeroPeriods);
		assert_noop!(extend(MANAGER, 0, 5), Error::<Test>::TooManyPeriods);
		// Network 0's renewal costs 10.3.
		assert_noop!(
			Leasing::extend_lease(RuntimeOrigin::signed(MANAGER), 0, 1, ratio(102, 10)),
			Error::<Test>::PriceAboveMax
		);
		assert_ok!(Leasing::extend_lease(RuntimeOrigin::signed(MANAGER), 0, 1, ratio(103, 10)));
		assert_noop!(extend(MANAGER, 0, 1), Error::<Test>::RenewalPending);
		assert_ok!(lease(OTHER, id, 0, 1, 1_000));
		assert_noop!(extend(OTHER, id, 7), Error::<Test>::InsufficientFunds);
		// Network 2 is swept in the second block of period 1.
		run_to_block(PERIOD + 1);
		assert!(matches!(status(id), NetworkStatus::Offboarding { .. }));
		assert_noop!(extend(OTHER, id, 1), Error::<Test>::NetworkOffboarding);
		assert_noop!(
			Leasing::extend_lease(RuntimeOrigin::none(), 0, 1, FixedU128::one()),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn lease_end_offboards_then_retires_after_the_slash_window() {
	ExtBuilder::default().build_and_execute(|| {
		let manager = free(MANAGER);
		run_to_block(4 * PERIOD);
		// Period 3 paid, lease over: offboarding at once.
		let until = 4 * PERIOD + OFFBOARDING;
		assert_eq!(status(0), NetworkStatus::Offboarding { until });
		assert!(leasing_events().contains(&Event::NetworkOffboarding { network: 0, until }));
		assert!(!Leases::<Test>::contains_key(0));
		assert_eq!(held(HoldReason::LeaseEscrow, MANAGER), 0);
		// New allocations stop; slashing authority stays.
		assert!(!Leasing::is_accepting_allocations(0));
		assert_noop!(
			Restaking::allocate(RuntimeOrigin::signed(OP2), 0, Perbill::from_percent(60)),
			pallet_ssp_restaking::Error::<Test>::NetworkNotAccepting
		);
		assert!(Leasing::has_slashing_authority(0));
		assert!(
			EnsureNetworkSlasher::<Test>::try_origin(RuntimeOrigin::signed(SLASHER), &0).is_ok()
		);
		assert_ok!(Restaking::slash_operator(&OP2, 0, Perbill::from_percent(10)));
		// Retired at the first sweep after the window.
		run_to_block(until);
		assert!(!Leasing::has_slashing_authority(0));
		assert!(
			EnsureNetworkSlasher::<Test>::try_origin(RuntimeOrigin::signed(SLASHER), &0).is_err()
		);
		run_to_block(6 * PERIOD);
		assert_eq!(status(0), NetworkStatus::Retired);
		assert_eq!(status(1), NetworkStatus::Retired);
		assert!(leasing_events().contains(&Event::NetworkRetired { network: 0, deposit: DEPOSIT }));
		assert!(!Networks::<Test>::contains_key(0));
		assert!(NetworkIds::<Test>::get().is_empty());
		assert_eq!(held(HoldReason::NetworkDeposit, MANAGER), 0);
		// Rewards of 4 periods of 2 networks paid out (rounding dust stays in the restaking
		// pot), and the deposits came back.
		assert_eq!(free(MANAGER), manager + 2 * DEPOSIT);
		assert!(!Leasing::is_registered(0));
	});
}

#[test]
fn deregister_network_offboards_an_unleased_network() {
	ExtBuilder::default().build_and_execute(|| {
		let id = register(OTHER);
		assert_noop!(
			Leasing::deregister_network(RuntimeOrigin::signed(MANAGER), id),
			Error::<Test>::NotManager
		);
		assert_noop!(
			Leasing::deregister_network(RuntimeOrigin::signed(MANAGER), 9),
			Error::<Test>::UnknownNetwork
		);
		assert_noop!(
			Leasing::deregister_network(RuntimeOrigin::signed(MANAGER), 0),
			Error::<Test>::LeaseActive
		);
		assert_ok!(Leasing::deregister_network(RuntimeOrigin::signed(OTHER), id));
		assert_eq!(status(id), NetworkStatus::Offboarding { until: 1 + OFFBOARDING });
		assert_noop!(
			Leasing::deregister_network(RuntimeOrigin::signed(OTHER), id),
			Error::<Test>::NetworkOffboarding
		);
		// Networks 0 and 1 are swept in the first block of period 2, this one in the second.
		run_to_block(2 * PERIOD + 1);
		assert_eq!(status(id), NetworkStatus::Retired);
		assert_eq!(held(HoldReason::NetworkDeposit, OTHER), 0);
		assert_eq!(free(OTHER), ENDOWMENT);
	});
}

#[test]
fn backing_changes_update_security_and_cross_the_target() {
	ExtBuilder::default().build_and_execute(|| {
		// Network 1 (OP, 50%): 500 allocated, CoC 83 < PfC 100. 200 more restaked to OP makes
		// it 600 (CoC 99), 300 more 650 (CoC 108): secured, from the next block, when the
		// restaking hook refreshes OP.
		assert_ok!(Restaking::restake(RuntimeOrigin::signed(3), OP, 300));
		assert_eq!(Leasing::network_security(1).unwrap().allocated, 500);
		run_to_block(System::block_number() + 1);
		let s1 = Leasing::network_security(1).unwrap();
		assert_eq!((s1.allocated, s1.coc), (650, 108));
		assert_eq!(status(1), NetworkStatus::Active);
		assert!(leasing_events().contains(&Event::SecurityChanged {
			network: 1,
			allocated: 650,
			old_coc: 83,
			new_coc: 108,
			pfc: 100,
			ratio: ratio(108, 100),
			meets_target: true
		}));
		assert!(leasing_events().contains(&Event::NetworkSecured {
			network: 1,
			ratio: ratio(108, 100),
			target: FixedU128::from_u32(1)
		}));
		System::reset_events();
		// A slash of OP on network 0 propagates to network 1's security at the next block's
		// refresh.
		assert_ok!(Restaking::slash_operator(&OP, 0, Perbill::from_percent(20)));
		assert_eq!(Leasing::network_security(1).unwrap().coc, 108);
		run_to_block(System::block_number() + 1);
		let s1 = Leasing::network_security(1).unwrap();
		assert!(s1.coc < 100);
		assert_eq!(status(1), NetworkStatus::UnderSecured);
		assert!(leasing_events()
			.iter()
			.any(|e| matches!(e, Event::NetworkUnderSecured { network: 1, .. })));
		assert!(leasing_events()
			.iter()
			.any(|e| matches!(e, Event::SecurityChanged { network: 0, .. })));
	});
}

#[test]
fn the_sweep_is_paged_over_blocks() {
	ExtBuilder::default().build_and_execute(|| {
		for _ in 0..2 {
			let id = register(OTHER);
			assert_ok!(lease(OTHER, id, 0, 1, 5));
		}
		run_to_block(PERIOD);
		// Two networks per block: 0 and 1 now, 2 and 3 next block.
		let paid = |n: u32| {
			leasing_events()
				.iter()
				.any(|e| matches!(e, Event::LeasePaid { network, .. } if *network == n))
		};
		assert!(paid(0) && paid(1) && !paid(2) && !paid(3));
		assert_eq!(crate::Sweep::<Test>::get(), Some(crate::SweepState { period: 1, next: 2 }));
		// The last page is full and ends the sweep: `MaxNetworksPerBlock × LeasePeriod`
		// networks take exactly `LeasePeriod` blocks (found at the bound by scripts/scale.sh:
		// a full last page used to leave an empty page for the block after).
		run_to_block(PERIOD + 1);
		assert!(paid(2) && paid(3));
		assert_eq!(crate::Sweep::<Test>::get(), None);
		assert_eq!(crate::SweptPeriod::<Test>::get(), Some(1));
	});
}

#[test]
fn integrity_test_passes() {
	use frame_support::traits::Hooks;
	ExtBuilder::default().empty().build().execute_with(|| {
		<Leasing as Hooks<BlockNumber>>::integrity_test();
		<Restaking as Hooks<BlockNumber>>::integrity_test();
	});
}

#[test]
fn the_manager_origin() {
	ExtBuilder::default().build_and_execute(|| {
		type Manager = EnsureNetworkManager<Test>;
		assert_eq!(Manager::try_origin(RuntimeOrigin::signed(MANAGER), &0).ok(), Some(MANAGER));
		assert!(Manager::try_origin(RuntimeOrigin::signed(SLASHER), &0).is_err());
		assert!(Manager::try_origin(RuntimeOrigin::root(), &0).is_err());
		assert!(Manager::try_origin(RuntimeOrigin::signed(MANAGER), &9).is_err());
	});
}
