//! Storage migrations.

use crate::{
	migrations::v1::{old, MigrateToV1, OldAllocation, OldOperator},
	mock::*,
	Operators, Pallet,
};
use frame_support::{
	assert_ok,
	traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion},
	BoundedVec,
};
use sp_runtime::{FixedU128, Perbill};

#[test]
fn v1_gives_allocations_a_zero_reward_checkpoint_and_splits_the_network_index() {
	ExtBuilder::default().build_and_execute(|| {
		// OP as version 0 stored it: opted into networks 1 and 2, one allocation pending.
		assert_ok!(Restaking::allocate(RuntimeOrigin::signed(OP), 1, Perbill::from_percent(40)));
		// Every operator as version 0 stored it.
		let now = Operators::<Test>::get(OP).expect("registered");
		let before: Vec<_> = Operators::<Test>::iter().collect();
		assert_eq!(before.len(), 2);
		for (op, info) in &before {
			let old = OldOperator::<Test> {
				commission: info.commission,
				metadata: info.metadata.clone(),
				allocations: BoundedVec::truncate_from(
					info.allocations
						.iter()
						.map(|a| OldAllocation {
							network: a.network,
							magnitude: a.magnitude,
							pending: a.pending,
							opting_out_until: a.opting_out_until,
							contributed: a.contributed,
							deposit: a.deposit,
						})
						.collect::<Vec<_>>(),
				),
			};
			old::Operators::<Test>::insert(op, old);
		}
		// The network index as version 0 stored it: one list per network.
		let index = [(1, vec![OP, OP2]), (2, vec![OP, OP2])];
		let _ = crate::NetworkOperators::<Test>::clear(u32::MAX, None);
		let _ = crate::NetworkOperatorCount::<Test>::clear(u32::MAX, None);
		for (network, ops) in index.iter() {
			old::NetworkOperators::<Test>::insert(network, BoundedVec::truncate_from(ops.clone()));
		}
		StorageVersion::new(0).put::<Pallet<Test>>();

		MigrateToV1::<Test>::on_runtime_upgrade();
		assert_eq!(Pallet::<Test>::on_chain_storage_version(), 1);
		let migrated = Operators::<Test>::get(OP).expect("kept");
		assert_eq!(migrated, now);
		assert_eq!(Operators::<Test>::iter().collect::<Vec<_>>().len(), 2);
		assert_eq!(migrated.allocations.len(), 2);
		assert!(migrated
			.allocations
			.iter()
			.all(|a| a.reward_checkpoint == FixedU128::from_u32(0)));
		assert_eq!(migrated.allocations[0].pending.map(|p| p.0), Some(Perbill::from_percent(40)));
		for (network, ops) in index.iter() {
			assert_eq!(network_operators(*network), (ops.clone(), 2));
		}
		// Run once: a second upgrade leaves the records alone.
		MigrateToV1::<Test>::on_runtime_upgrade();
		assert_eq!(Operators::<Test>::get(OP), Some(now));
	});
}

#[test]
fn v2_has_every_operator_refreshed_so_shared_stake_is_filled() {
	use crate::{migrations::v2::MigrateToV2, NetworkSharedStake, SharedContribution};
	ExtBuilder::default().build_and_execute(|| {
		// OP secures networks 1 and 2: its stake on both is shared.
		assert_ok!(Restaking::allocate(RuntimeOrigin::signed(OP), 1, Perbill::from_percent(40)));
		assert_ok!(Restaking::allocate(RuntimeOrigin::signed(OP), 2, Perbill::from_percent(40)));
		assert_ok!(Restaking::restake(RuntimeOrigin::signed(1), OP, 1_000));
		roll_to(10);
		let shared = NetworkSharedStake::<Test>::get(1);
		assert_eq!(shared, 400);
		// A chain upgraded from version 1 has no shared-stake records.
		let _ = SharedContribution::<Test>::clear(u32::MAX, None);
		let _ = NetworkSharedStake::<Test>::clear(u32::MAX, None);
		StorageVersion::new(1).put::<Pallet<Test>>();
		#[cfg(feature = "try-runtime")]
		let state = MigrateToV2::<Test>::pre_upgrade().unwrap();
		MigrateToV2::<Test>::on_runtime_upgrade();
		#[cfg(feature = "try-runtime")]
		assert_ok!(MigrateToV2::<Test>::post_upgrade(state));
		assert_eq!(Pallet::<Test>::on_chain_storage_version(), 2);
		// The refresh hook fills them in.
		roll_to(11);
		assert_eq!(NetworkSharedStake::<Test>::get(1), shared);
	});
}
