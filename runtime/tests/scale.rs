//! The scale benchmark: `N` networks × `M` operators per network × `R` restakers on the real
//! runtime (the `development` preset plus generated state), then one full lease period with a
//! wave of slashes across every network, block by block through every pallet's hooks.
//!
//! It prints, per block, the weight each SSP hook charged and the largest call weight, then a
//! summary: the largest of each as a share of the block, the blocks the lease sweep, the slash
//! queue and the refresh backlog took to drain, the state size and the wall time of a lease
//! period. It asserts what the runtime promises at any scale: every SSP hook within 5% of the
//! block (ref time and proof size), every call within 10%, the sweep done within its period,
//! each network paid exactly once, every slash applied and propagated to every network of its
//! operator, no stale operator left, and every pallet's `try_state` after each phase (and
//! after every block when `N` is small).
//!
//! `scripts/scale.sh N` runs it (`N` = 10 by default, as in CI); `M = N` and `R = 100 × N`, each
//! operator in `min(N, MaxNetworksPerOperator)` networks.

use frame_support::{
	assert_ok,
	dispatch::GetDispatchInfo,
	traits::{fungible::Mutate, OnFinalize, OnInitialize, UnfilteredDispatchable},
	weights::Weight,
	BoundedVec,
};
use sp_genesis_builder::DEV_RUNTIME_PRESET;
use sp_runtime::{traits::Bounded, FixedU128, Perbill};
use ssp_runtime::{
	configs::{LEASE_PERIOD, VETO_WINDOW},
	AccountId, AllPalletsWithSystem, Authorship, Babe, Balances, Grandpa, Historical, Leasing,
	Offences, OperatorKeys, Restaking, Runtime, RuntimeCall, RuntimeOrigin, Session, Slashing,
	Staking, Sudo, System, Timestamp, TransactionPayment, VoterList, UNITS,
};
use std::time::Instant;

mod common;
use common::ext_from_preset;

/// The pallets before the SSP ones, in the runtime's order: their hooks run as in a block.
type ParentPallets = (
	System,
	Babe,
	Timestamp,
	Balances,
	TransactionPayment,
	Sudo,
	Authorship,
	Staking,
	Session,
	Historical,
	VoterList,
	Grandpa,
	Offences,
);

fn env(name: &str, default: u32) -> u32 {
	std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn who(kind: u8, i: u32) -> AccountId {
	let mut raw = [0u8; 32];
	raw[0] = 0xAA;
	raw[1] = kind;
	raw[2..6].copy_from_slice(&i.to_le_bytes());
	AccountId::from(raw)
}

fn signed(a: &AccountId) -> RuntimeOrigin {
	RuntimeOrigin::signed(a.clone())
}

/// What one block's SSP hooks charged.
#[derive(Default, Clone, Copy)]
struct Hooks {
	leasing: Weight,
	restaking: Weight,
	slashing: Weight,
	keys: Weight,
}

/// Close the current block and run the next one's hooks, returning what the SSP hooks charged.
fn next_block() -> Hooks {
	let current = System::block_number();
	AllPalletsWithSystem::on_finalize(current);
	let next = current + 1;
	System::reset_events();
	common::begin_block(next);
	ParentPallets::on_initialize(next);
	let hooks = Hooks {
		leasing: Leasing::on_initialize(next),
		restaking: Restaking::on_initialize(next),
		slashing: Slashing::on_initialize(next),
		keys: OperatorKeys::on_initialize(next),
	};
	common::set_block_timestamp(next);
	hooks
}

/// The chain under test. Its overlay is committed to the in-memory trie every
/// `COMMIT_EVERY` blocks (and between build chunks): a `clear_prefix` walks the whole overlay
/// (`System::reset_events` runs one each block), and at N = 1,000 the generated state is
/// ~400 MiB, while a live chain's overlay only ever holds one block's changes.
struct Chain {
	ext: sp_io::TestExternalities,
	blocks_since_commit: u32,
}

const COMMIT_EVERY: u32 = 16;

impl Chain {
	fn with<R>(&mut self, f: impl FnOnce() -> R) -> R {
		self.ext.execute_with(f)
	}

	fn next_block(&mut self) -> Hooks {
		let hooks = self.ext.execute_with(next_block);
		self.blocks_since_commit += 1;
		if self.blocks_since_commit >= COMMIT_EVERY {
			self.commit();
		}
		hooks
	}

	fn commit(&mut self) {
		self.ext.commit_all().expect("the overlay commits to the in-memory trie");
		self.blocks_since_commit = 0;
	}
}

fn check_books() {
	Restaking::do_try_state().expect("restaking try_state");
	Leasing::do_try_state().expect("leasing try_state");
	Slashing::do_try_state().expect("slashing try_state");
}

/// Dispatch `call` from `origin` and return its declared weight.
fn dispatch(call: RuntimeCall, origin: RuntimeOrigin) -> Weight {
	let weight = call.get_dispatch_info().call_weight;
	assert_ok!(call.dispatch_bypass_filter(origin));
	weight
}

struct Shape {
	networks: u32,
	operators_per_network: u32,
	restakers: u32,
	networks_per_operator: u32,
	operators: u32,
}

impl Shape {
	/// `n` networks (as many as the registry has room for besides the preset's), `n` operators
	/// per network, `100 × n` restakers.
	fn new(n: u32, room: u32) -> Self {
		let max_per_op: u32 =
			<Runtime as pallet_ssp_restaking::Config>::MaxNetworksPerOperator::get();
		let networks = n.min(room);
		let networks_per_operator = networks.min(max_per_op);
		let operators = networks.saturating_mul(n) / networks_per_operator;
		Shape {
			networks,
			operators_per_network: n,
			restakers: n.saturating_mul(100),
			networks_per_operator,
			operators,
		}
	}
}

use frame_support::traits::Get;

/// Register the networks (each leased from the current period until after the build), the
/// operators (each opted into and allocated to `networks_per_operator` consecutive networks, so
/// that every network has `operators_per_network`), and the restakers (round robin over the
/// operators). Returns the ids of the new networks.
fn build(chain: &mut Chain, shape: &Shape) -> Vec<u32> {
	let per_block: u32 = <Runtime as pallet_ssp_restaking::Config>::MaxRefreshesPerBlock::get();
	// The leases outlast the build (operators arrive `per_block` a block) and the measured
	// period after it.
	let build_blocks = shape.operators / per_block + 20;
	let periods = build_blocks / LEASE_PERIOD + 4;
	let first = chain.with(|| {
		let first = pallet_ssp_leasing::NextNetworkId::<Runtime>::get();
		let period = Leasing::current_period();
		for i in 0..shape.networks {
			let manager = who(1, i);
			Balances::set_balance(&manager, 100_000 * UNITS);
			dispatch(
				RuntimeCall::Leasing(pallet_ssp_leasing::Call::register_network {
					slasher: manager.clone(),
					fault_threshold: Perbill::from_rational(1u32, 3u32),
					max_slash: Perbill::from_percent(50),
					pfc: 1_000 * UNITS,
					min_security_target: FixedU128::from_u32(1),
				}),
				signed(&manager),
			);
			// Validated, as far as the keys pallet takes networks: its hook pages through
			// their backers each epoch.
			let validated = pallet_ssp_keys::Schedule::<Runtime>::decode_len().unwrap_or(0) as u32;
			if validated < <Runtime as pallet_ssp_keys::Config>::MaxValidatedNetworks::get() {
				dispatch(
					RuntimeCall::OperatorKeys(pallet_ssp_keys::Call::configure_validation {
						network: first + i,
						config: pallet_ssp_keys::ValidationConfig {
							scheme: ssp_primitives::keys::KeyScheme::Sr25519,
							epoch_length: ssp_runtime::configs::MIN_EPOCH_LENGTH,
							max_validators: 100,
						},
					}),
					signed(&manager),
				);
			}
			dispatch(
				RuntimeCall::Leasing(pallet_ssp_leasing::Call::lease_security {
					network: first + i,
					first_period: period,
					periods,
					security: 2_500 * UNITS,
					max_price: FixedU128::max_value(),
				}),
				signed(&manager),
			);
		}
		first
	});
	let magnitude = Perbill::from_rational(3u32, shape.networks_per_operator);
	for j in 0..shape.operators {
		// At most `MaxRefreshesPerBlock` operators' allocation changes take effect per block:
		// operators arrive a block apart, as on a live chain.
		if j > 0 && j % per_block == 0 {
			chain.next_block();
		}
		chain.with(|| {
			let op = who(2, j);
			Balances::set_balance(
				&op,
				1_000 * UNITS + shape.networks_per_operator as u128 * 200 * UNITS,
			);
			dispatch(
				RuntimeCall::Restaking(pallet_ssp_restaking::Call::register_operator {
					commission: Perbill::from_percent(10),
					metadata: BoundedVec::new(),
				}),
				signed(&op),
			);
			for t in 0..shape.networks_per_operator {
				let network = first + (j * shape.networks_per_operator + t) % shape.networks;
				dispatch(
					RuntimeCall::Restaking(pallet_ssp_restaking::Call::opt_in { network }),
					signed(&op),
				);
				dispatch(
					RuntimeCall::Restaking(pallet_ssp_restaking::Call::allocate {
						network,
						magnitude,
					}),
					signed(&op),
				);
			}
		});
	}
	// The restakers bond and restake in one block, committed in chunks.
	const CHUNK: u32 = 2_000;
	for from in (0..shape.restakers).step_by(CHUNK as usize) {
		chain.with(|| {
			for k in from..(from + CHUNK).min(shape.restakers) {
				let r = who(3, k);
				Balances::set_balance(&r, 2_000 * UNITS);
				dispatch(
					RuntimeCall::Staking(pallet_staking::Call::bond {
						value: 1_000 * UNITS,
						payee: pallet_staking::RewardDestination::Stash,
					}),
					signed(&r),
				);
				dispatch(
					RuntimeCall::Restaking(pallet_ssp_restaking::Call::restake {
						operator: who(2, k % shape.operators),
						amount: 500 * UNITS,
					}),
					signed(&r),
				);
			}
		});
		chain.commit();
	}
	(first..first + shape.networks).collect()
}

/// Keys and bytes (keys plus values) of the whole state.
fn state_size(ext: &mut sp_io::TestExternalities) -> (usize, usize) {
	ext.execute_with(|| {
		let (mut keys, mut bytes) = (0usize, 0usize);
		let mut key = Vec::new();
		while let Some(next) = sp_io::storage::next_key(&key) {
			keys += 1;
			bytes += next.len() + sp_io::storage::get(&next).map_or(0, |v| v.len());
			key = next;
		}
		(keys, bytes)
	})
}

fn share(w: u64, of: u64) -> f64 {
	100.0 * w as f64 / of.max(1) as f64
}

#[test]
fn scale() {
	let n = env("SSP_SCALE_N", 10);
	let mut chain = Chain { ext: ext_from_preset(DEV_RUNTIME_PRESET), blocks_since_commit: 0 };
	let max_networks: u32 = <Runtime as pallet_ssp_leasing::Config>::MaxNetworks::get();
	let room =
		chain.with(|| max_networks - pallet_ssp_leasing::NetworkIds::<Runtime>::get().len() as u32);
	let shape = Shape::new(n, room);
	let every_block_checks = n <= 10;
	let max_block = <Runtime as frame_system::Config>::BlockWeights::get().max_block;
	// The budget of a parachain: a proof of at most 5 MiB per block.
	let max_proof: u64 = 5 * 1024 * 1024;
	println!(
		"scale: N = {} networks (new), M = {} operators per network ({} operators in {} networks each), \
		 R = {} restakers",
		shape.networks,
		shape.operators_per_network,
		shape.operators,
		shape.networks_per_operator,
		shape.restakers
	);

	let started = Instant::now();
	let ids = build(&mut chain, &shape);
	let build_secs = started.elapsed().as_secs_f64();

	// Bad input at the bounds gets a typed error and changes nothing: the 1,001st network, an
	// operator's 101st network.
	chain.with(|| {
		let newcomer = who(5, 0);
		Balances::set_balance(&newcomer, 100_000 * UNITS);
		if shape.networks == room {
			frame_support::assert_noop!(
				Leasing::register_network(
					signed(&newcomer),
					newcomer.clone(),
					Perbill::from_percent(33),
					Perbill::from_percent(50),
					1_000 * UNITS,
					FixedU128::from_u32(1),
				),
				pallet_ssp_leasing::Error::<Runtime>::TooManyNetworks
			);
		}
		let max_per_op: u32 =
			<Runtime as pallet_ssp_restaking::Config>::MaxNetworksPerOperator::get();
		if shape.networks_per_operator == max_per_op {
			let op = who(2, 0);
			// Any registered network: at N = 100 the operator is in every generated one.
			let outside = pallet_ssp_leasing::NetworkIds::<Runtime>::get()
				.into_iter()
				.find(|id| {
					!pallet_ssp_restaking::NetworkOperators::<Runtime>::contains_key(id, &op)
				})
				.expect("a network the operator is not in");
			frame_support::assert_noop!(
				Restaking::opt_in(signed(&op), outside),
				pallet_ssp_restaking::Error::<Runtime>::TooManyNetworks
			);
		}
	});

	// Every operator's networks brought up to date (the restakes marked them stale), then the
	// allocations take effect.
	let delay: u32 = <Runtime as pallet_ssp_restaking::Config>::AllocationDelay::get();
	let target = chain.with(System::block_number) + delay + 1;
	while chain.with(System::block_number) < target {
		chain.next_block();
	}
	let stale: Vec<AccountId> =
		chain.with(|| pallet_ssp_restaking::StaleOperators::<Runtime>::iter_keys().collect());
	for operators in stale.chunks(500) {
		chain.with(|| {
			for operator in operators {
				dispatch(
					RuntimeCall::Restaking(pallet_ssp_restaking::Call::refresh_operator {
						operator: operator.clone(),
					}),
					signed(&who(4, 0)),
				);
			}
		});
		chain.commit();
	}
	chain.with(|| {
		assert_eq!(pallet_ssp_restaking::StaleOperators::<Runtime>::iter_keys().count(), 0);
		check_books();
	});
	let (keys, bytes) = state_size(&mut chain.ext);
	println!(
		"scale: state built in {build_secs:.1} s: {keys} keys, {:.1} MiB",
		bytes as f64 / (1024.0 * 1024.0)
	);

	// One full lease period from its first block, with a wave of slashes: every network's
	// slasher reports one of its operators in the period's first block.
	let mut worst = Hooks::default();
	let mut worst_call = Weight::zero();
	let next_start = chain.with(|| (Leasing::current_period() + 1) * LEASE_PERIOD);
	while chain.with(System::block_number) < next_start - 1 {
		chain.next_block();
	}
	let started = Instant::now();
	let mut paid = std::collections::BTreeMap::<u32, u32>::new();
	let mut sweep_blocks = 0;
	println!("block   leasing(ms) restaking(ms) slashing(ms) largest-call(ms)  wall(s)");
	for b in 0..LEASE_PERIOD {
		let block_started = Instant::now();
		let hooks = chain.next_block();
		let largest = chain.with(|| {
			let mut largest = Weight::zero();
			if b == 0 {
				// A wave of restakes: one per operator, so that every operator's networks
				// must follow its pool (the refresh hook's backlog).
				for j in 0..shape.operators.min(shape.restakers) {
					let w = dispatch(
						RuntimeCall::Restaking(pallet_ssp_restaking::Call::restake {
							operator: who(2, j % shape.operators),
							amount: 10 * UNITS,
						}),
						signed(&who(3, j)),
					);
					largest = largest.max(w);
				}
				let now = System::block_number();
				for (i, network) in ids.iter().enumerate() {
					let slasher = who(1, i as u32);
					let operator =
						pallet_ssp_restaking::NetworkOperators::<Runtime>::iter_key_prefix(network)
							.next()
							.expect("every network has operators");
					let w = dispatch(
						RuntimeCall::Slashing(pallet_ssp_slashing::Call::report_offence {
							network: *network,
							operator,
							fraction: Perbill::from_percent(10),
							offence_block: now - 1,
							evidence: BoundedVec::truncate_from(b"equivocation".to_vec()),
						}),
						signed(&slasher),
					);
					largest = largest.max(w);
				}
			}
			for e in System::events() {
				if let ssp_runtime::RuntimeEvent::Leasing(pallet_ssp_leasing::Event::LeasePaid {
					network,
					..
				}) = e.event
				{
					*paid.entry(network).or_default() += 1;
				}
			}
			if pallet_ssp_leasing::Sweep::<Runtime>::get().is_some() {
				sweep_blocks = b + 1;
			}
			if every_block_checks {
				check_books();
			}
			largest
		});
		println!(
			"{:>5}   {:>10.3} {:>13.3} {:>12.3} {:>16.3} {:>8.2}",
			chain.with(System::block_number),
			hooks.leasing.ref_time() as f64 / 1e9,
			hooks.restaking.ref_time() as f64 / 1e9,
			hooks.slashing.ref_time() as f64 / 1e9,
			largest.ref_time() as f64 / 1e9,
			block_started.elapsed().as_secs_f64()
		);
		worst.leasing = worst.leasing.max(hooks.leasing);
		worst.restaking = worst.restaking.max(hooks.restaking);
		worst.slashing = worst.slashing.max(hooks.slashing);
		worst.keys = worst.keys.max(hooks.keys);
		worst_call = worst_call.max(largest);
	}
	let period_secs = started.elapsed().as_secs_f64();
	let sweep_blocks = sweep_blocks + 1;
	// Paging complete: the sweep of the period ended within it, each network paid once.
	chain.with(|| {
		let period = Leasing::current_period();
		assert!(pallet_ssp_leasing::Sweep::<Runtime>::get().is_none(), "sweep unfinished");
		assert_eq!(pallet_ssp_leasing::SweptPeriod::<Runtime>::get(), Some(period));
		for id in &ids {
			assert_eq!(paid.get(id), Some(&1), "network {id} paid once in the period");
		}
	});

	// The wave drains: every slash applied, every operator refreshed.
	let mut drain_blocks = 0u32;
	let mut applied = 0u32;
	let mut propagated_blocks = None;
	// The refresh backlog of the restake wave: every allocation of every operator, at the
	// hook's budget per block; the slashes, `MaxSlashesPerBlock` a block at most.
	let budget: u32 =
		<Runtime as pallet_ssp_restaking::Config>::MaxAllocationRefreshesPerBlock::get();
	let allocations = shape.operators * shape.networks_per_operator;
	let limit = VETO_WINDOW + allocations.div_ceil(budget) + n + 100;
	loop {
		let hooks = chain.next_block();
		drain_blocks += 1;
		worst.leasing = worst.leasing.max(hooks.leasing);
		worst.restaking = worst.restaking.max(hooks.restaking);
		worst.slashing = worst.slashing.max(hooks.slashing);
		worst.keys = worst.keys.max(hooks.keys);
		let drained = chain.with(|| {
			for e in System::events() {
				if let ssp_runtime::RuntimeEvent::Slashing(
					pallet_ssp_slashing::Event::SlashApplied { .. },
				) = e.event
				{
					applied += 1;
				}
			}
			let queued = pallet_ssp_slashing::ApplyQueue::<Runtime>::get().len()
				+ pallet_ssp_slashing::Deferred::<Runtime>::get().len();
			let propagating =
				pallet_ssp_restaking::Propagating::<Runtime>::iter_keys().next().is_some();
			if queued == 0 && !propagating && propagated_blocks.is_none() {
				// Every slash applied and carried to every network of its operator.
				propagated_blocks = Some(drain_blocks);
			}
			let stale = pallet_ssp_restaking::StaleOperators::<Runtime>::iter_keys().next();
			let cursor = pallet_ssp_restaking::RefreshCursor::<Runtime>::get();
			propagated_blocks.is_some() && stale.is_none() && cursor.is_none()
		});
		if drained {
			break;
		}
		assert!(drain_blocks < limit, "the wave did not drain in {limit} blocks");
	}
	chain.with(check_books);
	let propagated_blocks = propagated_blocks.unwrap_or(drain_blocks);
	chain.commit();
	let (keys_after, bytes_after) = state_size(&mut chain.ext);

	let pct =
		|w: Weight| (share(w.ref_time(), max_block.ref_time()), share(w.proof_size(), max_proof));
	println!("scale: summary for N = {n}");
	for (name, w) in [
		("leasing hook", worst.leasing),
		("restaking hook", worst.restaking),
		("slashing hook", worst.slashing),
		("keys hook", worst.keys),
		("largest call", worst_call),
	] {
		let (rt, pf) = pct(w);
		println!(
			"scale:   {name:<15} {:>9.3} ms ({rt:>6.3}% of the block), proof {:>8.1} KiB ({pf:>6.3}% of 5 MiB)",
			w.ref_time() as f64 / 1e9,
			w.proof_size() as f64 / 1024.0
		);
	}
	println!("scale:   lease sweep done in {sweep_blocks} blocks of a {LEASE_PERIOD}-block period");
	println!(
		"scale:   restake wave on every operator and slash wave on every network: {applied} \
		 slashes applied and propagated {propagated_blocks} blocks after the period; refresh \
		 backlog drained {drain_blocks} blocks after the period"
	);
	println!(
		"scale:   state {keys} keys / {:.1} MiB before, {keys_after} keys / {:.1} MiB after",
		bytes as f64 / (1024.0 * 1024.0),
		bytes_after as f64 / (1024.0 * 1024.0)
	);
	println!("scale:   wall time of the lease period (native): {period_secs:.2} s");

	// (name, weight, ref-time budget, proof budget), as shares of the block (issue 19).
	for (name, w, ref_budget, proof_budget) in [
		("leasing hook", worst.leasing, 5.0, 5.0),
		("restaking hook", worst.restaking, 5.0, 5.0),
		("slashing hook", worst.slashing, 5.0, 5.0),
		("keys hook", worst.keys, 5.0, 5.0),
		("largest call", worst_call, 10.0, 10.0),
	] {
		let (rt, pf) = pct(w);
		assert!(rt <= ref_budget, "{name}: {rt:.3}% of the block's ref time > {ref_budget}%");
		assert!(pf <= proof_budget, "{name}: {pf:.3}% of 5 MiB proof > {proof_budget}%");
	}
	assert!(sweep_blocks <= LEASE_PERIOD, "the sweep overran its period");
	assert_eq!(applied, ids.len() as u32, "every reported slash applied");
}
