//! Property tests: random amounts, slash sequences, withdrawals and rewards; after every step the
//! invariants hold, and no funds are ever created.

use crate::{mock::*, types::Pool, Event, Pools, Restakers};
use frame_support::{assert_ok, traits::tokens::imbalance::Imbalance};
use sp_runtime::Perbill;
use ssp_primitives::{RestakingRewards, RestakingSlash};
use std::collections::BTreeMap;

/// A small seeded generator (xorshift64*), so failures reproduce.
struct Rng(u64);
impl Rng {
	fn next(&mut self) -> u64 {
		self.0 ^= self.0 >> 12;
		self.0 ^= self.0 << 25;
		self.0 ^= self.0 >> 27;
		self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
	}
	fn below(&mut self, n: u64) -> u64 {
		self.next() % n.max(1)
	}
}

#[test]
fn pool_math_rounds_in_the_protocols_favour() {
	let mut rng = Rng(0x5eed);
	for _ in 0..20_000 {
		let mut pool = Pool::<u128> {
			stake: 1 + rng.below(1 << 40) as u128,
			shares: 1 + rng.below(1 << 50) as u128,
			..Default::default()
		};
		let amount = rng.below(1 << 40) as u128;
		// A deposit never buys shares worth more than it paid.
		let shares = pool.shares_for_deposit(amount).unwrap();
		let before = pool.clone();
		pool.deposit(amount, shares).unwrap();
		assert!(pool.value_of(shares).unwrap() <= amount);
		// Existing shares never lose value from someone else's deposit.
		let probe = 1 + rng.below(before.shares as u64) as u128;
		assert!(pool.value_of(probe).unwrap() >= before.value_of(probe).unwrap());
		// Shares for a withdrawal are worth at least the amount asked.
		let want = rng.below(pool.stake as u64) as u128;
		let s = pool.shares_for_withdrawal(want, pool.shares).unwrap();
		if s < pool.shares {
			assert!(pool.value_of(s).unwrap() + 1 >= want);
		}
		// A slash below 100% never empties the pool (no zero share price).
		let f = Perbill::from_parts(rng.below(1_000_000_000) as u32);
		let amount = pool.slash_amount(pool.stake, f, false);
		assert!(amount < pool.stake);
	}
}

#[test]
fn tiny_pool_is_never_wiped_by_a_partial_slash() {
	let pool = Pool::<u128> { stake: 1, shares: 1_000_000, ..Default::default() };
	assert_eq!(pool.slash_amount(1, Perbill::from_percent(1), false), 0);
	assert_eq!(pool.slash_amount(1, Perbill::from_percent(99), false), 0);
	assert_eq!(pool.slash_amount(1, Perbill::one(), true), 1);
	let pool = Pool::<u128> { stake: 10, shares: 10, ..Default::default() };
	// 99.9% of 10 rounds up to 10, but leaves 1.
	assert_eq!(pool.slash_amount(10, Perbill::from_parts(999_000_000), false), 9);
}

/// Funds taken from each restaker (bonded + free), from the events.
fn taken() -> BTreeMap<AccountId, Balance> {
	let mut m = BTreeMap::new();
	for e in restaking_events() {
		if let Event::RestakerSlashed { restaker, bonded, free, missing, .. } = e {
			assert_eq!(missing, 0);
			*m.entry(restaker).or_default() += bonded + free;
		}
	}
	m
}

/// SSP debt the slash order gave up, from the events: the part left bonded for staking's own
/// slashes, and the debt a staking slash of the same stake reduced.
fn ceded_to_staking() -> Balance {
	restaking_events()
		.into_iter()
		.map(|e| match e {
			Event::RestakerSlashed { left_for_staking, .. } => left_for_staking,
			Event::ParentSlashApplied { debt_reduced, .. } => debt_reduced,
			_ => 0,
		})
		.sum()
}

fn run_random_sequence(seed: u64) -> [usize; 3] {
	let mut seen = [0usize; 3];
	ExtBuilder::default().build_and_execute(|| {
		let mut rng = Rng(seed);
		let ops = [OP, OP2];
		for op in ops {
			assert_ok!(Restaking::allocate(
				RuntimeOrigin::signed(op),
				1,
				Perbill::from_percent(100)
			));
			assert_ok!(Restaking::allocate(
				RuntimeOrigin::signed(op),
				2,
				Perbill::from_percent(70)
			));
		}
		roll_to(6);
		let who_set: Vec<AccountId> = (20..30).collect();
		let mut deposited: BTreeMap<AccountId, Balance> = BTreeMap::new();
		let mut block = 6;
		let mut book_slashed: Balance = 0;
		let mut parent_slashed: BTreeMap<AccountId, Balance> = BTreeMap::new();
		let mut era = 1;
		for _ in 0..120 {
			let who = who_set[rng.below(who_set.len() as u64) as usize];
			match rng.below(10) {
				0 | 1 => {
					let amount = 10 + rng.below(300) as u128;
					let op = Restakers::<Test>::get(who)
						.map(|r| r.operator)
						.unwrap_or(ops[rng.below(2) as usize]);
					if Restaking::restake(RuntimeOrigin::signed(who), op, amount).is_ok() {
						*deposited.entry(who).or_default() += amount;
					}
				},
				2 => {
					let op = ops[rng.below(2) as usize];
					// Random fractions, biased to extremes (tiny and almost-total).
					let f = match rng.below(3) {
						0 => Perbill::from_parts(1 + rng.below(1_000) as u32),
						1 => Perbill::from_parts(999_000_000 + rng.below(1_000_000) as u32),
						_ => Perbill::from_parts(rng.below(1_000_000_000) as u32),
					};
					let network = 1 + rng.below(2) as u32;
					if let Ok(out) = Restaking::slash_operator(&op, network, f) {
						book_slashed += out.slashed;
						let pool = Pools::<Test>::get(op);
						assert!(pool.shares == 0 || pool.stake > 0, "share price rounded to zero");
					}
				},
				3 => {
					let amount = 1 + rng.below(400) as u128;
					let _ = Restaking::request_withdrawal(RuntimeOrigin::signed(who), amount);
				},
				4 => {
					let _ = Restaking::withdraw(RuntimeOrigin::signed(who));
				},
				5 => {
					let _ = Restaking::settle(RuntimeOrigin::signed(99), who);
					let op = ops[rng.below(2) as usize];
					let _ = Restaking::reward_operator(1, &op, &PAYER, rng.below(10_000) as u128);
					let _ = Restaking::claim_rewards(RuntimeOrigin::signed(who));
				},
				7 => {
					// A parent-chain slash of a random staker.
					let amount = 1 + rng.below(200) as u128;
					let mut credit = crate::CreditOf::<Test>::zero();
					if staked(who).total > 0 {
						pallet_staking::slashing::do_slash::<Test>(
							&who,
							amount,
							&mut 0,
							&mut credit,
							1,
						);
					}
					let burnt = credit.peek();
					drop(credit);
					BurntOutside::mutate(|b| *b += burnt);
					*parent_slashed.entry(who).or_default() += burnt;
				},
				8 => {
					// Unbond in staking, and sometimes let eras pass and withdraw.
					let _ = Staking::unbond(RuntimeOrigin::signed(who), rng.below(300) as u128);
					if rng.below(2) == 0 {
						era += 4;
						pallet_staking::CurrentEra::<Test>::put(era);
						let _ = Staking::withdraw_unbonded(RuntimeOrigin::signed(who), 0);
					}
				},
				_ => {
					block += 1 + rng.below(8);
					roll_to(block);
				},
			}
			crate::Pallet::<Test>::do_try_state().expect("invariants");
		}
		// Settle everyone, then check conservation per restaker.
		for who in who_set.iter() {
			let _ = Restaking::settle(RuntimeOrigin::signed(99), *who);
		}
		crate::Pallet::<Test>::do_try_state().expect("invariants");
		let taken = taken();
		let total_taken: Balance = taken.values().sum();
		assert_eq!(total_taken, SlashedToSink::get());
		for who in who_set.iter() {
			let t = taken.get(who).copied().unwrap_or_default();
			// No restaker lost more than it put in...
			assert!(t <= deposited.get(who).copied().unwrap_or_default());
			// ... and its account only lost what the events say was taken, or what staking
			// slashed (rewards only add).
			let parent = parent_slashed.get(who).copied().unwrap_or_default();
			assert!(total(*who) + t + parent >= ENDOWMENT);
			if let Some(r) = Restakers::<Test>::get(who) {
				assert!(r.committed + t <= deposited[who]);
			}
		}
		// Real funds taken cover the book slashes, minus at most one unit of rounding per
		// restaker per pool.
		let dust = who_set.len() as u128 * 2;
		let ceded = ceded_to_staking();
		assert!(
			total_taken + ceded + dust >= book_slashed,
			"taken {total_taken} + ceded {ceded} < slashed {book_slashed}"
		);
		for e in restaking_events() {
			match e {
				Event::RestakerSlashed { .. } => seen[0] += 1,
				Event::ParentSlashApplied { .. } => seen[1] += 1,
				Event::WithdrawalForced { .. } => seen[2] += 1,
				_ => {},
			}
		}
	});
	seen
}

#[test]
fn random_sequences_never_create_funds() {
	let mut seen = [0usize; 3];
	for seed in 1..=40u64 {
		let s = run_random_sequence(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
		for i in 0..3 {
			seen[i] += s[i];
		}
	}
	// The sequences did exercise settlement, parent-chain slashes and forced withdrawals.
	assert!(seen.iter().all(|n| *n > 10), "{seen:?}");
	println!("settlements, parent slashes, forced withdrawals: {seen:?}");
}
