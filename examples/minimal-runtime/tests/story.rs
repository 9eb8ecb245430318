//! The whole story of restaking, on the example runtime: an operator opts into a network and
//! allocates, a staker restakes its bond, the network leases security and pays, an offence is
//! reported, waits out the veto window, is applied, and the restaker's loss is settled from its
//! staking bond. Balances, the bond, events and the security API are checked at each step, and
//! the SSP pallets' invariants after each.

use frame_support::{
	assert_noop, assert_ok,
	traits::{fungible::Inspect, fungible::InspectHold, Get},
	BoundedVec,
};
use sp_keyring::Sr25519Keyring::{Alice, Bob, Charlie, Dave};
use sp_runtime::{BuildStorage, DispatchError, FixedU128, Perbill};
use ssp_example_runtime::{
	genesis::{self, BOND},
	ssp::{ALLOCATION_DELAY, LEASE_PERIOD, VETO_WINDOW},
	AccountId, AllPalletsWithSystem, Balance, Balances, Block, BlockNumber, Leasing, Restaking,
	Runtime, RuntimeEvent, RuntimeOrigin, Slashing, System, MILLISECS_PER_BLOCK, UNITS,
};
use ssp_runtime_api::runtime_decl_for_security_api::SecurityApiV1;
use ssp_test_support::ssp_try_state;

/// A call of the runtime's `SecurityApi`, as a client's `state_call` runs it.
macro_rules! api {
	($call:ident($($arg:expr),*)) => {
		<Runtime as SecurityApiV1<Block, AccountId, Balance, BlockNumber>>::$call($($arg),*)
	};
}

fn account(k: sp_keyring::Sr25519Keyring) -> AccountId {
	k.to_account_id()
}

fn new_test_ext() -> sp_io::TestExternalities {
	let storage = genesis::development().build_storage().expect("the genesis builds");
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| run_to_block(1));
	ext
}

fn run_to_block(n: BlockNumber) {
	ssp_test_support::run_to_block::<Runtime, AllPalletsWithSystem>(n, MILLISECS_PER_BLOCK);
}

fn signed(k: sp_keyring::Sr25519Keyring) -> RuntimeOrigin {
	RuntimeOrigin::signed(account(k))
}

fn has_event(event: impl Into<RuntimeEvent>) -> bool {
	let event = event.into();
	System::events().iter().any(|r| r.event == event)
}

/// What Dave has bonded in staking.
fn bonded(who: &AccountId) -> Balance {
	pallet_staking::Ledger::<Runtime>::get(who)
		.map(|l| l.active)
		.unwrap_or_default()
}

#[test]
fn genesis_registers_the_network_and_the_operator_and_bonds_the_restaker() {
	new_test_ext().execute_with(|| {
		let network = api!(network(0)).expect("network 0 at genesis");
		assert_eq!(network.manager, account(Bob));
		assert_eq!(network.security.pfc, genesis::PFC);
		assert_eq!(network.security.allocated, 0);
		assert!(!network.security.meets_target);
		assert!(api!(operator_exposure(account(Alice))).is_some());
		assert_eq!(bonded(&account(Dave)), BOND);
		// The manager's network deposit is held.
		let deposit: Balance = <Runtime as pallet_ssp_leasing::Config>::NetworkDeposit::get();
		assert_eq!(Balances::total_balance_on_hold(&account(Bob)), deposit);
		ssp_try_state!(Runtime);
	});
}

#[test]
fn restake_lease_report_veto_window_apply_and_settle() {
	new_test_ext().execute_with(|| {
		let (alice, bob, charlie, dave) =
			(account(Alice), account(Bob), account(Charlie), account(Dave));

		// 1. Alice opts into network 0 (paying the slot deposit) and allocates all her backing.
		let held = Balances::total_balance_on_hold(&alice);
		assert_ok!(Restaking::opt_in(signed(Alice), 0));
		let opt_in_deposit: Balance =
			<Runtime as pallet_ssp_restaking::Config>::OptInDeposit::get();
		assert_eq!(Balances::total_balance_on_hold(&alice), held + opt_in_deposit);
		assert_ok!(Restaking::allocate(signed(Alice), 0, Perbill::one()));
		ssp_try_state!(Runtime);

		// 2. Dave restakes 40,000 of his 50,000 bond with Alice; more than his bond is refused.
		assert_noop!(
			Restaking::restake(signed(Dave), alice.clone(), BOND + UNITS),
			pallet_ssp_restaking::Error::<Runtime>::InsufficientBondedStake
		);
		assert_ok!(Restaking::restake(signed(Dave), alice.clone(), 40_000 * UNITS));
		let position = api!(restaker_position(dave.clone())).expect("restaker");
		assert_eq!((position.operator, position.active), (alice.clone(), 40_000 * UNITS));
		ssp_try_state!(Runtime);

		// 3. Bob buys 6,000 of security for periods 1 and 2 at the quote: the base price (0.05
		// at genesis, 10% lower since period 0 was swept with nothing leased) times a risk
		// factor of 2 (no stake is in effect behind network 0 yet): 0.09, 540 a period, held up
		// front.
		let quote = Leasing::quote(0, 6_000 * UNITS, 2).expect("quote");
		assert_eq!(quote.base_price, FixedU128::from_rational(45, 1_000));
		assert_eq!(quote.price, FixedU128::from_rational(9, 100));
		assert_eq!((quote.reward_per_period, quote.total), (540 * UNITS, 1_080 * UNITS));
		let bob_held = Balances::total_balance_on_hold(&bob);
		assert_noop!(
			Leasing::lease_security(
				signed(Bob),
				0,
				1,
				2,
				6_000 * UNITS,
				FixedU128::from_rational(8, 100)
			),
			pallet_ssp_leasing::Error::<Runtime>::PriceAboveMax
		);
		assert_ok!(Leasing::lease_security(
			signed(Bob),
			0,
			1,
			2,
			6_000 * UNITS,
			FixedU128::from_rational(9, 100)
		));
		assert_eq!(Balances::total_balance_on_hold(&bob), bob_held + 1_080 * UNITS);
		ssp_try_state!(Runtime);

		// 4. The allocation takes effect after its delay: the network counts Dave's stake.
		run_to_block(ALLOCATION_DELAY + 2);
		let security = api!(network(0)).expect("network").security;
		assert_eq!(security.allocated, 40_000 * UNITS);
		// CoC = one third of half the allocated stake: 6,666.66.. > PfC 5,000.
		assert!(security.meets_target);
		ssp_try_state!(Runtime);

		// 5. Both leased periods are paid: Dave earns the rewards less Alice's 10% commission.
		run_to_block(3 * LEASE_PERIOD + 2);
		assert_eq!(Balances::total_balance_on_hold(&bob), bob_held);
		let pending = api!(restaker_position(dave.clone())).expect("restaker").pending_rewards;
		assert_eq!(pending, 972 * UNITS);
		let free = Balances::balance(&dave);
		assert_ok!(Restaking::claim_rewards(signed(Dave)));
		assert_eq!(Balances::balance(&dave), free + 972 * UNITS);
		ssp_try_state!(Runtime);

		// 6. Charlie, the network's slasher, reports Alice for 5% of her stake there; no one else
		// may.
		let now = System::block_number();
		let evidence = || BoundedVec::truncate_from(b"two blocks at height 7".to_vec());
		assert_noop!(
			Slashing::report_offence(
				signed(Dave),
				0,
				alice.clone(),
				Perbill::from_percent(5),
				now,
				evidence()
			),
			DispatchError::BadOrigin
		);
		assert_ok!(Slashing::report_offence(
			signed(Charlie),
			0,
			alice.clone(),
			Perbill::from_percent(5),
			now,
			evidence()
		));
		ssp_try_state!(Runtime);

		// 7. Nothing is taken during the veto window.
		run_to_block(now + VETO_WINDOW - 1);
		let active =
			|who: &AccountId| api!(restaker_position(who.clone())).expect("restaker").active;
		assert_eq!(active(&dave), 40_000 * UNITS);
		ssp_try_state!(Runtime);

		// 8. The slashing hook applies it in the block the window ends: 5% of the 40,000 Alice
		// allocates.
		run_to_block(now + VETO_WINDOW);
		assert!(has_event(pallet_ssp_slashing::Event::<Runtime>::SlashApplied {
			id: 0,
			network: 0,
			operator: alice.clone(),
			fraction: Perbill::from_percent(5),
			amount: 2_000 * UNITS,
			reporter_reward: 200 * UNITS,
			networks_affected: 0,
		}));
		assert_eq!(active(&dave), 38_000 * UNITS);
		let security = api!(network(0)).expect("network").security;
		assert_eq!(security.allocated, 38_000 * UNITS);
		ssp_try_state!(Runtime);

		// 9. Settling takes the loss from Dave's staking bond, through staking's own ledger; a
		// tenth goes to the reporter's pot, the rest is burned.
		let (balance, issuance) = (Balances::total_balance(&dave), Balances::total_issuance());
		let pot = Balances::total_balance(&Slashing::reward_pot());
		assert_ok!(Restaking::settle(signed(Bob), dave.clone()));
		assert_eq!(Balances::total_balance(&dave), balance - 2_000 * UNITS);
		assert_eq!(bonded(&dave), BOND - 2_000 * UNITS);
		assert_eq!(Balances::total_balance(&Slashing::reward_pot()), pot + 200 * UNITS);
		assert_eq!(Balances::total_issuance(), issuance - 1_800 * UNITS);
		let charlie_free = Balances::balance(&charlie);
		assert_ok!(Slashing::claim_reward(signed(Charlie)));
		assert_eq!(Balances::balance(&charlie), charlie_free + 200 * UNITS);
		ssp_try_state!(Runtime);
	});
}

#[test]
fn the_security_api_simulates_a_slash_without_changing_anything() {
	new_test_ext().execute_with(|| {
		assert_ok!(Restaking::opt_in(signed(Alice), 0));
		assert_ok!(Restaking::allocate(signed(Alice), 0, Perbill::one()));
		assert_ok!(Restaking::restake(signed(Dave), account(Alice), 40_000 * UNITS));
		run_to_block(ALLOCATION_DELAY + 2);
		let root_before = sp_io::storage::root(sp_runtime::StateVersion::V1);
		let target =
			ssp_runtime_api::SlashTarget::Operator { operator: account(Alice), network: 0 };
		let simulation =
			api!(simulate_slash(target, Perbill::from_percent(50))).expect("Alice backs network 0");
		assert_eq!(simulation.slashed, 20_000 * UNITS);
		let change = &simulation.changes[0];
		assert_eq!((change.network, change.after.allocated), (0, 20_000 * UNITS));
		// CoC falls from 6,666 to 3,333, under the PfC of 5,000.
		assert!(change.falls_under_target);
		// Rolled back: nothing in storage changed.
		assert_eq!(sp_io::storage::root(sp_runtime::StateVersion::V1), root_before);
		let security = api!(network(0)).expect("network").security;
		assert_eq!(security.allocated, 40_000 * UNITS);
		ssp_try_state!(Runtime);
	});
}

#[test]
fn the_development_preset_is_the_rust_genesis() {
	use sp_genesis_builder::{runtime_decl_for_genesis_builder::GenesisBuilderV1, PresetId};
	let json = |id: Option<&str>| -> serde_json::Value {
		let bytes = <Runtime as GenesisBuilderV1<Block>>::get_preset(&id.map(PresetId::from))
			.expect("the preset exists");
		serde_json::from_slice(&bytes).expect("the preset is JSON")
	};
	let preset = json(Some(sp_genesis_builder::DEV_RUNTIME_PRESET));
	// The typed genesis, as a chain spec shows it.
	let operator = &preset["restaking"]["operators"][0];
	assert_eq!(operator["operator"], serde_json::json!(account(Alice).to_string()));
	assert_eq!(operator["commission"], serde_json::json!(100_000_000));
	assert_eq!(operator["allocations"], serde_json::json!([]));
	assert_eq!(preset["leasing"]["networks"][0]["minSecurityTargetPercent"], 100);
	assert_eq!(preset["leasing"]["networks"][0]["pfc"], serde_json::json!(genesis::PFC));

	// Built as the node builds it: the preset over the default config, through `build_state`.
	let mut config = json(None);
	ssp_test_support::apply_preset(&mut config, preset);
	let root = || sp_io::storage::root(sp_runtime::StateVersion::V1);
	let built = sp_io::TestExternalities::default().execute_with(|| {
		let json = serde_json::to_vec(&config).expect("serialises");
		assert_eq!(<Runtime as GenesisBuilderV1<Block>>::build_state(json), Ok(()));
		root()
	});
	let direct = sp_io::TestExternalities::new(
		genesis::development().build_storage().expect("the genesis builds"),
	)
	.execute_with(root);
	assert_eq!(built, direct);
	assert_eq!(
		<Runtime as GenesisBuilderV1<Block>>::get_preset(&Some("local_testnet".into())),
		None
	);
}
