//! Tests of the restaking pallet against real `pallet-staking` and `pallet-balances`.

mod asks;
mod migrations;
mod network_index;
mod network_rewards;
mod operators;
mod paging;
mod properties;
mod restakers;
mod rewards;
mod slashing;
mod slots;
