//! The security runtime API against the development market: network figures, operator
//! exposure, shared stake, and `simulate_slash` predicting exactly what a real slash does.

use frame_support::{assert_ok, BoundedVec};
use pallet_ssp_leasing::{NetworkStatus, Networks};
use sp_genesis_builder::DEV_RUNTIME_PRESET;
use sp_keyring::Sr25519Keyring::{Alice, Bob, Charlie, Dave, Ferdie};
use sp_runtime::{traits::One, FixedU128, Perbill};
use ssp_runtime::{
	configs::{LEASE_PERIOD, VETO_WINDOW},
	Runtime, RuntimeEvent, RuntimeOrigin, Slashing, System, UNITS as U,
};
use ssp_runtime_api::compose;
use ssp_runtime_api::SlashTarget;

mod common;
use common::{account, ext_from_preset, run_to_block};

fn pct(x: u32) -> Perbill {
	Perbill::from_percent(x)
}

/// CoC as the leasing pallet computes it: one third of `max_slash` of the allocated stake.
fn coc(allocated: u128, max_slash: u32) -> u128 {
	Perbill::from_rational(1u32, 3u32).mul_floor(pct(max_slash).mul_floor(allocated))
}

#[test]
fn networks_come_with_security_lease_end_and_yield() {
	ext_from_preset(DEV_RUNTIME_PRESET).execute_with(|| {
		let networks = compose::networks::<Runtime>();
		assert_eq!(networks.iter().map(|n| n.network).collect::<Vec<_>>(), vec![0, 1, 2]);
		let allocated: Vec<u128> = networks.iter().map(|n| n.security.allocated).collect();
		assert_eq!(allocated, vec![54_000 * U, 24_000 * U, 27_000 * U]);
		let statuses: Vec<_> = networks.iter().map(|n| n.status.clone()).collect();
		assert_eq!(
			statuses,
			vec![NetworkStatus::Active, NetworkStatus::UnderSecured, NetworkStatus::Active]
		);
		let net2 = &networks[2];
		assert_eq!(net2.manager, account(Dave));
		// Bob, Ferdie, and the index pool (opted in at block 1; nothing restaked with it yet).
		assert_eq!(net2.operators, 3);
		assert_eq!(net2.security.coc, coc(27_000 * U, 50));
		assert_eq!(net2.security.pfc, 4_300 * U);
		// Close to its target: secure, but by less than 5%.
		assert!(net2.security.ratio >= FixedU128::one());
		assert!(net2.security.ratio < FixedU128::from_rational(105, 100));
		// 1,800 SSP of security bought at the genesis base price of 0.04.
		assert_eq!(net2.reward_per_period, 72 * U);
		assert_eq!(net2.yield_per_period, Perbill::from_rational(72u32, 27_000u32));
		assert_eq!(net2.lease_end, Some(1_000 * LEASE_PERIOD));
		// The under-secured network pays the most per unit of stake.
		assert_eq!(networks[1].yield_per_period, Perbill::from_rational(200u32, 24_000u32));
		assert!(networks.iter().all(|n| n.yield_per_period <= networks[1].yield_per_period));
		assert_eq!(compose::network::<Runtime>(3), None);
	});
}

#[test]
fn operator_exposure_shows_backing_leverage_and_dependent_networks() {
	ext_from_preset(DEV_RUNTIME_PRESET).execute_with(|| {
		let bob = compose::operator_exposure::<Runtime>(account(Bob)).expect("Bob is an operator");
		assert_eq!((bob.backing.total, bob.backing.restakers), (30_000 * U, 1));
		assert_eq!(bob.backing.restaking_factor, 1_500_000_000, "150%: leverage");
		let deps: Vec<_> = bob
			.dependents
			.iter()
			.map(|d| (d.network, d.contributed, d.share_of_network))
			.collect();
		assert_eq!(
			deps,
			vec![
				(0, 30_000 * U, Perbill::from_rational(30u32, 54u32)),
				(2, 15_000 * U, Perbill::from_rational(15u32, 27u32)),
			]
		);
		assert!(bob.dependents.iter().all(|d| !d.jailed));
		let ferdie = compose::operator_exposure::<Runtime>(account(Ferdie)).expect("operator");
		assert_eq!(ferdie.backing.restaking_factor, 1_000_000_000, "no leverage");
		assert_eq!(compose::operator_exposure::<Runtime>(account(Charlie)), None);
		let charlie = compose::restaker_position::<Runtime>(account(Charlie)).expect("restaker");
		assert_eq!((charlie.operator, charlie.active), (account(Alice), 40_000 * U));
	});
}

#[test]
fn stake_overlap_shows_the_stake_two_networks_both_count() {
	ext_from_preset(DEV_RUNTIME_PRESET).execute_with(|| {
		let overlap: Vec<_> = compose::stake_overlap::<Runtime>()
			.into_iter()
			.map(|o| (o.a, o.b, o.operators, o.shared, o.share_of_a, o.share_of_b))
			.collect();
		assert_eq!(
			overlap,
			vec![
				// Alice's 24,000 secures networks 0 and 1; all of network 1's stake.
				(0, 1, 1, 24_000 * U, Perbill::from_rational(24u32, 54u32), Perbill::one()),
				// Bob's 15,000 on network 2 is part of his 30,000 on network 0.
				(
					0,
					2,
					1,
					15_000 * U,
					Perbill::from_rational(15u32, 54u32),
					Perbill::from_rational(15u32, 27u32)
				),
			]
		);
	});
}

#[test]
fn simulate_slash_predicts_the_real_slash_and_changes_nothing() {
	ext_from_preset(DEV_RUNTIME_PRESET).execute_with(|| {
		let bob = account(Bob);
		let target = SlashTarget::Operator { operator: bob.clone(), network: 2 };
		let root = sp_io::storage::root(sp_runtime::StateVersion::V1);
		let sim = compose::simulate_slash::<Runtime>(target, pct(20)).expect("Bob backs network 2");
		assert_eq!(sp_io::storage::root(sp_runtime::StateVersion::V1), root, "rolled back");

		// 20% of Bob's 15,000 on network 2 leaves his pool; his 30,000 becomes 27,000.
		assert_eq!(sim.slashed, 3_000 * U);
		let changed: Vec<_> = sim
			.changes
			.iter()
			.map(|c| (c.network, c.after.allocated, c.falls_under_target))
			.collect();
		assert_eq!(changed, vec![(0, 51_000 * U, false), (2, 25_500 * U, true)]);
		assert_eq!(sim.changes[1].after.coc, coc(25_500 * U, 50));

		// Now the real thing: Dave, network 2's slasher, reports Bob for 20%.
		let now = System::block_number();
		assert_ok!(Slashing::report_offence(
			RuntimeOrigin::signed(account(Dave)),
			2,
			bob,
			pct(20),
			now,
			BoundedVec::truncate_from(b"equivocation".to_vec()),
		));
		run_to_block(now + VETO_WINDOW);
		let applied = System::events().into_iter().find_map(|r| match r.event {
			RuntimeEvent::Slashing(pallet_ssp_slashing::Event::SlashApplied { amount, .. }) => {
				Some(amount)
			},
			_ => None,
		});
		assert_eq!(applied, Some(sim.slashed));
		// The slashed network at once; network 0 at the next block's refresh.
		assert_eq!(Networks::<Runtime>::get(2).expect("registered").security, sim.changes[1].after);
		assert_eq!(
			Networks::<Runtime>::get(0).expect("registered").security,
			sim.changes[0].before
		);
		run_to_block(now + VETO_WINDOW + 1);
		for change in &sim.changes {
			let now = Networks::<Runtime>::get(change.network).expect("registered").security;
			assert_eq!(now, change.after, "network {} as predicted", change.network);
		}
		assert_eq!(
			Networks::<Runtime>::get(2).map(|n| n.status),
			Some(NetworkStatus::UnderSecured)
		);
	});
}

#[test]
fn simulating_a_network_slash_hits_every_backer_and_bad_targets_fail_as_a_slash_would() {
	ext_from_preset(DEV_RUNTIME_PRESET).execute_with(|| {
		// 10% of network 2's stake: 1,500 of Bob's and 1,200 of Ferdie's.
		let sim = compose::simulate_slash::<Runtime>(SlashTarget::Network(2), pct(10)).expect("ok");
		assert_eq!(sim.slashed, 2_700 * U);
		assert_eq!(sim.changes.iter().map(|c| c.network).collect::<Vec<_>>(), vec![0, 2]);
		// Above network 2's 50% max slash: capped, as a report would be refused above it.
		let capped = compose::simulate_slash::<Runtime>(SlashTarget::Network(2), pct(90)).unwrap();
		let at_cap = compose::simulate_slash::<Runtime>(SlashTarget::Network(2), pct(50)).unwrap();
		assert_eq!(capped, at_cap);

		assert_eq!(
			compose::simulate_slash::<Runtime>(SlashTarget::Network(9), pct(10)),
			Err(pallet_ssp_slashing::Error::<Runtime>::UnknownNetwork.into())
		);
		let not_opted_in = SlashTarget::Operator { operator: account(Ferdie), network: 0 };
		assert_eq!(
			compose::simulate_slash::<Runtime>(not_opted_in, pct(10)),
			Err(pallet_ssp_restaking::Error::<Runtime>::NotOptedIn.into())
		);
	});
}

/// Found when the index pool (opted into networks 0 and 2 before anyone restaked with it)
/// joined the dev chain: a network's slash simulation tried to slash it and failed with
/// `NothingAllocated`, and the overlap counted it as sharing stake it does not have.
#[test]
fn an_operator_with_nothing_allocated_neither_stops_a_slash_simulation_nor_counts_as_overlap() {
	ext_from_preset(DEV_RUNTIME_PRESET).execute_with(|| {
		let charlie = account(Charlie);
		assert_ok!(ssp_runtime::Restaking::register_operator(
			RuntimeOrigin::signed(charlie.clone()),
			Perbill::zero(),
			BoundedVec::default()
		));
		for network in [0, 2] {
			assert_ok!(ssp_runtime::Restaking::opt_in(
				RuntimeOrigin::signed(charlie.clone()),
				network
			));
		}
		let sim = compose::simulate_slash::<Runtime>(SlashTarget::Network(2), pct(10)).expect("ok");
		assert_eq!(sim.slashed, 2_700 * U);
		let overlap = compose::stake_overlap::<Runtime>();
		let net_0_2 = overlap.iter().find(|o| (o.a, o.b) == (0, 2)).expect("overlap");
		assert_eq!((net_0_2.operators, net_0_2.shared), (1, 15_000 * U));
	});
}
